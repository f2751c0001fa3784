// Expiry on the virtual clock: lazy expiry on access and the active expire cycle.
#include <doctest/doctest.h>

#include "tests/engine/test_util.h"

using redsim::test::Harness;

TEST_SUITE("expire") {
    TEST_CASE("expire.lazy.on_access") {
        Harness h;
        CHECK(h.cli({"SET", "k", "v", "PX", "100"}) == "OK");
        h.engine.advanceTime(50'000);
        CHECK(h.cli({"GET", "k"}) == "\"v\"");
        // The deadline itself is still alive (Redis expires when now > deadline).
        h.engine.advanceTime(50'000);
        CHECK(h.cli({"PTTL", "k"}) == "(integer) 0");
        h.engine.advanceTime(1'000);
        CHECK(h.cli({"GET", "k"}) == "(nil)");
        CHECK(h.engine.stats().expired_keys == 1);
    }

    TEST_CASE("expire.active.cycle_removes_keys_nobody_reads") {
        Harness h;
        h.run({"CONFIG", "SET", "hz", "10"});
        for (int i = 0; i < 1000; ++i) h.run({"SET", "k" + std::to_string(i), "v", "EX", "10"});
        for (int i = 0; i < 1000; ++i) h.run({"SET", "p" + std::to_string(i), "v"});
        CHECK(h.engine.db(0).size() == 2000);
        // 11 virtual seconds, ticking at hz: the cycle samples and deletes without any read.
        h.engine.advanceTime(11'000'000);
        CHECK(h.engine.db(0).size() == 1000);
        CHECK(h.engine.db(0).expiresCount() == 0);
        CHECK(h.engine.stats().expired_keys == 1000);
        CHECK(h.cli({"DBSIZE"}) == "(integer) 1000");
    }

    TEST_CASE("expire.active.stops_when_few_keys_are_stale") {
        Harness h;
        // 10 stale keys among 10000 volatile ones: one tick samples, finds < 10 % stale,
        // and moves on, so some stale keys survive the first tick.
        for (int i = 0; i < 10000; ++i) h.run({"SET", "k" + std::to_string(i), "v", "EX", "1000"});
        for (int i = 0; i < 10; ++i) h.run({"SET", "s" + std::to_string(i), "v", "PX", "1"});
        h.engine.advanceTime(100'000);  // one tick at hz 10
        CHECK(h.engine.db(0).size() > 10000);
        CHECK(h.engine.db(0).size() <= 10010);
        // Eventually the sweep covers the whole table and every stale key is gone.
        h.engine.advanceTime(60'000'000);
        CHECK(h.engine.db(0).size() == 10000);
    }

    TEST_CASE("expire.deterministic_with_same_seed") {
        auto run = [](uint64_t seed) {
            Harness h(seed);
            for (int i = 0; i < 500; ++i)
                h.run({"SET", "k" + std::to_string(i), "v", "PX", std::to_string(100 + i * 7)});
            std::vector<size_t> sizes;
            for (int t = 0; t < 40; ++t) {
                h.engine.advanceTime(100'000);
                sizes.push_back(h.engine.db(0).size());
            }
            return sizes;
        };
        const auto first = run(7);
        CHECK(first == run(7));
        // Pinned: a wall-clock or unseeded read anywhere in the cycle would change these.
        const std::vector<size_t> pinned(first.begin(), first.begin() + 6);
        // (15 keys are past their deadline at 200 ms, but a 20-key sample finds few of them:
        // the cycle removes stale keys gradually, as Redis's does.)
        CHECK(pinned == std::vector<size_t>({500, 500, 498, 494, 492, 487}));
    }

    TEST_CASE("expire.ttl_commands_on_virtual_clock") {
        Harness h;
        h.run({"SET", "k", "v"});
        CHECK(h.cli({"EXPIRE", "k", "100"}) == "(integer) 1");
        h.engine.advanceTime(30'000'000);
        CHECK(h.cli({"TTL", "k"}) == "(integer) 70");
        CHECK(h.cli({"PTTL", "k"}) == "(integer) 70000");
        CHECK(h.cli({"PERSIST", "k"}) == "(integer) 1");
        CHECK(h.cli({"TTL", "k"}) == "(integer) -1");
        // A deadline in the past deletes at once.
        CHECK(h.cli({"PEXPIREAT", "k", "1"}) == "(integer) 1");
        CHECK(h.cli({"EXISTS", "k"}) == "(integer) 0");
    }

    TEST_CASE("expire.huge_time_jump_is_bounded") {
        Harness h;
        h.run({"SET", "k", "v", "EX", "10"});
        // Ten years at hz 10 would be 3 billion ticks; the jump runs at most 100k of them.
        h.engine.advanceTime(10LL * 365 * 24 * 3600 * 1000000);
        CHECK(h.engine.ticks() <= 100000);
        CHECK(h.engine.db(0).size() == 0);
        CHECK(h.cli({"DEBUG", "SLEEP", "nan"}) == "OK");
        CHECK(h.cli({"DEBUG", "SLEEP", "-5"}) == "OK");
    }

    TEST_CASE("expire.debug_sleep_moves_virtual_time") {
        Harness h;
        h.run({"SET", "k", "v", "PX", "100"});
        CHECK(h.cli({"DEBUG", "SLEEP", "0.2"}) == "OK");
        CHECK(h.cli({"GET", "k"}) == "(nil)");
    }
}
