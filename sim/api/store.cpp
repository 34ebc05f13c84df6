#include "sim/api/store.hpp"

#include <algorithm>

namespace cococtl::sim {
namespace {

std::pair<std::string, std::string> key_of(const json& object) {
  return {string_at(object, {"metadata", "namespace"}), string_at(object, {"metadata", "name"})};
}

}  // namespace

const char* event_type_name(EventType type) {
  switch (type) {
    case EventType::added: return "ADDED";
    case EventType::modified: return "MODIFIED";
    case EventType::deleted: return "DELETED";
  }
  return "ERROR";
}

Store::Store(std::size_t history_limit) : m_history_limit(std::max<std::size_t>(history_limit, 1)) {}

std::optional<json> Store::get(const std::string& bucket, const std::string& ns, const std::string& name) const {
  auto guard = lock();
  const auto b = m_objects.find(bucket);
  if (b == m_objects.end()) return std::nullopt;
  const auto it = b->second.find({ns, name});
  if (it == b->second.end()) return std::nullopt;
  return it->second;
}

std::vector<json> Store::list(const std::string& bucket, const std::string& ns) const {
  auto guard = lock();
  std::vector<json> out;
  const auto b = m_objects.find(bucket);
  if (b == m_objects.end()) return out;
  for (const auto& [key, object] : b->second) {
    if (ns.empty() || key.first == ns) out.push_back(object);
  }
  return out;
}

std::size_t Store::count_in_namespace(const std::string& ns) const {
  auto guard = lock();
  std::size_t count = 0;
  for (const auto& [bucket, objects] : m_objects) {
    for (const auto& [key, object] : objects) count += key.first == ns ? 1 : 0;
  }
  return count;
}

std::vector<std::string> Store::buckets() const {
  auto guard = lock();
  std::vector<std::string> out;
  for (const auto& [bucket, objects] : m_objects) out.push_back(bucket);
  return out;
}

json Store::put(const std::string& bucket, json object) {
  auto guard = lock();
  object["metadata"]["resourceVersion"] = std::to_string(++m_rv);
  auto& slot = m_objects[bucket][key_of(object)];
  Event event{m_rv, bucket, slot.is_null() ? EventType::added : EventType::modified, object, slot};
  slot = object;
  record(std::move(event));
  return object;
}

json Store::erase(const std::string& bucket, json object) {
  auto guard = lock();
  auto& objects = m_objects[bucket];
  const auto it = objects.find(key_of(object));
  json previous = it != objects.end() ? it->second : json(nullptr);
  if (it != objects.end()) objects.erase(it);
  object["metadata"]["resourceVersion"] = std::to_string(++m_rv);
  record(Event{m_rv, bucket, EventType::deleted, object, previous});
  return object;
}

void Store::record(Event event) {
  m_history.push_back(std::move(event));
  while (m_history.size() > m_history_limit) {
    m_bucket_compacted_rv[m_history.front().bucket] = m_history.front().rv;
    m_history.pop_front();
  }
  m_dirty = true;
  m_changed.notify_all();
}

unsigned long long Store::compacted_rv(const std::string& bucket) const {
  const auto it = m_bucket_compacted_rv.find(bucket);
  return std::max(m_compacted_rv, it == m_bucket_compacted_rv.end() ? 0ULL : it->second);
}

unsigned long long Store::resource_version() const {
  auto guard = lock();
  return m_rv;
}

std::optional<std::vector<Event>> Store::events_after(unsigned long long rv, const std::string& bucket,
                                                      std::size_t max) const {
  auto guard = lock();
  if (rv < compacted_rv(bucket)) return std::nullopt;
  const auto first = std::upper_bound(m_history.begin(), m_history.end(), rv,
                                      [](unsigned long long v, const Event& e) { return v < e.rv; });
  std::vector<Event> out;
  for (auto it = first; it != m_history.end() && out.size() < max; ++it) {
    if (it->bucket == bucket) out.push_back(*it);
  }
  return out;
}

std::optional<std::vector<json>> Store::snapshot(const std::string& bucket, const std::string& ns,
                                                 unsigned long long rv) const {
  auto guard = lock();
  if (rv < compacted_rv(bucket)) return std::nullopt;
  std::map<Key, json> state;
  if (const auto b = m_objects.find(bucket); b != m_objects.end()) state = b->second;
  // Undo, newest first, every change made after `rv`.
  for (auto it = m_history.rbegin(); it != m_history.rend() && it->rv > rv; ++it) {
    if (it->bucket != bucket) continue;
    const auto key = key_of(it->object);
    if (it->previous.is_null()) {
      state.erase(key);
    } else {
      state[key] = it->previous;
    }
  }
  std::vector<json> out;
  for (auto& [key, object] : state) {
    if (ns.empty() || key.first == ns) out.push_back(std::move(object));
  }
  return out;
}

void Store::wait_for_change(unsigned long long rv, Clock::time_point deadline) const {
  auto guard = lock();
  m_changed.wait_until(guard, deadline, [&] { return m_rv > rv; });
}

void Store::wake_all() { m_changed.notify_all(); }

json Store::dump() const {
  auto guard = lock();
  json objects = json::object();
  for (const auto& [bucket, items] : m_objects) {
    json list = json::array();
    for (const auto& [key, object] : items) list.push_back(object);
    objects[bucket] = std::move(list);
  }
  return {{"resourceVersion", m_rv}, {"objects", objects}};
}

void Store::load(const json& state) {
  auto guard = lock();
  m_objects.clear();
  m_history.clear();
  m_bucket_compacted_rv.clear();
  m_rv = state.value("resourceVersion", 1ULL);
  m_compacted_rv = m_rv;  // history before a restart is gone, as after an etcd compaction
  const json objects = state.value("objects", json::object());
  for (const auto& [bucket, items] : objects.items()) {
    for (const auto& object : items) m_objects[bucket][key_of(object)] = object;
  }
}

bool Store::take_dirty() {
  auto guard = lock();
  return std::exchange(m_dirty, false);
}

}  // namespace cococtl::sim
