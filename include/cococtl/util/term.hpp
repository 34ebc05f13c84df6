#pragma once
// Terminal facts that decide how output looks.

namespace cococtl::util {

// True when color is wanted: not disabled by flag, NO_COLOR unset or empty, and stderr a terminal.
bool use_color(bool no_color_flag);

}  // namespace cococtl::util
