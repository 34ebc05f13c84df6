#pragma once
// Flags shared by every subcommand (the CLI contract in README.md).

#include <cococtl/workspace/options.hpp>

#include <string>
#include <vector>

namespace cococtl::cli {

enum class OutputFormat { text, json, yaml };

struct GlobalOptions {
  workspace::Options workspace;  // --values-global, --values-secret, --topology, --cluster, --set, --secrets-dir
  OutputFormat output = OutputFormat::text;
  int verbosity = 0;
  bool quiet = false;
  bool no_color = false;
};

}  // namespace cococtl::cli
