#include "conditions.hpp"

namespace cococtl::kube::wait::detail {

const json* find(const json& object, Path path) {
  const json* at = &object;
  for (std::string_view key : path) {
    if (!at->is_object()) return nullptr;
    const auto it = at->find(key);
    if (it == at->end()) return nullptr;
    at = &*it;
  }
  return at;
}

std::string text(const json& object, Path path) {
  const json* value = find(object, path);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string{};
}

std::int64_t number(const json& object, Path path, std::int64_t fallback) {
  const json* value = find(object, path);
  return value != nullptr && value->is_number() ? value->get<std::int64_t>() : fallback;
}

bool flag(const json& object, Path path) {
  const json* value = find(object, path);
  return value != nullptr && value->is_boolean() && value->get<bool>();
}

std::vector<std::string> strings(const json& object, Path path) {
  std::vector<std::string> out;
  const json* value = find(object, path);
  if (value == nullptr || !value->is_array()) return out;
  for (const auto& item : *value) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

std::string detail_of(std::string_view reason, std::string_view message) {
  if (reason.empty()) return std::string(message);
  if (message.empty()) return std::string(reason);
  return std::string(reason) + ": " + std::string(message);
}

std::optional<Condition> condition_in(const json& conditions, std::string_view type) {
  if (!conditions.is_array()) return std::nullopt;
  for (const auto& entry : conditions) {
    if (text(entry, {"type"}) != type) continue;
    Condition c{std::string(type), text(entry, {"status"}), text(entry, {"reason"}), text(entry, {"message"}), {}};
    if (const json* og = find(entry, {"observedGeneration"}); og != nullptr && og->is_number()) {
      c.observed_generation = og->get<std::int64_t>();
    }
    return c;
  }
  return std::nullopt;
}

std::optional<Condition> condition(const json& object, std::string_view type) {
  const json* conditions = find(object, {"status", "conditions"});
  return conditions != nullptr ? condition_in(*conditions, type) : std::nullopt;
}

bool stale(const json& object, const Condition& c) {
  const std::int64_t generation = number(object, {"metadata", "generation"}, -1);
  return c.observed_generation && generation >= 0 && *c.observed_generation < generation;
}

State progress(std::string message) { return {false, false, std::move(message)}; }
State ready(std::string message) { return {true, true, std::move(message)}; }
State failed(std::string message) { return {true, false, std::move(message)}; }

std::optional<std::string> first_short(std::initializer_list<Count> counts) {
  for (const Count& c : counts) {
    if (c.have < c.want) return std::to_string(c.have) + "/" + std::to_string(c.want) + " " + std::string(c.what);
  }
  return std::nullopt;
}

std::string with_detail(std::string base, std::string_view detail) {
  if (!detail.empty()) base += " (" + std::string(detail) + ")";
  return base;
}

}  // namespace cococtl::kube::wait::detail
