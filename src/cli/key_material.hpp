#pragma once
// The inputs `cococtl secrets` and `cococtl initdata` take from values: the KBS host name, the
// certificate settings, which optional items are on, and the initdata settings.

#include "global_options.hpp"

#include <cococtl/crypto/digest.hpp>
#include <cococtl/secrets/spec.hpp>
#include <cococtl/util/result.hpp>

#include <filesystem>
#include <string>

namespace cococtl::cli {

struct KeyMaterialInputs {
  secrets::KeyMaterialSpec spec;
  std::filesystem::path secrets_dir;  // --secrets-dir, ~ expanded
  std::string kbs_url;                // "https://kbs.<hubClusterDomain>"
  std::string security_policy_flavour;
  crypto::DigestAlgorithm initdata_algorithm = crypto::DigestAlgorithm::sha256;
};

// Loads and schema-checks the values (--values-global, --topology, --set) and maps them:
// global.hubClusterDomain -> kbs.<domain>; kbs.tls.{keyType,validityDays,extraSANs};
// global.coco.enableSSHDebug; PCCS items on bare metal unless baremetal.tee is snp;
// global.coco.{securityPolicyFlavour,initdataAlgorithm}. Fails (invalid_input) listing every
// schema problem, or on a value the key material cannot use.
util::Result<KeyMaterialInputs> key_material_inputs(const GlobalOptions& global);

// Prints `json` (2-space indent) to stdout. YAML output is the same text: JSON is valid YAML.
void print_json(const std::string& json);

}  // namespace cococtl::cli
