// A recursive-descent TOML reader producing nlohmann::json. Written from the TOML 1.0
// specification for the subset listed in toml.hpp.
#include "kbs/toml.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <vector>

namespace cococtl::sim::kbs {
namespace {

using nlohmann::json;

bool is_bare_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Parser {
 public:
  explicit Parser(std::string_view text) : m_text(text) {}

  util::Result<json> document();

 private:
  bool at_end() const { return m_pos >= m_text.size(); }
  char peek(std::size_t ahead = 0) const { return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0'; }
  bool starts_with(std::string_view s) const { return m_text.substr(m_pos, s.size()) == s; }
  util::Error error(std::string_view what) const {
    return util::invalid_input(fmt::format("line {}: {}", m_line, what));
  }
  void skip_blanks() {
    while (peek() == ' ' || peek() == '\t') ++m_pos;
  }
  void skip_comment() {
    if (peek() != '#') return;
    while (!at_end() && peek() != '\n') ++m_pos;
  }
  // Skips blanks, comments and newlines (between statements and inside arrays).
  void skip_space_lines() {
    for (;;) {
      skip_blanks();
      skip_comment();
      if (peek() == '\r' && peek(1) == '\n') ++m_pos;
      if (peek() != '\n') return;
      ++m_pos;
      ++m_line;
    }
  }
  util::Result<void> end_of_line();
  util::Result<std::vector<std::string>> key_path();
  util::Result<std::string> simple_key();
  util::Result<json> value();
  util::Result<std::string> basic_string();
  util::Result<std::string> literal_string();
  util::Result<std::string> multiline_string(char quote);
  util::Result<void> escape(std::string& out);
  util::Result<json> number_or_bool();
  util::Result<json> array();
  util::Result<json> inline_table();
  util::Result<json*> table_at(const std::vector<std::string>& path, bool array_table);
  util::Result<void> assign(json& table, const std::vector<std::string>& path, json v);

  std::string_view m_text;
  std::size_t m_pos = 0;
  int m_line = 1;
  json m_root = json::object();
};

util::Result<void> Parser::end_of_line() {
  skip_blanks();
  skip_comment();
  if (at_end()) return {};
  if (peek() == '\r' && peek(1) == '\n') ++m_pos;
  if (peek() != '\n') return error("expected the end of the line");
  return {};
}

util::Result<std::string> Parser::simple_key() {
  if (peek() == '"') return basic_string();
  if (peek() == '\'') return literal_string();
  const std::size_t start = m_pos;
  while (is_bare_key_char(peek())) ++m_pos;
  if (m_pos == start) return error("expected a key");
  return std::string(m_text.substr(start, m_pos - start));
}

util::Result<std::vector<std::string>> Parser::key_path() {
  std::vector<std::string> path;
  for (;;) {
    skip_blanks();
    COCO_TRY_ASSIGN(auto part, simple_key());
    path.push_back(std::move(part));
    skip_blanks();
    if (peek() != '.') return path;
    ++m_pos;
  }
}

util::Result<void> Parser::escape(std::string& out) {
  const char c = peek();
  ++m_pos;
  switch (c) {
    case 'b':
      out += '\b';
      return {};
    case 't':
      out += '\t';
      return {};
    case 'n':
      out += '\n';
      return {};
    case 'f':
      out += '\f';
      return {};
    case 'r':
      out += '\r';
      return {};
    case '"':
      out += '"';
      return {};
    case '\\':
      out += '\\';
      return {};
    case 'u':
    case 'U': {
      const std::size_t digits = c == 'u' ? 4 : 8;
      if (m_pos + digits > m_text.size()) return error("truncated unicode escape");
      std::uint32_t cp = 0;
      for (std::size_t i = 0; i < digits; ++i) {
        const char h = m_text[m_pos + i];
        const int v = h >= '0' && h <= '9'                     ? h - '0'
                      : (h | 0x20) >= 'a' && (h | 0x20) <= 'f' ? (h | 0x20) - 'a' + 10
                                                               : -1;
        if (v < 0) return error("bad unicode escape");
        cp = cp * 16 + static_cast<std::uint32_t>(v);
      }
      m_pos += digits;
      if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return error("unicode escape is not a scalar value");
      append_utf8(out, cp);
      return {};
    }
    default:
      return error("unknown escape sequence in a string");
  }
}

util::Result<std::string> Parser::basic_string() {
  ++m_pos;  // opening quote
  std::string out;
  while (!at_end() && peek() != '"') {
    if (peek() == '\n') return error("newline in a single-line string");
    if (peek() == '\\') {
      ++m_pos;
      COCO_TRY(escape(out));
      continue;
    }
    out += peek();
    ++m_pos;
  }
  if (at_end()) return error("unterminated string");
  ++m_pos;
  return out;
}

util::Result<std::string> Parser::literal_string() {
  ++m_pos;
  const std::size_t start = m_pos;
  while (!at_end() && peek() != '\'' && peek() != '\n') ++m_pos;
  if (peek() != '\'') return error("unterminated literal string");
  std::string out(m_text.substr(start, m_pos - start));
  ++m_pos;
  return out;
}

util::Result<std::string> Parser::multiline_string(char quote) {
  m_pos += 3;
  if (peek() == '\r' && peek(1) == '\n') ++m_pos;
  if (peek() == '\n') {  // a newline right after the opening delimiter is trimmed
    ++m_pos;
    ++m_line;
  }
  const std::string close(3, quote);
  std::string out;
  while (!at_end()) {
    if (starts_with(close)) {
      m_pos += 3;
      for (int extra = 0; extra < 2 && peek() == quote; ++extra, ++m_pos) out += quote;  // """a"""" ends in a quote
      return out;
    }
    const char c = peek();
    if (c == '\n') ++m_line;
    if (quote == '"' && c == '\\') {
      ++m_pos;
      std::size_t look = m_pos;
      while (look < m_text.size() && (m_text[look] == ' ' || m_text[look] == '\t')) ++look;
      if (look < m_text.size() && (m_text[look] == '\n' || m_text[look] == '\r')) {  // line-ending backslash
        m_pos = look;
        skip_space_lines();
        continue;
      }
      COCO_TRY(escape(out));
      continue;
    }
    out += c;
    ++m_pos;
  }
  return error("unterminated multi-line string");
}

util::Result<json> Parser::number_or_bool() {
  const std::size_t start = m_pos;
  while (!at_end() && std::string_view(",]}# \t\r\n").find(peek()) == std::string_view::npos) ++m_pos;
  std::string word(m_text.substr(start, m_pos - start));
  if (word == "true") return json(true);
  if (word == "false") return json(false);
  if (word.empty()) return error("expected a value");
  if (word.size() >= 5 && word[4] == '-' && isdigit(static_cast<unsigned char>(word[0]))) {
    return error("date and time values are not supported");
  }
  std::string digits;
  for (char c : word) {
    if (c != '_') digits += c;
  }
  int base = 10;
  std::size_t skip = 0;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'o' || digits[1] == 'b')) {
    base = digits[1] == 'x' ? 16 : digits[1] == 'o' ? 8 : 2;
    skip = 2;
  }
  const bool is_float = base == 10 && digits.find_first_of(".eEn") != std::string::npos;
  errno = 0;
  char* end = nullptr;
  if (is_float) {
    const double v = std::strtod(digits.c_str(), &end);
    if (end != digits.c_str() + digits.size()) return error("bad number \"" + word + "\"");
    return json(v);
  }
  const long long v = std::strtoll(digits.c_str() + skip, &end, base);
  if (end != digits.c_str() + digits.size() || errno == ERANGE || digits.size() == skip) {
    return error("bad number \"" + word + "\"");
  }
  return json(v);
}

util::Result<json> Parser::array() {
  ++m_pos;
  json out = json::array();
  for (;;) {
    skip_space_lines();
    if (peek() == ']') break;
    COCO_TRY_ASSIGN(auto item, value());
    out.push_back(std::move(item));
    skip_space_lines();
    if (peek() == ',') {
      ++m_pos;
      continue;
    }
    if (peek() != ']') return error("expected ',' or ']' in an array");
    break;
  }
  ++m_pos;
  return out;
}

util::Result<json> Parser::inline_table() {
  ++m_pos;
  json out = json::object();
  skip_blanks();
  if (peek() == '}') {
    ++m_pos;
    return out;
  }
  for (;;) {
    COCO_TRY_ASSIGN(auto path, key_path());
    if (peek() != '=') return error("expected '=' after a key");
    ++m_pos;
    skip_blanks();
    COCO_TRY_ASSIGN(auto item, value());
    COCO_TRY(assign(out, path, std::move(item)));
    skip_blanks();
    if (peek() == '}') break;
    if (peek() != ',') return error("expected ',' or '}' in an inline table");
    ++m_pos;
  }
  ++m_pos;
  return out;
}

util::Result<json> Parser::value() {
  util::Result<std::string> text = util::failure("");
  if (starts_with("\"\"\"")) {
    text = multiline_string('"');
  } else if (starts_with("'''")) {
    text = multiline_string('\'');
  } else if (peek() == '"') {
    text = basic_string();
  } else if (peek() == '\'') {
    text = literal_string();
  } else {
    return peek() == '[' ? array() : peek() == '{' ? inline_table() : number_or_bool();
  }
  if (!text.ok()) return std::move(text).error();
  return json(std::move(text).value());
}

util::Result<void> Parser::assign(json& table, const std::vector<std::string>& path, json v) {
  json* node = &table;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    json& next = (*node)[path[i]];
    if (next.is_null()) next = json::object();
    if (!next.is_object()) return error("key \"" + path[i] + "\" is already a value");
    node = &next;
  }
  if (node->contains(path.back())) return error("key \"" + path.back() + "\" is defined twice");
  (*node)[path.back()] = std::move(v);
  return {};
}

util::Result<json*> Parser::table_at(const std::vector<std::string>& path, bool array_table) {
  json* node = &m_root;
  for (std::size_t i = 0; i < path.size(); ++i) {
    json& next = (*node)[path[i]];
    const bool last = i + 1 == path.size();
    if (last && array_table) {
      if (next.is_null()) next = json::array();
      if (!next.is_array()) return error("\"" + path[i] + "\" is not an array of tables");
      next.push_back(json::object());
      return &next.back();
    }
    if (next.is_null()) next = json::object();
    if (next.is_array() && !next.empty() && next.back().is_object()) {
      node = &next.back();
      continue;
    }
    if (!next.is_object()) return error("\"" + path[i] + "\" is already a value");
    node = &next;
  }
  return node;
}

util::Result<json> Parser::document() {
  json* current = &m_root;
  for (;;) {
    skip_space_lines();
    if (at_end()) return m_root;
    if (peek() == '[') {
      const bool array_table = peek(1) == '[';
      m_pos += array_table ? 2 : 1;
      COCO_TRY_ASSIGN(auto path, key_path());
      if (peek() != ']' || (array_table && peek(1) != ']')) return error("unterminated table header");
      m_pos += array_table ? 2 : 1;
      COCO_TRY_ASSIGN(current, table_at(path, array_table));
    } else {
      COCO_TRY_ASSIGN(auto path, key_path());
      if (peek() != '=') return error("expected '=' after a key");
      ++m_pos;
      skip_blanks();
      COCO_TRY_ASSIGN(auto v, value());
      COCO_TRY(assign(*current, path, std::move(v)));
    }
    COCO_TRY(end_of_line());
  }
}

}  // namespace

util::Result<json> parse_toml(std::string_view text) { return Parser(text).document(); }

}  // namespace cococtl::sim::kbs
