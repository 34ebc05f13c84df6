#include "commands.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace cococtl::cli {

void add_version_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot) {
  auto* cmd = app.add_subcommand("version", "Print the cococtl version and the pinned operator versions");
  cmd->callback([&global, &slot] {
    slot.action = [&global]() -> util::Result<void> {
      if (global.output == OutputFormat::json) {
        fmt::print("{}\n", nlohmann::json{{"version", COCOCTL_VERSION}}.dump(2));
      } else {
        fmt::print("cococtl {}\n", COCOCTL_VERSION);
      }
      return {};
    };
  });
}

}  // namespace cococtl::cli
