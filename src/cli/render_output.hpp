#pragma once
// Writing rendered objects: a YAML/JSON stream on stdout or one file per object in a folder.

#include <cococtl/manifest/object.hpp>
#include <cococtl/util/result.hpp>

#include <string>
#include <vector>

namespace cococtl::cli {

enum class ManifestFormat { yaml, json };

struct RenderOutput {
  ManifestFormat format = ManifestFormat::yaml;
  bool show_secrets = false;  // false: Secret values replaced by "<redacted ...>"
};

// Prints all objects to stdout: YAML documents separated by "---", or one JSON List.
util::Result<void> write_stream(const std::vector<manifest::Object>& objects, const RenderOutput& output);

// Writes one file per object into `dir` ("001-namespace-imperative.yaml", ...), each atomically,
// and removes files of an earlier render that are no longer produced. Refuses a non-empty folder
// that was not written by cococtl render. With show_secrets, Secret files are 0600 and the folder
// 0700 (narrowed when it exists); everything else is 0644 in a 0755 folder.
util::Result<void> write_directory(const std::vector<manifest::Object>& objects, const RenderOutput& output,
                                   const std::string& dir);

// The file name of the object at position `index` (0-based) in apply order.
std::string object_file_name(const manifest::Object& object, std::size_t index, ManifestFormat format);

}  // namespace cococtl::cli
