#pragma once
// Running real system programs through /bin/sh (openssl, sha256sum...) to cross-check cococtl's
// own code, and a scratch folder whose write() gives paths as text for such command lines.

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace cococtl::test {

struct ShellResult {
  int rc = -1;
  std::string out;  // stdout and stderr together
};

// Runs `command` through /bin/sh with stderr merged into stdout.
inline ShellResult shell(const std::string& command) {
  ShellResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  result.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// A TempDir for shell command lines: write() gives the file's path as text.
class ScratchDir : public TempDir {
 public:
  explicit ScratchDir(const std::string& name) : TempDir("cococtl-" + name) {}
  std::string write(const std::string& name, const std::string& content) const {
    return TempDir::write(name, content).string();
  }
};

}  // namespace cococtl::test
