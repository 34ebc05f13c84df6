#pragma once
// What every stage works with: the cluster, the plan preflight rendered, the inventory, the
// options and the reporter. Private to the install module.

#include "inventory.hpp"

#include <cococtl/install/install.hpp>
#include <cococtl/manifest/object.hpp>

#include <atomic>
#include <string>
#include <vector>

namespace cococtl::install {

struct Context {
  kube::Cluster& cluster;
  const InstallOptions& options;
  Reporter& reporter;
  Summary& summary;
  Plan plan{};
  Inventory inventory{};
  std::string stage{};  // the stage running now, for events

  // Emits an event tagged with the cluster and the current stage.
  void emit(Event event) const;
  // A note ("info" or "warning").
  void note(const std::string& message, const std::string& action = "info") const;
  // The rendered objects that belong to `stage`, in render order.
  std::vector<manifest::Object> objects_of(manifest::Stage stage) const;
};

// One named step of install. Stages are idempotent: running one again on a converged cluster
// writes nothing new and waits for nothing.
class Stage {
 public:
  virtual ~Stage() = default;
  virtual std::string name() const = 0;
  virtual util::Result<void> run(Context& context) = 0;
};

}  // namespace cococtl::install
