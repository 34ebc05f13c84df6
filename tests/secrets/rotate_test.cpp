#include <cococtl/secrets/generate.hpp>

#include "fixture.hpp"
#include "resign.hpp"

using namespace cococtl;
using namespace cococtl::test;
using secrets::ItemAction;
using Names = std::set<std::string>;

namespace {

secrets::GenerateOptions rotate(std::vector<std::string> names) {
  secrets::GenerateOptions options;
  options.rotate = std::move(names);
  return options;
}

struct Generated {
  ScratchDir scratch{"secrets-rotate"};
  std::filesystem::path dir = scratch.path() / "s";
  Generated() { REQUIRE(secrets::generate(test_spec(), dir, {}).ok()); }
};

}  // namespace

TEST_CASE("rotating kbs-tls replaces only the KBS leaf key and certificate") {
  Generated g;
  const auto before = snapshot(g.dir);
  auto report = secrets::generate(test_spec(), g.dir, rotate({"kbs-tls"}));
  REQUIRE(report.ok());
  CHECK(changed(before, snapshot(g.dir)) == Names{"kbs-tls.crt", "kbs-tls.key"});
  CHECK(outcome(*report, "kbs-tls").action == ItemAction::replaced);
  CHECK(outcome(*report, "kbs-tls").reason == "rotated");
  CHECK(outcome(*report, "kbs-tls-ca").action == ItemAction::kept);
  CHECK(shell("openssl verify -CAfile " + (g.dir / "kbs-tls-ca.crt").string() + " " + (g.dir / "kbs-tls.crt").string()).rc == 0);
}

TEST_CASE("rotating kbs-tls-ca re-issues the leaf from the new CA but keeps the leaf key") {
  Generated g;
  const auto before = snapshot(g.dir);
  auto report = secrets::generate(test_spec(), g.dir, rotate({"kbs-tls-ca"}));
  REQUIRE(report.ok());
  CHECK(changed(before, snapshot(g.dir)) == Names{"kbs-tls-ca.crt", "kbs-tls-ca.key", "kbs-tls.crt"});
  const auto leaf = outcome(*report, "kbs-tls");
  CHECK(leaf.action == ItemAction::replaced);
  CHECK(leaf.reason.find("kbs-tls-ca") != std::string::npos);
  CHECK(shell("openssl verify -CAfile " + (g.dir / "kbs-tls-ca.crt").string() + " " + (g.dir / "kbs-tls.crt").string()).rc == 0);
}

TEST_CASE("rotating kbsres1 replaces exactly its three values") {
  Generated g;
  const auto before = snapshot(g.dir);
  REQUIRE(secrets::generate(test_spec(), g.dir, rotate({"kbsres1"})).ok());
  CHECK(changed(before, snapshot(g.dir)) == Names{"kbsres1-key1", "kbsres1-key2", "kbsres1-key3"});
}

TEST_CASE("force replaces every file") {
  Generated g;
  const auto before = snapshot(g.dir);
  secrets::GenerateOptions force;
  force.force = true;
  REQUIRE(secrets::generate(test_spec(), g.dir, force).ok());
  const auto after = snapshot(g.dir);
  for (const auto& [name, state] : before) {
    if (name == ".lock") continue;
    INFO(name);
    CHECK(after.at(name).content != state.content);
  }
}

TEST_CASE("unknown or disabled --rotate names are usage errors with a hint") {
  Generated g;
  auto typo = secrets::generate(test_spec(), g.dir, rotate({"kbs-tsl"}));
  REQUIRE_FALSE(typo.ok());
  CHECK(typo.error().code == util::ExitCode::usage);
  CHECK(typo.error().message.find("did you mean \"kbs-tls\"") != std::string::npos);
  auto disabled = secrets::generate(test_spec(), g.dir, rotate({"pccs-tls"}));
  REQUIRE_FALSE(disabled.ok());
  CHECK(disabled.error().message.find("not enabled") != std::string::npos);
}

TEST_CASE("a new hub domain re-issues only the KBS leaf, with the same key") {
  Generated g;
  const auto before = snapshot(g.dir);
  auto spec = test_spec();
  spec.kbs_host = "kbs.apps.other.example.org";
  auto report = secrets::generate(spec, g.dir, {});
  REQUIRE(report.ok());
  CHECK(changed(before, snapshot(g.dir)) == Names{"kbs-tls.crt"});
  CHECK(outcome(*report, "kbs-tls").reason.find("SAN is") != std::string::npos);
  const auto text = shell("openssl x509 -noout -ext subjectAltName -in " + (g.dir / "kbs-tls.crt").string()).out;
  CHECK(text.find("DNS:kbs.apps.other.example.org") != std::string::npos);
}

TEST_CASE("a different KBS key algorithm replaces the KBS CA and leaf") {
  Generated g;
  const auto before = snapshot(g.dir);
  auto spec = test_spec();
  spec.kbs_tls_key_type = crypto::KeyType::rsa2048;
  auto report = secrets::generate(spec, g.dir, {});
  REQUIRE(report.ok());
  CHECK(changed(before, snapshot(g.dir)) == Names{"kbs-tls-ca.crt", "kbs-tls-ca.key", "kbs-tls.crt", "kbs-tls.key"});
  CHECK(outcome(*report, "kbs-tls").algorithm == "rsa2048");
}

TEST_CASE("an expired leaf is renewed by the next generate, one about to expire is kept") {
  Generated g;
  resign(g.dir / "kbs-tls.crt", g.dir / "kbs-tls-ca.key", -10 * 86400, -86400);
  auto report = secrets::generate(test_spec(), g.dir, {});
  REQUIRE(report.ok());
  CHECK(outcome(*report, "kbs-tls").action == ItemAction::replaced);
  CHECK(outcome(*report, "kbs-tls").reason.find("expired") != std::string::npos);
  resign(g.dir / "token-signing.crt", g.dir / "token-signing-ca.key", -86400, 5 * 86400);
  auto again = secrets::generate(test_spec(), g.dir, {});
  REQUIRE(again.ok());
  CHECK(outcome(*again, "token-signer").action == ItemAction::kept);
}

TEST_CASE("a key written without its certificate (crash in between) is repaired on the next run") {
  Generated g;
  REQUIRE(std::filesystem::copy_file(g.dir / "token-signing.key", g.dir / "kbs-tls.key",
                                     std::filesystem::copy_options::overwrite_existing));
  auto report = secrets::generate(test_spec(), g.dir, {});
  REQUIRE(report.ok());
  CHECK(outcome(*report, "kbs-tls").reason.find("does not belong") != std::string::npos);
  CHECK(shell("openssl verify -CAfile " + (g.dir / "kbs-tls-ca.crt").string() + " " + (g.dir / "kbs-tls.crt").string()).rc == 0);
}
