#include "sim/admission/kyverno_variables.hpp"

#include <cococtl/util/strings.hpp>

namespace cococtl::sim::kyverno {
namespace {

// Splits `a.b."c.d".e` into its names; nullopt when a quote is unterminated or a name empty.
std::optional<std::vector<std::string>> path_names(std::string_view path) {
  std::vector<std::string> out;
  std::string name;
  bool quoted = false;
  for (const char c : path) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == '.' && !quoted) {
      if (name.empty()) return std::nullopt;
      out.push_back(std::move(name));
      name.clear();
    } else {
      name += c;
    }
  }
  if (quoted || name.empty()) return std::nullopt;
  out.push_back(std::move(name));
  return out;
}

std::optional<json> evaluate(std::string_view expression, const json& document, std::string& error) {
  std::string path(util::trim(expression));
  std::optional<json> fallback;
  if (const auto bar = path.find("||"); bar != std::string::npos) {
    std::string literal(util::trim(std::string_view(path).substr(bar + 2)));
    if (literal.size() < 2 || literal.front() != '\'' || literal.back() != '\'') {
      error = "unsupported default in \"" + std::string(expression) + "\" (only 'literal' is modelled)";
      return std::nullopt;
    }
    fallback = literal.substr(1, literal.size() - 2);
    path = std::string(util::trim(std::string_view(path).substr(0, bar)));
  }
  const auto names = path_names(path);
  if (!names) {
    error = "unsupported expression \"" + std::string(expression) + "\"";
    return std::nullopt;
  }
  const json* at = &document;
  for (const auto& n : *names) {
    if (!at->is_object() || !at->contains(n) || (*at)[n].is_null()) {
      if (fallback) return fallback;
      error = "failed to resolve " + path + " at path " + n;
      return std::nullopt;
    }
    at = &(*at)[n];
  }
  return *at;
}

}  // namespace

std::optional<json> substitute(const std::string& text, const json& document, std::string& error) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto open = text.find("{{", pos);
    if (open == std::string::npos) break;
    const auto close = text.find("}}", open);
    if (close == std::string::npos) {
      error = "unterminated variable in \"" + text + "\"";
      return std::nullopt;
    }
    auto value = evaluate(std::string_view(text).substr(open + 2, close - open - 2), document, error);
    if (!value) return std::nullopt;
    if (open == 0 && close + 2 == text.size()) return value;  // a lone expression keeps its type
    out += text.substr(pos, open - pos) + (value->is_string() ? value->get<std::string>() : value->dump());
    pos = close + 2;
  }
  out += text.substr(pos);
  return json(out);
}

std::optional<json> substitute_all(const json& value, const json& document, std::string& error) {
  if (value.is_string()) return substitute(value.get<std::string>(), document, error);
  if (!value.is_object() && !value.is_array()) return value;
  json out = value;
  for (auto it = out.begin(); it != out.end(); ++it) {
    auto replaced = substitute_all(*it, document, error);
    if (!replaced) return std::nullopt;
    *it = std::move(*replaced);
  }
  return out;
}

}  // namespace cococtl::sim::kyverno
