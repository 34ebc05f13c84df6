#include <cococtl/util/yaml.hpp>
#include <cococtl/util/yaml_edit.hpp>

#include <catch2/catch.hpp>

using namespace cococtl;

namespace {

std::string append(const std::string& text, const std::string& items = "- name: new\n  value: 1\n") {
  auto out = util::append_to_block_sequence(text, "f.yaml", "secrets", items);
  INFO((out.ok() ? "" : out.error().message));
  REQUIRE(out.ok());
  REQUIRE(util::parse_yaml(*out, "edited").ok());  // still YAML
  return *out;
}

}  // namespace

TEST_CASE("append_to_block_sequence inserts after the last item and keeps every comment") {
  const std::string before =
      "# header comment\n"
      "version: \"2.0\"  # quoted\n"
      "secrets:\n"
      "  # first\n"
      "  - name: a\n"
      "    fields:\n"
      "      - name: x  # trailing\n"
      "  - name: b\n"
      "    value: |\n"
      "      line one\n"
      "      line two\n";
  const std::string after =
      "  # a commented-out entry the user keeps\n"
      "  # - name: c\n"
      "other: [1, 2]\n";
  CHECK(append(before + after) == before + "  - name: new\n    value: 1\n" + after);
}

TEST_CASE("append_to_block_sequence follows the file's dash column and a missing final newline") {
  CHECK(append("secrets:\n- name: a\n  x: {k: v}") == "secrets:\n- name: a\n  x: {k: v}\n- name: new\n  value: 1\n");
  CHECK(append("a: 1\nsecrets:\n    -   name: a   # c\nb:\n  secrets: []\n", "\n# note\n- name: n\n") ==
        "a: 1\nsecrets:\n    -   name: a   # c\n\n    # note\n    - name: n\nb:\n  secrets: []\n");
}

TEST_CASE("append_to_block_sequence counts lines, not libyaml's character columns, in non-ASCII text") {
  CHECK(append("# café — déjà vu\nsecrets:\n  - name: \"überprüfung\"  # ü\n  - ä: ö\nz: ß\n") ==
        "# café — déjà vu\nsecrets:\n  - name: \"überprüfung\"  # ü\n  - ä: ö\n  - name: new\n    value: 1\nz: ß\n");
}

TEST_CASE("append_to_block_sequence refuses what it cannot edit in place") {
  for (const std::string bad :
       {"secrets: [a, b]\n", "secrets:\n", "other:\n  secrets:\n  - a\n", "secrets: [\n", "- a\n"}) {
    INFO(bad);
    const auto out = util::append_to_block_sequence(bad, "f.yaml", "secrets", "- x\n");
    REQUIRE_FALSE(out.ok());
    CHECK(out.error().message.rfind("f.yaml", 0) == 0);
  }
}
