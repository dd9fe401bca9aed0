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
  fs::path in = fs::absolute(html_path, ec);
  if (ec || !fs::is_regular_file(in)) return Status::NotFound("no such file: " + html_path);
  fs::path out = fs::absolute(pdf_path, ec);
  std::string tmpl = (fs::temp_directory_path(ec) / "barometer-chromium-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) return Status::Io("cannot create a temporary directory");
  fs::path profile(tmpl);
  fs::remove(out, ec);
  std::vector<std::string> argv = {options.chromium,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--disable-quic",
                                   "--no-first-run",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--disable-dev-shm-usage",
                                   "--disable-extensions",
                                   "--user-data-dir=" + (profile / "profile").string(),
                                   "--no-pdf-header-footer",
                                   "--print-to-pdf=" + out.string(),
                                   "file://" + in.string()};
  std::string log = (profile / "chromium.log").string();
  int rc = Run(argv, log, options.timeout_seconds);
  std::string tail = Tail(log, 600);
  fs::remove_all(profile, ec);
  if (rc != 0 || !fs::exists(out) || fs::file_size(out, ec) == 0) {
    return Status::Io(
        "Chromium could not print " + html_path + " to " + pdf_path +
        (rc < 0 ? " (timed out or could not start)" : " (exit " + std::to_string(rc) + ")") +
        (tail.empty() ? "" : ": " + tail));
  }
  return Status::Ok();
}

}  // namespace barometer::report
