#pragma once
// JSON helpers shared by the simulated API server: paths, timestamps, ages.

#include "sim/common/sim_clock.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace cococtl::sim {

using json = nlohmann::json;

// RFC 3339 UTC timestamp with second precision, as the API server writes them.
std::string format_time(Clock::time_point when);
// sim_now() formatted.
std::string now_time();
// Parses format_time() output (and fractional seconds); nullopt when malformed.
std::optional<Clock::time_point> parse_time(std::string_view text);

// kubectl's HumanDuration ("5s", "3m20s", "2d4h") for the AGE of an object.
std::string human_duration(Clock::duration age);

// The value at `path` (object keys) or nullptr when any step is missing or not an object.
const json* find_path(const json& value, std::initializer_list<std::string_view> path);
// The string at `path`, or `fallback` when absent or not a string.
std::string string_at(const json& value, std::initializer_list<std::string_view> path, std::string fallback = "");
// The integer at `path`, or `fallback`.
long long int_at(const json& value, std::initializer_list<std::string_view> path, long long fallback = 0);
// True when the boolean at `path` is true.
bool bool_at(const json& value, std::initializer_list<std::string_view> path);

// Object-valued member `key` of `value`, created (as {}) when missing or not an object.
json& object_member(json& value, std::string_view key);

// The status condition of `type`, or nullptr.
const json* find_condition(const json& object, std::string_view type);
// True when condition `type` has status "True".
bool condition_true(const json& object, std::string_view type);
// Sets condition `type` in object.status.conditions; lastTransitionTime changes only when the
// status changes. Returns true when anything changed.
bool set_condition(json& object, std::string_view type, std::string_view status, std::string_view reason,
                   std::string_view message);
// Removes condition `type` from object.status.conditions. Returns true when it was there.
bool remove_condition(json& object, std::string_view type);

// Parses JSON, or YAML when the text is not JSON (apply bodies are application/apply-patch+yaml).
// Returns nullopt and fills `error` on malformed input.
std::optional<json> parse_json_or_yaml(std::string_view text, std::string& error);

}  // namespace cococtl::sim
