// `cococtl validate`: check values-global.yaml and the values-secret file; print every problem.
#include "../print.hpp"
#include "commands.hpp"

#include <cococtl/util/log.hpp>
#include <cococtl/workspace/inputs.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace cococtl::cli {
namespace {

nlohmann::json problems_json(const std::vector<values::Problem>& problems) {
  auto out = nlohmann::json::array();
  for (const auto& p : problems) {
    out.push_back({{"severity", p.warning ? "warning" : "error"},
                   {"file", p.where.source},
                   {"line", p.where.line},
                   {"column", p.where.column},
                   {"key", p.path},
                   {"message", util::redact(p.message)}});
  }
  return out;
}

util::Result<void> run_validate(const GlobalOptions& global) {
  COCO_TRY_ASSIGN(const auto inputs, workspace::load_inputs(global.workspace));
  const bool ok = !values::has_errors(inputs.problems);
  const nlohmann::json report{{"valid", ok},
                              {"topology", inputs.values.topology()},
                              {"valuesSecret", inputs.secrets ? inputs.secrets->file.string() : ""},
                              {"problems", problems_json(inputs.problems)}};
  if (global.output != OutputFormat::text) {
    print_document(report, global.output);
  } else {
    print_problems(inputs.problems, global.quiet);
  }
  COCO_TRY(workspace::fail_on_errors(inputs.problems));
  if (global.output == OutputFormat::text && !global.quiet) {
    fmt::print("values are valid (topology {}, values-secret {})\n", inputs.values.topology(),
               inputs.secrets ? inputs.secrets->file.string() : "not found");
  }
  return {};
}

}  // namespace

void add_validate_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot) {
  auto* cmd = app.add_subcommand("validate", "Check values-global.yaml and the values-secret file, reporting every problem");
  cmd->callback([&global, &slot] { slot.action = [&global] { return run_validate(global); }; });
}

}  // namespace cococtl::cli
