// release_to_tee: what the test KBS releases to a simulated TEE (the cluster simulator's kubelet
// uses it), evaluated with the real attestation and resource policies.
#include "kbs/release.hpp"

#include "kbssim/fixture.hpp"

#include <cococtl/crypto/digest.hpp>

#include <catch2/catch.hpp>

using nlohmann::json;
using namespace cococtl::test::kbssim;
namespace kbs = cococtl::sim::kbs;
namespace crypto = cococtl::crypto;

namespace {

const std::string k_initdata = R"(algorithm = "sha384"
version = "0.1.0"

[data]
"cdh.toml" = '''
[kbc]
name = "cc_kbc"
url = "https://kbs.example.test"
'''
)";

const std::string k_allow_all =
    "package policy\ndefault allow := false\nplugin := data.plugin\nallow if { plugin == \"resource\" }\n";

std::string init_data_reference(const std::string& hex) {
  return json::array({{{"name", "init_data"}, {"expiration", "2030-01-01T00:00:00Z"}, {"value", {hex}}}}).dump();
}

std::shared_ptr<kbs::KbsState> state_for(const kbs::KbsConfigInputs& inputs) {
  auto state = kbs::KbsState::build(inputs, "0.4.0");
  INFO((state.ok() ? "" : state.error().message));
  REQUIRE(state.ok());
  return *state;
}

}  // namespace

TEST_CASE("release_to_tee: allow-all releases to the sample TEE, the affirming policy refuses it") {
  Material m = make_material();
  auto affirming = state_for(m.inputs);
  const auto refused = kbs::release_to_tee(*affirming, {"sample", k_initdata}, "default/kbsres1/key1");
  REQUIRE_FALSE(refused.ok());
  CHECK_THAT(refused.error().message, Catch::Contains("401 PolicyDeny"));
  m.inputs.resource_policy_rego = k_allow_all;
  auto allow_all = state_for(m.inputs);
  const auto released = kbs::release_to_tee(*allow_all, {"sample", std::nullopt}, "default/kbsres1/key1");
  REQUIRE(released.ok());
  CHECK(*released == k_secret);
  const auto missing = kbs::release_to_tee(*allow_all, {"sample", std::nullopt}, "default/kbsres1/nope");
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.error().message, Catch::Contains("PluginInternalError"));
}

TEST_CASE("release_to_tee: a TDX guest whose init-data digest is a reference value is affirming") {
  Material m = make_material();
  const auto digest = crypto::digest_hex(crypto::DigestAlgorithm::sha384, k_initdata);
  REQUIRE(digest.ok());
  m.inputs.reference_values_json = init_data_reference(*digest);
  auto state = state_for(m.inputs);
  const auto claims = kbs::simulated_claims(*state, {"tdx", k_initdata});
  REQUIRE(claims.ok());
  CHECK((*claims)["init_data"] == *digest);
  CHECK((*claims)["quote"]["header"]["tee_type"] == "81000000");
  const auto released = kbs::release_to_tee(*state, {"tdx", k_initdata}, "default/kbsres1/key1");
  INFO((released.ok() ? "" : released.error().message));
  REQUIRE(released.ok());
  CHECK(*released == k_secret);
  // Another document (or none) does not match the reference value: contraindicated, refused.
  const auto other = kbs::release_to_tee(*state, {"tdx", k_initdata + "\n"}, "default/kbsres1/key1");
  REQUIRE_FALSE(other.ok());
  CHECK_THAT(other.error().message, Catch::Contains("PolicyDeny"));
  CHECK_FALSE(kbs::release_to_tee(*state, {"tdx", std::nullopt}, "default/kbsres1/key1").ok());
  // SEV-SNP binds the digest truncated to HOST_DATA (32 bytes).
  m.inputs.reference_values_json = init_data_reference(digest->substr(0, 64));
  auto snp = state_for(m.inputs);
  CHECK(kbs::release_to_tee(*snp, {"snp", k_initdata}, "default/kbsres1/key1").ok());
}

TEST_CASE("release_to_tee: the Azure vTPM guest reports the measured PCRs and PCR8 from init-data") {
  Material m = make_material();
  const auto digest = crypto::digest(crypto::DigestAlgorithm::sha384, k_initdata);
  const auto pcr8 = crypto::digest_hex(crypto::DigestAlgorithm::sha256, std::string(32, '\0') + digest->substr(0, 32));
  json rv = json::array();
  for (const char* pcr : {"pcr03", "pcr09", "pcr11", "pcr12"}) {
    rv.push_back({{"name", std::string("snp_") + pcr}, {"expiration", "2030-01-01T00:00:00Z"}, {"value", {"0707"}}});
  }
  rv.push_back({{"name", "snp_pcr08"}, {"expiration", "2030-01-01T00:00:00Z"}, {"value", {*pcr8}}});
  m.inputs.reference_values_json = rv.dump();
  auto state = state_for(m.inputs);
  const auto claims = kbs::simulated_claims(*state, {"az-snp-vtpm", k_initdata});
  REQUIRE(claims.ok());
  CHECK((*claims)["tpm"]["pcr03"] == "0707");
  CHECK((*claims)["tpm"]["pcr08"] == *pcr8);
  const auto released = kbs::release_to_tee(*state, {"az-snp-vtpm", k_initdata}, "default/kbsres1/key1");
  INFO((released.ok() ? "" : released.error().message));
  CHECK(released.ok());
}
