#include <cococtl/oci/podvm.hpp>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>

namespace cococtl::oci {
namespace {

constexpr std::size_t k_max_measurements_bytes = 64 * 1024;

}  // namespace

util::Result<std::string> podvm_image_for_csv(std::string_view csv) {
  const auto pos = csv.rfind(".v");
  if (pos == std::string_view::npos || pos + 2 >= csv.size()) {
    return util::invalid_input(fmt::format("cannot read an OSC version from CSV \"{}\" (expected name.v<version>)", csv));
  }
  return fmt::format("{}:{}", k_podvm_repository, csv.substr(pos + 2));
}

std::string utc_timestamp() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", tm);
}

util::Result<PodvmMeasurements> fetch_podvm_measurements(RegistryClient& client, const Reference& ref,
                                                         const Platform& platform, BlobOptions blob_options) {
  COCO_TRY_ASSIGN(const auto image, resolve_image(client, ref, platform));
  PodvmMeasurements out;
  out.source = {ref.str(), image.digest, image.manifest_digest, platform.str(), "", utc_timestamp()};
  if (has_measurement_annotations(image.manifest.annotations)) {
    COCO_TRY_ASSIGN(out.measurements, std::move(measurements_from_annotations(image.manifest.annotations))
                                          .context(fmt::format("{} manifest {}", ref.name(), image.manifest_digest)));
    out.source.from = "annotations";
    spdlog::info("{}: measurements read from the manifest annotations (no layer downloaded)", ref.str());
    return out;
  }
  COCO_TRY_ASSIGN(auto found, find_file(client, image, k_measurements_path, k_max_measurements_bytes, blob_options));
  if (!found) {
    return util::failure(fmt::format("{} ({}) has neither measurement annotations nor /{}; images built before "
                                     "mid-2025 carry no measurements",
                                     ref.str(), image.digest, k_measurements_path));
  }
  COCO_TRY_ASSIGN(out.measurements, std::move(parse_measurements_json(found->content))
                                        .context(fmt::format("/{} in layer {} of {}", k_measurements_path, found->layer_digest, ref.name())));
  out.source.from = "layer " + found->layer_digest;
  out.raw_file = std::move(found->content);
  return out;
}

}  // namespace cococtl::oci
