#pragma once
// Reading user manifests for `apply -f`: files, folders (*.yaml, *.yml, *.json) and stdin.

#include <cococtl/util/result.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cococtl::cli {

struct InputObject {
  nlohmann::json body;
  std::string source;  // file:line:col of its document
};

// Every object in `paths` ("-" = stdin), in order; folders are read in name order (recursively
// with `recursive`). `kind: List` is expanded, empty documents skipped. Fails with
// invalid_input naming the file and position for unreadable files, bad YAML, and objects
// without apiVersion, kind or metadata.name. The namespace is optional (the context's applies).
util::Result<std::vector<InputObject>> read_manifests(const std::vector<std::string>& paths, bool recursive);

}  // namespace cococtl::cli
