#include <cococtl/crypto/digest.hpp>
#include <cococtl/secrets/generate.hpp>

#include "fixture.hpp"

#include <set>

using namespace cococtl;
using namespace cococtl::test;
using secrets::ItemAction;

namespace {
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("generate creates every item with the right modes, openssl verifies chains, SANs and key usage") {
  ScratchDir scratch("secrets-gen");
  const auto dir = scratch.path() / "s";
  auto report = secrets::generate(test_spec(), dir, {});
  REQUIRE(report.ok());
  for (const auto& item : report->items) {
    INFO(item.name);
    CHECK(item.action == ItemAction::created);
    CHECK(item.reason == "missing");
  }
  struct stat st {};
  REQUIRE(::stat(dir.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  const auto snap = snapshot(dir);
  for (const auto& item : secrets::enabled_items(test_spec())) {
    for (const auto& f : item.files) {
      INFO(f.name);
      REQUIRE(snap.count(f.name));
      CHECK(snap.at(f.name).mode == (f.is_private ? 0600 : 0644));
    }
  }
  const auto path = [&](const char* name) { return (dir / name).string(); };
  // KBS HTTPS: leaf verifies against the private CA for TLS server use, with the SANs asked for.
  auto verify = shell("openssl verify -purpose sslserver -CAfile " + path("kbs-tls-ca.crt") + " " + path("kbs-tls.crt"));
  CHECK(verify.rc == 0);
  const auto leaf = shell("openssl x509 -text -noout -in " + path("kbs-tls.crt")).out;
  CHECK(has(leaf, "DNS:kbs.apps.test.example.com, DNS:kbs-service, IP Address:10.1.2.3"));
  CHECK(has(leaf, "CA:FALSE"));
  CHECK(has(leaf, "TLS Web Server Authentication"));
  CHECK(has(leaf, "Subject: O = cococtl, CN = kbs.apps.test.example.com"));
  CHECK(has(leaf, "ASN1 OID: prime256v1"));
  const auto ca = shell("openssl x509 -text -noout -in " + path("kbs-tls-ca.crt")).out;
  CHECK(has(ca, "CA:TRUE"));
  CHECK(has(ca, "Certificate Sign, CRL Sign"));
  // Token signer: EC P-256 chained to its own CA.
  CHECK(shell("openssl verify -CAfile " + path("token-signing-ca.crt") + " " + path("token-signing.crt")).rc == 0);
  CHECK(has(shell("openssl pkey -text -noout -in " + path("token-signing.key")).out, "prime256v1"));
  // KBS admin: Ed25519 PKCS#8, and the public file is what openssl derives.
  CHECK(has(snap.at("kbsPrivateKey").content, "-----BEGIN " "PRIVATE KEY-----"));
  CHECK(shell("openssl pkey -in " + path("kbsPrivateKey") + " -pubout").out == snap.at("kbsPublicKey").content);
  CHECK(has(shell("openssl pkey -text -noout -in " + path("kbsPrivateKey")).out, "ED25519"));
  // Random values: 32 characters from [A-Za-z0-9], all different.
  std::set<std::string> values;
  for (const char* f : {"kbsres1-key1", "kbsres1-key2", "kbsres1-key3", "passphrase", "attestation-status-random"}) {
    const auto& v = snap.at(f).content;
    CHECK(v.size() == 32);
    CHECK(std::all_of(v.begin(), v.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }));
    values.insert(v);
  }
  CHECK(values.size() == 5);
  CHECK_FALSE(snap.count("pccs_private.pem"));  // tdx_pccs off
  CHECK_FALSE(snap.count("id_rsa"));           // ssh_debug off
}

TEST_CASE("a second run changes nothing: same bytes, same modes, same mtimes") {
  ScratchDir scratch("secrets-idem");
  const auto dir = scratch.path() / "s";
  auto spec = test_spec();
  spec.tdx_pccs = true;
  REQUIRE(secrets::generate(spec, dir, {}).ok());
  const auto before = snapshot(dir);
  auto again = secrets::generate(spec, dir, {});
  REQUIRE(again.ok());
  for (const auto& item : again->items) CHECK(item.action == ItemAction::kept);
  CHECK(changed(before, snapshot(dir)).empty());
}

TEST_CASE("bare-metal TDX adds the PCCS pair and tokens, hashes match sha512sum") {
  ScratchDir scratch("secrets-pccs");
  const auto dir = scratch.path() / "s";
  auto spec = test_spec();
  spec.tdx_pccs = true;
  REQUIRE(secrets::generate(spec, dir, {}).ok());
  const auto cert = (dir / "pccs_certificate.pem").string();
  CHECK(shell("openssl verify -CAfile " + cert + " " + cert).rc == 0);
  const auto text = shell("openssl x509 -text -noout -in " + cert).out;
  CHECK(has(text, "CN = pccs-service.intel-dcap.svc.cluster.local"));
  CHECK(has(text, "DNS:pccs-service.intel-dcap.svc.cluster.local"));
  CHECK(has(shell("openssl pkey -text -noout -in " + (dir / "pccs_private.pem").string()).out, "2048 bit"));
  for (const std::string who : {"user", "admin"}) {
    const auto token = dir / ("pccs_" + who + "_token");
    const auto sum = shell("sha512sum " + token.string()).out.substr(0, 128);
    CHECK(read_text(dir / ("pccs_" + who + "_token_hash")) == sum);
  }
}

TEST_CASE("the SSH debug key is one ssh-keygen reads, and id_rsa.pub matches it") {
  ScratchDir scratch("secrets-ssh");
  const auto dir = scratch.path() / "s";
  auto spec = test_spec();
  spec.ssh_debug = true;
  REQUIRE(secrets::generate(spec, dir, {}).ok());
  const auto derived = shell("ssh-keygen -y -f " + (dir / "id_rsa").string());
  REQUIRE(derived.rc == 0);
  const std::string pub = read_text(dir / "id_rsa.pub");
  CHECK(pub.rfind(derived.out.substr(0, derived.out.size() - 1) + " ", 0) == 0);
  CHECK(has(shell("ssh-keygen -l -f " + (dir / "id_rsa.pub").string()).out, "4096"));
}

TEST_CASE("generate refuses a too-open private key and tells how to fix it") {
  ScratchDir scratch("secrets-perm");
  const auto dir = scratch.path() / "s";
  REQUIRE(secrets::generate(test_spec(), dir, {}).ok());
  std::filesystem::permissions(dir / "kbs-tls.key", std::filesystem::perms(0644));
  const auto before = snapshot(dir);
  auto refused = secrets::generate(test_spec(), dir, {});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == util::ExitCode::invalid_input);
  CHECK(has(refused.error().message, "permissions 0644"));
  CHECK(has(refused.error().message, "chmod 600"));
  CHECK(has(refused.error().message, "--rotate kbs-tls"));
  CHECK(changed(before, snapshot(dir)).empty());
  // Group-readable is refused too; chmod 600 fixes it without changing anything else.
  std::filesystem::permissions(dir / "kbs-tls.key", std::filesystem::perms(0640));
  CHECK_FALSE(secrets::generate(test_spec(), dir, {}).ok());
  std::filesystem::permissions(dir / "kbs-tls.key", std::filesystem::perms(0600));
  CHECK(secrets::generate(test_spec(), dir, {}).ok());
}

TEST_CASE("a corrupt private key is not silently replaced") {
  ScratchDir scratch("secrets-corrupt");
  const auto dir = scratch.path() / "s";
  REQUIRE(secrets::generate(test_spec(), dir, {}).ok());
  std::ofstream(dir / "kbsPrivateKey", std::ios::trunc) << "garbage";
  auto refused = secrets::generate(test_spec(), dir, {});
  REQUIRE_FALSE(refused.ok());
  CHECK(has(refused.error().message, "kbs-admin"));
  CHECK(has(refused.error().message, "--rotate kbs-admin"));
  secrets::GenerateOptions rotate;
  rotate.rotate = {"kbs-admin"};
  CHECK(secrets::generate(test_spec(), dir, rotate).ok());
}

TEST_CASE("leftover temporary files of a killed run are removed, a held lock refuses a second run") {
  ScratchDir scratch("secrets-tmp");
  const auto dir = scratch.path() / "s";
  REQUIRE(secrets::generate(test_spec(), dir, {}).ok());
  std::ofstream(dir / ".kbs-tls.key.tmp-0123abcd") << "-----BEGIN PRIV";
  REQUIRE(secrets::generate(test_spec(), dir, {}).ok());
  CHECK_FALSE(std::filesystem::exists(dir / ".kbs-tls.key.tmp-0123abcd"));
  const int fd = ::open((dir / ".lock").c_str(), O_RDWR);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX) == 0);
  auto locked = secrets::generate(test_spec(), dir, {});
  ::close(fd);
  REQUIRE_FALSE(locked.ok());
  CHECK(has(locked.error().message, "another cococtl secrets generate is running"));
}

TEST_CASE("bad specs are refused before anything is written") {
  ScratchDir scratch("secrets-badspec");
  const auto dir = scratch.path() / "s";
  auto spec = test_spec();
  spec.kbs_host = "kbs.bad host";
  CHECK_FALSE(secrets::generate(spec, dir, {}).ok());
  spec = test_spec();
  spec.extra_sans = {"a,DNS:evil"};
  CHECK_FALSE(secrets::generate(spec, dir, {}).ok());
  spec = test_spec();
  spec.kbs_host.clear();
  CHECK_FALSE(secrets::generate(spec, dir, {}).ok());
  CHECK_FALSE(std::filesystem::exists(dir));
}
