#include "fixture/tar_builder.hpp"

#include <cococtl/oci/layer_search.hpp>

#include <catch2/catch.hpp>

using namespace cococtl::oci;
using namespace cococtl::test;

namespace {

const std::string k_target = "image/measurements.json";

// Feeds `blob` in odd-sized pieces, as a network would.
cococtl::util::Result<LayerSearchResult> search(const std::string& blob, std::size_t max_size = 1024 * 1024,
                                                std::size_t piece = 7777) {
  LayerSearch s({k_target, max_size}, LayerCompression::none);
  for (std::size_t off = 0; off < blob.size(); off += piece) {
    if (!s.feed(std::string_view(blob).substr(off, piece))) break;
  }
  return s.finish();
}

LayerVerdict verdict(const std::vector<TarEntry>& entries) {
  auto r = search(make_tar(entries));
  REQUIRE(r.ok());
  return r->verdict;
}

}  // namespace

TEST_CASE("the file is found in plain / gzip and zstd layers") {
  const std::vector<TarEntry> entries{{"image", "", EntryType::directory},
                                      {"image/podvm.qcow2", std::string(3 * 1024 * 1024 + 17, 'q')},
                                      {"image/measurements.json", "{\"m\":1}"}};
  for (const auto c : {TarCompression::none, TarCompression::gzip, TarCompression::zstd}) {
    INFO(static_cast<int>(c));
    auto r = search(make_tar(entries, c));
    REQUIRE(r.ok());
    CHECK(r->verdict == LayerVerdict::found);
    CHECK(r->content == "{\"m\":1}");
  }
}

TEST_CASE("names with ./ and leading slashes-free variants match - long names work in pax and GNU tars") {
  CHECK(verdict({{"./image/measurements.json", "x"}}) == LayerVerdict::found);
  CHECK(verdict({{"image//measurements.json", "x"}}) == LayerVerdict::found);
  const std::string deep = std::string(120, 'd') + "/" + std::string(120, 'e') + "/" + std::string(90, 'f');
  for (const auto format : {TarFormat::pax, TarFormat::gnu}) {
    LayerSearch s({deep + "/m.json", 1024}, LayerCompression::none);
    s.feed(make_tar({{deep + "/m.json", "long"}, {"other", "y"}}, TarCompression::none, format));
    auto r = s.finish();
    REQUIRE(r.ok());
    CHECK(r->verdict == LayerVerdict::found);
    CHECK(r->content == "long");
  }
}

TEST_CASE("whiteouts and opaque folders decide what lower layers may show") {
  CHECK(verdict({{"image/.wh.measurements.json", ""}}) == LayerVerdict::deleted);
  CHECK(verdict({{".wh.image", ""}}) == LayerVerdict::deleted);
  CHECK(verdict({{"image", "now a file"}}) == LayerVerdict::deleted);
  CHECK(verdict({{"image", "", EntryType::symlink, "/elsewhere"}}) == LayerVerdict::deleted);
  CHECK(verdict({{"image/.wh..wh..opq", ""}}) == LayerVerdict::opaque);
  CHECK(verdict({{".wh..wh..opq", ""}}) == LayerVerdict::opaque);
  CHECK(verdict({{"image/.wh.podvm.qcow2", ""}, {"image/sub/.wh..wh..opq", ""}, {"imagex/.wh.measurements.json", ""}}) ==
        LayerVerdict::absent);
  CHECK(verdict({{"image", "", EntryType::directory}, {"other/file", "x"}}) == LayerVerdict::absent);
  // A whiteout and the file in the same layer: the file is visible (layer.md).
  CHECK(verdict({{"image/.wh.measurements.json", ""}, {"image/measurements.json", "new"}}) == LayerVerdict::found);
  CHECK(verdict({{"image/.wh..wh..opq", ""}, {"image/measurements.json", "new"}}) == LayerVerdict::found);
}

TEST_CASE("empty layers say nothing") {
  CHECK(verdict({}) == LayerVerdict::absent);
  auto empty = search("");
  REQUIRE(empty.ok());
  CHECK(empty->verdict == LayerVerdict::absent);
}

TEST_CASE("malicious entries are refused with a message naming them") {
  const std::pair<std::vector<TarEntry>, std::string> cases[] = {
      {{{"../image/measurements.json", "x"}}, "unsafe entry \"../image/measurements.json\""},
      {{{"/image/measurements.json", "x"}}, "unsafe entry \"/image/measurements.json\""},
      {{{"a/../../etc/passwd", "x"}}, "unsafe entry"},
      {{{"image/measurements.json", "", EntryType::symlink, "/etc/shadow"}}, "is a symbolic link"},
      {{{"image/podvm.qcow2", "x"}, {"image/measurements.json", "", EntryType::hardlink, "image/podvm.qcow2"}},
       "is a hard link"},
      {{{"image/measurements.json", "", EntryType::char_device}}, "is a device, fifo or socket"},
      {{{"image/measurements.json", "", EntryType::fifo}}, "is a device, fifo or socket"},
      {{{"image/measurements.json", "", EntryType::directory}}, "is a directory"},
  };
  for (const auto& [entries, why] : cases) {
    INFO(why);
    auto r = search(make_tar(entries));
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains(why));
  }
}

TEST_CASE("the file size is bounded") {
  auto r = search(make_tar({{k_target, std::string(2000, 'x')}}), 1000);
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::Contains("2000 bytes, more than the 1000 allowed"));
  CHECK(search(make_tar({{k_target, std::string(1000, 'x')}}), 1000).ok());
}

TEST_CASE("corrupt or non-tar streams fail cleanly") {
  auto gz = make_tar({{"a", std::string(100000, 'a')}, {k_target, "x"}}, TarCompression::gzip);
  gz.resize(gz.size() / 2);
  CHECK_FALSE(search(gz).ok());
  CHECK_FALSE(search(std::string(5000, '\x7f')).ok());
}

TEST_CASE("the search stops asking for input once the file is found and can be abandoned") {
  std::string blob = make_tar({{k_target, "early"}, {"image/podvm.qcow2", std::string(20 * 1024 * 1024, 'z')}});
  LayerSearch s({k_target, 1024}, LayerCompression::none);
  std::size_t fed = 0;
  bool wanted = true;
  for (; fed < blob.size() && wanted; fed += 64 * 1024) wanted = s.feed(std::string_view(blob).substr(fed, 64 * 1024));
  CHECK_FALSE(wanted);
  CHECK(fed < blob.size() / 2);
  auto r = s.finish();
  REQUIRE(r.ok());
  CHECK(r->content == "early");
  {
    LayerSearch abandoned({k_target, 1024}, LayerCompression::none);
    abandoned.feed(std::string_view(blob).substr(0, 100000));
  }  // destructor must not hang
}
