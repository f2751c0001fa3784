// String encodings: int / embstr / raw switch exactly where Redis 7.0 switches.
// (tests/transcripts/strings_encoding.redis proves the same against redis-server.)
#include <doctest/doctest.h>

#include "tests/engine/test_util.h"

using redsim::test::Harness;

TEST_SUITE("object") {
    TEST_CASE("object.encoding.string_thresholds") {
        Harness h;
        h.run({"SET", "i", "12345"});
        CHECK(h.cli({"OBJECT", "ENCODING", "i"}) == "\"int\"");
        h.run({"SET", "e", std::string(44, 'x')});
        CHECK(h.cli({"OBJECT", "ENCODING", "e"}) == "\"embstr\"");
        h.run({"SET", "r", std::string(45, 'x')});
        CHECK(h.cli({"OBJECT", "ENCODING", "r"}) == "\"raw\"");
        h.run({"SET", "z", "012"});  // leading zero: not a canonical integer
        CHECK(h.cli({"OBJECT", "ENCODING", "z"}) == "\"embstr\"");
        h.run({"SET", "big", "123456789012345678901"});  // 21 digits
        CHECK(h.cli({"OBJECT", "ENCODING", "big"}) == "\"embstr\"");
    }

    TEST_CASE("object.encoding.in_place_writes_make_raw") {
        Harness h;
        h.run({"SET", "k", "ab"});
        h.run({"APPEND", "k", "c"});
        CHECK(h.cli({"OBJECT", "ENCODING", "k"}) == "\"raw\"");
        h.run({"SET", "n", "5"});
        h.run({"SETRANGE", "n", "0", "7"});
        CHECK(h.cli({"OBJECT", "ENCODING", "n"}) == "\"raw\"");
        h.run({"INCR", "n"});
        CHECK(h.cli({"OBJECT", "ENCODING", "n"}) == "\"int\"");
        h.run({"INCRBYFLOAT", "f", "1.5"});
        CHECK(h.cli({"OBJECT", "ENCODING", "f"}) == "\"embstr\"");
    }

    TEST_CASE("object.refcount.shared_integers") {
        Harness h;
        h.run({"SET", "small", "9999"});
        h.run({"SET", "large", "10000"});
        CHECK(h.cli({"OBJECT", "REFCOUNT", "small"}) == "(integer) 2147483647");
        CHECK(h.cli({"OBJECT", "REFCOUNT", "large"}) == "(integer) 1");
        // An LRU policy with a memory limit needs per-key access data: no sharing.
        h.run({"CONFIG", "SET", "maxmemory-policy", "allkeys-lru", "maxmemory", "100mb"});
        h.run({"SET", "small2", "5"});
        CHECK(h.cli({"OBJECT", "REFCOUNT", "small2"}) == "(integer) 1");
    }

    TEST_CASE("object.idletime_and_freq_follow_the_clock") {
        Harness h;
        h.run({"SET", "k", "v"});
        h.engine.advanceTime(5'000'000);
        CHECK(h.cli({"OBJECT", "IDLETIME", "k"}) == "(integer) 5");
        // EXISTS, TYPE, TTL and OBJECT itself do not count as an access; GET does.
        h.run({"EXISTS", "k"});
        h.run({"TYPE", "k"});
        h.run({"TTL", "k"});
        CHECK(h.cli({"OBJECT", "IDLETIME", "k"}) == "(integer) 5");
        h.run({"GET", "k"});
        CHECK(h.cli({"OBJECT", "IDLETIME", "k"}) == "(integer) 0");
        h.run({"CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"});
        h.run({"SET", "f", "v"});
        CHECK(h.cli({"OBJECT", "FREQ", "f"}) == "(integer) 5");  // LFU_INIT_VAL
        for (int i = 0; i < 100; ++i) h.run({"GET", "f"});
        const auto freq = h.run({"OBJECT", "FREQ", "f"}).integer;
        CHECK(freq > 5);
        CHECK(freq < 30);  // logarithmic: 100 hits do not give 105
    }
}
