#pragma once
// The table of subcommands, in `cococtl --help` order.

#include "../command.hpp"

#include <array>

namespace cococtl::cli {

void add_version_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);
void add_completion_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);
void add_secrets_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);
void add_initdata_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);

inline constexpr std::array k_commands = {
    &add_version_command,
    &add_secrets_command,
    &add_initdata_command,
    &add_completion_command,
};

}  // namespace cococtl::cli
