#include "support/temp_dir.hpp"

#include <cococtl/util/fs.hpp>

#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <filesystem>

using namespace cococtl::util;
namespace fs = std::filesystem;

namespace {
}  // namespace

TEST_CASE("write_file_atomic writes content with the requested mode and leaves no temp file") {
  const cococtl::test::TempDir scratch("cococtl-fs-atomic");
  const auto& dir = scratch.path();
  const auto file = dir / "key.pem";
  REQUIRE(write_file_atomic(file, "secret", 0600).ok());
  CHECK(read_file(file).value() == "secret");
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  REQUIRE(write_file_atomic(file, "replaced", 0600).ok());
  CHECK(read_file(file).value() == "replaced");
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}) == 1);
  fs::remove_all(dir);
}

TEST_CASE("write_file_atomic into a missing folder fails and names the path") {
  auto result = write_file_atomic("/nonexistent-cococtl/x", "data");
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().message.find("/nonexistent-cococtl") != std::string::npos);
}

TEST_CASE("read_file rejects missing, oversized and non-regular files") {
  const cococtl::test::TempDir scratch("cococtl-fs-read");
  const auto& dir = scratch.path();
  CHECK(read_file(dir / "missing").error().message.find("file not found") != std::string::npos);
  CHECK(read_file(dir).error().message.find("not a regular file") != std::string::npos);
  REQUIRE(write_file_atomic(dir / "big", std::string(100, 'x')).ok());
  auto big = read_file(dir / "big", 10);
  REQUIRE_FALSE(big.ok());
  CHECK(big.error().code == ExitCode::invalid_input);
  CHECK(big.error().message.find("too large") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("expand_user replaces a leading tilde only") {
  ::setenv("HOME", "/home/tester", 1);
  CHECK(expand_user("~/a/b") == fs::path("/home/tester/a/b"));
  CHECK(expand_user("~") == fs::path("/home/tester"));
  CHECK(expand_user("a/~/b") == fs::path("a/~/b"));
}
