#include <cococtl/oci/reference.hpp>

#include <catch2/catch.hpp>

using namespace cococtl::oci;

TEST_CASE("references are normalised like podman's") {
  struct Case {
    const char* text;
    const char* registry;
    const char* repository;
    const char* tag;
  };
  const Case cases[] = {
      {"busybox", "docker.io", "library/busybox", "latest"},
      {"busybox:1.36", "docker.io", "library/busybox", "1.36"},
      {"user/app", "docker.io", "user/app", "latest"},
      {"index.docker.io/library/busybox:1", "docker.io", "library/busybox", "1"},
      {"registry.redhat.io/openshift-sandboxed-containers/osc-dm-verity-image:1.12.0", "registry.redhat.io",
       "openshift-sandboxed-containers/osc-dm-verity-image", "1.12.0"},
      {"localhost/app", "localhost", "app", "latest"},
      {"localhost:5000/a/b/c:v1", "localhost:5000", "a/b/c", "v1"},
      {"127.0.0.1:5000/podvm:1.12.0", "127.0.0.1:5000", "podvm", "1.12.0"},
      {"[::1]:5000/podvm:x", "[::1]:5000", "podvm", "x"},
      {"quay.io/a__b/c-d--e.f_g:T_a.g-1", "quay.io", "a__b/c-d--e.f_g", "T_a.g-1"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    auto ref = parse_reference(c.text);
    REQUIRE(ref.ok());
    CHECK(ref->registry == c.registry);
    CHECK(ref->repository == c.repository);
    CHECK(ref->tag == c.tag);
    CHECK(ref->digest.empty());
  }
}

TEST_CASE("digest references keep the tag for display and use the digest for requests") {
  const std::string digest = "sha256:" + std::string(64, 'a');
  auto ref = parse_reference("quay.io/ns/img:1.0@" + digest);
  REQUIRE(ref.ok());
  CHECK(ref->tag == "1.0");
  CHECK(ref->digest == digest);
  CHECK(ref->manifest_reference() == digest);
  CHECK(ref->str() == "quay.io/ns/img:1.0@" + digest);
  auto bare = parse_reference("quay.io/ns/img@" + digest);
  REQUIRE(bare.ok());
  CHECK(bare->tag.empty());
  CHECK(bare->str() == "quay.io/ns/img@" + digest);
}

TEST_CASE("Docker Hub is reached through registry-1.docker.io") {
  CHECK(parse_reference("busybox")->api_host() == "registry-1.docker.io");
  CHECK(parse_reference("quay.io/x/y")->api_host() == "quay.io");
  CHECK(parse_reference("docker.io/library/busybox")->str() == "docker.io/library/busybox:latest");
}

TEST_CASE("bad references fail with exit code 3 and quote the input") {
  const char* bad[] = {
      "",
      "Quay.io",                         // upper-case repository on Docker Hub
      "quay.io/UPPER/x",
      "quay.io/a//b",
      "quay.io/-a/b",
      "quay.io/a/b:",
      "quay.io/a/b:.tag",
      "quay.io/a/b@sha256:abc",
      "quay.io/a/b@sha256:" "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "quay.io/a/b@md5:0123",
      "https://quay.io/a/b",
      "quay.io:port/a",
      "quay.io/a___b",
      "quay.io/a-.b",
  };
  for (const auto* text : bad) {
    INFO(text);
    auto ref = parse_reference(text);
    REQUIRE_FALSE(ref.ok());
    CHECK(ref.error().code == cococtl::util::ExitCode::invalid_input);
    CHECK(ref.error().message.find("invalid image reference") != std::string::npos);
  }
}

TEST_CASE("loopback registries are recognised") {
  CHECK(is_loopback_registry("127.0.0.1:5000"));
  CHECK(is_loopback_registry("127.1.2.3"));
  CHECK(is_loopback_registry("localhost:1"));
  CHECK(is_loopback_registry("[::1]:5000"));
  CHECK_FALSE(is_loopback_registry("quay.io"));
  CHECK_FALSE(is_loopback_registry("127.0.0.1.nip.io"));
  CHECK(registry_host("[::1]:5000") == "::1");
  CHECK(registry_host("quay.io:443") == "quay.io");
}
