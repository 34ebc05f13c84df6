#include "sim/api/selectors.hpp"

#include <cococtl/util/strings.hpp>

#include <algorithm>
#include <regex>

namespace cococtl::sim {
namespace {

bool valid_key(std::string_view key) {
  static const std::regex k_key(R"(([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)");
  return key.size() <= 316 && std::regex_match(std::string(key), k_key);
}

// Splits at commas that are outside parentheses.
std::vector<std::string> split_terms(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  int depth = 0;
  for (const char c : text) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      out.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  out.push_back(current);
  return out;
}

std::optional<Requirement> parse_set_term(const std::string& term, std::string& error) {
  static const std::regex k_set(R"(\s*(\S+)\s+(in|notin)\s*\(([^)]*)\)\s*)");
  std::smatch m;
  if (!std::regex_match(term, m, k_set)) return std::nullopt;
  Requirement r{m[1].str(), m[2].str() == "in" ? Requirement::Op::in : Requirement::Op::not_in, {}};
  for (const auto& value : util::split(m[3].str(), ',')) r.values.emplace_back(util::trim(value));
  if (!valid_key(r.key)) error = "invalid label key \"" + r.key + "\"";
  return r;
}

std::optional<Requirement> parse_term(const std::string& raw, std::string& error) {
  const std::string term(util::trim(raw));
  if (auto set = parse_set_term(term, error)) return set;
  Requirement r;
  std::size_t pos = std::string::npos;
  std::size_t width = 0;
  if ((pos = term.find("!=")) != std::string::npos) {
    r.op = Requirement::Op::not_equals, width = 2;
  } else if ((pos = term.find("==")) != std::string::npos) {
    r.op = Requirement::Op::equals, width = 2;
  } else if ((pos = term.find('=')) != std::string::npos) {
    r.op = Requirement::Op::equals, width = 1;
  }
  if (pos != std::string::npos) {
    r.key = std::string(util::trim(term.substr(0, pos)));
    r.values = {std::string(util::trim(term.substr(pos + width)))};
  } else if (!term.empty() && term[0] == '!') {
    r.op = Requirement::Op::not_exists;
    r.key = std::string(util::trim(term.substr(1)));
  } else {
    r.key = term;
  }
  if (!valid_key(r.key)) {
    error = "unable to parse requirement: invalid label key \"" + r.key + "\"";
    return std::nullopt;
  }
  return r;
}

bool holds(const Requirement& r, const json& labels) {
  const bool present = labels.is_object() && labels.contains(r.key) && labels[r.key].is_string();
  const std::string value = present ? labels[r.key].get<std::string>() : "";
  const bool listed = std::find(r.values.begin(), r.values.end(), value) != r.values.end();
  switch (r.op) {
    case Requirement::Op::equals:
    case Requirement::Op::in: return present && listed;
    case Requirement::Op::not_equals:
    case Requirement::Op::not_in: return !present || !listed;
    case Requirement::Op::exists: return present;
    case Requirement::Op::not_exists: return !present;
  }
  return false;
}

}  // namespace

std::optional<LabelSelector> LabelSelector::parse(std::string_view text, std::string& error) {
  LabelSelector selector;
  if (util::trim(text).empty()) return selector;
  for (const auto& term : split_terms(text)) {
    auto requirement = parse_term(term, error);
    if (!requirement || !error.empty()) {
      if (error.empty()) error = "unable to parse requirement: \"" + term + "\"";
      return std::nullopt;
    }
    selector.m_requirements.push_back(std::move(*requirement));
  }
  return selector;
}

std::optional<LabelSelector> LabelSelector::from_object(const json& object, std::string& error) {
  LabelSelector selector;
  if (!object.is_object()) return selector;
  const json match_labels = object.value("matchLabels", json::object());
  for (const auto& [key, value] : match_labels.items()) {
    selector.m_requirements.push_back({key, Requirement::Op::equals, {value.is_string() ? value.get<std::string>() : ""}});
  }
  for (const auto& expression : object.value("matchExpressions", json::array())) {
    const std::string op = expression.value("operator", "");
    Requirement r{expression.value("key", ""), Requirement::Op::in, {}};
    if (op == "NotIn") r.op = Requirement::Op::not_in;
    else if (op == "Exists") r.op = Requirement::Op::exists;
    else if (op == "DoesNotExist") r.op = Requirement::Op::not_exists;
    else if (op != "In") {
      error = "\"" + op + "\" is not a valid label selector operator";
      return std::nullopt;
    }
    for (const auto& v : expression.value("values", json::array())) r.values.push_back(v.get<std::string>());
    selector.m_requirements.push_back(std::move(r));
  }
  return selector;
}

bool LabelSelector::matches(const json& labels) const {
  return std::all_of(m_requirements.begin(), m_requirements.end(), [&](const auto& r) { return holds(r, labels); });
}

std::optional<FieldSelector> FieldSelector::parse(std::string_view text, std::string& error) {
  FieldSelector selector;
  if (util::trim(text).empty()) return selector;
  for (const auto& raw : util::split(text, ',')) {
    const std::string term(util::trim(raw));
    Term t;
    std::size_t pos = term.find("!=");
    std::size_t width = 2;
    t.negated = pos != std::string::npos;
    if (!t.negated) pos = term.find("=="), width = 2;
    if (pos == std::string::npos) pos = term.find('='), width = 1;
    if (pos == std::string::npos) {
      error = "invalid selector: '" + term + "'; can't understand '" + term + "'";
      return std::nullopt;
    }
    t.field = std::string(util::trim(term.substr(0, pos)));
    t.value = std::string(util::trim(term.substr(pos + width)));
    selector.m_terms.push_back(std::move(t));
  }
  return selector;
}

std::vector<std::string> FieldSelector::fields() const {
  std::vector<std::string> out;
  for (const auto& t : m_terms) out.push_back(t.field);
  return out;
}

bool FieldSelector::matches(const json& object) const {
  for (const auto& t : m_terms) {
    const json* current = &object;
    for (const auto& step : util::split(t.field, '.')) {
      current = current->is_object() && current->contains(step) ? &(*current)[step] : nullptr;
      if (current == nullptr) break;
    }
    std::string value;
    if (current != nullptr) value = current->is_string() ? current->get<std::string>() : current->dump();
    if ((value == t.value) == t.negated) return false;
  }
  return true;
}

}  // namespace cococtl::sim
