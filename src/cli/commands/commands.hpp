#pragma once
// The table of subcommands, in `cococtl --help` order.

#include "../command.hpp"

#include <array>

namespace cococtl::cli {

void add_version_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);
void add_completion_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);
void add_apply_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);

inline constexpr std::array k_commands = {
    &add_version_command,
    &add_completion_command,
    &add_apply_command,
};

}  // namespace cococtl::cli
