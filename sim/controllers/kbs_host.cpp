#include "sim/controllers/kbs_host.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace cococtl::sim {

KbsHost::~KbsHost() { stop("shutdown"); }

void KbsHost::serve(const HostedKbsInputs& inputs, const std::string& host, const std::string& deployment) {
  std::lock_guard lock(m_mutex);
  if (m_server && inputs.fingerprint == m_fingerprint && host == m_host) return;
  if (!m_server && inputs.fingerprint == m_fingerprint && !m_broken.empty()) return;  // the same broken inputs
  if (m_server && host == m_host && m_server->rebuild(inputs.inputs).ok()) {
    spdlog::info("hosted KBS rebuilt: {}", inputs.fingerprint);
  } else {
    stop_locked();
    auto started = kbs::KbsServer::start(inputs.inputs, kbs::ServerOptions{});
    m_fingerprint = inputs.fingerprint;
    if (!started.ok()) {
      m_broken = deployment;
      m_failure = "the KBS cannot start: " + started.error().message;
      spdlog::warn("hosted KBS not started: {}", started.error().message);
      return;
    }
    m_server = std::move(started).value();
  }
  m_fingerprint = inputs.fingerprint;
  m_host = host;
  m_broken.clear();
  m_failure.clear();
  m_pending = true;
  announce_locked();
}

void KbsHost::fail(const std::string& why, const std::string& deployment) {
  std::lock_guard lock(m_mutex);
  if (m_failure == why && m_broken == deployment) return;
  spdlog::warn("hosted KBS not started: {}", why);
  stop_locked();
  m_fingerprint.clear();
  m_failure = why;
  m_broken = deployment;
}

void KbsHost::stop(const std::string& why) {
  std::lock_guard lock(m_mutex);
  if (!m_server && m_broken.empty() && m_failure == why) return;
  spdlog::info("{}: {}", m_server ? "hosted KBS stopped" : "no hosted KBS", why);
  stop_locked();
  m_fingerprint.clear();
  m_broken.clear();
  m_failure = why;
}

void KbsHost::stop_locked() {
  if (m_server) m_server->stop();
  m_server.reset();
  m_host.clear();
  m_pending = false;
}

void KbsHost::announce_to(Sink sink) {
  std::lock_guard lock(m_mutex);
  m_sink = std::move(sink);
  announce_locked();
}

void KbsHost::announce_locked() {
  if (!m_pending || !m_sink || !m_server) return;
  m_sink(fmt::format("kbs listening on {}://127.0.0.1:{} for {}", m_server->https() ? "https" : "http",
                     m_server->port(), m_host));
  m_pending = false;
}

std::shared_ptr<kbs::KbsState> KbsHost::state() const {
  std::lock_guard lock(m_mutex);
  return m_server ? m_server->state() : nullptr;
}

std::string KbsHost::host() const {
  std::lock_guard lock(m_mutex);
  return m_host;
}

int KbsHost::port() const {
  std::lock_guard lock(m_mutex);
  return m_server ? m_server->port() : 0;
}

std::string KbsHost::broken_deployment() const {
  std::lock_guard lock(m_mutex);
  return m_broken;
}

std::string KbsHost::failure() const {
  std::lock_guard lock(m_mutex);
  return m_failure;
}

}  // namespace cococtl::sim
