// Malformed values files: each gives a clear error naming the place, never a crash.
#include "support/temp_dir.hpp"

#include <cococtl/values/values.hpp>

#include <catch2/catch.hpp>
#include <fmt/format.h>

using namespace cococtl;
using cococtl::test::TempDir;

namespace {
std::string load_error(const std::string& content) {
  TempDir dir;
  values::LoadOptions options;
  options.values_global = dir.write("v.yaml", content);
  auto result = values::load(options);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().code == util::ExitCode::invalid_input);
  std::string message = result.error().message;
  const auto prefix = dir.path().string() + "/";
  if (message.rfind(prefix, 0) == 0) message = message.substr(prefix.size());
  return message;
}
}  // namespace

TEST_CASE("tabs used for indentation") {
  CHECK(load_error("global:\n\tpattern: x\n").rfind("v.yaml:2:", 0) == 0);
}

TEST_CASE("duplicate keys") {
  CHECK(load_error("global:\n  pattern: a\n  pattern: b\n") == "v.yaml:3:3: duplicate key \"pattern\" (first defined at line 2)");
}

TEST_CASE("a top level that is not a map") {
  CHECK(load_error("- a\n- b\n") == "v.yaml:1:1: the top level must be a map of keys (main:, global:, ...)");
}

TEST_CASE("binary junk and NUL bytes") {
  CHECK(load_error(std::string("main:\n  x: \x01\xff\xfe\x00junk", 20)) ==
        "v.yaml: not a YAML text file (binary or non-UTF-8 byte at offset 12)");
}

TEST_CASE("a 50 MB file is refused before parsing") {
  const std::string big = "a: " + std::string(50 * 1024 * 1024, 'x') + "\n";
  CHECK(load_error(big).find("file is too large") != std::string::npos);
}

TEST_CASE("an unterminated flow and an alias bomb") {
  CHECK(load_error("global: {pattern: x\n").find("v.yaml:") == 0);
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'h'; ++c) {
    bomb += fmt::format("{}: &{} [*{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}]\n", c, c, char(c - 1), char(c - 1),
                        char(c - 1), char(c - 1), char(c - 1), char(c - 1), char(c - 1), char(c - 1), char(c - 1),
                        char(c - 1));
  }
  CHECK(load_error(bomb) == "v.yaml: too many nodes (alias bomb?)");
}

TEST_CASE("a missing file") {
  values::LoadOptions options;
  options.values_global = "/nonexistent/values-global.yaml";
  auto result = values::load(options);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().message == "/nonexistent/values-global.yaml: file not found");
}
