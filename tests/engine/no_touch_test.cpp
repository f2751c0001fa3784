// No-touch clients (Client::no_touch, Redis 7.2's CLIENT NO-TOUCH): their lookups leave
// the keys' LRU/LFU data as it was, so a lesson check can read a learner's keys without
// changing what OBJECT IDLETIME / OBJECT FREQ show.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/engine/test_util.h"

using redsim::test::Harness;

namespace {

// Runs argv on `c` and drops the reply.
void runOn(redsim::Engine& e, redsim::Client& c, std::vector<std::string> argv) {
    e.execute(c, argv);
    c.takeOutput();
}

// One key of each type, then 5 s of idleness.
void fillAndWait(Harness& h) {
    h.run({"SET", "s", "v"});
    h.run({"ZADD", "z", "1", "a"});
    h.run({"HSET", "h", "f", "v"});
    h.run({"RPUSH", "l", "a", "b"});
    h.run({"SADD", "set", "x"});
    h.engine.advanceTime(5'000'000);
}

const std::vector<std::vector<std::string>> kReads = {
    {"GET", "s"},
    {"STRLEN", "s"},
    {"ZSCORE", "z", "a"},
    {"ZRANGE", "z", "0", "-1"},
    {"HGET", "h", "f"},
    {"HGETALL", "h"},
    {"LRANGE", "l", "0", "-1"},
    {"SMEMBERS", "set"},
    {"SISMEMBER", "set", "x"},
    {"EVAL", "return redis.call('GET', KEYS[1])", "1", "s"},  // redis.call: the caller's setting
    {"MULTI"},
    {"HGET", "h", "f"},
    {"EXEC"},
};

}  // namespace

TEST_SUITE("engine.no_touch") {
    TEST_CASE("engine.no_touch.lru_idle_time_unchanged_by_reads") {
        Harness h;
        fillAndWait(h);
        redsim::Client& checker = h.engine.createClient();
        checker.no_touch = true;
        for (const auto& argv : kReads) runOn(h.engine, checker, argv);
        for (const char* k : {"s", "z", "h", "l", "set"}) {
            CAPTURE(k);
            CHECK(h.cli({"OBJECT", "IDLETIME", k}) == "(integer) 5");
        }
        // A write looks its key up too (lookupWrite): no touch either.
        runOn(h.engine, checker, {"HSET", "h", "f", "w"});
        CHECK(h.cli({"OBJECT", "IDLETIME", "h"}) == "(integer) 5");

        // The same reads from a normal client do touch.
        for (const auto& argv : kReads) runOn(h.engine, h.client, argv);
        for (const char* k : {"s", "z", "h", "l", "set"}) {
            CAPTURE(k);
            CHECK(h.cli({"OBJECT", "IDLETIME", k}) == "(integer) 0");
        }
    }

    TEST_CASE("engine.no_touch.touch_command_still_touches") {
        Harness h;
        fillAndWait(h);
        redsim::Client& checker = h.engine.createClient();
        checker.no_touch = true;
        runOn(h.engine, checker, {"TOUCH", "s"});
        CHECK(h.cli({"OBJECT", "IDLETIME", "s"}) == "(integer) 0");
        // TOUCH through redis.call is not the command the client sent: no touch.
        runOn(h.engine, checker, {"EVAL", "return redis.call('TOUCH', KEYS[1])", "1", "z"});
        CHECK(h.cli({"OBJECT", "IDLETIME", "z"}) == "(integer) 5");
        // The setting ends with the command: the client's next command by a normal
        // client touches again.
        h.run({"GET", "z"});
        CHECK(h.cli({"OBJECT", "IDLETIME", "z"}) == "(integer) 0");
    }

    TEST_CASE("engine.no_touch.lfu_counter_unchanged") {
        Harness h;
        h.run({"CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"});
        h.run({"SET", "f", "v"});
        h.run({"HSET", "h", "f", "v"});
        redsim::Client& checker = h.engine.createClient();
        checker.no_touch = true;
        for (int i = 0; i < 200; ++i) {
            runOn(h.engine, checker, {"GET", "f"});
            runOn(h.engine, checker, {"HGET", "h", "f"});
        }
        CHECK(h.cli({"OBJECT", "FREQ", "f"}) == "(integer) 5");  // LFU_INIT_VAL: never counted
        CHECK(h.cli({"OBJECT", "FREQ", "h"}) == "(integer) 5");
        for (int i = 0; i < 200; ++i) h.run({"GET", "f"});
        CHECK(h.run({"OBJECT", "FREQ", "f"}).integer > 5);
    }
}
