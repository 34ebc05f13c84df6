// The API server's service proxy, as kube-apiserver serves it (pkg/registry/core/service/storage
// ResourceLocation): /api/v1/namespaces/{ns}/services/{[scheme:]name[:port]}/proxy/{path}
// reaches a Ready Pod selected by the Service. Authorization is the services/proxy subresource.
// The Pod's application is simulated: it answers "/" with what the kubelet recorded for it (the
// kbs-access app serves the file its init container fetched from the KBS).
#include "sim/controllers/hosting.hpp"
#include "sim/http/http_context.hpp"

#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

#include <regex>

namespace cococtl::sim {
namespace {

struct ProxyTarget {
  std::string ns;
  std::string name;
  std::string port;  // a port name or number; "" = the first
  std::string path;
};

std::optional<ProxyTarget> parse_proxy_path(const std::string& path) {
  static const std::regex k_path(R"(^/api/v1/namespaces/([^/]+)/services/([^/]+)/proxy(/.*)?$)");
  std::smatch m;
  if (!std::regex_match(path, m, k_path)) return std::nullopt;
  const auto parts = util::split(m[2].str(), ':');
  ProxyTarget t{m[1].str(), parts.size() == 3 ? parts[1] : parts[0], "", m[3].matched ? m[3].str() : "/"};
  if (parts.size() >= 2) t.port = parts.back();
  return t;
}

std::string proxy_verb(const std::string& method) {
  if (method == "POST") return "create";
  if (method == "PUT") return "update";
  if (method == "PATCH") return "patch";
  if (method == "DELETE") return "delete";
  return "get";
}

ApiError unavailable(std::string message) { return {503, "ServiceUnavailable", std::move(message)}; }

// The service port's name for `port` (a number is looked up), or the error kube-apiserver gives.
ApiResult<std::string> port_name(const json& service, const std::string& port) {
  const json ports = find_path(service, {"spec", "ports"}) != nullptr ? service["spec"]["ports"] : json::array();
  if (port.empty()) return ports.empty() ? std::string() : ports[0].value("name", "");
  if (port.find_first_not_of("0123456789") != std::string::npos) {
    for (const auto& p : ports) {
      if (p.value("name", "") == port) return port;
    }
    return unavailable(
        fmt::format("no endpoints available for service \"{}\"", string_at(service, {"metadata", "name"})));
  }
  for (const auto& p : ports) {
    if (std::to_string(p.value("port", 0)) == port) return p.value("name", "");
  }
  return unavailable(
      fmt::format("no service port {} found for service \"{}\"", port, string_at(service, {"metadata", "name"})));
}

bool selected(const json& pod, const json& selector) {
  if (!selector.is_object() || selector.empty()) return false;  // no selector: endpoints are managed by hand
  const json labels = pod["metadata"].value("labels", json::object());
  for (const auto& [key, value] : selector.items()) {
    if (!labels.contains(key) || labels[key] != value) return false;
  }
  return condition_true(pod, "Ready") && find_path(pod, {"metadata", "deletionTimestamp"}) == nullptr;
}

// The endpoint: the first Ready Pod the Service selects.
ApiResult<json> endpoint(ServerContext& ctx, const json& service, const std::string& ns) {
  const json selector = find_path(service, {"spec", "selector"}) != nullptr ? service["spec"]["selector"] : json();
  for (const auto& pod : ctx.api.store().list("/pods", ns)) {
    if (selected(pod, selector)) return pod;
  }
  return unavailable(
      fmt::format("no endpoints available for service \"{}\"", string_at(service, {"metadata", "name"})));
}

void answer_from_pod(ServerContext& ctx, Call& call, const json& pod, const std::string& path) {
  const auto* payloads = ctx.options.payloads;
  const auto content = payloads ? payloads->get(string_at(pod, {"metadata", "uid"})) : std::nullopt;
  if (!content) {
    return send_error(call.res, unavailable(fmt::format("error trying to reach service: the simulator runs no "
                                                        "application in pod {}",
                                                        string_at(pod, {"metadata", "name"}))));
  }
  if (path != "/") {
    call.res.status = 404;
    return call.res.set_content("<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n",
                                "text/html; charset=utf-8");
  }
  call.res.status = 200;
  call.res.set_content(*content, "text/html; charset=utf-8");
}

}  // namespace

bool handle_service_proxy(ServerContext& ctx, Call& call) {
  const auto target = parse_proxy_path(call.req.path);
  if (!target) return false;
  const RequestAttributes what{
      proxy_verb(call.req.method), "", "services", "proxy", target->ns, target->name, "", true};
  if (!ctx.authorizer.allowed(call.who, what)) {
    send_error(call.res, forbidden(forbidden_message(call.who, what), "", "services", target->name));
    return true;
  }
  const auto service = ctx.api.store().get("/services", target->ns, target->name);
  if (!service) {
    send_error(call.res, not_found("", "services", target->name));
    return true;
  }
  auto port = port_name(*service, target->port);
  if (!port.ok()) {
    send_error(call.res, port.error());
    return true;
  }
  auto pod = endpoint(ctx, *service, target->ns);
  if (!pod.ok()) {
    send_error(call.res, pod.error());
    return true;
  }
  answer_from_pod(ctx, call, pod.value(), target->path);
  return true;
}

}  // namespace cococtl::sim
