// server/http.h — the HTTP layer behind a small interface, so the library
// under it (Debian's cpp-httplib 0.11.4 today, http_httplib.cc) can be
// replaced without touching the application. The application sees one
// handler for every request and the few things it may use: method, path,
// query and form fields, the session cookie, the peer address. It takes no
// identity or authority from any other request header (Debian's 0.11.4 has
// no fix for CVE-2025-66570, duplicate headers shadowing each other), and a
// request with more than one Cookie header is refused before it arrives.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace barometer::server {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path, without the query
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> form;  // application/x-www-form-urlencoded body
  bool duplicate_fields = false;            // a query or form field given twice
  std::map<std::string, std::string> cookies;
  std::string remote_addr;
  bool accepts_gzip = false;  // Accept-Encoding names gzip (not with q=0)
};

struct HttpResponse {
  HttpResponse() = default;
  HttpResponse(int s, std::string type, std::string b,
               std::vector<std::pair<std::string, std::string>> h = {})
      : status(s), content_type(std::move(type)), body(std::move(b)), headers(std::move(h)) {}

  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie, ...)
  // When set, sent instead of `body` without copying (a kept page).
  std::shared_ptr<const std::string> shared_body;
  std::string content_encoding;  // "gzip" when the body is compressed
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// Run-time limits (the library is compiled: its defaults cannot be changed at
// build time). docs/server.md gives the defaults and why.
struct HttpLimits {
  size_t max_body_bytes = 256 * 1024;  // larger bodies: 413, the connection closed
  int read_timeout_seconds = 10;       // a slow client is dropped after this
  int write_timeout_seconds = 10;
  int keep_alive_seconds = 5;
  int keep_alive_max_requests = 100;
  int threads = 8;  // worker threads (one connection each at a time)
  // Connections waiting to be accepted (the library's compiled 5 is raised
  // at run time; the kernel caps it at net.core.somaxconn).
  int listen_backlog = 1024;
};

class HttpServer {
 public:
  virtual ~HttpServer() = default;
  // Binds to host:port (port 0: any free port). Returns the port bound.
  virtual Result<int> Bind(const std::string& host, int port) = 0;
  // Serves until Stop(); returns when stopped.
  virtual Status Run() = 0;
  // Thread-safe; Run() returns soon after.
  virtual void Stop() = 0;
  // Blocks until Run() is accepting connections (tests: no sleeping).
  virtual void WaitUntilRunning() = 0;
};

std::unique_ptr<HttpServer> MakeHttpServer(const HttpLimits& limits, HttpHandler handler);

// Decodes %XX and '+' (form encoding); nullopt-free: bad escapes pass as is.
std::string UrlDecode(const std::string& s, bool plus_is_space);
// Parses "a=1&b=2"; sets *duplicate when a name repeats (the first is kept).
std::map<std::string, std::string> ParseUrlEncoded(const std::string& s, bool* duplicate);
// Encodes a form or query value.
std::string UrlEncode(const std::string& s);

// Whether an Accept-Encoding header value accepts gzip: the token `gzip` (or
// `*`) with no q=0. Compression is ours, not the HTTP library's (docs/server.md).
bool AcceptsGzip(const std::string& accept_encoding);

}  // namespace barometer::server
