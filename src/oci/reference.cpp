#include <cococtl/oci/reference.hpp>

#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>

namespace cococtl::oci {
namespace {

constexpr std::size_t k_max_name_length = 255;
constexpr std::size_t k_max_tag_length = 128;

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_lower_hex(char c) { return (c >= 'a' && c <= 'f') || (c >= '0' && c <= '9'); }

// One path component: [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*
bool valid_component(std::string_view part) {
  if (part.empty() || !is_lower_alnum(part.front()) || !is_lower_alnum(part.back())) return false;
  for (std::size_t i = 0; i < part.size(); ++i) {
    const char c = part[i];
    if (is_lower_alnum(c)) continue;
    if (c == '-' && (is_lower_alnum(part[i + 1]) || part[i + 1] == '-')) continue;
    if (c == '.' && is_lower_alnum(part[i + 1])) continue;
    if (c == '_' && is_lower_alnum(part[i + 1])) continue;
    if (c == '_' && part[i + 1] == '_' && is_lower_alnum(part[i + 2]) && part[i - 1] != '_') continue;
    return false;
  }
  return true;
}

bool valid_repository(std::string_view repo) {
  if (repo.empty() || repo.size() > k_max_name_length) return false;
  const auto parts = util::split(repo, '/');
  return std::all_of(parts.begin(), parts.end(), [](const std::string& p) { return valid_component(p); });
}

bool valid_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > k_max_tag_length) return false;
  const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  if (!word(tag.front())) return false;
  return std::all_of(tag.begin(), tag.end(), [&](char c) { return word(c) || c == '.' || c == '-'; });
}

bool valid_port(std::string_view port) {
  return !port.empty() && port.size() <= 5 &&
         std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool valid_hostname(std::string_view host) {
  if (host.empty()) return false;
  for (const auto& label : util::split(host, '.')) {
    if (label.empty() || label.front() == '-' || label.back() == '-') return false;
    const auto ok = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; };
    if (!std::all_of(label.begin(), label.end(), ok)) return false;
  }
  return true;
}

bool valid_registry(std::string_view registry) {
  if (registry.starts_with('[')) {
    const auto close = registry.find(']');
    if (close == std::string_view::npos || close < 3) return false;
    const auto inside = registry.substr(1, close - 1);
    const auto hex_or_colon = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == ':'; };
    if (!std::all_of(inside.begin(), inside.end(), hex_or_colon)) return false;
    const auto rest = registry.substr(close + 1);
    return rest.empty() || (rest.front() == ':' && valid_port(rest.substr(1)));
  }
  const auto colon = registry.find(':');
  if (colon == std::string_view::npos) return valid_hostname(registry);
  return valid_hostname(registry.substr(0, colon)) && valid_port(registry.substr(colon + 1));
}

// Docker's rule: the first component names a registry when it contains '.' or ':', is
// "localhost", or has upper-case letters; otherwise the image lives on Docker Hub.
bool looks_like_registry(std::string_view first) {
  if (first == "localhost" || first.find_first_of(".:[") != std::string_view::npos) return true;
  return std::any_of(first.begin(), first.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

util::Error bad(std::string_view text, std::string_view why) {
  return util::invalid_input(fmt::format("invalid image reference {}: {}", util::quote_for_message(text), why));
}

}  // namespace

bool is_valid_digest(std::string_view digest) {
  constexpr std::string_view prefix = "sha256:";
  if (!digest.starts_with(prefix) || digest.size() != prefix.size() + 64) return false;
  return std::all_of(digest.begin() + prefix.size(), digest.end(), is_lower_hex);
}

util::Result<Reference> parse_reference(std::string_view text) {
  Reference ref;
  std::string_view rest = util::trim(text);
  if (rest.empty()) return bad(text, "it is empty");
  if (rest.find("://") != std::string_view::npos) return bad(text, "give registry/repository[:tag], without a scheme");
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    ref.digest = std::string(rest.substr(at + 1));
    if (!is_valid_digest(ref.digest)) return bad(text, "the digest must be sha256: followed by 64 lowercase hex digits");
    rest = rest.substr(0, at);
  }
  const auto slash = rest.find('/');
  if (slash != std::string_view::npos && looks_like_registry(rest.substr(0, slash))) {
    ref.registry = std::string(rest.substr(0, slash));
    rest = rest.substr(slash + 1);
    if (!valid_registry(ref.registry)) return bad(text, fmt::format("bad registry host \"{}\"", ref.registry));
  } else {
    ref.registry = std::string(k_docker_hub);
  }
  if (ref.registry == "index.docker.io" || ref.registry == "registry-1.docker.io") ref.registry = k_docker_hub;
  const auto colon = rest.rfind(':');
  if (colon != std::string_view::npos) {
    ref.tag = std::string(rest.substr(colon + 1));
    if (!valid_tag(ref.tag)) return bad(text, "a tag is 1-128 of [A-Za-z0-9_.-], not starting with . or -");
    rest = rest.substr(0, colon);
  }
  ref.repository = std::string(rest);
  if (ref.registry == k_docker_hub && ref.repository.find('/') == std::string::npos) {
    ref.repository = "library/" + ref.repository;
  }
  if (!valid_repository(ref.repository)) {
    return bad(text, "repository names are lowercase [a-z0-9] words separated by '/', '.', '_', '__' or '-'");
  }
  if (ref.tag.empty() && ref.digest.empty()) ref.tag = "latest";
  return ref;
}

std::string Reference::name() const { return registry + "/" + repository; }

std::string Reference::str() const {
  std::string out = name();
  if (!tag.empty()) out += ":" + tag;
  if (!digest.empty()) out += "@" + digest;
  return out;
}

std::string Reference::manifest_reference() const { return digest.empty() ? tag : digest; }

std::string Reference::api_host() const { return registry == k_docker_hub ? "registry-1.docker.io" : registry; }

Reference Reference::with_digest(std::string pinned_digest) const {
  Reference pinned = *this;
  pinned.digest = std::move(pinned_digest);
  return pinned;
}

std::string registry_host(std::string_view registry) {
  if (registry.starts_with('[')) {
    const auto close = registry.find(']');
    return std::string(registry.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
  }
  return std::string(registry.substr(0, registry.find(':')));
}

bool is_loopback_registry(std::string_view registry) {
  const auto host = registry_host(registry);
  in_addr v4{};
  if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  return host == "localhost" || host == "::1";
}

}  // namespace cococtl::oci
