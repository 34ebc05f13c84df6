#pragma once
// kubeconfig as kubectl reads it: file selection (--kubeconfig, KUBECONFIG merge, ~/.kube/config),
// first-definition-wins merging, context selection, relative paths, in-cluster fallback.

#include <cococtl/util/result.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cococtl::kube {

struct ExecConfig {
  std::string command;  // resolved against the kubeconfig's folder when relative with a '/'
  std::vector<std::string> args{};
  std::vector<std::pair<std::string, std::string>> env{};
  std::string api_version{};       // client.authentication.k8s.io/v1 or v1beta1
  std::string install_hint{};
  bool provide_cluster_info = false;
  std::string interactive_mode{};  // Never | IfAvailable | Always
};

struct ClusterEntry {
  std::string server;
  std::string certificate_authority{};       // absolute path
  std::string certificate_authority_data{};  // decoded PEM
  bool insecure_skip_tls_verify = false;
  std::string tls_server_name{};
  std::string proxy_url{};
  bool disable_compression = false;
  nlohmann::json exec_extension{};  // extensions[name=client.authentication.k8s.io/exec].extension
};

struct UserEntry {
  std::string client_certificate{};       // absolute path
  std::string client_certificate_data{};  // decoded PEM
  std::string client_key{};
  std::string client_key_data{};
  std::string token{};
  std::string token_file{};
  std::string username{};
  std::string password{};
  std::string impersonate{};
  std::string impersonate_uid{};
  std::vector<std::string> impersonate_groups{};
  std::map<std::string, std::vector<std::string>> impersonate_extra{};
  std::optional<ExecConfig> exec{};
  std::string auth_provider{};  // only "oidc" (its id-token) is supported
  std::map<std::string, std::string> auth_provider_config{};
};

struct ContextEntry {
  std::string cluster;
  std::string user{};
  std::string namespace_name{};
};

// The selected connection: what one context resolves to.
struct RestConfig {
  std::string context_name;
  std::string cluster_name;
  std::string user_name;
  std::string namespace_name = "default";
  ClusterEntry cluster;
  UserEntry user;
  std::string source;  // the file the context came from, or "in-cluster"
};

struct LoadOptions {
  std::string kubeconfig;  // --kubeconfig: that file only, must exist, no merging
  std::string context;     // --context: instead of current-context
  std::string namespace_override{};
  // Environment, injectable for tests; nullopt reads the real environment.
  std::optional<std::string> kubeconfig_env{};  // $KUBECONFIG
  std::optional<std::string> home{};            // for ~/.kube/config
  std::optional<std::string> service_host{};    // $KUBERNETES_SERVICE_HOST
  std::optional<std::string> service_port{};    // $KUBERNETES_SERVICE_PORT
  std::optional<std::string> pod_namespace{};   // $POD_NAMESPACE
  std::string in_cluster_dir = "/var/run/secrets/kubernetes.io/serviceaccount";
};

struct NamedCluster { std::string name; ClusterEntry value; std::string file; };
struct NamedUser { std::string name; UserEntry value; std::string file; };
struct NamedContext { std::string name; ContextEntry value; std::string file; };

// Every file merged: the first file that defines a name wins (whole entry); the first file
// that sets current-context wins.
struct Kubeconfig {
  std::vector<std::string> files;
  std::map<std::string, NamedCluster> clusters;
  std::map<std::string, NamedUser> users;
  std::map<std::string, NamedContext> contexts;
  std::string current_context;
};

// Parses one kubeconfig file (relative paths resolved against its folder). Fails with
// invalid_input naming the file and the bad entry ("users[1] \"alice\": client-key-data is not base64").
util::Result<Kubeconfig> parse_kubeconfig_file(const std::string& path);

// Loads and merges the files kubectl would read. Fails with invalid_input when --kubeconfig
// is missing or unreadable, or a file is malformed. No file at all gives an empty Kubeconfig.
util::Result<Kubeconfig> load_kubeconfig(const LoadOptions& options);

// Resolves the context to use (options.context, else current-context) into a RestConfig; with
// no kubeconfig at all, falls back to the in-cluster service account. Fails with invalid_input
// naming the file and entry for unknown contexts/clusters/users and contradictory settings
// (CA with insecure-skip-tls-verify, basic auth with a token, unsupported auth providers).
util::Result<RestConfig> load_rest_config(const LoadOptions& options);

}  // namespace cococtl::kube
