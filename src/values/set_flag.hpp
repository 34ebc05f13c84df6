#pragma once
// `--set key.path=value` parsing (private to the values module).

#include <cococtl/util/result.hpp>

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace cococtl::values::detail {

struct SetFlag {
  std::string text;                // the whole "key.path=value", for messages and origins
  std::vector<std::string> keys;   // path split at dots
  YAML::Node value;                // the value parsed as YAML ("true" is a bool, "[a,b]" a list)
};

// Parses "a.b.c=value". Fails with a usage error for a missing '=', an empty key or path
// segment, or a value that is not valid YAML.
util::Result<SetFlag> parse_set_flag(const std::string& text);

// Writes the flag's value into `root`, creating maps along the way (a scalar on the way is replaced).
void apply_set_flag(YAML::Node root, const SetFlag& flag);

}  // namespace cococtl::values::detail
