#include "redirect_proxy.hpp"

#include "registry.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include <regex>
#include <stdexcept>

namespace cococtl::oci::test {
namespace {

std::unique_ptr<httplib::Client> backend_client(LocalRegistry& backend, const TestPki& pki) {
  auto client = std::make_unique<httplib::Client>(backend.url());
  client->set_ca_cert_path(pki.ca_cert.c_str());
  return client;
}

void copy_answer(const httplib::Result& from, httplib::Response& to) {
  if (!from) {
    to.status = 502;
    return;
  }
  to.status = from->status;
  for (const char* h : {"Docker-Content-Digest", "WWW-Authenticate", "Docker-Distribution-Api-Version"}) {
    if (from->has_header(h)) to.set_header(h, from->get_header_value(h));
  }
  to.set_content(from->body, from->get_header_value("Content-Type").c_str());
}

}  // namespace

RedirectProxy::RedirectProxy(const TestPki& pki, LocalRegistry& backend, std::string backend_authorization)
    : m_pki(pki), m_backend(backend), m_backend_authorization(std::move(backend_authorization)) {
  m_server = std::make_unique<httplib::SSLServer>(pki.server_cert.c_str(), pki.server_key.c_str());
  m_server->Get(R"(/cdn/(.*))", [this](const httplib::Request& req, httplib::Response& res) {
    int status = 0;
    {
      std::lock_guard lock(m_mutex);
      m_cdn.push_back({req.path, req.get_header_value("Authorization")});
    }
    if (take_fault(req.path, status)) return void(res.status = status);
    auto client = backend_client(m_backend, m_pki);
    const auto blob = client->Get(("/v2/" + req.matches[1].str()).c_str(), {{"Authorization", m_backend_authorization}});
    if (!blob || blob->status != 200) return copy_answer(blob, res);
    std::size_t cut = 0;
    {
      std::lock_guard lock(m_mutex);
      if (m_cuts > 0 && blob->body.size() > m_cut_bytes) {
        --m_cuts;
        cut = m_cut_bytes;
      }
    }
    auto body = std::make_shared<std::string>(blob->body);
    res.set_content_provider(body->size(), "application/octet-stream",
                             [body, cut](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                               if (cut > 0 && offset >= cut) return false;  // drop the connection mid-body
                               const auto n = cut > 0 ? std::min(length, cut - offset) : length;
                               sink.write(body->data() + offset, n);
                               return true;
                             });
  });
  m_server->Get(R"(/v2/.*)", [this](const httplib::Request& req, httplib::Response& res) {
    int status = 0;
    if (take_fault(req.path, status)) {
      res.set_header("Retry-After", "0");
      return void(res.status = status);
    }
    static const std::regex blob(R"(^/v2/(.+)/blobs/(sha256:[0-9a-f]{64})$)");
    std::smatch m;
    if (std::regex_match(req.path, m, blob)) {
      {
        std::lock_guard lock(m_mutex);
        m_redirected.push_back({req.path, req.get_header_value("Authorization")});
      }
      res.status = 307;
      res.set_header("Location", fmt::format("https://localhost:{}/cdn/{}/blobs/{}?signature=abc", m_port, m[1].str(), m[2].str()));
      return;
    }
    httplib::Headers headers;
    for (const char* h : {"Authorization", "Accept"}) {
      if (req.has_header(h)) headers.emplace(h, req.get_header_value(h));
    }
    copy_answer(backend_client(m_backend, m_pki)->Get(req.target.c_str(), headers), res);
  });
  m_port = m_server->bind_to_any_port("127.0.0.1");
  if (m_port <= 0) throw std::runtime_error("redirect proxy: cannot bind");
  m_thread = std::thread([this] { m_server->listen_after_bind(); });
  // The socket already listens (connections queue in the backlog); still wait for the loop, bounded.
  for (int i = 0; i < 500 && !m_server->is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

RedirectProxy::~RedirectProxy() {
  m_server->stop();
  if (m_thread.joinable()) m_thread.join();
}

std::string RedirectProxy::host() const { return fmt::format("127.0.0.1:{}", m_port); }

std::vector<SeenRequest> RedirectProxy::cdn_requests() const {
  std::lock_guard lock(m_mutex);
  return m_cdn;
}

std::vector<SeenRequest> RedirectProxy::redirected_requests() const {
  std::lock_guard lock(m_mutex);
  return m_redirected;
}

void RedirectProxy::fail_next(const std::string& path_part, int count, int status) {
  std::lock_guard lock(m_mutex);
  m_faults.push_back({path_part, count, status});
}

void RedirectProxy::cut_next_downloads(int count, std::size_t bytes) {
  std::lock_guard lock(m_mutex);
  m_cuts = count;
  m_cut_bytes = bytes;
}

bool RedirectProxy::take_fault(const std::string& path, int& status) {
  std::lock_guard lock(m_mutex);
  for (auto& f : m_faults) {
    if (f.count > 0 && path.find(f.path_part) != std::string::npos) {
      --f.count;
      status = f.status;
      return true;
    }
  }
  return false;
}

}  // namespace cococtl::oci::test
