// server/server.cc — starting and stopping the web application (server.h).
#include "server/server.h"

#include <charconv>
#include <thread>

#include "server/internal/app.h"

namespace barometer::server {

struct ServerThread {
  std::thread thread;
  Status result;
};

Result<std::pair<std::string, int>> ParseListen(std::string_view text) {
  std::string host;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return Status::InvalidInput("--listen `" + std::string(text) +
                                  "`: expected [IPv6 address]:port, e.g. [::1]:8080");
    }
    host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      return Status::InvalidInput("--listen `" + std::string(text) +
                                  "`: expected address:port, e.g. 127.0.0.1:8080");
    }
    host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
  }
  if (host.empty()) host = "127.0.0.1";
  int port = -1;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535) {
    return Status::InvalidInput("--listen `" + std::string(text) + "`: the port `" +
                                std::string(port_text) + "` is not a number from 0 to 65535");
  }
  return std::make_pair(host, port);
}

Result<std::unique_ptr<Server>> Server::Start(strategy::Strategy strategy, measures::Store store,
                                              ServerOptions options) {
  if (Status s = InitCrypto(); !s.ok()) return s;
  if (store.schema_version() < 3) {
    return Status::Corrupt("the store " + store.path() + " has no accounts tables");
  }
  std::unique_ptr<Server> server(new Server());
  const std::string host = options.host;
  const int port = options.port;
  const HttpLimits limits = options.limits;
  server->app_ = std::make_unique<App>(std::move(strategy), std::move(store), std::move(options));
  App* app = server->app_.get();
  server->http_ = MakeHttpServer(limits, [app](const HttpRequest& r) { return app->Handle(r); });
  auto bound = server->http_->Bind(host, port);
  if (!bound.ok()) return bound.status();
  server->port_ = *bound;
  server->thread_ = std::make_unique<ServerThread>();
  ServerThread* t = server->thread_.get();
  HttpServer* http = server->http_.get();
  t->thread = std::thread([t, http] { t->result = http->Run(); });
  http->WaitUntilRunning();
  return server;
}

void Server::Wait() {
  if (thread_ && thread_->thread.joinable()) thread_->thread.join();
}

void Server::Stop() {
  if (http_) http_->Stop();
}

Server::~Server() {
  Stop();
  Wait();
}

}  // namespace barometer::server
