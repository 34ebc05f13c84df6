// Namespaces: every active namespace gets its "default" ServiceAccount; a terminating one has
// its content deleted and disappears once nothing is left in it (objects with finalizers keep
// it Terminating until their controllers let go).
#include "sim/controllers/controller.hpp"

namespace cococtl::sim {
namespace {

class NamespaceController : public Controller {
 public:
  const char* name() const override { return "namespace"; }

  void reconcile(ControllerContext& ctx) override {
    for (auto& ns : ctx.list("v1", "Namespace")) {
      const std::string ns_name = string_at(ns, {"metadata", "name"});
      if (find_path(ns, {"metadata", "deletionTimestamp"}) != nullptr) {
        finalize(ctx, ns, ns_name);
      } else if (!ctx.api().store().get("/serviceaccounts", ns_name, "default")) {
        ctx.apply({{"apiVersion", "v1"}, {"kind", "ServiceAccount"},
                   {"metadata", {{"name", "default"}, {"namespace", ns_name}}}},
                  "kube-controller-manager");
      }
    }
  }

 private:
  void finalize(ControllerContext& ctx, const json& ns, const std::string& ns_name) {
    Store& store = ctx.api().store();
    for (const auto& type : ctx.api().registry().all()) {
      if (!type->namespaced || !type->stored) continue;
      for (const auto& object : store.list(type->storage_key(), ns_name)) {
        if (find_path(object, {"metadata", "deletionTimestamp"}) == nullptr) {
          (void)ctx.api().remove(*type, ns_name, string_at(object, {"metadata", "name"}), DeleteOptions{});
        }
      }
    }
    auto guard = store.lock();
    if (store.count_in_namespace(ns_name) == 0) store.erase("/namespaces", ns);
  }
};

}  // namespace

std::unique_ptr<Controller> make_namespace_controller() { return std::make_unique<NamespaceController>(); }

}  // namespace cococtl::sim
