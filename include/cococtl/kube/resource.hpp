#pragma once
// What discovery says about a resource type: the kind -> plural + scope mapping.

#include <string>
#include <vector>

namespace cococtl::kube {

struct ResourceInfo {
  std::string group;    // "" for the core group
  std::string version;
  std::string kind;
  std::string plural;   // the URL segment, exactly as the server serves it
  std::string singular;
  bool namespaced = true;
  std::vector<std::string> verbs{};
  std::vector<std::string> short_names{};

  // "v1" or "apps/v1".
  std::string api_version() const { return group.empty() ? version : group + "/" + version; }
};

// Splits "apps/v1" into {"apps", "v1"} and "v1" into {"", "v1"}.
std::pair<std::string, std::string> split_api_version(const std::string& api_version);

}  // namespace cococtl::kube
