#pragma once
// Per-kind defaulting and admission checks of the built-in kinds (what the real API server's
// registry strategies and built-in admission do).

#include "sim/api/api_error.hpp"
#include "sim/api/resource_type.hpp"

#include <optional>
#include <vector>

namespace cococtl::sim {

// Fills defaulted fields of `object` (creating: `old` is null). `allocate` gives Service IPs.
void apply_defaults(const ResourceType& type, json& object, const json& old, unsigned long long seed_value);

// Kind-specific validation; empty when the object is acceptable.
std::vector<StatusCause> admission_causes(const ResourceType& type, const json& object, const json& old);

}  // namespace cococtl::sim
