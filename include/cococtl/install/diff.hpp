#pragma once
// `cococtl diff`: what install would change, from a server-side dry-run apply of the rendered
// set against the live objects, as a unified diff per object with Secret data masked.

#include <cococtl/kube/cluster.hpp>
#include <cococtl/workspace/options.hpp>

#include <string>
#include <vector>

namespace cococtl::install {

struct ObjectDiff {
  std::string object;   // "Deployment ns/name"
  std::string action;   // "create", "update", "unchanged" or "failed"
  std::string diff;     // unified diff of the YAML (live -> planned); "" when unchanged
  std::string message;  // why it failed, or a note ("not validated: ...")
};

struct DiffReport {
  std::vector<ObjectDiff> objects;
  // True when some object would be created or updated (or could not be checked).
  bool changed() const;
};

// The unified diff ("--- live/<what>", "+++ planned/<what>", hunks) between two YAML texts, or ""
// when they are equal.
std::string unified_diff(const std::string& before, const std::string& after, const std::string& what);

// A copy of `object` as diff compares it: server bookkeeping (managedFields, resourceVersion,
// uid, generation, creationTimestamp) and status removed; for Secrets, each data value replaced
// by "***", or by "*** (before)" / "*** (after)" where `other` has a different value.
nlohmann::json comparable(const nlohmann::json& object, const nlohmann::json& other, bool before);

// Plans (make_plan) and dry-run applies every object exactly as install would (labelled as members
// of the inventory in `inventory_namespace`). Fails like make_plan, or when the cluster cannot be
// reached.
util::Result<DiffReport> diff(kube::Cluster& cluster, const workspace::Options& options,
                              const std::string& inventory_namespace, std::size_t concurrency);

}  // namespace cococtl::install
