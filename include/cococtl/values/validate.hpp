#pragma once
// Validation of merged values: the embedded schema (types, enums, ranges, required keys,
// unknown keys with suggestions) and the cross-field rules that need the values-secret file.

#include <cococtl/values/location.hpp>
#include <cococtl/values/secret_file.hpp>
#include <cococtl/values/values.hpp>

#include <string>
#include <vector>

namespace cococtl::values {

// Checks `values` against values/schema.yaml. Returns every problem found (empty = valid),
// Values::load_problems() first; each names the place the key was set and the key path.
std::vector<Problem> validate_schema(const Values& values);

// Cross-field rules, e.g. a signed policy needs cosign keys, TDX needs the PCCS API key,
// Azure peer pods need VM flavours. `secrets` may be null when no values-secret file exists.
std::vector<Problem> validate_rules(const Values& values, const SecretFile* secrets);

// Schema, then rules: every problem, errors and warnings.
std::vector<Problem> validate(const Values& values, const SecretFile* secrets);

// The `doc` text of a schema key ("" when it has none); used by `cococtl init`.
std::string schema_doc(const std::string& path);

}  // namespace cococtl::values
