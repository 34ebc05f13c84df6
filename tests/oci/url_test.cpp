// The private URL helpers behind redirects: origins decide whether credentials may follow.
#include "../../src/oci/url.hpp"

#include <catch2/catch.hpp>

using namespace cococtl::oci;

TEST_CASE("origins fold case and default ports") {
  CHECK(url_origin("https://Quay.IO/v2/x") == "https://quay.io:443");
  CHECK(url_origin("https://quay.io:443/") == url_origin("https://quay.io/v2/"));
  CHECK(url_origin("http://127.0.0.1:5000/v2/") == "http://127.0.0.1:5000");
  CHECK(url_origin("https://user:pw@cdn.example/x") == "https://cdn.example:443");
  CHECK(url_origin("https://[::1]:8443/x") == "https://[::1]:8443");
  CHECK(url_origin("https://[::1]/x") == "https://[::1]:443");
  CHECK(url_origin("/relative") == "");
  CHECK(url_origin("https://a.example/") != url_origin("http://a.example/"));
  CHECK(url_origin("https://a.example/") != url_origin("https://a.example:8443/"));
}

TEST_CASE("Location headers resolve against the request URL") {
  const std::string base = "https://r.example:5000/v2/ns/app/blobs/sha256:abc?x=1";
  CHECK(resolve_location(base, "https://cdn.example/blob?sig=1") == "https://cdn.example/blob?sig=1");
  CHECK(resolve_location(base, "/other/path") == "https://r.example:5000/other/path");
  CHECK(resolve_location(base, "//cdn.example/p") == "https://cdn.example/p");
  CHECK(resolve_location(base, "sibling") == "https://r.example:5000/v2/ns/app/blobs/sibling");
  CHECK(resolve_location("https://h", "x") == "https://h/x");
}

TEST_CASE("loopback HTTP detection and query helpers") {
  CHECK(is_loopback_http_url("http://127.0.0.1:8080/token"));
  CHECK(is_loopback_http_url("http://localhost/token"));
  CHECK_FALSE(is_loopback_http_url("https://127.0.0.1/token"));
  CHECK_FALSE(is_loopback_http_url("http://auth.example/token"));
  CHECK(url_encode("repository:a/b:pull push") == "repository%3Aa%2Fb%3Apull%20push");
  CHECK(append_query("https://h/t", "a=1") == "https://h/t?a=1");
  CHECK(append_query("https://h/t?x=y", "a=1") == "https://h/t?x=y&a=1");
}
