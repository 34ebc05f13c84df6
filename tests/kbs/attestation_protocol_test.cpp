// The attestation client against the scripted KBS: what it sends (checked by the server side) and
// how it handles each answer.
#include "fake_kbs.hpp"
#include "silent_port.hpp"
#include "support/files.hpp"
#include "support/test_pki.hpp"

#include <cococtl/kbs/attestation.hpp>

#include <catch2/catch.hpp>

using namespace cococtl;
using namespace cococtl::kbs_test;
using nlohmann::json;
using test::slurp;
using test::test_pki;

namespace {

const std::string k_path = "default/kbsres1/key1";

struct Kbs {
  explicit Kbs(Script script)
      : admin(crypto::PrivateKey::generate(crypto::KeyType::ed25519).value()),
        fake(std::move(script), admin.public_key(), test_pki().server_cert, test_pki().server_key) {}
  crypto::PrivateKey admin;
  FakeKbs fake;
};

Script with_secret(Script script = {}) {
  script.resources[k_path] = std::string("top\0secret", 10);
  return script;
}

kbs::Endpoint endpoint_of(const FakeKbs& fake) {
  return {.url = fake.url(), .ca_pem = slurp(test_pki().ca_cert), .timeout = std::chrono::seconds(10)};
}

std::unique_ptr<kbs::AttestationClient> client_for(const kbs::Endpoint& endpoint, kbs::AttestOptions options = {}) {
  if (options.token_trust.empty()) options.token_trust = {trusted_signer().ca};
  return kbs::AttestationClient::create(endpoint, std::make_shared<kbs::SampleAttester>(), std::move(options)).value();
}

const kbs::ResourcePath& path() {
  static const auto p = kbs::parse_resource_path(k_path).value();
  return p;
}

std::string failure_of(util::Result<std::string> r) {
  REQUIRE_FALSE(r.ok());
  return r.error().message;
}

}  // namespace

TEST_CASE("RCAR 0.4.0 round trip: auth, attest with the cookie, verified token, decrypted resource (EC and RSA keys)") {
  for (const auto key_type : {kbs::TeeKeyType::ec_p256, kbs::TeeKeyType::rsa}) {
    INFO(kbs::tee_key_type_name(key_type));
    Kbs kbs(with_secret());
    auto client = client_for(endpoint_of(kbs.fake), {.key_type = key_type});
    const auto attestation = client->attest().value();
    CHECK(attestation.protocol_version == "0.4.0");
    CHECK(attestation.tee == "sample");
    CHECK(attestation.statuses == std::map<std::string, std::string>{{"cpu0", "affirming"}});
    CHECK(client->get_resource(path()).value() == std::string("top\0secret", 10));

    const auto seen = kbs.fake.seen();
    CHECK(seen.problems.empty());
    CHECK(seen.calls == std::vector<std::string>{"POST auth", "POST attest", "GET resource/" + k_path});
    CHECK(seen.auth_bodies.at(0) == json{{"version", "0.4.0"}, {"tee", "sample"}, {"extra-params", ""}});
    REQUIRE(seen.cookies.size() == 2);
    CHECK(seen.cookies[0] == seen.cookies[1]);
    CHECK_THAT(seen.cookies[0], Catch::StartsWith("kbs-session-id="));
    CHECK(seen.attest_body.size() == 2);  // runtime-data and tee-evidence; no init-data unless given
    CHECK(seen.attest_body["runtime-data"]["tee-pubkey"]["alg"] ==
          (key_type == kbs::TeeKeyType::rsa ? "RSA-OAEP-256" : "ECDH-ES+A256KW"));
  }
}

TEST_CASE("RCAR: init-data is sent as TOML text") {
  Kbs kbs(with_secret());
  const std::string toml = "version = \"0.1.0\"\nalgorithm = \"sha384\"\n[data]\n";
  CHECK(client_for(endpoint_of(kbs.fake), {.init_data_toml = toml})->attest().ok());
  const auto seen = kbs.fake.seen();
  CHECK(seen.problems.empty());
  CHECK(seen.attest_body["init-data"] == json{{"format", "toml"}, {"body", toml}});
}

TEST_CASE("RCAR: an older KBS naming 0.2.0 or 0.1.x in its mismatch answer gets the legacy messages") {
  for (const std::string& version : std::vector<std::string>{"0.2.0", "0.1.1", "0.1.0"}) {
    INFO(version);
    Script script = with_secret();
    script.version = version;
    Kbs kbs(script);
    auto client = client_for(endpoint_of(kbs.fake));
    CHECK(client->attest().value().protocol_version == version);
    const auto seen = kbs.fake.seen();
    CHECK(seen.problems.empty());
    REQUIRE(seen.auth_bodies.size() == 2);
    CHECK(seen.auth_bodies[0]["version"] == "0.4.0");
    CHECK(seen.auth_bodies[1]["version"] == version);
    CHECK(seen.attest_body.contains("tee-pubkey"));
    const auto resource = client->get_resource(path());
    if (version == "0.2.0") {
      CHECK(resource.value() == std::string("top\0secret", 10));
    } else {
      CHECK_THAT(failure_of(resource), Catch::Contains("pre-RFC 7516 JWE"));
    }
  }
}

TEST_CASE("RCAR: a version mismatch cococtl cannot fall back from shows the KBS's detail") {
  Script script;
  script.version = "0.5.0";
  Kbs kbs(script);
  const auto r = client_for(endpoint_of(kbs.fake))->attest();
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == util::ExitCode::failure);
  CHECK_THAT(r.error().message, Catch::Contains("Version Mismatch: expect =0.5.0 while the request is 0.4.0"));
  CHECK(kbs.fake.seen().auth_bodies.size() == 1);
}

TEST_CASE("RCAR: refusals and bad answers are errors that say what happened") {
  const auto attest_error = [](Script script) {
    Kbs kbs(std::move(script));
    const auto r = client_for(endpoint_of(kbs.fake))->attest();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == util::ExitCode::failure);
    return r.error().message;
  };
  const auto resource_error = [](Script script) {
    Kbs kbs(std::move(script));
    auto r = client_for(endpoint_of(kbs.fake))->get_resource(path());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == util::ExitCode::failure);
    return r.error().message;
  };
  Script deny = with_secret();
  deny.release = false;
  CHECK(resource_error(deny) ==
        "get resource " + k_path +
            ": refused by the KBS resource policy (KBS answered HTTP 401 PolicyDeny: Access denied by policy)");
  CHECK_THAT(resource_error(Script{}), Catch::Contains("no such resource"));
  Script tampered = with_secret();
  tampered.jwe.flip_tag = true;
  CHECK_THAT(resource_error(tampered),
             Catch::Contains("get resource " + k_path + ": AES-GCM authentication tag does not match"));

  Script other_nonce;
  other_nonce.token_for_other_nonce = true;
  CHECK_THAT(attest_error(other_nonce), Catch::Contains("issued for another nonce"));
  Script expired;
  expired.ear.exp_offset = -3600;
  CHECK_THAT(attest_error(expired), Catch::Contains("attestation token: JWT has expired"));
  Script impostor;
  impostor.untrusted_signer = true;
  CHECK_THAT(attest_error(impostor), Catch::Contains("certificate chain does not verify"));
  Script no_cookie;
  no_cookie.set_cookie = false;
  CHECK_THAT(attest_error(no_cookie), Catch::Contains("no kbs-session-id cookie"));
}

TEST_CASE("RCAR: TLS is verified against the KBS CA, --connect-to keeps the host name, timeouts exit 5") {
  Kbs kbs(with_secret());
  auto wrong_ca = endpoint_of(kbs.fake);
  wrong_ca.ca_pem = slurp(test_pki().other_ca_cert);
  const auto tls = client_for(wrong_ca)->attest();
  REQUIRE_FALSE(tls.ok());
  CHECK(tls.error().code == util::ExitCode::failure);
  CHECK_THAT(tls.error().message, Catch::Contains("TLS certificate verification failed"));

  FakeKbs renamed(with_secret(), kbs.admin.public_key(), test_pki().other_host_cert, test_pki().other_host_key);
  const std::string port = std::to_string(renamed.port());
  auto routed = endpoint_of(renamed);
  routed.url = "https://other.example:" + port;
  routed.connect_to = {"other.example:" + port + ":127.0.0.1:" + port};
  CHECK(client_for(routed)->get_resource(path()).ok());
  routed.url = "https://127.0.0.1:" + port;  // the right server, but its certificate does not name this host
  CHECK_FALSE(client_for(routed)->attest().ok());

  SilentPort silent_port;  // never answers: the TLS handshake cannot finish
  silent_port.listen();
  auto silent = endpoint_of(kbs.fake);
  silent.url = "https://127.0.0.1:" + std::to_string(silent_port.port());
  silent.timeout = std::chrono::milliseconds(500);
  const auto timeout = client_for(silent)->attest();
  REQUIRE_FALSE(timeout.ok());
  CHECK(timeout.error().code == util::ExitCode::timed_out);
}

TEST_CASE("RCAR: a client needs a token CA and an https URL") {
  const auto sample = std::make_shared<kbs::SampleAttester>();
  CHECK(kbs::AttestationClient::create({.url = "https://kbs.example"}, sample, {}).error().code ==
        util::ExitCode::invalid_input);
  CHECK(kbs::AttestationClient::create({.url = "http://kbs.example"}, sample, {.token_trust = {trusted_signer().ca}})
            .error()
            .code == util::ExitCode::invalid_input);
}
