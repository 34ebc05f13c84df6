// Namespaces (kubernetes v1.32 pkg/controller/namespace/deletion): every active namespace gets
// its "default" ServiceAccount; a terminating one has its content deleted and reports what is
// left (NamespaceContentRemaining, NamespaceFinalizersRemaining), and disappears once nothing
// is left (objects with finalizers keep it Terminating until their controllers let go).
#include "sim/controllers/controller.hpp"

#include <fmt/format.h>

#include <map>

namespace cococtl::sim {
namespace {

constexpr const char* k_manager = "kube-controller-manager";

std::string summary(const std::map<std::string, int>& counts, const char* unit) {
  std::string out;
  for (const auto& [what, n] : counts)
    out += (out.empty() ? "" : ", ") + fmt::format("{} {} {} resource instances", what, unit, n);
  return out;
}

class NamespaceController : public Controller {
 public:
  const char* name() const override { return "namespace"; }

  void reconcile(ControllerContext& ctx) override {
    for (auto& ns : ctx.list("v1", "Namespace")) {
      const std::string ns_name = string_at(ns, {"metadata", "name"});
      if (find_path(ns, {"metadata", "deletionTimestamp"}) != nullptr) {
        finalize(ctx, ns, ns_name);
      } else if (!ctx.api().store().get("/serviceaccounts", ns_name, "default")) {
        ctx.apply({{"apiVersion", "v1"},
                   {"kind", "ServiceAccount"},
                   {"metadata", {{"name", "default"}, {"namespace", ns_name}}}},
                  k_manager);
      }
    }
  }

 private:
  void finalize(ControllerContext& ctx, json& ns, const std::string& ns_name) {
    Store& store = ctx.api().store();
    std::map<std::string, int> remaining, finalizers;
    for (const auto& type : ctx.api().registry().all()) {
      if (!type->namespaced || !type->stored || ctx.api().registry().find_resource(type->group, type->plural) != type) {
        continue;
      }
      for (const auto& object : store.list(type->storage_key(), ns_name)) {
        if (find_path(object, {"metadata", "deletionTimestamp"}) == nullptr) {
          (void)ctx.api().remove(*type, ns_name, string_at(object, {"metadata", "name"}), DeleteOptions{});
        }
        if (!store.get(type->storage_key(), ns_name, string_at(object, {"metadata", "name"}))) continue;
        ++remaining[type->group.empty() ? type->plural : type->plural + "." + type->group];
        for (const auto& f : object["metadata"].value("finalizers", json::array())) ++finalizers[f.get<std::string>()];
      }
    }
    auto guard = store.lock();
    if (store.count_in_namespace(ns_name) == 0) {
      store.erase("/namespaces", ns);
      return;
    }
    json updated = ns;
    set_condition(updated, "NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered",
                  "All resources successfully discovered");
    set_condition(updated, "NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions",
                  "All legacy kube types successfully parsed");
    set_condition(updated, "NamespaceDeletionContentFailure", "False", "ContentDeleted",
                  "All content successfully deleted, may be waiting on finalization");
    set_condition(updated, "NamespaceContentRemaining", "True", "SomeResourcesRemain",
                  "Some resources are remaining: " + summary(remaining, "has"));
    if (finalizers.empty()) {
      set_condition(updated, "NamespaceFinalizersRemaining", "False", "ContentHasNoFinalizers",
                    "All content-preserving finalizers finished");
    } else {
      set_condition(updated, "NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain",
                    "Some content in the namespace has finalizers remaining: " + summary(finalizers, "in"));
    }
    if (updated != ns) ctx.write_status(updated, k_manager);
  }
};

}  // namespace

std::unique_ptr<Controller> make_namespace_controller() { return std::make_unique<NamespaceController>(); }

}  // namespace cococtl::sim
