#include "apply_plan.hpp"

#include "base64.hpp"
#include "parallel.hpp"
#include "paths.hpp"

#include <cococtl/util/log.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <map>

namespace cococtl::kube::detail {
namespace {

using json = nlohmann::json;

constexpr std::size_t k_list_threshold = 3;  // from this many objects in one collection, one LIST beats GETs

std::string text_at(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// What the object would look like minus bookkeeping that changes without a real change.
json normalized(json object) {
  object.erase("apiVersion");
  object.erase("kind");
  if (auto meta = object.find("metadata"); meta != object.end() && meta->is_object()) {
    meta->erase("resourceVersion");
    meta->erase("managedFields");
  }
  return object;
}

std::string resource_version(const json& object) {
  return object.is_object() ? object.value("metadata", json::object()).value("resourceVersion", "") : "";
}

void fetch_one(Cluster::Impl& cluster, Planned& p) {
  auto response = cluster.connection->call({.url = object_path(p.info, p.ns, p.name)}, true);
  if (!response.ok() || (response->status != 200 && response->status != 404)) return;
  p.live_known = true;
  p.exists = response->status == 200;
  if (p.exists) p.live = json::parse(response->body, nullptr, false);
}

void fetch_group(Cluster::Impl& cluster, std::vector<Planned*>& group) {
  auto listed = list_all(*cluster.connection, group.front()->info, group.front()->ns, {});
  if (!listed.ok()) {
    spdlog::debug("cannot list {} to classify apply results: {}", group.front()->info.plural, listed.error().message);
    return;
  }
  std::map<std::string, json*> by_name;
  for (auto& item : listed->items) by_name[item.value("metadata", json::object()).value("name", "")] = &item;
  for (Planned* p : group) {
    p->live_known = true;
    const auto it = by_name.find(p->name);
    p->exists = it != by_name.end();
    if (p->exists) p->live = std::move(*it->second);
  }
}

ApplyResult classify(const Planned& p, const net::Response& response, const ApplyOptions& options, ApplyResult result) {
  result.object = json::parse(response.body, nullptr, false);
  result.live = p.exists ? p.live : json();
  if (response.status == 201 || (p.live_known && !p.exists)) {
    result.outcome = ApplyOutcome::created;
  } else if (!p.live_known) {
    result.outcome = ApplyOutcome::configured;
  } else if (options.dry_run) {
    result.outcome = normalized(result.object) == normalized(p.live) ? ApplyOutcome::unchanged : ApplyOutcome::configured;
  } else {
    result.outcome = resource_version(result.object) == resource_version(p.live) ? ApplyOutcome::unchanged : ApplyOutcome::configured;
  }
  return result;
}

// Secret values must never reach a log line or an error message, even when the server quotes them.
void register_secret_values(const json& object) {
  if (object.value("kind", "") != "Secret") return;
  for (const char* key : {"data", "stringData"}) {
    const auto field = object.find(key);
    if (field == object.end() || !field->is_object()) continue;
    for (const auto& [name, value] : field->items()) {
      if (!value.is_string()) continue;
      util::register_secret(value.get<std::string>());
      if (auto decoded = base64_decode(value.get<std::string>()); decoded && std::string_view(key) == "data") util::register_secret(*decoded);
    }
  }
}

}  // namespace

util::Result<Planned> plan_apply(Cluster::Impl& cluster, const json& object) {
  if (!object.is_object()) return util::invalid_input("not a Kubernetes object (expected a map)");
  register_secret_values(object);
  const json meta = object.value("metadata", json::object());
  Planned p{{}, {}, meta.is_object() ? text_at(meta, "name") : "", object};
  const std::string api_version = text_at(object, "apiVersion");
  const std::string kind = text_at(object, "kind");
  if (api_version.empty() || kind.empty() || p.name.empty()) return util::invalid_input("apiVersion, kind and metadata.name are required");
  COCO_TRY_ASSIGN(p.info, cluster.mapper->find(api_version, kind));
  p.ns = cluster.namespace_for(p.info, text_at(meta, "namespace"));
  auto& body_meta = p.body["metadata"];
  body_meta.erase("managedFields");  // forbidden in an apply body
  if (p.info.namespaced) {
    body_meta["namespace"] = p.ns;
  } else {
    body_meta.erase("namespace");
  }
  return p;
}

void fetch_live(Cluster::Impl& cluster, std::vector<Planned*>& planned, std::size_t concurrency) {
  std::map<std::string, std::vector<Planned*>> groups;
  for (Planned* p : planned) groups[collection_path(p->info, p->ns)].push_back(p);
  std::vector<std::vector<Planned*>> tasks;
  for (auto& [path, group] : groups) {
    if (group.size() >= k_list_threshold) {
      tasks.push_back(std::move(group));
    } else {
      for (Planned* p : group) tasks.push_back({p});
    }
  }
  parallel_for(tasks.size(), concurrency, [&](std::size_t i) {
    if (tasks[i].size() >= k_list_threshold) {
      fetch_group(cluster, tasks[i]);
    } else {
      fetch_one(cluster, *tasks[i].front());
    }
  });
}

ApplyResult send_apply(Cluster::Impl& cluster, const Planned& p, const ApplyOptions& options) {
  ApplyResult result{ApplyOutcome::error, display_name(p.body)};
  Query query{{"fieldManager", options.field_manager}};
  if (options.force) query.emplace_back("force", "true");
  if (options.dry_run) query.emplace_back("dryRun", "All");
  if (!options.field_validation.empty()) query.emplace_back("fieldValidation", options.field_validation);
  net::Request request{.method = "PATCH",
                       .url = object_path(p.info, p.ns, p.name) + query_string(query),
                       .headers = {{"Content-Type", "application/apply-patch+yaml"}},
                       .body = p.body.dump()};
  auto response = cluster.connection->call(std::move(request), true);  // apply is idempotent
  if (!response.ok()) {
    result.message = response.error().message;
    return result;
  }
  for (const auto& [name, value] : response->headers) {
    if (name == "warning") spdlog::warn("{}: {}", result.display, value);
  }
  result.http_status = response->status;
  if (response->status != 200 && response->status != 201) {
    const ApiStatus status = parse_status(*response);
    if (is_field_manager_conflict(status)) result.conflicts = status.causes;
    result.message = api_error(status).message;
    return result;
  }
  return classify(p, *response, options, std::move(result));
}

}  // namespace cococtl::kube::detail
