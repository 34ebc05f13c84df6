// Resource requests: path parsing (/api/v1/..., /apis/<g>/<v>/..., namespaced or not,
// subresources), authorization, and the mapping of HTTP verbs onto the Api.
#include "sim/http/http_context.hpp"
#include "sim/http/protobuf.hpp"
#include "sim/http/table.hpp"

#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

namespace cococtl::sim {
namespace {

struct Target {
  std::string group;
  std::string version;
  std::string plural;
  std::string ns;
  std::string name;
  std::string subresource;
};

std::optional<Target> parse_target(const std::string& path) {
  std::vector<std::string> s;
  for (auto& part : util::split(path, '/')) {
    if (!part.empty()) s.push_back(part);
  }
  Target t;
  std::size_t i = 0;
  if (s.size() >= 3 && s[0] == "api") {
    t.version = s[1], i = 2;
  } else if (s.size() >= 4 && s[0] == "apis") {
    t.group = s[1], t.version = s[2], i = 3;
  } else {
    return std::nullopt;
  }
  std::vector<std::string> rest(s.begin() + static_cast<long>(i), s.end());
  const bool namespace_subresource = t.group.empty() && rest.size() == 3 && rest[0] == "namespaces" &&
                                     (rest[2] == "status" || rest[2] == "finalize");
  if (rest.size() >= 3 && rest[0] == "namespaces" && !namespace_subresource) {
    t.ns = rest[1];
    rest.erase(rest.begin(), rest.begin() + 2);
  }
  if (rest.empty() || rest.size() > 3) return std::nullopt;
  t.plural = rest[0];
  if (rest.size() > 1) t.name = rest[1];
  if (rest.size() > 2) t.subresource = rest[2];
  return t;
}

std::string verb_for(const httplib::Request& req, const Target& t) {
  const std::string& m = req.method;
  if (m == "GET") {
    if (!t.name.empty()) return "get";
    const std::string watch = param(req, "watch");
    return watch == "true" || watch == "1" ? "watch" : "list";
  }
  if (m == "POST") return "create";
  if (m == "PUT") return "update";
  if (m == "PATCH") return "patch";
  if (m == "DELETE") return t.name.empty() ? "deletecollection" : "delete";
  return "";
}

ApiResult<WriteOptions> write_options(const httplib::Request& req, bool apply) {
  WriteOptions o;
  o.manager = param(req, "fieldManager");
  if (o.manager.empty() && !apply) {
    const std::string agent = req.get_header_value("User-Agent");
    o.manager = agent.substr(0, agent.find('/'));
    if (o.manager.empty()) o.manager = "unknown";
  }
  if (o.manager.size() > 128) return bad_request("fieldManager: Too long: may not be longer than 128");
  const std::string dry_run = param(req, "dryRun");
  if (!dry_run.empty() && dry_run != "All") {
    return bad_request(fmt::format("dryRun: Unsupported value: \"{}\": supported values: \"All\"", dry_run));
  }
  o.dry_run = dry_run == "All";
  o.force = param(req, "force") == "true";
  const std::string validation = param(req, "fieldValidation");
  if (validation == "Strict") o.validation = FieldValidation::strict;
  else if (validation == "Ignore") o.validation = FieldValidation::ignore;
  else if (validation.empty() || validation == "Warn") o.validation = FieldValidation::warn;
  else return bad_request(fmt::format("fieldValidation: Unsupported value: \"{}\"", validation));
  return o;
}

ListOptions list_options(const httplib::Request& req) {
  ListOptions o;
  o.label_selector = param(req, "labelSelector");
  o.field_selector = param(req, "fieldSelector");
  o.continue_token = param(req, "continue");
  o.resource_version = param(req, "resourceVersion");
  o.resource_version_match = param(req, "resourceVersionMatch");
  try {
    o.limit = req.has_param("limit") ? std::stol(param(req, "limit")) : 0;
  } catch (const std::exception&) {
    o.limit = 0;
  }
  return o;
}

ApiResult<json> parse_body(const httplib::Request& req) {
  std::string error;
  if (req.get_header_value("Content-Type").rfind("application/vnd.kubernetes.protobuf", 0) == 0) {
    auto object = decode_protobuf_object(req.body, error);
    if (!object) return unsupported_media_type(error);
    return std::move(*object);
  }
  if (req.body.empty()) return json::object();
  auto body = parse_json_or_yaml(req.body, error);
  if (!body) return bad_request("error decoding request body: " + error);
  return std::move(*body);
}

void send_object(Call& call, const ResourceType& type, int code, const json& object, const json& list_meta, bool list) {
  const Representation r = negotiate(call.req.get_header_value("Accept"), false);
  if (r == Representation::table || r == Representation::table_v1beta1) {
    const std::string version = r == Representation::table ? "meta.k8s.io/v1" : "meta.k8s.io/v1beta1";
    const json rows = list ? object["items"] : json::array({object});
    return send_json(call.res, code, to_table(type, rows, list_meta, param(call.req, "includeObject"), version),
                     content_type(r));
  }
  if (r == Representation::unsupported) {
    return send_error(call.res, ApiError{406, "NotAcceptable", "only the following media types are accepted: "
                                                               "application/json, application/yaml"});
  }
  send_json(call.res, code, object);
}

void send_outcome(Call& call, const ResourceType& type, ApiResult<Outcome> result) {
  if (!result.ok()) return send_error(call.res, result.error());
  send_warnings(call.res, result.value().warnings);
  send_object(call, type, result.value().code, result.value().object, nullptr, false);
}

DeleteOptions delete_options(const httplib::Request& req) {
  DeleteOptions o;
  o.propagation = param(req, "propagationPolicy");
  o.dry_run = param(req, "dryRun") == "All";
  std::string error;
  const auto body = req.body.empty() ? std::nullopt : parse_json_or_yaml(req.body, error);
  if (body && body->is_object()) {
    if (body->contains("propagationPolicy")) o.propagation = body->value("propagationPolicy", "");
    if (body->contains("orphanDependents") && body->value("orphanDependents", false)) o.propagation = "Orphan";
    o.orphan_dependents_false = body->contains("orphanDependents") && !body->value("orphanDependents", true);
    const json dry = body->value("dryRun", json::array());
    if (dry.is_array() && !dry.empty() && dry[0] == "All") o.dry_run = true;
    o.precondition_uid = string_at(*body, {"preconditions", "uid"});
    o.precondition_resource_version = string_at(*body, {"preconditions", "resourceVersion"});
  }
  return o;
}

bool body_type_supported(const httplib::Request& req) {
  const std::string type = req.get_header_value("Content-Type");
  return type.empty() || type.rfind("application/vnd.kubernetes.protobuf", 0) == 0 || type.rfind("application/json", 0) == 0 || type.rfind("application/yaml", 0) == 0 ||
         type.rfind("text/plain", 0) == 0;
}

ApiResult<PatchType> patch_type(const httplib::Request& req) {
  const std::string type = req.get_header_value("Content-Type").substr(0, req.get_header_value("Content-Type").find(';'));
  if (type == "application/apply-patch+yaml" || type == "application/apply-patch+cbor") return PatchType::apply;
  if (type == "application/json-patch+json") return PatchType::json_patch;
  if (type == "application/merge-patch+json") return PatchType::merge;
  if (type == "application/strategic-merge-patch+json") return PatchType::strategic;
  return unsupported_media_type(fmt::format("the body of the request was in an unknown format - accepted media types "
                                            "include: application/json-patch+json, application/merge-patch+json, "
                                            "application/apply-patch+yaml (got \"{}\")", type));
}

void serve_read(ServerContext& ctx, Call& call, const ResourceType& type, const Target& t, const std::string& verb) {
  if (verb == "get") {
    auto result = ctx.api.get(type, t.ns, t.name);
    if (!result.ok()) return send_error(call.res, result.error());
    return send_object(call, type, 200, result.value(), nullptr, false);
  }
  if (verb == "watch") {
    const std::string timeout = param(call.req, "timeoutSeconds");
    WatchRequest w{ctx.api.registry().find(type.group, type.version, type.plural), t.ns,
                   param(call.req, "labelSelector"), param(call.req, "fieldSelector"),
                   param(call.req, "resourceVersion"), param(call.req, "allowWatchBookmarks") == "true",
                   param(call.req, "sendInitialEvents") == "true", 0,
                   negotiate(call.req.get_header_value("Accept"), false), param(call.req, "includeObject")};
    try {
      w.timeout_seconds = timeout.empty() ? 0 : std::stoi(timeout);
    } catch (const std::exception&) {
      w.timeout_seconds = 0;
    }
    return start_watch(ctx, call.res, std::move(w));
  }
  auto result = ctx.api.list(type, t.ns, list_options(call.req));
  if (!result.ok()) return send_error(call.res, result.error());
  send_object(call, type, 200, result.value(), result.value()["metadata"], true);
}

void serve_write(ServerContext& ctx, Call& call, const ResourceType& type, const Target& t, const std::string& verb) {
  if (verb == "delete") return send_outcome(call, type, ctx.api.remove(type, t.ns, t.name, delete_options(call.req)));
  if (verb == "deletecollection") {
    auto result = ctx.api.remove_collection(type, t.ns, list_options(call.req), delete_options(call.req));
    if (!result.ok()) return send_error(call.res, result.error());
    return send_json(call.res, 200, result.value());
  }
  PatchType kind = PatchType::merge;
  if (verb == "patch") {
    auto pt = patch_type(call.req);
    if (!pt.ok()) return send_error(call.res, pt.error());
    kind = pt.value();
  }
  if (verb != "patch" && !body_type_supported(call.req)) {
    return send_error(call.res, unsupported_media_type("the body of the request was in an unknown format - accepted "
                                                       "media types include: application/json, application/yaml "
                                                       "(this simulated server does not speak CBOR)"));
  }
  auto options = write_options(call.req, kind == PatchType::apply && verb == "patch");
  if (!options.ok()) return send_error(call.res, options.error());
  auto body = parse_body(call.req);
  if (!body.ok()) return send_error(call.res, body.error());
  if (verb == "create") return send_outcome(call, type, ctx.api.create(type, t.ns, body.value(), options.value()));
  if (verb == "update") {
    return send_outcome(call, type, ctx.api.update(type, t.ns, t.name, t.subresource, body.value(), options.value()));
  }
  send_outcome(call, type, ctx.api.patch(type, t.ns, t.name, t.subresource, kind, body.value(), options.value()));
}

}  // namespace

void handle_resource(ServerContext& ctx, Call& call) {
  const auto target = parse_target(call.req.path);
  const ApiError missing{404, "NotFound", "the server could not find the requested resource"};
  if (!target) return send_error(call.res, missing);
  const TypePtr type = ctx.api.registry().find(target->group, target->version, target->plural);
  if (!type) return send_error(call.res, missing);
  const std::string verb = verb_for(call.req, *target);
  if (verb.empty()) return send_error(call.res, method_not_allowed("the server does not allow this method"));
  const bool bad_scope = !type->namespaced && !target->ns.empty();
  const bool bad_sub = !target->subresource.empty() &&
                       !(target->subresource == "status" && type->status_subresource) &&
                       !(target->subresource == "finalize" && type->kind == "Namespace" && type->group.empty());
  if (bad_scope || bad_sub || (!type->stored && verb != "create")) return send_error(call.res, missing);
  if (type->namespaced && !target->name.empty() && target->ns.empty()) return send_error(call.res, missing);
  const RequestAttributes what{verb, type->group, type->plural, target->subresource, target->ns, target->name, "", true};
  if (!ctx.authorizer.allowed(call.who, what)) {
    return send_error(call.res, forbidden(forbidden_message(call.who, what), type->group, type->plural, target->name));
  }
  if (!type->stored) {
    auto body = parse_body(call.req);
    if (!body.ok()) return send_error(call.res, body.error());
    return handle_review(ctx, call, *type, body.value());
  }
  if (verb == "get" || verb == "list" || verb == "watch") return serve_read(ctx, call, *type, *target, verb);
  serve_write(ctx, call, *type, *target, verb);
}

}  // namespace cococtl::sim
