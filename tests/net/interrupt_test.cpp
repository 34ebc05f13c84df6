// SIGINT handling: a separate binary, because the interrupted flag cannot be reset.
#include "support/test_server.hpp"

#include <cococtl/net/retry.hpp>
#include <cococtl/util/interrupt.hpp>

#include <catch2/catch.hpp>

#include <condition_variable>
#include <csignal>

using namespace cococtl;
using cococtl::test::TestServer;

TEST_CASE("SIGINT ends a request in flight promptly with ExitCode::interrupted") {
  util::install_interrupt_handler();
  std::mutex mutex;
  std::condition_variable cv;
  bool entered = false, release = false;
  TestServer server([&](httplib::Server& s) {
    s.Get("/block", [&](const httplib::Request&, httplib::Response& res) {
      std::unique_lock lock(mutex);
      entered = true;
      cv.notify_all();
      cv.wait_for(lock, std::chrono::seconds(10), [&] { return release; });
      res.set_content("late", "text/plain");
    });
    s.Get("/busy", [](const httplib::Request&, httplib::Response& res) { res.status = 503; });
  });
  std::thread interrupter([&] {
    std::unique_lock lock(mutex);
    cv.wait_for(lock, std::chrono::seconds(10), [&] { return entered; });
    std::raise(SIGINT);
  });
  net::HttpClient client;
  const auto start = std::chrono::steady_clock::now();
  auto r = client.send({.url = server.base_url() + "/block"});
  const auto took = std::chrono::steady_clock::now() - start;
  interrupter.join();
  {
    std::lock_guard lock(mutex);
    release = true;
  }
  cv.notify_all();
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == util::ExitCode::interrupted);
  CHECK(net::transport_error_of(r.error()) == net::TransportError::aborted);
  CHECK(took < std::chrono::seconds(3));

  // Afterwards retries stop at once instead of sleeping through their backoff.
  const auto again = std::chrono::steady_clock::now();
  auto retried = net::send_with_retry(client, {.url = server.base_url() + "/busy"}, {});
  REQUIRE_FALSE(retried.ok());
  CHECK(retried.error().code == util::ExitCode::interrupted);
  CHECK(std::chrono::steady_clock::now() - again < std::chrono::seconds(2));
}
