// Fuzz target: a user's values-global.yaml, merged over the embedded defaults and validated
// against the schema and the cross-field rules, as `cococtl validate` does.

#include "fuzz_support.hpp"

#include <cococtl/values/validate.hpp>
#include <cococtl/values/values.hpp>

using namespace cococtl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  values::LoadOptions options;
  options.values_global = test::fuzz::write_input("values-global.yaml", data, size);
  const auto loaded = values::load(options);
  if (loaded.ok()) {
    for (const auto& problem : values::validate(*loaded, nullptr)) (void)problem.to_string();
  }
  return 0;
}
