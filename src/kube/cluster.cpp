#include "cluster_impl.hpp"
#include "paths.hpp"

#include <cococtl/net/retry.hpp>

#include <fmt/format.h>

namespace cococtl::kube {

using json = nlohmann::json;

namespace detail {

util::Result<json> json_body(const net::Response& response, const std::string& what) {
  if (response.status < 200 || response.status >= 300) return api_error(parse_status(response)).context(what);
  auto parsed = json::parse(response.body, nullptr, false);
  if (parsed.is_discarded()) return util::failure(what + ": the response is not JSON");
  return parsed;
}

util::Result<ListResult> list_all(Connection& connection, const ResourceInfo& info, const std::string& ns, const ListOptions& options) {
  ListResult out;
  std::string token;
  const std::string what = fmt::format("list {}", info.plural);
  for (int page = 0; page < 100000; ++page) {
    Query query;
    if (!options.label_selector.empty()) query.emplace_back("labelSelector", options.label_selector);
    if (!options.field_selector.empty()) query.emplace_back("fieldSelector", options.field_selector);
    if (options.limit > 0) query.emplace_back("limit", std::to_string(options.limit));
    if (!token.empty()) query.emplace_back("continue", token);
    COCO_TRY_ASSIGN(auto response, connection.call({.url = collection_path(info, ns) + query_string(query)}, true));
    if (response.status == 410 && !token.empty()) {
      return util::failure(what + ": the list changed too much while paging (continue token expired); retry");
    }
    COCO_TRY_ASSIGN(json body, json_body(response, what));
    for (auto& item : body.value("items", json::array())) out.items.push_back(std::move(item));
    const json meta = body.value("metadata", json::object());
    if (out.resource_version.empty()) out.resource_version = meta.value("resourceVersion", "");
    token = meta.value("continue", "");
    if (token.empty()) return out;
  }
  return util::failure(what + ": too many pages");
}

}  // namespace detail

std::string display_name(const json& object) {
  const json meta = object.is_object() ? object.value("metadata", json::object()) : json::object();
  const std::string kind = object.is_object() ? object.value("kind", "?") : "?";
  const std::string ns = meta.value("namespace", "");
  const std::string name = meta.value("name", "?");
  return ns.empty() ? fmt::format("{} {}", kind, name) : fmt::format("{} {}/{}", kind, ns, name);
}

std::string_view to_string(ApplyOutcome outcome) {
  switch (outcome) {
    case ApplyOutcome::created: return "created";
    case ApplyOutcome::configured: return "configured";
    case ApplyOutcome::unchanged: return "unchanged";
    case ApplyOutcome::error: return "failed";
  }
  return "failed";
}

Cluster::Cluster(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Cluster::~Cluster() = default;

util::Result<std::unique_ptr<Cluster>> Cluster::connect(const ConnectOptions& options) {
  COCO_TRY_ASSIGN(const RestConfig config, load_rest_config(options.kubeconfig));
  auto impl = std::make_unique<Impl>();
  COCO_TRY_ASSIGN(impl->connection, detail::Connection::create(config, options.retry));
  impl->mapper = std::make_unique<detail::Mapper>(*impl->connection);
  return std::unique_ptr<Cluster>(new Cluster(std::move(impl)));
}

const RestConfig& Cluster::config() const { return m_impl->connection->config(); }
const std::string& Cluster::default_namespace() const { return config().namespace_name; }

util::Result<ResourceInfo> Cluster::resource_for(const std::string& api_version, const std::string& kind) {
  return m_impl->mapper->find(api_version, kind);
}

util::Result<std::vector<ResourceInfo>> Cluster::resources() { return m_impl->mapper->all(); }
util::Result<void> Cluster::refresh_discovery() { return m_impl->mapper->refresh(); }

util::Result<std::optional<json>> Cluster::get(const std::string& api_version, const std::string& kind, const std::string& ns,
                                               const std::string& name) {
  COCO_TRY_ASSIGN(const auto info, resource_for(api_version, kind));
  const auto path = detail::object_path(info, m_impl->namespace_for(info, ns), name);
  COCO_TRY_ASSIGN(auto response, m_impl->connection->call({.url = path}, true));
  if (response.status == 404) return std::optional<json>{};
  COCO_TRY_ASSIGN(json body, detail::json_body(response, fmt::format("get {} {}", kind, name)));
  return std::optional<json>(std::move(body));
}

util::Result<json> Cluster::get_status(const std::string& api_version, const std::string& kind, const std::string& ns,
                                       const std::string& name) {
  COCO_TRY_ASSIGN(const auto info, resource_for(api_version, kind));
  const auto path = detail::object_path(info, m_impl->namespace_for(info, ns), name, "status");
  COCO_TRY_ASSIGN(auto response, m_impl->connection->call({.url = path}, true));
  return detail::json_body(response, fmt::format("get {} {} status", kind, name));
}

util::Result<ListResult> Cluster::list(const std::string& api_version, const std::string& kind, const std::string& ns,
                                       const ListOptions& options) {
  COCO_TRY_ASSIGN(const auto info, resource_for(api_version, kind));
  return detail::list_all(*m_impl->connection, info, m_impl->namespace_for(info, ns), options);
}

util::Result<net::Response> Cluster::proxy_get(const std::string& ns, const std::string& service,
                                               const std::string& path, std::chrono::milliseconds timeout) {
  net::Request request{.url = fmt::format("/api/v1/namespaces/{}/services/{}/proxy/{}", ns, service, path),
                       .timeout = timeout};
  // "no endpoints available" (503) is the API server's answer for a service without a ready pod
  // and is returned as it is; any other failure or retryable status is the API server's own
  // trouble, retried as any GET.
  auto first = m_impl->connection->call(net::Request(request), false);
  if (first.ok() &&
      (!net::retryable_status(first->status) || first->body.find("no endpoints available") != std::string::npos)) {
    return first;
  }
  return m_impl->connection->call(std::move(request), true);
}

util::Result<net::Response> Cluster::raw(net::Request request, bool idempotent) {
  return m_impl->connection->call(std::move(request), idempotent);
}

}  // namespace cococtl::kube
