#pragma once
// The client's I/O thread: one curl multi handle (the connection pool, HTTP/2 multiplexing)
// driving every non-streaming transfer. Completion callbacks run on this thread.

#include "transfer.hpp"

#include "libcurl.hpp"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace cococtl::net::detail {

class Engine {
 public:
  using Done = std::function<void(util::Result<Response>)>;

  Engine();
  ~Engine();  // fails transfers still running with "client shut down"
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Queues `transfer`; `done` is called exactly once with its result.
  void submit(std::unique_ptr<Transfer> transfer, Done done);

 private:
  struct Job {
    std::unique_ptr<Transfer> transfer;
    Done done;
  };

  void run();
  void admit_queued();
  void reap_finished();
  void fail_all(const std::string& why);

  CURLM* m_multi = nullptr;
  std::mutex m_mutex;
  std::vector<Job> m_queue;  // guarded by m_mutex
  bool m_stop = false;       // guarded by m_mutex
  std::map<CURL*, Job> m_active;  // I/O thread only
  std::thread m_thread;
};

}  // namespace cococtl::net::detail
