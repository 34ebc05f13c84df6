#include <cococtl/oci/client.hpp>

#include "client_impl.hpp"
#include "url.hpp"

#include <cococtl/crypto/digest.hpp>
#include <cococtl/net/retry.hpp>
#include <cococtl/oci/certs.hpp>
#include <cococtl/oci/media_types.hpp>
#include <cococtl/oci/registry_error.hpp>
#include <cococtl/util/fs.hpp>
#include <cococtl/util/interrupt.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <thread>

namespace cococtl::oci {
namespace {

constexpr int k_max_redirects = 10;
constexpr std::chrono::milliseconds k_max_backoff{10000};

bool is_redirect(int status) { return status == 301 || status == 302 || status == 303 || status == 307 || status == 308; }

void drop_header(net::Request& request, std::string_view name) {
  std::erase_if(request.headers, [&](const auto& h) {
    return h.first.size() == name.size() && std::equal(h.first.begin(), h.first.end(), name.begin(),
                                                       [](char a, char b) { return std::tolower(a) == std::tolower(b); });
  });
}

util::Result<net::TlsConfig> tls_config(const Reference& ref, const ClientOptions& options) {
  net::TlsConfig tls;
  for (const auto& file : options.registry_ca_files) {
    const auto path = util::expand_user(file);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      return util::invalid_input(fmt::format("--registry-ca {}: no such file", path.string()));
    }
    tls.extra_ca_files.push_back(path.string());
  }
  const auto dirs = options.certs_dirs.empty() ? default_certs_dirs() : options.certs_dirs;
  const auto files = registry_tls_files(ref.registry, dirs);
  for (const auto& ca : files.ca_files) tls.extra_ca_files.push_back(ca.string());
  if (!files.client_cert.empty()) {
    COCO_TRY_ASSIGN(tls.client_cert_pem, util::read_file(files.client_cert));
    COCO_TRY_ASSIGN(tls.client_key_pem, util::read_file(files.client_key));
  }
  return tls;
}

util::Result<std::string> base_url_for(const Reference& ref, const ClientOptions& options) {
  if (!options.insecure_registry) return "https://" + ref.api_host();
  if (!is_loopback_registry(ref.registry)) {
    return util::usage_error(fmt::format("--insecure-registry is only allowed for loopback registries, not {}", ref.registry));
  }
  spdlog::warn("registry {}: using plain HTTP (--insecure-registry); nothing is encrypted or authenticated", ref.registry);
  return "http://" + ref.api_host();
}

}  // namespace

std::string RegistryClient::Impl::api_url(std::string_view kind, std::string_view reference) const {
  return fmt::format("{}/v2/{}/{}/{}", base_url, ref.repository, kind, reference);
}

util::Result<void> RegistryClient::Impl::ensure_ping() {
  if (pinged) return {};
  pinged = true;
  const auto url = base_url + "/v2/";
  COCO_TRY_ASSIGN(const auto response, send_retrying([&] {
    net::Request request;
    request.url = url;
    request.timeout = options.request_timeout;
    request.headers.emplace_back("User-Agent", options.user_agent);
    return request;
  }));
  if (response.status == 200) return {};
  if (response.status == 401) return {};  // send_once already prepared credentials from the challenge
  if (response.status == 404) return util::failure(fmt::format("{} does not serve the registry API (GET /v2/ gave 404)", ref.registry));
  return registry_failure(response, fmt::format("GET {}", url));
}

util::Result<net::Response> RegistryClient::Impl::send_once(net::Request request) {
  COCO_TRY(ensure_ping());
  bool reauthenticated = false;
  for (int hop = 0; hop <= k_max_redirects;) {
    const bool to_registry = url_origin(request.url) == origin;
    drop_header(request, "authorization");
    if (to_registry) {
      COCO_TRY_ASSIGN(const auto header, auth->authorization());
      if (!header.empty()) request.headers.emplace_back("Authorization", header);
    } else if (!request.url.starts_with("https://") && !(options.insecure_registry && is_loopback_http_url(request.url))) {
      return util::failure(fmt::format("refusing to follow a redirect to {}, which is not HTTPS", net::url_for_message(request.url)));
    }
    COCO_TRY_ASSIGN(auto response, http->send(request));
    // Registries use "Warning: 299 - \"text\"" for deprecations and quotas: show, never act on it.
    if (const auto warning = response.header("warning"); !warning.empty()) spdlog::warn("{}: {}", ref.registry, warning);
    if (response.status == 401 && to_registry && !reauthenticated) {
      reauthenticated = true;
      COCO_TRY(auth->on_unauthorized(response));
      continue;
    }
    const auto location = response.header("location");
    if (!is_redirect(response.status) || location.empty()) return response;
    const auto next = resolve_location(request.url, location);
    spdlog::debug("{} {} redirected to {}{}", request.method, request.url, url_origin(next),
                  url_origin(next) == origin ? "" : " (other host: no credentials sent)");
    request.url = next;
    ++hop;
  }
  return util::failure(fmt::format("more than {} redirects for {}", k_max_redirects, net::url_for_message(request.url)));
}

util::Result<net::Response> RegistryClient::Impl::send_retrying(const std::function<net::Request()>& make_request) {
  const net::RetryPolicy policy{options.max_attempts, {options.base_delay, k_max_backoff}};
  std::string method = "GET", url;
  return net::retry(
      [&] {
        const auto request = make_request();  // fresh each time: the token may have been renewed
        method = request.method;
        url = request.url;
        return send_once(request);
      },
      method, url, policy);
}

util::Error RegistryClient::Impl::registry_failure(const net::Response& response, std::string_view what) const {
  auto text = fmt::format("{}: {}", what, describe_registry_error(response.status, response.body));
  if (response.status == 401 || response.status == 403) text += fmt::format(" (registry {}, {})", ref.registry, auth->describe_credentials());
  return util::failure(std::move(text));
}

RegistryClient::RegistryClient(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
RegistryClient::~RegistryClient() = default;

util::Result<std::unique_ptr<RegistryClient>> RegistryClient::create(const Reference& ref, ClientOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->ref = ref;
  COCO_TRY_ASSIGN(impl->base_url, base_url_for(ref, options));
  impl->origin = url_origin(impl->base_url);
  COCO_TRY_ASSIGN(auto tls, tls_config(ref, options));
  impl->http = std::make_unique<net::HttpClient>(std::move(tls));
  const auto env = options.environment.value_or(CredentialEnvironment::from_process());
  COCO_TRY_ASSIGN(auto credential, find_credential(ref, auth_file_candidates(options.auth_file, env)));
  AuthSettings settings{ref.registry, fmt::format("repository:{}:pull", ref.repository), options.insecure_registry,
                        options.request_timeout, options.user_agent};
  impl->auth = std::make_unique<Authenticator>(*impl->http, std::move(settings), std::move(credential));
  impl->options = std::move(options);
  return std::unique_ptr<RegistryClient>(new RegistryClient(std::move(impl)));
}

std::string RegistryClient::credential_source() const { return m_impl->auth->describe_credentials(); }

}  // namespace cococtl::oci
