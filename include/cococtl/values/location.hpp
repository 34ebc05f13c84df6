#pragma once
// Where a value came from, and problems found in values, reported with that place.

#include <string>
#include <vector>

namespace cococtl::values {

struct Location {
  std::string source;  // file path, "embedded:values-global.yaml" or "--set"
  int line = 0;        // 1-based; 0 = unknown
  int column = 0;      // 1-based; 0 = unknown

  // "file:line:column", or just the source when the position is unknown.
  std::string to_string() const;
};

struct Problem {
  Location where;
  std::string path;  // key path, e.g. main.clusterGroupName
  std::string message;
  bool warning = false;

  // "file:12:5: main.clusterGroupName: unknown topology ..." (the documented error format).
  std::string to_string() const;
};

// True when any problem is an error (not a warning).
bool has_errors(const std::vector<Problem>& problems);

}  // namespace cococtl::values
