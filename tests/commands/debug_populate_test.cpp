// DEBUG POPULATE beyond what a transcript shows: no change counted (the RDB's
// rdb_changes_since_last_save, the AOF), no OOM refusal (DEBUG is not denyoom), and
// under an eviction policy the keys are evicted by the next command.
#include <doctest/doctest.h>

#include "engine/engine.h"
#include "tests/engine/test_util.h"

TEST_SUITE("debug") {
    TEST_CASE("debug.populate.no_change_counted_and_ignores_maxmemory") {
        redsim::test::Harness h;
        const auto dirty = h.engine.dirty;
        CHECK(h.cli({"DEBUG", "POPULATE", "100", "k", "100"}) == "OK");
        CHECK(h.engine.dirty == dirty);
        CHECK(h.engine.db(0).size() == 100);
        // Over the limit with noeviction: POPULATE still runs, SET is refused.
        h.run({"CONFIG", "SET", "maxmemory", "1"});
        CHECK(h.cli({"DEBUG", "POPULATE", "10", "m"}) == "OK");
        CHECK(h.engine.db(0).size() == 110);
        CHECK(h.cli({"SET", "x", "y"}).starts_with("(error) OOM"));
        // With a policy, the next command evicts.
        h.run({"CONFIG", "SET", "maxmemory", "1mb"});
        h.run({"CONFIG", "SET", "maxmemory-policy", "allkeys-lru"});
        CHECK(h.cli({"DEBUG", "POPULATE", "2000", "f", "100"}) == "OK");
        CHECK(h.engine.db(0).size() == 2110);
        h.run({"PING"});
        CHECK(h.engine.db(0).size() < 2110);
        CHECK(h.engine.stats().evicted_keys > 0);
        // Sizes that could never fit are refused (redsim does not wait for OOM).
        CHECK(h.cli({"DEBUG", "POPULATE", "999999999999"}) == "(error) ERR OOM in dictTryExpand");
    }
}
