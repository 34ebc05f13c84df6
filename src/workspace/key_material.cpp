#include <algorithm>
#include <cctype>
#include <cococtl/workspace/inputs.hpp>
#include <cococtl/workspace/key_material.hpp>

namespace cococtl::workspace {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

bool needs_pccs(const values::Values& v) {
  const std::string topology = v.topology();
  const bool bare_metal = topology == "baremetal" || topology == "baremetal-gpu";
  return bare_metal && v.string_at("baremetal.tee", "auto") != "snp";
}

}  // namespace

util::Result<KeyMaterialInputs> key_material_inputs(const Options& options) {
  COCO_TRY_ASSIGN(const auto v, load_checked_values(options));
  KeyMaterialInputs in;
  const std::string domain = lower(v.string_at("global.hubClusterDomain"));
  if (domain.empty()) return util::invalid_input("global.hubClusterDomain is not set; the KBS host is kbs.<domain>");
  in.spec.kbs_host = "kbs." + domain;
  in.spec.extra_sans = v.strings_at("kbs.tls.extraSANs");
  in.spec.validity_days = static_cast<int>(v.int_at("kbs.tls.validityDays", 365));
  COCO_TRY_ASSIGN(in.spec.kbs_tls_key_type,
                  crypto::parse_key_type(v.string_at("kbs.tls.keyType", "ecdsa-p256")).context("kbs.tls.keyType"));
  in.spec.ssh_debug = v.bool_at("global.coco.enableSSHDebug");
  in.spec.tdx_pccs = needs_pccs(v);
  in.secrets_dir = secrets_dir(options);
  in.kbs_url = "https://" + in.spec.kbs_host;
  in.security_policy_flavour = v.string_at("global.coco.securityPolicyFlavour", "insecure");
  COCO_TRY_ASSIGN(in.initdata_algorithm,
                  crypto::parse_digest_algorithm(v.string_at("global.coco.initdataAlgorithm", "sha256"))
                      .context("global.coco.initdataAlgorithm"));
  COCO_TRY(secrets::validate_spec(in.spec));
  return in;
}

}  // namespace cococtl::workspace
