#pragma once
// What the render says the deployment should hold, gathered once for the attest checks.
// Private to install.

#include <cococtl/install/attest_rules.hpp>
#include <cococtl/render/render.hpp>
#include <cococtl/values/values.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cococtl::install::attest::detail {

inline constexpr const char* k_trustee_ns = "trustee-operator-system";

struct Expected {
  std::string flavour;                                        // global.coco.securityPolicyFlavour
  bool cosign_keys = false;                                   // Secret cosign-keys rendered without placeholders
  std::string resource_policy;                                // ConfigMap resource-policy
  nlohmann::json reference_values = nlohmann::json::array();  // ConfigMap rvps-reference-values
  std::string probe_resource;                  // "default/<first kbsSecretResources secret>/<its first key>"
  bool kbs_access = false;                     // the kbs-access sample is rendered
  std::optional<std::string> workload_secret;  // default/kbsres1/key3 when rendered with real key material
  std::vector<KnownInitdata> initdata;
  std::set<std::string> runtime_classes;  // kata runtime classes pods may use
};

inline constexpr const char* k_workload_resource = "default/kbsres1/key3";

// Reads the rendered objects. Never fails: what is absent stays empty.
Expected expected_from(const render::RenderResult& rendered, const values::Values& values);

// The first value of a ConfigMap's data ("" when it has none): the key names differ between
// cococtl's templates and the operator's samples.
std::string first_data_value(const nlohmann::json& config_map);

}  // namespace cococtl::install::attest::detail
