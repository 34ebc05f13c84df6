// Cluster::apply: ordering (Namespaces and CRDs first, CRs after their CRDs are Established),
// concurrency, per-object results.
#include "apply_plan.hpp"
#include "parallel.hpp"

#include <cococtl/util/interrupt.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <set>
#include <thread>

namespace cococtl::kube {
namespace {

using json = nlohmann::json;
using detail::Planned;

constexpr const char* k_crd_api = "apiextensions.k8s.io/v1";

bool is_crd(const json& o) {
  return o.is_object() && o.value("kind", "") == "CustomResourceDefinition" &&
         o.value("apiVersion", "").starts_with("apiextensions.k8s.io/");
}

bool first_phase(const json& o) {
  return is_crd(o) || (o.is_object() && o.value("kind", "") == "Namespace" && o.value("apiVersion", "") == "v1");
}

// group + kind a CRD defines.
std::pair<std::string, std::string> crd_defines(const json& crd) {
  const json spec = crd.value("spec", json::object());
  return {spec.value("group", ""), spec.value("names", json::object()).value("kind", "")};
}

bool established(const json& crd) {
  for (const auto& c : crd.value("status", json::object()).value("conditions", json::array())) {
    if (c.value("type", "") == "Established" && c.value("status", "") == "True") return true;
  }
  return false;
}

std::string crd_name(const json& crd) { return crd.value("metadata", json::object()).value("name", ""); }

// Polls the CRDs until Established (or the timeout), then refreshes discovery until their
// kinds are served. Failures are reported on the CRD results.
void wait_for_crds(Cluster& cluster, std::vector<ApplyResult*> crds, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto delay = std::chrono::milliseconds(50);
  while (!crds.empty() && !util::interrupted() && std::chrono::steady_clock::now() < deadline) {
    std::erase_if(crds, [&](ApplyResult* r) {
      auto live = cluster.get(k_crd_api, "CustomResourceDefinition", "", crd_name(r->object));
      return live.ok() && *live && established(**live);
    });
    if (crds.empty()) break;
    std::this_thread::sleep_for(delay);
    delay = std::min(delay * 2, std::chrono::milliseconds(1000));
  }
  for (ApplyResult* r : crds) {
    r->outcome = ApplyOutcome::error;
    r->message = fmt::format("not Established after {} s", timeout.count());
  }
}

}  // namespace

ApplyResult Cluster::apply_one(const json& object, const ApplyOptions& options) {
  auto planned = detail::plan_apply(*m_impl, object);
  if (!planned.ok()) return {ApplyOutcome::error, display_name(object), {}, planned.error().message};
  std::vector<Planned*> one{&*planned};
  detail::fetch_live(*m_impl, one, 1);
  return detail::send_apply(*m_impl, *planned, options);
}

namespace {

// Applies objects[indices] concurrently into results[indices].
void apply_batch(Cluster::Impl& impl, const std::vector<json>& objects, const std::vector<std::size_t>& indices,
                 const ApplyOptions& options, const std::set<std::pair<std::string, std::string>>& pending_kinds,
                 std::vector<ApplyResult>& results) {
  std::vector<std::optional<Planned>> planned(indices.size());
  std::vector<Planned*> ready;
  for (std::size_t i = 0; i < indices.size(); ++i) {
    const json& o = objects[indices[i]];
    auto p = detail::plan_apply(impl, o);
    if (p.ok()) {
      planned[i] = std::move(*p);
      ready.push_back(&*planned[i]);
      continue;
    }
    auto& r = results[indices[i]];
    r.message = p.error().message;
    const auto group = o.is_object() ? split_api_version(o.value("apiVersion", "")).first : "";
    if (options.dry_run && o.is_object() && pending_kinds.count({group, o.value("kind", "")})) {
      r.outcome = ApplyOutcome::created;  // its CRD is new: the object cannot exist yet
      r.message = "not validated: its CustomResourceDefinition is created by this apply (dry run)";
    }
  }
  const auto start = std::chrono::steady_clock::now();
  detail::fetch_live(impl, ready, options.concurrency);
  const auto fetched = std::chrono::steady_clock::now();
  detail::parallel_for(indices.size(), options.concurrency, [&](std::size_t i) {
    if (planned[i]) results[indices[i]] = detail::send_apply(impl, *planned[i], options);
  });
  const auto ms = [](auto d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
  spdlog::debug("apply batch of {}: live state read in {} ms, applied in {} ms", indices.size(), ms(fetched - start),
                ms(std::chrono::steady_clock::now() - fetched));
}

}  // namespace

std::vector<ApplyResult> Cluster::apply(const std::vector<json>& objects, const ApplyOptions& options) {
  std::vector<ApplyResult> results;
  for (const auto& o : objects) results.push_back({ApplyOutcome::error, display_name(o), {}, "not applied (interrupted)"});
  std::vector<std::size_t> first, rest;
  std::set<std::pair<std::string, std::string>> new_kinds;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    (first_phase(objects[i]) ? first : rest).push_back(i);
    if (is_crd(objects[i])) new_kinds.insert(crd_defines(objects[i]));
  }
  apply_batch(*m_impl, objects, first, options, {}, results);
  std::vector<ApplyResult*> crds;
  for (std::size_t i : first) {
    if (is_crd(objects[i]) && results[i].outcome != ApplyOutcome::error) crds.push_back(&results[i]);
  }
  if (!crds.empty() && !options.dry_run) {
    wait_for_crds(*this, crds, options.crd_timeout);
    if (auto refreshed = refresh_discovery(); !refreshed.ok()) spdlog::warn("discovery refresh failed: {}", refreshed.error().message);
  }
  apply_batch(*m_impl, objects, rest, options, new_kinds, results);
  return results;
}

}  // namespace cococtl::kube
