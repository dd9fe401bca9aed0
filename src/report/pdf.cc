#include "report/pdf.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "core/file.h"
#include "report/html.h"

namespace barometer::report {
namespace {

namespace fs = std::filesystem;

bool Executable(const std::string& p) { return ::access(p.c_str(), X_OK) == 0; }

// Runs argv with stdout and stderr sent to `log`; kills its whole process
// group after `timeout_seconds`. Returns the exit status, or -1 on timeout
// or when it could not start.
int Run(const std::vector<std::string>& argv, const std::string& log, int timeout_seconds) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    ::setpgid(0, 0);
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int null_in = ::open("/dev/null", O_RDONLY);
    if (fd >= 0) ::dup2(fd, 1), ::dup2(fd, 2);
    if (null_in >= 0) ::dup2(null_in, 0);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  int status = 0;
  for (;;) {
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    if (r < 0) return -1;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // The browser leaves helper processes in its group; end them with it.
  ::kill(-pid, SIGKILL);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string Slurp(const std::string& path, bool* ok) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  *ok = static_cast<bool>(in) || in.eof();
  return ss.str();
}

// The policy must open <head>, as RenderPage writes it, before anything that
// could carry text (a copy inside a comment or after the title would not do).
bool CarriesPolicy(const std::string& html) {
  size_t head = html.find("<head>");
  if (head == std::string::npos) return false;
  std::string expected =
      "<head>\n<meta charset=\"utf-8\">\n" + std::string(kContentSecurityPolicyMeta);
  return html.compare(head, expected.size(), expected) == 0;
}

std::string Tail(const std::string& path, size_t max_chars) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return s.size() > max_chars ? s.substr(s.size() - max_chars) : s;
}

}  // namespace

std::optional<std::string> FindChromium() {
  if (const char* env = std::getenv("BAROMETER_CHROMIUM"); env != nullptr && *env != '\0')
    return Executable(env) ? std::optional<std::string>(env) : std::nullopt;
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (Executable(p)) return std::string(p);
  return std::nullopt;
}

Status HtmlToPdf(const std::string& html_path, const std::string& pdf_path,
                 const PdfOptions& options) {
  std::error_code ec;
  if (options.chromium.empty() || !Executable(options.chromium))
    return Status::NotFound("no Chromium browser at '" + options.chromium +
                            "'; install Debian's `chromium` package (scripts/install-deps.sh)");
  if (!fs::is_regular_file(html_path, ec)) return Status::NotFound("no such file: " + html_path);
  bool read_ok = false;
  std::string html = Slurp(html_path, &read_ok);
  if (!read_ok) return Status::Io("cannot read " + html_path);
  // A page without barometer's Content-Security-Policy could run scripts or
  // pull other files into the PDF; only our own documents are printed.
  if (!CarriesPolicy(html))
    return Status::InvalidInput(html_path +
                                " does not carry barometer's Content-Security-Policy in its "
                                "<head>; refusing to print it");
  std::string tmpl = (fs::temp_directory_path(ec) / "barometer-chromium-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) return Status::Io("cannot create a temporary directory");
  fs::path profile(tmpl);
  // The browser sees a private copy in a directory of its own (mode 0700),
  // so relative links resolve to nothing, and prints into that directory.
  fs::path page = profile / "page.html";
  fs::path printed = profile / "page.pdf";
  {
    std::ofstream out(page, std::ios::binary);
    out << html;
    if (!out) {
      fs::remove_all(profile, ec);
      return Status::Io("cannot write a temporary copy of " + html_path);
    }
  }
  // JavaScript off for every page in the profile, whatever the page says (a
  // content setting: the --blink-settings switch would stop printing too).
  fs::create_directories(profile / "profile" / "Default", ec);
  {
    std::ofstream prefs(profile / "profile" / "Default" / "Preferences");
    prefs << R"({"profile":{"default_content_setting_values":{"javascript":2}}})";
    if (!prefs) {
      fs::remove_all(profile, ec);
      return Status::Io("cannot write the browser's private profile");
    }
  }
  std::vector<std::string> argv = {
      options.chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--disable-dev-shm-usage", "--disable-extensions", "--disable-remote-fonts",
      // No name resolves: nothing can be fetched.
      "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + (profile / "profile").string(),
      "--no-pdf-header-footer",
      // PDF bookmarks (the outline) from the page's headings.
      "--generate-pdf-document-outline", "--print-to-pdf=" + printed.string(),
      "file://" + page.string()};
  std::string log = (profile / "chromium.log").string();
  int rc = Run(argv, log, options.timeout_seconds);
  std::string tail = Tail(log, 600);
  Status result = Status::Ok();
  if (rc != 0 || !fs::exists(printed) || fs::file_size(printed, ec) == 0) {
    result = Status::Io(
        "Chromium could not print " + html_path + " to " + pdf_path +
        (rc < 0 ? " (timed out or could not start)" : " (exit " + std::to_string(rc) + ")") +
        (tail.empty() ? "" : ": " + tail));
  } else {
    result = InstallFile(printed.string(), pdf_path);
  }
  fs::remove_all(profile, ec);
  return result;
}

}  // namespace barometer::report
