#pragma once
// Safe YAML parsing shared by values, manifests and kubeconfigs: positions in every error,
// duplicate keys rejected, binary input and alias bombs refused, plain scalars typed by the
// YAML 1.2 core schema when converted to JSON.

#include <cococtl/util/result.hpp>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

namespace cococtl::util {

// "source:line:column" (1-based) for a yaml-cpp mark.
std::string yaml_position(std::string_view source, const YAML::Mark& mark);

// Parses every document of `text`. Fails with invalid_input naming `source` and the
// line:column for: non-UTF-8 or NUL bytes, YAML syntax errors (tabs, unclosed flows...),
// duplicate mapping keys, nesting deeper than 64, or more than 1,000,000 nodes (alias bombs).
Result<std::vector<YAML::Node>> parse_yaml_documents(std::string_view text, std::string_view source);

// As parse_yaml_documents, but the text must hold at most one document (none gives a null node).
Result<YAML::Node> parse_yaml(std::string_view text, std::string_view source);

// Converts a parsed node to JSON: quoted scalars stay strings, plain scalars become null,
// bool, integer or float when they match the YAML 1.2 core schema. Fails on non-string keys.
Result<nlohmann::json> yaml_to_json(const YAML::Node& node, std::string_view source);

// The value under `key` when `node` is a map that has it; an undefined node otherwise. Unlike
// yaml-cpp's operator[] on a missing key, the result is safe to query (IsMap() etc. never throw).
YAML::Node yaml_child(const YAML::Node& node, const std::string& key);

// True when a plain (unquoted) scalar with this text would not read back as a string.
bool plain_scalar_is_typed(std::string_view text);

}  // namespace cococtl::util
