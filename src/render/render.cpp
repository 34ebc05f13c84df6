#include "context.hpp"
#include "templates.hpp"

#include <cococtl/manifest/yaml_io.hpp>
#include <cococtl/util/yaml.hpp>

#include <fmt/format.h>
#include <kainjow/mustache.hpp>

#include <filesystem>

namespace cococtl::render {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

data to_data(const nlohmann::json& value) {
  if (value.is_object()) {
    data out(data::type::object);
    for (const auto& [key, item] : value.items()) out.set(key, to_data(item));
    return out;
  }
  if (value.is_array()) {
    data out(data::type::list);
    for (const auto& item : value) out.push_back(to_data(item));
    return out;
  }
  if (value.is_boolean()) return data(value.get<bool>());
  if (value.is_null()) return data(false);
  if (value.is_string()) return data(value.get<std::string>());
  return data(value.dump());
}

// Every {{value}} becomes one double-quoted JSON string: valid as a YAML, TOML or JSON scalar,
// so no value can change the structure of the document it lands in.
std::string quote_value(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

util::Result<std::string> expand(const templates::Template& tmpl, const data& context) {
  mustache engine{std::string(tmpl.text)};
  if (!engine.is_valid()) return util::failure(fmt::format("template {}: {}", tmpl.path, engine.error_message()));
  engine.set_custom_escape(quote_value);
  std::string out = engine.render(context);
  if (!engine.is_valid()) return util::failure(fmt::format("template {}: {}", tmpl.path, engine.error_message()));
  return out;
}

// "kbs-config.toml" -> "kbs_config_toml": the name a content file has under `files.` in templates.
std::string file_key(const std::string& path) {
  std::string key = path.substr(path.find_last_of('/') + 1);
  for (char& c : key) {
    if (c == '.' || c == '-') c = '_';
  }
  return key;
}

void label(manifest::Object& object, const std::string& component, const std::string& pattern) {
  auto& metadata = object.body["metadata"];
  metadata["labels"]["app.kubernetes.io/managed-by"] = "cococtl";
  metadata["labels"]["app.kubernetes.io/part-of"] = pattern;
  metadata["labels"][manifest::k_component_label] = component;
  metadata["annotations"][manifest::k_wave_annotation] = std::to_string(object.wave);
}

bool enabled(const values::Values& values, const std::string& component) {
  if (component == "olm") return true;
  // Kyverno policies need Kyverno: kyverno.enabled=false turns them off in every topology.
  if (component == "kyvernoPolicies" && !values.bool_at("kyverno.enabled")) return false;
  // Intel DCAP (SGX plugin, PCCS, QGS) serves TDX quotes only: on AMD SEV-SNP nothing would
  // schedule (the pattern's values-hw-amd-snp.yaml turns it off the same way).
  if (component == "intelDcap" && values.string_at("baremetal.tee") == "snp") return false;
  return values.bool_at("clusterGroup.components." + component);
}

// `ctx` is shared by all components (converting it is costly); only its `files` entry changes.
util::Result<void> render_component(const std::string& component, data& ctx, const values::Values& values,
                                    std::vector<manifest::Object>& out) {
  data files(data::type::object);
  for (const auto& tmpl : templates::file_templates(component)) {
    COCO_TRY_ASSIGN(const auto text, expand(tmpl, ctx));
    files.set(file_key(tmpl.path), text);
  }
  ctx.set("files", files);
  for (const auto& tmpl : templates::object_templates(component)) {
    COCO_TRY_ASSIGN(const auto text, expand(tmpl, ctx));
    auto objects = manifest::parse_objects(text, "template " + tmpl.path);
    if (!objects.ok()) return util::failure(objects.error().message + "\n--- rendered text ---\n" + text);
    for (auto& object : *objects) {
      object.wave = tmpl.wave;
      object.source = tmpl.path;
      object.component = component;
      label(object, component, values.string_at("global.pattern"));
      out.push_back(std::move(object));
    }
  }
  return {};
}

util::Result<nlohmann::json> build_context(const RenderInputs& inputs, detail::PlaceholderLog& log) {
  COCO_TRY_ASSIGN(auto context, util::yaml_to_json(inputs.values->root(), "values"));
  auto computed = detail::compute_basics(*inputs.values);
  computed.update(detail::compute_olm(*inputs.values));
  computed["secrets"] = detail::compute_secrets(inputs, log);
  COCO_TRY_ASSIGN(const auto attestation, detail::compute_attestation(inputs, log));
  computed.update(attestation);
  context["computed"] = std::move(computed);
  return context;
}

std::vector<OperatorPin> operator_pins(const nlohmann::json& context) {
  std::vector<OperatorPin> pins;
  for (const auto& sub : context["computed"]["subscriptions"]) {
    pins.push_back({sub.value("key", ""), sub.value("name", ""), sub.value("namespace", ""), sub.value("channel", ""),
                    sub.value("csv", ""), sub.value("installPlanApproval", "") == "Manual"});
  }
  return pins;
}

}  // namespace

const std::vector<std::string>& material_names() {
  static const std::vector<std::string> k_names{
      "kbs-admin-public-key", "kbs-ca-cert",         "kbs-tls-cert",         "kbs-tls-key",
      "attestation-cert",     "attestation-key",     "pccs-tls-cert",        "pccs-tls-key",
      "pccs-user-token",      "pccs-user-token-hash", "pccs-admin-token-hash", "ssh-public-key"};
  return k_names;
}

util::Result<RenderResult> render(const RenderInputs& inputs) {
  if (!inputs.values) return util::failure("render: no values given");
  detail::PlaceholderLog log;
  COCO_TRY_ASSIGN(const auto context, build_context(inputs, log));
  data ctx = to_data(context);
  for (const auto& partial : templates::partials()) {
    const std::string text(partial.text);
    ctx.set(std::filesystem::path(partial.path).stem().string(), kainjow::mustache::partial([text] { return text; }));
  }
  RenderResult result;
  for (const auto& component : templates::components()) {
    if (enabled(*inputs.values, component)) COCO_TRY(render_component(component, ctx, *inputs.values, result.objects));
  }
  manifest::sort_for_apply(result.objects);
  result.placeholders = std::move(log.names);
  result.operators = operator_pins(context);
  return result;
}

}  // namespace cococtl::render
