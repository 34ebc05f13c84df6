#include "sim/controllers/cdh_fetch.hpp"

#include "kbs/release.hpp"
#include "kbs/toml.hpp"

#include <cococtl/crypto/encoding.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace cococtl::sim {
namespace {

// The CDH's REST API (guest-components api-server-rest) listens on the pod's loopback, port 8006.
constexpr std::string_view k_cdh_urls[] = {"http://127.0.0.1:8006/cdh/resource/",
                                           "http://localhost:8006/cdh/resource/"};
constexpr const char* k_initdata_annotation = "io.katacontainers.config.hypervisor.cc_init_data";

util::Result<std::string> tee_for_handler(const std::string& handler) {
  if (handler.rfind("kata-tdx", 0) == 0) return std::string("tdx");
  if (handler.rfind("kata-snp", 0) == 0) return std::string("snp");
  if (handler == "kata-remote") return std::string("az-snp-vtpm");
  if (handler.rfind("kata", 0) == 0) return std::string("sample");
  return util::failure(fmt::format(
      "curl: (7) Failed to connect to 127.0.0.1 port 8006: Connection refused (runtime handler {}: no Kata VM, so no "
      "Confidential Data Hub)",
      handler));
}

util::Result<std::string> runtime_handler(ControllerContext& ctx, const json& pod) {
  const std::string name = string_at(pod, {"spec", "runtimeClassName"});
  if (name.empty()) return std::string("runc");
  const auto runtime_class = ctx.get("node.k8s.io/v1", "RuntimeClass", "", name);
  if (!runtime_class) return util::failure("RuntimeClass " + name + " not found");
  return runtime_class->value("handler", "");
}

// The init-data document: the pod's annotation, for peer pods else peer-pods-cm's INITDATA.
util::Result<std::string> init_data(ControllerContext& ctx, const json& pod, const std::string& handler) {
  std::string encoded = string_at(pod, {"metadata", "annotations", k_initdata_annotation});
  if (encoded.empty() && handler == "kata-remote") {
    const auto cm = ctx.get("v1", "ConfigMap", "openshift-sandboxed-containers-operator", "peer-pods-cm");
    if (cm) encoded = string_at(*cm, {"data", "INITDATA"});
  }
  if (encoded.empty()) {
    return util::failure(
        fmt::format("the pod has no {} annotation: its Confidential Data Hub knows no KBS", k_initdata_annotation));
  }
  auto gz = crypto::base64_decode(encoded);
  if (!gz.ok()) return util::failure(std::string(k_initdata_annotation) + " is not base64");
  return crypto::gzip_decompress(*gz).context(std::string(k_initdata_annotation) + " is not gzip");
}

// The KBS URL of init-data: cdh.toml [kbc] url, else aa.toml [token_configs.kbs] url.
util::Result<std::string> kbs_url(const std::string& document) {
  COCO_TRY_ASSIGN(const json doc, kbs::parse_toml(document).context("init-data"));
  const json data = doc.value("data", json::object());
  for (const auto& [file, path] : {std::pair<const char*, std::vector<std::string>>{"cdh.toml", {"kbc", "url"}},
                                   {"aa.toml", {"token_configs", "kbs", "url"}}}) {
    if (!data.value(file, json()).is_string()) continue;
    auto parsed = kbs::parse_toml(data[file].get<std::string>());
    if (!parsed.ok()) continue;
    const json* at = &*parsed;
    for (const auto& key : path) at = at->is_object() && at->contains(key) ? &(*at)[key] : nullptr;
    if (at != nullptr && at->is_string()) return at->get<std::string>();
  }
  return util::failure("init-data names no KBS (cdh.toml [kbc] url)");
}

std::string host_of(std::string url) {
  if (const auto scheme = url.find("://"); scheme != std::string::npos) url = url.substr(scheme + 3);
  return url.substr(0, url.find_first_of(":/"));
}

bool listed(const json& value, const json& wanted) {
  if (!value.is_array()) return value == wanted;
  return std::find(value.begin(), value.end(), wanted) != value.end();
}

// The init-data digest the TEE reports must be a registered value, when one is registered.
util::Result<void> check_reference(kbs::KbsState& state, const kbs::SimulatedTee& tee) {
  COCO_TRY_ASSIGN(const json claims, kbs::simulated_claims(state, tee));
  std::string id = "init_data";
  json bound = claims.value("init_data", json());
  if (tee.tee == "az-snp-vtpm" || tee.tee == "az-tdx-vtpm") {
    id = tee.tee == "az-snp-vtpm" ? "snp_pcr08" : "tdx_pcr08";
    bound = claims["tpm"].value("pcr08", json());
  } else if (tee.tee == "sample") {
    return {};
  }
  std::lock_guard lock(state.mutex);
  const auto reference = state.reference_values.query(id);
  if (!reference || listed(*reference, bound)) return {};
  return util::failure(fmt::format("the init-data digest the {} TEE reports ({}) is not in reference value {}", tee.tee,
                                   bound.is_string() ? bound.get<std::string>() : bound.dump(), id));
}

util::Result<std::string> fetch(ControllerContext& ctx, const json& pod, const CdhFetch& f) {
  COCO_TRY_ASSIGN(const std::string handler, runtime_handler(ctx, pod));
  COCO_TRY_ASSIGN(const std::string tee, tee_for_handler(handler));
  COCO_TRY_ASSIGN(const std::string document, init_data(ctx, pod, handler));
  COCO_TRY_ASSIGN(const std::string url, kbs_url(document));
  const std::string host = host_of(url);
  KbsHost& hosted = ctx.hosting().kbs;
  const auto& external = ctx.hosting().external_kbs;
  if (std::find(external.begin(), external.end(), host) != external.end()) {
    return fmt::format("resource {} from the external KBS {} (not simulated by coco-cluster-sim)\n", f.resource, host);
  }
  const auto state = hosted.state();
  if (!state || hosted.host() != host) {
    const std::string failure = hosted.failure();
    return util::failure(
        fmt::format("KBS {} is not reachable: {}", url, state ? "this cluster hosts " + hosted.host() : failure));
  }
  const kbs::SimulatedTee simulated{tee, document};
  COCO_TRY(check_reference(*state, simulated));
  return kbs::release_to_tee(*state, simulated, f.resource).context("KBS " + url + " refused " + f.resource);
}

}  // namespace

std::optional<CdhFetch> cdh_fetch_of(const json& pod) {
  for (const auto& container : pod["spec"].value("initContainers", json::array())) {
    json words = container.value("command", json::array());
    for (const auto& arg : container.value("args", json::array())) words.push_back(arg);
    for (const auto& arg : words) {
      const std::string text = arg.is_string() ? arg.get<std::string>() : "";
      for (const auto url : k_cdh_urls) {
        const auto at = text.find(url);
        if (at == std::string::npos) continue;
        const std::string rest = text.substr(at + url.size());
        return CdhFetch{container.value("name", ""), rest.substr(0, rest.find_first_of(" \t\n'\";&|"))};
      }
    }
  }
  return std::nullopt;
}

FetchOutcome run_cdh_fetch(ControllerContext& ctx, const json& pod, const CdhFetch& f) {
  auto content = fetch(ctx, pod, f);
  if (!content.ok()) return {false, "", content.error().message};
  return {true, std::move(content).value(), ""};
}

}  // namespace cococtl::sim
