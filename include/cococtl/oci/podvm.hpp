#pragma once
// The peer-pod VM image's measurements, read straight from the registry: manifest
// annotations when present (no blob download), else /image/measurements.json from the layers.

#include <cococtl/oci/client.hpp>
#include <cococtl/oci/measurements.hpp>
#include <cococtl/util/result.hpp>

#include <string>
#include <string_view>

namespace cococtl::oci {

inline constexpr std::string_view k_podvm_repository = "registry.redhat.io/openshift-sandboxed-containers/osc-dm-verity-image";

// The podvm image for an OSC operator CSV: "sandboxed-containers-operator.v1.12.0" →
// "<k_podvm_repository>:1.12.0". Fails (invalid_input) when the CSV has no ".v<version>".
util::Result<std::string> podvm_image_for_csv(std::string_view csv);

struct PodvmMeasurements {
  Measurements measurements;
  MeasurementSource source;
  std::string raw_file;  // the image's measurements.json when read from a layer, else ""
};

// Resolves `ref` for `platform` and reads its measurements (annotations first, then the
// layers top-down). source.fetched_at is the current UTC time. Fails (failure) when the
// image has neither annotations nor the file (images built before mid-2025 carry none),
// (invalid_input) when the values are malformed, or with the client's errors.
util::Result<PodvmMeasurements> fetch_podvm_measurements(RegistryClient& client, const Reference& ref,
                                                         const Platform& platform, BlobOptions blob_options = {});

// The current UTC time as "2026-01-31T12:00:00Z".
std::string utc_timestamp();

}  // namespace cococtl::oci
