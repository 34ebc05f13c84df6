// The admin API over HTTPS with curl, admin tokens made with the openssl CLI.
#include <catch2/catch.hpp>
#include <cococtl/crypto/encoding.hpp>

#include "kbssim/fixture.hpp"

using nlohmann::json;
using namespace cococtl::test::kbssim;
namespace crypto = cococtl::crypto;

namespace {

struct Endpoint {
  std::string method, path, body;
};

std::vector<Endpoint> admin_endpoints() {
  const std::string rv_payload = crypto::base64_encode(R"({"svn":["1"]})");
  return {
      {"POST", "/kbs/v0/resource/default/kbsres1/key2", "new secret"},
      {"DELETE", "/kbs/v0/resource/default/kbsres1/key1", ""},
      {"POST", "/kbs/v0/attestation-policy",
       json{{"type", "rego"}, {"policy_id", "default_cpu"}, {"policy", b64url("package policy\n")}}.dump()},
      {"POST", "/kbs/v0/resource-policy", json{{"policy", b64url("package policy\ndefault allow := false\n")}}.dump()},
      {"GET", "/kbs/v0/resource-policy", ""},
      {"POST", "/kbs/v0/reference-value",
       json{{"version", "0.1.0"}, {"type", "sample"}, {"payload", rv_payload}}.dump()},
      {"GET", "/kbs/v0/reference-value/svn", ""}};
}

json claims_valid_for(long long seconds) { return {{"iat", now()}, {"exp", now() + seconds}}; }

}  // namespace

TEST_CASE("every admin endpoint accepts an EdDSA token from the persona key") {
  TestKbs kbs;
  const std::string token = openssl_admin_token(kbs.dir(), kbs.material().admin_key, claims_valid_for(300));
  for (const auto& e : admin_endpoints()) {
    INFO(e.method << " " << e.path);
    const auto r = kbs.admin(e.method, e.path, e.body, token);
    CHECK(r.status == 200);
    if (e.path == "/kbs/v0/resource-policy" && e.method == "GET") CHECK(r.body == R"(["resource-policy"])");
    if (e.path == "/kbs/v0/reference-value/svn") CHECK(r.body == R"(["1"])");
  }
  // The changes are real: key2 exists (delete works), key1 is gone (delete refuses).
  CHECK(kbs.admin("DELETE", "/kbs/v0/resource/default/kbsres1/key2", "", token).status == 200);
  const auto gone = kbs.admin("DELETE", "/kbs/v0/resource/default/kbsres1/key1", "", token);
  CHECK(gone.status == 401);
  CHECK(gone.body == error_body("PluginInternalError", "Plugin internal error"));
}

TEST_CASE("admin tokens with a bad signature, expired, without exp or with aud get 401 AdminAuth") {
  TestKbs kbs;
  const auto other_key = *crypto::PrivateKey::generate(crypto::KeyType::ed25519);
  const std::map<std::string, std::string> tokens{
      {"bad signature", openssl_admin_token(kbs.dir(), other_key, claims_valid_for(300))},
      {"expired", openssl_admin_token(kbs.dir(), kbs.material().admin_key, claims_valid_for(-3600))},
      {"missing exp", openssl_admin_token(kbs.dir(), kbs.material().admin_key, json{{"iat", now()}})},
      {"aud", openssl_admin_token(kbs.dir(), kbs.material().admin_key,
                                  json{{"iat", now()}, {"exp", now() + 300}, {"aud", json::array({"KBS"})}})},
      {"not a JWT", "not-a-jwt"}};
  const std::string denied =
      error_body("AdminAuth", "Admin auth error: Admin Token could not be verified for any admin persona");
  for (const auto& [what, token] : tokens) {
    for (const auto& e : admin_endpoints()) {
      INFO(what << ": " << e.method << " " << e.path);
      const auto r = kbs.admin(e.method, e.path, e.body, token);
      CHECK(r.status == 401);
      CHECK(r.body == denied);
    }
  }
  const auto anonymous = kbs.request("GET", "/kbs/v0/resource-policy");
  CHECK(anonymous.status == 401);
  CHECK(anonymous.body == denied);
  // The refused calls changed nothing: key1 is still there.
  const std::string good = openssl_admin_token(kbs.dir(), kbs.material().admin_key, claims_valid_for(300));
  CHECK(kbs.admin("DELETE", "/kbs/v0/resource/default/kbsres1/key1", "", good).status == 200);
}

TEST_CASE("policy bodies must be base64url without padding") {
  TestKbs kbs;
  const std::string token = openssl_admin_token(kbs.dir(), kbs.material().admin_key, claims_valid_for(300));
  const std::string policy = "package policy\ndefault allow := false\n";  // 38 bytes: padded form ends in "=="
  const std::string padded = crypto::base64_encode(policy);
  REQUIRE(padded.back() == '=');
  const auto r = kbs.admin("POST", "/kbs/v0/resource-policy", json{{"policy", padded}}.dump(), token);
  CHECK(r.status == 401);
  CHECK(r.body == error_body("ParsePolicyError", "Failed to parse policy: Failed to decode policy: Invalid padding"));
  const auto standard_alphabet = kbs.admin("POST", "/kbs/v0/resource-policy", json{{"policy", "a+/b"}}.dump(), token);
  CHECK(standard_alphabet.status == 401);
  CHECK(json::parse(standard_alphabet.body)["type"] ==
        "https://github.com/confidential-containers/kbs/errors/ParsePolicyError");
  const auto as_padded =
      kbs.admin("POST", "/kbs/v0/attestation-policy",
                json{{"type", "rego"}, {"policy_id", "default_cpu"}, {"policy", padded}}.dump(), token);
  CHECK(as_padded.status == 401);
  CHECK(as_padded.body == error_body("AttestationError", "Attestation error: Set Attestation Policy failed"));
  CHECK(kbs.admin("POST", "/kbs/v0/resource-policy", json{{"policy", b64url(policy)}}.dump(), token).status == 200);
}

TEST_CASE("admin errors carry Trustee's types, details and status codes") {
  TestKbs kbs;
  const std::string token = openssl_admin_token(kbs.dir(), kbs.material().admin_key, claims_valid_for(300));
  CHECK(kbs.admin("POST", "/kbs/v0/resource-policy", "{not json", token).body ==
        error_body("ParsePolicyError", "Failed to parse policy: Illegal SetPolicy Request Json"));
  CHECK(kbs.admin("POST", "/kbs/v0/resource-policy", "{}", token).body ==
        error_body("ParsePolicyError", "Failed to parse policy: No `policy` field inside SetPolicy Request Json"));
  const auto missing = kbs.admin("GET", "/kbs/v0/reference-value/nothing", "", token);
  CHECK(missing.status == 401);
  CHECK(missing.body == error_body("RvpsError",
                                   "RVPS configuration failed: Failed to get reference_values: No reference "
                                   "value found for the given id: nothing"));
  const auto bad_path = kbs.admin("POST", "/kbs/v0/resource/default/.hidden/x", "v", token);
  CHECK(bad_path.status == 401);
  CHECK(bad_path.body == error_body("PluginInternalError", "Plugin internal error"));
  const auto get_policy = kbs.admin("GET", "/kbs/v0/attestation-policy", "", token);
  CHECK(get_policy.status == 404);
  CHECK(get_policy.body == error_body("PluginNotFound", "Plugin attestation-policy not found"));
  CHECK(kbs.request("GET", "/kbs/v0/test").body == error_body("PluginNotFound", "Plugin test not found"));
  const auto bad_rv =
      kbs.admin("POST", "/kbs/v0/reference-value", R"({"version":"0.2.0","type":"sample","payload":""})", token);
  CHECK(bad_rv.body == error_body("RvpsError",
                                  "RVPS configuration failed: Failed to register reference value: register "
                                  "reference value"));
}

TEST_CASE("admin types InsecureAllowAll and DenyAll") {
  for (const std::string type : {"InsecureAllowAll", "DenyAll"}) {
    Material m = make_material();
    m.inputs.kbs_config_toml = "[admin]\ntype = \"" + type + "\"\n[[plugins]]\nname = \"resource\"\n";
    TestKbs kbs(std::move(m));
    CHECK(kbs.request("GET", "/kbs/v0/resource-policy").status == (type == "DenyAll" ? 401 : 200));
  }
}
