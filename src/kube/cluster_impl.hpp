#pragma once
// Cluster internals shared by cluster.cpp, apply.cpp and watch.cpp.

#include "connection.hpp"
#include "discovery.hpp"

#include <cococtl/kube/cluster.hpp>

namespace cococtl::kube {

class Cluster::Impl {
 public:
  std::unique_ptr<detail::Connection> connection;
  std::unique_ptr<detail::Mapper> mapper;

  // The namespace path segment: "" for cluster-scoped resources and for k_all_namespaces, the
  // context's namespace for "", else `ns` itself.
  std::string namespace_for(const ResourceInfo& info, const std::string& ns) const {
    if (!info.namespaced || ns == k_all_namespaces) return {};
    return ns.empty() ? connection->config().namespace_name : ns;
  }
};

namespace detail {

// The JSON body of a 2xx response; `what` names the call in errors.
util::Result<nlohmann::json> json_body(const net::Response& response, const std::string& what);

// One page of a LIST (used by list() and by apply's existence check).
util::Result<ListResult> list_all(Connection& connection, const ResourceInfo& info, const std::string& ns,
                                  const ListOptions& options);

}  // namespace detail
}  // namespace cococtl::kube
