#include "yaml_events.hpp"

#include <cococtl/util/yaml_edit.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

namespace cococtl::util {
namespace {

// Where the sequence under the key lives, from libyaml's marks.
struct SequenceSpan {
  bool found = false;  // the key was seen at the top level
  bool block = false;  // its value is a block sequence
  std::size_t dash_column = 0;
  std::size_t items = 0;
  // Where the last scalar, alias or flow collection inside it ends. libyaml counts columns in
  // characters, so only the line is used as a byte position.
  std::size_t end_line = 0;
  std::size_t end_column = 0;
};

class SequenceFinder {
 public:
  explicit SequenceFinder(std::string_view key) : m_key(key) {}

  Result<void> on_event(const yaml_event_t& e) {
    const bool start = e.type == YAML_SEQUENCE_START_EVENT || e.type == YAML_MAPPING_START_EVENT;
    const bool end = e.type == YAML_SEQUENCE_END_EVENT || e.type == YAML_MAPPING_END_EVENT;
    const bool node = start || e.type == YAML_SCALAR_EVENT || e.type == YAML_ALIAS_EVENT;
    if (m_inside) track_inside(e, end, node);
    if (m_depth == 1 && node) on_top_level_node(e);
    if (start) ++m_depth, m_flow.push_back(is_flow(e));
    if (end) --m_depth, m_flow.pop_back();
    return {};
  }

  const SequenceSpan& span() const { return m_span; }

 private:
  // Nodes of the top-level map alternate: key, value, key...
  void on_top_level_node(const yaml_event_t& e) {
    if (m_expect_value && m_key_matched && e.type == YAML_SEQUENCE_START_EVENT) enter(e);
    if (!m_expect_value) {
      const std::string_view text =
          e.type == YAML_SCALAR_EVENT
              ? std::string_view(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length)
              : std::string_view();
      m_key_matched = e.type == YAML_SCALAR_EVENT && text == m_key;
      m_span.found = m_span.found || m_key_matched;
    }
    m_expect_value = !m_expect_value;
  }

  static bool is_flow(const yaml_event_t& e) {
    if (e.type == YAML_SEQUENCE_START_EVENT) return e.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
    if (e.type == YAML_MAPPING_START_EVENT) return e.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
    return false;
  }

  void enter(const yaml_event_t& e) {
    m_inside = true;
    m_span.block = !is_flow(e);
    m_span.dash_column = e.start_mark.column;  // a block sequence starts at its first dash
  }

  // Events inside the sequence; m_depth is 2 for its items (root map = 1, the sequence = 2).
  void track_inside(const yaml_event_t& e, bool end, bool node) {
    if (end && m_depth == 2) {  // the sequence itself ends
      m_inside = false;
      return;
    }
    if (m_depth == 2 && node) ++m_span.items;
    // Block collections end where the next token starts (after comments); only content counts.
    const bool content = e.type == YAML_SCALAR_EVENT || e.type == YAML_ALIAS_EVENT || (end && m_flow.back());
    if (content && std::tie(e.end_mark.line, e.end_mark.column) > std::tie(m_span.end_line, m_span.end_column)) {
      m_span.end_line = e.end_mark.line;
      m_span.end_column = e.end_mark.column;
    }
  }

  std::string_view m_key;
  SequenceSpan m_span;
  int m_depth = 0;  // open collections
  std::vector<bool> m_flow;
  bool m_expect_value = false;
  bool m_key_matched = false;
  bool m_inside = false;
};

// The start of the line after the one the last content ends on, so that a comment trailing that
// content stays with it. A block scalar ends after its line break (libyaml may already have read
// the next line's indentation): then the insertion goes at the start of that next line.
std::size_t insertion_point(std::string_view text, const SequenceSpan& span) {
  std::size_t line_start = 0;
  for (std::size_t line = 0; line < span.end_line && line_start < text.size(); ++line) {
    const auto newline = text.find('\n', line_start);
    line_start = newline == std::string_view::npos ? text.size() : newline + 1;
  }
  // Only spaces before the end: nothing of the content is on this line (spaces are one byte, so
  // the character column is a byte count here).
  const auto before = text.substr(line_start, std::min(span.end_column, text.size() - line_start));
  if (before.find_first_not_of(' ') == std::string_view::npos) return line_start;
  const auto newline = text.find('\n', line_start);
  return newline == std::string_view::npos ? text.size() : newline + 1;
}

std::string indented(std::string_view items, std::size_t column) {
  std::string out;
  const std::string pad(column, ' ');
  std::size_t start = 0;
  while (start < items.size()) {
    const auto nl = items.find('\n', start);
    const auto line = items.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    out += (line.empty() ? "" : pad) + std::string(line) + "\n";
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

}  // namespace

Result<std::string> append_to_block_sequence(std::string_view text, std::string_view source, std::string_view key,
                                             std::string_view items) {
  SequenceFinder finder(key);
  COCO_TRY(detail::for_each_yaml_event(text, source, [&finder](const yaml_event_t& e) { return finder.on_event(e); }));
  const SequenceSpan& span = finder.span();
  if (!span.found) return invalid_input(fmt::format("{}: no top-level key \"{}\"", source, key));
  if (!span.block || span.items == 0) {
    return invalid_input(fmt::format("{}: \"{}\" is not a list written one item per line (\"- ...\")", source, key));
  }
  const std::size_t at = insertion_point(text, span);
  std::string out(text.substr(0, at));
  if (!out.empty() && out.back() != '\n') out += '\n';  // the file had no final newline
  out += indented(items, span.dash_column);
  out += text.substr(at);
  return out;
}

}  // namespace cococtl::util
