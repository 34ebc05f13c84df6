// Parsing one kubeconfig file into entries (kubectl's clientcmd v1 format).
#include "kubeconfig_reader.hpp"

#include <cococtl/kube/kubeconfig.hpp>
#include <cococtl/util/fs.hpp>

#include <fmt/format.h>

namespace cococtl::kube {
namespace {

using detail::EntryReader;

constexpr const char* k_exec_extension = "client.authentication.k8s.io/exec";

// Extension values arrive as YAML; the exec plugin wants them as JSON.
nlohmann::json to_json(const YAML::Node& node) {
  if (node.IsMap()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& kv : node) out[kv.first.Scalar()] = to_json(kv.second);
    return out;
  }
  if (node.IsSequence()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : node) out.push_back(to_json(item));
    return out;
  }
  if (node.IsScalar()) return node.Scalar();
  return nullptr;
}

util::Result<ClusterEntry> parse_cluster(const EntryReader& r) {
  ClusterEntry c;
  COCO_TRY_ASSIGN(c.server, r.str("server"));
  COCO_TRY_ASSIGN(c.certificate_authority, r.path("certificate-authority"));
  COCO_TRY_ASSIGN(c.certificate_authority_data, r.data("certificate-authority-data"));
  COCO_TRY_ASSIGN(c.insecure_skip_tls_verify, r.boolean("insecure-skip-tls-verify"));
  COCO_TRY_ASSIGN(c.tls_server_name, r.str("tls-server-name"));
  COCO_TRY_ASSIGN(c.proxy_url, r.str("proxy-url"));
  COCO_TRY_ASSIGN(c.disable_compression, r.boolean("disable-compression"));
  if (c.server.empty()) return r.error("server is missing");
  for (const auto& ext : r.child("extensions")) {
    if (ext.IsMap() && ext["name"] && ext["name"].Scalar() == k_exec_extension) c.exec_extension = to_json(ext["extension"]);
  }
  return c;
}

util::Result<ExecConfig> parse_exec(const EntryReader& user) {
  EntryReader r(user.child("exec"), user.file(), user.where() + " exec", user.dir());
  ExecConfig e;
  COCO_TRY_ASSIGN(e.command, r.str("command"));
  COCO_TRY_ASSIGN(e.args, r.strings("args"));
  COCO_TRY_ASSIGN(e.api_version, r.str("apiVersion"));
  COCO_TRY_ASSIGN(e.install_hint, r.str("installHint"));
  COCO_TRY_ASSIGN(e.provide_cluster_info, r.boolean("provideClusterInfo"));
  COCO_TRY_ASSIGN(e.interactive_mode, r.str("interactiveMode"));
  if (e.command.empty()) return r.error("command is missing");
  if (e.command.find('/') != std::string::npos) {
    COCO_TRY_ASSIGN(e.command, r.path("command"));
  }
  if (e.api_version != "client.authentication.k8s.io/v1" && e.api_version != "client.authentication.k8s.io/v1beta1") {
    return r.error(fmt::format("apiVersion \"{}\" is not supported (use client.authentication.k8s.io/v1)", e.api_version));
  }
  if (e.interactive_mode.empty()) {
    if (e.api_version.ends_with("/v1")) return r.error("interactiveMode is required for client.authentication.k8s.io/v1");
    e.interactive_mode = "IfAvailable";
  }
  if (e.interactive_mode != "Never" && e.interactive_mode != "IfAvailable" && e.interactive_mode != "Always") {
    return r.error(fmt::format("interactiveMode \"{}\" must be Never, IfAvailable or Always", e.interactive_mode));
  }
  for (const auto& var : r.child("env")) {
    if (!var.IsMap() || !var["name"]) return r.error("env entries need a name");
    e.env.emplace_back(var["name"].Scalar(), var["value"] ? var["value"].Scalar() : "");
  }
  return e;
}

util::Result<void> parse_impersonation(const EntryReader& r, UserEntry& u) {
  COCO_TRY_ASSIGN(u.impersonate, r.str("as"));
  COCO_TRY_ASSIGN(u.impersonate_uid, r.str("as-uid"));
  COCO_TRY_ASSIGN(u.impersonate_groups, r.strings("as-groups"));
  const YAML::Node extra = r.child("as-user-extra");
  if (!extra.IsNull() && !extra.IsMap()) return r.error("as-user-extra must be a map of lists");
  for (const auto& kv : extra) {
    EntryReader list(extra, r.file(), r.where(), r.dir());
    COCO_TRY_ASSIGN(u.impersonate_extra[kv.first.Scalar()], list.strings(kv.first.Scalar().c_str()));
  }
  return {};
}

util::Result<UserEntry> parse_user(const EntryReader& r) {
  UserEntry u;
  COCO_TRY_ASSIGN(u.client_certificate, r.path("client-certificate"));
  COCO_TRY_ASSIGN(u.client_certificate_data, r.data("client-certificate-data"));
  COCO_TRY_ASSIGN(u.client_key, r.path("client-key"));
  COCO_TRY_ASSIGN(u.client_key_data, r.data("client-key-data"));
  COCO_TRY_ASSIGN(u.token, r.str("token"));
  COCO_TRY_ASSIGN(u.token_file, r.path("tokenFile"));
  COCO_TRY_ASSIGN(u.username, r.str("username"));
  COCO_TRY_ASSIGN(u.password, r.str("password"));
  COCO_TRY(parse_impersonation(r, u));
  if (!r.child("exec").IsNull()) {
    COCO_TRY_ASSIGN(u.exec, parse_exec(r));
  }
  const YAML::Node provider = r.child("auth-provider");
  if (!provider.IsNull()) {
    EntryReader p(provider, r.file(), r.where() + " auth-provider", r.dir());
    COCO_TRY_ASSIGN(u.auth_provider, p.str("name"));
    for (const auto& kv : p.child("config")) u.auth_provider_config[kv.first.Scalar()] = kv.second.IsScalar() ? kv.second.Scalar() : "";
  }
  return u;
}

util::Result<ContextEntry> parse_context(const EntryReader& r) {
  ContextEntry c;
  COCO_TRY_ASSIGN(c.cluster, r.str("cluster"));
  COCO_TRY_ASSIGN(c.user, r.str("user"));
  COCO_TRY_ASSIGN(c.namespace_name, r.str("namespace"));
  return c;
}

// Walks one named list (clusters/users/contexts), keeping the first entry of each name.
template <typename Named, typename Parse>
util::Result<void> parse_list(const YAML::Node& root, const char* list, const char* inner, const std::string& file,
                              std::map<std::string, Named>& out, Parse parse) {
  const YAML::Node items = root[list];
  if (!items || items.IsNull()) return {};
  const auto dir = std::filesystem::path(file).parent_path();
  if (!items.IsSequence()) return util::invalid_input(fmt::format("kubeconfig {}: {} must be a list", file, list));
  std::size_t index = 0;
  for (const auto& item : items) {
    const std::string name = item.IsMap() && item["name"] && item["name"].IsScalar() ? item["name"].Scalar() : "";
    const std::string where = name.empty() ? fmt::format("{}[{}]", list, index) : fmt::format("{}[{}] \"{}\"", list, index, name);
    ++index;
    if (name.empty()) return util::invalid_input(fmt::format("kubeconfig {}: {}: name is missing", file, where));
    const YAML::Node body = item[inner];
    if (body && !body.IsNull() && !body.IsMap()) {
      return util::invalid_input(fmt::format("kubeconfig {}: {}: {} must be a map", file, where, inner));
    }
    COCO_TRY_ASSIGN(auto value, parse(EntryReader(body ? body : YAML::Node(YAML::NodeType::Map), file, where, dir)));
    out.try_emplace(name, Named{name, std::move(value), file});
  }
  return {};
}

}  // namespace

util::Result<Kubeconfig> parse_kubeconfig_file(const std::string& path) {
  COCO_TRY_ASSIGN(const std::string text, util::read_file(path));
  const std::string file = std::filesystem::absolute(path).lexically_normal().string();
  try {
    const YAML::Node root = YAML::Load(text);
    Kubeconfig config;
    config.files.push_back(file);
    if (!root || root.IsNull()) return config;
    if (!root.IsMap()) return util::invalid_input(fmt::format("kubeconfig {}: not a kubeconfig (expected a map)", file));
    COCO_TRY(parse_list(root, "clusters", "cluster", file, config.clusters, parse_cluster));
    COCO_TRY(parse_list(root, "users", "user", file, config.users, parse_user));
    COCO_TRY(parse_list(root, "contexts", "context", file, config.contexts, parse_context));
    if (root["current-context"] && root["current-context"].IsScalar()) config.current_context = root["current-context"].Scalar();
    return config;
  } catch (const YAML::Exception& e) {
    return util::invalid_input(fmt::format("kubeconfig {}:{}:{}: {}", file, e.mark.line + 1, e.mark.column + 1, e.msg));
  }
}

}  // namespace cococtl::kube
