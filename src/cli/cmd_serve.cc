// `barometer serve`: the web application (docs/server.md). Loads the
// strategy and opens the store exactly as the other commands do (same
// messages, same exit codes), then serves until stopped.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/measures_common.h"
#include "measures/store.h"
#include "report/pdf.h"
#include "server/server.h"

namespace barometer::cli {
namespace {

struct ServeArgs {
  std::string strategy;
  std::string db = measures::kDefaultStorePath;
  std::string listen = "127.0.0.1:8080";
  int threads = 8;
  size_t max_body = 256 * 1024;
  int timeout = 10;
  std::string today;
  std::string data_note;
  bool no_pdf = false;
};

int RunServe(const ServeArgs& a) {
  const char* cmd = "serve";
  auto listen = server::ParseListen(a.listen);
  if (!listen.ok()) {
    std::fprintf(stderr, "barometer serve: %s\n", listen.status().message().c_str());
    return kExitUsage;
  }
  server::ServerOptions o;
  o.host = listen->first;
  o.port = listen->second;
  o.limits.threads = a.threads;
  o.limits.max_body_bytes = a.max_body;
  o.limits.read_timeout_seconds = a.timeout;
  o.limits.write_timeout_seconds = a.timeout;
  o.data_note = a.data_note;
  if (!a.no_pdf) o.chromium = report::FindChromium().value_or("");
  if (!a.today.empty()) {
    o.today = Date::Parse(a.today);
    if (!o.today) {
      std::fprintf(stderr, "barometer serve: --today `%s` is not a date (YYYY-MM-DD)\n",
                   a.today.c_str());
      return kExitUsage;
    }
  }
  int rc = kExitOk;
  std::optional<strategy::Strategy> s = LoadStrategy(cmd, a.strategy, &rc);
  if (!s) return rc;
  auto store = measures::Store::Open(a.db, measures::Store::kMustExist);
  if (!store.ok()) {
    PrintError(cmd, store.status());
    return ExitCodeFor(store.status());
  }
  auto server = server::Server::Start(std::move(*s), std::move(*store), o);
  if (!server.ok()) {
    PrintError(cmd, server.status());
    return ExitCodeFor(server.status());
  }
  const bool loopback = o.host == "127.0.0.1" || o.host == "::1" || o.host == "localhost";
  std::fprintf(stderr, "barometer serve: listening on http://%s:%d/ (Ctrl-C to stop)\n",
               o.host.c_str(), (*server)->port());
  // After the listening line (scripts read the address from the first line).
  if (!a.no_pdf && o.chromium.empty()) {
    std::fprintf(stderr,
                 "barometer serve: no chromium found: the Board pack will be HTML only "
                 "(scripts/install-deps.sh, or BAROMETER_CHROMIUM=/path/to/chromium)\n");
  }
  if (!loopback) {
    std::fprintf(stderr,
                 "barometer serve: warning: %s is not a loopback address; serve through a TLS "
                 "proxy (docs/deployment.md): session cookies are marked Secure\n",
                 o.host.c_str());
  }
  (*server)->Wait();
  return kExitOk;
}

}  // namespace

void RegisterServeCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<ServeArgs>();
  auto* sub = app.add_subcommand(
      "serve",
      "The web application: owners submit their updates, committees review them, analysts "
      "lock the period, everyone reads the Making Data Count pages and JSON (docs/server.md). "
      "Accounts: `barometer users`. Binds to loopback; put nginx in front for TLS "
      "(docs/deployment.md)");
  sub->add_option("--strategy", args->strategy, "The strategy file")->required();
  sub->add_option("--db", args->db, "The measure store (SQLite; must exist)")
      ->capture_default_str();
  sub->add_option("--listen", args->listen, "address:port to listen on")->capture_default_str();
  sub->add_option("--threads", args->threads, "Worker threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  sub->add_option("--max-body", args->max_body, "Largest request body in bytes (larger: 413)")
      ->check(CLI::Range(1024, 64 * 1024 * 1024))
      ->capture_default_str();
  sub->add_option("--timeout", args->timeout, "Read and write timeout in seconds")
      ->check(CLI::Range(1, 600))
      ->capture_default_str();
  sub->add_option("--today", args->today, "The evaluation's date (default: today)");
  sub->add_option("--data-note", args->data_note,
                  "A line under every title, e.g. \"Synthetic data for demonstration\"");
  sub->add_flag("--no-pdf", args->no_pdf,
                "Make the Board pack as HTML only (no headless Chromium for its PDFs)");
  sub->footer(kExitCodeHelp);
  sub->callback([args, exit_code] { *exit_code = RunServe(*args); });
}

}  // namespace barometer::cli
