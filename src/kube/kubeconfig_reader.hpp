#pragma once
// Typed access to the fields of one kubeconfig entry; every error names the file and entry.

#include <cococtl/util/result.hpp>

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <vector>

namespace cococtl::kube::detail {

class EntryReader {
 public:
  // `where` names the entry in messages, e.g. `users[1] "alice"`; `dir` resolves relative paths.
  EntryReader(YAML::Node node, std::string file, std::string where, std::filesystem::path dir);

  util::Result<std::string> str(const char* key) const;           // absent: ""
  util::Result<bool> boolean(const char* key) const;              // absent: false
  util::Result<std::string> data(const char* key) const;          // base64-decoded; absent: ""
  util::Result<std::string> path(const char* key) const;          // absolute; absent: ""
  util::Result<std::vector<std::string>> strings(const char* key) const;
  YAML::Node child(const char* key) const;                       // null node when absent
  util::Error error(const std::string& what) const;
  const std::filesystem::path& dir() const { return m_dir; }
  const std::string& file() const { return m_file; }
  const std::string& where() const { return m_where; }

 private:
  YAML::Node m_node;
  std::string m_file;
  std::string m_where;
  std::filesystem::path m_dir;
};

}  // namespace cococtl::kube::detail
