// Garbage collection by ownerReferences: an object whose owners are all gone is deleted
// (background propagation); an owner deleted in the foreground keeps its foregroundDeletion
// finalizer until its dependents are gone.
#include "sim/controllers/controller.hpp"

#include <set>

namespace cococtl::sim {
namespace {

DeleteOptions foreground() {
  DeleteOptions options;
  options.propagation = "Foreground";
  return options;
}

struct Entry {
  TypePtr type;
  json object;
};

class GarbageCollector : public Controller {
 public:
  const char* name() const override { return "garbage-collector"; }

  void reconcile(ControllerContext& ctx) override {
    // Nothing changed since the last pass: no new orphans (this pass scans every object).
    const unsigned long long rv_before = ctx.api().store().resource_version();
    if (rv_before == m_seen_rv) return;
    std::vector<Entry> all;
    std::set<std::string> uids;
    for (const auto& type : ctx.api().registry().all()) {
      if (!type->stored || ctx.api().registry().find_resource(type->group, type->plural) != type) continue;
      for (auto& object : ctx.api().store().list(type->storage_key())) {
        uids.insert(string_at(object, {"metadata", "uid"}));
        all.push_back({type, present(*type, std::move(object))});
      }
    }
    bool waiting = false;
    for (auto& e : all) {
      collect_orphan(ctx, e, uids);
      waiting = !finish_foreground(ctx, e, all) || waiting;
    }
    // Our own deletions change the version, so cascades get another pass; a foreground deletion
    // still waiting (dependents left, or its update lost a race) keeps the passes going.
    if (!waiting) m_seen_rv = rv_before;
  }

 private:
  static bool deleting(const json& object) { return find_path(object, {"metadata", "deletionTimestamp"}) != nullptr; }

  void collect_orphan(ControllerContext& ctx, const Entry& e, const std::set<std::string>& uids) {
    const json refs = e.object["metadata"].value("ownerReferences", json::array());
    if (refs.empty() || deleting(e.object)) return;
    for (const auto& ref : refs) {
      if (uids.count(ref.value("uid", "")) != 0) return;
    }
    (void)ctx.api().remove(*e.type, string_at(e.object, {"metadata", "namespace"}), string_at(e.object, {"metadata", "name"}),
                           DeleteOptions{});
  }

  // False while `owner`, deleted in the foreground, still waits for its dependents.
  bool finish_foreground(ControllerContext& ctx, Entry& owner, const std::vector<Entry>& all) {
    json finalizers = owner.object["metadata"].value("finalizers", json::array());
    if (!deleting(owner.object) || std::find(finalizers.begin(), finalizers.end(), "foregroundDeletion") == finalizers.end()) {
      return true;
    }
    const std::string uid = string_at(owner.object, {"metadata", "uid"});
    bool dependents = false;
    for (const auto& e : all) {
      for (const auto& ref : e.object["metadata"].value("ownerReferences", json::array())) {
        if (ref.value("uid", "") != uid) continue;
        dependents = true;
        if (!deleting(e.object)) {
          (void)ctx.api().remove(*e.type, string_at(e.object, {"metadata", "namespace"}),
                                 string_at(e.object, {"metadata", "name"}), foreground());
        }
      }
    }
    if (dependents) return false;
    json kept = json::array();
    for (const auto& f : finalizers) {
      if (f != "foregroundDeletion") kept.push_back(f);
    }
    owner.object["metadata"]["finalizers"] = kept;
    return ctx.update(owner.object, "garbage-collector").has_value();
  }

  unsigned long long m_seen_rv = 0;
};

}  // namespace

std::unique_ptr<Controller> make_garbage_collector() { return std::make_unique<GarbageCollector>(); }

}  // namespace cococtl::sim
