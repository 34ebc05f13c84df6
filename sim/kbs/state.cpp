#include "kbs/state.hpp"

#include <spdlog/spdlog.h>

namespace cococtl::sim::kbs {
namespace {

util::Result<HttpsMaterial> https_material(const KbsConfigInputs& inputs) {
  COCO_TRY_ASSIGN(auto chain, crypto::Certificate::chain_from_pem(inputs.https_cert_pem).context("HTTPS certificate"));
  COCO_TRY_ASSIGN(auto key, crypto::PrivateKey::from_pem(inputs.https_key_pem).context("HTTPS key"));
  if (!chain.front().matches_key(key)) return util::invalid_input("HTTPS certificate: not for the HTTPS key");
  return HttpsMaterial{std::move(chain), std::move(key)};
}

util::Result<std::vector<crypto::Certificate>> trust_anchors(const KbsSettings& settings,
                                                             const KbsConfigInputs& inputs) {
  // trusted_certs_paths point at the attestation certificate Secret's files.
  if (!settings.trusted_certs || inputs.token_cert_chain_pem.empty()) return std::vector<crypto::Certificate>{};
  return crypto::Certificate::chain_from_pem(inputs.token_cert_chain_pem).context("token certificate chain");
}

}  // namespace

util::Result<std::shared_ptr<KbsState>> KbsState::build(const KbsConfigInputs& inputs, std::string protocol_version) {
  COCO_TRY_ASSIGN(auto settings, parse_settings(inputs.kbs_config_toml));
  COCO_TRY_ASSIGN(auto admin, AdminAuth::create(settings, inputs.admin_public_key_pem));
  COCO_TRY_ASSIGN(auto signer, make_token_signer(settings, inputs.token_key_pem, inputs.token_cert_chain_pem));
  COCO_TRY_ASSIGN(auto anchors, trust_anchors(settings, inputs));
  COCO_TRY_ASSIGN(auto reference_values, ReferenceValues::load(inputs.reference_values_json));
  std::optional<HttpsMaterial> https;
  if (!settings.insecure_http) {
    COCO_TRY_ASSIGN(auto material, https_material(inputs));
    https = std::move(material);
  }
  TokenVerifier verifier(settings, std::move(anchors));
  auto state = std::make_shared<KbsState>(std::move(settings), std::move(protocol_version), std::move(admin),
                                          std::move(signer), std::move(verifier), std::move(https));
  state->resources = inputs.resources;
  state->reference_values = std::move(reference_values);
  if (!inputs.attestation_policy_rego.empty())
    state->attestation_policies["default_cpu"] = inputs.attestation_policy_rego;
  if (!inputs.resource_policy_rego.empty()) {
    state->resource_policy_text = inputs.resource_policy_rego;
    state->resource_policy = ResourcePolicy::recognise(inputs.resource_policy_rego);
  }
  if (state->resource_policy.kind() == ResourcePolicyKind::unrecognised) {
    spdlog::error(
        "the resource policy is not one coco-kbs-sim recognises: every resource request will fail "
        "with PolicyEngineError (see sim/kbs/README.md)");
  }
  return state;
}

}  // namespace cococtl::sim::kbs
