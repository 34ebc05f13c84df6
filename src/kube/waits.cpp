// Cluster::wait_established and Cluster::wait_gone: watches, not polling loops.
#include "cluster_impl.hpp"

#include <cococtl/util/backoff.hpp>
#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

#include <map>
#include <set>
#include <utility>

namespace cococtl::kube {
namespace {

using json = nlohmann::json;

constexpr const char* k_crd_api = "apiextensions.k8s.io/v1";
constexpr const char* k_crd_kind = "CustomResourceDefinition";

std::string condition(const json& object, const std::string& type, std::string* message = nullptr) {
  for (const auto& c : object.value("status", json::object()).value("conditions", json::array())) {
    if (c.value("type", "") != type) continue;
    if (message) *message = c.value("message", "");
    return c.value("status", "");
  }
  return "";
}

std::string name_of(const json& object) { return object.value("metadata", json::object()).value("name", ""); }

std::chrono::milliseconds left_until(std::chrono::steady_clock::time_point deadline) {
  return std::max(std::chrono::milliseconds(0),
                  std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
}

}  // namespace

util::Result<void> Cluster::wait_established(const std::vector<std::string>& crd_names, std::chrono::milliseconds timeout) {
  if (crd_names.empty()) return {};
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::set<std::string> pending(crd_names.begin(), crd_names.end());
  std::map<std::string, std::pair<std::string, std::string>> served;  // name -> (apiVersion, kind) to look up
  std::string rejected;
  COCO_TRY(watch(k_crd_api, k_crd_kind, "", {.timeout = timeout}, [&](const WatchEvent& e) {
    if (e.type != WatchEventType::added && e.type != WatchEventType::modified) return true;
    const std::string name = name_of(e.object);
    if (!pending.count(name)) return true;
    std::string message;
    if (condition(e.object, "NamesAccepted", &message) == "False") rejected = fmt::format("CRD {}: {}", name, message);
    if (condition(e.object, "Established") != "True") return rejected.empty();
    const json spec = e.object.value("spec", json::object());
    const auto versions = spec.value("versions", json::array());
    const std::string version = versions.empty() ? "" : versions.front().value("name", "");
    served[name] = {spec.value("group", "") + "/" + version, spec.value("names", json::object()).value("kind", "")};
    pending.erase(name);
    return !pending.empty();
  }));
  if (!rejected.empty()) return util::failure(rejected);
  if (!pending.empty()) {
    return util::Error{util::ExitCode::timed_out,
                       fmt::format("timed out after {} s waiting for CRDs to be Established: {}",
                                   timeout.count() / 1000, util::join(std::vector<std::string>(pending.begin(), pending.end()), ", "))};
  }
  // Established CRDs reach discovery a moment later: refresh until every kind is served (not
  // before the first look: CRDs established long ago are served already).
  bool first_look = true;
  return util::poll_until(
      [&]() -> util::Result<bool> {
        if (!std::exchange(first_look, false)) COCO_TRY(refresh_discovery());
        for (const auto& [name, gvk] : served) {
          if (!resource_for(gvk.first, gvk.second).ok()) return false;
        }
        return true;
      },
      left_until(deadline), "the new CRDs' kinds to be served");
}

util::Result<void> Cluster::wait_gone(const std::string& api_version, const std::string& kind, const std::string& ns,
                                      const std::string& name, const std::string& uid, std::chrono::milliseconds timeout) {
  bool gone = false;
  json last;
  const auto matches = [&](const json& o) {
    return uid.empty() || o.value("metadata", json::object()).value("uid", "") == uid;
  };
  COCO_TRY(watch(api_version, kind, ns, {.field_selector = "metadata.name=" + name, .timeout = timeout},
                 [&](const WatchEvent& e) {
                   if (e.type == WatchEventType::synced) {
                     gone = last.is_null();  // nothing listed: already gone
                   } else if (e.type == WatchEventType::deleted && matches(e.object)) {
                     gone = true;
                   } else if (matches(e.object)) {
                     last = e.object;
                   } else {
                     gone = true;  // the name belongs to a new incarnation: ours is gone
                   }
                   return !gone;
                 }));
  if (gone) return {};
  const auto finalizers = last.value("metadata", json::object()).value("finalizers", json::array());
  return util::Error{util::ExitCode::timed_out,
                     fmt::format("timed out after {} s waiting for {} {} to be deleted{}", timeout.count() / 1000, kind,
                                 name, finalizers.empty() ? "" : " (finalizers: " + finalizers.dump() + ")")};
}

}  // namespace cococtl::kube
