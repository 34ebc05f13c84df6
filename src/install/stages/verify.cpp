#include "../inventory.hpp"
#include "stages.hpp"

#include <cococtl/install/status.hpp>

#include <fmt/format.h>

namespace cococtl::install {
namespace {

// The end of install: everything recorded is ready, read once with the readiness rules.
// `cococtl attest check` (KBS reachability, policy posture, the negative probe) plugs in here.
class VerifyStage final : public Stage {
 public:
  std::string name() const override { return "verify"; }

  util::Result<void> run(Context& context) override {
    if (context.options.dry_run) return {};
    COCO_TRY_ASSIGN(const auto report, status(context.cluster, context.inventory.name, context.inventory.ns));
    std::vector<std::string> not_ready;
    for (const auto& o : report.operators) {
      if (o.state != "ready") not_ready.push_back(fmt::format("{} {}: {}", o.csv, o.state, o.message));
    }
    for (const auto& o : report.objects) {
      if (o.state != "ready") not_ready.push_back(fmt::format("{} {}: {}", o.object, o.state, o.message));
    }
    context.note(fmt::format("{} objects and {} operators checked, {} not ready", report.objects.size(),
                             report.operators.size(), not_ready.size()));
    if (not_ready.empty()) return {};
    return util::Error{util::ExitCode::check_failed, fmt::format("not ready: {}", fmt::join(not_ready, "; "))};
  }
};

}  // namespace

std::unique_ptr<Stage> make_verify_stage() { return std::make_unique<VerifyStage>(); }

}  // namespace cococtl::install
