// Choosing kubeconfig files, merging them, and resolving one context (clientcmd loader rules).
#include <cococtl/kube/kubeconfig.hpp>
#include <cococtl/util/fs.hpp>
#include <cococtl/util/strings.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <set>

namespace cococtl::kube {
namespace {

std::optional<std::string> env_or(const std::optional<std::string>& injected, const char* name) {
  if (injected) return injected;
  const char* value = std::getenv(name);
  return value ? std::optional<std::string>(value) : std::nullopt;
}

// The files kubectl would read, in precedence order (duplicates removed).
std::vector<std::string> candidate_files(const LoadOptions& options) {
  const auto env = env_or(options.kubeconfig_env, "KUBECONFIG");
  std::vector<std::string> files;
  if (env && !env->empty()) {
    std::set<std::string> seen;
    for (const auto& part : util::split(*env, ':')) {
      if (!part.empty() && seen.insert(part).second) files.push_back(part);
    }
    return files;
  }
  const std::filesystem::path home = options.home ? std::filesystem::path(*options.home) : util::home_directory();
  files.push_back((home / ".kube" / "config").string());
  return files;
}

void merge_into(Kubeconfig& merged, Kubeconfig&& next) {
  merged.files.insert(merged.files.end(), next.files.begin(), next.files.end());
  for (auto& [name, entry] : next.clusters) merged.clusters.try_emplace(name, std::move(entry));
  for (auto& [name, entry] : next.users) merged.users.try_emplace(name, std::move(entry));
  for (auto& [name, entry] : next.contexts) merged.contexts.try_emplace(name, std::move(entry));
  if (merged.current_context.empty()) merged.current_context = next.current_context;
}

std::vector<std::string> names_of(const auto& map) {
  std::vector<std::string> names;
  for (const auto& [name, entry] : map) names.push_back(name);
  return names;
}

util::Result<void> check_user(const UserEntry& u, const std::string& where) {
  if (!u.username.empty() && (!u.token.empty() || !u.token_file.empty())) {
    return util::invalid_input(where + ": username/password or bearer token may be set, but not both");
  }
  if (!u.auth_provider.empty() && u.auth_provider != "oidc") {
    return util::invalid_input(fmt::format("{}: auth-provider \"{}\" is not supported (it was removed from kubectl; use an exec plugin)",
                                           where, u.auth_provider));
  }
  if (u.auth_provider == "oidc" && u.auth_provider_config.count("id-token") == 0) {
    return util::invalid_input(where + ": auth-provider oidc has no id-token (run your OIDC login first)");
  }
  const bool has_cert = !u.client_certificate.empty() || !u.client_certificate_data.empty();
  const bool has_key = !u.client_key.empty() || !u.client_key_data.empty();
  if (has_cert != has_key) return util::invalid_input(where + ": a client certificate needs both the certificate and the key");
  return {};
}

util::Result<void> check_cluster(const ClusterEntry& c, const std::string& where) {
  const bool has_ca = !c.certificate_authority.empty() || !c.certificate_authority_data.empty();
  if (has_ca && c.insecure_skip_tls_verify) {
    return util::invalid_input(where + ": specifying a root certificates file with the insecure flag is not allowed");
  }
  if (!c.server.starts_with("https://") && !c.server.starts_with("http://")) {
    return util::invalid_input(fmt::format("{}: server \"{}\" must be an http(s):// URL", where, c.server));
  }
  return {};
}

util::Result<RestConfig> resolve_context(const Kubeconfig& config, const LoadOptions& options) {
  const std::string name = options.context.empty() ? config.current_context : options.context;
  const std::string files = util::join(config.files, ", ");
  if (name.empty()) return util::invalid_input(fmt::format("kubeconfig {}: no current-context is set and no --context was given", files));
  const auto context = config.contexts.find(name);
  if (context == config.contexts.end()) {
    const auto names = names_of(config.contexts);
    return util::invalid_input(fmt::format("kubeconfig {}: context \"{}\" not found{}", files, name, util::did_you_mean(name, names)));
  }
  const auto& ctx = context->second;
  const std::string where = fmt::format("kubeconfig {}: context \"{}\"", ctx.file, name);
  const auto cluster = config.clusters.find(ctx.value.cluster);
  if (cluster == config.clusters.end()) {
    return util::invalid_input(fmt::format("{} refers to cluster \"{}\", which is not defined", where, ctx.value.cluster));
  }
  RestConfig rest{name, ctx.value.cluster, ctx.value.user, "default", cluster->second.value, {}, ctx.file};
  if (!ctx.value.user.empty()) {
    const auto user = config.users.find(ctx.value.user);
    if (user == config.users.end()) return util::invalid_input(fmt::format("{} refers to user \"{}\", which is not defined", where, ctx.value.user));
    rest.user = user->second.value;
    COCO_TRY(check_user(rest.user, fmt::format("kubeconfig {}: user \"{}\"", user->second.file, ctx.value.user)));
  }
  COCO_TRY(check_cluster(rest.cluster, fmt::format("kubeconfig {}: cluster \"{}\"", cluster->second.file, ctx.value.cluster)));
  if (!ctx.value.namespace_name.empty()) rest.namespace_name = ctx.value.namespace_name;
  return rest;
}

std::optional<RestConfig> in_cluster(const LoadOptions& options) {
  const auto host = env_or(options.service_host, "KUBERNETES_SERVICE_HOST");
  const auto port = env_or(options.service_port, "KUBERNETES_SERVICE_PORT");
  const auto dir = std::filesystem::path(options.in_cluster_dir);
  std::error_code ec;
  if (!host || !port || host->empty() || port->empty() || !std::filesystem::exists(dir / "token", ec)) return std::nullopt;
  const bool v6 = host->find(':') != std::string::npos;
  RestConfig rest{"in-cluster", "in-cluster", "in-cluster", "default", {}, {}, "in-cluster"};
  rest.cluster.server = fmt::format("https://{}{}{}:{}", v6 ? "[" : "", *host, v6 ? "]" : "", *port);
  rest.cluster.certificate_authority = (dir / "ca.crt").string();
  rest.user.token_file = (dir / "token").string();  // projected tokens rotate: re-read like a tokenFile
  if (const auto ns = env_or(options.pod_namespace, "POD_NAMESPACE"); ns && !ns->empty()) {
    rest.namespace_name = *ns;
  } else if (auto file = util::read_file(dir / "namespace", 4096); file.ok() && !util::trim(*file).empty()) {
    rest.namespace_name = std::string(util::trim(*file));
  }
  return rest;
}

}  // namespace

util::Result<Kubeconfig> load_kubeconfig(const LoadOptions& options) {
  if (!options.kubeconfig.empty()) {
    return parse_kubeconfig_file(util::expand_user(options.kubeconfig).string()).context("--kubeconfig");
  }
  Kubeconfig merged;
  for (const auto& file : candidate_files(options)) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) continue;
    COCO_TRY_ASSIGN(auto one, parse_kubeconfig_file(file));
    merge_into(merged, std::move(one));
  }
  return merged;
}

util::Result<RestConfig> load_rest_config(const LoadOptions& options) {
  COCO_TRY_ASSIGN(const Kubeconfig config, load_kubeconfig(options));
  util::Result<RestConfig> rest = util::invalid_input("");
  if (config.files.empty()) {
    auto pod = in_cluster(options);
    if (!pod) {
      const auto files = candidate_files(options);
      return util::invalid_input(fmt::format("no kubeconfig found (looked for {}) and not running in a cluster; "
                                             "pass --kubeconfig or set KUBECONFIG", util::join(files, ", ")));
    }
    rest = std::move(*pod);
  } else {
    rest = resolve_context(config, options);
  }
  if (rest.ok() && !options.namespace_override.empty()) rest->namespace_name = options.namespace_override;
  return rest;
}

}  // namespace cococtl::kube
