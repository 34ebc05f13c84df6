#include "kbs/server.hpp"

#include <httplib.h>
#include <openssl/ssl.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <chrono>
#include <thread>

#include "kbs/api.hpp"

namespace cococtl::sim::kbs {

struct KbsServer::Impl {
  ServerOptions options;
  FaultInjector faults;
  mutable std::mutex state_mutex;
  std::shared_ptr<KbsState> current;
  std::unique_ptr<httplib::Server> server;
  std::thread thread;
  int port = 0;
  bool https = false;

  Impl(ServerOptions opts, std::shared_ptr<KbsState> state)
      : options(std::move(opts)), faults(options.faults), current(std::move(state)) {}

  std::shared_ptr<KbsState> state() const {
    std::lock_guard lock(state_mutex);
    return current;
  }
  void dispatch(const httplib::Request& req, httplib::Response& res);
  bool inject_fault(const httplib::Request& req, httplib::Response& res);
};

namespace {

// Picks the certificate per handshake from the current state, so rebuild() can change it.
int select_certificate(SSL* ssl, void* arg) {
  const auto state = static_cast<KbsServer::Impl*>(arg)->state();
  if (!state->https) return 0;
  const HttpsMaterial& m = *state->https;
  STACK_OF(X509)* chain = sk_X509_new_null();
  for (std::size_t i = 1; i < m.chain.size(); ++i) sk_X509_push(chain, m.chain[i].native());
  const bool ok = SSL_use_certificate(ssl, m.chain.front().native()) == 1 &&
                  SSL_use_PrivateKey(ssl, m.key.native()) == 1 && SSL_set1_chain(ssl, chain) == 1;
  sk_X509_free(chain);
  return ok ? 1 : 0;
}

void drop_connection(const httplib::Request& req) {
  const int fd = req.ssl != nullptr ? SSL_get_fd(req.ssl) : -1;
  if (fd < 0) return;
  const linger hard{1, 0};  // close with RST, as a crashed router would
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  ::shutdown(fd, SHUT_RDWR);
}

ApiRequest api_request(const httplib::Request& req) {
  ApiRequest out{
      req.method, req.path, {}, req.body, req.get_header_value("Authorization"), req.get_header_value("Cookie")};
  for (const auto& [key, value] : req.params) out.query[key] = value;
  return out;
}

}  // namespace

bool KbsServer::Impl::inject_fault(const httplib::Request& req, httplib::Response& res) {
  switch (faults.next()) {
    case Fault::none:
      return false;
    case Fault::slow:
      std::this_thread::sleep_for(std::chrono::milliseconds(faults.slow_ms()));
      return false;
    case Fault::internal_error:
      res.status = 500;
      res.set_content("simulated fault: internal server error\n", "text/plain");
      return true;
    case Fault::unavailable:
      res.status = 503;
      res.set_header("Retry-After", "1");
      res.set_content("simulated fault: the application is currently not serving requests\n", "text/plain");
      return true;
    case Fault::reset:
      if (req.ssl == nullptr) {  // plain HTTP: no socket to reset, answer 503 instead
        res.status = 503;
        return true;
      }
      drop_connection(req);
      res.status = 500;
      res.set_content_provider(1, "text/plain", [](size_t, size_t, httplib::DataSink&) { return false; });
      return true;
  }
  return false;
}

void KbsServer::Impl::dispatch(const httplib::Request& req, httplib::Response& res) {
  if (inject_fault(req, res)) {
    spdlog::debug("{} {} -> injected {}", req.method, req.path, res.status);
    return;
  }
  const auto state_now = state();
  ApiResponse out = handle_request(*state_now, api_request(req));
  res.status = out.status;
  if (!out.set_cookie.empty()) res.set_header("Set-Cookie", out.set_cookie);
  if (!out.body.empty() || !out.content_type.empty()) res.set_content(out.body, out.content_type.c_str());
  spdlog::debug("{} {} -> {}", req.method, req.path, res.status);
}

KbsServer::KbsServer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

util::Result<std::unique_ptr<KbsServer>> KbsServer::start(const KbsConfigInputs& inputs, ServerOptions options) {
  COCO_TRY_ASSIGN(auto state, KbsState::build(inputs, options.protocol_version));
  auto impl = std::make_unique<Impl>(std::move(options), state);
  Impl& self = *impl;
  self.https = state->https.has_value();
  if (self.https) {
    self.server = std::make_unique<httplib::SSLServer>([&self](SSL_CTX& ctx) {
      SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION);
      SSL_CTX_set_cert_cb(&ctx, select_certificate, &self);
      return true;
    });
  } else {
    self.server = std::make_unique<httplib::Server>();
  }
  auto handler = [&self](const httplib::Request& req, httplib::Response& res) { self.dispatch(req, res); };
  self.server->Get(".*", handler).Post(".*", handler).Put(".*", handler).Delete(".*", handler);
  self.server->new_task_queue = [] { return new httplib::ThreadPool(16); };
  self.server->set_tcp_nodelay(true);
  self.server->set_keep_alive_timeout(2);
  self.server->set_payload_max_length(state->settings.payload_limit);
  if (!self.server->is_valid()) return util::failure("cannot set up the TLS context");
  self.port = self.options.port == 0
                  ? self.server->bind_to_any_port(self.options.listen_host)
                  : (self.server->bind_to_port(self.options.listen_host, self.options.port) ? self.options.port : -1);
  if (self.port < 0)
    return util::failure("cannot listen on " + self.options.listen_host + ":" + std::to_string(self.options.port));
  self.thread = std::thread([&self] { self.server->listen_after_bind(); });
  // stop() only works once the accept loop runs; it starts within microseconds.
  for (int i = 0; i < 5000 && !self.server->is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return std::unique_ptr<KbsServer>(new KbsServer(std::move(impl)));
}

KbsServer::~KbsServer() { stop(); }

int KbsServer::port() const { return m_impl->port; }
bool KbsServer::https() const { return m_impl->https; }
std::shared_ptr<KbsState> KbsServer::state() const { return m_impl->state(); }

util::Result<void> KbsServer::rebuild(const KbsConfigInputs& inputs) {
  COCO_TRY_ASSIGN(auto state, KbsState::build(inputs, m_impl->options.protocol_version));
  if (state->https.has_value() != m_impl->https) {
    return util::invalid_input("kbs-config.toml: insecure_http cannot change while the KBS runs");
  }
  std::lock_guard lock(m_impl->state_mutex);
  m_impl->current = std::move(state);
  spdlog::info("KBS rebuilt from new inputs");
  return {};
}

void KbsServer::stop() {
  if (!m_impl || !m_impl->thread.joinable()) return;
  m_impl->server->stop();
  m_impl->thread.join();
}

}  // namespace cococtl::sim::kbs
