#pragma once
// The table of subcommands, in `cococtl --help` order.

#include "../command.hpp"

#include <array>

namespace cococtl::cli {

void add_version_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);
void add_completion_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);
void add_init_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);
void add_validate_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);
void add_render_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);
void add_secrets_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);
void add_initdata_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);
void add_pcr_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);
void add_apply_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);
void add_install_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);
void add_status_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);
void add_diff_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);
void add_uninstall_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);
void add_kbs_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);
void add_attest_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot);

// One command a line, in --help order.
// clang-format off
inline constexpr std::array k_commands = {
    &add_init_command,
    &add_validate_command,
    &add_render_command,
    &add_install_command,
    &add_status_command,
    &add_diff_command,
    &add_uninstall_command,
    &add_apply_command,
    &add_pcr_command,
    &add_kbs_command,
    &add_attest_command,
    &add_version_command,
    &add_secrets_command,
    &add_initdata_command,
    &add_completion_command,
};
// clang-format on

}  // namespace cococtl::cli
