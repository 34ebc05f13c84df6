// Trustee operator (openshift/trustee-operator v1.1.0, internal/controller/kbsconfig_controller.go):
// a KbsConfig in the operator's namespace (POD_NAMESPACE: the CSV's namespace; KbsConfigs
// elsewhere are ignored) gets the Deployment `trustee-deployment` (labels app=kbs; the kbs
// container, plus as and rvps for MicroservicesDeployment) once every ConfigMap and Secret it
// names exists, the finalizer kbsconfig.confidentialcontainers.org/finalizer, and the Service
// `kbs-service` (kbs-port 8080). status.isReady: readyReplicas >= 1 and == replicas. Deleting
// the KbsConfig deletes the Deployment, then the finalizer goes (the Service follows by GC).
// Beyond the operator, the simulator hosts a real test KBS built from the same objects
// (kbs_host.hpp); inputs the KBS cannot start with make the KBS pod crash-loop.
#include "sim/controllers/kbs_inputs.hpp"
#include "sim/controllers/workloads.hpp"

#include <spdlog/spdlog.h>

namespace cococtl::sim {
namespace {

constexpr const char* k_api = "confidentialcontainers.org/v1alpha1";
constexpr const char* k_finalizer = "kbsconfig.confidentialcontainers.org/finalizer";
constexpr const char* k_deployment = "trustee-deployment";
constexpr const char* k_manager = "trustee-operator";

struct Reference {
  const char* volume;
  const char* kind;  // ConfigMap or Secret
  std::string name;
  bool required;
};

// The ConfigMaps and Secrets newKbsDeployment mounts (volumes.go: a missing one fails the reconcile).
std::vector<Reference> references(const json& spec) {
  const bool microservices = spec.value("kbsDeploymentType", "MicroservicesDeployment") != "AllInOneDeployment";
  auto s = [&](const char* key) { return spec.value(key, ""); };
  std::vector<Reference> out = {
      {"kbs-config", "ConfigMap", s("kbsConfigMapName"), true},
      {"attestation-policy", "ConfigMap", s("kbsAttestationPolicyConfigMapName"), false},
      {"attestation-policy-gpu", "ConfigMap", s("kbsGpuAttestationPolicyConfigMapName"), false},
      {"opa", "ConfigMap", s("kbsResourcePolicyConfigMapName"), false},
      {"tdx-config", "ConfigMap", string_at(spec, {"tdxConfigSpec", "kbsTdxConfigMapName"}), false},
      {"auth-secret", "Secret", s("kbsAuthSecretName"), true},
      {"reference-values", "ConfigMap", s("kbsRvpsRefValuesConfigMapName"), true}};
  if (!s("kbsHttpsKeySecretName").empty() && !s("kbsHttpsCertSecretName").empty()) {
    out.push_back({"https-key", "Secret", s("kbsHttpsKeySecretName"), true});
    out.push_back({"https-cert", "Secret", s("kbsHttpsCertSecretName"), true});
  }
  if (!s("kbsAttestationKeySecretName").empty() && !s("kbsAttestationCertSecretName").empty()) {
    out.push_back({"attestation-key", "Secret", s("kbsAttestationKeySecretName"), true});
    out.push_back({"attestation-cert", "Secret", s("kbsAttestationCertSecretName"), true});
  }
  for (const auto& name : spec.value("kbsSecretResources", json::array())) {
    out.push_back({"", "Secret", name.is_string() ? name.get<std::string>() : "", true});
  }
  if (microservices) {
    out.push_back({"as-config", "ConfigMap", s("kbsAsConfigMapName"), true});
    out.push_back({"rvps-config", "ConfigMap", s("kbsRvpsConfigMapName"), true});
  }
  return out;
}

// The pod volumes, or "" and the reason the operator cannot build the Deployment yet.
std::optional<json> volumes(ControllerContext& ctx, const json& spec, const std::string& ns, std::string& why) {
  json out = json::array({{{"name", "confidential-containers"}, {"emptyDir", json::object()}},
                          {{"name", "default"}, {"emptyDir", json::object()}}});
  for (const auto& r : references(spec)) {
    if (r.name.empty() && !r.required) continue;
    const std::string volume = r.volume[0] != '\0' ? r.volume : r.name;
    if (r.name.empty()) {
      why = std::string(r.kind) + " name hasn't been provided for volume " + volume;
      return std::nullopt;
    }
    if (!ctx.get("v1", r.kind, ns, r.name)) {
      why = std::string(r.kind == std::string("Secret") ? "secrets" : "configmaps") + " \"" + r.name + "\" not found";
      return std::nullopt;
    }
    out.push_back(r.kind == std::string("Secret") ? json{{"name", volume}, {"secret", {{"secretName", r.name}}}}
                                                  : json{{"name", volume}, {"configMap", {{"name", r.name}}}});
  }
  return out;
}

json container(const std::string& name, const std::string& image, int port) {
  return {{"name", name},
          {"image", image},
          {"ports", {{{"containerPort", port}, {"name", name}}}},
          {"securityContext",
           {{"allowPrivilegeEscalation", false},
            {"capabilities", {{"drop", {"ALL"}}}},
            {"seccompProfile", {{"type", "RuntimeDefault"}}}}}};
}

json deployment(const json& kbs, const std::string& ns, json vols) {
  const json labels = {{"app", "kbs"}};
  const json spec = kbs.value("spec", json::object());
  json containers = json::array({container("kbs", "registry.redhat.io/build-of-trustee/trustee-rhel9:1.1", 8080)});
  containers[0]["command"] = {"/usr/local/bin/kbs", "--config-file", "/etc/kbs-config/kbs-config.toml"};
  if (spec.value("kbsDeploymentType", "MicroservicesDeployment") != "AllInOneDeployment") {
    containers.push_back(container("as", "registry.redhat.io/build-of-trustee/attestation-service-rhel9:1.1", 50004));
    containers.push_back(
        container("rvps", "registry.redhat.io/build-of-trustee/reference-value-provider-service-rhel9:1.1", 50003));
  }
  return {
      {"apiVersion", "apps/v1"},
      {"kind", "Deployment"},
      {"metadata", {{"name", k_deployment}, {"namespace", ns}, {"ownerReferences", {controller_ref(kbs)}}}},
      {"spec",
       {{"replicas", int_at(kbs, {"spec", "kbsDeploymentSpec", "replicas"}, 1)},
        {"selector", {{"matchLabels", labels}}},
        {"strategy", {{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxUnavailable", 1}}}}},
        {"template",
         {{"metadata", {{"labels", labels}}}, {"spec", {{"containers", containers}, {"volumes", std::move(vols)}}}}}}}};
}

json service(const json& kbs, const std::string& ns) {
  return {{"apiVersion", "v1"},
          {"kind", "Service"},
          {"metadata", {{"name", "kbs-service"}, {"namespace", ns}, {"ownerReferences", {controller_ref(kbs)}}}},
          {"spec",
           {{"selector", {{"app", "kbs"}}},
            {"type", string_at(kbs, {"spec", "kbsServiceType"}, "ClusterIP")},
            {"ports", {{{"name", "kbs-port"}, {"protocol", "TCP"}, {"port", 8080}, {"targetPort", 8080}}}}}}};
}

// The name clients reach the KBS by: the Route `kbs` beside the KbsConfig, else kbs.<apps domain>.
std::string kbs_host_name(ControllerContext& ctx, const std::string& ns) {
  const auto route = ctx.get("route.openshift.io/v1", "Route", ns, "kbs");
  if (route && !string_at(*route, {"spec", "host"}).empty()) return string_at(*route, {"spec", "host"});
  const auto ingress = ctx.get("config.openshift.io/v1", "Ingress", "", "cluster");
  return "kbs." + (ingress ? string_at(*ingress, {"spec", "domain"}) : std::string("cluster.local"));
}

// Starts, rebuilds or stops the hosted KBS for a KbsConfig whose volumes all exist.
void host_kbs(ControllerContext& ctx, const json& kbs, const std::string& ns) {
  const std::string deployment = ns + "/" + k_deployment;
  auto inputs = collect_kbs_inputs(ctx, kbs);
  if (!inputs.ok()) return ctx.hosting().kbs.fail(inputs.error().message, deployment);
  ctx.hosting().kbs.serve(*inputs, kbs_host_name(ctx, ns), deployment);
}

class KbsController : public Controller {
 public:
  const char* name() const override { return "trustee"; }

  void reconcile(ControllerContext& ctx) override {
    const auto ns = ctx.operator_namespace("trustee-operator");
    auto configs = ns && ctx.served(k_api, "KbsConfig") ? ctx.list(k_api, "KbsConfig", *ns) : std::vector<json>{};
    if (configs.empty()) ctx.hosting().kbs.stop("no KbsConfig");
    for (auto& kbs : configs) sync(ctx, kbs, *ns);
  }

 private:
  void sync(ControllerContext& ctx, json& kbs, const std::string& ns) {
    const auto live = ctx.get("apps/v1", "Deployment", ns, k_deployment);
    if (find_path(kbs, {"metadata", "deletionTimestamp"}) != nullptr) {
      if (live) ctx.remove(*live);
      ctx.hosting().kbs.stop("KbsConfig deleted");
      remove_finalizer(ctx, kbs, k_finalizer, k_manager);
      return;
    }
    std::string why;
    const auto vols = volumes(ctx, kbs.value("spec", json::object()), ns, why);
    if (!vols) {
      spdlog::debug("trustee-operator: KbsConfig {}: {}", string_at(kbs, {"metadata", "name"}), why);
      ctx.hosting().kbs.stop("KbsConfig " + string_at(kbs, {"metadata", "name"}) + ": " + why);
    } else if (!live) {
      if (!ctx.create(deployment(kbs, ns, *vols), k_manager).ok()) return;
      add_finalizer(ctx, kbs, k_finalizer, k_manager);
      return;  // the operator requeues after creating the Deployment
    } else {
      ctx.apply(deployment(kbs, ns, *vols), k_manager);
      host_kbs(ctx, kbs, ns);
    }
    ctx.apply(service(kbs, ns), k_manager);
    const auto current = ctx.get("apps/v1", "Deployment", ns, k_deployment);
    const long long ready = current ? int_at(*current, {"status", "readyReplicas"}) : 0;
    json updated = ctx.get(k_api, "KbsConfig", ns, string_at(kbs, {"metadata", "name"})).value_or(kbs);
    const json before = updated;
    updated["status"]["isReady"] = current && ready >= 1 && ready == int_at(*current, {"status", "replicas"});
    if (updated != before) ctx.write_status(updated, k_manager);
  }
};

}  // namespace

std::unique_ptr<Controller> make_kbs_controller() { return std::make_unique<KbsController>(); }

}  // namespace cococtl::sim
