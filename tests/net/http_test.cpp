#include "support/test_server.hpp"

#include <cococtl/net/http.hpp>

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <set>

using namespace cococtl;
using cococtl::test::TestServer;

namespace {

void echo_routes(httplib::Server& s) {
  s.Get("/hello", [](const httplib::Request& req, httplib::Response& res) {
    res.set_header("X-Custom-Header", "yes");
    res.set_content("hello " + req.get_header_value("X-Who"), "text/plain");
  });
  s.Patch("/echo", [](const httplib::Request& req, httplib::Response& res) {
    res.status = 201;
    res.set_content(req.method + " " + req.get_header_value("Content-Type") + " " + req.body, "text/plain");
  });
  s.Delete("/echo", [](const httplib::Request& req, httplib::Response& res) { res.set_content(req.method, "text/plain"); });
  s.Get("/missing", [](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    res.set_content("not here", "text/plain");
  });
}

}  // namespace

TEST_CASE("send returns status, lower-cased headers and body") {
  TestServer server(echo_routes);
  net::HttpClient client;
  auto r = client.send({.url = server.base_url() + "/hello", .headers = {{"X-Who", "world"}}});
  REQUIRE(r.ok());
  CHECK(r->status == 200);
  CHECK(r->body == "hello world");
  CHECK(r->header("x-custom-header") == "yes");
  CHECK(r->header("X-CUSTOM-HEADER") == "yes");
  CHECK(r->header("absent").empty());
  for (const auto& [name, value] : r->headers) CHECK(std::none_of(name.begin(), name.end(), ::isupper));
  CHECK(r->effective_url == server.base_url() + "/hello");
}

TEST_CASE("send passes method, body and content type, non-2xx is not an error") {
  TestServer server(echo_routes);
  net::HttpClient client;
  auto patch = client.send({.method = "PATCH", .url = server.base_url() + "/echo",
                            .headers = {{"Content-Type", "application/apply-patch+yaml"}}, .body = "kind: X"});
  REQUIRE(patch.ok());
  CHECK(patch->status == 201);
  CHECK(patch->body == "PATCH application/apply-patch+yaml kind: X");
  auto del = client.send({.method = "DELETE", .url = server.base_url() + "/echo"});
  REQUIRE(del.ok());
  CHECK(del->body == "DELETE");
  auto missing = client.send({.url = server.base_url() + "/missing"});
  REQUIRE(missing.ok());
  CHECK(missing->status == 404);
  CHECK(missing->body == "not here");
}

TEST_CASE("sequential requests reuse one keep-alive connection") {
  std::mutex mutex;
  std::set<int> ports;
  TestServer server([&](httplib::Server& s) {
    s.Get("/p", [&](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex);
      ports.insert(req.remote_port);
      res.set_content("ok", "text/plain");
    });
  });
  net::HttpClient client;
  for (int i = 0; i < 4; ++i) REQUIRE(client.send({.url = server.base_url() + "/p"}).ok());
  CHECK(ports.size() == 1);
}

TEST_CASE("streaming delivers chunks to on_body, abort stops, errors keep their body") {
  TestServer server([](httplib::Server& s) {
    s.Get("/stream", [](const httplib::Request&, httplib::Response& res) {
      res.set_chunked_content_provider("application/json", [](size_t offset, httplib::DataSink& sink) {
        if (offset >= 3) {
          sink.done();
          return true;
        }
        sink.write("x", 1);
        return true;
      });
    });
    s.Get("/gone", [](const httplib::Request&, httplib::Response& res) {
      res.status = 410;
      res.set_content("{\"reason\":\"Expired\"}", "application/json");
    });
  });
  net::HttpClient client;
  std::string seen;
  net::Request request{.url = server.base_url() + "/stream"};
  request.on_body = [&](std::string_view chunk) {
    seen += chunk;
    return true;
  };
  auto r = client.send(request);
  REQUIRE(r.ok());
  CHECK(seen == "xxx");
  CHECK(r->body.empty());

  request.on_body = [](std::string_view) { return false; };
  auto aborted = client.send(request);
  REQUIRE_FALSE(aborted.ok());
  CHECK(net::transport_error_of(aborted.error()) == net::TransportError::aborted);

  request.url = server.base_url() + "/gone";
  request.on_body = [&](std::string_view) {
    seen = "called";
    return true;
  };
  auto gone = client.send(request);
  REQUIRE(gone.ok());
  CHECK(gone->status == 410);
  CHECK(gone->body == "{\"reason\":\"Expired\"}");
  CHECK(seen == "xxx");
}

TEST_CASE("send_all keeps order and never exceeds max_in_flight") {
  std::atomic<int> current{0}, peak{0};
  TestServer server([&](httplib::Server& s) {
    s.Get(R"(/n/(\d+))", [&](const httplib::Request& req, httplib::Response& res) {
      const int now = ++current;
      for (int p = peak; now > p && !peak.compare_exchange_weak(p, now);) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // keep requests overlapping
      --current;
      res.set_content(req.matches[1].str(), "text/plain");
    });
  });
  net::HttpClient client;
  std::vector<net::Request> requests;
  for (int i = 0; i < 16; ++i) requests.push_back({.url = server.base_url() + "/n/" + std::to_string(i)});
  requests.push_back({.url = "not a url at all"});
  auto results = client.send_all(requests, 4);
  REQUIRE(results.size() == 17);
  for (int i = 0; i < 16; ++i) {
    REQUIRE(results[i].ok());
    CHECK(results[i]->body == std::to_string(i));
  }
  CHECK_FALSE(results[16].ok());
  CHECK(peak <= 4);
  CHECK(peak >= 2);
}

TEST_CASE("concurrent send from several threads works") {
  TestServer server(echo_routes);
  net::HttpClient client;
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        auto r = client.send({.url = server.base_url() + "/hello", .headers = {{"X-Who", "t"}}});
        if (r.ok() && r->body == "hello t") ++good;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(good == 40);
}

TEST_CASE("connection refused and timeouts are classified and name the request") {
  int closed_port = 0;
  { TestServer gone(echo_routes); closed_port = gone.port(); }
  net::HttpClient client;
  const std::string url = "http://127.0.0.1:" + std::to_string(closed_port) + "/x";
  auto refused = client.send({.url = url});
  REQUIRE_FALSE(refused.ok());
  CHECK(net::transport_error_of(refused.error()) == net::TransportError::connect);
  CHECK_THAT(refused.error().message, Catch::Contains("GET " + url));

  std::mutex mutex;
  std::condition_variable release;
  bool done = false;
  TestServer slow([&](httplib::Server& s) {
    s.Get("/fast", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok", "text/plain"); });
    s.Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
      std::unique_lock lock(mutex);
      release.wait_for(lock, std::chrono::seconds(5), [&] { return done; });
      res.set_content("late", "text/plain");
    });
  });
  REQUIRE(client.send({.url = slow.base_url() + "/fast"}).ok());  // the slow request reuses this connection
  auto timed_out = client.send({.url = slow.base_url() + "/slow", .timeout = std::chrono::milliseconds(200)});
  {
    std::lock_guard lock(mutex);
    done = true;
  }
  release.notify_all();
  REQUIRE_FALSE(timed_out.ok());
  CHECK(timed_out.error().code == util::ExitCode::timed_out);
  CHECK(net::transport_error_of(timed_out.error()) == net::TransportError::timeout);
  CHECK_THAT(timed_out.error().message, Catch::StartsWith("timed out after 200 ms for GET " + slow.base_url() + "/slow"));
  auto context_added = util::Error(timed_out.error()).context("apply ConfigMap a/b");
  CHECK(net::transport_error_of(context_added) == net::TransportError::timeout);
  CHECK(net::transport_error_of(util::failure("something else")) == net::TransportError::none);
}

TEST_CASE("a server that never finishes the TLS handshake: the connect limit is the one named, exit code 5") {
  // The kernel completes TCP connections into the backlog; nobody ever answers the ClientHello.
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(listener >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(listener, 16) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  const std::string url = "https://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/api";

  net::HttpClient client;
  const auto start = std::chrono::steady_clock::now();
  auto hung = client.send(
      {.url = url, .timeout = std::chrono::milliseconds(5000), .connect_timeout = std::chrono::milliseconds(300)});
  const auto took = std::chrono::steady_clock::now() - start;
  ::close(listener);
  REQUIRE_FALSE(hung.ok());
  CHECK(hung.error().code == util::ExitCode::timed_out);
  CHECK_THAT(hung.error().message, Catch::StartsWith("timed out after 300 ms connecting for GET " + url));
  CHECK(net::transport_error_of(hung.error()) == net::TransportError::timeout);
  CHECK(took < std::chrono::seconds(3));
}

TEST_CASE("headers never appear in error messages") {
  net::HttpClient client;
  auto r = client.send({.url = "http://127.0.0.1:1/x", .headers = {{"Authorization", "Bearer sekrit-token-123"}}});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("sekrit") == std::string::npos);
}

TEST_CASE("query strings (presigned URL signatures) never appear in error messages") {
  net::HttpClient client;
  auto r = client.send({.url = "http://127.0.0.1:1/blob/sha256:ab?X-Amz-Signature=sekrit-signature&token=t0k3n"});
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::Contains("GET http://127.0.0.1:1/blob/sha256:ab?…"));
  CHECK(r.error().message.find("sekrit") == std::string::npos);
  CHECK(r.error().message.find("t0k3n") == std::string::npos);
  CHECK(net::url_for_message("https://h/p") == "https://h/p");
}
