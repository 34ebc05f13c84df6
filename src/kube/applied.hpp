#pragma once
// Skipping an apply that would change nothing: install re-applies every object on every run, and
// most runs find the cluster converged. The body install sends is stamped with its own digest;
// an object whose live state carries that digest, is owned by the same field manager and holds
// every field of the body with the same value would come back from the server unchanged, so no
// PATCH is sent. Anything else (a hand edit, a removed field, a value the server normalises
// differently) is applied as before: the rule only ever errs towards sending the PATCH.

#include "apply_plan.hpp"

namespace cococtl::kube::detail {

// The annotation holding the SHA-256 of the body as cococtl applied it.
inline constexpr const char* k_applied_digest_annotation = "cococtl.io/applied-digest";

// Adds the digest annotation of `body` (computed over the body without it). Fails only if
// the digest cannot be computed (OpenSSL error).
util::Result<void> stamp_applied_digest(nlohmann::json& body);

// True when applying `planned.body` as `field_manager` would leave the live object as it is.
bool already_applied(const Planned& planned, const std::string& field_manager);

// True when every field of `wanted` is in `live` with an equal value (lists element by element,
// same length).
bool contains_fields(const nlohmann::json& live, const nlohmann::json& wanted);

}  // namespace cococtl::kube::detail
