// Cluster::remove, patch and can_i: the writes that are not server-side apply.
#include "cluster_impl.hpp"
#include "paths.hpp"

#include <fmt/format.h>

namespace cococtl::kube {

using json = nlohmann::json;

util::Result<bool> Cluster::remove(const std::string& api_version, const std::string& kind, const std::string& ns,
                                   const std::string& name, const DeleteOptions& options) {
  COCO_TRY_ASSIGN(const auto info, resource_for(api_version, kind));
  detail::Query query;
  if (options.dry_run) query.emplace_back("dryRun", "All");
  json body{{"apiVersion", "v1"}, {"kind", "DeleteOptions"}, {"propagationPolicy", options.propagation_policy}};
  if (!options.uid.empty()) body["preconditions"] = {{"uid", options.uid}};
  net::Request request{.method = "DELETE",
                       .url = detail::object_path(info, m_impl->namespace_for(info, ns), name) + detail::query_string(query),
                       .headers = {{"Content-Type", "application/json"}},
                       .body = body.dump()};
  COCO_TRY_ASSIGN(auto response, m_impl->connection->call(std::move(request), true));
  if (response.status == 404) return false;
  // A failed uid precondition: the name now belongs to another object, which is not ours to delete.
  if (response.status == 409 && !options.uid.empty()) return false;
  COCO_TRY(detail::json_body(response, fmt::format("delete {} {}", kind, name)));
  return true;
}

util::Result<json> Cluster::patch(const std::string& api_version, const std::string& kind, const std::string& ns,
                                  const std::string& name, const json& patch, PatchType type, bool dry_run) {
  COCO_TRY_ASSIGN(const auto info, resource_for(api_version, kind));
  detail::Query query{{"fieldManager", "cococtl"}};
  if (dry_run) query.emplace_back("dryRun", "All");
  const char* content_type = type == PatchType::merge ? "application/merge-patch+json" : "application/json-patch+json";
  net::Request request{.method = "PATCH",
                       .url = detail::object_path(info, m_impl->namespace_for(info, ns), name) + detail::query_string(query),
                       .headers = {{"Content-Type", content_type}},
                       .body = patch.dump()};
  // A merge patch is idempotent (RFC 7386: applying it twice is applying it once), so it is
  // retried like a GET; a JSON patch is not (an "add" to a list adds twice): no retries.
  COCO_TRY_ASSIGN(auto response, m_impl->connection->call(std::move(request), type == PatchType::merge));
  return detail::json_body(response, fmt::format("patch {} {}", kind, name));
}

util::Result<Access> Cluster::can_i(const std::string& verb, const std::string& group, const std::string& resource,
                                    const std::string& ns) {
  json attributes{{"verb", verb}, {"group", group}, {"resource", resource}};
  if (!ns.empty()) attributes["namespace"] = ns;
  const json review{{"apiVersion", "authorization.k8s.io/v1"},
                    {"kind", "SelfSubjectAccessReview"},
                    {"spec", {{"resourceAttributes", attributes}}}};
  net::Request request{.method = "POST",
                       .url = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                       .headers = {{"Content-Type", "application/json"}},
                       .body = review.dump()};
  COCO_TRY_ASSIGN(auto response, m_impl->connection->call(std::move(request), true));  // a review changes nothing
  COCO_TRY_ASSIGN(const json answer, detail::json_body(response, "SelfSubjectAccessReview"));
  const json status = answer.value("status", json::object());
  Access access{status.value("allowed", false), status.value("reason", "")};
  if (access.reason.empty()) access.reason = status.value("evaluationError", "");
  return access;
}

}  // namespace cococtl::kube
