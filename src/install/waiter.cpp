#include "waiter.hpp"

#include <cococtl/util/interrupt.hpp>

#include <fmt/format.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

namespace cococtl::install {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

struct Tracked {
  const WaitItem* item;
  kube::wait::State state{false, false, "waiting for it to be created"};
  bool seen = false;
  Clock::time_point started = Clock::now();
};

// Shared by the watch threads of one wait_for call.
class Board {
 public:
  Board(Context& context, const std::vector<WaitItem>& items) : m_context(context) {
    for (const auto& item : items) m_tracked.emplace(key(item.kind, item.ns, item.name), Tracked{&item});
  }

  static std::string key(const std::string& kind, const std::string& ns, const std::string& name) {
    return kind + "|" + ns + "|" + name;
  }

  // A new version of an object arrived (or it was deleted: `object` null).
  void update(const std::string& kind, const std::string& ns, const std::string& name, const json& object) {
    const std::lock_guard lock(m_mutex);
    const auto it = m_tracked.find(key(kind, ns, name));
    if (it == m_tracked.end() || it->second.state.done) return;
    Tracked& t = it->second;
    auto state = object.is_null() ? kube::wait::State{false, false, "deleted; waiting for it to be created again"}
                                  : kube::wait::evaluate(object, t.item->expect);
    t.seen = t.seen || !object.is_null();
    set(t, std::move(state));
  }

  // The initial list of a collection was delivered: say which of its objects are missing.
  void synced(const std::string& kind, const std::string& ns) {
    const std::lock_guard lock(m_mutex);
    for (auto& [k, t] : m_tracked) {
      if (t.item->kind == kind && t.item->ns == ns && !t.seen && !t.state.done) emit(t, "waiting", "pending", t.state.message);
    }
  }

  bool finished() const { return m_failed || m_remaining == 0; }
  bool cancelled() const { return finished() || util::interrupted(); }
  std::string failure() const {
    const std::lock_guard lock(m_mutex);
    return m_failure;
  }

  void start() { m_remaining = static_cast<int>(m_tracked.size()); }

  // A watch could not run (e.g. the kind is not served): nothing can become ready.
  void abort(const std::string& why) {
    const std::lock_guard lock(m_mutex);
    if (m_failed) return;
    m_failure = why;
    m_failed = true;
  }

  // "Deployment a/b: 1/2 replicas ready; KataConfig x: ..." for the items not ready.
  std::string pending_list() const {
    const std::lock_guard lock(m_mutex);
    std::vector<std::string> out;
    for (const auto& [k, t] : m_tracked) {
      if (!t.state.done) out.push_back(t.item->display() + ": " + t.state.message);
    }
    return fmt::format("{}", fmt::join(out, "; "));
  }

 private:
  void set(Tracked& t, kube::wait::State state) {
    if (state.message == t.state.message && state.done == t.state.done) return;
    t.state = std::move(state);
    if (!t.state.done) return emit(t, "waiting", "pending", t.state.message);
    emit(t, t.state.ok ? "ready" : "failed", t.state.ok ? "ok" : "failed", t.state.message);
    if (!t.state.ok && !m_failed) {
      m_failed = true;
      m_failure = t.item->display() + ": " + t.state.message;
    }
    --m_remaining;
  }

  void emit(const Tracked& t, const std::string& action, const std::string& result, const std::string& message) {
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t.started);
    m_context.emit({.type = "wait", .object = t.item->display(), .action = action, .result = result, .message = message,
                    .duration = action == "waiting" ? std::chrono::milliseconds(0) : elapsed});
  }

  Context& m_context;
  mutable std::mutex m_mutex;
  std::map<std::string, Tracked> m_tracked;
  std::atomic<int> m_remaining{0};
  std::atomic<bool> m_failed{false};
  std::string m_failure;
};

struct Collection {
  std::string api_version, kind, ns;
  std::vector<const WaitItem*> items;
};

std::vector<Collection> collections(const std::vector<WaitItem>& items) {
  std::map<std::string, Collection> by_key;
  for (const auto& item : items) {
    auto& c = by_key[item.api_version + "|" + item.kind + "|" + item.ns];
    c.api_version = item.api_version;
    c.kind = item.kind;
    c.ns = item.ns;
    c.items.push_back(&item);
  }
  std::vector<Collection> out;
  for (auto& [k, c] : by_key) out.push_back(std::move(c));
  return out;
}

util::Result<void> watch_collection(Context& context, const Collection& c, Board& board, std::chrono::milliseconds timeout) {
  kube::WatchOptions options{.timeout = timeout, .cancelled = [&] { return board.cancelled(); }};
  if (c.items.size() == 1) options.field_selector = "metadata.name=" + c.items.front()->name;
  return context.cluster.watch(c.api_version, c.kind, c.ns, options, [&](const kube::WatchEvent& e) {
    if (e.type == kube::WatchEventType::synced) {
      board.synced(c.kind, c.ns);
    } else {
      const json meta = e.object.value("metadata", json::object());
      const bool deleted = e.type == kube::WatchEventType::deleted;
      board.update(c.kind, meta.value("namespace", c.ns), meta.value("name", ""), deleted ? json() : e.object);
    }
    return !board.cancelled();
  });
}

}  // namespace

std::string WaitItem::display() const {
  return ns.empty() ? fmt::format("{} {}", kind, name) : fmt::format("{} {}/{}", kind, ns, name);
}

WaitItem wait_item(const manifest::Object& object, kube::wait::Expectation expect) {
  return {object.api_version(), object.kind(), object.namespace_name(), object.name(), std::move(expect)};
}

util::Result<void> wait_for(Context& context, const std::vector<WaitItem>& items, std::chrono::milliseconds timeout) {
  if (items.empty()) return {};
  Board board(context, items);
  board.start();
  const auto groups = collections(items);
  std::vector<util::Result<void>> results(groups.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    threads.emplace_back([&, i] {
      results[i] = watch_collection(context, groups[i], board, timeout);
      if (!results[i].ok() && results[i].error().code != util::ExitCode::interrupted) board.abort(results[i].error().message);
    });
  }
  for (auto& t : threads) t.join();
  if (!board.failure().empty()) return util::failure(board.failure());
  if (board.finished()) return {};
  if (util::interrupted()) return util::Error{util::ExitCode::interrupted, "interrupted while waiting"};
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout).count();
  const std::string after = seconds > 0 ? fmt::format("{} s", seconds) : fmt::format("{} ms", timeout.count());
  return util::Error{util::ExitCode::timed_out, fmt::format("timed out after {} waiting for {}", after, board.pending_list())};
}

}  // namespace cococtl::install
