#include "reference_values.hpp"

#include <fmt/format.h>

#include <cococtl/render/reference_values.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace cococtl::render {
namespace detail {
namespace {

std::string strip_0x(std::string value) { return value.rfind("0x", 0) == 0 ? value.substr(2) : value; }

// PCR values of the peer-pod image, from <secrets-dir>/measurements.json (`cococtl pcr update`).
util::Result<std::map<std::string, std::string>> read_pcrs(const std::string& text) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  const auto pointer = "/measurements/sha256"_json_pointer;
  if (doc.is_discarded() || !doc.contains(pointer) || !doc.at(pointer).is_object()) {
    return util::invalid_input("measurements.json: expected {\"measurements\":{\"sha256\":{\"pcr03\":...}}}");
  }
  std::map<std::string, std::string> pcrs;
  for (const auto& [name, value] : doc.at(pointer).items()) {
    if (value.is_string()) pcrs[name] = strip_0x(value.get<std::string>());
  }
  return pcrs;
}

nlohmann::json entry(const std::string& name, const std::string& expiration, const std::vector<std::string>& values) {
  return {{"name", name}, {"expiration", expiration}, {"value", values}};
}

}  // namespace

util::Result<std::string> reference_values(const RenderInputs& inputs, const Flavours* initdata, PlaceholderLog& log) {
  const auto& v = *inputs.values;
  if (!v.bool_at("global.coco.secured")) return std::string("[]");
  const std::string expiration = v.string_at("kbs.referenceValuesExpiration");
  auto entries = nlohmann::json::array();
  if (initdata) {
    const auto& f = *initdata;
    const std::set<std::string> digests{f.normal.digest_hex,    f.debug.digest_hex,     f.normal.mrconfigid_hex,
                                        f.debug.mrconfigid_hex, f.normal.host_data_hex, f.debug.host_data_hex};
    entries.push_back(entry("init_data", expiration, {digests.begin(), digests.end()}));
  }
  if (v.string_at("global.clusterPlatform") != "Azure") return entries.dump(2);
  std::map<std::string, std::string> pcrs;
  if (inputs.measurements_json) {
    COCO_TRY_ASSIGN(pcrs, read_pcrs(*inputs.measurements_json));
  } else {
    log.add("measurements.json (run cococtl pcr update)");
  }
  for (const std::string tee : {"snp", "tdx"}) {
    if (initdata)
      entries.push_back(entry(tee + "_pcr08", expiration, {initdata->normal.pcr8_hex, initdata->debug.pcr8_hex}));
    for (const auto& [name, value] : pcrs) {
      if (name != "pcr08" || !initdata) entries.push_back(entry(tee + "_" + name, expiration, {value}));
    }
  }
  return entries.dump(2);
}

}  // namespace detail

util::Result<std::string> reference_values_json(const RenderInputs& inputs) {
  detail::PlaceholderLog log;
  if (inputs.material.count("kbs-ca-cert") == 0) return detail::reference_values(inputs, nullptr, log);
  COCO_TRY_ASSIGN(const auto flavours, detail::build_flavours(inputs, log));
  return detail::reference_values(inputs, &flavours, log);
}

}  // namespace cococtl::render
