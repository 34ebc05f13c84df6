#pragma once
// A tiny Bearer token endpoint for docker-registry's token auth, written from distribution's
// docs/spec/auth/token.md: GET /token with Basic credentials (or POST with an OAuth2 refresh
// token) → RS256 JWT with x5c, granting the requested repository actions.

#include "pki.hpp"

#include <cococtl/crypto/key.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class SSLServer;
}

namespace cococtl::oci::test {

struct TokenServerSetup {
  std::string user = "tester";
  std::string password = "token-pass";
  std::string identity_token;   // accepted as refresh_token on POST when non-empty
  std::string service = "test-registry";
  std::string issuer = "test-issuer";
  long expires_in = 300;        // < 0: omit the field
  bool access_token_only = false;  // answer {"access_token":…} instead of {"token":…}
};

class TokenServer {
 public:
  // Listens on 127.0.0.1 (kernel-chosen port) with the test CA's server certificate.
  TokenServer(const TestPki& pki, TokenServerSetup setup);
  ~TokenServer();

  // "https://127.0.0.1:<port>/token".
  std::string realm() const;
  // A token for `repository` with `actions`, as the endpoint would issue (for pushing fixtures).
  std::string mint(const std::string& repository, const std::vector<std::string>& actions) const;
  // Token requests served so far, and how many were refused.
  int requests() const { return m_requests; }
  int refused() const { return m_refused; }
  // The scope parameters seen, in order.
  std::vector<std::string> scopes() const;

 private:
  std::string mint_claims(const nlohmann::json& access) const;

  TokenServerSetup m_setup;
  std::optional<crypto::PrivateKey> m_sign_key;
  TestPki m_pki;
  std::unique_ptr<httplib::SSLServer> m_server;
  std::thread m_thread;
  int m_port = 0;
  std::atomic<int> m_requests{0};
  std::atomic<int> m_refused{0};
  mutable std::mutex m_mutex;
  std::vector<std::string> m_scopes;
};

}  // namespace cococtl::oci::test
