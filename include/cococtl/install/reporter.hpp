#pragma once
// The Reporter seam: install, status, diff and uninstall emit events; the cli renders them (a live
// view on a terminal, timestamped lines otherwise, one JSON object per line with -o json). No
// stage prints.

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

namespace cococtl::install {

struct Event {
  // "stage": a stage started (action "started") or ended ("done", "failed", "skipped");
  // "object": an object was written (action created|configured|unchanged|deleted|approved|failed);
  // "wait": what is being waited for (action "waiting") and how it ended ("ready", "failed");
  // "note": anything else worth telling (action "info" or "warning").
  std::string type{};
  std::string cluster{};  // "" for a single cluster
  std::string stage{};
  std::string object{};  // "Deployment ns/name", "" for stage events
  std::string action{};
  std::string result{};   // "ok", "failed" or "pending"
  std::string message{};  // for people; never a secret value
  std::chrono::milliseconds duration{0};
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  // Called from several threads; implementations serialise their output.
  virtual void report(const Event& event) = 0;
};

// Keeps every event (tests, and callers that summarise at the end). Thread-safe.
class RecordingReporter final : public Reporter {
 public:
  void report(const Event& event) override;
  std::vector<Event> events() const;

 private:
  mutable std::mutex m_mutex;
  std::vector<Event> m_events{};
};

}  // namespace cococtl::install
