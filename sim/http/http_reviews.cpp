// authorization.k8s.io SelfSubjectAccessReview / SelfSubjectRulesReview and
// authentication.k8s.io SelfSubjectReview, answered from the caller's identity.
#include "sim/http/http_context.hpp"

namespace cococtl::sim {
namespace {

json access_review(ServerContext& ctx, const Call& call, json review) {
  const json spec = review.value("spec", json::object());
  RequestAttributes what;
  if (spec.contains("resourceAttributes")) {
    const json& a = spec["resourceAttributes"];
    what = {a.value("verb", ""), a.value("group", ""), a.value("resource", ""), a.value("subresource", ""),
            a.value("namespace", ""), a.value("name", ""), "", true};
  } else {
    const json a = spec.value("nonResourceAttributes", json::object());
    what = {a.value("verb", ""), "", "", "", "", "", a.value("path", ""), false};
  }
  const bool allowed = ctx.authorizer.allowed(call.who, what);
  review["status"] = {{"allowed", allowed}};
  if (allowed) review["status"]["reason"] = "allowed by RBAC";
  return review;
}

}  // namespace

void handle_review(ServerContext& ctx, Call& call, const ResourceType& type, const json& body) {
  if (!body.is_object()) return send_error(call.res, bad_request("error decoding request body: not an object"));
  json review = body;
  review["apiVersion"] = type.api_version();
  review["kind"] = type.kind;
  object_member(review, "metadata")["creationTimestamp"] = nullptr;
  if (type.kind == "SelfSubjectAccessReview") {
    review = access_review(ctx, call, std::move(review));
  } else if (type.kind == "SelfSubjectRulesReview") {
    review["status"] = ctx.authorizer.rules(call.who, string_at(review, {"spec", "namespace"}));
  } else {
    review["status"] = {{"userInfo", {{"username", call.who.user}, {"groups", call.who.groups}}}};
  }
  send_json(call.res, 201, review);
}

}  // namespace cococtl::sim
