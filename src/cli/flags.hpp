#pragma once
// Flag helpers shared by the commands: choices with our own wording, the global flags in every
// command's help, and parse errors without CLI11's internals.

#include "global_options.hpp"

#include <cococtl/util/result.hpp>

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace cococtl::cli {

// Accepts exactly one of `choices`; otherwise "\"x\" is not one of: a, b (did you mean ...)".
CLI::Validator one_of(std::vector<std::string> choices);

// Restricts `option` to `choices` (one_of); help and shell completion show them as "a|b|c".
CLI::Option* choices(CLI::Option* option, std::vector<std::string> choices);

// Marks `option` as taking a file (FILE) or a folder (DIR): shown so in help, completed as paths.
CLI::Option* takes_file(CLI::Option* option);
CLI::Option* takes_dir(CLI::Option* option);

// The formats -o accepts, by name.
const std::vector<std::string>& output_format_names();

// Puts the root's flags and its footer at the end of every subcommand's help, recursively (CLI11
// shows only a command's own flags, but global flags are accepted after the command too).
void add_global_flags_to_help(CLI::App& root);

// The message for a failed parse: an unknown command gets the closest command name, everything
// else CLI11's own message.
std::string parse_error_message(const CLI::App& root, const CLI::ParseError& error);

// A usage error when `-o` is json or yaml for a command whose output has no such form.
util::Result<void> refuse_structured_output(const GlobalOptions& global, const std::string& why);

}  // namespace cococtl::cli
