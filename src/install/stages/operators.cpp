#include "../apply_stage.hpp"
#include "../inventory.hpp"
#include "../olm.hpp"
#include "stages.hpp"

#include <fmt/format.h>

#include <thread>

namespace cococtl::install {
namespace {

// True when cococtl's own apply created the Subscription (so uninstall removes the operator).
bool subscription_created(Context& context, const render::OperatorPin& pin) {
  for (const auto& m : context.inventory.members) {
    if (m.kind == "Subscription" && m.ns == pin.namespace_name && m.name == pin.package) return m.created;
  }
  return false;
}

// The first error (its exit code) with every error's message.
util::Result<void> combine(std::vector<util::Result<OperatorRecord>>& results) {
  std::vector<std::string> messages;
  util::ExitCode code = util::ExitCode::ok;
  for (auto& r : results) {
    if (r.ok()) continue;
    if (code == util::ExitCode::ok) code = r.error().code;
    messages.push_back(r.error().message);
  }
  if (messages.empty()) return {};
  return util::Error{code, fmt::format("{}", fmt::join(messages, "; "))};
}

class OperatorsStage final : public Stage {
 public:
  std::string name() const override { return "operators"; }

  util::Result<void> run(Context& context) override {
    COCO_TRY(apply_and_wait(context, context.objects_of(manifest::Stage::operators)));
    const auto& pins = context.plan.rendered.operators;
    if (context.options.dry_run) {
      for (const auto& pin : pins) {
        context.note(fmt::format("dry run: would approve and wait for {} in {}", pin.csv.empty() ? pin.package : pin.csv,
                                 pin.namespace_name));
      }
      return {};
    }
    // Operators install independently: OLM resolves, unpacks and rolls them out in parallel.
    std::vector<util::Result<OperatorRecord>> results(pins.size(), util::Result<OperatorRecord>(OperatorRecord{}));
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < pins.size(); ++i) {
      threads.emplace_back([&, i] { results[i] = install_operator(context, pins[i]); });
    }
    for (auto& t : threads) t.join();
    for (std::size_t i = 0; i < pins.size(); ++i) {
      if (!results[i].ok()) continue;
      auto& record = context.inventory.operator_record(pins[i].package, pins[i].namespace_name);
      record = *results[i];
      record.created = subscription_created(context, pins[i]);
    }
    COCO_TRY(save_inventory(context.cluster, context.inventory, false));
    COCO_TRY(combine(results));
    return resolve_hardware(context);
  }
};

}  // namespace

std::unique_ptr<Stage> make_operators_stage() { return std::make_unique<OperatorsStage>(); }

}  // namespace cococtl::install
