#include "fake_apiserver.hpp"

#include "support/test_pki.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cstdlib>

namespace cococtl::test {
namespace {

using json = nlohmann::json;

constexpr const char* k_aggregated_type = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

void send_status(httplib::Response& res, int code, const std::string& reason, const std::string& message, json causes = nullptr) {
  json status{{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", json::object()}, {"status", "Failure"},
              {"message", message}, {"reason", reason}, {"code", code}};
  if (!causes.is_null()) status["details"] = {{"causes", causes}};
  res.status = code;
  res.set_content(status.dump(), "application/json");
}

std::string client_cn(const httplib::Request& req) {
  if (!req.ssl) return {};
  X509* cert = SSL_get_peer_certificate(req.ssl);
  if (!cert) return {};
  char buffer[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, buffer, sizeof buffer);
  X509_free(cert);
  return buffer;
}

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto end = path.find('/', start);
    out.push_back(path.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

bool label_match(const json& object, const std::string& selector) {
  if (selector.empty()) return true;
  const auto eq = selector.find('=');
  const json labels = object["metadata"].value("labels", json::object());
  return labels.value(selector.substr(0, eq), "") == selector.substr(eq + 1);
}

}  // namespace

std::string Recorded::param(const std::string& key) const {
  const auto it = headers.find("?" + key);
  return it == headers.end() ? "" : it->second;
}

FakeApiServer::FakeApiServer(Options options) : m_options(options) {
  m_resources = {{"", "v1", "namespaces", "Namespace", false},          {"", "v1", "configmaps", "ConfigMap", true},
                 {"", "v1", "secrets", "Secret", true},                 {"", "v1", "endpoints", "Endpoints", true},
                 {"apps", "v1", "deployments", "Deployment", true},
                 {"apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false},
                 {"example.com", "v1", "mice", "Mouse", true}};
  const auto& pki = test_pki();
  ServerTls tls{options.wrong_host_cert ? pki.other_host_cert : pki.server_cert,
                options.wrong_host_cert ? pki.other_host_key : pki.server_key,
                options.require_client_cert ? pki.ca_cert : ""};
  m_server = std::make_unique<TestServer>([this](httplib::Server& s) { routes(s); }, tls);
}

void FakeApiServer::routes(httplib::Server& s) {
  auto h = [this](const httplib::Request& req, httplib::Response& res) {
    if (admit(req, res)) handle(req, res);
  };
  s.Get(R"(/.*)", h);
  s.Patch(R"(/.*)", h);
  s.Delete(R"(/.*)", h);
  s.Post(R"(/.*)", h);
  s.Put(R"(/.*)", h);
}

bool FakeApiServer::admit(const httplib::Request& req, httplib::Response& res) {
  std::lock_guard lock(m_mutex);
  Recorded r{req.method, req.path, {}, req.get_header_value("Authorization"), req.get_header_value("Content-Type"),
             req.get_header_value("Accept"), req.body, client_cn(req), {}};
  for (const auto& [k, v] : req.headers) r.headers.emplace(k, v);
  for (const auto& [k, v] : req.params) {
    r.headers.emplace("?" + k, v);
    r.query += (r.query.empty() ? "" : "&") + k + "=" + v;
  }
  m_log.push_back(r);
  if (!m_authorizations.empty() && !m_options.require_client_cert && !m_authorizations.count(r.authorization)) {
    send_status(res, 401, "Unauthorized", "Unauthorized");
    return false;
  }
  const bool discovery = req.path == "/api" || req.path == "/apis" || req.path == "/api/v1" || segments(req.path).size() == 3;
  if (m_fail_count > 0 && !discovery) {
    --m_fail_count;
    if (!m_fail_retry_after.empty()) res.set_header("Retry-After", m_fail_retry_after);
    if (m_fail_plain) {
      res.status = m_fail_status;
      res.set_content("Too many requests, please try again later.\n", "text/plain");
    } else {
      send_status(res, m_fail_status, "InternalError", "injected fault");
    }
    return false;
  }
  return true;
}

const FakeApiServer::Resource* FakeApiServer::find(const std::string& group, const std::string& plural) const {
  for (const auto& r : m_resources) {
    if (r.group == group && r.plural == plural) return &r;
  }
  return nullptr;
}

std::string FakeApiServer::key(const std::string& group, const std::string& plural, const std::string& ns, const std::string& name) {
  return group + "|" + plural + "|" + ns + "|" + name;
}

void FakeApiServer::discovery(const httplib::Request& req, httplib::Response& res) {
  const bool core = req.path == "/api" || req.path == "/api/v1";
  const bool aggregated = m_options.aggregated && req.get_header_value("Accept").find("as=APIGroupDiscoveryList") != std::string::npos;
  if (aggregated && (req.path == "/api" || req.path == "/apis")) {
    std::map<std::string, json> groups;
    for (const auto& r : m_resources) {
      if (core != r.group.empty()) continue;
      json& g = groups[r.group];
      g["metadata"]["name"] = r.group;
      g["versions"][0]["version"] = r.version;
      g["versions"][0]["resources"].push_back({{"resource", r.plural}, {"responseKind", {{"group", r.group}, {"version", r.version}, {"kind", r.kind}}},
                                               {"scope", r.namespaced ? "Namespaced" : "Cluster"}, {"verbs", {"get", "list", "patch"}}});
    }
    json list{{"kind", "APIGroupDiscoveryList"}, {"apiVersion", "apidiscovery.k8s.io/v2"}, {"items", json::array()}};
    for (auto& [name, g] : groups) list["items"].push_back(g);
    res.set_content(list.dump(), k_aggregated_type);
    return;
  }
  if (req.path == "/api") return res.set_content(json{{"kind", "APIVersions"}, {"versions", {"v1"}}}.dump(), "application/json");
  if (req.path == "/apis") {
    json list{{"kind", "APIGroupList"}, {"groups", json::array()}};
    std::set<std::string> seen;
    for (const auto& r : m_resources) {
      if (r.group.empty() || !seen.insert(r.group).second) continue;
      json gv{{"groupVersion", r.group + "/" + r.version}, {"version", r.version}};
      list["groups"].push_back({{"name", r.group}, {"versions", {gv}}, {"preferredVersion", gv}});
    }
    return res.set_content(list.dump(), "application/json");
  }
  const auto seg = segments(req.path);
  const std::string group = core ? "" : seg[1];
  json list{{"kind", "APIResourceList"}, {"groupVersion", core ? "v1" : group + "/" + seg[2]}, {"resources", json::array()}};
  for (const auto& r : m_resources) {
    if (r.group != group) continue;
    list["resources"].push_back({{"name", r.plural}, {"namespaced", r.namespaced}, {"kind", r.kind}, {"verbs", {"get", "list"}}});
    list["resources"].push_back({{"name", r.plural + "/status"}, {"namespaced", r.namespaced}, {"kind", r.kind}});
  }
  res.set_content(list.dump(), "application/json");
}

void FakeApiServer::handle(const httplib::Request& req, httplib::Response& res) {
  std::unique_lock lock(m_mutex);
  auto seg = segments(req.path);
  if (req.path == "/api" || req.path == "/apis" || req.path == "/api/v1" || (seg.size() == 3 && seg[0] == "apis")) {
    return discovery(req, res);
  }
  const bool core = !seg.empty() && seg[0] == "api";
  const std::string group = core ? "" : (seg.size() > 1 ? seg[1] : "");
  std::vector<std::string> rest(seg.begin() + (core ? 2 : 3), seg.end());
  std::string ns;
  if (rest.size() >= 3 && rest[0] == "namespaces") {
    ns = rest[1];
    rest.erase(rest.begin(), rest.begin() + 2);
  }
  const Resource* r = rest.empty() ? nullptr : find(group, rest[0]);
  if (!r) return send_status(res, 404, "NotFound", "the server could not find the requested resource");
  const std::string name = rest.size() > 1 ? rest[1] : "";
  if (name.empty() && req.method == "GET") return list(*r, ns, req, res);
  auto it = m_objects.find(key(group, r->plural, ns, name));
  if (req.method == "PATCH") return apply(*r, ns, name, req, res);
  if (it == m_objects.end()) return send_status(res, 404, "NotFound", r->plural + " \"" + name + "\" not found");
  if (req.method == "DELETE") {
    m_objects.erase(it);
    return res.set_content(json{{"kind", "Status"}, {"status", "Success"}}.dump(), "application/json");
  }
  if (r->kind == "CustomResourceDefinition") poll_crd(it->second);
  res.set_content(it->second.dump(), "application/json");
}

void FakeApiServer::poll_crd(json& crd) {
  if (++m_crd_polls[crd["metadata"]["name"]] < m_options.crd_polls_until_established) return;
  crd["status"]["conditions"] = json::array({{{"type", "Established"}, {"status", "True"}}});
  const json spec = crd["spec"];
  const std::string group = spec.value("group", "");
  const std::string plural = spec["names"].value("plural", "");
  if (!find(group, plural)) {
    m_resources.push_back({group, spec["versions"][0].value("name", "v1"), plural, spec["names"].value("kind", ""),
                           spec.value("scope", "Namespaced") == "Namespaced"});
  }
}

// A watch on CRDs counts as one more poll of each CRD; those that turned Established are sent.
std::string FakeApiServer::crd_progress_events() {
  std::string body;
  for (auto& [k, v] : m_objects) {
    if (!k.starts_with("apiextensions.k8s.io|customresourcedefinitions|")) continue;
    const bool was = v.contains("status") && v["status"].contains("conditions");
    poll_crd(v);
    if (!was && v.contains("status") && v["status"].contains("conditions")) body += json{{"type", "MODIFIED"}, {"object", v}}.dump() + "\n";
  }
  return body;
}

void FakeApiServer::list(const Resource& r, const std::string& ns, const httplib::Request& req, httplib::Response& res) {
  if (req.get_param_value("watch") == "1") return watch(r, res);
  std::vector<json> items;
  const std::string prefix = key(r.group, r.plural, ns, "");
  for (auto& [k, v] : m_objects) {
    const bool in_scope = ns.empty() ? k.starts_with(r.group + "|" + r.plural + "|") : k.starts_with(prefix);
    if (!in_scope || !label_match(v, req.get_param_value("labelSelector"))) continue;
    if (r.kind == "CustomResourceDefinition") poll_crd(v);
    items.push_back(v);
  }
  const std::size_t offset = req.has_param("continue") ? std::stoul(req.get_param_value("continue")) : 0;
  const std::size_t limit = req.has_param("limit") ? std::stoul(req.get_param_value("limit")) : items.size();
  json list{{"kind", r.kind + "List"}, {"apiVersion", "v1"}, {"metadata", {{"resourceVersion", std::to_string(m_rv)}}}, {"items", json::array()}};
  for (std::size_t i = offset; i < items.size() && i < offset + limit; ++i) list["items"].push_back(items[i]);
  if (offset + limit < items.size()) list["metadata"]["continue"] = std::to_string(offset + limit);
  res.set_content(list.dump(), "application/json");
}

void FakeApiServer::watch(const Resource& r, httplib::Response& res) {
  if (m_expire_watch == 2) {
    m_expire_watch = 0;
    return send_status(res, 410, "Expired", "too old resource version");
  }
  std::string body;
  if (m_expire_watch == 1) {
    m_expire_watch = 0;
    body = json{{"type", "ERROR"}, {"object", {{"kind", "Status"}, {"code", 410}, {"reason", "Expired"}, {"message", "too old"}}}}.dump() + "\n";
  } else {
    body = json{{"type", "BOOKMARK"}, {"object", {{"metadata", {{"resourceVersion", std::to_string(++m_rv)}}}}}}.dump() + "\n";
    for (const auto& e : m_watch_events) body += e.dump() + "\n";
    m_watch_events.clear();
    if (r.kind == "CustomResourceDefinition") body += crd_progress_events();
  }
  auto shared = std::make_shared<std::string>(std::move(body));
  res.set_chunked_content_provider("application/json", [shared](size_t offset, httplib::DataSink& sink) {
    // Small chunks on purpose: the client must reassemble events cut anywhere.
    if (offset < shared->size()) {
      sink.write(shared->data() + offset, std::min<size_t>(7, shared->size() - offset));
    } else {
      sink.done();
    }
    return true;
  });
}

void FakeApiServer::apply(const Resource& r, const std::string& ns, const std::string& name, const httplib::Request& req,
                          httplib::Response& res) {
  if (req.get_header_value("Content-Type") != "application/apply-patch+yaml") return send_status(res, 415, "UnsupportedMediaType", "apply only");
  json body = json::parse(req.body, nullptr, false);
  if (!body.is_object()) return send_status(res, 400, "BadRequest", "body is not JSON");
  const bool force = req.get_param_value("force") == "true";
  const bool dry = req.get_param_value("dryRun") == "All";
  if (m_conflicts.count(name) && !force) {
    return send_status(res, 409, "Conflict", "Apply failed with 1 conflict: conflict with \"kubectl-edit\" using v1: .data.key",
                       json::array({{{"reason", "FieldManagerConflict"}, {"message", "conflict with \"kubectl-edit\" using v1"}, {"field", ".data.key"}}}));
  }
  const std::string k = key(r.group, r.plural, ns, name);
  auto it = m_objects.find(k);
  if (it == m_objects.end()) {
    json& meta = body["metadata"];
    meta["uid"] = "uid-" + std::to_string(m_rv);
    meta["resourceVersion"] = std::to_string(++m_rv);
    meta["generation"] = 1;
    meta["managedFields"] = json::array({{{"manager", req.get_param_value("fieldManager")}, {"operation", "Apply"}}});
    if (!r.namespaced) meta.erase("namespace");
    if (!dry) m_objects[k] = body;
    res.status = 201;
    return res.set_content(body.dump(), "application/json");
  }
  json merged = it->second;
  for (auto& [field, value] : body.items()) {
    if (field != "metadata" && field != "status") merged[field] = value;
  }
  for (const char* m : {"labels", "annotations"}) {
    if (body["metadata"].contains(m)) {
      merged["metadata"][m] = body["metadata"][m];
    } else {
      merged["metadata"].erase(m);
    }
  }
  if (merged != it->second) {
    merged["metadata"]["resourceVersion"] = std::to_string(dry ? m_rv : ++m_rv);
    if (!dry) it->second = merged;
  }
  res.set_content(merged.dump(), "application/json");
}

void FakeApiServer::accept_authorization(const std::string& value) {
  std::lock_guard lock(m_mutex);
  m_authorizations.insert(value);
}

void FakeApiServer::revoke_authorization(const std::string& value) {
  std::lock_guard lock(m_mutex);
  m_authorizations.erase(value);
}

void FakeApiServer::fail_next(int count, int status, const std::string& retry_after, bool plain_text) {
  std::lock_guard lock(m_mutex);
  m_fail_count = count;
  m_fail_status = status;
  m_fail_retry_after = retry_after;
  m_fail_plain = plain_text;
}

void FakeApiServer::conflict_on(const std::string& name) {
  std::lock_guard lock(m_mutex);
  m_conflicts.insert(name);
}

void FakeApiServer::expire_next_watch(bool as_http) {
  std::lock_guard lock(m_mutex);
  m_expire_watch = as_http ? 2 : 1;
}

void FakeApiServer::queue_watch_event(const std::string& type, const json& object) {
  std::lock_guard lock(m_mutex);
  m_watch_events.push_back({{"type", type}, {"object", object}});
}

void FakeApiServer::put(const std::string& group, const std::string& plural, json object) {
  std::lock_guard lock(m_mutex);
  object["metadata"]["resourceVersion"] = std::to_string(++m_rv);
  m_objects[key(group, plural, object["metadata"].value("namespace", ""), object["metadata"].value("name", ""))] = object;
}

std::optional<json> FakeApiServer::object(const std::string& group, const std::string& plural, const std::string& ns,
                                          const std::string& name) {
  std::lock_guard lock(m_mutex);
  const auto it = m_objects.find(key(group, plural, ns, name));
  return it == m_objects.end() ? std::nullopt : std::optional<json>(it->second);
}

std::vector<Recorded> FakeApiServer::requests() {
  std::lock_guard lock(m_mutex);
  return m_log;
}

int FakeApiServer::count(const std::string& method, const std::string& path_prefix) {
  std::lock_guard lock(m_mutex);
  int n = 0;
  for (const auto& r : m_log) n += r.method == method && r.path.starts_with(path_prefix);
  return n;
}

}  // namespace cococtl::test
