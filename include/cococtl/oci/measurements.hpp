#pragma once
// Peer-pod VM measurements (Azure vTPM PCRs) as published with the dm-verity podvm image, and
// their conversion to the files the pattern and Trustee 1.1's RVPS read.

#include <cococtl/util/result.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cococtl::oci {

inline constexpr std::string_view k_measurement_annotation_prefix = "io.github.confidential-containers.measurements.";
inline constexpr std::string_view k_measurements_path = "image/measurements.json";

struct Measurements {
  std::string algorithm = "sha256";
  std::map<std::string, std::string> pcrs;  // "pcr03" → lower-case hex, no "0x"
};

// Where a set of measurements came from, recorded next to them.
struct MeasurementSource {
  std::string image;            // the reference as given/resolved ("registry/repo:tag")
  std::string digest;           // digest the tag resolved to (index or manifest)
  std::string manifest_digest;  // the platform's image manifest
  std::string platform;         // "linux/amd64"
  std::string from;             // "annotations" or "layer sha256:…"
  std::string fetched_at;       // RFC 3339 UTC
};

// The PCRs every podvm measurement set must have (those the Trustee policy checks).
const std::vector<std::string>& required_pcrs();

// Strips exactly one leading "0x"/"0X", lower-cases, and checks the rest is hex of the
// algorithm's length (sha256: 64). Fails (invalid_input) naming `what` (e.g. "pcr03").
util::Result<std::string> normalise_pcr_value(std::string_view value, std::string_view algorithm, std::string_view what);

// Reads `{"measurements":{"sha256":{"pcr03":"0x…",…}}}` (the image's file, or the file
// cococtl wrote). Fails (invalid_input) on bad JSON, a missing sha256 bank, a missing
// required PCR or a bad value.
util::Result<Measurements> parse_measurements_json(std::string_view text);

// True when the manifest annotations carry measurements.
bool has_measurement_annotations(const std::map<std::string, std::string>& annotations);

// Reads `io.github.confidential-containers.measurements.{algorithm,pcrNN}`; the algorithm
// defaults to sha256. Fails (invalid_input) like parse_measurements_json.
util::Result<Measurements> measurements_from_annotations(const std::map<std::string, std::string>& annotations);

// The pattern's measurements.json: `{"measurements":{"sha256":{…}},"source":{…}}`, values
// without "0x" (what get-pcr.sh writes and trustee-chart's pcr-stash reads), 2-space indented.
std::string pattern_measurements_json(const Measurements& m, const MeasurementSource& source);

// Reads the `source` object written by pattern_measurements_json (empty fields when absent).
MeasurementSource parse_measurement_source(std::string_view text);

}  // namespace cococtl::oci
