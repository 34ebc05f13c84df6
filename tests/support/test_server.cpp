#include "support/test_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace cococtl::test {

TestServer::TestServer(const Routes& routes) : m_server(std::make_unique<httplib::Server>()) { start(routes); }

TestServer::TestServer(const Routes& routes, const ServerTls& tls)
    : m_server(std::make_unique<httplib::SSLServer>(tls.cert_file.c_str(), tls.key_file.c_str(),
                                                    tls.client_ca_file.empty() ? nullptr : tls.client_ca_file.c_str())),
      m_tls(true) {
  if (!m_server->is_valid()) throw std::runtime_error("SSLServer rejected the test certificate");
  start(routes);
}

void TestServer::start(const Routes& routes) {
  routes(*m_server);
  m_server->set_tcp_nodelay(true);  // else Nagle + delayed ACKs add ~40 ms to every response
  // httplib serves one keep-alive connection per thread (8 by default): idle client connections
  // would starve the others, which no real API server does.
  m_server->new_task_queue = [] { return new httplib::ThreadPool(32); };
  m_port = m_server->bind_to_any_port("127.0.0.1");
  if (m_port <= 0) throw std::runtime_error("cannot bind a test server");
  m_thread = std::thread([this] { m_server->listen_after_bind(); });
  for (int i = 0; i < 5000 && !m_server->is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (!m_server->is_running()) throw std::runtime_error("test server did not start");
}

TestServer::~TestServer() {
  m_server->stop();
  if (m_thread.joinable()) m_thread.join();
}

std::string TestServer::base_url() const {
  return std::string(m_tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(m_port);
}

DroppingServer::DroppingServer(int drop_count, std::string reply)
    : m_drop_count(drop_count), m_reply(std::move(reply)) {
  m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(m_fd, 16) != 0 ||
      ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::runtime_error("cannot start the dropping server");
  }
  m_port = ntohs(addr.sin_port);
  m_thread = std::thread([this] { serve(); });
}

DroppingServer::~DroppingServer() {
  m_stop = true;
  m_thread.join();
  ::close(m_fd);
}

void DroppingServer::serve() {
  while (!m_stop) {
    pollfd p{m_fd, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    const int client = ::accept(m_fd, nullptr, nullptr);
    if (client < 0) continue;
    if (++m_accepted > m_drop_count) {
      char buffer[4096];
      pollfd c{client, POLLIN, 0};
      if (::poll(&c, 1, 2000) > 0) (void)::recv(client, buffer, sizeof buffer, 0);
      (void)::send(client, m_reply.data(), m_reply.size(), MSG_NOSIGNAL);
    }
    ::close(client);
  }
}

}  // namespace cococtl::test
