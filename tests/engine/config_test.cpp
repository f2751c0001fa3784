// CONFIG GET/SET: parsing, validation, all-or-nothing updates, Redis's error texts.
#include <doctest/doctest.h>

#include "tests/engine/test_util.h"

using redsim::test::Harness;

TEST_SUITE("config") {
    TEST_CASE("config.memory_units") {
        using redsim::Config;
        CHECK(Config::parseMemory("100") == 100);
        CHECK(Config::parseMemory("1k") == 1000);
        CHECK(Config::parseMemory("1kb") == 1024);
        CHECK(Config::parseMemory("2MB") == 2 * 1024 * 1024);
        CHECK(Config::parseMemory("1g") == 1000000000);
        CHECK(Config::parseMemory("1gb") == 1024LL * 1024 * 1024);
        CHECK_FALSE(Config::parseMemory("1.5mb"));
        CHECK_FALSE(Config::parseMemory("-1"));
        CHECK_FALSE(Config::parseMemory("12x"));
        CHECK_FALSE(Config::parseMemory(""));
    }

    TEST_CASE("config.set_is_all_or_nothing") {
        Harness h;
        CHECK(h.cli({"CONFIG", "SET", "hz", "20", "maxmemory-policy", "bogus"}).rfind("(error) ERR CONFIG SET failed", 0) == 0);
        CHECK(h.engine.cfg().hz == 10);  // the valid half was not applied
        CHECK(h.cli({"CONFIG", "SET", "hz", "20", "maxmemory", "1mb"}) == "OK");
        CHECK(h.engine.cfg().hz == 20);
        CHECK(h.engine.cfg().maxmemory == 1024 * 1024);
    }

    TEST_CASE("config.hz_is_clamped_like_redis") {
        Harness h;
        h.run({"CONFIG", "SET", "hz", "1000"});
        CHECK(h.engine.cfg().hz == 500);
        h.run({"CONFIG", "SET", "hz", "0"});
        CHECK(h.engine.cfg().hz == 1);
    }

    TEST_CASE("config.get_globs_each_parameter_once") {
        Harness h;
        auto r = h.run({"CONFIG", "GET", "maxmemory*", "maxmemory"});
        // maxmemory, maxmemory-policy, maxmemory-samples, maxmemory-eviction-tenacity
        CHECK(r.elements.size() == 8);
    }
}
