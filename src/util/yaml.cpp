#include "yaml_events.hpp"
#include "yaml_scalar.hpp"

#include <cococtl/util/yaml.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <unordered_set>

namespace cococtl::util {
namespace {

constexpr std::size_t k_max_nodes = 1'000'000;
constexpr int k_max_depth = 64;

class Checker {
 public:
  explicit Checker(std::string_view source) : m_source(source) {}

  Result<void> check(const YAML::Node& node, int depth) {
    if (++m_nodes > k_max_nodes) return invalid_input(fmt::format("{}: too many nodes (alias bomb?)", m_source));
    if (depth > k_max_depth) {
      return invalid_input(fmt::format("{}: nesting deeper than {}", yaml_position(m_source, node.Mark()), k_max_depth));
    }
    if (node.IsSequence()) {
      for (const auto& item : node) COCO_TRY(check(item, depth + 1));
    } else if (node.IsMap()) {
      COCO_TRY(check_map(node, depth));
    }
    return {};
  }

 private:
  Result<void> check_map(const YAML::Node& node, int depth) {
    std::unordered_map<std::string, YAML::Mark> seen;
    for (const auto& pair : node) {
      if (pair.first.IsScalar()) {
        const auto [it, inserted] = seen.emplace(pair.first.Scalar(), pair.first.Mark());
        if (!inserted) {
          return invalid_input(fmt::format("{}: duplicate key \"{}\" (first defined at line {})",
                                           yaml_position(m_source, pair.first.Mark()), pair.first.Scalar(),
                                           it->second.line + 1));
        }
      }
      COCO_TRY(check(pair.second, depth + 1));
    }
    return {};
  }

  std::string_view m_source;
  std::size_t m_nodes = 0;
};

// yaml-cpp gives up past a few hundred levels with "bad file"; libyaml events find the first node
// past the limit, so any depth gets the same message with the place it starts.
Result<void> check_depth(std::string_view text, std::string_view source) {
  int depth = 0;
  bool too_deep = false;
  auto checked = detail::for_each_yaml_event(text, source, [&](const yaml_event_t& e) -> Result<void> {
    if (e.type == YAML_SEQUENCE_END_EVENT || e.type == YAML_MAPPING_END_EVENT) --depth;
    if (e.type != YAML_SEQUENCE_START_EVENT && e.type != YAML_MAPPING_START_EVENT) return {};
    if (++depth <= k_max_depth) return {};
    too_deep = true;
    return invalid_input(fmt::format("{}:{}:{}: nesting deeper than {}", source, e.start_mark.line + 1,
                                     e.start_mark.column + 1, k_max_depth));
  });
  return too_deep ? checked : Result<void>();  // syntax errors are reported by yaml-cpp, in its words
}

}  // namespace

namespace detail {

std::size_t first_binary_byte(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (c == 0 || len == 0 || i + len > text.size()) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

// Digits with an optional sign: [-+]?[0-9]+.
bool is_integer(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool is_float(std::string_view s) {
  const auto digits = [&s] {
    std::size_t n = 0;
    while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
    s.remove_prefix(n);
    return n;
  };
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  const std::size_t whole = digits();
  std::size_t fraction = 0;
  if (!s.empty() && s.front() == '.') {
    s.remove_prefix(1);
    fraction = digits();
  }
  if (whole == 0 && fraction == 0) return false;
  if (!s.empty() && (s.front() == 'e' || s.front() == 'E')) {
    s.remove_prefix(1);
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
    if (digits() == 0) return false;
  }
  return s.empty();
}

nlohmann::json typed_plain_scalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (is_integer(s)) {
    try {
      return std::stoll(s);
    } catch (const std::out_of_range&) {
      return s;
    }
  }
  if (is_float(s)) return std::stod(s);
  return s;
}

}  // namespace detail

std::string yaml_position(std::string_view source, const YAML::Mark& mark) {
  if (mark.is_null()) return std::string(source);
  return fmt::format("{}:{}:{}", source, mark.line + 1, mark.column + 1);
}

Result<std::vector<YAML::Node>> parse_yaml_documents(std::string_view text, std::string_view source) {
  if (const auto bad = detail::first_binary_byte(text); bad != std::string_view::npos) {
    return invalid_input(fmt::format("{}: not a YAML text file (binary or non-UTF-8 byte at offset {})", source, bad));
  }
  COCO_TRY(check_depth(text, source));
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    return invalid_input(fmt::format("{}: {}", yaml_position(source, e.mark), e.msg));
  }
  for (const auto& doc : docs) {
    Checker checker(source);
    COCO_TRY(checker.check(doc, 0));
  }
  return docs;
}

Result<YAML::Node> parse_yaml(std::string_view text, std::string_view source) {
  COCO_TRY_ASSIGN(auto docs, parse_yaml_documents(text, source));
  if (docs.size() > 1) {
    return invalid_input(fmt::format("{}: expected one YAML document, found {}", source, docs.size()));
  }
  return docs.empty() ? YAML::Node() : docs.front();
}

YAML::Node yaml_child(const YAML::Node& node, const std::string& key) {
  if (!node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  const YAML::Node child = node[key];
  return child ? child : YAML::Node(YAML::NodeType::Undefined);
}

bool plain_scalar_is_typed(std::string_view text) { return !detail::typed_plain_scalar(std::string(text)).is_string(); }

Result<nlohmann::json> yaml_to_json(const YAML::Node& node, std::string_view source) {
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null: return nlohmann::json(nullptr);
    case YAML::NodeType::Scalar:
      if (node.Tag() == "?") return detail::typed_plain_scalar(node.Scalar());
      return nlohmann::json(node.Scalar());
    case YAML::NodeType::Sequence: {
      auto out = nlohmann::json::array();
      for (const auto& item : node) {
        COCO_TRY_ASSIGN(auto value, yaml_to_json(item, source));
        out.push_back(std::move(value));
      }
      return out;
    }
    case YAML::NodeType::Map: {
      auto out = nlohmann::json::object();
      for (const auto& pair : node) {
        if (!pair.first.IsScalar()) {
          return invalid_input(fmt::format("{}: mapping keys must be strings", yaml_position(source, pair.first.Mark())));
        }
        COCO_TRY_ASSIGN(out[pair.first.Scalar()], yaml_to_json(pair.second, source));
      }
      return out;
    }
  }
  return nlohmann::json(nullptr);
}

}  // namespace cococtl::util
