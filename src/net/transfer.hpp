#pragma once
// One exchange: a configured curl easy handle plus the buffers its callbacks fill.

#include "errors.hpp"
#include "libcurl.hpp"
#include "tls.hpp"

#include <cococtl/net/http.hpp>

#include <array>
#include <memory>

namespace cococtl::net::detail {

class Transfer {
 public:
  // Configures the handle for `request`; a malformed URL is reported by setup_problem().
  Transfer(Request request, const PreparedTls& tls, const std::string& proxy);
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  CURL* handle() const { return m_easy; }
  const Request& request() const { return m_request; }
  // Non-empty when the request could not be configured (bad URL).
  const std::string& setup_problem() const { return m_problem; }

  // Runs the exchange on the calling thread (streaming requests).
  util::Result<Response> perform();
  // Turns curl's final code into the result (after multi or easy perform).
  util::Result<Response> finish(CURLcode code);

 private:
  static size_t on_header(char* data, size_t size, size_t count, void* self);
  static size_t on_write(char* data, size_t size, size_t count, void* self);
  static int on_progress(void* self, curl_off_t, curl_off_t, curl_off_t, curl_off_t);
  void configure(const PreparedTls& tls, const std::string& proxy);
  void configure_method();
  void configure_url(const PreparedTls& tls);
  void rename_host(const std::string& server_name);
  bool streaming_now() const;
  long connect_timeout_ms() const;
  TimeoutPhase timeout_phase() const;
  void log_exchange(CURLcode code) const;
  void collect_peer_certificates();

  Request m_request;
  CURL* m_easy = nullptr;
  curl_slist* m_header_list = nullptr;
  curl_slist* m_connect_to = nullptr;
  Response m_response;
  std::array<char, CURL_ERROR_SIZE> m_error{};
  std::string m_problem;
  bool m_aborted_by_caller = false;
  bool m_too_large = false;
};

}  // namespace cococtl::net::detail
