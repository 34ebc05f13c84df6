#pragma once
// The slice of Kyverno's variable language the simulated webhook evaluates: `{{ path }}` and
// `{{ path || 'literal' }}`, where a path is dot-separated names or "quoted.names" into
// request.object, request.namespace, request.operation and the rule's context entries (JMESPath
// functions, filters and indexes are not modelled).

#include "sim/common/json_util.hpp"

#include <optional>
#include <string>

namespace cococtl::sim::kyverno {

// Replaces every `{{ ... }}` in `text` with its value in `document`. A template that is only one
// expression yields that value (not stringified). nullopt, with `error` set, when an expression
// does not parse or a path without a default is missing.
std::optional<json> substitute(const std::string& text, const json& document, std::string& error);

// `value` with every string substituted (objects and arrays recursively).
std::optional<json> substitute_all(const json& value, const json& document, std::string& error);

}  // namespace cococtl::sim::kyverno
