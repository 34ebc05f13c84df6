// The admin client against the scripted KBS: bodies exactly as Trustee decodes them, a fresh
// EdDSA token on every call, and clear failures.
#include "fake_kbs.hpp"
#include "support/files.hpp"
#include "support/test_pki.hpp"

#include <cococtl/crypto/encoding.hpp>
#include <cococtl/kbs/admin.hpp>

#include <catch2/catch.hpp>

using namespace cococtl;
using namespace cococtl::kbs_test;
using nlohmann::json;
using test::slurp;
using test::test_pki;

namespace {

struct Admin {
  Admin()
      : key(crypto::PrivateKey::generate(crypto::KeyType::ed25519).value()),
        fake(Script{}, key.public_key(), test_pki().server_cert, test_pki().server_key) {}
  std::unique_ptr<kbs::AdminClient> client(const crypto::PrivateKey& signing_key) const {
    return kbs::AdminClient::create({.url = fake.url(), .ca_pem = slurp(test_pki().ca_cert)}, signing_key).value();
  }
  crypto::PrivateKey key;
  FakeKbs fake;
};

// A policy whose standard base64 has '+', '/' and padding, so only base64url without padding passes.
const std::string k_policy = "package policy\n# ~~~?\?\?>>> keep\n";

}  // namespace

TEST_CASE("admin: every call reaches the KBS in the form Trustee reads") {
  REQUIRE(crypto::base64_encode(k_policy).find_first_of("+/=") != std::string::npos);
  Admin admin;
  auto client = admin.client(admin.key);
  const auto path = kbs::parse_resource_path("default/kbsres1/key1").value();
  const std::string secret("\0binary\xff", 8);
  REQUIRE(client->set_resource(path, secret).ok());
  REQUIRE(client->set_resource(kbs::parse_resource_path("default/gone/k").value(), "x").ok());
  REQUIRE(client->delete_resource(kbs::parse_resource_path("default/gone/k").value()).ok());
  REQUIRE(client->set_attestation_policy(k_policy).ok());
  REQUIRE(client->set_resource_policy(k_policy).ok());
  REQUIRE(client->set_reference_value("svn", json::array({"1"})).ok());
  REQUIRE(client->set_reference_value("major_version", 1).ok());
  CHECK(client->get_reference_value("svn").value() == json::array({"1"}));
  CHECK(client->get_reference_value("major_version").value() == 1);

  const auto seen = admin.fake.seen();
  CHECK(seen.problems.empty());
  CHECK(seen.stored == std::map<std::string, std::string>{{"default/kbsres1/key1", secret}});
  CHECK(seen.attestation_policy_id == "default_cpu");
  CHECK(seen.attestation_policy == k_policy);
  CHECK(seen.resource_policy == k_policy);
  CHECK(seen.calls == std::vector<std::string>{"POST resource/default/kbsres1/key1", "POST resource/default/gone/k",
                                               "DELETE resource/default/gone/k", "POST attestation-policy",
                                               "POST resource-policy", "POST reference-value", "POST reference-value",
                                               "GET reference-value/svn", "GET reference-value/major_version"});
  REQUIRE(seen.admin_claims.size() == 9);
  for (const auto& claims : seen.admin_claims) CHECK(claims["role"] == "admin");
}

TEST_CASE("admin: a key the KBS does not know is an authentication failure, named as such") {
  Admin admin;
  const auto stranger = crypto::PrivateKey::generate(crypto::KeyType::ed25519).value();
  const auto r = admin.client(stranger)->set_resource_policy(k_policy);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == util::ExitCode::failure);
  CHECK_THAT(r.error().message, Catch::StartsWith("set resource policy: admin authentication failed"));
  CHECK_THAT(r.error().message, Catch::Contains("HTTP 401 AdminAuthAccess"));
  CHECK(admin.fake.seen().stored.empty());
}

TEST_CASE("admin: a missing reference value and bad names") {
  Admin admin;
  auto client = admin.client(admin.key);
  const auto missing = client->get_reference_value("nothing");
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.error().message, Catch::StartsWith("get reference value nothing: reference value not found"));
  CHECK(client->get_reference_value("a/b").error().code == util::ExitCode::invalid_input);
  CHECK(client->set_reference_value("", 1).error().code == util::ExitCode::invalid_input);
  CHECK(client->set_attestation_policy(k_policy, "default cpu").error().code == util::ExitCode::invalid_input);
  CHECK(admin.fake.seen().calls == std::vector<std::string>{"GET reference-value/nothing"});  // bad input sent nothing
  const auto ec = crypto::PrivateKey::generate(crypto::KeyType::ec_p256).value();
  CHECK(kbs::AdminClient::create({.url = admin.fake.url()}, ec).error().code == util::ExitCode::invalid_input);
}
