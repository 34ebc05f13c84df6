#pragma once
// SIGINT/SIGTERM handling: long operations poll interrupted() and stop with ExitCode::interrupted.

namespace cococtl::util {

// Installs handlers that set the interrupted flag (idempotent). A second SIGINT exits at once.
void install_interrupt_handler();

// True once SIGINT or SIGTERM has been received.
bool interrupted();

}  // namespace cococtl::util
