#include "commands/commands.hpp"
#include "flags.hpp"

#include <cococtl/cli/run.hpp>
#include <cococtl/util/interrupt.hpp>
#include <cococtl/util/log.hpp>
#include <cococtl/util/strings.hpp>
#include <cococtl/util/term.hpp>
#include <cococtl/values/values.hpp>

#include <fmt/format.h>

#include <exception>

namespace cococtl::cli {
namespace {

constexpr const char* k_exit_codes_help = R"(
Exit codes:
  0    ok
  1    runtime failure (network, I/O, server refused)
  2    usage error
  3    invalid input (values, --set, secrets, kubeconfig, auth files)
  4    a check found a problem
  5    timed out (readiness, an unanswering server or exec plugin)
  130  interrupted)";

void add_global_flags(CLI::App& app, GlobalOptions& g) {
  takes_file(
      app.add_option("--values-global", g.workspace.values_global,
                     "values-global.yaml (default: ./values-global.yaml if present, else the embedded defaults)"));
  takes_file(
      app.add_option("--values-secret", g.workspace.values_secret,
                     "values-secret file (default: first of ./values-secret-coco-pattern.yaml, "
                     "~/.config/validatedpatterns/values-secret-coco-pattern.yaml, ~/values-secret-coco-pattern.yaml, "
                     "~/values-secret.yaml)"));
  // Checked by values::load, which names the closest topology.
  app.add_option("--topology", g.workspace.topology, "topology to render (overrides main.clusterGroupName)")
      ->type_name(util::join(values::topology_names(), "|"));
  app.add_option("--set", g.workspace.sets, "key.path=value, repeatable, last wins");
  takes_dir(app.add_option("--secrets-dir", g.workspace.secrets_dir, "where keys and certificates live"))
      ->capture_default_str();
  app.add_option_function<std::string>(
         "-o,--output",
         [&g](const std::string& name) {
           g.output = name == "json" ? OutputFormat::json : name == "yaml" ? OutputFormat::yaml : OutputFormat::text;
         },
         "output format of reports (commands without such a form refuse json and yaml)")
      ->check(one_of(output_format_names()))
      ->type_name(util::join(output_format_names(), "|"));
  app.add_flag("-v,--verbose", g.verbosity, "more logging (repeatable)");
  app.add_flag("-q,--quiet", g.quiet, "errors only");
  app.add_flag("--no-color", g.no_color, "no colors (NO_COLOR is honoured too)");
}

int report(const util::Error& error) {
  fmt::print(stderr, "cococtl: error: {}\n", util::redact(error.message));
  return static_cast<int>(error.code);
}

int dispatch(CLI::App& app, GlobalOptions& global, CommandSlot& slot, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "cococtl: error: {}\nRun 'cococtl --help' for usage.\n", parse_error_message(app, e));
    return static_cast<int>(util::ExitCode::usage);
  }
  if (!slot.action) return report(util::usage_error("no command given"));
  util::setup_logging(global.verbosity, global.quiet, util::use_color(global.no_color));
  auto result = slot.action();
  if (!result.ok()) return report(result.error());
  if (util::interrupted()) return static_cast<int>(util::ExitCode::interrupted);
  return 0;
}

}  // namespace

int run(int argc, char** argv) {
  util::install_interrupt_handler();
  CLI::App app{"cococtl: deploy Confidential Containers on OpenShift", "cococtl"};
  app.footer(k_exit_codes_help);
  app.require_subcommand(0, 1);
  app.fallthrough();  // global flags may follow the subcommand: `cococtl render --topology x`
  app.set_version_flag("--version", COCOCTL_VERSION);
  GlobalOptions global;
  CommandSlot slot;
  add_global_flags(app, global);
  for (const auto add : k_commands) add(app, global, slot);
  add_global_flags_to_help(app);
  try {
    return dispatch(app, global, slot, argc, argv);
  } catch (const std::exception& e) {
    // Errors are values; an exception here is a bug. Report it once, never crash.
    fmt::print(stderr, "cococtl: error: internal error: {}\n", util::redact(e.what()));
    return static_cast<int>(util::ExitCode::failure);
  }
}

}  // namespace cococtl::cli
