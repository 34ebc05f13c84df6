// The catalogue: which items a spec needs, in generation order (a CA before the leaf it signs).
#include "item.hpp"

#include <arpa/inet.h>

namespace cococtl::secrets::detail {

bool is_ip_address(const std::string& text) {
  unsigned char buf[16];
  return ::inet_pton(AF_INET, text.c_str(), buf) == 1 || ::inet_pton(AF_INET6, text.c_str(), buf) == 1;
}

namespace {

using crypto::CertificateSpec;
using crypto::KeyType;

CertificateSpec ca_spec(std::string common_name, int days) {
  CertificateSpec spec;
  spec.common_name = std::move(common_name);
  spec.organization = "cococtl";
  spec.validity_days = days;
  spec.is_ca = true;
  return spec;
}

CertificateSpec kbs_leaf_spec(const KeyMaterialSpec& km) {
  CertificateSpec spec;
  spec.common_name = km.kbs_host;
  spec.organization = "cococtl";
  spec.dns_names = {km.kbs_host};
  for (const auto& san : km.extra_sans) (is_ip_address(san) ? spec.ip_addresses : spec.dns_names).push_back(san);
  spec.validity_days = km.validity_days;
  spec.server_auth = true;
  return spec;
}

CertificateSpec token_leaf_spec(const KeyMaterialSpec& km) {
  CertificateSpec spec;
  spec.common_name = "CoCo-AS";  // the subject upstream's setup uses for the token signer
  spec.organization = "cococtl";
  spec.validity_days = km.validity_days;
  return spec;
}

CertificateSpec pccs_spec(const KeyMaterialSpec& km) {
  CertificateSpec spec;
  spec.common_name = std::string(k_pccs_host);
  spec.organization = "cococtl";
  spec.dns_names = {std::string(k_pccs_host)};
  spec.validity_days = km.validity_days;
  spec.server_auth = true;
  return spec;
}

void add_certificates(const KeyMaterialSpec& spec, std::vector<std::unique_ptr<Item>>& items) {
  items.push_back(make_cert_item({"kbs-tls-ca", "KBS HTTPS private CA", file::kbs_tls_ca_key, file::kbs_tls_ca_cert,
                                  spec.kbs_tls_key_type, ca_spec("cococtl KBS CA", spec.ca_validity_days), "", {}, {}}));
  items.push_back(make_cert_item({"kbs-tls", "KBS HTTPS server certificate", file::kbs_tls_key, file::kbs_tls_cert,
                                  spec.kbs_tls_key_type, kbs_leaf_spec(spec), "kbs-tls-ca", file::kbs_tls_ca_key,
                                  file::kbs_tls_ca_cert}));
  items.push_back(make_cert_item({"token-ca", "attestation token signing CA", file::token_ca_key, file::token_ca_cert,
                                  KeyType::ec_p256, ca_spec("cococtl attestation token CA", spec.ca_validity_days), "",
                                  {}, {}}));
  // The KBS token broker accepts only ES256, so the signer is always EC P-256.
  items.push_back(make_cert_item({"token-signer", "attestation token signing key (ES256)", file::token_key,
                                  file::token_cert, KeyType::ec_p256, token_leaf_spec(spec), "token-ca",
                                  file::token_ca_key, file::token_ca_cert}));
  if (spec.tdx_pccs) {
    items.push_back(make_cert_item({"pccs-tls", "PCCS HTTPS self-signed certificate (RSA-2048)", file::pccs_key,
                                    file::pccs_cert, KeyType::rsa2048, pccs_spec(spec), "", {}, {}}));
  }
}

}  // namespace

std::vector<std::unique_ptr<Item>> make_items(const KeyMaterialSpec& spec) {
  std::vector<std::unique_ptr<Item>> items;
  items.push_back(make_kbs_admin_item());
  add_certificates(spec, items);
  if (spec.tdx_pccs) items.push_back(make_pccs_tokens_item());
  items.push_back(make_value_item("kbsres1", "KBS resource default/kbsres1 (key1..key3)",
                                  {file::kbsres1_key1, file::kbsres1_key2, file::kbsres1_key3}));
  items.push_back(make_value_item("passphrase", "KBS resource default/passphrase", {file::passphrase}));
  items.push_back(make_value_item("attestation-status", "KBS resource default/attestation-status/random",
                                  {file::attestation_random}));
  if (spec.ssh_debug) items.push_back(make_ssh_item());
  return items;
}

}  // namespace cococtl::secrets::detail
