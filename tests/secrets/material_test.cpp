#include <cococtl/secrets/generate.hpp>
#include <cococtl/secrets/material.hpp>
#include <cococtl/util/log.hpp>

#include "fixture.hpp"

using namespace cococtl;
using namespace cococtl::test;

TEST_CASE("load_material returns every generated piece and registers the secrets for redaction") {
  ScratchDir scratch("material");
  const auto dir = scratch.path() / "s";
  auto spec = test_spec();
  spec.tdx_pccs = true;
  REQUIRE(secrets::generate(spec, dir, {}).ok());
  auto m = secrets::load_material(spec, dir);
  REQUIRE(m.ok());
  CHECK(m->kbs_ca_cert_pem == read_text(dir / "kbs-tls-ca.crt"));
  CHECK(m->token_cert_chain_pem == read_text(dir / "token-signing.crt") + read_text(dir / "token-signing-ca.crt"));
  CHECK(m->resources.size() == 6);
  CHECK(m->resources.at("attestation-status/status") == "attested");
  CHECK(m->resources.at("kbsres1/key2") == read_text(dir / "kbsres1-key2"));
  CHECK(m->pccs_admin_token == read_text(dir / "pccs_admin_token"));
  CHECK(util::redact("value=" + m->resources.at("passphrase/passphrase")) == "value=[REDACTED]");
  CHECK(util::redact(m->pccs_user_token) == "[REDACTED]");
  CHECK(m->ssh_private_pem.empty());
}

TEST_CASE("load_material before generate fails with the hint, load_kbs_ca refuses a leaf") {
  ScratchDir scratch("material-missing");
  auto missing = secrets::load_material(test_spec(), scratch.path());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("cococtl secrets generate") != std::string::npos);
  const auto dir = scratch.path() / "s";
  REQUIRE(secrets::generate(test_spec(), dir, {}).ok());
  CHECK(secrets::load_kbs_ca(dir).value() == read_text(dir / "kbs-tls-ca.crt"));
  std::filesystem::copy_file(dir / "kbs-tls.crt", dir / "kbs-tls-ca.crt", std::filesystem::copy_options::overwrite_existing);
  CHECK_FALSE(secrets::load_kbs_ca(dir).ok());
}
