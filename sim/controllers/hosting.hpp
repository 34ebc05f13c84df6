#pragma once
// What the simulated cluster runs besides its API objects: the KBS it hosts, and what the
// simulated application containers serve (the API server's service proxy answers with it).

#include "sim/controllers/kbs_host.hpp"

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cococtl::sim {

// The bytes each running Pod's application serves at "/", by Pod uid. Written by the kubelet
// (tick thread), read by the service proxy (HTTP threads).
class PodPayloads {
 public:
  void set(const std::string& uid, std::string content);
  std::optional<std::string> get(const std::string& uid) const;
  // Forgets every Pod not in `uids` (deleted Pods).
  void retain(const std::set<std::string>& uids);

 private:
  mutable std::mutex m_mutex;
  std::map<std::string, std::string> m_content;
};

struct Hosting {
  KbsHost kbs;
  PodPayloads payloads;
  // --external-kbs: KBS host names that live outside this simulator (a spoke's hub).
  std::vector<std::string> external_kbs;
};

}  // namespace cococtl::sim
