#include "manifest_input.hpp"

#include <cococtl/util/fs.hpp>
#include <cococtl/util/yaml.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>

namespace cococtl::cli {
namespace {

namespace fs = std::filesystem;

bool is_manifest_file(const fs::path& path) {
  const auto ext = path.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

util::Result<void> check(const InputObject& o) {
  const auto& b = o.body;
  auto text = [&](const nlohmann::json::json_pointer& p) {
    return b.contains(p) && b.at(p).is_string() ? b.at(p).get<std::string>() : std::string{};
  };
  if (!b.is_object()) return util::invalid_input(o.source + ": a manifest document must be a map");
  if (text("/apiVersion"_json_pointer).empty()) return util::invalid_input(o.source + ": apiVersion is missing");
  if (text("/kind"_json_pointer).empty()) return util::invalid_input(o.source + ": kind is missing");
  if (text("/metadata/name"_json_pointer).empty()) return util::invalid_input(o.source + ": metadata.name is missing");
  return {};
}

util::Result<void> parse_into(std::string_view text, const std::string& source, std::vector<InputObject>& out) {
  COCO_TRY_ASSIGN(const auto docs, util::parse_yaml_documents(text, source));
  for (const auto& doc : docs) {
    if (doc.IsNull()) continue;
    const std::string where = util::yaml_position(source, doc.Mark());
    COCO_TRY_ASSIGN(auto body, util::yaml_to_json(doc, source));
    if (body.is_object() && body.value("kind", "").ends_with("List") && body.contains("items") && body["items"].is_array()) {
      for (auto& item : body["items"]) out.push_back({std::move(item), where});
    } else {
      out.push_back({std::move(body), where});
    }
    COCO_TRY(check(out.back()));
  }
  return {};
}

util::Result<std::vector<fs::path>> files_in(const fs::path& dir, bool recursive) {
  std::vector<fs::path> files;
  std::error_code ec;
  auto add = [&](const fs::directory_entry& e) {
    if (e.is_regular_file() && is_manifest_file(e.path())) files.push_back(e.path());
  };
  if (recursive) {
    for (const auto& e : fs::recursive_directory_iterator(dir, ec)) add(e);
  } else {
    for (const auto& e : fs::directory_iterator(dir, ec)) add(e);
  }
  if (ec) return util::invalid_input(fmt::format("cannot read folder {}: {}", dir.string(), ec.message()));
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

util::Result<std::vector<InputObject>> read_manifests(const std::vector<std::string>& paths, bool recursive) {
  std::vector<InputObject> out;
  for (const auto& path : paths) {
    if (path == "-") {
      const std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
      COCO_TRY(parse_into(text, "<stdin>", out));
      continue;
    }
    std::error_code ec;
    std::vector<fs::path> files{path};
    if (fs::is_directory(path, ec)) {
      COCO_TRY_ASSIGN(files, files_in(path, recursive));
    }
    for (const auto& file : files) {
      COCO_TRY_ASSIGN(const std::string text, util::read_file(file));
      COCO_TRY(parse_into(text, file.string(), out));
    }
  }
  return out;
}

}  // namespace cococtl::cli
