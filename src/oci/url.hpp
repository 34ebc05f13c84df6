#pragma once
// The little URL handling a registry client needs: origins (for the Authorization rule on
// redirects), resolving Location headers, and query encoding.

#include <string>
#include <string_view>

namespace cococtl::oci {

// "scheme://host[:port]" of an absolute URL, lower-cased, default ports made explicit
// ("https://a" and "https://A:443" give the same origin). "" when `url` is not absolute.
std::string url_origin(std::string_view url);

// The URL a Location header points to, relative to `base` (absolute, "/path" or "path").
std::string resolve_location(std::string_view base, std::string_view location);

// True for http:// URLs whose host is loopback (127.0.0.0/8, ::1, localhost).
bool is_loopback_http_url(std::string_view url);

// Percent-encodes a query value (RFC 3986 unreserved characters kept).
std::string url_encode(std::string_view text);

// `url` with "?" or "&" and `query` appended.
std::string append_query(std::string url, std::string_view query);

}  // namespace cococtl::oci
