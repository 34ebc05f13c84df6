#include <cococtl/secrets/check.hpp>
#include <cococtl/secrets/generate.hpp>

#include "fixture.hpp"
#include "resign.hpp"

using namespace cococtl;
using namespace cococtl::test;
using secrets::Severity;

namespace {

const secrets::ItemReport& item(const secrets::CheckReport& report, const std::string& name) {
  for (const auto& i : report.items) {
    if (i.name == name) return i;
  }
  FAIL("no item " << name);
  return report.items.front();
}

// The finding `check` of an item, e.g. "san".
secrets::Finding finding(const secrets::ItemReport& item, const std::string& check) {
  secrets::Finding worst{check, Severity::ok, ""};
  bool found = false;
  for (const auto& f : item.findings) {
    if (f.check == check && (!found || f.severity > worst.severity)) worst = f, found = true;
  }
  REQUIRE(found);
  return worst;
}

struct Generated {
  ScratchDir scratch{"secrets-check"};
  std::filesystem::path dir = scratch.path() / "s";
  explicit Generated(secrets::KeyMaterialSpec spec = test_spec()) { REQUIRE(secrets::generate(spec, dir, {}).ok()); }
};

}  // namespace

TEST_CASE("check of a fresh folder: every item ok with algorithm, expiry and fingerprint") {
  Generated g;
  auto report = secrets::check(test_spec(), g.dir);
  REQUIRE(report.ok());
  CHECK(report->status == Severity::ok);
  const auto& tls = item(*report, "kbs-tls");
  CHECK(tls.algorithm == "ec-p256");
  CHECK(tls.days_to_expiry == 364);
  for (const char* c : {"present", "permissions", "algorithm", "key-matches-cert", "chain", "san", "expiry"}) {
    INFO(c);
    CHECK(finding(tls, c).severity == Severity::ok);
  }
  std::string fp = shell("openssl x509 -noout -fingerprint -sha256 -in " + (g.dir / "kbs-tls.crt").string()).out;
  fp.erase(std::remove(fp.begin(), fp.end(), ':'), fp.end());
  std::transform(fp.begin(), fp.end(), fp.begin(), [](unsigned char c) { return std::tolower(c); });
  CHECK(fp.find(tls.fingerprint) != std::string::npos);
  CHECK(item(*report, "kbs-admin").algorithm == "ed25519");
  CHECK(item(*report, "token-ca").days_to_expiry == 3649);
}

TEST_CASE("check does not write anything") {
  Generated g;
  const auto before = snapshot(g.dir);
  REQUIRE(secrets::check(test_spec(), g.dir).ok());
  CHECK(changed(before, snapshot(g.dir)).empty());
}

TEST_CASE("check of a missing folder fails on the folder and every item") {
  ScratchDir scratch("secrets-check-empty");
  auto report = secrets::check(test_spec(), scratch.path() / "nothing");
  REQUIRE(report.ok());
  CHECK(report->status == Severity::fail);
  CHECK(report->dir_findings.at(0).severity == Severity::fail);
  for (const auto& i : report->items) CHECK(finding(i, "present").severity == Severity::fail);
}

TEST_CASE("check flags a too-open key, a key/cert mismatch and a broken chain") {
  Generated g;
  std::filesystem::permissions(g.dir / "kbsPrivateKey", std::filesystem::perms(0644));
  std::filesystem::copy_file(g.dir / "token-signing.key", g.dir / "kbs-tls.key",
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(g.dir / "kbs-tls-ca.crt", g.dir / "token-signing-ca.crt",
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(g.dir / "kbs-tls-ca.key", g.dir / "token-signing-ca.key",
                             std::filesystem::copy_options::overwrite_existing);
  auto report = secrets::check(test_spec(), g.dir);
  REQUIRE(report.ok());
  CHECK(report->status == Severity::fail);
  const auto perm = finding(item(*report, "kbs-admin"), "permissions");
  CHECK(perm.severity == Severity::fail);
  CHECK(perm.message.find("too open") != std::string::npos);
  CHECK(finding(item(*report, "kbs-tls"), "key-matches-cert").severity == Severity::fail);
  const auto chain = finding(item(*report, "token-signer"), "chain");
  CHECK(chain.severity == Severity::fail);
  CHECK(chain.message.find("token-ca") != std::string::npos);
  CHECK(item(*report, "kbs-tls-ca").status == Severity::ok);
}

TEST_CASE("check flags a SAN that no longer matches kbs.<domain>") {
  Generated g;
  auto spec = test_spec();
  spec.kbs_host = "kbs.apps.new.example.com";
  auto report = secrets::check(spec, g.dir);
  REQUIRE(report.ok());
  const auto san = finding(item(*report, "kbs-tls"), "san");
  CHECK(san.severity == Severity::fail);
  CHECK(san.message.find("kbs.apps.test.example.com") != std::string::npos);
  CHECK(san.message.find("kbs.apps.new.example.com") != std::string::npos);
}

TEST_CASE("expiry: under 30 days warns, expired fails") {
  auto spec = test_spec();
  spec.validity_days = 10;
  Generated g(spec);
  auto soon = secrets::check(spec, g.dir);
  REQUIRE(soon.ok());
  CHECK(soon->status == Severity::warn);
  CHECK(finding(item(*soon, "kbs-tls"), "expiry").severity == Severity::warn);
  resign(g.dir / "kbs-tls.crt", g.dir / "kbs-tls-ca.key", -20 * 86400, -2 * 86400);
  auto expired = secrets::check(spec, g.dir);
  REQUIRE(expired.ok());
  const auto e = finding(item(*expired, "kbs-tls"), "expiry");
  CHECK(e.severity == Severity::fail);
  CHECK(e.message == "expired 2 day(s) ago");
  CHECK(item(*expired, "kbs-tls").days_to_expiry == -2);
}

TEST_CASE("a folder others can read is a warning") {
  Generated g;
  std::filesystem::permissions(g.dir, std::filesystem::perms(0755));
  auto report = secrets::check(test_spec(), g.dir);
  REQUIRE(report.ok());
  CHECK(report->dir_findings.at(0).severity == Severity::warn);
  CHECK(report->status == Severity::warn);
}

TEST_CASE("a PCCS hash that does not match its token fails") {
  auto spec = test_spec();
  spec.tdx_pccs = true;
  Generated g(spec);
  std::ofstream(g.dir / "pccs_admin_token_hash", std::ios::trunc) << std::string(128, '0');
  auto report = secrets::check(spec, g.dir);
  REQUIRE(report.ok());
  CHECK(finding(item(*report, "pccs-tokens"), "hash").severity == Severity::fail);
  const auto before = read_text(g.dir / "pccs_admin_token");
  REQUIRE(secrets::generate(spec, g.dir, {}).ok());  // repairs the hash, keeps the token
  CHECK(read_text(g.dir / "pccs_admin_token") == before);
  CHECK(secrets::check(spec, g.dir)->status == Severity::ok);
}
