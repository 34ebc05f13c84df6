#pragma once
// Where a deployment's inputs live on disk: the values files, the values-secret file and the
// secrets folder. Commands (cli) and install stages load everything through this one struct.

#include <filesystem>
#include <string>
#include <vector>

namespace cococtl::workspace {

struct Options {
  std::string values_global;      // empty: ./values-global.yaml if present, else the embedded defaults
  std::string values_secret;      // empty: the default lookup list (values::locate_secret_file)
  std::string topology;           // empty: main.clusterGroupName from values
  std::string cluster;            // empty: single cluster; else an entry of `clusters:` in values
  std::vector<std::string> sets;  // "key.path=value", applied in order
  std::string secrets_dir = "~/.coco-pattern";
};

// The secrets folder with `~` expanded. Never fails.
std::filesystem::path secrets_dir(const Options& options);

}  // namespace cococtl::workspace
