#include "kbs/rego.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

namespace cococtl::sim::kbs {
namespace {

using Kind = RegoToken::Kind;

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

struct Lexed {
  RegoTokens tokens;
  std::vector<int> lines;
};

util::Result<std::string> lex_string(std::string_view text, std::size_t& i, int line) {
  const char quote = text[i++];
  std::string raw;
  while (i < text.size() && text[i] != quote) {
    if (quote == '"' && text[i] == '\n') break;
    if (quote == '"' && text[i] == '\\' && i + 1 < text.size()) raw += text[i++];
    raw += text[i++];
  }
  if (i >= text.size() || text[i] != quote)
    return util::invalid_input(fmt::format("line {}: unterminated string", line));
  ++i;
  if (quote == '`') return raw;
  auto decoded = nlohmann::json::parse("\"" + raw + "\"", nullptr, false);
  if (decoded.is_discarded()) return util::invalid_input(fmt::format("line {}: bad string escape", line));
  return decoded.get<std::string>();
}

util::Result<Lexed> lex(std::string_view text) {
  Lexed out;
  int line = 1;
  auto push = [&](Kind kind, std::string s) {
    out.tokens.push_back({kind, std::move(s)});
    out.lines.push_back(line);
  };
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '\n') {
      push(Kind::newline, "\n");
      ++line;
      ++i;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '"' || c == '`') {
      COCO_TRY_ASSIGN(std::string s, lex_string(text, i, line));
      push(Kind::string, std::move(s));
    } else if (ident_start(c)) {
      const std::size_t start = i;
      while (i < text.size() && ident_char(text[i])) ++i;
      push(Kind::identifier, std::string(text.substr(start, i - start)));
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      const std::size_t start = i;
      while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
      push(Kind::number, std::string(text.substr(start, i - start)));
    } else {
      static constexpr std::string_view two[] = {":=", "==", "!=", ">=", "<="};
      const auto op =
          std::find_if(std::begin(two), std::end(two), [&](std::string_view o) { return text.substr(i, 2) == o; });
      if (op != std::end(two)) {
        push(Kind::op, std::string(*op));
        i += 2;
      } else if (std::string_view("{}[](),.;:=<>|&+-*/%").find(c) != std::string_view::npos) {
        push(Kind::op, std::string(1, c));
        ++i;
      } else {
        return util::invalid_input(fmt::format("line {}: unexpected character '{}'", line, c));
      }
    }
  }
  return out;
}

bool is_op(const RegoToken& t, std::string_view op) { return t.kind == Kind::op && t.text == op; }
bool is_word(const RegoToken& t, std::string_view w) { return t.kind == Kind::identifier && t.text == w; }

int depth_change(const RegoToken& t) {
  if (t.kind != Kind::op) return 0;
  if (t.text == "{" || t.text == "[" || t.text == "(") return 1;
  if (t.text == "}" || t.text == "]" || t.text == ")") return -1;
  return 0;
}

// Splits the tokens inside a body's braces into expressions at depth-0 newlines and ';'.
std::vector<RegoTokens> split_body(const RegoTokens& inner) {
  std::vector<RegoTokens> out(1);
  int depth = 0;
  for (const auto& t : inner) {
    if (depth == 0 && (t.kind == Kind::newline || is_op(t, ";"))) {
      if (!out.back().empty()) out.emplace_back();
      continue;
    }
    depth += depth_change(t);
    out.back().push_back(t);
  }
  if (out.back().empty()) out.pop_back();
  return out;
}

util::Result<RegoRule> make_rule(const RegoTokens& stmt, int line) {
  RegoRule rule;
  rule.line = line;
  std::size_t body_start = stmt.size();
  int depth = 0;
  for (std::size_t i = 0; i < stmt.size(); ++i) {
    if (depth == 0 && is_word(stmt[i], "if")) {
      body_start = i;
      break;
    }
    depth += depth_change(stmt[i]);
  }
  const bool old_style =
      body_start == stmt.size() && stmt.size() > 1 && stmt[0].kind == Kind::identifier && is_op(stmt[1], "{");
  if (old_style) body_start = 1;
  for (std::size_t i = 0; i < body_start; ++i) {
    if (stmt[i].kind != Kind::newline) rule.head.push_back(stmt[i]);
  }
  if (body_start == stmt.size()) return rule;
  rule.has_body = true;
  std::size_t i = old_style ? body_start : body_start + 1;
  while (i < stmt.size() && stmt[i].kind == Kind::newline) ++i;
  if (i >= stmt.size()) return util::invalid_input(fmt::format("line {}: rule without a body", line));
  if (!is_op(stmt[i], "{")) {  // `allow if input.x`: a one-expression body
    RegoTokens single(stmt.begin() + static_cast<long>(i), stmt.end());
    rule.body = split_body(single);
    return rule;
  }
  std::size_t close = i;
  for (depth = 0; close < stmt.size(); ++close) {
    depth += depth_change(stmt[close]);
    if (depth == 0) break;
  }
  for (std::size_t k = close + 1; k < stmt.size(); ++k) {
    if (stmt[k].kind != Kind::newline) {
      return util::invalid_input(fmt::format("line {}: \"{}\" after a rule body is not supported", line, stmt[k].text));
    }
  }
  rule.body = split_body(RegoTokens(stmt.begin() + static_cast<long>(i) + 1, stmt.begin() + static_cast<long>(close)));
  return rule;
}

// Renders tokens in normal form (see normal_form()).
std::string render(const RegoTokens& tokens, bool head) {
  std::vector<std::string> words;
  int depth = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const RegoToken& t = tokens[i];
    const bool ref_before =
        i > 0 && (tokens[i - 1].kind == Kind::identifier || is_op(tokens[i - 1], "]") || is_op(tokens[i - 1], ")"));
    if (is_op(t, "[") && ref_before && i + 2 < tokens.size() && tokens[i + 1].kind == Kind::string &&
        is_op(tokens[i + 2], "]") && !tokens[i + 1].text.empty() && ident_start(tokens[i + 1].text[0]) &&
        std::all_of(tokens[i + 1].text.begin(), tokens[i + 1].text.end(), ident_char)) {
      words.push_back(".");
      words.push_back(tokens[i + 1].text);
      i += 2;
      continue;
    }
    depth += depth_change(t);
    if (t.kind == Kind::newline) {
      if (!words.empty() && words.back() != ";" && words.back() != "{") words.push_back(";");
      continue;
    }
    if (is_op(t, "}") && !words.empty() && words.back() == ";") words.pop_back();
    if (head && depth == 0 && is_op(t, "=")) {
      words.push_back(":=");
    } else {
      words.push_back(t.kind == Kind::string ? nlohmann::json(t.text).dump() : t.text);
    }
  }
  std::string out;
  for (const auto& w : words) {
    if (!out.empty() && w != "." && out.back() != '.') out += ' ';
    out += w;
  }
  return out;
}

}  // namespace

util::Result<RegoModule> parse_rego(std::string_view text) {
  COCO_TRY_ASSIGN(Lexed lexed, lex(text));
  RegoModule module;
  RegoTokens stmt;
  int depth = 0, line = 1;
  auto flush = [&]() -> util::Result<void> {
    if (stmt.empty()) return {};
    if (is_word(stmt[0], "package")) {
      for (std::size_t i = 1; i < stmt.size(); ++i) module.package += stmt[i].text;
    } else if (!is_word(stmt[0], "import")) {
      COCO_TRY_ASSIGN(auto rule, make_rule(stmt, line));
      module.rules.push_back(std::move(rule));
    }
    stmt.clear();
    return {};
  };
  for (std::size_t i = 0; i < lexed.tokens.size(); ++i) {
    const RegoToken& t = lexed.tokens[i];
    if (stmt.empty() && t.kind == Kind::newline) continue;
    if (stmt.empty()) line = lexed.lines[i];
    depth += depth_change(t);
    if (depth < 0) return util::invalid_input(fmt::format("line {}: unbalanced brackets", lexed.lines[i]));
    if (depth == 0 && t.kind == Kind::newline) {
      if (!is_word(stmt.back(), "if")) COCO_TRY(flush());  // `allow if` may open its body on the next line
      continue;
    }
    stmt.push_back(t);
  }
  if (depth != 0) return util::invalid_input("unbalanced brackets at the end of the policy");
  COCO_TRY(flush());
  return module;
}

std::string normal_form(const RegoRule& rule) {
  std::string out = render(rule.head, true);
  if (!rule.has_body) return out;
  std::vector<std::string> exprs;
  for (const auto& e : rule.body) exprs.push_back(render(e, false));
  std::sort(exprs.begin(), exprs.end());
  out += " if {";
  for (std::size_t i = 0; i < exprs.size(); ++i) out += (i == 0 ? " " : " ; ") + exprs[i];
  return out + " }";
}

std::vector<std::string> fingerprint(const RegoModule& module) {
  std::vector<std::string> out;
  for (const auto& rule : module.rules) out.push_back(normal_form(rule));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace cococtl::sim::kbs
