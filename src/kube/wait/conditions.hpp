#pragma once
// Shared by the wait rules: tolerant field access (a missing or mistyped field reads as empty,
// never throws), status conditions, and the three outcomes.

#include <cococtl/kube/wait.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cococtl::kube::wait::detail {

using json = nlohmann::json;
using Path = std::initializer_list<std::string_view>;

// The value at `path` under `object`, or nullptr when any step is missing or not an object.
const json* find(const json& object, Path path);
// The string at `path`, "" when absent or not a string.
std::string text(const json& object, Path path);
// The integer at `path`, `fallback` when absent or not a number.
std::int64_t number(const json& object, Path path, std::int64_t fallback = 0);
// The boolean at `path`, false when absent or not a boolean.
bool flag(const json& object, Path path);
// The strings of the array at `path` (non-strings skipped).
std::vector<std::string> strings(const json& object, Path path);

// "reason: message", or whichever of the two is set; "" when neither.
std::string detail_of(std::string_view reason, std::string_view message);

// One entry of a conditions list, in the shape every API here uses.
struct Condition {
  std::string type;
  std::string status;  // "True", "False", "Unknown"
  std::string reason;
  std::string message;
  std::optional<std::int64_t> observed_generation;

  bool is_true() const { return status == "True"; }
  bool is_false() const { return status == "False"; }
  std::string detail() const { return detail_of(reason, message); }
};

// The condition of `type` in the list `conditions` (a JSON array), if any.
std::optional<Condition> condition_in(const json& conditions, std::string_view type);
// The condition of `type` in object.status.conditions, if any.
std::optional<Condition> condition(const json& object, std::string_view type);
// True when the condition was written for an older metadata.generation than the object's: it
// says nothing about the current spec yet (API conventions; kubectl wait checks the same).
bool stale(const json& object, const Condition& c);

// The three outcomes.
State progress(std::string message);
State ready(std::string message);
State failed(std::string message);

// One count against its target, for messages like "2/3 nodes ready".
struct Count {
  std::int64_t have;
  std::int64_t want;
  std::string_view what;
};
// "have/want what" for the first count below its target; nullopt when every target is reached.
std::optional<std::string> first_short(std::initializer_list<Count> counts);

// `base` followed by " (detail)" when detail is not empty.
std::string with_detail(std::string base, std::string_view detail);

}  // namespace cococtl::kube::wait::detail
