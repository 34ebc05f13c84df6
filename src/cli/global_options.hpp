#pragma once
// Flags shared by every subcommand (the CLI contract in README.md).

#include <string>
#include <vector>

namespace cococtl::cli {

enum class OutputFormat { text, json, yaml };

struct GlobalOptions {
  std::string values_global;  // empty: ./values-global.yaml if present, else embedded defaults
  std::string values_secret;  // empty: the default lookup list
  std::string topology;       // empty: main.clusterGroupName from values
  std::string cluster;        // empty: single cluster; else an entry of `clusters:` in values
  std::vector<std::string> sets;
  std::string secrets_dir = "~/.coco-pattern";
  OutputFormat output = OutputFormat::text;
  int verbosity = 0;
  bool quiet = false;
  bool no_color = false;
};

}  // namespace cococtl::cli
