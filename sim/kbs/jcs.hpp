#pragma once
// RFC 8785 JSON Canonicalization Scheme: what Trustee hashes to bind runtime data (nonce and TEE
// public key) to the evidence's report data.

#include <nlohmann/json.hpp>
#include <string>

namespace cococtl::sim::kbs {

// The canonical text of `value`: object members sorted by their UTF-16 code units, no
// whitespace, strings escaped only where RFC 8785 requires (quote, backslash, control
// characters), numbers in ECMAScript form (integral doubles without ".0"). Never fails.
std::string canonical_json(const nlohmann::json& value);

}  // namespace cococtl::sim::kbs
