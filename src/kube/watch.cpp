// Cluster::watch: list, then watch from the list's resourceVersion; bookmarks, 410 relists,
// resumes after dropped streams.
#include "cluster_impl.hpp"
#include "json_stream.hpp"
#include "paths.hpp"

#include <cococtl/net/retry.hpp>
#include <cococtl/util/backoff.hpp>
#include <cococtl/util/interrupt.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <thread>

namespace cococtl::kube {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int k_max_resumes = 20;           // consecutive failed stream attempts before giving up
constexpr long k_server_timeout_seconds = 300;  // each watch request; resumed transparently

struct WatchState {
  std::string resource_version;
  bool stop = false;   // the handler is done
  bool gone = false;   // 410: history expired, relist
  std::string error{};  // an ERROR event that is not a 410
};

std::optional<WatchEventType> event_type(const std::string& type) {
  if (type == "ADDED") return WatchEventType::added;
  if (type == "MODIFIED") return WatchEventType::modified;
  if (type == "DELETED") return WatchEventType::deleted;
  return std::nullopt;
}

// Handles one decoded event; false ends the stream.
bool on_event(std::string_view text, WatchState& state, const std::function<bool(const WatchEvent&)>& handler) {
  const json event = json::parse(text, nullptr, false);
  if (!event.is_object()) return true;
  const std::string type = event.value("type", "");
  const json object = event.value("object", json::object());
  if (type == "ERROR") {
    if (object.value("code", 0) == 410) {
      state.gone = true;
    } else {
      state.error = fmt::format("watch error: {} {}", object.value("reason", ""), object.value("message", ""));
    }
    return false;
  }
  const std::string rv = object.value("metadata", json::object()).value("resourceVersion", "");
  if (!rv.empty()) state.resource_version = rv;
  const auto kind = event_type(type);
  if (!kind) return true;  // BOOKMARK (only moves the resume point) or unknown
  if (!handler(WatchEvent{*kind, object})) state.stop = true;
  return !state.stop;
}

// Delivers the current objects; false when the handler stopped.
util::Result<bool> relist(detail::Connection& connection, const ResourceInfo& info, const std::string& ns,
                          const WatchOptions& options, WatchState& state, bool relisted,
                          const std::function<bool(const WatchEvent&)>& handler) {
  COCO_TRY_ASSIGN(auto list, detail::list_all(connection, info, ns, {options.label_selector, options.field_selector}));
  state.resource_version = list.resource_version;
  state.gone = false;
  for (auto& item : list.items) {
    if (!handler(WatchEvent{WatchEventType::added, std::move(item), relisted})) return false;
  }
  return true;
}

net::Request watch_request(const ResourceInfo& info, const std::string& ns, const WatchOptions& options, const WatchState& state,
                           long timeout_seconds) {
  detail::Query query{{"watch", "1"}, {"resourceVersion", state.resource_version}, {"allowWatchBookmarks", "true"},
                      {"timeoutSeconds", std::to_string(timeout_seconds)}};
  if (!options.label_selector.empty()) query.emplace_back("labelSelector", options.label_selector);
  if (!options.field_selector.empty()) query.emplace_back("fieldSelector", options.field_selector);
  // The server closes the stream after timeoutSeconds; the client allows a little slack.
  return {.url = detail::collection_path(info, ns) + detail::query_string(query),
          .timeout = std::chrono::seconds(timeout_seconds + 2)};
}

// How long to wait before resuming after a failed attempt: the server's Retry-After, else backoff.
std::chrono::milliseconds resume_delay(const util::Result<net::Response>& response, int failures) {
  const util::Backoff backoff{.base = std::chrono::milliseconds(50), .max = std::chrono::milliseconds(2000)};
  if (response.ok()) {
    if (const auto after = util::parse_retry_after(response->header("retry-after"))) return *after;
  }
  return backoff.delay(failures);
}

}  // namespace

util::Result<void> Cluster::watch(const std::string& api_version, const std::string& kind, const std::string& ns,
                                  const WatchOptions& options, const std::function<bool(const WatchEvent&)>& handler) {
  COCO_TRY_ASSIGN(const auto info, resource_for(api_version, kind));
  const std::string scope = m_impl->namespace_for(info, ns);
  auto& connection = *m_impl->connection;
  const auto deadline = options.timeout.count() > 0 ? Clock::now() + options.timeout : Clock::time_point::max();
  WatchState state{options.resource_version};
  if (state.resource_version.empty()) {
    COCO_TRY_ASSIGN(const bool go_on, relist(connection, info, scope, options, state, false, handler));
    if (!go_on) return {};
  }
  if (!handler(WatchEvent{WatchEventType::synced, nullptr})) return {};
  const auto cancelled = [&] { return options.cancelled && options.cancelled(); };
  int quick_ends = 0;
  for (int failures = 0; !util::interrupted() && !cancelled() && Clock::now() < deadline;) {
    const auto started = Clock::now();
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(deadline - Clock::now()).count();
    net::Request request = watch_request(info, scope, options, state, std::clamp<long>(left + 1, 1, k_server_timeout_seconds));
    request.cancelled = options.cancelled;
    detail::JsonStream stream;
    request.on_body = [&](std::string_view chunk) {
      return stream.feed(chunk, [&](std::string_view text) { return on_event(text, state, handler); });
    };
    auto response = connection.call(std::move(request), false);
    if (state.stop || cancelled()) return {};
    if (!state.error.empty()) return util::failure(state.error);
    if (response.ok() && response->status == 410) state.gone = true;
    if (state.gone) {
      spdlog::debug("watch {}: resourceVersion {} expired (410), relisting", info.plural, state.resource_version);
      COCO_TRY_ASSIGN(const bool go_on, relist(connection, info, scope, options, state, true, handler));
      if (!go_on) return {};
      continue;
    }
    const bool refused = response.ok() && net::retryable_status(response->status);  // 429, 5xx: back off, as client-go
    if (response.ok() && response->status >= 300 && (!refused || failures >= k_max_resumes)) {
      return api_error(parse_status(*response)).context("watch " + info.plural);
    }
    if (!response.ok() || refused) {
      if (!response.ok() && (response.error().code == util::ExitCode::interrupted || failures >= k_max_resumes)) {
        return std::move(response).error();
      }
      spdlog::debug("watch {}: {}, resuming", info.plural,
                    refused ? fmt::format("HTTP {}", response->status) : response.error().message);
      if (!util::system_clock().sleep_for(resume_delay(response, failures++))) break;
      continue;
    }
    // A clean end of stream (server timeout): resume from the last resourceVersion, pausing
    // when streams end suspiciously fast so a misbehaving server is not hammered.
    failures = 0;
    quick_ends = Clock::now() - started < std::chrono::seconds(1) ? quick_ends + 1 : 0;
    if (quick_ends > 1) std::this_thread::sleep_for(std::chrono::milliseconds(std::min(1000, 25 << std::min(quick_ends, 6))));
  }
  if (util::interrupted()) return util::Error{util::ExitCode::interrupted, "interrupted while watching " + info.plural};
  return {};
}

}  // namespace cococtl::kube
