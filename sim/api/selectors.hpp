#pragma once
// Label selectors (`a=b,c!=d,e in (x,y),f notin (z),g,!h`), LabelSelector objects
// (matchLabels/matchExpressions) and field selectors (`metadata.name=x`).

#include "sim/common/json_util.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cococtl::sim {

struct Requirement {
  enum class Op { equals, not_equals, in, not_in, exists, not_exists };
  std::string key;
  Op op = Op::exists;
  std::vector<std::string> values;
};

class LabelSelector {
 public:
  // Parses the query-string syntax. nullopt and `error` set when malformed.
  static std::optional<LabelSelector> parse(std::string_view text, std::string& error);
  // From a LabelSelector object; a null/empty object selects everything.
  static std::optional<LabelSelector> from_object(const json& selector, std::string& error);

  // True when `labels` (an object of strings, or null) satisfies every requirement.
  bool matches(const json& labels) const;
  bool empty() const { return m_requirements.empty(); }

 private:
  std::vector<Requirement> m_requirements;
};

class FieldSelector {
 public:
  // Parses `a=b,c!=d` (also `==`). nullopt and `error` set when malformed.
  static std::optional<FieldSelector> parse(std::string_view text, std::string& error);

  // The field paths the selector uses ("metadata.name", "status.phase").
  std::vector<std::string> fields() const;
  // True when every term holds for `object`. Fields are dotted paths into the object.
  bool matches(const json& object) const;

 private:
  struct Term {
    std::string field;
    std::string value;
    bool negated = false;
  };
  std::vector<Term> m_terms;
};

}  // namespace cococtl::sim
