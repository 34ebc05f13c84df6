#include <cococtl/kbs/endpoint.hpp>
#include <cococtl/util/strings.hpp>

#include <algorithm>
#include <cctype>

namespace cococtl::kbs {

util::Result<std::string> normalize_url(std::string_view url) {
  const auto bad = [&](std::string_view why) {
    return util::invalid_input("KBS URL " + util::quote_for_message(url) + " " + std::string(why));
  };
  constexpr std::string_view scheme = "https://";
  if (!url.starts_with(scheme)) return bad("must start with https:// (TLS is always verified)");
  std::string_view rest = url.substr(scheme.size());
  const auto host_end = std::min(rest.find('/'), rest.size());
  if (host_end == 0 || rest.front() == ':') return bad("has no host");
  if (rest.find_first_of("?#@") != std::string_view::npos)
    return bad("must not have credentials, a query or a fragment");
  if (std::any_of(rest.begin(), rest.end(), [](unsigned char c) { return std::isspace(c) || std::iscntrl(c); })) {
    return bad("contains whitespace");
  }
  while (url.ends_with('/')) url.remove_suffix(1);
  return std::string(url);
}

}  // namespace cococtl::kbs
