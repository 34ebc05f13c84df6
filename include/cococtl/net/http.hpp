#pragma once
// HTTP(S) client over libcurl: one connection pool per HttpClient (keep-alive, HTTP/2
// multiplexing when the server offers it), TLS always verified unless explicitly disabled,
// errors as values that name the request (method + URL, never headers) and what failed.

#include <cococtl/util/result.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cococtl::net {

struct TlsConfig {
  std::string ca_file{};                    // PEM bundle trusted instead of the system store
  std::string ca_pem{};                      // PEM text trusted instead of the system store (adds to ca_file)
  std::vector<std::string> extra_ca_files{};  // trusted in addition to the above (or to the system store)
  std::string client_cert_pem{};            // client certificate (mutual TLS); needs client_key_pem
  std::string client_key_pem{};
  bool insecure_skip_verify = false;  // no peer/host verification: callers must warn loudly
  std::string server_name{};          // SNI and verification name instead of the URL host
};

struct Request {
  std::string method = "GET";
  std::string url{};
  std::vector<std::pair<std::string, std::string>> headers{};
  std::string body{};
  std::chrono::milliseconds timeout{30000};          // whole exchange; 0 = no limit (watches)
  std::chrono::milliseconds connect_timeout{15000};  // TCP connect + TLS handshake (at most `timeout`)
  bool follow_redirects = false;
  bool accept_compressed = true;  // offer gzip (kubeconfig disable-compression turns it off)
  // curl's --connect-to entries "HOST:PORT:ADDR:PORT": a connection to HOST:PORT goes to ADDR:PORT
  // instead, while TLS still verifies HOST (an empty field matches any; IPv6 in brackets).
  // A malformed entry makes send() fail with invalid_input.
  std::vector<std::string> connect_to{};
  // Streaming: the body of a 2xx response goes here chunk by chunk instead of Response::body;
  // return false to abort (the send then fails with TransportError::aborted). Bodies of
  // non-2xx responses are still collected in Response::body so errors can be parsed.
  std::function<bool(std::string_view)> on_body{};
  // Polled about once a second (and on every chunk) while the exchange runs: returning true
  // aborts it (TransportError::aborted). Lets another thread end a long watch.
  std::function<bool()> cancelled{};
  // Collect the server's certificate chain (Response::peer_certificates). Only a new connection
  // has one: use a fresh HttpClient for the request that needs it.
  bool capture_peer_certificates = false;
};

enum class TransportError { none, connect, tls, timeout, reset, aborted, other };

struct Response {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers{};  // names lower-cased, in arrival order
  std::string body{};
  std::string effective_url{};
  // With Request::capture_peer_certificates: the chain the server sent, PEM, leaf first (empty
  // when the connection was reused or the TLS backend does not report it).
  std::vector<std::string> peer_certificates{};

  // The first value of header `name` (any case), or "" when absent.
  std::string header(std::string_view name) const;
};

class HttpClient {
 public:
  // A client with its own connection pool. `proxy` ("" = curl's usual http(s)_proxy/no_proxy
  // environment) is used for every request. Invalid TLS material is reported by send().
  explicit HttpClient(TlsConfig tls = {}, std::string proxy = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Performs one exchange. Thread-safe: concurrent calls share the pool (and multiplex over
  // HTTP/2). Any HTTP status is a success; transport failures (connect, TLS, timeout, reset,
  // abort, SIGINT) are errors whose message reads "<what failed> for <METHOD> <URL>: <detail>"
  // (ExitCode::interrupted after SIGINT; ExitCode::timed_out, "timed out after <the limit that
  // ran out> ms [connecting]", for timeouts). Streaming requests run on the
  // calling thread.
  util::Result<Response> send(const Request& request);

  // Performs `requests` with at most `max_in_flight` (>= 1) exchanges at once; results are in
  // request order. on_body callbacks run on the client's I/O thread and must not call the client.
  std::vector<util::Result<Response>> send_all(std::vector<Request> requests, std::size_t max_in_flight);

  class Impl;

 private:
  std::unique_ptr<Impl> m_impl;
};

// The kind of transport failure an error from send() describes; `none` for errors that did
// not come from the transport (e.g. after context was added by another module it still works,
// because the classification is read from the message vocabulary of this module).
TransportError transport_error_of(const util::Error& error);

// Checks that a client certificate (leaf first) and its key are PEM, unencrypted, and belong
// together, so a broken pair is reported as bad input before any handshake. Fails
// (invalid_input) saying which part is unusable; the message never quotes either PEM.
util::Result<void> check_client_certificate(std::string_view cert_pem, std::string_view key_pem);

// `url` as errors and logs show it: a query string (presigned blob URLs carry signatures and
// tokens there) is replaced by "?…". Never fails.
std::string url_for_message(std::string_view url);

// "connect", "tls", ... for messages and logs.
std::string_view to_string(TransportError kind);

}  // namespace cococtl::net
