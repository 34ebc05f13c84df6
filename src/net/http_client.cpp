#include "engine.hpp"
#include "tls.hpp"
#include "transfer.hpp"

#include <cococtl/net/http.hpp>

#include <fmt/format.h>

#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>
#include <strings.h>

namespace cococtl::net {

class HttpClient::Impl {
 public:
  Impl(const TlsConfig& tls, std::string proxy) : m_proxy(std::move(proxy)) {
    auto loaded = detail::load_curl();
    if (!loaded.ok()) {
      m_unavailable = std::move(loaded).error();
      return;
    }
    m_tls = detail::prepare_tls(tls);
    m_engine.emplace();
  }

  // The transfer for `request`, or the reason it cannot be sent at all.
  util::Result<std::unique_ptr<detail::Transfer>> make(Request request) const {
    if (m_unavailable) {
      return util::failure(fmt::format("no HTTP client for {} {}: {}", request.method, url_for_message(request.url),
                                       m_unavailable->message));
    }
    if (!m_tls.problem.empty()) {
      return util::invalid_input(fmt::format("invalid TLS configuration for {} {}: {}", request.method,
                                             url_for_message(request.url), m_tls.problem));
    }
    auto transfer = std::make_unique<detail::Transfer>(std::move(request), m_tls, m_proxy);
    if (!transfer->setup_problem().empty()) {
      const auto& r = transfer->request();
      return util::invalid_input(
          fmt::format("{} for {} {}", transfer->setup_problem(), r.method, url_for_message(r.url)));
    }
    return transfer;
  }

  // Only called after make() succeeded, which implies the engine exists.
  detail::Engine& engine() { return *m_engine; }

 private:
  std::optional<util::Error> m_unavailable;  // libcurl could not be loaded
  detail::PreparedTls m_tls;
  std::string m_proxy;
  std::optional<detail::Engine> m_engine;
};

namespace {

// Collects the results of one send_all batch and limits how many run at once.
struct Batch {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::optional<util::Result<Response>>> results;
  std::size_t in_flight = 0;
};

}  // namespace

std::string Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && ::strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
  }
  return {};
}

HttpClient::HttpClient(TlsConfig tls, std::string proxy) {
  m_impl = std::make_unique<Impl>(tls, std::move(proxy));
}

HttpClient::~HttpClient() = default;

util::Result<Response> HttpClient::send(const Request& request) {
  COCO_TRY_ASSIGN(auto transfer, m_impl->make(request));
  if (request.on_body) return transfer->perform();
  std::promise<util::Result<Response>> promise;
  auto future = promise.get_future();
  m_impl->engine().submit(std::move(transfer), [&promise](util::Result<Response> r) { promise.set_value(std::move(r)); });
  return future.get();
}

std::vector<util::Result<Response>> HttpClient::send_all(std::vector<Request> requests, std::size_t max_in_flight) {
  const std::size_t limit = std::max<std::size_t>(1, max_in_flight);
  Batch batch;
  batch.results.resize(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    auto transfer = m_impl->make(std::move(requests[i]));
    std::unique_lock lock(batch.mutex);
    if (!transfer.ok()) {
      batch.results[i].emplace(std::move(transfer).error());
      continue;
    }
    batch.changed.wait(lock, [&] { return batch.in_flight < limit; });
    ++batch.in_flight;
    lock.unlock();
    m_impl->engine().submit(std::move(*transfer), [&batch, i](util::Result<Response> r) {
      std::lock_guard guard(batch.mutex);
      batch.results[i].emplace(std::move(r));
      --batch.in_flight;
      batch.changed.notify_all();
    });
  }
  std::unique_lock lock(batch.mutex);
  batch.changed.wait(lock, [&] { return batch.in_flight == 0; });
  std::vector<util::Result<Response>> out;
  out.reserve(batch.results.size());
  for (auto& slot : batch.results) out.push_back(std::move(*slot));
  return out;
}

}  // namespace cococtl::net
