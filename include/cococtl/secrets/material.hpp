#pragma once
// The generated material loaded back for the steps that use it (render, KBS configuration,
// initdata). Loading registers every secret value with util::register_secret so it can never
// appear in a log line.

#include <cococtl/secrets/spec.hpp>
#include <cococtl/util/result.hpp>

#include <filesystem>
#include <map>
#include <string>

namespace cococtl::secrets {

struct Material {
  std::string kbs_admin_private_pem;  // Ed25519 PKCS#8: signs KBS admin tokens
  std::string kbs_admin_public_pem;   // SPKI: the KBS admin auth key
  std::string kbs_ca_cert_pem;        // clients, aa.toml/cdh.toml trust this
  std::string kbs_tls_cert_pem;
  std::string kbs_tls_key_pem;
  std::string token_ca_cert_pem;      // [attestation_token] trusted_certs_paths
  std::string token_cert_chain_pem;   // signer leaf followed by its CA (broker cert_path)
  std::string token_key_pem;          // EC P-256 (ES256)
  std::string pccs_key_pem, pccs_cert_pem;  // empty unless spec.tdx_pccs
  std::string pccs_user_token, pccs_user_token_hash, pccs_admin_token, pccs_admin_token_hash;
  std::string ssh_private_pem, ssh_public_line;  // empty unless spec.ssh_debug
  // KBS resources by "<repository-name>/<tag>" under default/: "kbsres1/key1", "kbsres1/key2",
  // "kbsres1/key3", "passphrase/passphrase", "attestation-status/status" ("attested"),
  // "attestation-status/random".
  std::map<std::string, std::string> resources;
};

// Reads every enabled item from `dir`. Fails (invalid_input) naming the first missing or too-open
// file, with the hint to run `cococtl secrets generate`.
util::Result<Material> load_material(const KeyMaterialSpec& spec, const std::filesystem::path& dir);

// Reads only the KBS HTTPS CA certificate (public; what initdata embeds). Fails (invalid_input)
// when it is missing or not a certificate.
util::Result<std::string> load_kbs_ca(const std::filesystem::path& dir);

}  // namespace cococtl::secrets
