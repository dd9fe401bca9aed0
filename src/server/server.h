// server/server.h — the web application (`barometer serve`, docs/server.md):
// owners submit their updates, committees review them, analysts lock the
// period, everyone reads the record as Making Data Count pages and JSON
// (docs/api.md). Every page and answer is rendered from the period record
// (measures/record.h); access is decided in one place (server/access.h);
// every login, change, lock and download is in the audit log (server/audit.h).
//
//   auto server = Server::Start(std::move(strategy), std::move(*store), options);
//   if (!server.ok()) return server.status();   // e.g. the address is in use
//   (*server)->Wait();                          // until Stop() (another thread)
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/date.h"
#include "core/status.h"
#include "measures/store.h"
#include "server/http.h"
#include "strategy/strategy.h"

namespace barometer::server {

struct ServerOptions {
  std::string host = "127.0.0.1";  // loopback: put nginx in front (docs/deployment.md)
  int port = 8080;                 // 0: any free port (tests)
  HttpLimits limits;
  int64_t session_seconds = 8 * 3600;
  int login_failures_allowed = 5;  // per user name (x5 per address) in the window
  int64_t login_window_seconds = 15 * 60;
  // Seconds since 1970; the system clock when empty (tests set their own).
  std::function<int64_t()> clock;
  std::optional<Date> today;  // the evaluation's `today` (default: the clock's date)
  std::string data_note;      // shown under every title, e.g. "Synthetic data"
  // The headless Chromium that prints the Board pack's PDFs (report/pdf.h);
  // empty: the pack is HTML only.
  std::string chromium;
};

// "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:80" -> host and port.
Result<std::pair<std::string, int>> ParseListen(std::string_view text);

class App;

class Server {
 public:
  // Checks the store holds the accounts tables, binds, and starts serving on
  // a thread of its own. Errors: kIo (cannot bind), kCorrupt (store).
  static Result<std::unique_ptr<Server>> Start(strategy::Strategy strategy, measures::Store store,
                                               ServerOptions options);
  ~Server();  // stops and joins
  int port() const { return port_; }
  void Wait();  // until stopped
  void Stop();

  // The application without HTTP (tests render pages directly).
  App& app() { return *app_; }

 private:
  Server() = default;
  std::unique_ptr<App> app_;
  std::unique_ptr<HttpServer> http_;
  std::unique_ptr<struct ServerThread> thread_;
  int port_ = 0;
};

}  // namespace barometer::server
