// Cross-field rules: combinations of values (and values-secret entries) that the schema alone
// cannot express. Each rule is one small function adding problems.
#include <cococtl/util/strings.hpp>
#include <cococtl/values/validate.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace cococtl::values {
namespace {

class Rules {
 public:
  Rules(const Values& values, const SecretFile* secrets) : m_values(values), m_secrets(secrets) {}

  std::vector<Problem> run() {
    signed_policy_needs_cosign_keys();
    tdx_needs_pccs_api_key();
    azure_needs_vm_flavours();
    platform_matches_topology();
    runtime_class_fits_platform();
    kbs_resources_exist();
    example_domain_warning();
    manual_subscriptions_are_pinned();
    return std::move(m_problems);
  }

 private:
  void error(const std::string& path, std::string message) {
    m_problems.push_back({m_values.location_of(path), path, std::move(message)});
  }
  void warning(const std::string& path, std::string message) {
    m_problems.push_back({m_values.location_of(path), path, std::move(message), true});
  }
  bool component(const std::string& name) const { return m_values.bool_at("clusterGroup.components." + name); }
  bool secret_field_present(const std::string& secret, const std::string& field = "") const {
    if (!m_secrets) return false;
    const Secret* s = m_secrets->find(secret);
    if (!s) return false;
    if (field.empty()) return !s->fields.empty();
    const SecretField* f = s->field(field);
    return f && (f->value || f->on_missing != OnMissingValue::error);
  }
  // A missing values-secret file is only a warning: rendering offline still works with placeholders.
  void secret_problem(const std::string& path, std::string message) {
    if (m_secrets) return error(path, std::move(message));
    warning(path, std::move(message));
  }
  std::string secrets_name() const { return m_secrets ? m_secrets->file.string() : "values-secret (none found)"; }

  void signed_policy_needs_cosign_keys() {
    if (m_values.string_at("global.coco.securityPolicyFlavour") != "signed") return;
    if (!component("trustee") || secret_field_present("cosign-keys")) return;
    secret_problem("global.coco.securityPolicyFlavour",
          fmt::format("\"signed\" needs cosign public keys: add a secret named cosign-keys (field key-0) to {}",
                      secrets_name()));
  }

  void tdx_needs_pccs_api_key() {
    if (!component("intelDcap") || m_values.string_at("baremetal.tee") == "snp") return;
    if (secret_field_present("pccs", "api_key")) return;
    secret_problem("baremetal.tee", fmt::format("Intel TDX needs the Intel PCS API key: add secret pccs with field api_key to {} "
                                       "(or set baremetal.tee=snp)", secrets_name()));
  }

  void azure_needs_vm_flavours() {
    if (!component("peerPods")) return;
    const auto flavours = util::split(m_values.string_at("global.coco.azure.VMFlavours"), ',');
    const std::string def = m_values.string_at("global.coco.azure.defaultVMFlavour");
    if (def.empty() || flavours.empty() || flavours.front().empty()) {
      return error("global.coco.azure.VMFlavours", "Azure peer pods need defaultVMFlavour and VMFlavours");
    }
    if (std::find(flavours.begin(), flavours.end(), def) == flavours.end()) {
      error("global.coco.azure.defaultVMFlavour",
            fmt::format("\"{}\" is not in global.coco.azure.VMFlavours{}", def, util::did_you_mean(def, flavours)));
    }
  }

  void platform_matches_topology() {
    const std::string topology = m_values.topology();
    const std::string platform = m_values.string_at("global.clusterPlatform");
    const bool bare = topology == "baremetal" || topology == "baremetal-gpu";
    if (bare && platform != "BareMetal") {
      error("global.clusterPlatform", fmt::format("topology {} needs a TEE on bare metal: set global.clusterPlatform "
                                                  "to BareMetal (it is \"{}\")", topology, platform));
    }
    if (component("peerPods") && platform != "Azure") {
      error("global.clusterPlatform", fmt::format("peer pods (topology {}) run on Azure only (it is \"{}\")", topology, platform));
    }
  }

  void runtime_class_fits_platform() {
    const std::string rc = m_values.string_at("global.coco.runtimeClassName");
    if (rc == "kata-remote" && m_values.string_at("global.clusterPlatform") != "Azure") {
      error("global.coco.runtimeClassName", "kata-remote (peer pods) needs global.clusterPlatform Azure");
    }
    if (rc == "kata-cc-nvidia-gpu" && !component("nvidiaGpu")) {
      warning("global.coco.runtimeClassName", "kata-cc-nvidia-gpu exists only with NVIDIA GPUs (topology baremetal-gpu)");
    }
  }

  void kbs_resources_exist() {
    if (!component("trustee") || !m_secrets) return;
    for (const auto& name : m_values.strings_at("kbs.secretResources")) {
      const Secret* secret = m_secrets->find(name);
      if (!secret) {
        error("kbs.secretResources", fmt::format("KBS resource \"{}\" has no secret of that name in {}", name, secrets_name()));
        continue;
      }
      for (const auto& field : secret->fields) secret_key_is_valid(*secret, field);
    }
  }

  // The fields of a KBS resource become the keys of a Kubernetes Secret.
  void secret_key_is_valid(const Secret& secret, const SecretField& field) {
    const bool ok = !field.name.empty() && field.name.size() <= 253 &&
                    std::all_of(field.name.begin(), field.name.end(), [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
                    });
    if (ok) return;
    m_problems.push_back({field.where, secret.name + "." + field.name,
                          fmt::format("{}: not a valid Kubernetes Secret key (letters, digits, '-', '_' and '.')",
                                      util::quote_for_message(field.name))});
  }

  void example_domain_warning() {
    if (m_values.string_at("global.hubClusterDomain") == "apps.cluster.example.com") {
      warning("global.hubClusterDomain", "still the example domain; set it to your cluster's apps domain");
    }
  }

  void manual_subscriptions_are_pinned() {
    const YAML::Node subs = m_values.at("clusterGroup.subscriptions");
    if (!subs.IsMap()) return;
    for (const auto& pair : subs) {
      const YAML::Node sub = pair.second;
      if (!sub.IsMap() || !sub["installPlanApproval"] || sub["installPlanApproval"].Scalar() != "Manual") continue;
      if (!sub["csv"]) {
        warning("clusterGroup.subscriptions." + pair.first.Scalar(),
                "installPlanApproval Manual without csv: nothing to pin, cococtl will approve the first InstallPlan");
      }
    }
  }

  const Values& m_values;
  const SecretFile* m_secrets;
  std::vector<Problem> m_problems;
};

}  // namespace

std::vector<Problem> validate_rules(const Values& values, const SecretFile* secrets) {
  return Rules(values, secrets).run();
}

std::vector<Problem> validate(const Values& values, const SecretFile* secrets) {
  auto problems = validate_schema(values);
  if (has_errors(problems)) return problems;  // rules assume well-typed values
  auto rules = validate_rules(values, secrets);
  problems.insert(problems.end(), rules.begin(), rules.end());
  return problems;
}

}  // namespace cococtl::values
