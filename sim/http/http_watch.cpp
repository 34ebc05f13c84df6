// Watch streams: one JSON event per line ({"type":..., "object":...}), initial ADDED events
// when no resourceVersion is given, selector transitions as ADDED/DELETED, BOOKMARK events
// when asked, and an ERROR event with a 410 Status when the requested history is gone.
#include "sim/http/http_context.hpp"
#include "sim/api/selectors.hpp"
#include "sim/http/table.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

namespace cococtl::sim {
namespace {

struct WatchState {
  WatchRequest request;
  LabelSelector labels;
  FieldSelector fields;
  unsigned long long cursor = 0;
  bool started = false;
  Clock::time_point deadline;
  std::chrono::steady_clock::time_point last_write = std::chrono::steady_clock::now();
};

bool in_scope(const WatchState& w, const json& object) {
  if (object.is_null()) return false;
  if (!w.request.ns.empty() && string_at(object, {"metadata", "namespace"}) != w.request.ns) return false;
  return w.labels.matches(object["metadata"].value("labels", json(nullptr))) && w.fields.matches(object);
}

json render(const WatchState& w, const json& object) {
  const json shown = present(*w.request.type, object);
  const Representation r = w.request.representation;
  if (r != Representation::table && r != Representation::table_v1beta1) return shown;
  const std::string version = r == Representation::table ? "meta.k8s.io/v1" : "meta.k8s.io/v1beta1";
  return to_table(*w.request.type, json::array({shown}), {{"resourceVersion", string_at(shown, {"metadata",
                                                                                                 "resourceVersion"})}},
                  w.request.include_object, version);
}

std::string line(const char* type, const json& object) { return json{{"type", type}, {"object", object}}.dump() + "\n"; }

std::string bookmark(const WatchState& w, unsigned long long rv, bool initial_end) {
  json meta = {{"resourceVersion", std::to_string(rv)}};
  if (initial_end) meta["annotations"] = {{"k8s.io/initial-events-end", "true"}};
  return line("BOOKMARK", {{"kind", w.request.type->kind}, {"apiVersion", w.request.type->api_version()},
                           {"metadata", meta}});
}

std::string expired(unsigned long long asked, unsigned long long now) {
  ApiError e{410, "Expired", fmt::format("too old resource version: {} ({})", asked, now)};
  return line("ERROR", e.to_status());
}

// The first chunk: current objects (when no resourceVersion was given) or a check that the
// requested history still exists.
std::string start(Store& store, WatchState& w, bool& gone) {
  auto guard = store.lock();
  const std::string& rv = w.request.resource_version;
  std::string out;
  if (rv.empty() || rv == "0" || w.request.send_initial_events) {
    for (const auto& object : store.list(w.request.type->storage_key(), w.request.ns)) {
      if (in_scope(w, object)) out += line("ADDED", render(w, object));
    }
    w.cursor = store.resource_version();
    if (w.request.send_initial_events && w.request.bookmarks) out += bookmark(w, w.cursor, true);
    return out;
  }
  try {
    w.cursor = std::stoull(rv);
  } catch (const std::exception&) {
    w.cursor = 0;
  }
  if (!store.events_after(w.cursor, w.request.type->storage_key(), 0)) {
    gone = true;
    return expired(w.cursor, store.resource_version());
  }
  return out;
}

// Events since the cursor; bookmarks when idle. Empty when nothing happened.
std::string next(Store& store, WatchState& w, int bookmark_interval_ms, bool& gone) {
  auto guard = store.lock();
  constexpr std::size_t k_batch = 1000;
  const auto events = store.events_after(w.cursor, w.request.type->storage_key(), k_batch);
  if (!events) {
    gone = true;
    return expired(w.cursor, store.resource_version());
  }
  std::string out;
  for (const auto& e : *events) {
    const bool now_in = e.type != EventType::deleted && in_scope(w, e.object);
    const bool was_in = in_scope(w, e.previous);
    if (now_in && !was_in) out += line("ADDED", render(w, e.object));
    else if (now_in && was_in) out += line("MODIFIED", render(w, e.object));
    else if (was_in) out += line("DELETED", render(w, e.type == EventType::deleted ? e.object : e.previous));
    w.cursor = e.rv;
  }
  // Every event of this bucket up to the store's version has been seen: skip the others.
  if (events->size() < k_batch) w.cursor = std::max(w.cursor, store.resource_version());
  const auto idle = std::chrono::steady_clock::now() - w.last_write;
  if (out.empty() && w.request.bookmarks && idle > std::chrono::milliseconds(bookmark_interval_ms)) {
    out = bookmark(w, w.cursor, false);
  }
  return out;
}

// One call of the chunked provider: write what happened, end the stream when it is over, or
// wait (bounded) for the next change. False aborts the connection.
bool stream_step(ServerContext& ctx, WatchState& w, httplib::DataSink& sink) {
  Store& store = ctx.api.store();
  std::string chunk;
  bool gone = false;
  if (!w.started) {
    w.started = true;
    chunk = start(store, w, gone);
  } else {
    chunk = next(store, w, ctx.options.bookmark_interval_ms, gone);
  }
  if (!chunk.empty()) {
    if (!sink.write(chunk.data(), chunk.size())) return false;
    w.last_write = std::chrono::steady_clock::now();
  }
  if (gone || ctx.stopping || Clock::now() >= w.deadline) {
    sink.done();
    return true;
  }
  if (!sink.is_writable()) return false;
  if (chunk.empty()) store.wait_for_change(w.cursor, std::min(w.deadline, Clock::now() + std::chrono::milliseconds(250)));
  return true;
}

}  // namespace

void start_watch(ServerContext& ctx, httplib::Response& res, WatchRequest request) {
  std::string error;
  auto labels = LabelSelector::parse(request.label_selector, error);
  auto fields = FieldSelector::parse(request.field_selector, error);
  if (!labels || !fields) return send_error(res, bad_request(error));
  auto state = std::make_shared<WatchState>();
  state->labels = std::move(*labels);
  state->fields = std::move(*fields);
  const int timeout = request.timeout_seconds > 0 ? request.timeout_seconds : 1800;
  state->deadline = Clock::now() + std::chrono::seconds(timeout);
  state->request = std::move(request);
  const Representation r = state->request.representation;
  // ";stream=watch" also keeps httplib from gzip-buffering the stream (it compresses only exact
  // "application/json" bodies), so every event reaches the client when it happens.
  const std::string type = (r == Representation::table || r == Representation::table_v1beta1)
                               ? content_type(r) + ";stream=watch"
                               : "application/json;stream=watch";
  res.set_chunked_content_provider(type, [&ctx, state](size_t, httplib::DataSink& sink) {
    try {
      return stream_step(ctx, *state, sink);
    } catch (const std::exception& e) {  // runs outside httplib's handler try-block: never let it escape
      spdlog::error("watch {}: {}", state->request.type->plural, e.what());
      return false;
    }
  });
}

}  // namespace cococtl::sim
