#pragma once
// In-process HTTP(S) servers for tests: cpp-httplib on 127.0.0.1, port 0, own thread,
// started only once it reports running, stopped by the destructor.

#include <httplib.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace cococtl::test {

struct ServerTls {
  std::string cert_file;
  std::string key_file;
  std::string client_ca_file;  // non-empty: client certificates are required
};

class TestServer {
 public:
  using Routes = std::function<void(httplib::Server&)>;

  // Plain HTTP server with the routes `routes` registers.
  explicit TestServer(const Routes& routes);
  // HTTPS server.
  TestServer(const Routes& routes, const ServerTls& tls);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  int port() const { return m_port; }
  // "http://127.0.0.1:PORT" or "https://127.0.0.1:PORT".
  std::string base_url() const;

 private:
  void start(const Routes& routes);

  std::unique_ptr<httplib::Server> m_server;
  std::thread m_thread;
  int m_port = 0;
  bool m_tls = false;
};

// A raw TCP listener for faults httplib cannot produce: the first `drop_count` connections
// are closed without a reply, later ones get `reply` (a complete HTTP response) and closed.
class DroppingServer {
 public:
  DroppingServer(int drop_count, std::string reply);
  ~DroppingServer();
  int port() const { return m_port; }
  int accepted() const { return m_accepted; }

 private:
  void serve();
  int m_fd = -1;
  int m_port = 0;
  int m_drop_count;
  std::string m_reply;
  std::atomic<int> m_accepted{0};
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
};

}  // namespace cococtl::test
