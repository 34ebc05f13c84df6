#pragma once
// The peer-pod VM measurements kept in the secrets folder: fetched from the registry
// (`cococtl pcr update`), stored as the pattern's measurements.json plus the Trustee RVPS
// reference values, and compared with the registry later (`pcr show --check`, drift checks).

#include <cococtl/oci/measurements.hpp>
#include <cococtl/oci/podvm.hpp>
#include <cococtl/util/result.hpp>
#include <cococtl/workspace/options.hpp>
#include <filesystem>
#include <string>
#include <vector>

namespace cococtl::workspace {

inline constexpr const char* k_measurements_file = "measurements.json";
inline constexpr const char* k_raw_measurements_file = "measurements-raw.json";
inline constexpr const char* k_rvps_file = "rvps-reference-values.json";

struct RegistryOptions {
  std::string image;      // empty: the podvm image of the OSC version pinned in values
  std::string auth_file;  // empty: podman's lookup order
  std::string platform = "linux/amd64";
  std::vector<std::string> registry_ca;
  bool insecure_registry = false;  // plain HTTP, loopback registries only
  bool stop_early = false;         // stop reading a layer once the file is found (digest unverified)
};

// registry.image, else the podvm image for the OSC CSV pinned in values
// (clusterGroup.subscriptions.sandbox.csv). Fails (invalid_input) when neither is known.
util::Result<std::string> podvm_image(const Options& options, const RegistryOptions& registry);

// Reads the measurements of `image` from its registry. Fails with the OCI client's errors.
util::Result<oci::PodvmMeasurements> fetch_measurements(const RegistryOptions& registry, const std::string& image);

// Writes measurements.json (and measurements-raw.json when the image had a file) and the RVPS
// reference values exactly as render ships them (plus pcr08/init_data once the KBS CA exists),
// each crash-safely. Returns the paths written. Fails on values or I/O errors.
util::Result<std::vector<std::filesystem::path>> write_measurements(const Options& options,
                                                                    const oci::PodvmMeasurements& fetched);

struct StoredMeasurements {
  std::filesystem::path path;
  oci::Measurements measurements;
  oci::MeasurementSource source;
};

// The measurements.json in the secrets folder. Fails (failure) when missing ("run 'cococtl pcr
// update' first") and (invalid_input) when malformed.
util::Result<StoredMeasurements> read_stored_measurements(const Options& options);

struct Drift {
  std::string image;                 // the reference checked
  std::string digest;                // what it resolves to now
  std::string status;                // "unchanged", "same-measurements" or "drifted"
  std::vector<std::string> changed;  // PCR names that differ
};

// Compares `stored` with what the registry serves now for the pinned image (or the image
// recorded in the file when values pin none). Fails with the OCI client's errors.
util::Result<Drift> check_drift(const Options& options, const RegistryOptions& registry,
                                const StoredMeasurements& stored);

}  // namespace cococtl::workspace
