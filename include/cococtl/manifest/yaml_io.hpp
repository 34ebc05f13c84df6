#pragma once
// YAML text <-> objects. Emission is deterministic: keys sorted, strings quoted only when the
// plain form would read back as something else, multi-line strings as literal blocks.

#include <cococtl/manifest/object.hpp>
#include <cococtl/util/result.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace cococtl::manifest {

// One YAML document (no leading "---") for a JSON value; ends with a newline.
std::string to_yaml(const nlohmann::json& value);

// A string as a YAML scalar that always reads back as that exact string.
std::string yaml_scalar(const std::string& text);

// Parses a (multi-document) YAML stream into objects, skipping empty documents and expanding
// `kind: List` items. Each object is checked with check_object. Fails with file:line:col.
util::Result<std::vector<Object>> parse_objects(std::string_view text, const std::string& source);

}  // namespace cococtl::manifest
