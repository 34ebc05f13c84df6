#pragma once
// `--set key.path=value` parsing and applying (private to the values module).

#include <cococtl/util/result.hpp>

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace cococtl::values::detail {

// One step of a --set path: a map key, or (written "[N]") a list index.
struct PathStep {
  std::string key;
  std::size_t index = 0;
  bool is_index = false;
};

struct SetFlag {
  std::string text;             // the whole "key.path=value", for messages and origins
  std::vector<PathStep> steps;  // "a.b[0].c" -> a, b, [0], c
  std::string path;             // the steps as values paths write them: "a.b[0].c"
  YAML::Node value;             // the value parsed as YAML ("true" is a bool, "[a,b]" a list)
};

// Parses "a.b[0].c=value". Fails (invalid_input, the message without the flag itself) for a
// missing '=', an empty key, a bad index or a value that is not valid YAML.
util::Result<SetFlag> parse_set_flag(const std::string& text);

// Writes the flag's value into `root`: missing maps and lists are created, "[N]" sets item N of a
// list (N == its size appends). Fails (invalid_input, naming the path) when a step does not fit
// what is there (a key into a list or a single value, an index into a map or past the end); `root`
// is then unchanged.
util::Result<void> apply_set_flag(YAML::Node& root, const SetFlag& flag);

}  // namespace cococtl::values::detail
