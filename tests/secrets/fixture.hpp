#pragma once
// Secrets test fixture: a scratch secrets folder, a spec, and snapshots of every file
// (content, mode, mtime in ns) to prove what a run changed and what it did not.

#include "support/shell.hpp"

#include <cococtl/secrets/generate.hpp>
#include <cococtl/secrets/spec.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <map>
#include <set>

namespace cococtl::test {

struct FileState {
  std::string content;
  mode_t mode = 0;
  long long mtime_ns = 0;
  bool operator==(const FileState&) const = default;
};

using Snapshot = std::map<std::string, FileState>;

inline Snapshot snapshot(const std::filesystem::path& dir) {
  Snapshot out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_directory()) continue;
    struct stat st {};
    REQUIRE(::stat(entry.path().c_str(), &st) == 0);
    std::ifstream in(entry.path(), std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    out[entry.path().filename().string()] = {content, st.st_mode & 07777,
                                             st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec};
  }
  return out;
}

// Names of files whose state differs between two snapshots (added, removed or changed).
inline std::set<std::string> changed(const Snapshot& before, const Snapshot& after) {
  std::set<std::string> out;
  for (const auto& [name, state] : before) {
    if (!after.count(name) || !(after.at(name) == state)) out.insert(name);
  }
  for (const auto& [name, state] : after) {
    if (!before.count(name)) out.insert(name);
  }
  return out;
}

inline secrets::KeyMaterialSpec test_spec() {
  secrets::KeyMaterialSpec spec;
  spec.kbs_host = "kbs.apps.test.example.com";
  spec.extra_sans = {"kbs-service", "10.1.2.3"};
  return spec;
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {(std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()};
}

// The outcome of item `name` in a generate report.
inline secrets::ItemOutcome outcome(const secrets::GenerateReport& report, const std::string& name) {
  for (const auto& item : report.items) {
    if (item.name == name) return item;
  }
  FAIL("no item " << name);
  return {};
}

}  // namespace cococtl::test
