#pragma once
// A scripted in-test HTTPS server answering /kbs/v0/auth, /attest, /resource and the admin
// endpoints the way the reference (trustee-kbs.md) says Trustee does, and recording what the
// client sent, so tests can check the wire format. Test scaffolding, not the simulator's KBS.

#include "support/test_server.hpp"
#include "test_jwe.hpp"
#include "test_tokens.hpp"

#include <cococtl/crypto/key.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cococtl::kbs_test {

struct Script {
  std::string version = "0.4.0";  // the one protocol version it accepts (exact match)
  bool release = true;            // the resource policy's answer
  bool set_cookie = true;
  std::map<std::string, std::string> resources{};  // "repo/type/tag" -> bytes
  EarOptions ear{};
  bool untrusted_signer = false;
  bool token_for_other_nonce = false;
  JweFaults jwe{};
};

// What the client sent. `problems` lists every way a request broke the protocol.
struct Seen {
  std::vector<std::string> problems;
  std::vector<std::string> calls;  // "POST auth", "GET resource/a/b/c", ...
  std::vector<nlohmann::json> auth_bodies;
  nlohmann::json attest_body;
  std::vector<std::string> cookies;          // Cookie headers of attest/resource requests
  std::vector<nlohmann::json> admin_claims;  // verified admin token claims
  std::vector<std::string> admin_tokens;
  std::map<std::string, std::string> stored;  // resources set through the admin API
  std::string attestation_policy_id, attestation_policy, resource_policy;
  std::map<std::string, nlohmann::json> reference_values;
};

class FakeKbs {
 public:
  // Serves HTTPS with `cert_file`/`key_file`; admin tokens must verify with `admin_key`.
  FakeKbs(Script script, crypto::PublicKey admin_key, const std::string& cert_file, const std::string& key_file);
  ~FakeKbs();

  std::string url() const { return m_server->base_url(); }
  int port() const { return m_server->port(); }
  Seen seen() const;
  // The nonce of the last challenge.
  std::string nonce() const;

 private:
  void routes(httplib::Server& s);
  void auth(const httplib::Request& req, httplib::Response& res);
  void attest(const httplib::Request& req, httplib::Response& res);
  void resource_get(const httplib::Request& req, httplib::Response& res);
  bool admin_ok(const httplib::Request& req, httplib::Response& res);
  void admin(const httplib::Request& req, httplib::Response& res);
  void problem(const std::string& what);

  mutable std::mutex m_mutex;
  Script m_script;
  crypto::PublicKey m_admin_key;
  Seen m_seen;
  std::string m_cookie, m_nonce;
  nlohmann::json m_tee_pubkey;
  bool m_attested = false;
  std::unique_ptr<test::TestServer> m_server;  // last: stops before the state goes
};

// The error body Trustee sends, with status `status`.
void kbs_error(httplib::Response& res, int status, const std::string& variant, const std::string& detail);

}  // namespace cococtl::kbs_test
