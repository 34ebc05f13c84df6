#include "kubeconfig_reader.hpp"

#include "base64.hpp"

#include <fmt/format.h>

namespace cococtl::kube::detail {

EntryReader::EntryReader(YAML::Node node, std::string file, std::string where, std::filesystem::path dir)
    : m_node(std::move(node)), m_file(std::move(file)), m_where(std::move(where)), m_dir(std::move(dir)) {}

util::Error EntryReader::error(const std::string& what) const {
  return util::invalid_input(fmt::format("kubeconfig {}: {}: {}", m_file, m_where, what));
}

YAML::Node EntryReader::child(const char* key) const {
  if (!m_node.IsMap()) return YAML::Node(YAML::NodeType::Null);
  const YAML::Node value = m_node[key];
  return value ? value : YAML::Node(YAML::NodeType::Null);
}

util::Result<std::string> EntryReader::str(const char* key) const {
  const YAML::Node value = child(key);
  if (value.IsNull()) return std::string{};
  if (!value.IsScalar()) return error(fmt::format("{} must be a string", key));
  return value.Scalar();
}

util::Result<bool> EntryReader::boolean(const char* key) const {
  COCO_TRY_ASSIGN(const std::string text, str(key));
  if (text.empty() || text == "false" || text == "False" || text == "FALSE") return false;
  if (text == "true" || text == "True" || text == "TRUE") return true;
  return error(fmt::format("{} must be true or false, not \"{}\"", key, text));
}

util::Result<std::string> EntryReader::data(const char* key) const {
  COCO_TRY_ASSIGN(const std::string text, str(key));
  if (text.empty()) return text;
  auto decoded = base64_decode(text);
  if (!decoded) return error(fmt::format("{} is not valid base64", key));
  return *decoded;
}

util::Result<std::string> EntryReader::path(const char* key) const {
  COCO_TRY_ASSIGN(const std::string text, str(key));
  if (text.empty()) return text;
  std::filesystem::path p(text);
  if (text.starts_with("~/")) p = std::filesystem::path(std::getenv("HOME") ? std::getenv("HOME") : "") / text.substr(2);
  return (p.is_absolute() ? p : m_dir / p).lexically_normal().string();
}

util::Result<std::vector<std::string>> EntryReader::strings(const char* key) const {
  const YAML::Node value = child(key);
  std::vector<std::string> out;
  if (value.IsNull()) return out;
  if (!value.IsSequence()) return error(fmt::format("{} must be a list of strings", key));
  for (const auto& item : value) {
    if (!item.IsScalar()) return error(fmt::format("{} must be a list of strings", key));
    out.push_back(item.Scalar());
  }
  return out;
}

}  // namespace cococtl::kube::detail
