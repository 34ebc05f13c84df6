// Cluster::apply: one batch, concurrently, with per-object results; Cluster::wait_established.
#include "applied.hpp"
#include "apply_plan.hpp"
#include "parallel.hpp"

#include <cococtl/util/interrupt.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <mutex>

namespace cococtl::kube {
namespace {

using json = nlohmann::json;
using detail::Planned;

// In a dry run an object can fail only because this run creates what it needs first: say so.
void explain_dry_run_failure(const manifest::Object& o, const ApplyOptions& options, ApplyResult& r) {
  if (!options.dry_run || r.outcome != ApplyOutcome::error) return;
  if (options.created_kinds.count({o.group(), o.kind()})) {
    r.outcome = ApplyOutcome::created;  // its CRD is new: the object cannot exist yet
    r.message = "not validated: its CustomResourceDefinition is created by this run (dry run)";
  } else if (r.http_status == 404 && options.created_namespaces.count(o.namespace_name())) {
    r.outcome = ApplyOutcome::created;
    r.message = fmt::format("not validated: namespace {} is created by this run (dry run)", o.namespace_name());
  }
}

// The apply PATCH, or nothing when the live object already holds what it would send.
ApplyResult apply_planned(Cluster::Impl& cluster, const Planned& p, const ApplyOptions& options) {
  if (!options.skip_unchanged || !detail::already_applied(p, options.field_manager)) {
    return detail::send_apply(cluster, p, options);
  }
  return {.outcome = ApplyOutcome::unchanged, .display = display_name(p.body), .object = p.live, .live = p.live};
}

}  // namespace

ApplyResult Cluster::apply_one(const json& object, const ApplyOptions& options) {
  auto planned = detail::plan_apply(*m_impl, object);
  if (!planned.ok()) return {ApplyOutcome::error, display_name(object), {}, planned.error().message};
  std::vector<Planned*> one{&*planned};
  detail::fetch_live(*m_impl, one, 1);
  return detail::send_apply(*m_impl, *planned, options);
}

std::vector<ApplyResult> Cluster::apply(const std::vector<manifest::Object>& objects, const ApplyOptions& options,
                                        const ApplyCallback& on_result) {
  std::vector<ApplyResult> results;
  for (const auto& o : objects) results.push_back({ApplyOutcome::error, display_name(o.body), {}, "not applied (interrupted)"});
  std::vector<std::optional<Planned>> planned(objects.size());
  std::vector<Planned*> ready;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    auto p = detail::plan_apply(*m_impl, objects[i].body);
    if (p.ok() && options.skip_unchanged) {
      if (auto stamped = detail::stamp_applied_digest(p->body); !stamped.ok()) p = stamped.error();
    }
    if (p.ok()) {
      planned[i] = std::move(*p);
      ready.push_back(&*planned[i]);
    } else {
      results[i].message = p.error().message;
    }
  }
  const auto start = std::chrono::steady_clock::now();
  detail::fetch_live(*m_impl, ready, options.concurrency);
  const auto fetched = std::chrono::steady_clock::now();
  std::mutex report;
  detail::parallel_for(objects.size(), options.concurrency, [&](std::size_t i) {
    if (planned[i]) results[i] = apply_planned(*m_impl, *planned[i], options);
    explain_dry_run_failure(objects[i], options, results[i]);
    if (!on_result) return;
    const std::lock_guard lock(report);
    on_result(i, results[i]);
  });
  const auto ms = [](auto d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
  spdlog::debug("apply batch of {}: live state read in {} ms, applied in {} ms", objects.size(), ms(fetched - start),
                ms(std::chrono::steady_clock::now() - fetched));
  return results;
}

util::Result<std::vector<json>> Cluster::read_live(const std::vector<manifest::Object>& objects) {
  std::vector<std::optional<Planned>> planned(objects.size());
  std::vector<Planned*> readable;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    auto p = detail::plan_apply(*m_impl, objects[i].body);
    if (!p.ok()) continue;  // a kind that is not served: nothing of it exists
    planned[i] = std::move(*p);
    readable.push_back(&*planned[i]);
  }
  detail::fetch_live(*m_impl, readable, 16);
  std::vector<json> live(objects.size());
  for (std::size_t i = 0; i < objects.size(); ++i) {
    if (!planned[i]) continue;
    if (!planned[i]->live_known) return util::failure("cannot read " + objects[i].display() + " from the cluster");
    if (planned[i]->exists) live[i] = std::move(planned[i]->live);
  }
  return live;
}

}  // namespace cococtl::kube
