// Fuzz target: a values-secret file (v2.0), parsed and checked field by field. Relative `path:`
// entries resolve inside the fuzzer's scratch folder.

#include "fuzz_support.hpp"

#include <cococtl/values/secret_file.hpp>

using namespace cococtl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<values::Problem> problems;
  const auto file = values::load_secret_file(test::fuzz::write_input("values-secret.yaml", data, size), problems);
  if (file.ok()) {
    for (const auto& secret : file->secrets) test::fuzz::require(file->find(secret.name) != nullptr, "find(name)");
  }
  for (const auto& problem : problems) (void)problem.to_string();
  return 0;
}
