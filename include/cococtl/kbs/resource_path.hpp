#pragma once
// KBS resource paths "<repository>/<type>/<tag>" (guest URI kbs:///<repository>/<type>/<tag>).

#include <cococtl/util/result.hpp>

#include <string>
#include <string_view>

namespace cococtl::kbs {

struct ResourcePath {
  std::string repository;
  std::string type;
  std::string tag;

  // "repository/type/tag".
  std::string str() const { return repository + "/" + type + "/" + tag; }
};

// Parses "repo/type/tag" (a leading "kbs:///" is accepted). Each segment must match Trustee's
// `[A-Za-z0-9_-]+[A-Za-z0-9_.-]*` (no leading '.'). Fails (invalid_input) naming the problem.
util::Result<ResourcePath> parse_resource_path(std::string_view text);

}  // namespace cococtl::kbs
