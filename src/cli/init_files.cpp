#include "init_files.hpp"

#include <cococtl/manifest/yaml_io.hpp>
#include <cococtl/values/validate.hpp>
#include <cococtl/values/values.hpp>

#include <fmt/format.h>

namespace cococtl::cli {
namespace {

// Sections a user edits; clusterGroup (namespaces, subscriptions) stays with the embedded defaults.
std::vector<std::string> sections_for(const values::Values& v) {
  std::vector<std::string> sections{"main", "global", "kbs"};
  if (v.string_at("global.clusterPlatform") == "BareMetal") sections.push_back("baremetal");
  if (v.bool_at("clusterGroup.components.nvidiaGpu")) sections.push_back("gpu");
  if (v.bool_at("clusterGroup.components.kyvernoPolicies")) sections.push_back("kyverno");
  return sections;
}

void emit(const YAML::Node& node, const std::string& path, int indent, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  for (const auto& pair : node) {
    const std::string key = pair.first.Scalar();
    const std::string key_path = path + "." + key;
    const std::string doc = values::schema_doc(key_path);
    if (!doc.empty()) out += pad + "# " + doc + "\n";
    const YAML::Node& value = pair.second;
    if (value.IsMap()) {
      out += pad + key + ":\n";
      emit(value, key_path, indent + 2, out);
    } else if (value.IsSequence()) {
      out += pad + key + ":" + (value.size() == 0 ? " []\n" : "\n");
      for (const auto& item : value) out += pad + "  - " + manifest::yaml_scalar(item.Scalar()) + "\n";
    } else {
      const bool typed = value.Tag() == "?" && value.Scalar() != "" ;
      out += pad + key + ": " + (typed ? value.Scalar() : manifest::yaml_scalar(value.Scalar())) + "\n";
    }
  }
}

}  // namespace

util::Result<std::string> values_global_template(const std::string& topology) {
  values::LoadOptions options;
  options.topology = topology;
  COCO_TRY_ASSIGN(const auto merged, values::load(options));
  std::string out = fmt::format(
      "# values-global.yaml for cococtl, topology {}.\n"
      "# Defaults are shown; delete what you do not change. Check with: cococtl validate\n\n",
      topology);
  for (const auto& section : sections_for(merged)) {
    out += section + ":\n";
    emit(merged.at(section), section, 2, out);
    out += "\n";
  }
  return out;
}

std::string values_secret_template(const std::string& topology, const std::string& secrets_dir) {
  std::string out = fmt::format(R"(# values-secret for cococtl, topology {0}. Keep it private (mode 0600).
# Key material (KBS keys and certificates, PCCS TLS) is read from {1};
# create it with: cococtl secrets generate
version: "2.0"
secrets:
  # KBS resources, served to attested workloads as default/<name>/<field>.
  - name: kbsres1
    vaultPrefixes:
      - hub
    fields:
      - name: key1
        onMissingValue: generate
        vaultPolicy: validatedPatternDefaultPolicy
      - name: key2
        onMissingValue: generate
        vaultPolicy: validatedPatternDefaultPolicy
      - name: key3
        onMissingValue: generate
        vaultPolicy: validatedPatternDefaultPolicy
  - name: passphrase
    vaultPrefixes:
      - hub
    fields:
      - name: passphrase
        onMissingValue: generate
        vaultPolicy: validatedPatternDefaultPolicy
  - name: attestationStatus
    vaultPrefixes:
      - hub
    fields:
      - name: status
        value: attested
      - name: random
        onMissingValue: generate
        vaultPolicy: validatedPatternDefaultPolicy
  # For global.coco.securityPolicyFlavour: signed, add your cosign public key(s):
  # - name: cosign-keys
  #   vaultPrefixes:
  #     - hub
  #   fields:
  #     - name: key-0
  #       path: {1}/cosign-key-0.pub
)",
                                topology, secrets_dir);
  if (topology == "baremetal" || topology == "baremetal-gpu") {
    out += R"(  # Intel TDX: the Intel PCS API key (https://api.portal.trustedservices.intel.com).
  # Put it in `value:`; until then cococtl asks for it when it needs it.
  - name: pccs
    vaultPrefixes:
      - hub
    fields:
      - name: api_key
        onMissingValue: prompt
        description: Intel PCS API key
)";
  }
  return out;
}

}  // namespace cococtl::cli
