#pragma once
// Shared pieces of the fuzz targets: parsers that read files get the input through a scratch
// file. fuzz_support.cpp also defines LLVMFuzzerInitialize, which switches logging off (a fuzzer
// runs millions of inputs; their warnings are noise).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

namespace cococtl::test::fuzz {

// Writes the input to `name` in this process's scratch folder (made on first use under
// $TMPDIR, removed at exit) and returns its path. Aborts when the file cannot be written.
std::filesystem::path write_input(std::string_view name, const std::uint8_t* data, std::size_t size);

// The scratch folder itself (for options that must not read the real home folder).
const std::filesystem::path& scratch_dir();

// Aborts with `what` when `condition` is false: how a target reports a broken invariant (a
// parser that accepts text it cannot print back, say) so that the fuzzer keeps the input.
void require(bool condition, const char* what);

}  // namespace cococtl::test::fuzz
