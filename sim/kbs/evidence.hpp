#pragma once
// What Trustee's built-in attestation service does with one Attestation: verify the evidence
// against the runtime-data binding (the sample verifier), turn init-data into claims, evaluate
// the default_cpu policy with the RVPS values, and issue the EAR token.

#include <cococtl/util/result.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "kbs/state.hpp"

namespace cococtl::sim::kbs {

struct InitData {
  std::string format;  // only "toml" is accepted
  std::string body;    // the init-data document as sent
};

// The claims of verified evidence from TEE `tee` bound to `runtime_data` (its JCS sha384 must be
// the evidence's report data). Only the sample TEE is verifiable: its evidence
// {"svn","report_data"} carries the digest as standard base64. Fails (failure) with the reason
// for another TEE, a report data mismatch or an unreadable init-data document.
util::Result<nlohmann::json> verify_evidence(const std::string& tee, const nlohmann::json& evidence,
                                             const nlohmann::json& runtime_data,
                                             const std::optional<InitData>& init_data);

// The EAR token for verified claims: annotated evidence as Trustee builds it, trust claims from
// the default_cpu attestation policy (which must be set and use the rule forms the simulator
// evaluates), submod cpu0. Locks state.mutex while reading policies and reference values.
// Fails (failure) with the reason.
util::Result<std::string> issue_token(KbsState& state, const std::string& tee, nlohmann::json verified_claims,
                                      nlohmann::json runtime_data, const std::optional<InitData>& init_data);

// The init-data claims the attestation service exposes: the [data] map, with aa.toml and cdh.toml
// parsed into JSON and policy.rego replaced by agent_policy_claims (the JSON after
// `policy_data := {`) when that parses. Fails (failure) on a document that is not init-data TOML.
util::Result<nlohmann::json> init_data_claims(const std::string& toml_body);

// The digest of an init-data document with its own `algorithm` (sha256/sha384/sha512).
util::Result<std::string> init_data_digest(const std::string& toml_body);

}  // namespace cococtl::sim::kbs
