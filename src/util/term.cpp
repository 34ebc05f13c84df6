#include <cococtl/util/interrupt.hpp>
#include <cococtl/util/term.hpp>

#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace cococtl::util {
namespace {

// Echo off for the lifetime of the object; the previous settings come back even on early return.
class EchoOff {
 public:
  EchoOff() : m_ok(::tcgetattr(STDIN_FILENO, &m_saved) == 0) {
    if (!m_ok) return;
    termios quiet = m_saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;  // the newline the user types still moves the cursor on
    m_ok = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (m_ok) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &m_saved);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;
  bool ok() const { return m_ok; }

 private:
  termios m_saved{};
  bool m_ok = false;
};

}  // namespace

bool use_color(bool no_color_flag) {
  if (no_color_flag) return false;
  // https://no-color.org: any non-empty NO_COLOR disables color.
  if (const char* v = std::getenv("NO_COLOR"); v && *v) return false;
  return ::isatty(STDERR_FILENO) == 1;
}

bool can_prompt() { return ::isatty(STDIN_FILENO) == 1 && ::isatty(STDERR_FILENO) == 1; }

Result<std::string> read_hidden_line(std::string_view prompt) {
  if (::isatty(STDIN_FILENO) != 1) return invalid_input("cannot ask: standard input is not a terminal");
  const EchoOff echo_off;
  if (!echo_off.ok()) return invalid_input("cannot ask: the terminal cannot turn echo off");
  fmt::print(stderr, "{}", prompt);
  std::fflush(stderr);
  std::string line;
  for (char c = 0;;) {
    const ssize_t n = ::read(STDIN_FILENO, &c, 1);
    // The SIGINT handler is installed without SA_RESTART, so Ctrl-C ends the read with EINTR.
    if (interrupted()) return Error{ExitCode::interrupted, "interrupted while asking for a secret"};
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return invalid_input("input ended before a line was entered");
    if (c == '\n' || c == '\r') return line;
    line += c;
  }
}

}  // namespace cococtl::util
