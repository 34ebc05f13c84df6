#include "errors.hpp"

#include <cococtl/util/interrupt.hpp>

#include <fmt/format.h>

#include <array>

namespace cococtl::net {
namespace {

struct Phrase {
  TransportError kind;
  std::string_view text;  // unique: transport_error_of() finds the kind from it
};

constexpr Phrase k_connect{TransportError::connect, "could not connect"};
constexpr Phrase k_resolve{TransportError::connect, "could not resolve the host"};
constexpr Phrase k_verify{TransportError::tls, "TLS certificate verification failed"};
constexpr Phrase k_handshake{TransportError::tls, "TLS handshake failed"};
constexpr Phrase k_client_cert{TransportError::tls, "TLS client certificate rejected or unusable"};
constexpr Phrase k_ca_load{TransportError::tls, "TLS CA certificates could not be loaded"};
constexpr Phrase k_timeout{TransportError::timeout, "timed out"};
constexpr Phrase k_reset{TransportError::reset, "connection reset"};
constexpr Phrase k_closed{TransportError::reset, "connection closed without a complete response"};
constexpr Phrase k_aborted{TransportError::aborted, "aborted by the caller"};
constexpr Phrase k_interrupted{TransportError::aborted, "interrupted"};
constexpr Phrase k_other{TransportError::other, "request failed"};

constexpr std::array k_all{k_connect, k_resolve, k_verify, k_handshake, k_client_cert, k_ca_load,
                           k_timeout, k_reset, k_closed, k_aborted, k_interrupted, k_other};

Phrase phrase_for(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT: return k_connect;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return k_resolve;
    case CURLE_PEER_FAILED_VERIFICATION: return k_verify;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH: return k_handshake;
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CLIENTCERT: return k_client_cert;
    case CURLE_SSL_CACERT_BADFILE: return k_ca_load;
    case CURLE_OPERATION_TIMEDOUT: return k_timeout;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM: return k_reset;
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE: return k_closed;
    default: return k_other;
  }
}

}  // namespace

namespace detail {

util::Error transport_failure(CURLcode code, const Request& request, const std::string& detail,
                              bool aborted_by_caller) {
  const std::string target = fmt::format("{} {}", request.method, url_for_message(request.url));
  const std::string why = detail.empty() ? curl().easy_strerror(code) : detail;
  if (util::interrupted() && (code == CURLE_ABORTED_BY_CALLBACK || code == CURLE_WRITE_ERROR)) {
    return {util::ExitCode::interrupted, fmt::format("{} during {}", k_interrupted.text, target)};
  }
  if (aborted_by_caller) return util::failure(fmt::format("{} for {}", k_aborted.text, target));
  if (code == CURLE_OPERATION_TIMEDOUT) {
    return timeout_failure(request, {static_cast<long>(request.timeout.count()), ""}, why);
  }
  return util::failure(fmt::format("{} for {}: {}", phrase_for(code).text, target, why));
}

util::Error timeout_failure(const Request& request, const TimeoutPhase& phase, const std::string& detail) {
  return {util::ExitCode::timed_out, fmt::format("{} after {} ms{} for {} {}: {}", k_timeout.text, phase.limit_ms,
                                                 phase.during, request.method, url_for_message(request.url), detail)};
}

}  // namespace detail

std::string url_for_message(std::string_view url) {
  const auto query = url.find('?');
  if (query == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, query)) + "?…";
}

TransportError transport_error_of(const util::Error& error) {
  // Context added by callers is a prefix ("apply x: ..."), so the first phrase found wins.
  std::size_t best = std::string::npos;
  TransportError kind = TransportError::none;
  for (const auto& phrase : k_all) {
    const auto pos = error.message.find(phrase.text);
    const bool followed = pos != std::string::npos && (error.message.compare(pos + phrase.text.size(), 5, " for ") == 0 ||
                                                       error.message.compare(pos + phrase.text.size(), 7, " after ") == 0 ||
                                                       error.message.compare(pos + phrase.text.size(), 8, " during ") == 0);
    if (followed && pos < best) {
      best = pos;
      kind = phrase.kind;
    }
  }
  return kind;
}

std::string_view to_string(TransportError kind) {
  switch (kind) {
    case TransportError::none: return "none";
    case TransportError::connect: return "connect";
    case TransportError::tls: return "tls";
    case TransportError::timeout: return "timeout";
    case TransportError::reset: return "reset";
    case TransportError::aborted: return "aborted";
    case TransportError::other: return "other";
  }
  return "other";
}

}  // namespace cococtl::net
