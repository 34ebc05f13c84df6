#pragma once
// Process and file helpers of the registry tests (the process runners are tests/support's).

#include "support/process.hpp"

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace cococtl::oci::test {

using EnvChanges = cococtl::test::EnvOverrides;
using RunResult = cococtl::test::CommandResult;
using cococtl::test::ChildProcess;

// Runs a program to completion (killed after `limit`) and captures its output.
RunResult run_program(const std::vector<std::string>& argv, const EnvChanges& env = {},
                      std::chrono::milliseconds limit = std::chrono::seconds(120));

using cococtl::test::TempDir;

// Whole file as a string ("" when missing); writes a file (throws on failure).
std::string slurp(const std::filesystem::path& path);
void spit(const std::filesystem::path& path, const std::string& content);

}  // namespace cococtl::oci::test
