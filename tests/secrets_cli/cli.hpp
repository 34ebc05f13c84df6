#pragma once
// Runs the real cococtl binary with HOME pointed at a scratch folder, so the default secrets
// folder and values-secret lookup never touch the developer's home.

#include "support/shell.hpp"

#include <string>

namespace cococtl::test {

inline const std::string k_cococtl = std::string(COCOCTL_BINARY_DIR) + "/bin/cococtl";

struct CliResult {
  int rc = -1;
  std::string out;  // stdout only
  std::string err;  // stderr only
};

// `cococtl <args>` with HOME=<home> and NO_COLOR, run in <home>/<subdir> (default: <home>) with
// stdin from /dev/null; stdout and stderr captured separately.
inline CliResult run_cococtl(const ScratchDir& home, const std::string& args, const std::string& subdir = "") {
  const std::string err_file = home.file("stderr.txt");
  // The subshell keeps cococtl's stderr in err_file (shell() merges only the subshell's own).
  const auto r = shell("(cd " + (home.path() / subdir).string() + " && HOME=" + home.path().string() + " NO_COLOR=1 " +
                       k_cococtl + " " + args + " </dev/null 2>" + err_file + ")");
  std::ifstream in(err_file);
  return {r.rc, r.out, std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>())};
}

}  // namespace cococtl::test
