// `cococtl version`: the binary's version and the operator versions it pins.
#include "../print.hpp"
#include "commands.hpp"

#include <cococtl/util/yaml.hpp>
#include <cococtl/values/values.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <map>

namespace cococtl::cli {
namespace {

// package -> pinned CSV, over every topology's embedded subscriptions.
std::map<std::string, std::string> pinned_operators() {
  std::map<std::string, std::string> pins;
  for (const auto& topology : values::topology_names()) {
    values::LoadOptions options;
    options.topology = topology;
    const auto v = values::load(options);
    if (!v.ok()) continue;
    const YAML::Node subs = v->at("clusterGroup.subscriptions");
    for (const auto& pair : subs) {
      const auto name = util::yaml_child(pair.second, "name");
      const auto csv = util::yaml_child(pair.second, "csv");
      if (name.IsScalar() && csv.IsScalar()) pins[name.Scalar()] = csv.Scalar();
    }
  }
  return pins;
}

}  // namespace

void add_version_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot) {
  auto* cmd = app.add_subcommand("version", "Print the cococtl version and the pinned operator versions");
  cmd->callback([&global, &slot] {
    slot.action = [&global]() -> util::Result<void> {
      const auto pins = pinned_operators();
      const nlohmann::json doc{{"version", COCOCTL_VERSION}, {"pinnedOperators", pins}};
      if (global.output != OutputFormat::text) return print_document(doc, global.output), util::Result<void>();
      fmt::print("cococtl {}\n", COCOCTL_VERSION);
      for (const auto& [package, csv] : pins) fmt::print("  {:<32} {}\n", package, csv);
      return {};
    };
  });
}

}  // namespace cococtl::cli
