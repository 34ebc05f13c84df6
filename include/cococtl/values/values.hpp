#pragma once
// The merged values of one deployment: embedded defaults -> embedded topology file ->
// the user's values-global.yaml -> --set flags, last wins. Every key remembers where it came
// from so that errors can point at file:line:column.

#include <cococtl/util/result.hpp>
#include <cococtl/values/location.hpp>

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cococtl::values {

// The five topologies, in documentation order.
const std::vector<std::string>& topology_names();

class Values {
 public:
  Values(const YAML::Node& root, std::map<std::string, Location> origins, std::vector<Problem> load_problems = {});

  const YAML::Node& root() const { return m_root; }

  // The node at a dotted path ("global.coco.secured"); an undefined node when missing.
  YAML::Node at(const std::string& path) const;

  // Typed reads of validated values; `fallback` when the key is missing or has another type.
  std::string string_at(const std::string& path, const std::string& fallback = "") const;
  bool bool_at(const std::string& path, bool fallback = false) const;
  long long int_at(const std::string& path, long long fallback = 0) const;
  std::vector<std::string> strings_at(const std::string& path) const;

  // Where the key at `path` (or its nearest known parent) was set.
  Location location_of(const std::string& path) const;

  // main.clusterGroupName.
  std::string topology() const { return string_at("main.clusterGroupName"); }

  // Problems found while merging that did not stop it: an unknown topology named in a file or
  // --set (merged without a topology layer), --set flags that are malformed or do not fit the
  // values (left out). validate_schema() reports them first.
  const std::vector<Problem>& load_problems() const { return m_load_problems; }

 private:
  YAML::Node m_root;
  std::map<std::string, Location> m_origins;
  std::vector<Problem> m_load_problems;
};

struct LoadOptions {
  std::optional<std::filesystem::path> values_global;  // nullopt: embedded defaults only
  std::string topology;                                 // non-empty: overrides main.clusterGroupName
  std::string cluster;                                  // non-empty: apply clusters.<cluster> of the user file
  std::vector<std::string> sets;                        // "key.path=value", applied in order
};

// The user's values file when none is named: ./values-global.yaml if it exists.
std::optional<std::filesystem::path> default_values_global_path();

// Loads and merges all layers. Fails with invalid_input (file:line:col) for unreadable or
// malformed YAML or a top level that is not a map, and with a usage error for an unknown
// --topology or --cluster. An unknown topology named in a file or --set, and --set flags that
// are malformed or do not fit, are Values::load_problems() instead, so that validation reports
// them with everything else. A `clusters.<name>` entry selected by `cluster` sets the topology
// (below --topology) and global.localClusterDomain. Schema problems are not checked here: see validate().
util::Result<Values> load(const LoadOptions& options);

}  // namespace cococtl::values
