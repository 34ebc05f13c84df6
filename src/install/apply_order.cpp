#include <cococtl/install/apply_order.hpp>
#include <cococtl/util/interrupt.hpp>

#include <spdlog/spdlog.h>

namespace cococtl::install {
namespace {

// What applying `objects` creates that later objects may need: CRD kinds and Namespaces.
void note_created(const std::vector<manifest::Object>& objects, kube::ApplyOptions& apply) {
  for (const auto& o : objects) {
    if (o.kind() == "Namespace") apply.created_namespaces.insert(o.name());
    if (o.kind() != "CustomResourceDefinition") continue;
    const auto spec = o.body.value("spec", nlohmann::json::object());
    apply.created_kinds.insert({spec.value("group", ""), spec.value("names", nlohmann::json::object()).value("kind", "")});
  }
}

void wait_for_crds(kube::Cluster& cluster, const std::vector<manifest::Object>& batch,
                   std::vector<kube::ApplyResult>& results, std::chrono::milliseconds timeout) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (batch[i].kind() == "CustomResourceDefinition" && results[i].outcome != kube::ApplyOutcome::error) {
      names.push_back(batch[i].name());
    }
  }
  const auto waited = cluster.wait_established(names, timeout);
  if (waited.ok()) return;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (batch[i].kind() != "CustomResourceDefinition") continue;
    results[i].outcome = kube::ApplyOutcome::error;
    results[i].message = waited.error().message;
  }
}

}  // namespace

std::vector<kube::ApplyResult> apply_in_order(kube::Cluster& cluster, const std::vector<manifest::Object>& objects,
                                              const OrderOptions& options, const kube::ApplyCallback& on_result) {
  std::vector<kube::ApplyResult> results(objects.size());
  for (std::size_t i = 0; i < objects.size(); ++i) {
    results[i] = {kube::ApplyOutcome::error, objects[i].display(), {}, "not applied (interrupted)"};
  }
  auto apply = options.apply;
  if (apply.dry_run) note_created(objects, apply);
  for (const auto& group : manifest::apply_groups(objects)) {
    if (util::interrupted()) break;
    std::vector<manifest::Object> batch;
    for (std::size_t i : group) batch.push_back(objects[i]);
    auto batch_results = cluster.apply(batch, apply, [&](std::size_t j, const kube::ApplyResult& r) {
      if (on_result) on_result(group[j], r);
    });
    if (!apply.dry_run) wait_for_crds(cluster, batch, batch_results, options.crd_timeout);
    for (std::size_t j = 0; j < group.size(); ++j) results[group[j]] = std::move(batch_results[j]);
  }
  return results;
}

}  // namespace cococtl::install
