#include <cococtl/manifest/yaml_io.hpp>
#include <cococtl/util/yaml.hpp>
#include <cococtl/util/yaml_json.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace cococtl::manifest {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// YAML 1.1 parsers (kubectl's go-yaml among them) read these plain words as booleans or null.
bool is_reserved_word(const std::string& text) {
  static const std::vector<std::string> k_words{"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"};
  return std::find(k_words.begin(), k_words.end(), lower(text)) != k_words.end();
}

bool can_be_plain(const std::string& text) {
  if (text.empty() || !(std::isalpha(static_cast<unsigned char>(text.front())) || text.front() == '/')) return false;
  // Starting with a letter or '/', only the reserved words could read back as non-strings.
  if (text.back() == ' ' || is_reserved_word(text)) return false;
  return std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/' || c == '=' || c == '@' || c == '+' ||
           c == ',' || c == ' ' || c == '(' || c == ')';
  });
}

bool can_be_literal_block(const std::string& text) {
  if (text.find('\n') == std::string::npos || text.front() == ' ' || text.front() == '\n') return false;
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f); });
}

std::string quoted(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string literal_block(const std::string& text, int indent) {
  std::size_t trailing = 0;
  while (trailing < text.size() && text[text.size() - 1 - trailing] == '\n') ++trailing;
  const std::string header = trailing == 0 ? "|-" : trailing == 1 ? "|" : "|+";
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  std::string out = header + "\n";
  std::size_t start = 0;
  const std::size_t end = text.size() - trailing;
  while (start <= end) {
    const auto nl = text.find('\n', start);
    const auto line_end = (nl == std::string::npos || nl > end) ? end : nl;
    const std::string line = text.substr(start, line_end - start);
    out += line.empty() ? "\n" : pad + line + "\n";
    if (line_end >= end) break;
    start = line_end + 1;
  }
  for (std::size_t i = 1; i < trailing; ++i) out += "\n";
  return out;
}

void emit(const nlohmann::json& value, int indent, std::string& out);

std::string scalar_text(const nlohmann::json& value, int indent) {
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (can_be_literal_block(text)) return literal_block(text, indent);
    return yaml_scalar(text) + "\n";
  }
  if (value.is_null()) return "null\n";
  return value.dump() + "\n";
}

bool is_nested(const nlohmann::json& v) { return (v.is_object() || v.is_array()) && !v.empty(); }

void emit_map(const nlohmann::json& map, int indent, std::string& out, bool first_inline) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  bool first = true;
  for (const auto& [key, value] : map.items()) {
    out += (first && first_inline) ? "" : pad;
    first = false;
    out += yaml_scalar(key) + ":";
    if (is_nested(value)) {
      out += "\n";
      emit(value, value.is_object() ? indent + 2 : indent, out);
    } else {
      out += " " + scalar_text(value, indent + 2);
    }
  }
}

void emit_list(const nlohmann::json& list, int indent, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  for (const auto& item : list) {
    out += pad + "- ";
    if (item.is_object() && !item.empty()) {
      emit_map(item, indent + 2, out, true);
    } else if (item.is_array() && !item.empty()) {
      out += "\n";
      emit_list(item, indent + 2, out);
    } else {
      out += scalar_text(item, indent + 2);
    }
  }
}

void emit(const nlohmann::json& value, int indent, std::string& out) {
  if (value.is_object() && !value.empty()) return emit_map(value, indent, out, false);
  if (value.is_array() && !value.empty()) return emit_list(value, indent, out);
  if (value.is_object()) out += std::string(static_cast<std::size_t>(indent), ' ') + "{}\n";
  else if (value.is_array()) out += std::string(static_cast<std::size_t>(indent), ' ') + "[]\n";
  else out += std::string(static_cast<std::size_t>(indent), ' ') + scalar_text(value, indent);
}

// The wave annotation and component label cococtl writes, read back (so `apply -f` of rendered
// files keeps render's order). A wave that is not an integer is refused.
util::Result<void> read_wave_and_component(Object& object) {
  const auto& meta = object.body["metadata"];
  const auto annotations = meta.value("annotations", nlohmann::json::object());
  if (const auto it = annotations.find(k_wave_annotation); it != annotations.end()) {
    const std::string text = it->is_string() ? it->get<std::string>() : it->dump();
    int wave = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), wave);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
      return util::invalid_input(fmt::format("{}: {}: annotation {}: \"{}\" is not an integer", object.source,
                                             object.display(), k_wave_annotation, text));
    }
    object.wave = wave;
  }
  const auto labels = meta.value("labels", nlohmann::json::object());
  if (const auto it = labels.find(k_component_label); it != labels.end() && it->is_string()) object.component = *it;
  return {};
}

}  // namespace

std::string yaml_scalar(const std::string& text) { return can_be_plain(text) ? text : quoted(text); }

std::string to_yaml(const nlohmann::json& value) {
  std::string out;
  if (value.is_object() && value.empty()) return "{}\n";
  if (value.is_array() && value.empty()) return "[]\n";
  emit(value, 0, out);
  return out;
}

util::Result<std::vector<Object>> parse_objects(std::string_view text, const std::string& source) {
  COCO_TRY_ASSIGN(auto docs, util::parse_yaml_json(text, source));
  std::vector<Object> objects;
  for (auto& doc : docs) {
    if (doc.value.is_null()) continue;
    const std::string where = fmt::format("{}:{}", source, doc.line);
    auto& body = doc.value;
    if (body.is_object() && body.value("kind", "") == "List" && body.contains("items") && body["items"].is_array()) {
      for (auto& item : body["items"]) objects.push_back({std::move(item), 0, where});
    } else {
      objects.push_back({std::move(body), 0, where});
    }
  }
  for (auto& object : objects) {
    COCO_TRY(check_object(object));
    COCO_TRY(read_wave_and_component(object));
  }
  return objects;
}

}  // namespace cococtl::manifest
