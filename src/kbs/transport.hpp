#pragma once
// One HTTPS client per KBS endpoint: paths under the base URL, the --connect-to routes, and
// transport errors mapped to exit codes (timeouts -> 5).

#include <cococtl/kbs/endpoint.hpp>
#include <cococtl/net/http.hpp>

#include <string>
#include <utility>
#include <vector>

namespace cococtl::kbs::detail {

using Headers = std::vector<std::pair<std::string, std::string>>;

class Transport {
 public:
  // Fails (invalid_input) on a bad URL; TLS material problems surface on the first send.
  static util::Result<std::unique_ptr<Transport>> create(const Endpoint& endpoint);

  // Sends METHOD <base>/kbs/v0/<path>. Any HTTP status is a result; transport failures are errors
  // (ExitCode::timed_out for timeouts).
  util::Result<net::Response> send(const std::string& method, const std::string& path, std::string body = {},
                                   Headers headers = {});

 private:
  explicit Transport(const Endpoint& endpoint, std::string base);
  net::HttpClient m_http;
  std::string m_base;
  std::vector<std::string> m_connect_to;
  std::chrono::milliseconds m_timeout;
};

// The value of cookie `name` set by `response` ("" when it sets none).
std::string cookie_from(const net::Response& response, std::string_view name);

// True for 2xx.
inline bool succeeded(const net::Response& response) { return response.status >= 200 && response.status < 300; }

// The same error with ExitCode::failure: answers the KBS sent that do not parse or verify are
// the server's fault, not the user's input.
util::Error server_fault(util::Error error);

}  // namespace cococtl::kbs::detail
