#include <cococtl/crypto/certificate.hpp>
#include <cococtl/secrets/files.hpp>
#include <cococtl/secrets/material.hpp>
#include <cococtl/util/log.hpp>

#include <fmt/format.h>

namespace cococtl::secrets {
namespace {

class Loader {
 public:
  explicit Loader(const std::filesystem::path& dir) : m_dir(dir) {}

  util::Result<std::string> secret(std::string_view name) const {
    auto text = read_private_file(m_dir / std::string(name));
    if (!text.ok()) return hint(std::move(text).error());
    util::register_secret(*text);
    return text;
  }

  util::Result<std::string> open(std::string_view name) const {
    auto text = read_public_file(m_dir / std::string(name));
    if (!text.ok()) return hint(std::move(text).error());
    return text;
  }

 private:
  static util::Error hint(util::Error error) {
    error.message += " (run `cococtl secrets generate`)";
    return error;
  }
  std::filesystem::path m_dir;
};

util::Result<void> load_kbs(const Loader& in, Material& m) {
  COCO_TRY_ASSIGN(m.kbs_admin_private_pem, in.secret(file::kbs_private_key));
  COCO_TRY_ASSIGN(m.kbs_admin_public_pem, in.open(file::kbs_public_key));
  COCO_TRY_ASSIGN(m.kbs_ca_cert_pem, in.open(file::kbs_tls_ca_cert));
  COCO_TRY_ASSIGN(m.kbs_tls_cert_pem, in.open(file::kbs_tls_cert));
  COCO_TRY_ASSIGN(m.kbs_tls_key_pem, in.secret(file::kbs_tls_key));
  COCO_TRY_ASSIGN(m.token_ca_cert_pem, in.open(file::token_ca_cert));
  COCO_TRY_ASSIGN(const auto token_cert, in.open(file::token_cert));
  m.token_cert_chain_pem = token_cert + m.token_ca_cert_pem;
  COCO_TRY_ASSIGN(m.token_key_pem, in.secret(file::token_key));
  return {};
}

util::Result<void> load_resources(const Loader& in, Material& m) {
  COCO_TRY_ASSIGN(m.resources["kbsres1/key1"], in.secret(file::kbsres1_key1));
  COCO_TRY_ASSIGN(m.resources["kbsres1/key2"], in.secret(file::kbsres1_key2));
  COCO_TRY_ASSIGN(m.resources["kbsres1/key3"], in.secret(file::kbsres1_key3));
  COCO_TRY_ASSIGN(m.resources["passphrase/passphrase"], in.secret(file::passphrase));
  m.resources["attestation-status/status"] = "attested";
  COCO_TRY_ASSIGN(m.resources["attestation-status/random"], in.secret(file::attestation_random));
  return {};
}

util::Result<void> load_pccs(const Loader& in, Material& m) {
  COCO_TRY_ASSIGN(m.pccs_key_pem, in.secret(file::pccs_key));
  COCO_TRY_ASSIGN(m.pccs_cert_pem, in.open(file::pccs_cert));
  COCO_TRY_ASSIGN(m.pccs_user_token, in.secret(file::pccs_user_token));
  COCO_TRY_ASSIGN(m.pccs_user_token_hash, in.open(file::pccs_user_token_hash));
  COCO_TRY_ASSIGN(m.pccs_admin_token, in.secret(file::pccs_admin_token));
  COCO_TRY_ASSIGN(m.pccs_admin_token_hash, in.open(file::pccs_admin_token_hash));
  return {};
}

}  // namespace

util::Result<Material> load_material(const KeyMaterialSpec& spec, const std::filesystem::path& dir) {
  const Loader in(dir);
  Material m;
  COCO_TRY(load_kbs(in, m));
  COCO_TRY(load_resources(in, m));
  if (spec.tdx_pccs) COCO_TRY(load_pccs(in, m));
  if (spec.ssh_debug) {
    COCO_TRY_ASSIGN(m.ssh_private_pem, in.secret(file::ssh_private_key));
    COCO_TRY_ASSIGN(m.ssh_public_line, in.open(file::ssh_public_key));
  }
  return m;
}

util::Result<std::string> load_kbs_ca(const std::filesystem::path& dir) {
  COCO_TRY_ASSIGN(auto pem, Loader(dir).open(file::kbs_tls_ca_cert));
  auto cert = crypto::Certificate::from_pem(pem);
  if (!cert.ok()) return std::move(cert).error().context(display_path(dir / std::string(file::kbs_tls_ca_cert)));
  if (!cert->is_ca()) return util::invalid_input(fmt::format("{}: not a CA certificate", file::kbs_tls_ca_cert));
  return pem;
}

}  // namespace cococtl::secrets
