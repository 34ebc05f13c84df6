// Attestation inputs computed offline: the initdata documents (what the pattern's
// init-data-gzipper job made in-cluster), how workloads get them, and the RVPS reference values.
#include "context.hpp"

#include <cococtl/render/initdata.hpp>

#include <fmt/format.h>

#include <set>

namespace cococtl::render::detail {
namespace {

struct Flavours {
  Initdata normal;
  Initdata debug;
};

// Without the KBS CA certificate there is no initdata document: every derived value becomes a
// placeholder that names the missing input.
Initdata placeholder_initdata(const std::string& algorithm) {
  const std::string p = placeholder_for("kbs-ca-cert");
  return {p, p, p, p, p, algorithm, p, p, p, p};
}

util::Result<Initdata> build_flavour(const RenderInputs& inputs, InitdataInputs::Flavour flavour, PlaceholderLog& log) {
  const auto& v = *inputs.values;
  const std::string algorithm_name = v.string_at("global.coco.initdataAlgorithm");
  COCO_TRY_ASSIGN(const auto algorithm, crypto::parse_digest_algorithm(algorithm_name));
  const auto ca = inputs.material.find("kbs-ca-cert");
  if (ca == inputs.material.end()) {
    log.add("kbs-ca-cert");
    return placeholder_initdata(algorithm_name);
  }
  InitdataInputs in;
  in.kbs_url = "https://kbs." + v.string_at("global.hubClusterDomain");
  in.kbs_ca_pem = ca->second;
  in.security_policy_flavour = v.string_at("global.coco.securityPolicyFlavour");
  in.algorithm = algorithm;
  in.flavour = flavour;
  return build_initdata(in);
}

nlohmann::json flavour_json(const Initdata& d, const std::string& config_map) {
  return {{"configMapName", config_map}, {"annotation", d.annotation}, {"rawHash", d.digest_hex},
          {"pcr8", d.pcr8_hex},          {"version", "0.1.0"},       {"algorithm", d.algorithm},
          {"aaToml", d.aa_toml},         {"cdhToml", d.cdh_toml},      {"policyRego", d.policy_rego}};
}

// How a workload gets its initdata: through Kyverno (a ConfigMap name in an annotation that the
// policy resolves) or, without Kyverno, the cc_init_data annotation written directly.
nlohmann::json workload_initdata(bool kyverno, const std::string& config_map, const Initdata& d) {
  if (kyverno) return {{"configMap", config_map}, {"annotation", false}};
  return {{"configMap", false}, {"annotation", d.annotation}};
}

nlohmann::json hello_variants(const values::Values& v, bool kyverno, const Flavours& f) {
  const auto rc = compute_basics(v)["runtimeClassName"];
  auto secure = workload_initdata(kyverno, "initdata", f.normal);
  auto debug = workload_initdata(kyverno, "debug-initdata", f.debug);
  return nlohmann::json::array({
      {{"name", "standard"}, {"confidential", false}, {"runtimeClassName", false}},
      {{"name", "secure"}, {"confidential", true}, {"runtimeClassName", rc},
       {"initdataConfigMap", secure["configMap"]}, {"initdataAnnotation", secure["annotation"]}},
      {{"name", "insecure-policy"}, {"confidential", true}, {"runtimeClassName", rc},
       {"initdataConfigMap", debug["configMap"]}, {"initdataAnnotation", debug["annotation"]}},
  });
}

std::string strip_0x(std::string value) { return value.rfind("0x", 0) == 0 ? value.substr(2) : value; }

// PCR values of the peer-pod image, from <secrets-dir>/measurements.json (`cococtl pcr update`).
util::Result<std::map<std::string, std::string>> read_pcrs(const std::string& text) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  const auto pointer = "/measurements/sha256"_json_pointer;
  if (doc.is_discarded() || !doc.contains(pointer) || !doc.at(pointer).is_object()) {
    return util::invalid_input("measurements.json: expected {\"measurements\":{\"sha256\":{\"pcr03\":...}}}");
  }
  std::map<std::string, std::string> pcrs;
  for (const auto& [name, value] : doc.at(pointer).items()) {
    if (value.is_string()) pcrs[name] = strip_0x(value.get<std::string>());
  }
  return pcrs;
}

nlohmann::json entry(const std::string& name, const std::string& expiration, const std::vector<std::string>& values) {
  return {{"name", name}, {"expiration", expiration}, {"value", values}};
}

util::Result<std::string> reference_values(const RenderInputs& inputs, const Flavours& f, PlaceholderLog& log) {
  const auto& v = *inputs.values;
  if (!v.bool_at("global.coco.secured")) return std::string("[]");
  const std::string expiration = v.string_at("kbs.referenceValuesExpiration");
  if (inputs.material.count("kbs-ca-cert") == 0) return std::string("[]");
  std::set<std::string> init_data{f.normal.digest_hex, f.debug.digest_hex, f.normal.mrconfigid_hex,
                                  f.debug.mrconfigid_hex, f.normal.host_data_hex, f.debug.host_data_hex};
  auto entries = nlohmann::json::array({entry("init_data", expiration, {init_data.begin(), init_data.end()})});
  if (v.string_at("global.clusterPlatform") == "Azure") {
    const std::vector<std::string> pcr8{f.normal.pcr8_hex, f.debug.pcr8_hex};
    std::map<std::string, std::string> pcrs;
    if (inputs.measurements_json) {
      COCO_TRY_ASSIGN(pcrs, read_pcrs(*inputs.measurements_json));
    } else {
      log.add("measurements.json (run cococtl pcr update)");
    }
    for (const std::string tee : {"snp", "tdx"}) {
      entries.push_back(entry(tee + "_pcr08", expiration, pcr8));
      for (const auto& [name, value] : pcrs) {
        if (name != "pcr08") entries.push_back(entry(tee + "_" + name, expiration, {value}));
      }
    }
  }
  return entries.dump(2);
}

}  // namespace

util::Result<nlohmann::json> compute_attestation(const RenderInputs& inputs, PlaceholderLog& log) {
  COCO_TRY_ASSIGN(auto normal, build_flavour(inputs, InitdataInputs::Flavour::default_policy, log));
  COCO_TRY_ASSIGN(auto debug, build_flavour(inputs, InitdataInputs::Flavour::debug, log));
  const Flavours f{std::move(normal), std::move(debug)};
  const bool kyverno = compute_basics(*inputs.values)["kyverno"].get<bool>();
  COCO_TRY_ASSIGN(const auto rvps, reference_values(inputs, f, log));
  return nlohmann::json{
      {"initdata", {{"default", flavour_json(f.normal, "initdata")}, {"debug", flavour_json(f.debug, "debug-initdata")}}},
      {"initdataFlavours", nlohmann::json::array({flavour_json(f.normal, "initdata"), flavour_json(f.debug, "debug-initdata")})},
      {"helloVariants", hello_variants(*inputs.values, kyverno, f)},
      {"workloadInitdata", workload_initdata(kyverno, "initdata", f.normal)},
      {"debugInitdata", workload_initdata(kyverno, "debug-initdata", f.debug)},
      {"referenceValues", rvps},
  };
}

}  // namespace cococtl::render::detail
