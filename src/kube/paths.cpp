#include "paths.hpp"

#include <fmt/format.h>

namespace cococtl::kube {

std::pair<std::string, std::string> split_api_version(const std::string& api_version) {
  const auto slash = api_version.find('/');
  if (slash == std::string::npos) return {"", api_version};
  return {api_version.substr(0, slash), api_version.substr(slash + 1)};
}

namespace detail {

std::string url_encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string query_string(const Query& query) {
  std::string out;
  for (const auto& [key, value] : query) {
    out += out.empty() ? '?' : '&';
    out += url_encode(key) + "=" + url_encode(value);
  }
  return out;
}

std::string collection_path(const ResourceInfo& info, const std::string& ns) {
  std::string path = info.group.empty() ? "/api/" + info.version : "/apis/" + info.group + "/" + info.version;
  if (info.namespaced && !ns.empty()) path += "/namespaces/" + url_encode(ns);
  return path + "/" + info.plural;
}

std::string object_path(const ResourceInfo& info, const std::string& ns, const std::string& name, const std::string& subresource) {
  std::string path = collection_path(info, ns) + "/" + url_encode(name);
  if (!subresource.empty()) path += "/" + subresource;
  return path;
}

}  // namespace detail
}  // namespace cococtl::kube
