#pragma once
// Everything a KbsConfig deployment of Trustee is built from, as the operator mounts it.

#include <map>
#include <string>

namespace cococtl::sim::kbs {

struct KbsConfigInputs {
  std::string kbs_config_toml;       // ConfigMap kbsConfigMapName, key kbs-config.toml
  std::string admin_public_key_pem;  // Secret kbsAuthSecretName: the personas' Ed25519 public key
  std::string https_cert_pem;        // Secret kbsHttpsCertSecretName: leaf first, chain may follow
  std::string https_key_pem;         // Secret kbsHttpsKeySecretName
  std::string token_key_pem;         // Secret kbsAttestationKeySecretName: EC P-256 EAR signing key
  std::string token_cert_chain_pem;  // Secret kbsAttestationCertSecretName: leaf first (also the trust anchors)
  // Secrets listed in kbsSecretResources: "default/<secret>/<key>" -> bytes (any "repo/type/tag").
  std::map<std::string, std::string> resources;
  std::string resource_policy_rego;     // ConfigMap kbsResourcePolicyConfigMapName; "" = Trustee's default.rego
  std::string attestation_policy_rego;  // ConfigMap kbsAttestationPolicyConfigMapName, default_cpu.rego
  std::string reference_values_json;    // ConfigMap kbsRvpsRefValuesConfigMapName (JSON array); "" = none
};

}  // namespace cococtl::sim::kbs
