#pragma once
// The inputs `cococtl secrets` and `cococtl initdata` take from values: the KBS host name, the
// certificate settings, which optional items are on, and the initdata settings.

#include <cococtl/crypto/digest.hpp>
#include <cococtl/secrets/spec.hpp>
#include <cococtl/util/result.hpp>
#include <cococtl/workspace/options.hpp>
#include <filesystem>
#include <string>

namespace cococtl::workspace {

struct KeyMaterialInputs {
  secrets::KeyMaterialSpec spec;
  std::filesystem::path secrets_dir;  // Options::secrets_dir, ~ expanded
  std::string kbs_url;                // "https://kbs.<hubClusterDomain>"
  std::string security_policy_flavour;
  crypto::DigestAlgorithm initdata_algorithm = crypto::DigestAlgorithm::sha256;
};

// Loads and schema-checks the values and maps them: global.hubClusterDomain -> kbs.<domain>;
// kbs.tls.{keyType,validityDays,extraSANs}; global.coco.enableSSHDebug; PCCS items on bare metal
// unless baremetal.tee is snp; global.coco.{securityPolicyFlavour,initdataAlgorithm}. Fails
// (invalid_input) listing every schema problem, or on a value the key material cannot use.
util::Result<KeyMaterialInputs> key_material_inputs(const Options& options);

}  // namespace cococtl::workspace
