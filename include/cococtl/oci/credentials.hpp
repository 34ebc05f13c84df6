#pragma once
// Registry credentials from containers-auth.json / Docker config.json / OpenShift pull-secret
// files, looked up in podman's order with cococtl's pull-secret convention added.

#include <cococtl/oci/reference.hpp>
#include <cococtl/util/result.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cococtl::oci {

struct Credential {
  std::string username;
  std::string password;        // may be empty when identity_token is set
  std::string identity_token;  // OAuth2 refresh token ("identitytoken"), or empty
  std::string source;          // "<file> (key \"<key>\")", for messages; never the secret
};

// The process environment the lookup reads, captured once so tests can supply their own.
struct CredentialEnvironment {
  std::string registry_auth_file;  // $REGISTRY_AUTH_FILE
  std::string pull_secret;         // $PULL_SECRET
  std::string xdg_runtime_dir;     // $XDG_RUNTIME_DIR
  std::string xdg_config_home;     // $XDG_CONFIG_HOME
  std::string docker_config;       // $DOCKER_CONFIG (a folder)
  std::filesystem::path home;

  // Reads the variables above and the home folder of the current process.
  static CredentialEnvironment from_process();
};

struct AuthFileCandidate {
  std::filesystem::path path;
  std::string origin;   // "--auth-file", "$REGISTRY_AUTH_FILE", "default", ...
  bool required;        // named explicitly: a missing file is an error
  bool legacy_dockercfg;  // ~/.dockercfg: the auths map without the "auths" wrapper
};

// The files to search, first wins: `auth_file_flag`, $REGISTRY_AUTH_FILE, $PULL_SECRET,
// ~/pull-secret.json, $XDG_RUNTIME_DIR/containers/auth.json,
// ${XDG_CONFIG_HOME:-~/.config}/containers/auth.json, ${DOCKER_CONFIG:-~/.docker}/config.json,
// ~/.dockercfg. Never fails.
std::vector<AuthFileCandidate> auth_file_candidates(const std::string& auth_file_flag, const CredentialEnvironment& env);

// The most specific credential for `ref` in one auth file's text: keys host/ns/repo, …,
// host/ns, host are tried in that order (URL keys reduced to their host, Docker Hub aliases
// folded). nullopt when no usable entry matches. Fails (invalid_input) when the text is not
// an auth file (bad JSON, wrong shapes, undecodable "auth"), naming `path` but no secret.
util::Result<std::optional<Credential>> find_credential_in_text(std::string_view text, const std::string& path,
                                                                const Reference& ref, bool legacy_dockercfg);

// Searches `candidates` in order and returns the first match; nullopt means anonymous.
// Fails (invalid_input) when a required file is missing or any file read is malformed.
util::Result<std::optional<Credential>> find_credential(const Reference& ref,
                                                        const std::vector<AuthFileCandidate>& candidates);

}  // namespace cococtl::oci
