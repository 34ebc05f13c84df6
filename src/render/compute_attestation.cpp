// Attestation inputs computed offline: the initdata documents (what the pattern's
// init-data-gzipper job made in-cluster), how workloads get them, and the RVPS reference values.
#include "context.hpp"
#include "reference_values.hpp"

#include <fmt/format.h>

namespace cococtl::render::detail {
namespace {

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

nlohmann::json hello_variants(const std::string& rc, bool kyverno, const Flavours& f) {
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

}  // namespace

util::Result<Flavours> build_flavours(const RenderInputs& inputs, PlaceholderLog& log) {
  COCO_TRY_ASSIGN(auto normal, build_flavour(inputs, InitdataInputs::Flavour::default_policy, log));
  COCO_TRY_ASSIGN(auto debug, build_flavour(inputs, InitdataInputs::Flavour::debug, log));
  return Flavours{std::move(normal), std::move(debug)};
}

util::Result<nlohmann::json> compute_attestation(const RenderInputs& inputs, PlaceholderLog& log) {
  COCO_TRY_ASSIGN(const auto f, build_flavours(inputs, log));
  const auto basics = compute_basics(*inputs.values);
  const bool kyverno = basics["kyverno"].get<bool>();
  const bool have_ca = inputs.material.count("kbs-ca-cert") != 0;
  COCO_TRY_ASSIGN(const auto rvps, reference_values(inputs, have_ca ? &f : nullptr, log));
  return nlohmann::json{
      {"initdata", {{"default", flavour_json(f.normal, "initdata")}, {"debug", flavour_json(f.debug, "debug-initdata")}}},
      {"initdataFlavours", nlohmann::json::array({flavour_json(f.normal, "initdata"), flavour_json(f.debug, "debug-initdata")})},
      {"helloVariants", hello_variants(basics["runtimeClassName"].get<std::string>(), kyverno, f)},
      {"workloadInitdata", workload_initdata(kyverno, "initdata", f.normal)},
      {"debugInitdata", workload_initdata(kyverno, "debug-initdata", f.debug)},
      {"referenceValues", rvps},
  };
}

}  // namespace cococtl::render::detail
