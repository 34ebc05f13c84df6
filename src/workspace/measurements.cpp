#include <spdlog/spdlog.h>

#include <cococtl/render/reference_values.hpp>
#include <cococtl/util/fs.hpp>
#include <cococtl/workspace/inputs.hpp>
#include <cococtl/workspace/measurements.hpp>

namespace cococtl::workspace {
namespace {

namespace fs = std::filesystem;

// The OSC CSV pinned in values ("sandboxed" in some pattern variants), as a podvm image.
util::Result<std::string> pinned_image(const Options& options) {
  COCO_TRY_ASSIGN(const auto vals, load_checked_values(options));
  for (const char* key : {"clusterGroup.subscriptions.sandbox.csv", "clusterGroup.subscriptions.sandboxed.csv"}) {
    const auto csv = vals.string_at(key);
    if (!csv.empty()) return oci::podvm_image_for_csv(csv);
  }
  return util::invalid_input("no OSC operator version pinned (clusterGroup.subscriptions.sandbox.csv); pass --image");
}

// The RVPS reference values exactly as render puts them in the rvps-reference-values ConfigMap.
util::Result<std::string> reference_values(const Options& options, const std::string& measurements) {
  COCO_TRY_ASSIGN(const auto vals, load_checked_values(options));
  render::RenderInputs in{.values = &vals, .secrets = nullptr, .material = {}, .measurements_json = measurements};
  COCO_TRY_ASSIGN(in.material, load_material(options));
  if (in.material.count("kbs-ca-cert") == 0) {
    spdlog::warn(
        "no KBS CA certificate in {}: {} lacks init_data and pcr08 (run cococtl secrets generate, then pcr update)",
        options.secrets_dir, k_rvps_file);
  }
  return render::reference_values_json(in);
}

}  // namespace

util::Result<std::string> podvm_image(const Options& options, const RegistryOptions& registry) {
  if (!registry.image.empty()) return registry.image;
  return pinned_image(options);
}

util::Result<oci::PodvmMeasurements> fetch_measurements(const RegistryOptions& registry, const std::string& image) {
  COCO_TRY_ASSIGN(const auto ref, oci::parse_reference(image));
  COCO_TRY_ASSIGN(const auto platform, oci::parse_platform(registry.platform));
  oci::ClientOptions client_options;
  client_options.auth_file = registry.auth_file;
  client_options.registry_ca_files = registry.registry_ca;
  client_options.insecure_registry = registry.insecure_registry;
  COCO_TRY_ASSIGN(auto client, oci::RegistryClient::create(ref, std::move(client_options)));
  return oci::fetch_podvm_measurements(*client, ref, platform, {registry.stop_early});
}

util::Result<std::vector<fs::path>> write_measurements(const Options& options, const oci::PodvmMeasurements& fetched) {
  const auto dir = secrets_dir(options);
  const auto measurements = oci::pattern_measurements_json(fetched.measurements, fetched.source);
  COCO_TRY_ASSIGN(const auto rvps, reference_values(options, measurements));
  std::error_code ec;
  if (!fs::exists(dir, ec)) COCO_TRY(util::ensure_directory(dir, 0700));
  std::vector<fs::path> written{dir / k_measurements_file, dir / k_rvps_file};
  if (!fetched.raw_file.empty()) {
    COCO_TRY(util::write_file_atomic(dir / k_raw_measurements_file, fetched.raw_file, 0644));
    written.push_back(dir / k_raw_measurements_file);
  }
  COCO_TRY(util::write_file_atomic(written[0], measurements, 0644));
  COCO_TRY(util::write_file_atomic(written[1], rvps + "\n", 0644));
  return written;
}

util::Result<StoredMeasurements> read_stored_measurements(const Options& options) {
  StoredMeasurements stored{secrets_dir(options) / k_measurements_file, {}, {}};
  COCO_TRY_ASSIGN(const auto text, std::move(util::read_file(stored.path)).context("run 'cococtl pcr update' first"));
  COCO_TRY_ASSIGN(stored.measurements, std::move(oci::parse_measurements_json(text)).context(stored.path.string()));
  stored.source = oci::parse_measurement_source(text);
  return stored;
}

util::Result<Drift> check_drift(const Options& options, const RegistryOptions& registry,
                                const StoredMeasurements& stored) {
  auto image = podvm_image(options, registry);
  if (!image && !stored.source.image.empty()) image = stored.source.image;  // no pin: the image recorded last time
  COCO_TRY(image);
  COCO_TRY_ASSIGN(auto ref, oci::parse_reference(*image));
  if (!ref.tag.empty()) ref.digest.clear();  // check what the tag points to now
  COCO_TRY_ASSIGN(const auto current, fetch_measurements(registry, ref.str()));
  Drift drift{ref.str(), current.source.digest, "", {}};
  for (const auto& [pcr, value] : current.measurements.pcrs) {
    const auto it = stored.measurements.pcrs.find(pcr);
    if (it == stored.measurements.pcrs.end() || it->second != value) drift.changed.push_back(pcr);
  }
  for (const auto& [pcr, value] : stored.measurements.pcrs) {
    if (!current.measurements.pcrs.contains(pcr)) drift.changed.push_back(pcr);
  }
  drift.status = !drift.changed.empty()                          ? "drifted"
                 : current.source.digest == stored.source.digest ? "unchanged"
                                                                 : "same-measurements";
  return drift;
}

}  // namespace cococtl::workspace
