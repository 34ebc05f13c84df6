// `cococtl apply -f ...`: server-side apply of any manifests, with ordering and per-object results.
#include "../cluster_flags.hpp"
#include "../flags.hpp"
#include "../print.hpp"
#include "commands.hpp"

#include <cococtl/install/apply_order.hpp>
#include <cococtl/kube/cluster.hpp>
#include <cococtl/manifest/read.hpp>
#include <cococtl/render/unfilled.hpp>
#include <cococtl/util/interrupt.hpp>
#include <cococtl/util/log.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <map>

namespace cococtl::cli {
namespace {

struct ApplyFlags {
  std::vector<std::string> files;
  bool recursive = false;
  ClusterFlags cluster;
  bool dry_run = false;
  std::size_t concurrency = 16;
  bool force_conflicts = false;
};

nlohmann::json result_json(const nlohmann::json& object, const kube::ApplyResult& r) {
  const auto meta = object.value("metadata", nlohmann::json::object());
  const auto live = r.object.is_object() ? r.object.value("metadata", nlohmann::json::object()) : nlohmann::json::object();
  nlohmann::json out{{"apiVersion", object.value("apiVersion", "")}, {"kind", object.value("kind", "")},
                     {"name", meta.value("name", "")}, {"namespace", live.value("namespace", meta.value("namespace", ""))},
                     {"result", kube::to_string(r.outcome)}};
  if (!r.message.empty()) out["message"] = util::redact(r.message);
  for (const auto& c : r.conflicts) out["conflicts"].push_back({{"field", c.field}, {"message", c.message}});
  return out;
}

// One line per object; with -q only the failures (on stderr, with the errors).
void print_text(const std::vector<kube::ApplyResult>& results, bool dry_run, bool quiet) {
  const char* suffix = dry_run ? " (dry run)" : "";
  for (const auto& r : results) {
    if (r.outcome == kube::ApplyOutcome::error) {
      fmt::print(quiet ? stderr : stdout, "{} failed{}: {}\n", r.display, suffix, util::redact(r.message));
    } else if (!quiet) {
      fmt::print("{} {}{}{}\n", r.display, kube::to_string(r.outcome), suffix, r.message.empty() ? "" : " (" + r.message + ")");
    }
  }
}

// Redaction markers and placeholders are not secrets: applying them would replace real values in
// the cluster with text.
util::Result<void> refuse_unfilled(const std::vector<manifest::Object>& objects) {
  constexpr std::size_t k_shown = 20;
  std::vector<std::string> lines;
  for (const auto& object : objects) {
    for (const auto& u : render::find_unfilled(object)) {
      lines.push_back(fmt::format("{} ({}): {} holds {}", object.display(), object.source, u.field, u.what));
    }
  }
  if (lines.empty()) return {};
  const std::size_t count = lines.size();
  if (count > k_shown) lines.resize(k_shown), lines.push_back(fmt::format("... and {} more", count - k_shown));
  return util::invalid_input(fmt::format(
      "refusing to apply {} value(s) that are not real secrets:\n  {}\n"
      "Redacted values come from 'cococtl render' without --show-secrets; placeholders stand for key material that "
      "did not exist when rendering. To get real secrets into the cluster: run 'cococtl secrets generate', then "
      "'cococtl render --show-secrets --out-dir DIR' (written 0600 in a 0700 folder) and apply DIR.",
      count, fmt::join(lines, "\n  ")));
}

util::Result<void> run_apply(const ApplyFlags& flags, const GlobalOptions& global) {
  COCO_TRY_ASSIGN(const auto objects, manifest::read_objects(flags.files, flags.recursive));
  if (objects.empty()) return util::invalid_input("no objects found in " + fmt::format("{}", fmt::join(flags.files, ", ")));
  COCO_TRY(manifest::check_unique(objects));
  COCO_TRY(refuse_unfilled(objects));
  COCO_TRY_ASSIGN(auto cluster, connect(flags.cluster));
  // Discovery up front: an unreachable cluster or rejected credentials is one clear error, not
  // the same failure repeated for every object.
  COCO_TRY(cluster->resources());
  install::OrderOptions options;
  options.apply = {.dry_run = flags.dry_run, .force = flags.force_conflicts, .concurrency = flags.concurrency};
  const auto results = install::apply_in_order(*cluster, objects, options);
  std::map<std::string, int> counts;
  for (const auto& r : results) ++counts[std::string(kube::to_string(r.outcome))];
  if (global.output != OutputFormat::text) {
    nlohmann::json out{{"dryRun", flags.dry_run}, {"results", nlohmann::json::array()}, {"summary", counts}};
    for (std::size_t i = 0; i < results.size(); ++i) out["results"].push_back(result_json(objects[i].body, results[i]));
    print_document(out, global.output);
  } else {
    print_text(results, flags.dry_run, global.quiet);
  }
  if (util::interrupted()) return util::Error{util::ExitCode::interrupted, "interrupted: objects not yet applied were skipped"};
  if (const int failed = counts["failed"]; failed > 0) {
    return util::failure(fmt::format("{} of {} objects failed to apply", failed, results.size()));
  }
  return {};
}

}  // namespace

void add_apply_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot) {
  auto flags = std::make_shared<ApplyFlags>();
  auto* cmd = app.add_subcommand("apply", "Server-side apply manifests (Namespaces and CRDs first) to a cluster");
  takes_file(cmd->add_option("-f,--filename", flags->files,
                             "manifest file, folder of *.yaml|*.yml|*.json, or - for stdin (repeatable)"))
      ->required();
  cmd->add_flag("-R,--recursive", flags->recursive, "read folders recursively");
  add_cluster_flags(cmd, flags->cluster);
  cmd->add_flag("--dry-run", flags->dry_run, "server-side dry run (dryRun=All): validate, change nothing");
  cmd->add_option("--concurrency", flags->concurrency, "requests in flight")->capture_default_str()->check(CLI::Range(1, 100));
  cmd->add_flag("--force-conflicts", flags->force_conflicts, "take ownership of fields other field managers own");
  cmd->callback([flags, &global, &slot] {
    slot.action = [flags, &global]() { return run_apply(*flags, global); };
  });
}

}  // namespace cococtl::cli
