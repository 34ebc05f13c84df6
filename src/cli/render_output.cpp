#include "render_output.hpp"

#include <cococtl/crypto/digest.hpp>
#include <cococtl/manifest/yaml_io.hpp>
#include <cococtl/render/unfilled.hpp>
#include <cococtl/util/fs.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

namespace cococtl::cli {
namespace fs = std::filesystem;
namespace {

constexpr const char* k_marker = ".cococtl-render";

// Secret values are shown only on request; the digest lets a reviewer see that a value changed.
nlohmann::json redacted(const manifest::Object& object, bool show_secrets) {
  nlohmann::json body = object.body;
  if (show_secrets || object.kind() != "Secret") return body;
  for (const char* field : {"data", "stringData"}) {
    if (!body.contains(field) || !body[field].is_object()) continue;
    for (auto& [key, value] : body[field].items()) {
      const auto hex = crypto::digest_hex(crypto::DigestAlgorithm::sha256, value.dump());
      value = render::redaction_marker(hex.ok() ? hex->substr(0, 12) : "?");
    }
  }
  return body;
}

std::string serialise(const manifest::Object& object, const RenderOutput& output) {
  const bool redact = !output.show_secrets && object.kind() == "Secret";
  const nlohmann::json copy = redact ? redacted(object, false) : nlohmann::json();
  const nlohmann::json& body = redact ? copy : object.body;
  if (output.format == ManifestFormat::json) return body.dump(2) + "\n";
  return fmt::format("# {} (stage {}, wave {}, from {})\n", object.display(), manifest::stage_name(object.stage()), object.wave,
                     object.source) +
         manifest::to_yaml(body);
}

// A Secret written with its values (--show-secrets) holds key material and tokens.
bool holds_secret_data(const manifest::Object& object, const RenderOutput& output) {
  return output.show_secrets && object.kind() == "Secret";
}

bool is_render_file(const std::string& name) {
  return name.size() > 4 && std::isdigit(static_cast<unsigned char>(name[0])) &&
         (name.ends_with(".yaml") || name.ends_with(".json"));
}

// Creates `dir` with `mode`, or accepts an empty folder or one an earlier render wrote.
util::Result<void> check_folder(const fs::path& dir, mode_t mode) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return util::ensure_directory(dir, mode);
  if (!fs::is_directory(dir, ec)) return util::invalid_input(fmt::format("{}: not a folder", dir.string()));
  if (fs::exists(dir / k_marker, ec) || fs::is_empty(dir, ec)) return {};
  return util::invalid_input(fmt::format("{}: folder is not empty and was not written by cococtl render; "
                                         "choose an empty or new folder", dir.string()));
}

}  // namespace

std::string object_file_name(const manifest::Object& object, std::size_t index, ManifestFormat format) {
  std::string kind = object.kind();
  std::transform(kind.begin(), kind.end(), kind.begin(), [](unsigned char c) { return std::tolower(c); });
  const std::string ns = object.namespace_name();
  return fmt::format("{:03d}-{}-{}{}.{}", index + 1, kind, ns.empty() ? "" : ns + "-", object.name(),
                     format == ManifestFormat::json ? "json" : "yaml");
}

util::Result<void> write_stream(const std::vector<manifest::Object>& objects, const RenderOutput& output) {
  if (output.format == ManifestFormat::json) {
    nlohmann::json list{{"apiVersion", "v1"}, {"kind", "List"}, {"items", nlohmann::json::array()}};
    for (const auto& object : objects) list["items"].push_back(redacted(object, output.show_secrets));
    fmt::print("{}\n", list.dump(2));
    return {};
  }
  std::string text;
  for (const auto& object : objects) text += "---\n" + serialise(object, output);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return {};
}

util::Result<void> write_directory(const std::vector<manifest::Object>& objects, const RenderOutput& output,
                                   const std::string& dir_text) {
  const fs::path dir = util::expand_user(dir_text);
  // Secret values on disk get the protection `secrets generate` gives key material: a private
  // folder (an existing one is narrowed to 0700), private files.
  const bool any_secret =
      std::any_of(objects.begin(), objects.end(), [&](const auto& o) { return holds_secret_data(o, output); });
  COCO_TRY(check_folder(dir, any_secret ? 0700 : 0755));
  if (any_secret) COCO_TRY(util::ensure_directory(dir, 0700));
  std::set<std::string> written;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const std::string name = object_file_name(objects[i], i, output.format);
    const mode_t mode = holds_secret_data(objects[i], output) ? 0600 : 0644;
    COCO_TRY(util::write_file_atomic(dir / name, serialise(objects[i], output), mode));
    written.insert(name);
  }
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (is_render_file(name) && !written.count(name)) fs::remove(entry.path());
  }
  return util::write_file_atomic(dir / k_marker, "written by cococtl render\n", 0644);
}

}  // namespace cococtl::cli
