#include <cococtl/oci/measurements.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace cococtl::oci {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

std::size_t hex_length(std::string_view algorithm) {
  if (algorithm == "sha1") return 40;
  if (algorithm == "sha256") return 64;
  if (algorithm == "sha384") return 96;
  if (algorithm == "sha512") return 128;
  return 0;
}

bool is_pcr_key(std::string_view key) {
  return key.size() == 5 && key.starts_with("pcr") && std::isdigit(static_cast<unsigned char>(key[3])) &&
         std::isdigit(static_cast<unsigned char>(key[4]));
}

util::Result<void> check_required(const Measurements& m, std::string_view where) {
  std::vector<std::string> missing;
  for (const auto& pcr : required_pcrs()) {
    if (!m.pcrs.contains(pcr)) missing.push_back(pcr);
  }
  if (missing.empty()) return {};
  return util::invalid_input(fmt::format("{}: {} measurements lack {}", where, m.algorithm, fmt::join(missing, ", ")));
}

util::Result<void> add_pcr(Measurements& m, const std::string& key, const json& value, std::string_view where) {
  if (!value.is_string()) return util::invalid_input(fmt::format("{}: {} is not a string", where, key));
  COCO_TRY_ASSIGN(auto hex, normalise_pcr_value(value.get<std::string>(), m.algorithm, key));
  m.pcrs[key] = std::move(hex);
  return {};
}

}  // namespace

const std::vector<std::string>& required_pcrs() {
  static const std::vector<std::string> k_required{"pcr03", "pcr09", "pcr11", "pcr12"};
  return k_required;
}

util::Result<std::string> normalise_pcr_value(std::string_view value, std::string_view algorithm, std::string_view what) {
  const auto expected = hex_length(algorithm);
  if (expected == 0) return util::invalid_input(fmt::format("unsupported measurement algorithm \"{}\"", algorithm));
  if (value.starts_with("0x") || value.starts_with("0X")) value.remove_prefix(2);
  std::string hex(value);
  for (auto& c : hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool all_hex = std::all_of(hex.begin(), hex.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
  if (!all_hex) return util::invalid_input(fmt::format("{} is not hexadecimal", what));
  if (hex.size() != expected) {
    return util::invalid_input(fmt::format("{} is not {} hex digits of {} (got {} characters)", what, expected,
                                           algorithm, hex.size()));
  }
  return hex;
}

util::Result<Measurements> parse_measurements_json(std::string_view text) {
  constexpr std::string_view where = "measurements.json";
  const auto doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return util::invalid_input("measurements.json is not a JSON object");
  const auto banks = doc.find("measurements");
  if (banks == doc.end() || !banks->is_object()) return util::invalid_input("measurements.json has no \"measurements\" object");
  const auto bank = banks->find("sha256");
  if (bank == banks->end() || !bank->is_object()) {
    return util::invalid_input("measurements.json has no \"measurements.sha256\" object");
  }
  Measurements m;
  for (const auto& [key, value] : bank->items()) {
    if (!is_pcr_key(key)) return util::invalid_input(fmt::format("{}: unexpected key \"{}\" (want pcrNN)", where, key));
    COCO_TRY(add_pcr(m, key, value, where));
  }
  COCO_TRY(check_required(m, where));
  return m;
}

bool has_measurement_annotations(const std::map<std::string, std::string>& annotations) {
  return std::any_of(annotations.begin(), annotations.end(), [](const auto& entry) {
    return entry.first.starts_with(k_measurement_annotation_prefix) &&
           is_pcr_key(std::string_view(entry.first).substr(k_measurement_annotation_prefix.size()));
  });
}

util::Result<Measurements> measurements_from_annotations(const std::map<std::string, std::string>& annotations) {
  constexpr std::string_view where = "manifest annotations";
  Measurements m;
  const auto algo = annotations.find(std::string(k_measurement_annotation_prefix) + "algorithm");
  if (algo != annotations.end()) m.algorithm = algo->second;
  if (m.algorithm != "sha256") {
    return util::invalid_input(fmt::format("{}: measurement algorithm is \"{}\", expected sha256", where, m.algorithm));
  }
  for (const auto& [key, value] : annotations) {
    if (!key.starts_with(k_measurement_annotation_prefix)) continue;
    const auto pcr = key.substr(k_measurement_annotation_prefix.size());
    if (is_pcr_key(pcr)) COCO_TRY(add_pcr(m, pcr, json(value), where));
  }
  COCO_TRY(check_required(m, where));
  return m;
}

std::string pattern_measurements_json(const Measurements& m, const MeasurementSource& source) {
  ordered_json doc;
  ordered_json bank = ordered_json::object();
  for (const auto& [pcr, value] : m.pcrs) bank[pcr] = value;
  doc["measurements"][m.algorithm] = bank;
  doc["source"] = {{"image", source.image},       {"digest", source.digest},
                   {"manifestDigest", source.manifest_digest}, {"platform", source.platform},
                   {"from", source.from},         {"fetchedAt", source.fetched_at}};
  return doc.dump(2) + "\n";
}

MeasurementSource parse_measurement_source(std::string_view text) {
  MeasurementSource s;
  const auto doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("source") || !doc["source"].is_object()) return s;
  const auto& src = doc["source"];
  const auto get = [&](const char* key) { return src.contains(key) && src[key].is_string() ? src[key].get<std::string>() : ""; };
  return {get("image"), get("digest"), get("manifestDigest"), get("platform"), get("from"), get("fetchedAt")};
}

}  // namespace cococtl::oci
