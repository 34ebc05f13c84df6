// The attestation protocol end to end: the test's own sample attester against the KBS over
// HTTPS with curl, for both TEE key types, the refusals, the policies, rebuild() and faults.
#include <catch2/catch.hpp>
#include <cococtl/crypto/certificate.hpp>
#include <cococtl/crypto/digest.hpp>
#include <cococtl/crypto/encoding.hpp>
#include <cococtl/crypto/jwt.hpp>

#include "kbssim/attester.hpp"

using nlohmann::json;
using namespace cococtl::test::kbssim;
namespace crypto = cococtl::crypto;

namespace {

const std::string k_resource = "/kbs/v0/resource/default/kbsres1/key1";

Material allow_all_material() {
  Material m = make_material();
  m.inputs.resource_policy_rego =
      "package policy\ndefault allow := false\nplugin := data.plugin\nallow if { plugin == \"resource\" }\n";
  return m;
}

std::string attest_error() { return error_body("AttestationError", "Attestation error: RCAR handshake Attest failed"); }

}  // namespace

TEST_CASE("RCAR round trip as the sample attester with EC P-256 and RSA TEE keys") {
  TestKbs kbs(allow_all_material());
  for (bool rsa : {false, true}) {
    INFO((rsa ? "RSA-OAEP-256" : "ECDH-ES+A256KW"));
    SampleAttester attester(rsa);
    const std::string jar = rsa ? "rsa.jar" : "ec.jar";
    const auto attested = attester.attest(kbs, jar);
    REQUIRE(attested.status == 200);
    CHECK(attested.headers.find("Set-Cookie: kbs-session-id=") != std::string::npos);
    const std::string token = json::parse(attested.body).at("token");
    // The EAR: ES256 signed by the token key, whose certificate is the x5c in the header JWK.
    const json header = jwt_header(token);
    CHECK(header["alg"] == "ES256");
    const auto token_cert = *crypto::Certificate::from_pem(kbs.material().inputs.token_cert_chain_pem);
    CHECK(header["jwk"]["x5c"][0] == crypto::base64_encode(*token_cert.to_der()));
    REQUIRE(crypto::verify_jwt(token, *token_cert.public_key()).ok());
    const json claims = jwt_claims(token);
    CHECK(claims["eat_profile"] == "tag:github.com,2024:confidential-containers/Trustee");
    CHECK(claims["exp"].get<long long>() - claims["iat"].get<long long>() == 300);
    const json& cpu0 = claims["submods"]["cpu0"];
    CHECK(cpu0["ear.status"] == "contraindicated");  // cococtl's default_cpu trusts no sample TEE
    CHECK(cpu0["ear.appraisal-policy-id"] == "default");
    const json& evidence = cpu0["ear.veraison.annotated-evidence"];
    CHECK(evidence["sample"]["launch_digest"] == "abcde");
    CHECK(evidence["runtime_data_claims"]["tee-pubkey"] == attester.jwk());
    // The resource, with the session cookie and with the token as bearer.
    const auto by_cookie = kbs.request("GET", k_resource, "", {}, jar);
    REQUIRE(by_cookie.status == 200);
    CHECK(by_cookie.headers.find("Content-Type: application/json") != std::string::npos);
    CHECK(attester.decrypt(by_cookie.body) == k_secret);
    const auto by_bearer = kbs.request("GET", k_resource, "", {"Authorization: Bearer " + token});
    REQUIRE(by_bearer.status == 200);
    CHECK(attester.decrypt(by_bearer.body) == k_secret);
    // A second /attest on the attested session returns the same token.
    CHECK(json::parse(kbs.request("POST", "/kbs/v0/attest", attester.attestation("x"), {}, jar).body)["token"] ==
          token);
  }
}

TEST_CASE("attestation with a wrong nonce or a wrong key binding is refused") {
  TestKbs kbs(allow_all_material());
  SampleAttester attester;
  const auto challenge =
      kbs.request("POST", "/kbs/v0/auth", R"({"version":"0.4.0","tee":"sample","extra-params":""})", {}, "s.jar");
  const std::string nonce = json::parse(challenge.body)["nonce"];
  const auto wrong_nonce = kbs.request("POST", "/kbs/v0/attest", attester.attestation("AAAA"), {}, "s.jar");
  CHECK(wrong_nonce.status == 401);
  CHECK(wrong_nonce.body == attest_error());
  const auto bound_elsewhere = kbs.request("POST", "/kbs/v0/attest", attester.attestation(nonce, "AAAA"), {}, "s.jar");
  CHECK(bound_elsewhere.status == 401);
  const auto other_key =
      kbs.request("POST", "/kbs/v0/attest", attester.attestation(nonce, "", SampleAttester().jwk()), {}, "s.jar");
  CHECK(other_key.status == 401);
  CHECK(other_key.body == attest_error());
  const auto no_cookie = kbs.request("POST", "/kbs/v0/attest", attester.attestation(nonce));
  CHECK(no_cookie.body == attest_error());
  // The session is still usable with the right binding; nothing was released before.
  CHECK(kbs.request("GET", k_resource, "", {}, "s.jar").body ==
        error_body("TokenNotFound", "Attestation Token not found"));
  CHECK(kbs.request("POST", "/kbs/v0/attest", attester.attestation(nonce), {}, "s.jar").status == 200);
}

TEST_CASE("the handshake checks the protocol version and the TEE name") {
  TestKbs kbs;
  const auto old = kbs.request("POST", "/kbs/v0/auth", R"({"version":"0.2.0","tee":"sample","extra-params":""})");
  CHECK(old.status == 401);
  CHECK(old.body == error_body("AttestationError",
                               "Attestation error: RCAR handshake Auth failed: KBS Client Protocol "
                               "Version Mismatch: expect =0.4.0 while the request is 0.2.0"));
  CHECK(kbs.request("POST", "/kbs/v0/auth", R"({"version":"0.4","tee":"sample","extra-params":""})").body ==
        error_body("AttestationError", "Attestation error: RCAR handshake Auth failed: failed to parse KBS version"));
  CHECK(kbs.request("POST", "/kbs/v0/auth", R"({"version":"0.4.0","tee":"quantum","extra-params":""})").body ==
        error_body("AttestationError", "Attestation error: RCAR handshake Auth failed: deserialize Request"));
  const auto azure = kbs.request("POST", "/kbs/v0/auth", R"({"version":"0.4.0","tee":"azsnpvtpm","extra-params":{}})");
  CHECK(azure.status == 200);
  CHECK(json::parse(azure.body)["extra-params"] == "");
  CHECK(crypto::base64_decode(json::parse(azure.body)["nonce"].get<std::string>())->size() == 32);
}

TEST_CASE("resource policies decide: affirming refuses the sample TEE, allow-all releases, unknown fails") {
  TestKbs kbs;
  const std::string admin = openssl_admin_token(kbs.dir(), kbs.material().admin_key, json{{"exp", now() + 300}});
  SampleAttester attester;
  REQUIRE(attester.attest(kbs, "a.jar").status == 200);
  const auto denied = kbs.request("GET", k_resource, "", {}, "a.jar");
  CHECK(denied.status == 401);
  CHECK(denied.body == error_body("PolicyDeny", "Access denied by policy"));
  // A permissive attestation policy makes the sample TEE affirming; the affirming policy then releases.
  const std::string permissive =
      "package policy\ntrust_claims := {\"executables\": 2, \"hardware\": 2, \"configuration\": 2}\n";
  REQUIRE(kbs.admin("POST", "/kbs/v0/attestation-policy",
                    json{{"type", "rego"}, {"policy_id", "default_cpu"}, {"policy", b64url(permissive)}}.dump(), admin)
              .status == 200);
  REQUIRE(attester.attest(kbs, "b.jar").status == 200);
  CHECK(attester.decrypt(kbs.request("GET", k_resource, "", {}, "b.jar").body) == k_secret);
  // An unrecognised resource policy fails every request, as a KBS whose policy does not load.
  const std::string custom = "package policy\ndefault allow := false\nallow if { input.submods.cpu0 }\n";
  REQUIRE(kbs.admin("POST", "/kbs/v0/resource-policy", json{{"policy", b64url(custom)}}.dump(), admin).status == 200);
  const auto broken = kbs.request("GET", k_resource, "", {}, "b.jar");
  CHECK(broken.status == 401);
  CHECK(json::parse(broken.body)["type"] == "https://github.com/confidential-containers/kbs/errors/PolicyEngineError");
  CHECK(json::parse(broken.body)["detail"].get<std::string>().find("recognises") != std::string::npos);
}

TEST_CASE("resource requests without a valid token are refused") {
  TestKbs kbs(allow_all_material());
  CHECK(kbs.request("GET", k_resource).body == error_body("TokenNotFound", "Attestation Token not found"));
  SampleAttester attester;
  const std::string token = json::parse(attester.attest(kbs, "t.jar").body)["token"];
  // Tampered claims: the signature no longer holds.
  json claims = jwt_claims(token);
  claims["submods"]["cpu0"]["ear.status"] = "affirming";
  const auto first = token.find('.'), second = token.find('.', first + 1);
  const std::string tampered = token.substr(0, first + 1) + b64url(claims.dump()) + token.substr(second);
  CHECK(kbs.request("GET", k_resource, "", {"Authorization: Bearer " + tampered}).body ==
        error_body("TokenVerifierError", "Token Verifier error"));
  // A well-signed token from a key the KBS does not trust.
  const auto rogue_key = *crypto::PrivateKey::generate(crypto::KeyType::ec_p256);
  crypto::CertificateSpec spec;
  spec.common_name = "rogue";
  const auto rogue_cert = *crypto::issue_certificate(spec, rogue_key, rogue_key, nullptr);
  json header = jwt_header(token);
  header["jwk"]["x5c"] = json::array({crypto::base64_encode(*rogue_cert.to_der())});
  const auto rogue = *crypto::sign_jwt(header, jwt_claims(token), rogue_key);
  CHECK(kbs.request("GET", k_resource, "", {"Authorization: Bearer " + rogue}).body ==
        error_body("TokenVerifierError", "Token Verifier error"));
  // A missing resource, after the policy allowed the request.
  CHECK(kbs.request("GET", "/kbs/v0/resource/default/kbsres1/nothing", "", {}, "t.jar").body ==
        error_body("PluginInternalError", "Plugin internal error"));
}

TEST_CASE("init-data is hashed into the token and its documents become claims") {
  TestKbs kbs(allow_all_material());
  const std::string initdata =
      "algorithm = \"sha384\"\nversion = \"0.1.0\"\n\n[data]\n\"aa.toml\" = '''\n[token_configs.kbs]\nurl = "
      "\"https://kbs.example.test\"\n'''\n\"policy.rego\" = '''\npackage agent_policy\npolicy_data := {\"a\": "
      "[1]}\n'''\n";
  SampleAttester attester;
  const auto attested = attester.attest(kbs, "i.jar", initdata);
  REQUIRE(attested.status == 200);
  const json evidence =
      jwt_claims(json::parse(attested.body)["token"])["submods"]["cpu0"]["ear.veraison.annotated-evidence"];
  CHECK(evidence["init_data"] == crypto::base64_encode(*crypto::digest(crypto::DigestAlgorithm::sha384, initdata)));
  CHECK(evidence["init_data_claims"]["aa.toml"]["token_configs"]["kbs"]["url"] == "https://kbs.example.test");
  CHECK(evidence["init_data_claims"]["agent_policy_claims"] == json{{"a", {1}}});
  CHECK(attester.attest(kbs, "j.jar", "not toml = = =").body == attest_error());
}

TEST_CASE("rebuild swaps the whole state for new inputs") {
  TestKbs kbs;
  SampleAttester attester;
  REQUIRE(attester.attest(kbs, "r.jar").status == 200);
  CHECK(kbs.request("GET", k_resource, "", {}, "r.jar").body == error_body("PolicyDeny", "Access denied by policy"));
  auto inputs = kbs.material().inputs;
  inputs.resource_policy_rego = allow_all_material().inputs.resource_policy_rego;
  inputs.resources = {{"default/kbsres1/key1", "rotated"}};
  REQUIRE(kbs.server().rebuild(inputs).ok());
  // The restarted KBS forgot the session, and serves the new resource under the new policy.
  CHECK(kbs.request("GET", k_resource, "", {}, "r.jar").body ==
        error_body("TokenNotFound", "Attestation Token not found"));
  REQUIRE(attester.attest(kbs, "r2.jar").status == 200);
  CHECK(attester.decrypt(kbs.request("GET", k_resource, "", {}, "r2.jar").body) == "rotated");
  // Unusable inputs leave the running state alone.
  inputs.https_key_pem = "not a key";
  CHECK_FALSE(kbs.server().rebuild(inputs).ok());
  CHECK(attester.decrypt(kbs.request("GET", k_resource, "", {}, "r2.jar").body) == "rotated");
}

TEST_CASE("faults are injected by seed and limit") {
  cococtl::sim::kbs::ServerOptions options;
  options.faults.rate = 1.0;
  options.faults.kinds = {cococtl::sim::kbs::Fault::unavailable};
  options.faults.limit = 1;
  TestKbs kbs(make_material(), options);
  CHECK(kbs.request("GET", "/kbs/v0/test").status == 503);
  CHECK(kbs.request("GET", "/kbs/v0/test").status == 404);
  options.faults.kinds = {cococtl::sim::kbs::Fault::reset};
  TestKbs resetting(make_material(), options);
  CHECK_THROWS_WITH(resetting.request("GET", "/kbs/v0/test"), Catch::Contains("curl failed"));  // connection reset
  CHECK(resetting.request("GET", "/kbs/v0/test").status == 404);
  auto sequence = [](unsigned long long seed) {
    cococtl::sim::kbs::ServerOptions o;
    o.faults.rate = 0.5;
    o.faults.kinds = {cococtl::sim::kbs::Fault::internal_error};
    o.faults.seed = seed;
    TestKbs k(make_material(), o);
    std::string statuses;
    for (int i = 0; i < 8; ++i) statuses += std::to_string(k.request("GET", "/kbs/v0/test").status) + " ";
    return statuses;
  };
  const std::string first = sequence(7);
  CHECK(first == sequence(7));
  CHECK(first.find("500") != std::string::npos);
  CHECK(first.find("404") != std::string::npos);
}

TEST_CASE("a KBS set to protocol 0.2.0 takes the legacy Attestation body and binding") {
  cococtl::sim::kbs::ServerOptions options;
  options.protocol_version = "0.2.0";
  TestKbs kbs(allow_all_material(), options);
  CHECK(json::parse(kbs.request("POST", "/kbs/v0/auth", R"({"version":"0.4.0","tee":"sample","extra-params":""})")
                        .body)["detail"] ==
        "Attestation error: RCAR handshake Auth failed: KBS Client Protocol Version Mismatch: expect =0.2.0 while the "
        "request is 0.4.0");
  SampleAttester attester;
  const auto challenge =
      kbs.request("POST", "/kbs/v0/auth", R"({"version":"0.2.0","tee":"sample","extra-params":""})", {}, "l.jar");
  const std::string nonce = json::parse(challenge.body)["nonce"];
  const json binding{{"nonce", nonce}, {"tee-pubkey", attester.jwk()}};
  const std::string digest = *crypto::digest(crypto::DigestAlgorithm::sha384, binding.dump());
  const json body{{"tee-pubkey", attester.jwk()},
                  {"tee-evidence", json{{"svn", "1"}, {"report_data", crypto::base64_encode(digest)}}.dump()}};
  REQUIRE(kbs.request("POST", "/kbs/v0/attest", body.dump(), {}, "l.jar").status == 200);
  CHECK(attester.decrypt(kbs.request("GET", k_resource, "", {}, "l.jar").body) == k_secret);
}
