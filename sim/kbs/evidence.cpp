#include "kbs/evidence.hpp"

#include <cococtl/crypto/digest.hpp>
#include <cococtl/crypto/encoding.hpp>

#include "kbs/attestation_policy.hpp"
#include "kbs/jcs.hpp"
#include "kbs/toml.hpp"

namespace cococtl::sim::kbs {
namespace {

using nlohmann::json;

util::Result<json> parse_init_data(const std::string& toml_body) {
  COCO_TRY_ASSIGN(json doc, parse_toml(toml_body).context("parse TOML structured data"));
  if (!doc.value("version", json()).is_string() || !doc.value("algorithm", json()).is_string() ||
      !doc.value("data", json()).is_object()) {
    return util::failure("parse TOML structured data: version, algorithm and [data] are required");
  }
  for (const auto& [key, value] : doc["data"].items()) {
    if (!value.is_string()) return util::failure("parse TOML structured data: data." + key + " is not a string");
  }
  return doc;
}

// The sample verifier (deps/verifier/src/sample): report_data must decode to the expected digest.
util::Result<json> verify_sample(const json& evidence, const std::string& expected_report_data) {
  if (!evidence.is_object() || !evidence.value("svn", json()).is_string()) {
    return util::failure("Deserialize Quote failed.");
  }
  const std::string report_data = evidence.value("report_data", "");
  auto decoded = crypto::base64_decode(report_data);
  if (!decoded.ok()) return util::failure("base64 decode report data for sample evidence");
  if (*decoded != expected_report_data) return util::failure("REPORT_DATA is different from that in Sample Quote");
  return json{{"svn", evidence["svn"]},
              {"report_data", report_data},
              {"launch_digest", "abcde"},
              {"platform_version", {{"major", 1}, {"minor", 4}}},
              {"debug", false}};
}

// transform_claims of the EAR broker: init_data and report_data move to the top level beside
// their claims, the rest stays under the TEE's name.
json annotated_evidence(const std::string& tee, json claims, json runtime_data, json init_claims, bool verbose) {
  json out = json::object();
  if (claims.contains("init_data")) {
    out["init_data"] = claims["init_data"];
    out["init_data_claims"] = std::move(init_claims);
    claims.erase("init_data");
  }
  if (claims.contains("report_data")) {
    out["report_data"] = claims["report_data"];
    if (!verbose && runtime_data.is_object()) runtime_data.erase("additional-evidence");
    out["runtime_data_claims"] = std::move(runtime_data);
    claims.erase("report_data");
  }
  out[tee] = std::move(claims);
  return out;
}

}  // namespace

util::Result<std::string> init_data_digest(const std::string& toml_body) {
  COCO_TRY_ASSIGN(const json doc, parse_init_data(toml_body));
  auto algorithm = crypto::parse_digest_algorithm(doc["algorithm"].get<std::string>());
  if (!algorithm.ok()) return util::failure("parse TOML structured data: unknown algorithm");
  return crypto::digest(*algorithm, toml_body);
}

util::Result<json> init_data_claims(const std::string& toml_body) {
  COCO_TRY_ASSIGN(const json doc, parse_init_data(toml_body));
  json claims = doc["data"];
  for (const char* key : {"cdh.toml", "aa.toml"}) {
    if (!claims.contains(key)) continue;
    auto parsed = parse_toml(claims[key].get<std::string>());
    if (parsed.ok()) claims[key] = *parsed;
  }
  if (claims.contains("policy.rego")) {
    const std::string rego = claims["policy.rego"].get<std::string>();
    static constexpr std::string_view k_start = "policy_data := {";
    const auto at = rego.find(k_start);
    if (at != std::string::npos) {
      const json data = json::parse(rego.substr(at + k_start.size() - 1), nullptr, false);
      if (!data.is_discarded()) {
        claims.erase("policy.rego");
        claims["agent_policy_claims"] = data;
      }
    }
  }
  return claims;
}

util::Result<json> verify_evidence(const std::string& tee, const json& evidence, const json& runtime_data,
                                   const std::optional<InitData>& init_data) {
  if (tee != "sample") return util::failure("coco-kbs-sim verifies only the sample TEE, not " + tee);
  COCO_TRY_ASSIGN(const std::string expected,
                  crypto::digest(crypto::DigestAlgorithm::sha384, canonical_json(runtime_data)));
  COCO_TRY_ASSIGN(json claims, verify_sample(evidence, expected));
  if (init_data) {
    if (init_data->format != "toml") return util::failure("Unsupported initdata format: " + init_data->format);
    COCO_TRY_ASSIGN(const std::string digest, init_data_digest(init_data->body).context("parse init data"));
    claims["init_data"] = crypto::base64_encode(digest);  // the sample verifier echoes the hash
  }
  return claims;
}

util::Result<std::string> issue_token(KbsState& state, const std::string& tee, json verified_claims, json runtime_data,
                                      const std::optional<InitData>& init_data) {
  json init_claims = nullptr;
  if (init_data) {
    COCO_TRY_ASSIGN(init_claims, init_data_claims(init_data->body).context("parse init data"));
  }
  const json annotated = annotated_evidence(tee, std::move(verified_claims), std::move(runtime_data),
                                            std::move(init_claims), state.settings.broker.verbose_token);
  json trust_claims;
  {
    std::lock_guard lock(state.mutex);
    auto policy_text = state.attestation_policies.find("default_cpu");
    if (policy_text == state.attestation_policies.end()) {
      return util::failure("no default_cpu attestation policy is set (coco-kbs-sim has no built-in one)");
    }
    COCO_TRY_ASSIGN(const auto policy,
                    AttestationPolicy::parse(policy_text->second).context("attestation policy default_cpu"));
    auto lookup = [&state](const std::string& id) { return state.reference_values.query(id).value_or(json(nullptr)); };
    COCO_TRY_ASSIGN(trust_claims, policy.trust_claims(annotated, lookup));
  }
  COCO_TRY_ASSIGN(json cpu0, appraisal(trust_claims, annotated));
  return issue_ear(state.signer, state.settings.broker, json{{"cpu0", std::move(cpu0)}});
}

}  // namespace cococtl::sim::kbs
