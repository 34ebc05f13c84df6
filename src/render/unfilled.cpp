#include <cococtl/crypto/encoding.hpp>
#include <cococtl/render/render.hpp>
#include <cococtl/render/unfilled.hpp>

#include <fmt/format.h>

namespace cococtl::render {
namespace {

constexpr std::string_view k_redaction_prefix = "<redacted sha256:";
constexpr std::string_view k_placeholder_prefix = "PLACEHOLDER(";

// "kbs-tls-key" from "...PLACEHOLDER(kbs-tls-key): run ..."; "" when `text` has no placeholder.
std::string placeholder_name(std::string_view text) {
  const auto start = text.find(k_placeholder_prefix);
  if (start == std::string_view::npos) return "";
  const auto name = text.substr(start + k_placeholder_prefix.size());
  return std::string(name.substr(0, name.find(')')));
}

void check_text(std::string_view text, const std::string& field, std::vector<Unfilled>& out) {
  if (text.find(k_redaction_prefix) != std::string_view::npos) out.push_back({field, "a redacted value"});
  if (const auto name = placeholder_name(text); !name.empty()) out.push_back({field, "a placeholder for " + name});
}

// Secret `data` is base64: a placeholder render encoded is only visible once decoded.
void check_secret_data(const nlohmann::json& data, std::vector<Unfilled>& out) {
  for (const auto& [key, value] : data.items()) {
    if (!value.is_string()) continue;
    const std::string field = ".data." + key;
    const auto text = value.get<std::string>();
    const auto decoded = crypto::base64_decode(text);
    check_text(decoded.ok() ? *decoded : text, field, out);
  }
}

void walk(const nlohmann::json& node, const std::string& field, std::vector<Unfilled>& out) {
  if (node.is_string()) return check_text(node.get_ref<const std::string&>(), field, out);
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) walk(value, fmt::format("{}.{}", field, key), out);
  } else if (node.is_array()) {
    for (std::size_t i = 0; i < node.size(); ++i) walk(node[i], fmt::format("{}[{}]", field, i), out);
  }
}

}  // namespace

std::string redaction_marker(std::string_view digest) { return fmt::format("{}{}>", k_redaction_prefix, digest); }

std::string placeholder_for(const std::string& name) {
  return fmt::format("{}{}): run cococtl secrets generate", k_placeholder_prefix, name);
}

std::vector<Unfilled> find_unfilled(const manifest::Object& object) {
  std::vector<Unfilled> out;
  if (!object.body.is_object()) return out;
  const bool secret = object.kind() == "Secret" && object.api_version() == "v1";
  for (const auto& [key, value] : object.body.items()) {
    if (secret && key == "data" && value.is_object()) {
      check_secret_data(value, out);
    } else {
      walk(value, "." + key, out);
    }
  }
  return out;
}

}  // namespace cococtl::render
