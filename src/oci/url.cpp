#include "url.hpp"

#include <cococtl/oci/reference.hpp>

#include <fmt/format.h>

#include <cctype>

namespace cococtl::oci {
namespace {

struct UrlParts {
  std::string scheme;
  std::string authority;  // host[:port]
  std::string rest;       // path?query, starting with '/' (or empty)
};

bool split_url(std::string_view url, UrlParts& out) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return false;
  out.scheme = std::string(url.substr(0, scheme_end));
  for (auto& c : out.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto after = url.substr(scheme_end + 3);
  const auto path = after.find_first_of("/?#");
  out.authority = std::string(after.substr(0, path));
  out.rest = path == std::string_view::npos ? "" : std::string(after.substr(path));
  if (const auto at = out.authority.rfind('@'); at != std::string::npos) out.authority.erase(0, at + 1);
  for (auto& c : out.authority) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return !out.authority.empty();
}

bool has_port(std::string_view authority) {
  const auto colon = authority.rfind(':');
  return colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos;
}

}  // namespace

std::string url_origin(std::string_view url) {
  UrlParts parts;
  if (!split_url(url, parts)) return "";
  auto authority = parts.authority;
  if (!has_port(authority)) authority += parts.scheme == "http" ? ":80" : parts.scheme == "https" ? ":443" : "";
  return parts.scheme + "://" + authority;
}

std::string resolve_location(std::string_view base, std::string_view location) {
  UrlParts probe;
  if (split_url(location, probe)) return std::string(location);
  UrlParts parts;
  if (!split_url(base, parts)) return std::string(location);
  if (location.starts_with("//")) return fmt::format("{}:{}", parts.scheme, location);
  if (location.starts_with('/')) return fmt::format("{}://{}{}", parts.scheme, parts.authority, location);
  const std::string_view path = std::string_view(parts.rest).substr(0, parts.rest.find_first_of("?#"));
  const auto slash = path.rfind('/');
  const std::string_view dir = slash == std::string_view::npos ? std::string_view("/") : path.substr(0, slash + 1);
  return fmt::format("{}://{}{}{}", parts.scheme, parts.authority, dir, location);
}

bool is_loopback_http_url(std::string_view url) {
  UrlParts parts;
  return split_url(url, parts) && parts.scheme == "http" && is_loopback_registry(parts.authority);
}

std::string url_encode(std::string_view text) {
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string append_query(std::string url, std::string_view query) {
  url += url.find('?') == std::string::npos ? '?' : '&';
  url += query;
  return url;
}

}  // namespace cococtl::oci
