#include <cococtl/util/log.hpp>

#include <catch2/catch.hpp>

using namespace cococtl::util;

TEST_CASE("redact hides registered secrets, bearer tokens and private keys") {
  register_secret("hunter2-very-secret");
  CHECK(redact("password is hunter2-very-secret!") == "password is [REDACTED]!");
  CHECK(redact("Authorization: Bearer abc.def-ghi") == "Authorization: Bearer [REDACTED]");
  CHECK(redact("x -----BEGIN " "PRIVATE KEY-----\nMC4CAQ\n-----END PRIVATE KEY----- y") == "x [REDACTED PRIVATE KEY] y");
  CHECK(redact("nothing to hide") == "nothing to hide");
  CHECK(redact("authorization: basic dXNlcjpwYXNz, then bearer  x-y") == "authorization: basic [REDACTED], then bearer  [REDACTED]");
  CHECK(redact("a -----BEGIN EC " "PRIVATE KEY-----\nAAA\n-----END EC PRIVATE KEY-----\nb") == "a [REDACTED PRIVATE KEY]\nb");
  CHECK(redact("cert -----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----") ==
        "cert -----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----");
  CHECK(redact("truncated -----BEGIN " "PRIVATE KEY-----\nAAA") == "truncated [REDACTED PRIVATE KEY]");
}
