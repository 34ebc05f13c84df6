#include "checks.hpp"

#include "facts.hpp"

#include <cococtl/crypto/certificate.hpp>
#include <cococtl/render/unfilled.hpp>
#include <cococtl/workspace/inputs.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace cococtl::install::preflight {
namespace {

void check_topology_platform(const PlannedInputs& p, Problems& problems) {
  const auto& f = p.plan.facts;
  const bool peer_pods = p.plan.topology == "simple" || p.plan.topology == "spoke";
  if (peer_pods && !f.platform.empty() && f.platform != "Azure") {
    problems.cluster.push_back(fmt::format("topology {} runs peer pods on Azure, but the cluster's platform is {}",
                                           p.plan.topology, f.platform));
  }
  const bool bare_metal = p.plan.topology.starts_with("baremetal");
  if (bare_metal && f.nfd_labels && f.tee.empty()) {
    problems.cluster.push_back("topology " + p.plan.topology +
                               " needs Intel TDX or AMD SEV-SNP nodes, and no node is labelled "
                               "intel.feature.node.kubernetes.io/tdx or amd.feature.node.kubernetes.io/snp");
  }
  if (bare_metal && !f.nfd_labels) {
    problems.notes.emplace_back(
        "TEE not detected yet (Node Feature Discovery has not labelled the nodes): learnt when "
        "NFD runs, after the operators are installed");
  }
  if (p.plan.topology == "baremetal-gpu" && f.nfd_labels && !f.nvidia_gpus) {
    problems.cluster.push_back("topology baremetal-gpu needs NVIDIA GPUs, and no node reports one");
  }
}

}  // namespace

void check_cluster(const PlannedInputs& p, Problems& problems) {
  const auto& f = p.plan.facts;
  if (f.openshift_version.empty()) {
    problems.cluster.push_back("no ClusterVersion: this is not an OpenShift cluster (cococtl needs OpenShift " +
                               std::string(k_minimum_openshift) + " or newer)");
  } else if (compare_versions(f.openshift_version, k_minimum_openshift) < 0) {
    problems.cluster.push_back(fmt::format("OpenShift {} is older than {}, the oldest version the pinned operators support",
                                           f.openshift_version, k_minimum_openshift));
  }
  if (f.apps_domain.empty()) problems.cluster.push_back("the Ingress config `cluster` has no spec.domain (the apps domain)");
  check_topology_platform(p, problems);
}

void check_inputs(const PlannedInputs& p, const workspace::Options& options, Problems& problems) {
  for (const auto& problem : p.problems) {
    (problem.warning ? problems.notes : problems.input).push_back(problem.to_string());
  }
  if (p.secret_store == "vault") {
    problems.input.push_back("global.secretStore.backend: vault is not supported by install yet; use kubernetes, or "
                             "render and apply with your own Vault/External Secrets setup");
  }
  for (const auto& name : p.plan.rendered.placeholders) {
    // A name carrying its own remedy ("measurements.json (run cococtl pcr update)") keeps it.
    const bool has_remedy = name.find("(run ") != std::string::npos;
    problems.input.push_back(
        fmt::format("{} is missing{}", name,
                    has_remedy ? "" : ": run 'cococtl secrets generate' (or give it in the values-secret file)"));
  }
  for (const auto& object : p.plan.rendered.objects) {
    for (const auto& u : render::find_unfilled(object)) {
      problems.input.push_back(
          fmt::format("{}: {} holds {}; it must never reach a cluster", object.display(), u.field, u.what));
    }
  }
  auto material = workspace::load_material(options);
  if (!material.ok()) return problems.input.push_back(material.error().message);
  const auto cert = material->find("kbs-tls-cert");
  if (cert == material->end()) return;
  auto parsed = crypto::Certificate::from_pem(cert->second);
  if (!parsed.ok()) return problems.input.push_back("kbs-tls-cert: " + parsed.error().message);
  const auto names = parsed->dns_names();
  if (std::find(names.begin(), names.end(), p.kbs_host) == names.end()) {
    problems.input.push_back(fmt::format("the KBS certificate is for {} but the KBS is {}: run 'cococtl secrets generate "
                                         "--rotate kbs-tls' (the domain changed after the keys were made)",
                                         fmt::join(names, ", "), p.kbs_host));
  }
}

util::Result<void> check_access(kube::Cluster& cluster, const PlannedInputs& p, Problems& problems) {
  // An identity allowed every verb on every resource (cluster-admin, as install usually runs)
  // needs no question per kind: one review instead of two per kind written.
  COCO_TRY_ASSIGN(const auto everything, cluster.can_i("*", "*", "*", ""));
  if (everything.allowed) return {};
  std::set<std::pair<std::string, std::string>> resources{{"operators.coreos.com", "installplans"}};
  for (const auto& o : p.plan.rendered.objects) {
    const auto info = cluster.resource_for(o.api_version(), o.kind());
    if (info.ok()) resources.insert({info->group, info->plural});
  }
  for (const auto& [group, resource] : resources) {
    for (const char* verb : {"create", "patch"}) {
      COCO_TRY_ASSIGN(const auto access, cluster.can_i(verb, group, resource, ""));
      if (access.allowed) continue;
      const std::string what = group.empty() ? resource : resource + "." + group;
      problems.cluster.push_back(fmt::format("not allowed to {} {}{}", verb, what, access.reason.empty() ? "" : " (" + access.reason + ")"));
    }
  }
  return {};
}

}  // namespace cococtl::install::preflight
