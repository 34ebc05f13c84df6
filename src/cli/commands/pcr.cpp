// `cococtl pcr update|show`: the peer-pod VM measurements, read from the dm-verity podvm image
// in the registry (manifest annotations, else /image/measurements.json), stored in the secrets
// folder as the pattern's measurements.json and as Trustee 1.1 RVPS reference values.
#include "../inputs.hpp"
#include "commands.hpp"

#include <cococtl/oci/podvm.hpp>
#include <cococtl/render/reference_values.hpp>
#include <cococtl/util/fs.hpp>
#include <cococtl/values/values.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <memory>

namespace cococtl::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* k_measurements_file = "measurements.json";
constexpr const char* k_raw_file = "measurements-raw.json";
constexpr const char* k_rvps_file = "rvps-reference-values.json";

struct RegistryFlags {
  std::string image;
  std::string auth_file;
  std::string platform = "linux/amd64";
  std::vector<std::string> registry_ca;
  bool insecure_registry = false;
  bool stop_early = false;
};

struct PcrOptions {
  RegistryFlags registry;
  bool check = false;
};

void add_registry_flags(CLI::App* cmd, RegistryFlags& f) {
  cmd->add_option("--image", f.image, "podvm image (default: osc-dm-verity-image tagged with the OSC version pinned in values)");
  cmd->add_option("--auth-file", f.auth_file, "registry credentials (auth.json / pull secret); default: podman's lookup order");
  cmd->add_option("--platform", f.platform, "platform to pick from an image index")->capture_default_str();
  cmd->add_option("--registry-ca", f.registry_ca, "extra CA certificate (PEM) to trust for the registry, repeatable");
  cmd->add_flag("--insecure-registry", f.insecure_registry, "plain HTTP, for loopback test registries only");
}

// The OSC CSV pinned in values (clusterGroup.subscriptions.sandbox.csv; "sandboxed" in some
// pattern variants), turned into the podvm image reference.
util::Result<std::string> pinned_image(const GlobalOptions& global) {
  COCO_TRY_ASSIGN(const auto vals, load_values(global));
  for (const char* key : {"clusterGroup.subscriptions.sandbox.csv", "clusterGroup.subscriptions.sandboxed.csv"}) {
    const auto csv = vals.string_at(key);
    if (!csv.empty()) return oci::podvm_image_for_csv(csv);
  }
  return util::invalid_input("no OSC operator version pinned (clusterGroup.subscriptions.sandbox.csv); pass --image");
}

util::Result<std::string> image_text(const RegistryFlags& flags, const GlobalOptions& global) {
  if (!flags.image.empty()) return flags.image;
  return pinned_image(global);
}

util::Result<oci::PodvmMeasurements> fetch(const RegistryFlags& flags, const std::string& image) {
  COCO_TRY_ASSIGN(const auto ref, oci::parse_reference(image));
  COCO_TRY_ASSIGN(const auto platform, oci::parse_platform(flags.platform));
  oci::ClientOptions options;
  options.auth_file = flags.auth_file;
  options.registry_ca_files = flags.registry_ca;
  options.insecure_registry = flags.insecure_registry;
  COCO_TRY_ASSIGN(auto client, oci::RegistryClient::create(ref, std::move(options)));
  return oci::fetch_podvm_measurements(*client, ref, platform, {flags.stop_early});
}

fs::path secrets_dir(const GlobalOptions& global) { return util::expand_user(global.secrets_dir); }

// The RVPS reference values exactly as render puts them in the rvps-reference-values ConfigMap:
// from the measurements just written, plus pcr08/init_data when the KBS CA certificate exists.
util::Result<std::string> reference_values(const GlobalOptions& global, const std::string& measurements) {
  COCO_TRY_ASSIGN(const auto vals, load_values(global));
  render::RenderInputs render_inputs{
      .values = &vals, .secrets = nullptr, .material = {}, .measurements_json = measurements};
  COCO_TRY_ASSIGN(render_inputs.material, load_material(global));
  if (render_inputs.material.count("kbs-ca-cert") == 0) {
    spdlog::warn(
        "no KBS CA certificate in {}: {} lacks init_data and pcr08 (run cococtl secrets generate, then pcr update)",
        global.secrets_dir, k_rvps_file);
  }
  return render::reference_values_json(render_inputs);
}

util::Result<void> write_results(const GlobalOptions& global, const oci::PodvmMeasurements& m) {
  const auto dir = secrets_dir(global);
  const auto measurements = oci::pattern_measurements_json(m.measurements, m.source);
  COCO_TRY_ASSIGN(const auto rvps, reference_values(global, measurements));
  std::error_code ec;
  if (!fs::exists(dir, ec)) COCO_TRY(util::ensure_directory(dir, 0700));
  if (!m.raw_file.empty()) COCO_TRY(util::write_file_atomic(dir / k_raw_file, m.raw_file, 0644));
  COCO_TRY(util::write_file_atomic(dir / k_measurements_file, measurements, 0644));
  return util::write_file_atomic(dir / k_rvps_file, rvps + "\n", 0644);
}

// -o json and -o yaml print the same document (JSON is valid YAML).
nlohmann::json to_json(const oci::Measurements& m, const oci::MeasurementSource& s) {
  return {{"image", s.image},       {"digest", s.digest}, {"manifestDigest", s.manifest_digest},
          {"platform", s.platform}, {"from", s.from},     {"fetchedAt", s.fetched_at},
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
  COCO_TRY_ASSIGN(const auto image, image_text(opts.registry, global));
  spdlog::info("reading the measurements of {}", image);
  COCO_TRY_ASSIGN(const auto result, fetch(opts.registry, image));
  COCO_TRY(write_results(global, result));
  const auto dir = secrets_dir(global);
  if (global.output != OutputFormat::text) {
    auto doc = to_json(result.measurements, result.source);
    doc["files"] = {(dir / k_measurements_file).string(), (dir / k_rvps_file).string()};
    if (!result.raw_file.empty()) doc["files"].push_back((dir / k_raw_file).string());
    fmt::print("{}\n", doc.dump(2));
    return {};
  }
  print_text(result.measurements, result.source);
  fmt::print("Wrote     {} and {}\n", (dir / k_measurements_file).string(), k_rvps_file);
  return {};
}

// Compares the stored values with what the registry serves now for the pinned version.
// Exit 4 (check_failed) when they differ.
util::Result<nlohmann::json> check_drift(const PcrOptions& opts, const GlobalOptions& global,
                                         const oci::Measurements& stored, const oci::MeasurementSource& source) {
  auto image = image_text(opts.registry, global);
  if (!image && !source.image.empty()) image = source.image;  // values without a pin: the image recorded last time
  COCO_TRY(image);
  COCO_TRY_ASSIGN(auto ref, oci::parse_reference(*image));
  if (!ref.tag.empty()) ref.digest.clear();  // check what the tag points to now
  COCO_TRY_ASSIGN(const auto current, fetch(opts.registry, ref.str()));
  std::vector<std::string> changed;
  for (const auto& [pcr, value] : current.measurements.pcrs) {
    const auto it = stored.pcrs.find(pcr);
    if (it == stored.pcrs.end() || it->second != value) changed.push_back(pcr);
  }
  for (const auto& [pcr, value] : stored.pcrs) {
    if (!current.measurements.pcrs.contains(pcr)) changed.push_back(pcr);
  }
  const auto status = !changed.empty() ? "drifted" : current.source.digest == source.digest ? "unchanged" : "same-measurements";
  return nlohmann::json{{"image", ref.str()}, {"digest", current.source.digest}, {"status", status}, {"changed", changed}};
}

util::Result<void> run_show(const PcrOptions& opts, const GlobalOptions& global) {
  const auto path = secrets_dir(global) / k_measurements_file;
  COCO_TRY_ASSIGN(const auto text, std::move(util::read_file(path)).context("run 'cococtl pcr update' first"));
  COCO_TRY_ASSIGN(const auto stored, std::move(oci::parse_measurements_json(text)).context(path.string()));
  const auto source = oci::parse_measurement_source(text);
  nlohmann::json check;
  if (opts.check) {
    COCO_TRY_ASSIGN(check, check_drift(opts, global, stored, source));
  }
  if (global.output != OutputFormat::text) {
    auto doc = to_json(stored, source);
    doc["file"] = path.string();
    if (opts.check) doc["check"] = check;
    fmt::print("{}\n", doc.dump(2));
  } else {
    print_text(stored, source);
    if (opts.check) {
      fmt::print("Check     {} is at {}: {}\n", check["image"].get<std::string>(), check["digest"].get<std::string>(),
                 check["status"].get<std::string>());
    }
  }
  if (opts.check && check["status"] == "drifted") {
    return util::Error{util::ExitCode::check_failed,
                       fmt::format("measurements drifted ({}): run 'cococtl pcr update'",
                                   fmt::join(check["changed"].get<std::vector<std::string>>(), ", "))};
  }
  return {};
}

}  // namespace

void add_pcr_command(CLI::App& app, GlobalOptions& global, CommandSlot& slot) {
  auto opts = std::make_shared<PcrOptions>();
  auto* pcr = app.add_subcommand("pcr", "Peer-pod VM measurements (PCRs) from the dm-verity podvm image");
  pcr->require_subcommand(1);
  auto* update = pcr->add_subcommand("update", "Read the measurements from the registry and store them in the secrets folder");
  add_registry_flags(update, opts->registry);
  update->add_flag("--stop-early", opts->registry.stop_early,
                   "stop downloading a layer once the file is read (faster; the layer digest is then not verified)");
  update->callback([opts, &global, &slot] { slot.action = [opts, &global] { return run_update(*opts, global); }; });
  auto* show = pcr->add_subcommand("show", "Print the stored measurements and the image digest they came from");
  show->add_flag("--check", opts->check, "compare with the registry's current image for the pinned version (exit 4 on drift)");
  add_registry_flags(show, opts->registry);
  show->callback([opts, &global, &slot] { slot.action = [opts, &global] { return run_show(*opts, global); }; });
}

}  // namespace cococtl::cli
