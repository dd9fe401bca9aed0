// server/http_httplib.cc — HttpServer over Debian's cpp-httplib (0.11.4, a
// compiled library): limits set at run time, one handler for every path,
// requests with duplicate Cookie headers or cookie names refused.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <thread>

#include <sys/socket.h>

#include <httplib.h>

#include "server/http.h"

namespace barometer::server {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// Cookies from the one Cookie header; false when a name repeats.
bool ParseCookies(const std::string& header, std::map<std::string, std::string>* out) {
  size_t i = 0;
  while (i <= header.size()) {
    size_t j = header.find(';', i);
    if (j == std::string::npos) j = header.size();
    std::string part = Trim(header.substr(i, j - i));
    if (!part.empty()) {
      size_t eq = part.find('=');
      std::string name = Trim(part.substr(0, eq));
      std::string value = eq == std::string::npos ? "" : Trim(part.substr(eq + 1));
      if (!out->emplace(name, value).second) return false;
    }
    i = j + 1;
  }
  return true;
}

class HttplibServer : public HttpServer {
 public:
  HttplibServer(const HttpLimits& limits, HttpHandler handler)
      : limits_(limits), handler_(std::move(handler)) {
    server_.set_payload_max_length(limits.max_body_bytes);
    server_.set_read_timeout(limits.read_timeout_seconds, 0);
    server_.set_write_timeout(limits.write_timeout_seconds, 0);
    server_.set_keep_alive_timeout(limits.keep_alive_seconds);
    server_.set_keep_alive_max_count(static_cast<size_t>(limits.keep_alive_max_requests));
    // No Nagle: a response goes out as headers then body, two writes; with
    // Nagle's algorithm the body waits for the client's (delayed, 40 ms)
    // acknowledgement of the headers, and every response took 40 ms more.
    server_.set_tcp_nodelay(true);
    const size_t threads = static_cast<size_t>(limits.threads < 1 ? 1 : limits.threads);
    server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // The listening socket: SO_REUSEADDR (a restart binds at once) rather
    // than the library's SO_REUSEPORT (which would let another process of the
    // same user bind the port too and take connections), and its descriptor
    // noted so that Bind() can set the backlog.
    server_.set_socket_options([this](int sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
      listen_fd_ = sock;
    });
    auto serve = [this](const httplib::Request& req, httplib::Response& res) { Serve(req, res); };
    server_.Get(".*", serve);
    server_.Post(".*", serve);
    auto refuse = [](const httplib::Request&, httplib::Response& res) {
      res.status = 405;
      res.set_header("Allow", "GET, POST");
      res.set_content("method not allowed\n", "text/plain; charset=utf-8");
    };
    server_.Put(".*", refuse);
    server_.Delete(".*", refuse);
    server_.Patch(".*", refuse);
    server_.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
          res.status = 500;
          res.set_content("internal error\n", "text/plain; charset=utf-8");
        });
  }

  Result<int> Bind(const std::string& host, int port) override {
    int bound =
        port == 0 ? server_.bind_to_any_port(host) : (server_.bind_to_port(host, port) ? port : -1);
    if (bound <= 0) {
      return Status::Io("cannot listen on " + host + ":" + std::to_string(port) +
                        " (in use, or not an address of this machine)");
    }
    // Debian's build listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG,
    // compiled in): with many clients (re)connecting at once the kernel drops
    // their handshakes and each waits a second or more to retry. Listening
    // again on the bound socket sets the backlog (Linux, POSIX); the kernel
    // caps it at net.core.somaxconn.
    int accepting = 0;
    socklen_t len = sizeof accepting;
    if (listen_fd_ >= 0 &&
        getsockopt(listen_fd_, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &len) == 0 && accepting) {
      ::listen(listen_fd_, limits_.listen_backlog);
    }
    return bound;
  }

  Status Run() override {
    if (stopped_) return Status::Ok();
    if (!server_.listen_after_bind() && !stopped_) return Status::Io("the server stopped");
    return Status::Ok();
  }

  void Stop() override {
    stopped_ = true;
    server_.stop();
  }

  void WaitUntilRunning() override {
    while (!server_.is_running() && !stopped_) std::this_thread::yield();
  }

 private:
  void Serve(const httplib::Request& req, httplib::Response& res) {
    HttpRequest r;
    r.method = req.method;
    r.remote_addr = req.remote_addr;
    std::string target = req.target.empty() ? req.path : req.target;
    size_t q = target.find('?');
    r.path = UrlDecode(target.substr(0, q), false);
    if (q != std::string::npos)
      r.query = ParseUrlEncoded(target.substr(q + 1), &r.duplicate_fields);
    if (req.method == "POST") {
      const std::string type = req.get_header_value("Content-Type");
      if (type.rfind("application/x-www-form-urlencoded", 0) == 0) {
        r.form = ParseUrlEncoded(req.body, &r.duplicate_fields);
      }
    }
    if (req.get_header_value_count("Cookie") > 1 ||
        !ParseCookies(req.get_header_value("Cookie"), &r.cookies)) {
      res.status = 400;
      res.set_content("more than one Cookie header, or a cookie given twice\n",
                      "text/plain; charset=utf-8");
      return;
    }
    r.accepts_gzip = AcceptsGzip(req.get_header_value("Accept-Encoding"));
    HttpResponse out = handler_(r);
    res.status = out.status;
    for (const auto& [name, value] : out.headers) res.set_header(name.c_str(), value);
    res.set_header("Vary", "Accept-Encoding");
    if (!out.content_encoding.empty()) res.set_header("Content-Encoding", out.content_encoding);
    // Sent through a content provider of known length: the library then
    // neither copies the body nor compresses it again (Debian's build would
    // otherwise answer `br` at Brotli's slowest quality, 0.8 s for an 800 kB
    // page); the application compresses, and keeps compressed pages.
    auto body = out.shared_body ? out.shared_body
                                : std::make_shared<const std::string>(std::move(out.body));
    if (body->empty()) {
      res.set_content("", out.content_type.c_str());
      return;
    }
    res.set_content_provider(body->size(), out.content_type,
                             [body](size_t offset, size_t length, httplib::DataSink& sink) {
                               if (offset >= body->size()) return false;
                               return sink.write(body->data() + offset,
                                                 std::min(length, body->size() - offset));
                             });
  }

  httplib::Server server_;
  HttpLimits limits_;
  HttpHandler handler_;
  int listen_fd_ = -1;
  std::atomic<bool> stopped_{false};
};

}  // namespace

std::unique_ptr<HttpServer> MakeHttpServer(const HttpLimits& limits, HttpHandler handler) {
  return std::make_unique<HttplibServer>(limits, std::move(handler));
}

std::string UrlDecode(const std::string& s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = HexValue(s[i + 1]);
      int lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && s[i] == '+' ? ' ' : s[i]);
  }
  return out;
}

std::map<std::string, std::string> ParseUrlEncoded(const std::string& s, bool* duplicate) {
  std::map<std::string, std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find('&', i);
    if (j == std::string::npos) j = s.size();
    std::string part = s.substr(i, j - i);
    if (!part.empty()) {
      size_t eq = part.find('=');
      std::string name = UrlDecode(part.substr(0, eq), true);
      std::string value = eq == std::string::npos ? "" : UrlDecode(part.substr(eq + 1), true);
      if (!out.emplace(name, value).second && duplicate != nullptr) *duplicate = true;
    }
    i = j + 1;
  }
  return out;
}

std::string UrlEncode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

bool AcceptsGzip(const std::string& accept_encoding) {
  size_t i = 0;
  while (i <= accept_encoding.size()) {
    size_t end = std::min(accept_encoding.find(',', i), accept_encoding.size());
    std::string item = accept_encoding.substr(i, end - i);
    i = end + 1;
    std::string name = item.substr(0, item.find(';'));
    std::string lower;
    for (char c : name) {
      if (!std::isspace(static_cast<unsigned char>(c)))
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    if (lower != "gzip" && lower != "x-gzip" && lower != "*") continue;
    // A weight of zero ("q=0", "q=0.000") refuses it.
    size_t q = item.find("q=", name.size());
    if (q == std::string::npos) return true;
    std::string w = item.substr(q + 2);
    while (!w.empty() && std::isspace(static_cast<unsigned char>(w.back()))) w.pop_back();
    if (w.find_first_not_of("0.") != std::string::npos) return true;
  }
  return false;
}

}  // namespace barometer::server
