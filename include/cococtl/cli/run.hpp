#pragma once

namespace cococtl::cli {

// Parses argv, runs the chosen subcommand and returns the process exit code
// (see util::ExitCode). Every error is printed once, here, as "cococtl: error: ...".
int run(int argc, char** argv);

}  // namespace cococtl::cli
