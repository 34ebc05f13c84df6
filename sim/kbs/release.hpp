#pragma once
// What the KBS releases to a simulated TEE: the cluster simulator's kubelet runs a confidential
// pod's `curl http://127.0.0.1:8006/cdh/resource/...` through this, as the pod's CDH and
// attestation agent would. Only the hardware is simulated (the verifier's claims); the rest is
// the KBS's own chain: attestation policy with the RVPS values, EAR token signed and verified,
// resource policy, the resource plugin and the JWE, opened with the TEE's key.

#include "kbs/state.hpp"

#include <cococtl/util/result.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace cococtl::sim::kbs {

struct SimulatedTee {
  // A kbs-types TEE name: "tdx", "snp", "az-snp-vtpm", "az-tdx-vtpm" or "sample" (the attester
  // the attestation agent falls back to when it finds no TEE).
  std::string tee;
  // The init-data document the TEE was launched with (its digest is bound into the evidence).
  std::optional<std::string> init_data_toml;
};

// The claims a verifier of `tee.tee` would report for a guest launched with `tee.init_data_toml`
// and booting the measured image: measurements not bound to init-data are the first registered
// value of their reference value (the image cococtl measured); init-data is bound as that TEE
// binds it (TDX MRCONFIGID, SNP HOST_DATA, Azure vTPM PCR8, the sample TEE's base64 hash).
// Fails (failure) on an unknown TEE or unreadable init-data.
util::Result<nlohmann::json> simulated_claims(KbsState& state, const SimulatedTee& tee);

// The plaintext of resource `path` ("repo/type/tag") as the KBS releases it to `tee`: attest
// (simulated claims, the real default_cpu policy and token), then GET the resource with the token
// as Bearer, through the same handler as HTTP clients, and open the JWE. Fails (failure) with
// the KBS's error type and detail and, for attestation failures, the logged cause.
util::Result<std::string> release_to_tee(KbsState& state, const SimulatedTee& tee, const std::string& path);

}  // namespace cococtl::sim::kbs
