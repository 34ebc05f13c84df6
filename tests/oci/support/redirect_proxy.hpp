#pragma once
// A loopback HTTPS front for a LocalRegistry that behaves like registry.redhat.io / quay.io:
// blob GETs are answered with 307 to a "CDN" on another host name (localhost instead of
// 127.0.0.1), which records the headers it receives. Everything else is forwarded as is.
// It can also inject failures (5xx/429 answers, connections cut mid-body) to test retries.

#include "pki.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class SSLServer;
}

namespace cococtl::oci::test {

class LocalRegistry;

struct SeenRequest {
  std::string path;
  std::string authorization;  // "" when absent
};

class RedirectProxy {
 public:
  // `backend_authorization`: the header the CDN side uses to read blobs from the registry.
  RedirectProxy(const TestPki& pki, LocalRegistry& backend, std::string backend_authorization);
  ~RedirectProxy();

  // "127.0.0.1:<port>" (what image references use).
  std::string host() const;
  // Requests that reached the CDN host, and blob requests that were redirected.
  std::vector<SeenRequest> cdn_requests() const;
  std::vector<SeenRequest> redirected_requests() const;
  // The next `count` requests whose path contains `path_part` get `status` (with Retry-After: 0).
  void fail_next(const std::string& path_part, int count, int status);
  // The next `count` CDN downloads larger than `bytes` send only `bytes` bytes, then cut the connection.
  void cut_next_downloads(int count, std::size_t bytes);

 private:
  struct Fault {
    std::string path_part;
    int count;
    int status;
  };
  bool take_fault(const std::string& path, int& status);

  TestPki m_pki;
  LocalRegistry& m_backend;
  std::string m_backend_authorization;
  std::unique_ptr<httplib::SSLServer> m_server;
  std::thread m_thread;
  int m_port = 0;
  mutable std::mutex m_mutex;
  std::vector<SeenRequest> m_cdn;
  std::vector<SeenRequest> m_redirected;
  std::vector<Fault> m_faults;
  int m_cuts = 0;
  std::size_t m_cut_bytes = 0;
};

}  // namespace cococtl::oci::test
