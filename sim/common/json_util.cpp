#include "sim/common/json_util.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <ctime>

namespace cococtl::sim {

std::string format_time(Clock::time_point when) {
  const std::time_t t = Clock::to_time_t(when);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", tm);
}

std::string now_time() { return format_time(sim_now()); }

std::optional<Clock::time_point> parse_time(std::string_view text) {
  std::tm tm{};
  const std::string s(text);
  const char* rest = ::strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (rest == nullptr) return std::nullopt;
  return Clock::from_time_t(::timegm(&tm));
}

std::string human_duration(Clock::duration age) {
  using namespace std::chrono;
  const long long seconds = duration_cast<std::chrono::seconds>(age).count();
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return fmt::format("{}s", seconds);
  const long long minutes = seconds / 60;
  if (minutes < 10) return seconds % 60 == 0 ? fmt::format("{}m", minutes) : fmt::format("{}m{}s", minutes, seconds % 60);
  if (minutes < 180) return fmt::format("{}m", minutes);
  const long long hours = minutes / 60;
  if (hours < 8) return minutes % 60 == 0 ? fmt::format("{}h", hours) : fmt::format("{}h{}m", hours, minutes % 60);
  if (hours < 48) return fmt::format("{}h", hours);
  if (hours < 24 * 8) return hours % 24 == 0 ? fmt::format("{}d", hours / 24) : fmt::format("{}d{}h", hours / 24, hours % 24);
  if (hours < 24 * 365 * 2) return fmt::format("{}d", hours / 24);
  const long long years = hours / 24 / 365;
  if (hours < 24 * 365 * 8) {
    const long long days = (hours / 24) % 365;
    return days == 0 ? fmt::format("{}y", years) : fmt::format("{}y{}d", years, days);
  }
  return fmt::format("{}y", years);
}

const json* find_path(const json& value, std::initializer_list<std::string_view> path) {
  const json* current = &value;
  for (const auto key : path) {
    if (!current->is_object()) return nullptr;
    const auto it = current->find(key);
    if (it == current->end()) return nullptr;
    current = &*it;
  }
  return current;
}

std::string string_at(const json& value, std::initializer_list<std::string_view> path, std::string fallback) {
  const json* found = find_path(value, path);
  return found != nullptr && found->is_string() ? found->get<std::string>() : fallback;
}

long long int_at(const json& value, std::initializer_list<std::string_view> path, long long fallback) {
  const json* found = find_path(value, path);
  return found != nullptr && found->is_number_integer() ? found->get<long long>() : fallback;
}

bool bool_at(const json& value, std::initializer_list<std::string_view> path) {
  const json* found = find_path(value, path);
  return found != nullptr && found->is_boolean() && found->get<bool>();
}

json& object_member(json& value, std::string_view key) {
  if (!value.is_object()) value = json::object();
  json& member = value[std::string(key)];
  if (!member.is_object()) member = json::object();
  return member;
}

const json* find_condition(const json& object, std::string_view type) {
  const json* conditions = find_path(object, {"status", "conditions"});
  if (conditions == nullptr || !conditions->is_array()) return nullptr;
  for (const auto& condition : *conditions) {
    if (condition.is_object() && condition.value("type", "") == type) return &condition;
  }
  return nullptr;
}

bool condition_true(const json& object, std::string_view type) {
  const json* condition = find_condition(object, type);
  return condition != nullptr && condition->value("status", "") == "True";
}

bool set_condition(json& object, std::string_view type, std::string_view status, std::string_view reason,
                   std::string_view message) {
  json& conditions = object_member(object, "status")["conditions"];
  if (!conditions.is_array()) conditions = json::array();
  for (auto& condition : conditions) {
    if (condition.value("type", "") != type) continue;
    const bool same = condition.value("status", "") == status && condition.value("reason", "") == reason &&
                      condition.value("message", "") == message;
    if (same) return false;
    if (condition.value("status", "") != status) condition["lastTransitionTime"] = now_time();
    condition["status"] = status;
    condition["reason"] = reason;
    condition["message"] = message;
    return true;
  }
  conditions.push_back({{"type", type}, {"status", status}, {"reason", reason}, {"message", message},
                        {"lastTransitionTime", now_time()}});
  return true;
}

bool remove_condition(json& object, std::string_view type) {
  json* conditions =
      object.contains("status") && object["status"].is_object() && object["status"].contains("conditions")
          ? &object["status"]["conditions"]
          : nullptr;
  if (conditions == nullptr || !conditions->is_array()) return false;
  const auto size = conditions->size();
  json kept = json::array();
  for (const auto& c : *conditions) {
    if (c.value("type", "") != type) kept.push_back(c);
  }
  *conditions = std::move(kept);
  return conditions->size() != size;
}

}  // namespace cococtl::sim
