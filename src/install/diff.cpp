#include "inventory.hpp"

#include <cococtl/install/apply_order.hpp>
#include <cococtl/install/diff.hpp>
#include <cococtl/install/plan.hpp>
#include <cococtl/manifest/yaml_io.hpp>

#include <dtl/dtl.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <sstream>

namespace cococtl::install {
namespace {

using json = nlohmann::json;

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

ObjectDiff compare(const manifest::Object& planned, const kube::ApplyResult& r) {
  ObjectDiff d{planned.display(), "", "", r.message};
  if (r.outcome == kube::ApplyOutcome::error) return d.action = "failed", d;
  const bool exists = r.live.is_object();
  const json after = r.object.is_object() ? r.object : planned.body;  // "not validated": the rendered body
  const std::string before_text = exists ? manifest::to_yaml(comparable(r.live, after, true)) : "";
  const std::string after_text = manifest::to_yaml(comparable(after, exists ? r.live : json(), false));
  d.diff = unified_diff(before_text, after_text, planned.display());
  d.action = !exists ? "create" : d.diff.empty() ? "unchanged" : "update";
  return d;
}

}  // namespace

bool DiffReport::changed() const {
  return std::any_of(objects.begin(), objects.end(), [](const ObjectDiff& d) { return d.action != "unchanged"; });
}

std::string unified_diff(const std::string& before, const std::string& after, const std::string& what) {
  if (before == after) return "";
  dtl::Diff<std::string> d(lines(before), lines(after));
  d.compose();
  d.composeUnifiedHunks();
  std::ostringstream out;
  out << "--- live/" << what << "\n+++ planned/" << what << "\n";
  d.printUnifiedFormat(out);
  return out.str();
}

json comparable(const json& object, const json& other, bool before) {
  json copy = object;
  copy.erase("status");
  if (auto meta = copy.find("metadata"); meta != copy.end() && meta->is_object()) {
    for (const char* key : {"managedFields", "resourceVersion", "uid", "generation", "creationTimestamp", "selfLink"}) {
      meta->erase(key);
    }
  }
  if (copy.value("kind", "") != "Secret" || !copy.contains("data") || !copy["data"].is_object()) return copy;
  const json other_data = other.is_object() ? other.value("data", json::object()) : json::object();
  for (auto& [key, value] : copy["data"].items()) {
    const bool differs = !other_data.contains(key) || other_data[key] != value;
    value = differs && other.is_object() ? (before ? "*** (before)" : "*** (after)") : "***";
  }
  return copy;
}

util::Result<DiffReport> diff(kube::Cluster& cluster, const workspace::Options& options,
                              const std::string& inventory_namespace, std::size_t concurrency) {
  COCO_TRY(cluster.resources());
  COCO_TRY_ASSIGN(const auto plan, make_plan(cluster, options));
  auto objects = plan.rendered.objects;
  const auto id = applyset_id(plan.inventory_name, inventory_namespace);
  for (auto& o : objects) label_member(o, id);
  OrderOptions order;
  order.apply = {
      .dry_run = true, .force = true, .concurrency = concurrency, .skip_unchanged = true};  // as install applies
  const auto results = apply_in_order(cluster, objects, order);
  DiffReport report;
  for (std::size_t i = 0; i < objects.size(); ++i) report.objects.push_back(compare(objects[i], results[i]));
  return report;
}

}  // namespace cococtl::install
