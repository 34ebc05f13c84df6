#pragma once
// What key material the deployment needs (a plain struct the CLI fills from values) and where
// each item lives in the secrets directory. File names follow the pattern's gen-secrets.sh where
// it had one (kbsPrivateKey, pccs_*), so an existing ~/.coco-pattern keeps working.

#include <cococtl/crypto/key.hpp>
#include <cococtl/util/result.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace cococtl::secrets {

struct KeyMaterialSpec {
  std::string kbs_host;                 // "kbs.<hubClusterDomain>": CN and first SAN of the KBS leaf
  std::vector<std::string> extra_sans;  // more DNS names or IP addresses for the KBS leaf
  int validity_days = 365;              // leaf certificates
  int ca_validity_days = 3650;          // the two private CAs
  int expiry_warn_days = 30;            // `check` warns below this many days
  crypto::KeyType kbs_tls_key_type = crypto::KeyType::ec_p256;
  bool ssh_debug = false;  // global.coco.enableSSHDebug: id_rsa / id_rsa.pub for the pod VM
  bool tdx_pccs = false;   // bare-metal TDX: PCCS TLS pair and tokens
};

// File names inside the secrets directory.
namespace file {
inline constexpr std::string_view kbs_private_key = "kbsPrivateKey";  // Ed25519 PKCS#8 PEM
inline constexpr std::string_view kbs_public_key = "kbsPublicKey";    // Ed25519 SPKI PEM
inline constexpr std::string_view kbs_tls_ca_key = "kbs-tls-ca.key";
inline constexpr std::string_view kbs_tls_ca_cert = "kbs-tls-ca.crt";
inline constexpr std::string_view kbs_tls_key = "kbs-tls.key";
inline constexpr std::string_view kbs_tls_cert = "kbs-tls.crt";
inline constexpr std::string_view token_ca_key = "token-signing-ca.key";
inline constexpr std::string_view token_ca_cert = "token-signing-ca.crt";
inline constexpr std::string_view token_key = "token-signing.key";
inline constexpr std::string_view token_cert = "token-signing.crt";
inline constexpr std::string_view pccs_key = "pccs_private.pem";
inline constexpr std::string_view pccs_cert = "pccs_certificate.pem";
inline constexpr std::string_view pccs_user_token = "pccs_user_token";
inline constexpr std::string_view pccs_user_token_hash = "pccs_user_token_hash";
inline constexpr std::string_view pccs_admin_token = "pccs_admin_token";
inline constexpr std::string_view pccs_admin_token_hash = "pccs_admin_token_hash";
inline constexpr std::string_view kbsres1_key1 = "kbsres1-key1";
inline constexpr std::string_view kbsres1_key2 = "kbsres1-key2";
inline constexpr std::string_view kbsres1_key3 = "kbsres1-key3";
inline constexpr std::string_view passphrase = "passphrase";
inline constexpr std::string_view attestation_random = "attestation-status-random";
inline constexpr std::string_view ssh_private_key = "id_rsa";
inline constexpr std::string_view ssh_public_key = "id_rsa.pub";
}  // namespace file

inline constexpr std::string_view k_pccs_host = "pccs-service.intel-dcap.svc.cluster.local";

struct FileInfo {
  std::string name;
  bool is_private = false;  // 0600 and refused when group/world readable; else 0644
};

struct ItemInfo {
  std::string name;  // what --rotate takes, e.g. "kbs-tls"
  std::string description;
  std::vector<FileInfo> files;
};

// Checks the spec before anything is written: kbs_host is a DNS name, extra SANs are DNS names
// or IP addresses, validity days within 1..36500. Fails (invalid_input) naming the field.
util::Result<void> validate_spec(const KeyMaterialSpec& spec);

// The items `spec` needs, in generation order (CAs before the leaves they sign).
std::vector<ItemInfo> enabled_items(const KeyMaterialSpec& spec);

// Every item name cococtl knows, enabled or not (for --rotate validation and hints).
std::vector<std::string> all_item_names();

}  // namespace cococtl::secrets
