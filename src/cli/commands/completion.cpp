// `cococtl completion bash|zsh|fish`: shell completion generated from the CLI definition
// itself, so it can never drift from the real flags and subcommands: nested commands, the
// values of choice flags and positionals, files for FILE flags and folders for DIR flags.
#include "../flags.hpp"
#include "commands.hpp"

#include <cococtl/util/strings.hpp>

#include <fmt/format.h>

#include <map>

namespace cococtl::cli {
namespace {

// What a flag (or positional) takes, from its type name (flags.hpp sets FILE, DIR or "a|b|c").
struct Flag {
  std::vector<std::string> names;  // "--kubeconfig", "-f"
  std::string takes;               // "FILE", "DIR", "a|b|c", "" (anything or nothing)
};

struct Command {
  std::string path;  // "" (the root), "pcr", "pcr update"
  std::vector<std::string> subcommands;
  std::vector<std::string> values;  // positional choices ("bash zsh fish")
  std::vector<Flag> flags;
};

void collect(const CLI::App& app, const std::string& path, std::vector<Command>& out) {
  Command command{path, {}, {}, {}};
  for (const CLI::Option* opt : app.get_options()) {
    Flag flag{{}, opt->get_type_name()};
    for (const auto& n : opt->get_lnames()) flag.names.push_back("--" + n);
    for (const auto& n : opt->get_snames()) flag.names.push_back("-" + n);
    if (opt->get_positional() && flag.takes.find('|') != std::string::npos) {
      command.values = util::split(flag.takes, '|');
    }
    if (!flag.names.empty()) command.flags.push_back(std::move(flag));
  }
  const auto subs = app.get_subcommands([](const CLI::App*) { return true; });
  for (const CLI::App* sub : subs) command.subcommands.push_back(sub->get_name());
  out.push_back(std::move(command));
  for (const CLI::App* sub : subs) collect(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), out);
}

std::vector<Command> commands(const CLI::App& root) {
  std::vector<Command> out;
  collect(root, "", out);
  return out;
}

std::string words(const std::vector<std::string>& items) { return util::join(items, " "); }

// The value a flag takes, for a shell: "a b c" for choices.
enum class Takes { other, file, dir, choice };
Takes takes(const Flag& f) {
  if (f.takes == "FILE") return Takes::file;
  if (f.takes == "DIR") return Takes::dir;
  return f.takes.find('|') != std::string::npos ? Takes::choice : Takes::other;
}

// What bash completes after each flag that takes a value, over every command (names are unique).
std::string bash_flag_values(const std::vector<Command>& all) {
  std::map<std::string, std::string> by_flag;
  for (const auto& c : all) {
    for (const auto& f : c.flags) {
      const std::string choices = words(util::split(f.takes, '|'));
      const std::map<Takes, std::string> actions{
          {Takes::file, "compgen -f -- \"$cur\""},
          {Takes::dir, "compgen -d -- \"$cur\""},
          {Takes::choice, fmt::format("compgen -W \"{}\" -- \"$cur\"", choices)}};
      const auto action = actions.find(takes(f));
      if (action == actions.end()) continue;
      for (const auto& n : f.names) by_flag.emplace(n, action->second);
    }
  }
  std::string out;
  for (const auto& [flag, action] : by_flag) out += fmt::format("    {}) COMPREPLY=($({})); return ;;\n", flag, action);
  return out;
}

std::string bash_script(const CLI::App& root) {
  const auto all = commands(root);
  std::string paths, cases;
  std::vector<std::string> root_flags;
  for (const auto& f : all.front().flags) root_flags.insert(root_flags.end(), f.names.begin(), f.names.end());
  for (const auto& c : all) {
    if (!c.path.empty()) paths += fmt::format("{}\" {}\"", paths.empty() ? "" : "|", c.path);
    std::vector<std::string> offered = c.subcommands;
    offered.insert(offered.end(), c.values.begin(), c.values.end());
    for (const auto& f : c.flags) offered.insert(offered.end(), f.names.begin(), f.names.end());
    // Global flags go anywhere.
    if (!c.path.empty()) offered.insert(offered.end(), root_flags.begin(), root_flags.end());
    cases += fmt::format("    \"{}\") words=\"{}\" ;;\n", c.path.empty() ? "" : " " + c.path, words(offered));
  }
  return fmt::format(R"(# bash completion for cococtl
_cococtl() {{
  local cur prev path="" words="" i
  cur="${{COMP_WORDS[COMP_CWORD]}}"
  prev=""
  if ((COMP_CWORD > 0)); then prev="${{COMP_WORDS[COMP_CWORD-1]}}"; fi
  case "$prev" in
{}  esac
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "$path ${{COMP_WORDS[i]}}" in {}) path="$path ${{COMP_WORDS[i]}}" ;; esac
  done
  case "$path" in
{}  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}}
complete -F _cococtl cococtl
)",
                     bash_flag_values(all), paths, cases);
}

std::string zsh_script(const CLI::App& root) {
  return "#compdef cococtl\nautoload -U +X bashcompinit && bashcompinit\n" + bash_script(root);
}

// fish: subcommands where their parent was the last command seen, flags where their command is.
std::string fish_script(const CLI::App& root) {
  std::string out = "# fish completion for cococtl\ncomplete -c cococtl -f\n";
  for (const auto& c : commands(root)) {
    const std::string last = c.path.substr(c.path.find_last_of(' ') + 1);
    const std::string here = c.path.empty() ? "__fish_use_subcommand" : "__fish_seen_subcommand_from " + last;
    auto offered = c.subcommands;
    offered.insert(offered.end(), c.values.begin(), c.values.end());
    if (!offered.empty()) {
      const std::string not_yet =
          c.subcommands.empty() ? "" : "; and not __fish_seen_subcommand_from " + words(c.subcommands);
      out += fmt::format("complete -c cococtl -n '{}{}' -a '{}'\n", here, not_yet, words(offered));
    }
    for (const auto& f : c.flags) {
      std::string spec = c.path.empty() ? "" : fmt::format(" -n '{}'", here);
      for (const auto& n : f.names) spec += n.rfind("--", 0) == 0 ? " -l " + n.substr(2) : " -s " + n.substr(1);
      const std::map<Takes, std::string> values{{Takes::file, " -r -F"},
                                                {Takes::dir, " -r -a '(__fish_complete_directories)'"},
                                                {Takes::choice, " -r -a '" + words(util::split(f.takes, '|')) + "'"}};
      if (const auto v = values.find(takes(f)); v != values.end()) spec += v->second;
      out += "complete -c cococtl" + spec + "\n";
    }
  }
  return out;
}

}  // namespace

void add_completion_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot) {
  auto* cmd = app.add_subcommand("completion", "Print a shell completion script");
  auto shell = std::make_shared<std::string>();
  choices(cmd->add_option("shell", *shell, "the shell")->required(), {"bash", "zsh", "fish"});
  cmd->callback([&app, &global, shell, &slot] {
    slot.action = [&app, &global, shell]() -> util::Result<void> {
      COCO_TRY(refuse_structured_output(global, "completion prints a shell script"));
      if (*shell == "bash") fmt::print("{}", bash_script(app));
      if (*shell == "zsh") fmt::print("{}", zsh_script(app));
      if (*shell == "fish") fmt::print("{}", fish_script(app));
      return {};
    };
  });
}

}  // namespace cococtl::cli
