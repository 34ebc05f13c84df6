#include "embedded_values.hpp"
#include "merge.hpp"
#include "set_flag.hpp"

#include <cococtl/util/fs.hpp>
#include <cococtl/util/strings.hpp>
#include <cococtl/util/yaml.hpp>
#include <cococtl/values/values.hpp>

#include <fmt/format.h>

namespace cococtl::values {
namespace {

constexpr std::uintmax_t k_values_file_limit = 4 * 1024 * 1024;

struct Layer {
  std::string source;
  YAML::Node root;
};

util::Result<Layer> embedded_layer(const std::string& name) {
  COCO_TRY_ASSIGN(const auto text, embedded::file(name));
  const std::string source = "embedded:" + name;
  COCO_TRY_ASSIGN(auto root, util::parse_yaml(text, source));
  return Layer{source, root};
}

util::Result<Layer> user_layer(const std::filesystem::path& path) {
  COCO_TRY_ASSIGN(const auto text, util::read_file(path, k_values_file_limit));
  COCO_TRY_ASSIGN(auto root, util::parse_yaml(text, path.string()));
  if (!root.IsNull() && !root.IsMap()) {
    return util::invalid_input(
        fmt::format("{}: the top level must be a map of keys (main:, global:, ...)", util::yaml_position(path.string(), root.Mark())));
  }
  return Layer{path.string(), root};
}

// The topology and where it was chosen, by precedence: --topology, --set, the user's file, defaults.
struct TopologyChoice {
  std::string name;
  Location where;
};

// Where `key` is written in `map` (errors point at keys, like schema problems do).
Location key_location(const std::string& source, const YAML::Node& map, const std::string& key) {
  for (const auto& pair : map) {
    if (pair.first.Scalar() == key) return {source, pair.first.Mark().line + 1, pair.first.Mark().column + 1};
  }
  return {source};
}

// The clusters.<name> entry of the user's file chosen with --cluster.
util::Result<YAML::Node> cluster_entry(const LoadOptions& options, const std::optional<Layer>& user) {
  if (options.cluster.empty()) return YAML::Node();
  const YAML::Node clusters = user ? util::yaml_child(user->root, "clusters") : YAML::Node();
  if (const auto entry = util::yaml_child(clusters, options.cluster); entry.IsMap()) return entry;
  std::vector<std::string> names;
  if (clusters.IsMap()) {
    for (const auto& pair : clusters) names.push_back(pair.first.Scalar());
  }
  return util::usage_error(fmt::format("--cluster {}: no entry clusters.{} in {}{}", options.cluster, options.cluster,
                                       user ? user->source : "values (no values-global.yaml given)",
                                       util::did_you_mean(options.cluster, names)));
}

TopologyChoice choose_topology(const LoadOptions& options, const std::vector<detail::SetFlag>& sets,
                               const std::optional<Layer>& user, const Layer& defaults, const YAML::Node& cluster) {
  if (!options.topology.empty()) return {options.topology, {"--topology"}};
  if (const auto node = util::yaml_child(cluster, "topology"); node.IsScalar()) {
    return {node.Scalar(), key_location(user->source, cluster, "topology")};
  }
  for (auto it = sets.rbegin(); it != sets.rend(); ++it) {
    if (it->path == "main.clusterGroupName" && it->value.IsScalar()) {
      return {it->value.Scalar(), {"--set " + it->text}};
    }
  }
  for (const Layer* layer : {user ? &*user : nullptr, &defaults}) {
    if (!layer) continue;
    const YAML::Node main = util::yaml_child(layer->root, "main");
    const YAML::Node node = util::yaml_child(main, "clusterGroupName");
    if (node.IsScalar()) return {node.Scalar(), key_location(layer->source, main, "clusterGroupName")};
  }
  return {"simple", {"embedded:values-global.yaml"}};
}

// An unknown topology named in a file or --set is one problem among the others validation finds
// (the tree is merged without a topology layer); named by --topology it is a usage error.
util::Result<std::optional<Problem>> check_topology(const TopologyChoice& choice) {
  const auto& names = topology_names();
  if (std::find(names.begin(), names.end(), choice.name) != names.end()) return std::optional<Problem>();
  Problem problem{choice.where, "main.clusterGroupName",
                  fmt::format("unknown topology {}{}", util::quote_for_message(choice.name),
                              util::did_you_mean(choice.name, names))};
  if (choice.where.source == "--topology") return util::usage_error(problem.to_string());
  return std::optional(std::move(problem));
}

// The --set flags that parse; the others become problems at their flag.
std::vector<detail::SetFlag> parse_sets(const std::vector<std::string>& texts, std::vector<Problem>& problems) {
  std::vector<detail::SetFlag> sets;
  for (const auto& text : texts) {
    auto flag = detail::parse_set_flag(text);
    if (flag.ok()) {
      sets.push_back(std::move(flag).value());
    } else {
      problems.push_back({Location{"--set " + text}, "", flag.error().message});
    }
  }
  return sets;
}

void apply_sets(YAML::Node& root, const std::vector<detail::SetFlag>& sets, detail::Origins& origins,
                std::vector<Problem>& problems) {
  for (const auto& flag : sets) {
    const Location where{"--set " + flag.text};
    if (auto applied = detail::apply_set_flag(root, flag); !applied.ok()) {
      problems.push_back({where, flag.path, applied.error().message});
      continue;
    }
    detail::record_origins(flag.value, {}, flag.path, where.source, origins);
    // Positions inside the flag's value text ("--set a=[x]:1:2") would only confuse.
    for (auto it = origins.lower_bound(flag.path); it != origins.end() && it->first.rfind(flag.path, 0) == 0; ++it) {
      if (it->second.source == where.source) it->second = where;
    }
    // Maps and lists the flag created exist because of it: errors about them point here too.
    for (auto cut = flag.path.find_last_of(".["); cut != std::string::npos && cut > 0;
         cut = flag.path.find_last_of(".[", cut - 1)) {
      origins.emplace(flag.path.substr(0, cut), where);
    }
  }
}

}  // namespace

std::optional<std::filesystem::path> default_values_global_path() {
  std::error_code ec;
  if (std::filesystem::is_regular_file("values-global.yaml", ec)) return std::filesystem::path("values-global.yaml");
  return std::nullopt;
}

util::Result<Values> load(const LoadOptions& options) {
  std::vector<Problem> problems;
  const auto sets = parse_sets(options.sets, problems);
  COCO_TRY_ASSIGN(const Layer defaults, embedded_layer("values-global.yaml"));
  std::optional<Layer> user;
  if (options.values_global) {
    COCO_TRY_ASSIGN(user, user_layer(*options.values_global));
  }
  COCO_TRY_ASSIGN(const YAML::Node cluster, cluster_entry(options, user));
  const TopologyChoice topology = choose_topology(options, sets, user, defaults, cluster);
  COCO_TRY_ASSIGN(auto unknown_topology, check_topology(topology));
  if (unknown_topology) problems.insert(problems.begin(), std::move(*unknown_topology));

  detail::Origins origins;
  YAML::Node root = YAML::Clone(defaults.root);
  detail::record_origins(defaults.root, {}, "", defaults.source, origins);  // clones lose marks
  if (!unknown_topology) {
    COCO_TRY_ASSIGN(const Layer topology_layer, embedded_layer("values-" + topology.name + ".yaml"));
    detail::merge_into(root, topology_layer.root, "", topology_layer.source, origins);
  }
  if (user && user->root.IsMap()) detail::merge_into(root, user->root, "", user->source, origins);
  if (const auto domain = util::yaml_child(cluster, "localClusterDomain"); domain.IsScalar()) {
    root["global"]["localClusterDomain"] = domain.Scalar();
    origins["global.localClusterDomain"] = key_location(user->source, cluster, "localClusterDomain");
  }
  apply_sets(root, sets, origins, problems);
  root["main"]["clusterGroupName"] = topology.name;
  origins["main.clusterGroupName"] = topology.where;
  return Values(root, std::move(origins), std::move(problems));
}

}  // namespace cococtl::values
