#include <cococtl/oci/credentials.hpp>

#include <cococtl/crypto/encoding.hpp>

#include <cococtl/util/fs.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <system_error>

namespace cococtl::oci {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::uintmax_t k_auth_file_limit = 4 * 1024 * 1024;

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string fold_docker_hub(std::string host) {
  if (host == "index.docker.io" || host == "registry-1.docker.io") return std::string(k_docker_hub);
  return host;
}

// Auth-file keys written as URLs ("https://index.docker.io/v1/") count for their host only.
std::string normalise_key(std::string_view key) {
  std::string_view stripped = key;
  for (const std::string_view scheme : {"http://", "https://"}) {
    if (stripped.starts_with(scheme)) {
      stripped.remove_prefix(scheme.size());
      stripped = stripped.substr(0, stripped.find('/'));
      break;
    }
  }
  const auto slash = stripped.find('/');
  if (slash == std::string_view::npos) return fold_docker_hub(std::string(stripped));
  return fold_docker_hub(std::string(stripped.substr(0, slash))) + std::string(stripped.substr(slash));
}

// host/ns/sub/repo, host/ns/sub, host/ns, host.
std::vector<std::string> lookup_keys(const Reference& ref) {
  std::vector<std::string> keys;
  std::string key = ref.name();
  while (true) {
    keys.push_back(key);
    const auto slash = key.rfind('/');
    if (slash == std::string::npos || key.size() <= ref.registry.size()) break;
    key.resize(slash);
  }
  return keys;
}

util::Error malformed(const std::string& path, const std::string& why) {
  return util::invalid_input(fmt::format("auth file {} is malformed: {}", path, why));
}

// One "auths" entry → a credential, nullopt for entries that carry none (helper markers).
util::Result<std::optional<Credential>> decode_entry(const json& entry, const std::string& path,
                                                     const std::string& key) {
  if (!entry.is_object()) return malformed(path, fmt::format("entry \"{}\" is not an object", key));
  Credential cred;
  cred.source = fmt::format("{} (key \"{}\")", path, key);
  const auto text = [&](const char* name) { return entry.contains(name) && entry[name].is_string() ? entry[name].get<std::string>() : ""; };
  if (const auto auth = text("auth"); !auth.empty()) {
    auto decoded = crypto::base64_decode(auth);
    if (!decoded) return malformed(path, fmt::format("entry \"{}\": \"auth\" is not valid base64", key));
    const auto colon = decoded->find(':');
    if (colon == std::string::npos) return std::optional<Credential>{};
    cred.username = decoded->substr(0, colon);
    cred.password = decoded->substr(colon + 1);
    while (!cred.password.empty() && cred.password.back() == '\0') cred.password.pop_back();
  } else {
    cred.username = text("username");
    cred.password = text("password");
  }
  cred.identity_token = text("identitytoken");
  if (cred.username.empty() && cred.password.empty() && cred.identity_token.empty()) return std::optional<Credential>{};
  return std::optional<Credential>{std::move(cred)};
}

void warn_about_helpers(const json& doc, const std::string& path, const Reference& ref) {
  const auto helpers = doc.find("credHelpers");
  if (helpers != doc.end() && helpers->is_object() && helpers->contains(ref.registry)) {
    spdlog::warn("{}: credential helpers (credHelpers) are not supported; using its \"auths\" entries only", path);
  } else if (doc.contains("credsStore")) {
    spdlog::debug("{}: credsStore is not supported; using its \"auths\" entries only", path);
  }
}

}  // namespace

CredentialEnvironment CredentialEnvironment::from_process() {
  return {env_or_empty("REGISTRY_AUTH_FILE"), env_or_empty("PULL_SECRET"), env_or_empty("XDG_RUNTIME_DIR"),
          env_or_empty("XDG_CONFIG_HOME"),    env_or_empty("DOCKER_CONFIG"), util::home_directory()};
}

std::vector<AuthFileCandidate> auth_file_candidates(const std::string& flag, const CredentialEnvironment& env) {
  std::vector<AuthFileCandidate> out;
  const auto add = [&](const fs::path& path, std::string origin, bool required, bool legacy = false) {
    out.push_back({path, std::move(origin), required, legacy});
  };
  if (!flag.empty()) add(util::expand_user(flag), "--auth-file", true);
  if (!env.registry_auth_file.empty()) add(util::expand_user(env.registry_auth_file), "$REGISTRY_AUTH_FILE", true);
  if (!env.pull_secret.empty()) add(util::expand_user(env.pull_secret), "$PULL_SECRET", true);
  add(env.home / "pull-secret.json", "default", false);
  if (!env.xdg_runtime_dir.empty()) add(fs::path(env.xdg_runtime_dir) / "containers/auth.json", "default", false);
  const fs::path config_home = env.xdg_config_home.empty() ? env.home / ".config" : fs::path(env.xdg_config_home);
  add(config_home / "containers/auth.json", "default", false);
  const fs::path docker_dir = env.docker_config.empty() ? env.home / ".docker" : fs::path(env.docker_config);
  add(docker_dir / "config.json", "default", false);
  add(env.home / ".dockercfg", "default", false, true);
  return out;
}

util::Result<std::optional<Credential>> find_credential_in_text(std::string_view text, const std::string& path,
                                                                const Reference& ref, bool legacy_dockercfg) {
  const auto doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return malformed(path, "not valid JSON");
  if (!doc.is_object()) return malformed(path, "the top level is not a JSON object");
  if (!legacy_dockercfg) warn_about_helpers(doc, path, ref);
  const json* auths = &doc;
  if (!legacy_dockercfg) {
    const auto it = doc.find("auths");
    if (it == doc.end()) return std::optional<Credential>{};
    if (!it->is_object()) return malformed(path, "\"auths\" is not an object");
    auths = &*it;
  }
  for (const auto& wanted : lookup_keys(ref)) {
    for (const auto& [key, entry] : auths->items()) {
      if (normalise_key(key) != wanted) continue;
      COCO_TRY_ASSIGN(auto cred, decode_entry(entry, path, key));
      if (cred) return cred;
    }
  }
  return std::optional<Credential>{};
}

util::Result<std::optional<Credential>> find_credential(const Reference& ref,
                                                        const std::vector<AuthFileCandidate>& candidates) {
  for (const auto& candidate : candidates) {
    std::error_code ec;
    if (!fs::exists(candidate.path, ec)) {
      if (candidate.required) {
        return util::invalid_input(fmt::format("auth file {} (from {}) does not exist", candidate.path.string(), candidate.origin));
      }
      continue;
    }
    COCO_TRY_ASSIGN(auto text, util::read_file(candidate.path, k_auth_file_limit));
    COCO_TRY_ASSIGN(auto cred, find_credential_in_text(text, candidate.path.string(), ref, candidate.legacy_dockercfg));
    if (cred) {
      spdlog::debug("registry {}: using credentials from {}", ref.registry, cred->source);
      return cred;
    }
  }
  spdlog::debug("registry {}: no credentials found, trying anonymous access", ref.registry);
  return std::optional<Credential>{};
}

}  // namespace cococtl::oci
