#pragma once
// Fast YAML -> JSON parsing with libyaml, for bulk documents (rendered manifests, user
// manifests, the schema). Same guarantees as util/yaml.hpp: positions in errors, duplicate
// keys rejected, binary input and alias bombs refused, plain scalars typed by the YAML 1.2 core
// schema, quoted scalars always strings.

#include <cococtl/util/result.hpp>

#include <nlohmann/json.hpp>

#include <string_view>
#include <vector>

namespace cococtl::util {

struct JsonDocument {
  nlohmann::json value;  // null for an empty document
  int line = 0;          // 1-based line where the document starts
};

// Parses every document of `text`. Fails with invalid_input "source:line:col: what" for
// non-UTF-8 or NUL bytes, syntax errors, duplicate keys, non-scalar keys, nesting deeper than 64
// or more than 1,000,000 nodes after alias expansion.
Result<std::vector<JsonDocument>> parse_yaml_json(std::string_view text, std::string_view source);

}  // namespace cococtl::util
