#include "yaml_events.hpp"
#include "yaml_scalar.hpp"

#include <cococtl/util/yaml_json.hpp>

#include <fmt/format.h>

#include <map>
#include <set>

namespace cococtl::util {
namespace {

constexpr std::size_t k_max_nodes = 1'000'000;
constexpr std::size_t k_max_depth = 64;

struct Frame {
  nlohmann::json value;
  std::string anchor;
  std::string key;  // the pending key of a map (when have_key)
  bool have_key = false;
  std::set<std::string> keys;
  std::map<std::string, std::size_t> key_lines;
};

std::size_t count_nodes(const nlohmann::json& v) {
  std::size_t n = 1;
  if (v.is_structured()) {
    for (const auto& item : v) n += count_nodes(item);
  }
  return n;
}

class Builder {
 public:
  explicit Builder(std::string_view source) : m_source(source) {}

  Result<void> on_event(const yaml_event_t& e) {
    if (++m_nodes > k_max_nodes) return fail(e, "too many nodes (alias bomb?)", false);
    switch (e.type) {
      case YAML_DOCUMENT_START_EVENT: m_doc_line = static_cast<int>(e.start_mark.line) + 1; return {};
      case YAML_DOCUMENT_END_EVENT: m_docs.push_back({std::move(m_root), m_doc_line}); m_root = nullptr; return {};
      case YAML_SCALAR_EVENT: return on_scalar(e);
      case YAML_SEQUENCE_START_EVENT: return push(e, nlohmann::json::array(), e.data.sequence_start.anchor);
      case YAML_MAPPING_START_EVENT: return push(e, nlohmann::json::object(), e.data.mapping_start.anchor);
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: return pop(e);
      case YAML_ALIAS_EVENT: return on_alias(e);
      default: return {};
    }
  }

  std::vector<JsonDocument> take() { return std::move(m_docs); }

 private:
  Error fail(const yaml_event_t& e, const std::string& what, bool with_position = true) const {
    if (!with_position) return invalid_input(fmt::format("{}: {}", m_source, what));
    return invalid_input(fmt::format("{}:{}:{}: {}", m_source, e.start_mark.line + 1, e.start_mark.column + 1, what));
  }

  Result<void> on_scalar(const yaml_event_t& e) {
    const std::string text(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
    if (!m_stack.empty() && m_stack.back().value.is_object() && !m_stack.back().have_key) return set_key(e, text);
    const auto* tag = reinterpret_cast<const char*>(e.data.scalar.tag);
    const bool typed = e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && (!tag || std::string_view(tag) == "!");
    nlohmann::json value = typed ? detail::typed_plain_scalar(text) : nlohmann::json(text);
    remember(e.data.scalar.anchor, value);
    return add(e, std::move(value));
  }

  Result<void> set_key(const yaml_event_t& e, const std::string& key) {
    Frame& map = m_stack.back();
    const auto line = e.start_mark.line + 1;
    if (!map.keys.insert(key).second) {
      return fail(e, fmt::format("duplicate key \"{}\" (first defined at line {})", key, map.key_lines[key]));
    }
    map.key_lines[key] = line;
    map.key = key;
    map.have_key = true;
    return {};
  }

  Result<void> push(const yaml_event_t& e, nlohmann::json value, const yaml_char_t* anchor) {
    if (!m_stack.empty() && m_stack.back().value.is_object() && !m_stack.back().have_key) {
      return fail(e, "mapping keys must be strings");
    }
    if (m_stack.size() >= k_max_depth) return fail(e, fmt::format("nesting deeper than {}", k_max_depth));
    m_stack.push_back({std::move(value), anchor ? reinterpret_cast<const char*>(anchor) : "", "", false, {}, {}});
    return {};
  }

  Result<void> pop(const yaml_event_t& e) {
    Frame frame = std::move(m_stack.back());
    m_stack.pop_back();
    if (!frame.anchor.empty()) m_anchors[frame.anchor] = frame.value;
    return add(e, std::move(frame.value));
  }

  Result<void> on_alias(const yaml_event_t& e) {
    const std::string name(reinterpret_cast<const char*>(e.data.alias.anchor));
    const auto it = m_anchors.find(name);
    if (it == m_anchors.end()) return fail(e, fmt::format("unknown alias *{}", name));
    m_nodes += count_nodes(it->second);
    if (m_nodes > k_max_nodes) return fail(e, "too many nodes (alias bomb?)", false);
    if (!m_stack.empty() && m_stack.back().value.is_object() && !m_stack.back().have_key) {
      if (!it->second.is_string()) return fail(e, "mapping keys must be strings");
      return set_key(e, it->second.get<std::string>());
    }
    return add(e, it->second);
  }

  void remember(const yaml_char_t* anchor, const nlohmann::json& value) {
    if (anchor) m_anchors[reinterpret_cast<const char*>(anchor)] = value;
  }

  Result<void> add(const yaml_event_t&, nlohmann::json value) {
    if (m_stack.empty()) {
      m_root = std::move(value);
      return {};
    }
    Frame& top = m_stack.back();
    if (top.value.is_array()) {
      top.value.push_back(std::move(value));
    } else {
      top.value[top.key] = std::move(value);
      top.have_key = false;
    }
    return {};
  }

  std::string_view m_source;
  std::vector<Frame> m_stack;
  std::map<std::string, nlohmann::json> m_anchors;
  std::vector<JsonDocument> m_docs;
  nlohmann::json m_root;
  int m_doc_line = 1;
  std::size_t m_nodes = 0;
};

}  // namespace

Result<std::vector<JsonDocument>> parse_yaml_json(std::string_view text, std::string_view source) {
  if (const auto bad = detail::first_binary_byte(text); bad != std::string_view::npos) {
    return invalid_input(fmt::format("{}: not a YAML text file (binary or non-UTF-8 byte at offset {})", source, bad));
  }
  Builder builder(source);
  COCO_TRY(
      detail::for_each_yaml_event(text, source, [&builder](const yaml_event_t& e) { return builder.on_event(e); }));
  return builder.take();
}

}  // namespace cococtl::util
