// `cococtl pcr update|show`: the peer-pod VM measurements, read from the dm-verity podvm image
// in the registry (manifest annotations, else /image/measurements.json), stored in the secrets
// folder as the pattern's measurements.json and as Trustee 1.1 RVPS reference values.
#include "../flags.hpp"
#include "../print.hpp"
#include "commands.hpp"

#include <cococtl/workspace/measurements.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <memory>
#include <optional>

namespace cococtl::cli {
namespace {

struct PcrOptions {
  workspace::RegistryOptions registry;
  bool check = false;
};

void add_registry_flags(CLI::App* cmd, workspace::RegistryOptions& f) {
  cmd->add_option("--image", f.image,
                  "podvm image (default: osc-dm-verity-image tagged with the OSC version pinned in values)");
  takes_file(cmd->add_option("--auth-file", f.auth_file,
                             "registry credentials (auth.json / pull secret); default: podman's lookup order"));
  cmd->add_option("--platform", f.platform, "platform to pick from an image index")->capture_default_str();
  takes_file(cmd->add_option("--registry-ca", f.registry_ca,
                             "extra CA certificate (PEM) to trust for the registry, repeatable"));
  cmd->add_flag("--insecure-registry", f.insecure_registry, "plain HTTP, for loopback test registries only");
}

// The -o json|yaml document.
nlohmann::json to_json(const oci::Measurements& m, const oci::MeasurementSource& s) {
  return {{"image", s.image},
          {"digest", s.digest},
          {"manifestDigest", s.manifest_digest},
          {"platform", s.platform},
          {"from", s.from},
          {"fetchedAt", s.fetched_at},
          {"measurements", {{m.algorithm, m.pcrs}}}};
}

void print_text(const oci::Measurements& m, const oci::MeasurementSource& s) {
  fmt::print("Image     {}\n", s.image.empty() ? "(unknown: file not written by cococtl)" : s.image);
  if (!s.digest.empty()) fmt::print("Digest    {}\n", s.digest);
  if (!s.manifest_digest.empty() && s.manifest_digest != s.digest) {
    fmt::print("Manifest  {} ({})\n", s.manifest_digest, s.platform);
  }
  if (!s.from.empty()) fmt::print("Source    {}\n", s.from);
  if (!s.fetched_at.empty()) fmt::print("Fetched   {}\n", s.fetched_at);
  for (const auto& [pcr, value] : m.pcrs) fmt::print("{:<9} {}\n", pcr, value);
}

util::Result<void> run_update(const PcrOptions& opts, const GlobalOptions& global) {
  COCO_TRY_ASSIGN(const auto image, workspace::podvm_image(global.workspace, opts.registry));
  spdlog::info("reading the measurements of {}", image);
  COCO_TRY_ASSIGN(const auto result, workspace::fetch_measurements(opts.registry, image));
  COCO_TRY_ASSIGN(const auto written, workspace::write_measurements(global.workspace, result));
  if (global.output != OutputFormat::text) {
    auto doc = to_json(result.measurements, result.source);
    doc["files"] = nlohmann::json::array();
    for (const auto& path : written) doc["files"].push_back(path.string());
    print_document(doc, global.output);
    return {};
  }
  if (global.quiet) return {};
  print_text(result.measurements, result.source);
  fmt::print("Wrote     {} and {}\n", written[0].string(), written[1].filename().string());
  return {};
}

nlohmann::json drift_json(const workspace::Drift& d) {
  return {{"image", d.image}, {"digest", d.digest}, {"status", d.status}, {"changed", d.changed}};
}

util::Result<void> run_show(const PcrOptions& opts, const GlobalOptions& global) {
  COCO_TRY_ASSIGN(const auto stored, workspace::read_stored_measurements(global.workspace));
  std::optional<workspace::Drift> drift;
  if (opts.check) {
    COCO_TRY_ASSIGN(drift, workspace::check_drift(global.workspace, opts.registry, stored));
  }
  if (global.output != OutputFormat::text) {
    auto doc = to_json(stored.measurements, stored.source);
    doc["file"] = stored.path.string();
    if (drift) doc["check"] = drift_json(*drift);
    print_document(doc, global.output);
  } else {
    print_text(stored.measurements, stored.source);
    if (drift) fmt::print("Check     {} is at {}: {}\n", drift->image, drift->digest, drift->status);
  }
  if (drift && drift->status == "drifted") {
    return util::Error{util::ExitCode::check_failed, fmt::format("measurements drifted ({}): run 'cococtl pcr update'",
                                                                 fmt::join(drift->changed, ", "))};
  }
  return {};
}

}  // namespace

void add_pcr_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot) {
  auto opts = std::make_shared<PcrOptions>();
  auto* pcr = app.add_subcommand("pcr", "Peer-pod VM measurements (PCRs) from the dm-verity podvm image");
  pcr->require_subcommand(1);
  auto* update =
      pcr->add_subcommand("update", "Read the measurements from the registry and store them in the secrets folder");
  add_registry_flags(update, opts->registry);
  update->add_flag("--stop-early", opts->registry.stop_early,
                   "stop downloading a layer once the file is read (faster; the layer digest is then not verified)");
  update->callback([opts, &global, &slot] { slot.action = [opts, &global] { return run_update(*opts, global); }; });
  auto* show = pcr->add_subcommand("show", "Print the stored measurements and the image digest they came from");
  show->add_flag("--check", opts->check,
                 "compare with the registry's current image for the pinned version (exit 4 on drift)");
  add_registry_flags(show, opts->registry);
  show->callback([opts, &global, &slot] { slot.action = [opts, &global] { return run_show(*opts, global); }; });
}

}  // namespace cococtl::cli
