#pragma once
// REST paths and query strings.

#include <cococtl/kube/resource.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cococtl::kube::detail {

using Query = std::vector<std::pair<std::string, std::string>>;

// Percent-encodes everything but unreserved characters (RFC 3986).
std::string url_encode(std::string_view text);

// "?a=b&c=d" (encoded), or "" for an empty query.
std::string query_string(const Query& query);

// /api/v1[/namespaces/NS]/PLURAL — `ns` is ignored for cluster-scoped resources; "" = all namespaces.
std::string collection_path(const ResourceInfo& info, const std::string& ns);

// collection_path + "/NAME" [+ "/SUBRESOURCE"].
std::string object_path(const ResourceInfo& info, const std::string& ns, const std::string& name,
                        const std::string& subresource = {});

}  // namespace cococtl::kube::detail
