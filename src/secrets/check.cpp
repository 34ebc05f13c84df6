#include <cococtl/secrets/check.hpp>
#include <cococtl/secrets/files.hpp>

#include "item.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sys/stat.h>

namespace cococtl::secrets {
namespace {

std::vector<Finding> examine_dir(const std::filesystem::path& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return {{"present", Severity::fail, fmt::format("{} does not exist; run cococtl secrets generate", display_path(dir))}};
  }
  if ((st.st_mode & 077) != 0) {
    return {{"permissions", Severity::warn,
             fmt::format("{} has mode {:04o}; it should be 0700 (chmod 700 '{}')", display_path(dir), st.st_mode & 07777,
                         dir.string())}};
  }
  return {{"permissions", Severity::ok, fmt::format("{} is private (0700)", display_path(dir))}};
}

}  // namespace

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::ok: return "ok";
    case Severity::warn: return "warn";
    case Severity::fail: return "fail";
  }
  return "fail";
}

util::Result<CheckReport> check(const KeyMaterialSpec& spec, const std::filesystem::path& dir) {
  COCO_TRY(validate_spec(spec));
  CheckReport report;
  report.dir = dir;
  report.dir_findings = examine_dir(dir);
  for (const auto& f : report.dir_findings) report.status = std::max(report.status, f.severity);
  const detail::Context ctx{spec, dir};
  for (const auto& item : detail::make_items(spec)) {
    auto state = item->examine(ctx);
    report.status = std::max(report.status, state.report.status);
    report.items.push_back(std::move(state.report));
  }
  return report;
}

}  // namespace cococtl::secrets
