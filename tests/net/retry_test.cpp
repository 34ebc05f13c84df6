#include "support/test_server.hpp"

#include <cococtl/net/retry.hpp>

#include <catch2/catch.hpp>

#include <atomic>

using namespace cococtl;
using cococtl::test::DroppingServer;
using cococtl::test::TestServer;

namespace {

// Fails the first `failures` requests with `status` (and Retry-After when given), then 200.
TestServer::Routes flaky(std::atomic<int>& calls, int failures, int status, std::string retry_after) {
  return [&calls, failures, status, retry_after](httplib::Server& s) {
    s.Get("/r", [&calls, failures, status, retry_after](const httplib::Request&, httplib::Response& res) {
      if (++calls <= failures) {
        res.status = status;
        if (!retry_after.empty()) res.set_header("Retry-After", retry_after);
        res.set_content("Too many requests, please try again later.", "text/plain");
        return;
      }
      res.set_content("finally", "text/plain");
    });
  };
}

const net::RetryPolicy k_fast{10, {std::chrono::milliseconds(1), std::chrono::milliseconds(5)}};

}  // namespace

TEST_CASE("retries 429/5xx until success") {
  for (int status : {429, 500, 502, 503, 504}) {
    std::atomic<int> calls{0};
    TestServer server(flaky(calls, 3, status, ""));
    net::HttpClient client;
    auto r = net::send_with_retry(client, {.url = server.base_url() + "/r"}, k_fast);
    REQUIRE(r.ok());
    CHECK(r->status == 200);
    CHECK(r->body == "finally");
    CHECK(calls == 4);
  }
}

TEST_CASE("does not retry other statuses and stops after max_attempts") {
  std::atomic<int> calls{0}, calls404{0};
  TestServer server(flaky(calls, 100, 503, ""));
  TestServer notfound(flaky(calls404, 100, 404, ""));
  net::HttpClient client;  // destroyed first: its keep-alive connections must not hold the servers
  auto r = net::send_with_retry(client, {.url = server.base_url() + "/r"}, {3, {std::chrono::milliseconds(1), std::chrono::milliseconds(2)}});
  REQUIRE(r.ok());
  CHECK(r->status == 503);
  CHECK(calls == 3);

  auto nf = net::send_with_retry(client, {.url = notfound.base_url() + "/r"}, k_fast);
  REQUIRE(nf.ok());
  CHECK(nf->status == 404);
  CHECK(calls404 == 1);
  CHECK(net::retryable_status(429));
  CHECK_FALSE(net::retryable_status(409));
}

TEST_CASE("Retry-After is honoured") {
  std::atomic<int> calls{0};
  TestServer server(flaky(calls, 1, 429, "1"));
  net::HttpClient client;
  const auto start = std::chrono::steady_clock::now();
  auto r = net::send_with_retry(client, {.url = server.base_url() + "/r"}, k_fast);
  const auto waited = std::chrono::steady_clock::now() - start;
  REQUIRE(r.ok());
  CHECK(r->status == 200);
  CHECK(waited >= std::chrono::milliseconds(1000));
  CHECK(waited < std::chrono::milliseconds(5000));
}

TEST_CASE("connection resets are retried, other transport errors are not") {
  DroppingServer server(2, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
  net::HttpClient client;
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/x";
  auto single = client.send({.url = url});
  REQUIRE_FALSE(single.ok());
  CHECK(net::transport_error_of(single.error()) == net::TransportError::reset);
  auto r = net::send_with_retry(client, {.url = url}, k_fast);
  REQUIRE(r.ok());
  CHECK(r->body == "ok");
  CHECK(server.accepted() == 3);

  int closed_port = 0;
  { TestServer gone([](httplib::Server&) {}); closed_port = gone.port(); }
  auto refused = net::send_with_retry(client, {.url = "http://127.0.0.1:" + std::to_string(closed_port) + "/"}, k_fast);
  REQUIRE_FALSE(refused.ok());
  CHECK(net::transport_error_of(refused.error()) == net::TransportError::connect);
}
