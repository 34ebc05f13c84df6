#include "../apply_stage.hpp"
#include "stages.hpp"

namespace cococtl::install {
namespace {

class ApplyStage final : public Stage {
 public:
  explicit ApplyStage(manifest::Stage stage) : m_stage(stage) {}
  std::string name() const override { return std::string(manifest::stage_name(m_stage)); }
  util::Result<void> run(Context& context) override { return apply_and_wait(context, context.objects_of(m_stage)); }

 private:
  manifest::Stage m_stage;
};

}  // namespace

std::unique_ptr<Stage> make_apply_stage(manifest::Stage stage) { return std::make_unique<ApplyStage>(stage); }

}  // namespace cococtl::install
