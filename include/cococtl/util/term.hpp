#pragma once
// Terminal facts that decide how output looks, and asking the user for a secret.

#include <cococtl/util/result.hpp>

#include <string>
#include <string_view>

namespace cococtl::util {

// True when color is wanted: not disabled by flag, NO_COLOR unset or empty, and stderr a terminal.
bool use_color(bool no_color_flag);

// True when a question can be asked: stdin and stderr are both terminals.
bool can_prompt();

// Writes `prompt` to stderr and reads one line from the terminal on stdin with echo off (the
// line itself is never shown), restoring the terminal afterwards. Returns the line without its
// newline. Fails (invalid_input) when stdin is not a terminal or input ends before a newline,
// and with ExitCode::interrupted on SIGINT.
Result<std::string> read_hidden_line(std::string_view prompt);

}  // namespace cococtl::util
