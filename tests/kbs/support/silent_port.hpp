#pragma once
// A loopback port that never answers: bound (connections are refused) until listen() is called,
// after which connections are queued by the kernel but never accepted, so a TLS handshake hangs.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace cococtl::kbs_test {

class SilentPort {
 public:
  SilentPort() : m_fd(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      throw std::runtime_error("cannot bind a loopback port");
    }
    m_port = ntohs(addr.sin_port);
  }
  ~SilentPort() { ::close(m_fd); }
  SilentPort(const SilentPort&) = delete;
  SilentPort& operator=(const SilentPort&) = delete;

  int port() const { return m_port; }
  void listen() {
    if (::listen(m_fd, 4) != 0) throw std::runtime_error("cannot listen on a loopback port");
  }

 private:
  int m_fd;
  int m_port = 0;
};

}  // namespace cococtl::kbs_test
