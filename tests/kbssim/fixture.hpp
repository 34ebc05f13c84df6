#pragma once
// A test KBS on a loopback port with freshly generated key material (admin Ed25519 key, a CA and
// the HTTPS certificate for kbs.example.test, the EC P-256 token key), and curl as its client.

#include <cococtl/crypto/key.hpp>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kbs/server.hpp"
#include "support/process.hpp"

namespace cococtl::test::kbssim {

inline constexpr const char* k_host = "kbs.example.test";
inline constexpr const char* k_secret = "the resource bytes";

// cococtl's templates/trustee/files/kbs-config.toml as render writes it (Simple admin, no GPU).
std::string rendered_kbs_config();
// A file of the cococtl source tree (templates).
std::string source_file(const std::string& relative);

struct Material {
  crypto::PrivateKey admin_key;
  std::string ca_pem;
  sim::kbs::KbsConfigInputs inputs;
};

// Fresh key material and the inputs cococtl would deploy: the rendered config, the affirming
// resource policy and default_cpu policy from the templates, resource default/kbsres1/key1.
Material make_material();

struct HttpResult {
  int status = 0;
  std::string body;
  std::string headers;
};

class TestKbs {
 public:
  TestKbs() : TestKbs(make_material()) {}
  explicit TestKbs(Material material, sim::kbs::ServerOptions options = {});

  sim::kbs::KbsServer& server() { return *m_server; }
  const Material& material() const { return m_material; }
  std::string url(const std::string& path) const;

  // curl `method` `path` with `body` (sent as is) and extra headers; `jar` names a cookie jar in
  // the scratch folder shared by calls (the RCAR session). TLS is verified against the test CA.
  HttpResult request(const std::string& method, const std::string& path, const std::string& body = "",
                     const std::vector<std::string>& headers = {}, const std::string& jar = "");
  // An admin request with `Authorization: Bearer <token>`.
  HttpResult admin(const std::string& method, const std::string& path, const std::string& body,
                   const std::string& token);

  const TempDir& dir() const { return m_dir; }

 private:
  Material m_material;
  TempDir m_dir{"kbssim"};
  std::unique_ptr<sim::kbs::KbsServer> m_server;
};

// An admin JWT signed with the openssl CLI (`pkeyutl -sign -rawin`) over base64url header and
// `claims`, as Trustee's docker-compose setup makes them.
std::string openssl_admin_token(const TempDir& dir, const crypto::PrivateKey& key, const nlohmann::json& claims);
// Seconds since the epoch.
long long now();
// The Trustee error body for `variant` and `detail`.
std::string error_body(const std::string& variant, const std::string& detail);
// base64url without padding.
std::string b64url(const std::string& bytes);

}  // namespace cococtl::test::kbssim
