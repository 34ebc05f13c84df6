// The simulator's pieces in-process: JCS, TOML and settings, Rego recognition, the attestation
// policy, EAR appraisals and the JWE (decrypted by the test attester's own code).
#include <catch2/catch.hpp>
#include <cococtl/crypto/digest.hpp>
#include <cococtl/crypto/encoding.hpp>

#include "kbs/attestation_policy.hpp"
#include "kbs/config.hpp"
#include "kbs/ear.hpp"
#include "kbs/jcs.hpp"
#include "kbs/jwe.hpp"
#include "kbs/resource_policy.hpp"
#include "kbs/toml.hpp"
#include "kbssim/attester.hpp"

using nlohmann::json;
namespace kbs = cococtl::sim::kbs;
using namespace cococtl::test::kbssim;

TEST_CASE("JCS of structured runtime data matches Trustee's test vector") {
  const json runtime = json::parse(R"({"b": 1, "a": "test", "c": {"d": "e"}})");
  CHECK(kbs::canonical_json(runtime) == R"({"a":"test","b":1,"c":{"d":"e"}})");
  CHECK(*cococtl::crypto::digest_hex(cococtl::crypto::DigestAlgorithm::sha384, kbs::canonical_json(runtime)) ==
        "e71ce8e70d814ba6639c3612ebee0ff1f76f650f8dbb5e47157e0f3f525cd22c4597480a186427c813ca941da78870c3");
}

TEST_CASE("JCS writes numbers, strings and key order as RFC 8785") {
  CHECK(kbs::canonical_json(json::parse("[1.0, 1e21, 0.000001, 1e-7, -0.5, 123456789012]")) ==
        "[1,1e+21,0.000001,1e-7,-0.5,123456789012]");
  CHECK(kbs::canonical_json(json("a\x1f\"\\/\xe2\x82\xac")) == "\"a\\u001f\\\"\\\\/\xe2\x82\xac\"");
  // U+FB33 sorts after U+1F600 in UTF-16 code units, before it in UTF-8 bytes.
  const json keys = {{"\xef\xac\xb3", 1}, {"\xf0\x9f\x98\x80", 2}};
  CHECK(kbs::canonical_json(keys) == "{\"\xf0\x9f\x98\x80\":2,\"\xef\xac\xb3\":1}");
}

TEST_CASE("cococtl's rendered kbs-config.toml gives Trustee 1.1 settings") {
  auto s = kbs::parse_settings(rendered_kbs_config());
  REQUIRE(s.ok());
  CHECK(s->admin_mode == kbs::AdminMode::simple);
  REQUIRE(s->personas.size() == 1);
  CHECK(s->personas[0].id == "admin");
  CHECK(s->resource_plugin);
  CHECK(s->broker.has_signer);
  CHECK(s->broker.signer_has_cert);
  CHECK(s->trusted_certs);
  CHECK_FALSE(s->insecure_key);
  CHECK(s->broker.duration_min == 5);
  CHECK_FALSE(s->insecure_http);
}

TEST_CASE("kbs-config.toml errors name the key or line") {
  CHECK(kbs::parse_settings("[admin]\ntype = \"Fancy\"\n").error().message.find("admin.type") != std::string::npos);
  CHECK(kbs::parse_settings("[admin]\nauthorization_mode = \"DenyAll\"\n").error().message.find("v0.21") !=
        std::string::npos);
  CHECK(kbs::parse_settings("[admin]\ntype = \"Simple\"\n[[admin.roles]]\nid = \"a\"\nallowed_endpoints = \"/kbs.*\"\n")
            .error()
            .message.find("anchored") != std::string::npos);
  CHECK(kbs::parse_settings("[attestation_service]\ntimeout = \"5\"\n")
            .error()
            .message.find("attestation_service.timeout") != std::string::npos);
  CHECK(kbs::parse_settings("a = 1\na = 2\n").error().message.find("line 2") != std::string::npos);
}

TEST_CASE("the TOML reader handles init-data documents") {
  const auto doc = kbs::parse_toml(R"(algorithm = "sha384"
version = "0.1.0"

[data]
"aa.toml" = '''
[token_configs.kbs]
url = "https://kbs.example:8080"
'''
'cdh.toml' = """
socket = 'unix:///run/cdh.sock'
credentials = [ { path = "/a", resource_uri = "kbs:///default/x/y" }, ]
"""
n = 0x1F  # comment
f = 1_000.5
)");
  REQUIRE(doc.ok());
  CHECK((*doc)["data"]["aa.toml"] == "[token_configs.kbs]\nurl = \"https://kbs.example:8080\"\n");
  const auto cdh = kbs::parse_toml((*doc)["data"]["cdh.toml"].get<std::string>());
  REQUIRE(cdh.ok());
  CHECK((*cdh)["credentials"][0]["resource_uri"] == "kbs:///default/x/y");
  CHECK((*doc)["data"]["n"] == 31);
  CHECK((*doc)["data"]["f"] == 1000.5);
  CHECK_FALSE(kbs::parse_toml("d = 2024-01-01\n").ok());
}

TEST_CASE("resource policies are recognised by their rules, not their text") {
  using Kind = kbs::ResourcePolicyKind;
  CHECK(kbs::ResourcePolicy::recognise(source_file("templates/trustee/files/resource-policy.rego")).kind() ==
        Kind::affirming);
  // Trustee's sample policies, written here in another layout (comments, `=`, bracket access, order).
  CHECK(kbs::ResourcePolicy::recognise("package policy\n# release all\nplugin = data.plugin\nallow if {\n  plugin == "
                                       "\"resource\"\n}\ndefault allow = false\n")
            .kind() == Kind::allow_all);
  CHECK(kbs::ResourcePolicy::recognise("package policy\n\ndefault allow = false\n").kind() == Kind::deny_all);
  CHECK(kbs::ResourcePolicy::recognise("package policy\nimport rego.v1\ndefault allow = false\nany_not_affirming if "
                                       "{\n some _, submod in input.submods\n "
                                       "submod[\"ear.status\"] != \"affirming\"\n}\nallow if {\n count(input.submods) "
                                       "> 0\n not any_not_affirming\n}\n")
            .kind() == Kind::affirming);
  CHECK(kbs::ResourcePolicy::recognise(
            "package policy\ndefault allow = false\nplugin = data.plugin\nallow if {\n\tplugin == \"resource\"\n\tnot "
            "input[\"submods\"][\"cpu0\"][\"ear.veraison.annotated-evidence\"][\"sample\"]\n}\n")
            .kind() == Kind::sample_denied);
  auto changed = source_file("templates/trustee/files/resource-policy.rego");
  changed.replace(changed.rfind("\"affirming\""), 11, "\"warning\"");  // the rule, not the comment
  const auto unknown = kbs::ResourcePolicy::recognise(changed);
  CHECK(unknown.kind() == Kind::unrecognised);
  const auto result = unknown.allows(json::object(), json{{"plugin", "resource"}});
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().message.find("recognises") != std::string::npos);
  CHECK(kbs::ResourcePolicy::recognise("package policy\nallow if {").kind() == Kind::unrecognised);
}

TEST_CASE("recognised resource policies are evaluated on the token claims") {
  const json data{{"plugin", "resource"}, {"resource-path", {"default", "kbsres1", "key1"}}, {"query", json::object()}};
  auto claims = [](const std::string& status, bool sample) {
    json evidence = sample ? json{{"sample", {{"svn", "1"}}}} : json{{"tdx", json::object()}};
    return json{{"submods", {{"cpu0", {{"ear.status", status}, {"ear.veraison.annotated-evidence", evidence}}}}}};
  };
  const auto affirming = kbs::ResourcePolicy::recognise(source_file("templates/trustee/files/resource-policy.rego"));
  CHECK(*affirming.allows(claims("affirming", true), data));
  CHECK_FALSE(*affirming.allows(claims("contraindicated", true), data));
  CHECK_FALSE(*affirming.allows(json{{"submods", json::object()}}, data));
  const auto builtin = kbs::ResourcePolicy::builtin_default();
  CHECK_FALSE(*builtin.allows(claims("affirming", true), data));
  CHECK(*builtin.allows(claims("contraindicated", false), data));
  const auto allow_all = kbs::ResourcePolicy::recognise("package policy\nallow := true\n");
  CHECK(*allow_all.allows(claims("contraindicated", true), data));
}

namespace {
json rv(const std::map<std::string, json>& values, const std::string& id) {
  auto it = values.find(id);
  return it == values.end() ? json(nullptr) : it->second;
}
}  // namespace

TEST_CASE("cococtl's default_cpu policy gives the sample TEE no trust and an attested TDX guest affirming claims") {
  auto policy = kbs::AttestationPolicy::parse(source_file("templates/trustee/files/default-cpu.rego"));
  REQUIRE(policy.ok());
  const std::map<std::string, json> values{{"init_data", json::array({"digest-a", "digest-b"})}};
  auto lookup = [&](const std::string& id) { return rv(values, id); };
  const json sample{{"sample", {{"svn", "1"}, {"launch_digest", "abcde"}}}, {"report_data", "x"}};
  CHECK(*policy->trust_claims(sample, lookup) == json{{"executables", 33}, {"hardware", 97}, {"configuration", 36}});
  json tdx{
      {"tdx", {{"quote", {{"header", {{"tee_type", "81000000"}, {"vendor_id", "939a7233f79c4ca9940a0db3957f0607"}}}}}}},
      {"init_data", "digest-b"}};
  CHECK(*policy->trust_claims(tdx, lookup) == json{{"executables", 3}, {"hardware", 2}, {"configuration", 2}});
  tdx["init_data"] = "drifted";
  CHECK((*policy->trust_claims(tdx, lookup))["executables"] == 33);
}

TEST_CASE("attestation policies outside the evaluated rule forms are refused with the line") {
  auto permissive = kbs::AttestationPolicy::parse(
      "package policy\ntrust_claims := {\"executables\": 2, \"hardware\": 2, \"configuration\": 2}\n");
  REQUIRE(permissive.ok());
  CHECK((*permissive->trust_claims(json::object(), [](const std::string&) { return json(); }))["hardware"] == 2);
  auto upstream_style = kbs::AttestationPolicy::parse(
      "package policy\ndefault hardware := 97\ntrust_claims := {\"hardware\": hardware}\n\nextensions := [x | x := "
      "1]\n");
  REQUIRE_FALSE(upstream_style.ok());
  CHECK(upstream_style.error().message.find("line 5") != std::string::npos);
}

TEST_CASE("EAR status is the worst tier of the trustworthiness vector") {
  const json evidence{{"sample", json::object()}};
  CHECK((*kbs::appraisal(json{{"executables", 33}, {"hardware", 97}, {"configuration", 36}}, evidence))["ear.status"] ==
        "contraindicated");
  CHECK((*kbs::appraisal(json{{"executables", 3}, {"hardware", 2}, {"configuration", 2}}, evidence))["ear.status"] ==
        "affirming");
  CHECK((*kbs::appraisal(json{{"executables", 33}, {"hardware", 2}}, evidence))["ear.status"] == "warning");
  const auto none = *kbs::appraisal(nullptr, evidence);
  CHECK(none["ear.status"] == "none");
  CHECK(none["ear.trustworthiness-vector"].size() == 8);
  CHECK_FALSE(kbs::appraisal(json{{"speed", 2}}, evidence).ok());
}

TEST_CASE("resource JWEs decrypt with the TEE key, EC P-256 and RSA-OAEP-256") {
  for (bool rsa : {false, true}) {
    SampleAttester attester(rsa);
    auto jwe = kbs::encrypt_jwe(attester.jwk(), "payload bytes");
    REQUIRE(jwe.ok());
    CHECK(attester.decrypt(*jwe) == "payload bytes");
    const json parsed = json::parse(*jwe);
    const std::string header = *cococtl::crypto::base64_decode(parsed["protected"].get<std::string>(), true);
    CHECK(header.rfind(rsa ? R"({"alg":"RSA-OAEP-256","enc":"A256GCM"})"
                           : R"({"alg":"ECDH-ES+A256KW","enc":"A256GCM","epk":{"crv":"P-256","kty":"EC","x":")",
                       0) == 0);
    json tampered = parsed;
    std::string tag = *cococtl::crypto::base64_decode(parsed["tag"].get<std::string>(), true);
    tag[0] = static_cast<char>(tag[0] ^ 1);
    tampered["tag"] = cococtl::crypto::base64_encode(tag, true);
    CHECK_THROWS(attester.decrypt(tampered.dump()));
  }
  json p384 = SampleAttester().jwk();
  p384["crv"] = "P-384";
  CHECK(kbs::encrypt_jwe(p384, "x").error().message == "curve P-384 and algorithm ECDH-ES+A256KW is not supported");
}
