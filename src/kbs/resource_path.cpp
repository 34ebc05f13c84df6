#include <cococtl/kbs/resource_path.hpp>
#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

#include <cctype>

namespace cococtl::kbs {
namespace {

// Trustee's segment rule: [A-Za-z0-9_-]+[A-Za-z0-9_.-]*, i.e. no leading '.'.
bool valid_segment(std::string_view segment) {
  if (segment.empty() || segment.front() == '.') return false;
  for (const char c : segment) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') return false;
  }
  return true;
}

}  // namespace

util::Result<ResourcePath> parse_resource_path(std::string_view text) {
  const std::string_view original = text;
  if (text.starts_with("kbs:///")) text.remove_prefix(7);
  const auto parts = util::split(text, '/');
  const auto bad = [&](const std::string& why) {
    return util::invalid_input(fmt::format("resource path {}: {}", util::quote_for_message(original), why));
  };
  if (parts.size() != 3) return bad("expected REPOSITORY/TYPE/TAG (three segments)");
  for (const auto& part : parts) {
    if (!valid_segment(part))
      return bad(fmt::format("segment {} must be letters, digits, '_', '-' or '.' and not start with '.'",
                             util::quote_for_message(part)));
  }
  return ResourcePath{parts[0], parts[1], parts[2]};
}

}  // namespace cococtl::kbs
