#pragma once
// The ApplySet-compatible inventory of one installation: a parent Secret labelled
// applyset.kubernetes.io/id (kubectl's ApplySet format, so `kubectl apply --prune --applyset`
// recognises it) whose data records every member cococtl wrote, whether cococtl created it, the
// operators it installed (CSV and CRDs), the stage reached, cococtl's version and the time.
// Members carry the label applyset.kubernetes.io/part-of=<id>.

#include <cococtl/kube/cluster.hpp>
#include <cococtl/manifest/object.hpp>
#include <cococtl/util/result.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cococtl::install {

inline constexpr const char* k_part_of_label = "applyset.kubernetes.io/part-of";

struct Member {
  std::string api_version{};
  std::string kind{};
  std::string ns{};  // "" for cluster-scoped objects
  std::string name{};
  std::string stage{};
  int wave = 0;
  bool created = false;  // it did not exist before cococtl applied it: uninstall deletes it
  std::string uid{};     // of the object cococtl created or last applied
};

struct OperatorRecord {
  std::string package{};
  std::string ns{};
  std::string csv{};                // the installed ClusterServiceVersion
  std::vector<std::string> crds{};  // CRDs the CSV owns (OLM leaves them behind on uninstall)
  bool created = false;           // cococtl's Subscription installed it
};

struct Inventory {
  std::string name{};
  std::string ns{};
  std::string id{};  // applyset-<base64url(sha256(name.namespace.Secret.))>-v1
  std::vector<Member> members{};
  std::vector<OperatorRecord> operators{};
  std::string topology{};
  std::string state{};  // "installing <stage>", "failed <stage>", "installed", "uninstalling"
  std::string stage{};  // the last stage that completed
  std::string tool{};   // "cococtl/<version>"
  std::string updated{};

  // The member for `object` (same group, kind, namespace and name), or nullptr.
  Member* find(const manifest::Object& object);
  // Adds `object` as a member of `stage` unless it is one already.
  void add(const manifest::Object& object, const std::string& stage, bool created);
  // The operator record of `package` in `ns`, created when missing.
  OperatorRecord& operator_record(const std::string& package, const std::string& ns);
};

// kubectl's ApplySet id for a parent Secret `name` in `ns`.
std::string applyset_id(const std::string& name, const std::string& ns);

// An empty inventory named `name` in `ns`.
Inventory new_inventory(const std::string& name, const std::string& ns);

// The record of members and operators as stored (no state or time): equal texts, same record.
std::string record_text(const Inventory& inventory);

// Labels `object` as a member of the ApplySet `id`.
void label_member(manifest::Object& object, const std::string& id);

// The parent Secret of `name` in `ns`, or nullopt when there is none. Fails when it cannot be
// read, belongs to another tool (its applyset tooling annotation is not cococtl's), or its
// record is corrupt.
util::Result<std::optional<Inventory>> load_inventory(kube::Cluster& cluster, const std::string& name,
                                                      const std::string& ns);

// Writes the parent Secret (server-side apply). A dry run only validates.
util::Result<void> save_inventory(kube::Cluster& cluster, Inventory& inventory, bool dry_run);

// Deletes the parent Secret (the end of uninstall).
util::Result<void> delete_inventory(kube::Cluster& cluster, const Inventory& inventory);

}  // namespace cococtl::install
