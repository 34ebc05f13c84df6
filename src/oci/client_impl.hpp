#pragma once
// RegistryClient's private state, shared by client.cpp (setup, manifests) and blob.cpp.

#include "authenticator.hpp"

#include <cococtl/net/http.hpp>
#include <cococtl/oci/client.hpp>

#include <functional>
#include <memory>
#include <string>

namespace cococtl::oci {

class RegistryClient::Impl {
 public:
  Reference ref;
  ClientOptions options;
  std::string base_url;  // "https://host:port"
  std::string origin;    // url_origin(base_url)
  std::unique_ptr<net::HttpClient> http;
  std::unique_ptr<Authenticator> auth;
  bool pinged = false;

  // GET /v2/ once before the first request: checks this is a registry and learns its auth
  // scheme (a 401 challenge prepares Basic credentials or a token for the repository).
  util::Result<void> ensure_ping();

  // "<base>/v2/<repository>/<kind>/<reference>".
  std::string api_url(std::string_view kind, std::string_view reference) const;

  // One exchange: Authorization only towards the registry's own origin, one re-authentication
  // after a 401, redirects followed by hand (at most 10). Fails on transport errors.
  util::Result<net::Response> send_once(net::Request request);

  // send_once with retries (429/5xx/connection resets, backoff honouring Retry-After);
  // `make_request` builds a fresh request for every attempt (streaming state is reset there).
  util::Result<net::Response> send_retrying(const std::function<net::Request()>& make_request);

  // The error for a non-2xx answer: the registry's words plus, for 401/403, whose credentials.
  util::Error registry_failure(const net::Response& response, std::string_view what) const;
};

}  // namespace cococtl::oci
