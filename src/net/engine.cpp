#include "engine.hpp"

#include <cococtl/util/interrupt.hpp>

#include <fmt/format.h>

namespace cococtl::net::detail {
namespace {

constexpr int k_poll_ms = 100;  // bounds how long a SIGINT goes unnoticed
constexpr long k_max_cached_connections = 64;
// HTTP/1.1 servers get at most this many parallel connections (more requests queue in curl);
// HTTP/2 servers multiplex everything over one. 16 matches the default apply concurrency and
// stays under client-go's 25 idle connections per host.
constexpr long k_max_host_connections = 16;

}  // namespace

Engine::Engine() : m_multi(curl().multi_init()) {
  curl().multi_setopt(m_multi, CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
  curl().multi_setopt(m_multi, CURLMOPT_MAXCONNECTS, k_max_cached_connections);
  curl().multi_setopt(m_multi, CURLMOPT_MAX_HOST_CONNECTIONS, k_max_host_connections);
  m_thread = std::thread([this] { run(); });
}

Engine::~Engine() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  curl().multi_wakeup(m_multi);
  m_thread.join();
  curl().multi_cleanup(m_multi);
}

void Engine::submit(std::unique_ptr<Transfer> transfer, Done done) {
  {
    std::lock_guard lock(m_mutex);
    m_queue.push_back({std::move(transfer), std::move(done)});
  }
  curl().multi_wakeup(m_multi);
}

void Engine::run() {
  for (;;) {
    {
      std::lock_guard lock(m_mutex);
      if (m_stop) break;
    }
    admit_queued();
    int running = 0;
    curl().multi_perform(m_multi, &running);
    reap_finished();
    if (util::interrupted()) fail_all("interrupted");
    curl().multi_poll(m_multi, nullptr, 0, k_poll_ms, nullptr);
  }
  fail_all("client shut down");
  std::lock_guard lock(m_mutex);
  for (auto& job : m_queue) job.done(util::failure("client shut down"));
  m_queue.clear();
}

void Engine::admit_queued() {
  std::vector<Job> incoming;
  {
    std::lock_guard lock(m_mutex);
    incoming.swap(m_queue);
  }
  for (auto& job : incoming) {
    CURL* easy = job.transfer->handle();
    curl().multi_add_handle(m_multi, easy);
    m_active.emplace(easy, std::move(job));
  }
}

void Engine::reap_finished() {
  int left = 0;
  while (CURLMsg* msg = curl().multi_info_read(m_multi, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* easy = msg->easy_handle;
    const CURLcode code = msg->data.result;
    curl().multi_remove_handle(m_multi, easy);
    auto node = m_active.extract(easy);
    if (node.empty()) continue;
    Job& job = node.mapped();
    job.done(job.transfer->finish(code));
  }
}

// Used on SIGINT and shutdown: every running transfer ends now with a clear error.
void Engine::fail_all(const std::string& why) {
  for (auto& [easy, job] : m_active) {
    curl().multi_remove_handle(m_multi, easy);
    const auto& request = job.transfer->request();
    const auto code = why == "interrupted" ? util::ExitCode::interrupted : util::ExitCode::failure;
    job.done(util::Error{code, fmt::format("{} during {} {}", why, request.method, request.url)});
  }
  m_active.clear();
}

}  // namespace cococtl::net::detail
