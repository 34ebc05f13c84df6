#include "support/shell.hpp"

#include <cococtl/crypto/certificate.hpp>
#include <cococtl/render/initdata.hpp>

#include <nlohmann/json.hpp>

using namespace cococtl;
using cococtl::test::ScratchDir;
using cococtl::test::shell;
using Flavour = render::InitdataInputs::Flavour;

namespace {

std::string test_ca() {
  static const std::string pem = [] {
    auto key = crypto::PrivateKey::generate(crypto::KeyType::ec_p256).value();
    crypto::CertificateSpec spec;
    spec.common_name = "initdata test CA";
    spec.is_ca = true;
    return crypto::issue_certificate(spec, key, key, nullptr).value().to_pem().value();
  }();
  return pem;
}

render::InitdataInputs inputs(Flavour flavour = Flavour::default_policy,
                              crypto::DigestAlgorithm algorithm = crypto::DigestAlgorithm::sha256) {
  render::InitdataInputs in;
  in.kbs_url = "https://kbs.apps.test.example.com";
  in.kbs_ca_pem = test_ca();
  in.algorithm = algorithm;
  in.flavour = flavour;
  return in;
}

// Parses the document with Python's tomllib (what the pattern's playbook reads it back with) and
// returns {top level, aa.toml parsed, cdh.toml parsed} as JSON.
nlohmann::json parse_with_tomllib(const ScratchDir& dir, const std::string& toml) {
  const auto file = dir.write("initdata.toml", toml);
  const auto script = dir.write("parse.py", R"(import json, sys, tomllib
doc = tomllib.load(open(sys.argv[1], "rb"))
out = {"top": doc, "aa": tomllib.loads(doc["data"]["aa.toml"]), "cdh": tomllib.loads(doc["data"]["cdh.toml"])}
print(json.dumps(out))
)");
  const auto result = shell("python3 " + script + " " + file);
  REQUIRE(result.rc == 0);
  return nlohmann::json::parse(result.out);
}

}  // namespace

TEST_CASE("the default document parses as TOML with the pattern's structure and values") {
  ScratchDir dir("initdata-toml");
  const auto data = render::build_initdata(inputs()).value();
  const auto j = parse_with_tomllib(dir, data.toml);
  CHECK(j["top"]["version"] == "0.1.0");
  CHECK(j["top"]["algorithm"] == "sha256");
  CHECK(j["top"]["data"].size() == 3);
  CHECK(j["top"]["data"]["aa.toml"] == data.aa_toml);
  CHECK(j["top"]["data"]["cdh.toml"] == data.cdh_toml);
  CHECK(j["top"]["data"]["policy.rego"] == data.policy_rego);
  CHECK(j["aa"]["token_configs"]["kbs"]["url"] == "https://kbs.apps.test.example.com");
  CHECK(j["aa"]["token_configs"]["coco_as"]["url"] == "https://kbs.apps.test.example.com");
  CHECK(j["aa"]["token_configs"]["kbs"]["cert"] == test_ca());
  CHECK(j["cdh"]["socket"] == "unix:///run/confidential-containers/cdh.sock");
  CHECK(j["cdh"]["kbc"]["name"] == "cc_kbc");
  CHECK(j["cdh"]["kbc"]["url"] == "https://kbs.apps.test.example.com");
  CHECK(j["cdh"]["kbc"]["kbs_cert"] == test_ca());
  CHECK(j["cdh"]["credentials"].empty());
  CHECK(j["cdh"]["image"]["image_security_policy_uri"] == "kbs:///default/security-policy/insecure");
  CHECK_FALSE(j["cdh"]["image"].contains("authenticated_registry_credentials_uri"));
}

TEST_CASE("the document text follows the pattern's template byte for byte where it is fixed") {
  const auto data = render::build_initdata(inputs()).value();
  CHECK(data.toml.rfind("algorithm = \"sha256\"\nversion = \"0.1.0\"\n\n[data]\n\"aa.toml\" = '''\n[token_configs]\n"
                        "[token_configs.coco_as]\nurl = \"https://kbs.apps.test.example.com\"\n",
                        0) == 0);
  CHECK(data.toml.find("cert = \"\"\"-----BEGIN CERTIFICATE-----\n") != std::string::npos);
  CHECK(data.toml.find("-----END CERTIFICATE-----\n\"\"\"\n'''\n\n\"cdh.toml\"  = '''\nsocket = ") != std::string::npos);
  CHECK(data.toml.find("\"\"\"\n\n\n[image]\nimage_security_policy_uri = 'kbs:///default/security-policy/insecure'\n'''\n\n"
                       "\"policy.rego\" = '''\npackage agent_policy\n") != std::string::npos);
  CHECK(data.toml.find("default SetPolicyRequest := true \n") != std::string::npos);  // the template's trailing space
  CHECK(data.toml.size() - data.toml.rfind("}\n'''\n") == 6);  // ends right after the policy
}

TEST_CASE("default policy denies exec and streams except the two probes, debug allows everything") {
  const auto def = render::build_initdata(inputs()).value().policy_rego;
  for (const char* rule : {"default ExecProcessRequest := false", "default ReadStreamRequest := false",
                           "default WriteStreamRequest := false"}) {
    CHECK(def.find(rule) != std::string::npos);
  }
  CHECK(def.find("\"curl http://127.0.0.1:8006/cdh/resource/default/attestation-status/status\"") != std::string::npos);
  CHECK(def.find("\"curl http://127.0.0.1:8006/cdh/resource/default/attestation-status/random\"") != std::string::npos);
  const auto debug = render::build_initdata(inputs(Flavour::debug)).value().policy_rego;
  CHECK(debug.find(":= false") == std::string::npos);
  CHECK(debug.find("default ExecProcessRequest := true") != std::string::npos);
  CHECK(debug.find("allowed_commands") == std::string::npos);
}

TEST_CASE("the annotation is base64(gzip(toml)) without wrapping and round-trips through base64 -d | gunzip") {
  ScratchDir dir("initdata-annotation");
  const auto data = render::build_initdata(inputs()).value();
  CHECK(data.annotation.find('\n') == std::string::npos);
  dir.write("annotation", data.annotation);
  CHECK(shell("base64 -d " + dir.file("annotation") + " | gunzip").out == data.toml);
  CHECK(std::string(render::k_initdata_annotation) == "io.katacontainers.config.hypervisor.cc_init_data");
}

TEST_CASE("digests agree with sha256sum / sha384sum / sha512sum, PCR8, MRCONFIGID and HOST_DATA forms") {
  ScratchDir dir("initdata-digest");
  for (const auto a : {crypto::DigestAlgorithm::sha256, crypto::DigestAlgorithm::sha384, crypto::DigestAlgorithm::sha512}) {
    const std::string name(crypto::digest_name(a));
    INFO(name);
    const auto data = render::build_initdata(inputs(Flavour::default_policy, a)).value();
    CHECK(data.algorithm == name);
    CHECK(data.toml.rfind("algorithm = \"" + name + "\"\n", 0) == 0);
    const auto file = dir.write("initdata.toml", data.toml);
    const auto sum = shell(name + "sum " + file).out;
    CHECK(sum.substr(0, data.digest_hex.size()) == data.digest_hex);
    // MRCONFIGID is 48 bytes: sha256 zero-padded, sha384 as is, sha512 truncated. HOST_DATA is 32.
    CHECK(data.mrconfigid_hex.size() == 96);
    CHECK(data.host_data_hex.size() == 64);
    const std::string padded = (data.digest_hex + std::string(96, '0')).substr(0, 96);
    CHECK(data.mrconfigid_hex == padded);
    CHECK(data.host_data_hex == data.digest_hex.substr(0, 64));
    // PCR8: a TPM extend of a zero PCR with the (32-byte) digest, computed by the system tools.
    const auto pcr8 = shell("(head -c 32 /dev/zero; openssl dgst -" + name + " -binary " + file +
                            " | head -c 32) | sha256sum");
    CHECK(pcr8.out.substr(0, 64) == data.pcr8_hex);
  }
}

TEST_CASE("build_initdata is byte-for-byte reproducible, and inputs change it") {
  const auto a = render::build_initdata(inputs()).value();
  const auto b = render::build_initdata(inputs()).value();
  CHECK(a.toml == b.toml);
  CHECK(a.annotation == b.annotation);
  CHECK(a.digest_hex == b.digest_hex);
  auto other = inputs();
  other.security_policy_flavour = "signed";
  CHECK(render::build_initdata(other).value().digest_hex != a.digest_hex);
  CHECK(render::build_initdata(inputs(Flavour::debug)).value().digest_hex != a.digest_hex);
  auto crlf = inputs();
  std::string pem;
  for (const char c : test_ca()) pem += c == '\n' ? std::string("\r\n") : std::string(1, c);
  crlf.kbs_ca_pem = "\n" + pem + "\n\n";
  CHECK(render::build_initdata(crlf).value().toml == a.toml);  // same certificate, same bytes
}

TEST_CASE("inputs that could break out of the TOML strings are refused") {
  auto url = inputs();
  url.kbs_url = "https://kbs.example.com\"\n[evil]";
  CHECK_FALSE(render::build_initdata(url).ok());
  url.kbs_url = "http://kbs.example.com";
  CHECK_FALSE(render::build_initdata(url).ok());
  auto flavour = inputs();
  flavour.security_policy_flavour = "insecure'\nx = 1";
  CHECK_FALSE(render::build_initdata(flavour).ok());
  auto pem = inputs();
  pem.kbs_ca_pem = test_ca() + "'''\n[data]\n";
  CHECK_FALSE(render::build_initdata(pem).ok());
  pem.kbs_ca_pem = "-----BEGIN CERTIFICATE-----\nAA\"\"\"AA\n-----END CERTIFICATE-----\n";
  CHECK_FALSE(render::build_initdata(pem).ok());
  pem.kbs_ca_pem = "";
  auto empty = render::build_initdata(pem);
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().code == util::ExitCode::invalid_input);
}

TEST_CASE("optional registry settings are written as the later pattern template writes them") {
  ScratchDir dir("initdata-registry");
  auto in = inputs();
  in.registry_credentials_uri = "kbs:///default/credential/regcred";
  in.extra_root_certificates = {test_ca(), test_ca()};
  const auto data = render::build_initdata(in).value();
  const auto j = parse_with_tomllib(dir, data.toml);
  CHECK(j["cdh"]["image"]["authenticated_registry_credentials_uri"] == "kbs:///default/credential/regcred");
  REQUIRE(j["cdh"]["image"]["extra_root_certificates"].size() == 2);
  CHECK(j["cdh"]["image"]["extra_root_certificates"][0] == test_ca());
}

TEST_CASE("flavour names parse") {
  CHECK(render::parse_flavour("debug").value() == Flavour::debug);
  CHECK(render::parse_flavour("default").value() == Flavour::default_policy);
  CHECK_FALSE(render::parse_flavour("Debug").ok());
  CHECK(render::flavour_name(Flavour::debug) == "debug");
}
