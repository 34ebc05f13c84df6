#include <cococtl/util/strings.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace cococtl::util;

TEST_CASE("split keeps empty fields") {
  CHECK(split("a,,b", ',') == std::vector<std::string>{"a", "", "b"});
  CHECK(split("", ',') == std::vector<std::string>{""});
}

TEST_CASE("edit_distance counts insertions, deletions and substitutions") {
  CHECK(edit_distance("baremtal", "baremetal") == 1);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("did_you_mean suggests only close candidates") {
  const std::vector<std::string> topologies{"simple", "trusted-hub", "spoke", "baremetal", "baremetal-gpu"};
  CHECK(did_you_mean("baremtal", topologies) == " (did you mean \"baremetal\"?)");
  CHECK(did_you_mean("kubernetes", topologies).empty());
}

TEST_CASE("quote_for_message escapes control bytes and shortens") {
  CHECK(quote_for_message("a\nb") == "\"a\\x0ab\"");
  CHECK(quote_for_message(std::string(100, 'x'), 4) == "\"xxxx\"...");
}

TEST_CASE("Kubernetes name rules: DNS-1123 labels and label values") {
  CHECK(is_dns_label("hello-openshift"));
  CHECK(is_dns_label(std::string(63, 'a')));
  CHECK_FALSE(is_dns_label(std::string(64, 'a')));
  for (const std::string& bad : std::vector<std::string>{"", "Hello_World", "a.b", "-a", "a-", "über", "a\nb",
                                                         std::string("a\0b", 3), "a\u202eb"}) {
    CHECK_FALSE(is_dns_label(bad));
  }
  CHECK(is_label_value(""));
  CHECK(is_label_value("Hello_World.v1-2"));
  CHECK_FALSE(is_label_value(std::string(64, 'a')));
  for (const std::string& bad :
       std::vector<std::string>{"_a", "a_", "a b", "über", "a\nb", std::string("a\0b", 3), "a\u202eb", "a/b"}) {
    CHECK_FALSE(is_label_value(bad));
  }
}
