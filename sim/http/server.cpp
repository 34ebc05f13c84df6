#include "sim/http/server.hpp"

#include "sim/http/http_context.hpp"

#include <fmt/format.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <spdlog/spdlog.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <thread>

namespace cococtl::sim {
namespace {

// Debian's compiled cpp-httplib listens with a backlog of 5: a client opening 16 connections
// at once (cococtl apply) loses SYNs and waits 1 s to retransmit. kube-apiserver listens with
// the kernel's maximum, so the listening socket on `port` is given that (Linux lets listen()
// be called again to change it).
void widen_listen_backlog(int port) {
  for (int fd = 3; fd < 1024; ++fd) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    int listening = 0;
    socklen_t flag_length = sizeof listening;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) continue;
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &flag_length) != 0 || !listening) continue;
    const auto* in = reinterpret_cast<const sockaddr_in*>(&address);  // port at the same offset for IPv6
    if (ntohs(in->sin_port) == port && ::listen(fd, SOMAXCONN) == 0) return;
  }
  spdlog::warn("could not widen the listen backlog of port {}", port);
}

}  // namespace

bool configure_tls(SSL_CTX& ctx, const TlsMaterial& tls);  // tls_context.cpp
Identity certificate_identity(const httplib::Request& req);  // tls_context.cpp

struct ClusterServer::Impl {
  Impl(Api& api, const TokenAuthenticator& tokens, ServerOptions opts)
      : options(std::move(opts)), ctx{api, Authorizer(api.store()), tokens, options, {}, {}}, faults(options.faults) {}

  void dispatch(const httplib::Request& req, httplib::Response& res);
  bool inject_fault(const httplib::Request& req, httplib::Response& res);
  Identity authenticate(const httplib::Request& req) const;

  ServerOptions options;
  ServerContext ctx;
  FaultInjector faults;
  std::unique_ptr<httplib::Server> server;
  bool tls_ok = true;
};

namespace {

bool public_path(const std::string& path) {
  return path == "/version" || path == "/healthz" || path == "/readyz" || path == "/livez";
}

void drop_connection(const httplib::Request& req) {
  if (req.ssl == nullptr) return;
  const int fd = SSL_get_fd(req.ssl);
  if (fd < 0) return;
  const linger hard{1, 0};  // close with RST, as a crashed proxy would
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  ::shutdown(fd, SHUT_RDWR);
}

}  // namespace

bool ClusterServer::Impl::inject_fault(const httplib::Request& req, httplib::Response& res) {
  switch (faults.next()) {
    case Fault::none: return false;
    case Fault::slow:
      std::this_thread::sleep_for(std::chrono::milliseconds(faults.slow_ms()));
      return false;
    case Fault::too_many_requests:
      res.status = 429;
      res.set_header("Retry-After", "1");
      res.set_content("Too many requests, please try again later.\n", "text/plain");
      return true;
    case Fault::internal_error:
      send_error(res, internal_error("simulated fault: internal error"));
      return true;
    case Fault::unavailable: {
      ApiError error{503, "ServiceUnavailable", "simulated fault: the server is currently unable to handle the request"};
      error.retry_after_seconds = 1;
      send_error(res, error);
      return true;
    }
    case Fault::reset:
      drop_connection(req);
      res.status = 500;
      res.set_content_provider(1, "text/plain", [](size_t, size_t, httplib::DataSink&) { return false; });
      return true;
  }
  return false;
}

Identity ClusterServer::Impl::authenticate(const httplib::Request& req) const {
  const std::string authorization = req.get_header_value("Authorization");
  if (authorization.rfind("Bearer ", 0) == 0) return ctx.tokens.authenticate(authorization.substr(7));
  if (req.ssl != nullptr) {
    Identity from_cert = certificate_identity(req);
    if (from_cert.authenticated) return from_cert;
  }
  if (options.anonymous_is_admin) return {"sim-admin", {"system:masters", "system:authenticated"}, true};
  return {"system:anonymous", {"system:unauthenticated"}, false};
}

void ClusterServer::Impl::dispatch(const httplib::Request& req, httplib::Response& res) {
  const auto started = std::chrono::steady_clock::now();
  if (options.latency_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(options.latency_ms));
  if (inject_fault(req, res)) {
    spdlog::debug("{} {} -> injected {}", req.method, req.path, res.status);
    return;
  }
  if (ctx.stopping) {  // nothing may change after the final state is saved
    res.set_header("Connection", "close");
    send_error(res, ApiError{503, "ServiceUnavailable", "the server is shutting down"});
    return;
  }
  Call call{req, res, authenticate(req)};
  if (!call.who.authenticated && !public_path(req.path)) {
    send_error(res, unauthorized());
  } else if (!handle_meta(ctx, call) && !handle_service_proxy(ctx, call)) {
    handle_resource(ctx, call);
  }
  const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
  std::string query;
  for (const auto& [key, value] : req.params) query += (query.empty() ? "?" : "&") + key + "=" + value;
  spdlog::debug("{} {}{} user={} -> {} ({} us)", req.method, req.path, query, call.who.user, res.status,
                elapsed.count());
}

ClusterServer::ClusterServer(Api& api, const TokenAuthenticator& tokens, ServerOptions options)
    : m_impl(std::make_unique<Impl>(api, tokens, std::move(options))) {
  Impl& impl = *m_impl;
  if (impl.options.tls) {
    const TlsMaterial material = *impl.options.tls;
    impl.server = std::make_unique<httplib::SSLServer>([&impl, material](SSL_CTX& ssl_ctx) {
      impl.tls_ok = configure_tls(ssl_ctx, material);
      return impl.tls_ok;
    });
  } else {
    impl.server = std::make_unique<httplib::Server>();
  }
  auto handler = [&impl](const httplib::Request& req, httplib::Response& res) { impl.dispatch(req, res); };
  impl.server->Get(".*", handler).Post(".*", handler).Put(".*", handler).Patch(".*", handler).Delete(".*", handler);
  impl.server->set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    spdlog::error("{} {}: {}", req.method, req.path, what);
    send_error(res, internal_error("simulator bug: " + what));
  });
  impl.server->new_task_queue = [] { return new httplib::ThreadPool(128); };  // one per connection or watch
  impl.server->set_tcp_nodelay(true);  // no 40 ms Nagle stalls between headers and body
  impl.server->set_keep_alive_max_count(10000);
  impl.server->set_keep_alive_timeout(30);
  impl.server->set_read_timeout(60);
  impl.server->set_write_timeout(60);
  impl.server->set_payload_max_length(32 * 1024 * 1024);
}

ClusterServer::~ClusterServer() { stop(); }

util::Result<int> ClusterServer::bind() {
  if (!m_impl->tls_ok || !m_impl->server->is_valid()) return util::failure("TLS setup failed (certificate or key)");
  const int port = m_impl->options.port == 0 ? m_impl->server->bind_to_any_port(m_impl->options.host)
                                             : (m_impl->server->bind_to_port(m_impl->options.host, m_impl->options.port)
                                                    ? m_impl->options.port : -1);
  if (port < 0) return util::failure(fmt::format("cannot listen on {}:{}", m_impl->options.host, m_impl->options.port));
  m_impl->ctx.server_address = fmt::format("{}:{}", m_impl->options.host, port);
  widen_listen_backlog(port);
  return port;
}

void ClusterServer::serve() { m_impl->server->listen_after_bind(); }

void ClusterServer::stop() {
  if (!m_impl || !m_impl->server) return;
  m_impl->ctx.stopping = true;
  m_impl->ctx.api.store().wake_all();
  m_impl->server->stop();
}

}  // namespace cococtl::sim
