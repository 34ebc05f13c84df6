#include <cococtl/util/log.hpp>

#include <catch2/catch.hpp>

using namespace cococtl::util;

TEST_CASE("redact hides registered secrets, bearer tokens and private keys") {
  register_secret("hunter2-very-secret");
  CHECK(redact("password is hunter2-very-secret!") == "password is [REDACTED]!");
  CHECK(redact("Authorization: Bearer abc.def-ghi") == "Authorization: Bearer [REDACTED]");
  CHECK(redact("x -----BEGIN PRIVATE KEY-----\nMC4CAQ\n-----END PRIVATE KEY----- y") == "x [REDACTED PRIVATE KEY] y");
  CHECK(redact("nothing to hide") == "nothing to hide");
}
