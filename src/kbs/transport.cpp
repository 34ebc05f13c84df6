#include "transport.hpp"

#include <cococtl/util/strings.hpp>

#include <spdlog/spdlog.h>

namespace cococtl::kbs::detail {

using util::trim;

Transport::Transport(const Endpoint& endpoint, std::string base)
    : m_http(net::TlsConfig{.ca_pem = endpoint.ca_pem}),
      m_base(std::move(base)),
      m_connect_to(endpoint.connect_to),
      m_timeout(endpoint.timeout) {}

util::Result<std::unique_ptr<Transport>> Transport::create(const Endpoint& endpoint) {
  COCO_TRY_ASSIGN(auto base, normalize_url(endpoint.url));
  return std::unique_ptr<Transport>(new Transport(endpoint, std::move(base)));
}

util::Result<net::Response> Transport::send(const std::string& method, const std::string& path, std::string body,
                                            Headers headers) {
  net::Request request{.method = method,
                       .url = m_base + "/kbs/v0/" + path,
                       .headers = std::move(headers),
                       .body = std::move(body),
                       .timeout = m_timeout,
                       .connect_to = m_connect_to};
  spdlog::debug("KBS {} {}", method, request.url);
  auto response = m_http.send(request);
  if (!response.ok() && net::transport_error_of(response.error()) == net::TransportError::timeout) {
    return util::Error{util::ExitCode::timed_out, std::move(response).error().message};
  }
  return response;
}

std::string cookie_from(const net::Response& response, std::string_view name) {
  for (const auto& [header, value] : response.headers) {
    if (header != "set-cookie") continue;
    const std::string_view pair = trim(std::string_view(value).substr(0, value.find(';')));
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && trim(pair.substr(0, eq)) == name) return std::string(trim(pair.substr(eq + 1)));
  }
  return {};
}

util::Error server_fault(util::Error error) {
  error.code = util::ExitCode::failure;
  return error;
}

}  // namespace cococtl::kbs::detail
