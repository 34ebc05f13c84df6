#include <cococtl/util/interrupt.hpp>

#include <atomic>
#include <csignal>
#include <unistd.h>

namespace cococtl::util {
namespace {

std::atomic<int> g_signals{0};

extern "C" void on_signal(int) {
  if (g_signals.fetch_add(1) >= 1) ::_exit(130);  // the user insisted: stop now
}

}  // namespace

void install_interrupt_handler() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

bool interrupted() { return g_signals.load() > 0; }

}  // namespace cococtl::util
