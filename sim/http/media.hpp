#pragma once
// Content negotiation: which representation a client asked for in its Accept header.

#include <string>
#include <string_view>

namespace cococtl::sim {

enum class Representation {
  plain,                 // the plain object or list
  table,                 // meta.k8s.io/v1 Table (kubectl get)
  table_v1beta1,         // meta.k8s.io/v1beta1 Table
  aggregated_discovery,  // apidiscovery.k8s.io/v2 APIGroupDiscoveryList
  aggregated_discovery_v2beta1,
  unsupported,           // nothing acceptable (protobuf only)
};

// The first representation in `accept` the server can produce; `discovery` says whether the
// aggregated discovery list is one of them.
Representation negotiate(std::string_view accept, bool discovery);

// The Content-Type header for a representation.
std::string content_type(Representation representation);

}  // namespace cococtl::sim
