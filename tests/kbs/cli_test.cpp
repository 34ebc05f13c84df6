// placeholder, written next
#include <catch2/catch.hpp>
TEST_CASE("kbs cli placeholder") { CHECK(true); }
