// `cococtl completion bash|zsh|fish`: shell completion generated from the CLI definition
// itself, so it can never drift from the real flags and subcommands.
#include "commands.hpp"

#include <fmt/format.h>

namespace cococtl::cli {
namespace {

struct CommandInfo {
  std::string name;
  std::vector<std::string> flags;
};

std::vector<std::string> flag_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* opt : app.get_options()) {
    for (const auto& n : opt->get_lnames()) names.push_back("--" + n);
    for (const auto& n : opt->get_snames()) names.push_back("-" + n);
  }
  return names;
}

std::vector<CommandInfo> collect(const CLI::App& root) {
  std::vector<CommandInfo> out;
  for (const CLI::App* sub : root.get_subcommands([](const CLI::App*) { return true; })) {
    out.push_back({sub->get_name(), flag_names(*sub)});
  }
  return out;
}

std::string words(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : " ") + i;
  return out;
}

std::string bash_script(const CLI::App& root) {
  std::string cases;
  for (const auto& c : collect(root)) cases += fmt::format("    {}) opts=\"{}\" ;;\n", c.name, words(c.flags));
  std::vector<std::string> names;
  for (const auto& c : collect(root)) names.push_back(c.name);
  return fmt::format(R"(# bash completion for cococtl
_cococtl() {{
  local cur cmd opts i
  cur="${{COMP_WORDS[COMP_CWORD]}}"
  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "${{COMP_WORDS[i]}}" in -*) ;; *) cmd="${{COMP_WORDS[i]}}"; break ;; esac
  done
  case "$cmd" in
{}    *) opts="{} {}" ;;
  esac
  COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}}
complete -F _cococtl cococtl
)",
                     cases, words(names), words(flag_names(root)));
}

std::string zsh_script(const CLI::App& root) {
  return "#compdef cococtl\nautoload -U +X bashcompinit && bashcompinit\n" + bash_script(root);
}

std::string fish_script(const CLI::App& root) {
  std::string out = "# fish completion for cococtl\n";
  for (const auto& c : collect(root)) {
    out += fmt::format("complete -c cococtl -n '__fish_use_subcommand' -a {}\n", c.name);
    for (const auto& f : c.flags) {
      if (f.rfind("--", 0) == 0) {
        out += fmt::format("complete -c cococtl -n '__fish_seen_subcommand_from {}' -l {}\n", c.name, f.substr(2));
      }
    }
  }
  for (const auto& f : flag_names(root)) {
    if (f.rfind("--", 0) == 0) out += fmt::format("complete -c cococtl -l {}\n", f.substr(2));
  }
  return out;
}

}  // namespace

void add_completion_command(CLI::App& app, GlobalOptions&, CommandSlot& slot) {
  auto* cmd = app.add_subcommand("completion", "Print a shell completion script");
  auto shell = std::make_shared<std::string>();
  cmd->add_option("shell", *shell, "bash|zsh|fish")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
  cmd->callback([&app, shell, &slot] {
    slot.action = [&app, shell]() -> util::Result<void> {
      if (*shell == "bash") fmt::print("{}", bash_script(app));
      if (*shell == "zsh") fmt::print("{}", zsh_script(app));
      if (*shell == "fish") fmt::print("{}", fish_script(app));
      return {};
    };
  });
}

}  // namespace cococtl::cli
