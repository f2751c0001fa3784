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
        CHECK(Config::parseMemory("") == 0);  // Redis's memtoull reads no digits as 0
        CHECK(Config::parseMemory("kb") == 0);
    }

    TEST_CASE("config.set_is_all_or_nothing") {
        Harness h;
        CHECK(h.cli({"CONFIG", "SET", "hz", "20", "maxmemory-policy", "bogus"})
                  .rfind("(error) ERR CONFIG SET failed", 0) == 0);
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

TEST_SUITE("config") {
    // Expected messages captured from redis-server 7.0.15 started with the same file /
    // command line (it prints them to stderr and exits with status 1).
    TEST_CASE("config.file.unknown_directive_names_the_line") {
        redsim::Config c;
        auto e = c.loadText("port 6500\n# c\nnosuch 1\n");
        REQUIRE(e);
        CHECK(*e ==
              "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 3\n"
              ">>> 'nosuch 1'\nBad directive or wrong number of arguments\n");
        CHECK(c.values.port == 6379);  // nothing applied
    }

    TEST_CASE("config.file.bad_values_use_config_set_texts") {
        redsim::Config c;
        auto e = c.loadText("maxclients abc\n");
        REQUIRE(e);
        CHECK(e->find("at line 1\n>>> 'maxclients abc'\nargument couldn't be parsed into an integer\n") !=
              std::string::npos);
        e = c.loadText("port 6503\nmaxmemory-policy foo\n");
        REQUIRE(e);
        CHECK(e->find("at line 2\n") != std::string::npos);
        CHECK(e->find("argument(s) must be one of the following: volatile-lru,") != std::string::npos);
    }

    TEST_CASE("config.file.command_line_options_follow_the_file") {
        redsim::Config c;
        const std::vector<std::string> args{"--port", "6501", "--nosuch", "1"};
        const std::string text = redsim::Config::argsToText(args);
        auto e = c.loadText(text);
        REQUIRE(e);
        CHECK(e->find("at line 3\n>>> 'nosuch \"1\"'\nBad directive or wrong number of arguments\n") !=
              std::string::npos);
        const std::vector<std::string> hz{"--port", "6501", "--hz"};
        e = c.loadText(redsim::Config::argsToText(hz));
        REQUIRE(e);
        CHECK(e->find(">>> 'hz'\nwrong number of arguments\n") != std::string::npos);
    }

    TEST_CASE("config.file.loads_immutable_and_multi_word_values") {
        redsim::Config c;
        REQUIRE_FALSE(
            c.loadText("port 7000\nbind 127.0.0.1 ::1\nrequirepass \"s3cret\"\n"
                       "client-output-buffer-limit normal 1mb 512kb 10\ndatabases 4\n"));
        CHECK(c.values.port == 7000);
        CHECK(c.values.bind == "127.0.0.1 ::1");
        CHECK(c.values.requirepass == "s3cret");
        CHECK(c.values.obuf_normal.hard == 1024 * 1024);
        CHECK(c.values.databases == 4);
        CHECK(c.get(*redsim::Config::find("client-output-buffer-limit")) ==
              "normal 1048576 524288 10 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
    }
}
