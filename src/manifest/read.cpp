#include <cococtl/manifest/read.hpp>
#include <cococtl/manifest/yaml_io.hpp>
#include <cococtl/util/fs.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>

namespace cococtl::manifest {
namespace {

namespace fs = std::filesystem;

bool is_manifest_file(const fs::path& path) {
  const auto ext = path.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
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

util::Result<void> append(std::string_view text, const std::string& source, std::vector<Object>& out) {
  COCO_TRY_ASSIGN(auto objects, parse_objects(text, source));
  std::move(objects.begin(), objects.end(), std::back_inserter(out));
  return {};
}

}  // namespace

util::Result<std::vector<Object>> read_objects(const std::vector<std::string>& paths, bool recursive) {
  std::vector<Object> out;
  for (const auto& path : paths) {
    if (path == "-") {
      const std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
      COCO_TRY(append(text, "<stdin>", out));
      continue;
    }
    std::error_code ec;
    std::vector<fs::path> files{path};
    if (fs::is_directory(path, ec)) {
      COCO_TRY_ASSIGN(files, files_in(path, recursive));
    }
    for (const auto& file : files) {
      COCO_TRY_ASSIGN(const std::string text, util::read_file(file));
      COCO_TRY(append(text, file.string(), out));
    }
  }
  return out;
}

}  // namespace cococtl::manifest
