#include "flags.hpp"

#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

namespace cococtl::cli {
namespace {

// The subcommand the parse got deepest into.
const CLI::App* deepest_parsed(const CLI::App& app) {
  for (const CLI::App* sub : app.get_subcommands()) return deepest_parsed(*sub);
  return &app;
}

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  return names;
}

void add_footer(CLI::App& app, const std::string& text) {
  for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    sub->footer(text);
    add_footer(*sub, text);
  }
}

}  // namespace

CLI::Validator one_of(std::vector<std::string> choices) {
  return CLI::Validator(
      [choices = std::move(choices)](const std::string& value) -> std::string {
        if (std::find(choices.begin(), choices.end(), value) != choices.end()) return "";
        return fmt::format("{} is not one of: {}{}", util::quote_for_message(value), util::join(choices, ", "),
                           util::did_you_mean(value, choices));
      },
      "");  // the choices are the option's type name
}

CLI::Option* choices(CLI::Option* option, std::vector<std::string> choices) {
  const std::string shown = util::join(choices, "|");
  return option->check(one_of(std::move(choices)))->type_name(shown);
}

CLI::Option* takes_file(CLI::Option* option) { return option->type_name("FILE"); }
CLI::Option* takes_dir(CLI::Option* option) { return option->type_name("DIR"); }

const std::vector<std::string>& output_format_names() {
  static const std::vector<std::string> k_names{"text", "json", "yaml"};
  return k_names;
}

void add_global_flags_to_help(CLI::App& root) {
  std::vector<const CLI::Option*> globals;
  for (const CLI::Option* opt : root.get_options()) {
    if (opt->get_name() != "--help" && opt->get_name() != "--version") globals.push_back(opt);
  }
  // The root's own footer (the exit codes) stays under the global flags.
  add_footer(root, CLI::Formatter().make_group("Global flags (before or after the command)", false, globals) +
                       root.get_footer());
}

std::string parse_error_message(const CLI::App& root, const CLI::ParseError& error) {
  const CLI::App* at = deepest_parsed(root);
  const auto names = command_names(*at);
  const bool about_commands =
      dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr ||
      (dynamic_cast<const CLI::RequiredError*>(&error) != nullptr && at->get_require_subcommand_min() > 0);
  if (!about_commands || names.empty()) return error.what();
  // Words nobody took end up with the root (subcommands fall through to it).
  auto extras = at->remaining();
  for (const auto& word : root.remaining()) extras.push_back(word);
  const std::string of = at == &root ? "" : " for " + at->get_name();
  if (!extras.empty() && extras.front().rfind('-', 0) != 0) {
    return fmt::format("unknown command {}{}{} (commands: {})", util::quote_for_message(extras.front()), of,
                       util::did_you_mean(extras.front(), names), util::join(names, ", "));
  }
  if (at == &root) return error.what();
  return fmt::format("{} needs a command: {}", at->get_name(), util::join(names, ", "));
}

util::Result<void> refuse_structured_output(const GlobalOptions& global, const std::string& why) {
  if (global.output == OutputFormat::text) return {};
  return util::usage_error(
      fmt::format("-o {} does not apply: {}", global.output == OutputFormat::json ? "json" : "yaml", why));
}

}  // namespace cococtl::cli
