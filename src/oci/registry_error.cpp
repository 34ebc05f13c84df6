#include <cococtl/oci/registry_error.hpp>

#include <cococtl/util/strings.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace cococtl::oci {
namespace {

// Registry text is untrusted: keep printable ASCII, replace the rest, cap the length.
std::string plain(std::string_view text, std::size_t max_len) {
  std::string out;
  for (const unsigned char c : text.substr(0, max_len)) out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
  if (text.size() > max_len) out += "...";
  return out;
}

}  // namespace

std::vector<RegistryError> parse_registry_errors(std::string_view body) {
  std::vector<RegistryError> out;
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return out;
  const auto errors = doc.find("errors");
  if (errors == doc.end() || !errors->is_array()) return out;
  for (const auto& e : *errors) {
    if (!e.is_object()) continue;
    RegistryError error;
    error.code = e.value("code", std::string());
    error.message = e.value("message", std::string());
    if (const auto d = e.find("detail"); d != e.end() && !d->is_null()) error.detail = d->dump();
    out.push_back(std::move(error));
  }
  return out;
}

std::string describe_registry_error(int status, std::string_view body) {
  const auto errors = parse_registry_errors(body);
  if (errors.empty()) {
    const auto text = util::trim(body);
    if (text.empty()) return fmt::format("HTTP {}", status);
    return fmt::format("HTTP {}: {}", status, plain(text.substr(0, text.find('\n')), 200));
  }
  std::vector<std::string> parts;
  for (const auto& e : errors) {
    const auto code = e.code.empty() ? fmt::format("HTTP {}", status) : e.code;
    auto part = e.message.empty() ? code : fmt::format("{}: {}", code, e.message);
    parts.push_back(plain(part, 300));
  }
  return util::join(parts, "; ");
}

}  // namespace cococtl::oci
