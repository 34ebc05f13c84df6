#pragma once
// How subcommands plug into the CLI: each file in commands/ defines one add_*_command
// function that declares its flags on a CLI11 subcommand and stores what to run.

#include "global_options.hpp"

#include <cococtl/util/result.hpp>

#include <CLI/CLI.hpp>

#include <functional>

namespace cococtl::cli {

using CommandAction = std::function<util::Result<void>()>;

// Where a subcommand leaves its action; run() calls the one the user chose.
struct CommandSlot {
  CommandAction action;
};

using AddCommand = void (*)(CLI::App& app, GlobalOptions& global, CommandSlot& slot);

}  // namespace cococtl::cli
