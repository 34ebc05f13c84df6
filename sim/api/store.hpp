#pragma once
// The object store: every object by bucket (group/resource), namespace and name, one global
// resourceVersion counter, and a bounded history of change events for watches, consistent
// paginated lists and "410 Gone" when a client asks for history that is no longer kept. The
// window is per bucket, as kube-apiserver's watch cache is per resource: evicting a busy
// resource's old events does not take a quiet resource's history away.

#include "sim/common/json_util.hpp"

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cococtl::sim {

enum class EventType { added, modified, deleted };

// "ADDED", "MODIFIED", "DELETED".
const char* event_type_name(EventType type);

struct Event {
  unsigned long long rv = 0;
  std::string bucket;
  EventType type = EventType::added;
  json object;    // the object after the change (for DELETED: its last state, with the deletion RV)
  json previous;  // the object before the change (null for ADDED)
};

class Store {
 public:
  explicit Store(std::size_t history_limit = 20000);

  // Serializes a read-modify-write sequence; every method also locks (the mutex is recursive).
  std::unique_lock<std::recursive_mutex> lock() const { return std::unique_lock(m_mutex); }

  std::optional<json> get(const std::string& bucket, const std::string& ns, const std::string& name) const;
  // Objects of `bucket` in namespace `ns` ("" = every namespace), ordered by namespace then name.
  std::vector<json> list(const std::string& bucket, const std::string& ns = "") const;
  // Number of objects in namespace `ns` across every bucket.
  std::size_t count_in_namespace(const std::string& ns) const;
  std::vector<std::string> buckets() const;

  // Stores `object` under its metadata namespace/name with the next resourceVersion, records an
  // ADDED or MODIFIED event and wakes watchers. Returns the stored object.
  json put(const std::string& bucket, json object);
  // Removes the object named by `object`'s metadata, records DELETED (with a new resourceVersion)
  // and returns the final state.
  json erase(const std::string& bucket, json object);

  unsigned long long resource_version() const;
  // Events of `bucket` newer than `rv` (at most `max`); nullopt when `rv` predates kept history.
  std::optional<std::vector<Event>> events_after(unsigned long long rv, const std::string& bucket,
                                                 std::size_t max = 1000) const;
  // Objects of `bucket`/`ns` as they were at `rv`; nullopt when history no longer reaches `rv`.
  std::optional<std::vector<json>> snapshot(const std::string& bucket, const std::string& ns,
                                            unsigned long long rv) const;
  // Blocks until the store moves past `rv`, `deadline` passes or wake_all() is called.
  void wait_for_change(unsigned long long rv, Clock::time_point deadline) const;
  void wake_all();

  // The whole state as JSON (for --state-dir) and back. load() replaces everything.
  json dump() const;
  void load(const json& state);
  // True (once) when something changed since the last call.
  bool take_dirty();

 private:
  using Key = std::pair<std::string, std::string>;  // namespace, name
  void record(Event event);

  mutable std::recursive_mutex m_mutex;
  mutable std::condition_variable_any m_changed;
  std::map<std::string, std::map<Key, json>> m_objects;
  std::deque<Event> m_history;
  std::size_t m_history_limit;
  unsigned long long m_rv = 1;
  // History of `bucket` covers every one of its events after this RV.
  unsigned long long compacted_rv(const std::string& bucket) const;

  unsigned long long m_compacted_rv = 0;  // nothing before this RV (a loaded state) for any bucket
  std::map<std::string, unsigned long long> m_bucket_compacted_rv;  // per bucket: its newest evicted event
  bool m_dirty = false;
};

}  // namespace cococtl::sim
