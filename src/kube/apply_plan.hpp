#pragma once
// Server-side apply, step by step: plan (map kind, fix namespace), look at the live objects,
// send the apply PATCH, classify the answer.

#include "cluster_impl.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cococtl::kube::detail {

struct Planned {
  ResourceInfo info;
  std::string ns;  // "" for cluster-scoped
  std::string name;
  nlohmann::json body;
  bool live_known = false;  // false when the live state could not be read (classification is coarser)
  bool exists = false;
  nlohmann::json live{};
};

// Validates the object and maps its kind; namespaced objects without a namespace get the
// context's namespace. Fails naming the object.
util::Result<Planned> plan_apply(Cluster::Impl& cluster, const nlohmann::json& object);

// Reads the live versions of `planned` (one LIST per collection with several objects, else GETs).
void fetch_live(Cluster::Impl& cluster, std::vector<Planned*>& planned, std::size_t concurrency);

// Sends the apply PATCH and classifies the answer as created / configured / unchanged / error.
ApplyResult send_apply(Cluster::Impl& cluster, const Planned& planned, const ApplyOptions& options);

}  // namespace cococtl::kube::detail
