// inspect::keyAccess (engine/inspect/keyspace.h): a key's LRU/LFU bits decoded as OBJECT
// IDLETIME and OBJECT FREQ decode them, read without touching the key.
#include "engine/inspect/keyspace.h"

#include <doctest/doctest.h>

#include "engine/engine.h"
#include "tests/engine/test_util.h"

namespace inspect = redsim::inspect;

TEST_SUITE("inspect") {
    TEST_CASE("inspect.keyspace.access_agrees_with_object_and_touches_nothing") {
        redsim::test::Harness h;
        h.run({"SET", "old", "v"});
        h.engine.advanceTime(7 * 1000 * 1000);
        h.run({"SET", "new", "v"});
        h.run({"SET", "ttl", "v", "EX", "100"});
        h.engine.advanceTime(2 * 1000 * 1000);
        const auto hits = h.engine.stats().keyspace_hits;
        const uint32_t lru = h.engine.db(0).peek("old")->lru();
        auto a = inspect::keyAccess(h.engine, 0, "old");
        REQUIRE(a);
        CHECK(a->raw == lru);
        CHECK(a->idle_ms == 9000);
        CHECK(a->expire_at_ms == -1);
        CHECK(inspect::keyAccess(h.engine, 0, "new")->idle_ms == 2000);
        CHECK(inspect::keyAccess(h.engine, 0, "ttl")->expire_at_ms > 0);
        // Nothing touched: the bits, the hit counter.
        CHECK(h.engine.db(0).peek("old")->lru() == lru);
        CHECK(h.engine.stats().keyspace_hits == hits);
        CHECK(h.cli({"OBJECT", "IDLETIME", "old"}) == "(integer) 9");
        CHECK_FALSE(inspect::keyAccess(h.engine, 0, "missing"));
        CHECK_FALSE(inspect::keyAccess(h.engine, 99, "old"));
    }

    TEST_CASE("inspect.keyspace.access_lfu_counter_with_decay") {
        redsim::test::Harness h;
        h.run({"CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"});
        h.run({"SET", "k", "v"});
        CHECK(inspect::keyAccess(h.engine, 0, "k")->lfu == 5);  // LFU_INIT_VAL
        for (int i = 0; i < 50; ++i) h.run({"GET", "k"});
        const uint32_t freq = inspect::keyAccess(h.engine, 0, "k")->lfu;
        CHECK(freq > 5);
        CHECK(h.cli({"OBJECT", "FREQ", "k"}) == "(integer) " + std::to_string(freq));
        // Three minutes without hits take three off (lfu-decay-time 1), as OBJECT FREQ says.
        h.engine.advanceTime(3LL * 60 * 1000 * 1000);
        CHECK(inspect::keyAccess(h.engine, 0, "k")->lfu == freq - 3);
        CHECK(h.cli({"OBJECT", "FREQ", "k"}) == "(integer) " + std::to_string(freq - 3));
    }
}
