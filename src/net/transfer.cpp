#include "transfer.hpp"

#include "errors.hpp"

#include <cococtl/util/interrupt.hpp>
#include <cococtl/util/strings.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

namespace cococtl::net::detail {
namespace {

constexpr std::size_t k_max_body = 512u * 1024 * 1024;  // a huge LIST fits; a runaway stream does not

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim_ws(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

bool all_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// HOST:PORT:ADDR:PORT where a host may be a bracketed IPv6 address and any field may be empty.
bool valid_connect_to(std::string_view entry) {
  for (int field = 0; field < 4; ++field) {
    const std::size_t from = field % 2 == 0 && entry.starts_with('[') ? entry.find(']') : 0;
    if (from == std::string_view::npos) return false;
    const std::size_t end = entry.find(':', from);
    const bool last = field == 3;
    if (last != (end == std::string_view::npos)) return false;
    if (field % 2 == 1 && !all_digits(entry.substr(0, end))) return false;
    entry = last ? std::string_view() : entry.substr(end + 1);
  }
  return true;
}

}  // namespace

Transfer::Transfer(Request request, const PreparedTls& tls, const std::string& proxy)
    : m_request(std::move(request)), m_easy(curl().easy_init()) {
  if (!m_easy) {
    m_problem = "curl_easy_init failed";
    return;
  }
  configure(tls, proxy);
}

Transfer::~Transfer() {
  if (m_easy) curl().easy_cleanup(m_easy);
  curl().slist_free_all(m_header_list);
  curl().slist_free_all(m_connect_to);
}

void Transfer::configure(const PreparedTls& tls, const std::string& proxy) {
  curl().easy_setopt(m_easy, CURLOPT_PRIVATE, this);
  curl().easy_setopt(m_easy, CURLOPT_NOSIGNAL, 1L);
  curl().easy_setopt(m_easy, CURLOPT_ERRORBUFFER, m_error.data());
  curl().easy_setopt(m_easy, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
  curl().easy_setopt(m_easy, CURLOPT_HEADERDATA, this);
  curl().easy_setopt(m_easy, CURLOPT_WRITEFUNCTION, &Transfer::on_write);
  curl().easy_setopt(m_easy, CURLOPT_WRITEDATA, this);
  curl().easy_setopt(m_easy, CURLOPT_NOPROGRESS, 0L);
  curl().easy_setopt(m_easy, CURLOPT_XFERINFOFUNCTION, &Transfer::on_progress);
  curl().easy_setopt(m_easy, CURLOPT_XFERINFODATA, this);
  curl().easy_setopt(m_easy, CURLOPT_TIMEOUT_MS, static_cast<long>(m_request.timeout.count()));
  curl().easy_setopt(m_easy, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms());
  curl().easy_setopt(m_easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl().easy_setopt(m_easy, CURLOPT_PIPEWAIT, 1L);  // wait to multiplex rather than open more connections
  curl().easy_setopt(m_easy, CURLOPT_TCP_KEEPALIVE, 1L);
  if (m_request.capture_peer_certificates) curl().easy_setopt(m_easy, CURLOPT_CERTINFO, 1L);
  // gzip only, like Go's (and so client-go's) transport: brotli costs servers far more CPU per
  // response (cpp-httplib: ~150 ms for a 64 KB list) for a few percent smaller bodies.
  if (m_request.accept_compressed) curl().easy_setopt(m_easy, CURLOPT_ACCEPT_ENCODING, "gzip");
  curl().easy_setopt(m_easy, CURLOPT_FOLLOWLOCATION, m_request.follow_redirects ? 1L : 0L);
  curl().easy_setopt(m_easy, CURLOPT_MAXREDIRS, 10L);
  if (!proxy.empty()) curl().easy_setopt(m_easy, CURLOPT_PROXY, proxy.c_str());
  apply_tls(m_easy, tls);
  configure_method();
  configure_url(tls);
}

void Transfer::configure_method() {
  for (const auto& [name, value] : m_request.headers) {
    m_header_list = curl().slist_append(m_header_list, fmt::format("{}: {}", name, value).c_str());
  }
  // A 100-continue round trip only adds latency for the small bodies an API client sends.
  m_header_list = curl().slist_append(m_header_list, "Expect:");
  curl().easy_setopt(m_easy, CURLOPT_HTTPHEADER, m_header_list);
  const auto& method = m_request.method;
  if (method == "HEAD") {
    curl().easy_setopt(m_easy, CURLOPT_NOBODY, 1L);
    return;
  }
  if (!m_request.body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    curl().easy_setopt(m_easy, CURLOPT_POSTFIELDS, m_request.body.data());
    curl().easy_setopt(m_easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(m_request.body.size()));
  }
  if (method != "GET" && method != "POST") curl().easy_setopt(m_easy, CURLOPT_CUSTOMREQUEST, method.c_str());
}

// Request::connect_to entries go to CURLOPT_CONNECT_TO as they are. With a server-name override
// the URL carries that name (SNI + verification) and one more entry sends the connection to the
// real host.
void Transfer::configure_url(const PreparedTls& tls) {
  for (const auto& entry : m_request.connect_to) {
    if (!valid_connect_to(entry)) {
      m_problem = "malformed connect_to entry " + util::quote_for_message(entry) + " (expected HOST:PORT:ADDR:PORT)";
      return;
    }
    m_connect_to = curl().slist_append(m_connect_to, entry.c_str());
  }
  if (tls.server_name.empty()) {
    curl().easy_setopt(m_easy, CURLOPT_URL, m_request.url.c_str());
  } else {
    rename_host(tls.server_name);
  }
  if (m_connect_to) curl().easy_setopt(m_easy, CURLOPT_CONNECT_TO, m_connect_to);
}

void Transfer::rename_host(const std::string& server_name) {
  CURLU* url = curl().url();
  char* host = nullptr;
  char* port = nullptr;
  char* rewritten = nullptr;
  if (curl().url_set(url, CURLUPART_URL, m_request.url.c_str(), 0) != CURLUE_OK ||
      curl().url_get(url, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
      curl().url_get(url, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK ||
      curl().url_set(url, CURLUPART_HOST, server_name.c_str(), 0) != CURLUE_OK ||
      curl().url_get(url, CURLUPART_URL, &rewritten, 0) != CURLUE_OK) {
    m_problem = "malformed URL";
  } else {
    const std::string route = fmt::format("{}:{}:{}:{}", server_name, port, host, port);
    m_connect_to = curl().slist_append(m_connect_to, route.c_str());
    curl().easy_setopt(m_easy, CURLOPT_URL, rewritten);
  }
  curl().free(host);
  curl().free(port);
  curl().free(rewritten);
  curl().url_cleanup(url);
}

size_t Transfer::on_header(char* data, size_t size, size_t count, void* self_ptr) {
  auto* self = static_cast<Transfer*>(self_ptr);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {  // a new response (redirect, 100 Continue): start over
    self->m_response.headers.clear();
    const auto space = line.find(' ');
    self->m_response.status = space == std::string_view::npos ? 0 : std::atoi(std::string(line.substr(space + 1, 3)).c_str());
    return size * count;
  }
  const auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    self->m_response.headers.emplace_back(lower(trim_ws(line.substr(0, colon))), std::string(trim_ws(line.substr(colon + 1))));
  }
  return size * count;
}

long Transfer::connect_timeout_ms() const {
  const long connect = static_cast<long>(m_request.connect_timeout.count());
  return m_request.timeout.count() > 0 ? std::min<long>(connect, static_cast<long>(m_request.timeout.count()))
                                       : connect;
}

// Which limit ran out: curl reports both as CURLE_OPERATION_TIMEDOUT. Until the request could be
// sent (no pre-transfer time; a reused connection has one at once) it was the connect limit, which
// covers the TLS handshake too (curl's detail says which part hung).
TimeoutPhase Transfer::timeout_phase() const {
  curl_off_t ready_to_send = 0;
  curl().easy_getinfo(m_easy, CURLINFO_PRETRANSFER_TIME_T, &ready_to_send);
  if (ready_to_send > 0) return {static_cast<long>(m_request.timeout.count()), ""};
  return {connect_timeout_ms(), " connecting"};
}

bool Transfer::streaming_now() const {
  return m_request.on_body && m_response.status >= 200 && m_response.status < 300;
}

size_t Transfer::on_write(char* data, size_t size, size_t count, void* self_ptr) {
  auto* self = static_cast<Transfer*>(self_ptr);
  const std::string_view chunk(data, size * count);
  if (self->streaming_now()) {
    if (self->m_request.on_body(chunk)) return chunk.size();
    self->m_aborted_by_caller = true;
    return 0;
  }
  if (self->m_response.body.size() + chunk.size() > k_max_body) {
    self->m_too_large = true;
    return 0;
  }
  self->m_response.body.append(chunk);
  return chunk.size();
}

int Transfer::on_progress(void* self_ptr, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  if (util::interrupted()) return 1;
  auto* self = static_cast<Transfer*>(self_ptr);
  if (!self->m_request.cancelled || !self->m_request.cancelled()) return 0;
  self->m_aborted_by_caller = true;
  return 1;
}

util::Result<Response> Transfer::perform() {
  if (!m_problem.empty()) {
    return util::failure(fmt::format("{} for {} {}", m_problem, m_request.method, url_for_message(m_request.url)));
  }
  return finish(curl().easy_perform(m_easy));
}

// -vv: every exchange, without query strings (signatures live there) and never a header.
void Transfer::log_exchange(CURLcode code) const {
  curl_off_t micros = 0;
  curl().easy_getinfo(m_easy, CURLINFO_TOTAL_TIME_T, &micros);
  const auto url = url_for_message(m_request.url);
  if (code == CURLE_OK) {
    spdlog::debug("HTTP {} {} -> {} in {} ms", m_request.method, url, m_response.status, micros / 1000);
  } else {
    spdlog::debug("HTTP {} {} -> no response after {} ms (curl {})", m_request.method, url, micros / 1000,
                  static_cast<int>(code));
  }
}

// The "Cert:" entry (PEM) of each certificate curl reports, leaf first.
void Transfer::collect_peer_certificates() {
  curl_certinfo* info = nullptr;
  if (curl().easy_getinfo(m_easy, CURLINFO_CERTINFO, &info) != CURLE_OK || !info) return;
  for (int i = 0; i < info->num_of_certs; ++i) {
    for (const curl_slist* entry = info->certinfo[i]; entry; entry = entry->next) {
      const std::string_view field(entry->data);
      if (field.starts_with("Cert:")) m_response.peer_certificates.emplace_back(field.substr(5));
    }
  }
}

util::Result<Response> Transfer::finish(CURLcode code) {
  if (code == CURLE_OK) {
    long status = 0;
    curl().easy_getinfo(m_easy, CURLINFO_RESPONSE_CODE, &status);
    m_response.status = static_cast<int>(status);
    if (m_request.capture_peer_certificates) collect_peer_certificates();
  }
  log_exchange(code);
  if (m_too_large) {
    return util::failure(fmt::format("response body larger than {} MiB for {} {}", k_max_body >> 20, m_request.method,
                                     url_for_message(m_request.url)));
  }
  if (code == CURLE_OPERATION_TIMEDOUT && !m_aborted_by_caller && !util::interrupted()) {
    return timeout_failure(m_request, timeout_phase(), m_error[0] ? m_error.data() : curl().easy_strerror(code));
  }
  if (code != CURLE_OK) return transport_failure(code, m_request, m_error.data(), m_aborted_by_caller);
  m_response.effective_url = m_request.url;
  if (m_request.follow_redirects) {
    char* effective = nullptr;
    if (curl().easy_getinfo(m_easy, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK && effective) m_response.effective_url = effective;
  }
  return std::move(m_response);
}

}  // namespace cococtl::net::detail
