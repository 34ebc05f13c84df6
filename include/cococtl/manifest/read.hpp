#pragma once
// The one manifest reader: files, folders (*.yaml, *.yml, *.json) and stdin.

#include <cococtl/manifest/object.hpp>
#include <cococtl/util/result.hpp>

#include <string>
#include <vector>

namespace cococtl::manifest {

// Every object in `paths` ("-" = stdin), in order; folders are read in name order (recursively
// with `recursive`). `kind: List` is expanded, empty documents skipped; the wave annotation and
// component label are read back (parse_objects). Fails with invalid_input naming the file and
// line for unreadable files, bad YAML, and objects without apiVersion, kind or a valid name.
util::Result<std::vector<Object>> read_objects(const std::vector<std::string>& paths, bool recursive);

}  // namespace cococtl::manifest
