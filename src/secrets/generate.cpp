#include <cococtl/secrets/files.hpp>
#include <cococtl/secrets/generate.hpp>
#include <cococtl/util/fs.hpp>
#include <cococtl/util/strings.hpp>

#include "item.hpp"
#include "lock.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>
#include <system_error>

namespace cococtl::secrets {
namespace {

using detail::Context;
using detail::Item;

util::Result<std::set<std::string>> rotate_set(const GenerateOptions& options,
                                               const std::vector<std::unique_ptr<Item>>& items) {
  std::vector<std::string> enabled;
  for (const auto& item : items) enabled.push_back(item->info().name);
  const auto known = all_item_names();
  std::set<std::string> out;
  for (const auto& name : options.rotate) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return util::usage_error(fmt::format("--rotate: unknown item {}{} (items: {})", util::quote_for_message(name),
                                           util::did_you_mean(name, known), util::join(enabled, ", ")));
    }
    if (std::find(enabled.begin(), enabled.end(), name) == enabled.end()) {
      return util::usage_error(fmt::format("--rotate: item \"{}\" is not enabled by the current values", name));
    }
    out.insert(name);
  }
  return out;
}

bool all_absent(const Context& ctx, const ItemInfo& info) {
  std::error_code ec;
  return std::none_of(info.files.begin(), info.files.end(),
                      [&](const FileInfo& f) { return std::filesystem::exists(ctx.path(f.name), ec); });
}

std::string blocked_message(const detail::ItemState& state) {
  for (const auto& f : state.report.findings) {
    if (f.severity == Severity::fail && (f.check == "permissions" || f.check == "parse")) return f.message;
  }
  return "unreadable";
}

// Decides what to do with one item and does it; returns what happened.
util::Result<ItemOutcome> run_item(const Context& ctx, const Item& item, bool rotate, bool force) {
  const ItemInfo info = item.info();
  ItemOutcome outcome{info.name, ItemAction::kept, "", "", ""};
  const bool absent = all_absent(ctx, info);
  if (rotate || force) {
    COCO_TRY(item.create(ctx, false));
    outcome.reason = rotate ? "rotated" : "--force";
  } else {
    const auto state = item.examine(ctx);
    if (state.blocked) {
      return util::invalid_input(fmt::format("{}: {} (fix it, or replace the item with `cococtl secrets generate --rotate {}`)",
                                             info.name, blocked_message(state), info.name));
    }
    if (state.missing || !state.stale.empty()) {
      COCO_TRY(item.create(ctx, true));
      outcome.reason = absent ? "missing" : (state.missing ? "incomplete" : state.stale);
    }
  }
  if (!outcome.reason.empty()) outcome.action = absent ? ItemAction::created : ItemAction::replaced;
  const auto after = item.examine(ctx);
  if (after.report.status == Severity::fail) {
    return util::failure(fmt::format("{}: still invalid after generating it: {}", info.name, after.stale));
  }
  outcome.algorithm = after.report.algorithm;
  outcome.fingerprint = after.report.fingerprint;
  return outcome;
}

}  // namespace

std::string_view action_name(ItemAction action) {
  switch (action) {
    case ItemAction::kept: return "kept";
    case ItemAction::created: return "created";
    case ItemAction::replaced: return "replaced";
  }
  return "kept";
}

util::Result<GenerateReport> generate(const KeyMaterialSpec& spec, const std::filesystem::path& dir,
                                      const GenerateOptions& options) {
  COCO_TRY(validate_spec(spec));
  const auto items = detail::make_items(spec);
  COCO_TRY_ASSIGN(const auto rotate, rotate_set(options, items));
  COCO_TRY(util::ensure_directory(dir, 0700));
  COCO_TRY_ASSIGN(const auto lock, detail::DirLock::acquire(dir));
  detail::remove_stale_temp_files(dir);
  const Context ctx{spec, dir};
  GenerateReport report{dir, {}};
  for (const auto& item : items) {
    const std::string name = item->info().name;
    COCO_TRY_ASSIGN(auto outcome, run_item(ctx, *item, rotate.count(name) > 0, options.force).context("secrets"));
    if (outcome.action != ItemAction::kept) {
      spdlog::info("secrets: {} {} ({}){}", name, action_name(outcome.action), outcome.reason,
                   outcome.fingerprint.empty() ? "" : ", sha256:" + outcome.fingerprint.substr(0, 16));
    } else {
      spdlog::debug("secrets: {} kept", name);
    }
    report.items.push_back(std::move(outcome));
  }
  return report;
}

}  // namespace cococtl::secrets
