#include <cococtl/util/term.hpp>

#include <cstdlib>
#include <unistd.h>

namespace cococtl::util {

bool use_color(bool no_color_flag) {
  if (no_color_flag) return false;
  // https://no-color.org: any non-empty NO_COLOR disables color.
  if (const char* v = std::getenv("NO_COLOR"); v && *v) return false;
  return ::isatty(STDERR_FILENO) == 1;
}

}  // namespace cococtl::util
