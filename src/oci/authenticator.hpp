#pragma once
// Registry authentication state: which scheme the registry asked for, the credential in use,
// and Bearer tokens per scope with their expiry.

#include <cococtl/net/http.hpp>
#include <cococtl/oci/auth_challenge.hpp>
#include <cococtl/oci/credentials.hpp>
#include <cococtl/util/result.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace cococtl::oci {

struct AuthSettings {
  std::string registry;       // for messages
  std::string default_scope;  // "repository:<repo>:pull"
  bool allow_http_realm = false;  // loopback + --insecure-registry only
  std::chrono::milliseconds timeout{60000};
  std::string user_agent;
};

class Authenticator {
 public:
  Authenticator(net::HttpClient& http, AuthSettings settings, std::optional<Credential> credential);

  // The Authorization header value for the next registry request ("" = none). Refreshes an
  // expired Bearer token. Fails when the token endpoint fails.
  util::Result<std::string> authorization();

  // Reacts to a 401 from the registry: reads its challenge and prepares credentials (Basic) or
  // a fresh token (Bearer, scope from the challenge or the default). Fails (failure) when the
  // challenge is unusable, no credentials exist for Basic, or the token endpoint refuses.
  util::Result<void> on_unauthorized(const net::Response& response);

  // "credentials from <file> (key …)" or "no credentials (anonymous)", for error messages.
  std::string describe_credentials() const;

 private:
  util::Result<void> fetch_token(const Challenge& challenge);
  util::Result<net::Response> request_token(const Challenge& challenge, const std::string& scope);
  util::Result<void> accept_token(const net::Response& response, const std::string& realm, const std::string& scope);

  struct Token {
    std::string value;
    std::chrono::steady_clock::time_point expires;
  };

  net::HttpClient& m_http;
  AuthSettings m_settings;
  std::optional<Credential> m_credential;
  std::optional<Challenge> m_bearer;  // last Bearer challenge, to refresh expired tokens
  std::string m_scope;                // scope of the current token
  std::optional<Token> m_token;
  bool m_basic = false;
};

}  // namespace cococtl::oci
