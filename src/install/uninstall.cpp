#include <cococtl/install/uninstall.hpp>

#include "context.hpp"
#include "inventory.hpp"
#include "waiter.hpp"

#include <cococtl/util/interrupt.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace cococtl::install {
namespace {

using json = nlohmann::json;

constexpr const char* k_olm = "operators.coreos.com/v1alpha1";

std::string display(const Member& m) {
  return m.ns.empty() ? fmt::format("{} {}", m.kind, m.name) : fmt::format("{} {}/{}", m.kind, m.ns, m.name);
}

manifest::Object object_of(const Member& m) {
  json body{{"apiVersion", m.api_version}, {"kind", m.kind}, {"metadata", {{"name", m.name}}}};
  if (!m.ns.empty()) body["metadata"]["namespace"] = m.ns;
  return {body, m.wave, "inventory"};
}

class Uninstaller {
 public:
  Uninstaller(Context& context, const UninstallOptions& options) : m_context(context), m_options(options) {}

  // Everything that will be deleted, in order (for the confirmation).
  std::vector<std::string> planned() const {
    std::vector<std::string> out;
    for (const auto& stage : reverse_stages()) {
      for (const auto& group : groups(stage)) {
        for (const Member& m : group) out.push_back(display(m));
      }
    }
    return out;
  }

  util::Result<void> run() {
    for (const auto& stage : reverse_stages()) {
      m_context.stage = stage;
      m_context.emit({.type = "stage", .action = "started", .result = "pending"});
      auto result = run_stage(stage);
      m_context.emit({.type = "stage", .action = result.ok() ? "done" : "failed", .result = result.ok() ? "ok" : "failed",
                      .message = result.ok() ? "" : result.error().message});
      if (!result.ok()) return save_and_fail(std::move(result).error());
    }
    return finish();
  }

 private:
  static std::vector<std::string> reverse_stages() {
    return {"workloads", "policies", "trustee", "platform", "secrets", "operators"};
  }

  Inventory& inventory() const { return m_context.inventory; }

  bool kept(const Member& m) const {
    if (!m.created) return true;
    if (m.kind == "Namespace" && m_options.keep_namespaces) return true;
    if (!m_options.keep_operators || m.stage != "operators") return false;
    if (m.kind != "Namespace") return true;  // Subscriptions, OperatorGroups
    return std::any_of(inventory().members.begin(), inventory().members.end(),
                       [&](const Member& s) { return s.kind == "Subscription" && s.ns == m.name; });
  }

  // The stage's members to delete, by wave, highest first (copies: deleting edits the inventory).
  std::vector<std::vector<Member>> groups(const std::string& stage) const {
    std::map<int, std::vector<Member>, std::greater<>> by_wave;
    for (const auto& m : inventory().members) {
      if (m.stage == stage && !kept(m)) by_wave[m.wave].push_back(m);
    }
    std::vector<std::vector<Member>> out;
    for (auto& [wave, members] : by_wave) out.push_back(std::move(members));
    return out;
  }

  util::Result<void> run_stage(const std::string& stage) {
    for (const auto& group : groups(stage)) {
      if (util::interrupted()) return util::Error{util::ExitCode::interrupted, "interrupted"};
      COCO_TRY(delete_group(group));
      // Operators go once their Subscriptions are gone, before the namespaces they lived in.
      if (stage == "operators" && group.front().wave > 0) COCO_TRY(delete_operators());
    }
    return {};
  }

  util::Result<void> delete_group(const std::vector<Member>& group) {
    std::vector<manifest::Object> objects;
    for (const Member& m : group) objects.push_back(object_of(m));
    COCO_TRY_ASSIGN(const auto live, m_context.cluster.read_live(objects));
    std::vector<std::pair<const Member*, std::string>> deleted;  // member, uid deleted
    for (std::size_t i = 0; i < group.size(); ++i) {
      COCO_TRY_ASSIGN(auto uid, delete_one(group[i], live[i]));
      if (!uid.empty()) deleted.emplace_back(&group[i], uid);
    }
    for (const auto& [m, uid] : deleted) COCO_TRY(wait_gone(*m, uid));
    COCO_TRY(wait_for_pools(group, live));
    for (const Member& m : group) forget(m);
    return {};
  }

  // Deletes one member; returns the uid deleted, "" when there was nothing of ours to delete.
  util::Result<std::string> delete_one(const Member& m, const json& live) {
    if (live.is_null()) return std::string();
    const std::string uid = live.value("metadata", json::object()).value("uid", "");
    if (!m.uid.empty() && uid != m.uid) {
      m_context.note(fmt::format("{} was recreated by someone else (uid {} is not cococtl's); left alone", display(m), uid));
      return std::string();
    }
    COCO_TRY_ASSIGN(const bool removed, m_context.cluster.remove(m.api_version, m.kind, m.ns, m.name, {.uid = uid}));
    if (!removed) return std::string();
    m_context.emit({.type = "object", .object = display(m), .action = "deleted", .result = "ok"});
    return uid;
  }

  util::Result<void> wait_gone(const Member& m, const std::string& uid) {
    const auto& t = m_options.timeouts;
    const auto timeout = m.kind == "KataConfig" ? t.machine_config_pool : t.wait;
    m_context.emit({.type = "wait", .object = display(m), .action = "waiting", .result = "pending", .message = "deletion"});
    COCO_TRY(m_context.cluster.wait_gone(m.api_version, m.kind, m.ns, m.name, uid, timeout));
    m_context.emit({.type = "wait", .object = display(m), .action = "ready", .result = "ok", .message = "gone"});
    if (m.kind == "KataConfig") COCO_TRY(wait_runtime_classes_gone(uid, timeout));
    return {};
  }

  // The RuntimeClasses a KataConfig created are its dependents: the garbage collector removes
  // them after it (background), and their cleanup finalizer holds them until no Pod uses them.
  // Uninstall leaves the cluster as it was, so it waits for them too.
  util::Result<void> wait_runtime_classes_gone(const std::string& owner_uid, std::chrono::milliseconds timeout) {
    const std::string api = "node.k8s.io/v1";
    COCO_TRY_ASSIGN(const auto listed, m_context.cluster.list(api, "RuntimeClass", ""));
    for (const auto& rc : listed.items) {
      const auto meta = rc.value("metadata", json::object());
      const auto refs = meta.value("ownerReferences", json::array());
      const bool owned =
          std::any_of(refs.begin(), refs.end(), [&](const json& r) { return r.value("uid", "") == owner_uid; });
      if (!owned) continue;
      const Member member{api, "RuntimeClass", "", meta.value("name", ""), "platform"};
      m_context.emit(
          {.type = "wait", .object = display(member), .action = "waiting", .result = "pending", .message = "deletion"});
      COCO_TRY(m_context.cluster.wait_gone(api, "RuntimeClass", "", member.name, meta.value("uid", ""), timeout));
    }
    return {};
  }

  // Deleting MachineConfigs starts a rollout of their pools without them.
  util::Result<void> wait_for_pools(const std::vector<Member>& group, const std::vector<json>& live) {
    std::map<std::string, std::vector<std::string>> by_role;
    for (std::size_t i = 0; i < group.size(); ++i) {
      if (group[i].kind != "MachineConfig" || live[i].is_null()) continue;
      const auto labels = live[i].value("metadata", json::object()).value("labels", json::object());
      by_role[labels.value("machineconfiguration.openshift.io/role", "worker")].push_back(group[i].name);
    }
    std::vector<WaitItem> pools;
    for (auto& [role, names] : by_role) {
      pools.push_back({"machineconfiguration.openshift.io/v1", "MachineConfigPool", "", role,
                       {.installed_csv = "", .machine_configs = {}, .removed_machine_configs = names}});
    }
    return wait_for(m_context, pools, m_options.timeouts.machine_config_pool);
  }

  // CSVs (OLM keeps them when their Subscription goes) and the CRDs they owned.
  util::Result<void> delete_operators() {
    if (m_options.keep_operators) return {};
    for (auto& record : inventory().operators) {
      if (!record.created || record.csv.empty()) continue;
      const Member csv{k_olm, "ClusterServiceVersion", record.ns, record.csv, "operators"};
      COCO_TRY_ASSIGN(const auto live, m_context.cluster.get(k_olm, "ClusterServiceVersion", record.ns, record.csv));
      COCO_TRY_ASSIGN(const auto uid, delete_one(csv, live ? *live : json()));
      if (!uid.empty()) COCO_TRY(wait_gone(csv, uid));
      for (const auto& crd : record.crds) COCO_TRY(delete_crd(crd));
      record.csv.clear();
    }
    return {};
  }

  // A CRD goes only when no custom resource of it is left: those would be somebody else's.
  util::Result<void> delete_crd(const std::string& name) {
    const std::string api = "apiextensions.k8s.io/v1";
    COCO_TRY_ASSIGN(const auto crd, m_context.cluster.get(api, "CustomResourceDefinition", "", name));
    if (!crd) return {};
    const json spec = crd->value("spec", json::object());
    const auto versions = spec.value("versions", json::array());
    const std::string version = versions.empty() ? "v1" : versions.front().value("name", "v1");
    const std::string kind = spec.value("names", json::object()).value("kind", "");
    auto listed = m_context.cluster.list(spec.value("group", "") + "/" + version, kind, kube::k_all_namespaces);
    if (listed.ok() && !listed->items.empty()) {
      m_context.note(fmt::format("CRD {} kept: {} {} object(s) not created by cococtl still use it", name,
                                 listed->items.size(), kind), "warning");
      m_kept_something = true;
      return {};
    }
    const Member member{api, "CustomResourceDefinition", "", name, "operators"};
    COCO_TRY_ASSIGN(const auto uid, delete_one(member, *crd));
    if (!uid.empty()) COCO_TRY(wait_gone(member, uid));
    return {};
  }

  void forget(const Member& m) {
    auto& members = inventory().members;
    const auto same = [&](const Member& x) { return x.kind == m.kind && x.ns == m.ns && x.name == m.name && x.api_version == m.api_version; };
    members.erase(std::remove_if(members.begin(), members.end(), same), members.end());
  }

  util::Result<void> save_and_fail(util::Error error) {
    inventory().state = "uninstall failed";
    if (auto saved = save_inventory(m_context.cluster, inventory(), false); !saved.ok()) {
      error.message += "; also: " + saved.error().message;
    }
    return error;
  }

  util::Result<void> finish() {
    const bool leftovers = m_kept_something || std::any_of(inventory().members.begin(), inventory().members.end(),
                                                            [](const Member& m) { return m.created; });
    if (!leftovers) return delete_inventory(m_context.cluster, inventory());
    inventory().state = "uninstalled (kept: " + std::string(m_options.keep_operators ? "operators " : "") +
                        (m_options.keep_namespaces ? "namespaces" : "") + ")";
    return save_inventory(m_context.cluster, inventory(), false);
  }

  Context& m_context;
  const UninstallOptions& m_options;
  bool m_kept_something = false;
};

}  // namespace

util::Result<void> uninstall(kube::Cluster& cluster, const UninstallOptions& options, Reporter& reporter) {
  COCO_TRY_ASSIGN(auto inventory, load_inventory(cluster, options.inventory_name, options.inventory_namespace));
  InstallOptions install_options;
  install_options.cluster_name = options.cluster_name;
  install_options.timeouts = options.timeouts;
  Summary summary;
  Context context{cluster, install_options, reporter, summary};
  if (!inventory) {
    context.note(fmt::format("nothing to uninstall: no inventory {}/{}", options.inventory_namespace, options.inventory_name));
    return {};
  }
  context.inventory = std::move(*inventory);
  Uninstaller uninstaller(context, options);
  if (options.confirm && !options.confirm(uninstaller.planned())) return util::failure("uninstall cancelled");
  context.inventory.state = "uninstalling";
  COCO_TRY(save_inventory(cluster, context.inventory, false));
  return uninstaller.run();
}

}  // namespace cococtl::install
