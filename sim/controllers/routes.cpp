// OpenShift router: every Route is admitted by the default router with its host
// (spec.host, else <subdomain>.<ingress domain>, else <name>-<namespace>.<ingress domain>).
#include "sim/controllers/controller.hpp"

namespace cococtl::sim {
namespace {

class RouteController : public Controller {
 public:
  const char* name() const override { return "routes"; }

  void reconcile(ControllerContext& ctx) override {
    const std::string domain = ingress_domain(ctx.profile());
    for (auto& route : ctx.list("route.openshift.io/v1", "Route")) {
      std::string host = string_at(route, {"spec", "host"});
      const std::string subdomain = string_at(route, {"spec", "subdomain"});
      if (host.empty()) {
        host = subdomain.empty() ? string_at(route, {"metadata", "name"}) + "-" +
                                       string_at(route, {"metadata", "namespace"}) + "." + domain
                                 : subdomain + "." + domain;
      }
      json admitted = {{"type", "Admitted"}, {"status", "True"}};
      json ingress = {{"host", host}, {"routerName", "default"}, {"wildcardPolicy", "None"},
                      {"routerCanonicalHostname", "router-default." + domain}, {"conditions", {admitted}}};
      const json* current = find_path(route, {"status", "ingress"});
      if (current != nullptr && current->is_array() && current->size() == 1 && (*current)[0].value("host", "") == host) {
        continue;
      }
      ingress["conditions"][0]["lastTransitionTime"] = now_time();
      route["status"]["ingress"] = json::array({ingress});
      ctx.write_status(route, "openshift-router");
    }
  }
};

}  // namespace

std::unique_ptr<Controller> make_route_controller() { return std::make_unique<RouteController>(); }

}  // namespace cococtl::sim
