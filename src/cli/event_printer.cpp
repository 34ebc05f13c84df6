#include "event_printer.hpp"

#include <cococtl/util/log.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <unistd.h>

namespace cococtl::cli {
namespace {

bool is_failure(const install::Event& e) { return e.result == "failed"; }

std::string describe(const install::Event& e) {
  std::string text = e.type == "stage" ? fmt::format("stage {} {}", e.stage, e.action)
                     : e.object.empty() ? e.message
                                        : fmt::format("{} {}", e.object, e.action);
  if (e.type != "note" && !e.message.empty()) text += ": " + e.message;
  if (e.type == "note" && e.action == "warning") text = "warning: " + text;
  if (e.duration.count() > 0 && e.action != "waiting") text += fmt::format(" ({:.1f} s)", e.duration.count() / 1000.0);
  return util::redact(text);
}

std::string prefix(const install::Event& e) {
  return e.cluster.empty() ? fmt::format("[{}]", e.stage) : fmt::format("[{}/{}]", e.cluster, e.stage);
}

class JsonPrinter final : public install::Reporter {
 public:
  void report(const install::Event& e) override {
    const nlohmann::json line{{"type", e.type},     {"cluster", e.cluster}, {"stage", e.stage},
                              {"object", e.object}, {"action", e.action},   {"result", e.result},
                              {"message", util::redact(e.message)},        {"duration_ms", e.duration.count()}};
    const std::lock_guard lock(m_mutex);
    fmt::print("{}\n", line.dump());
    std::fflush(stdout);
  }

 private:
  std::mutex m_mutex;
};

// Timestamped lines (CI logs); every change of what is awaited is one line.
class LinePrinter final : public install::Reporter {
 public:
  explicit LinePrinter(bool quiet) : m_quiet(quiet) {}
  void report(const install::Event& e) override {
    if (m_quiet && !is_failure(e)) return;
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    const std::lock_guard lock(m_mutex);
    fmt::print("{:%Y-%m-%dT%H:%M:%SZ} {} {}\n", fmt::gmtime(now), prefix(e), describe(e));
    std::fflush(stdout);
  }

 private:
  bool m_quiet;
  std::mutex m_mutex;
};

// A terminal: finished things scroll up; what is being waited for stays on one status line at
// the bottom, rewritten in place.
class LivePrinter final : public install::Reporter {
 public:
  void report(const install::Event& e) override {
    const std::lock_guard lock(m_mutex);
    if (e.type == "wait" && e.action == "waiting") {
      m_waiting[e.object] = e.message;
    } else {
      if (e.type == "wait") m_waiting.erase(e.object);
      if (e.type == "stage") m_waiting.clear();
      clear_status();
      fmt::print("{} {}\n", prefix(e), describe(e));
    }
    draw_status(e);
  }

 private:
  void clear_status() {
    if (m_status_shown) fmt::print("\r\033[K");
    m_status_shown = false;
  }
  void draw_status(const install::Event& e) {
    clear_status();
    if (m_waiting.empty()) return std::fflush(stdout), void();
    const auto& [object, message] = *m_waiting.begin();
    std::string line = fmt::format("{} waiting for {}: {}", prefix(e), object, message);
    if (m_waiting.size() > 1) line += fmt::format(" (+{} more)", m_waiting.size() - 1);
    if (line.size() > 150) line = line.substr(0, 147) + "...";
    fmt::print("{}", util::redact(line));
    m_status_shown = true;
    std::fflush(stdout);
  }

  std::mutex m_mutex;
  std::map<std::string, std::string> m_waiting;
  bool m_status_shown = false;
};

}  // namespace

std::unique_ptr<install::Reporter> make_event_printer(const GlobalOptions& global) {
  if (global.output != OutputFormat::text) return std::make_unique<JsonPrinter>();
  if (!global.quiet && ::isatty(STDOUT_FILENO) == 1) return std::make_unique<LivePrinter>();
  return std::make_unique<LinePrinter>(global.quiet);
}

}  // namespace cococtl::cli
