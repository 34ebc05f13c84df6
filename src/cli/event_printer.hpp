#pragma once
// Renders install/uninstall events: a live view on a terminal (a status line showing what is
// being waited for, rewritten in place), timestamped plain lines otherwise, one JSON object per
// line with -o json. With -q only failures are printed.

#include "global_options.hpp"

#include <cococtl/install/reporter.hpp>

#include <memory>

namespace cococtl::cli {

// The printer for the global output flags: JSON lines to stdout for -o json/yaml, else text to
// stdout (live when stdout is a terminal).
std::unique_ptr<install::Reporter> make_event_printer(const GlobalOptions& global);

}  // namespace cococtl::cli
