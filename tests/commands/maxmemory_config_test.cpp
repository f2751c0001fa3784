// CONFIG SET maxmemory below the memory in use evicts at once, inside the CONFIG SET, as
// Redis 7.0.15's updateMaxmemory does (it calls performEvictions when the value changed).
// The checks read the engine directly: any later command would evict by itself first.
#include <doctest/doctest.h>

#include <string>

#include "engine/engine.h"
#include "engine/evict.h"
#include "tests/engine/test_util.h"

namespace redsim {
namespace {

void fill(test::Harness& h, int n) {
    for (int i = 0; i < n; ++i) h.run({"SET", "k:" + std::to_string(i), std::string(100, 'v')});
}

TEST_CASE("maxmemory config: a limit below used memory evicts during CONFIG SET") {
    test::Harness h;
    h.run({"CONFIG", "SET", "maxmemory-policy", "allkeys-random"});
    fill(h, 300);
    REQUIRE(h.engine.db(0).size() == 300);
    const long long used = evictionUsedMemory(h.engine);
    const long long limit = used - 10000;
    CHECK(h.cli({"CONFIG", "SET", "maxmemory", std::to_string(limit)}) == "OK");
    CHECK(h.engine.db(0).size() < 300);
    CHECK(h.engine.db(0).size() > 0);
    CHECK(evictionUsedMemory(h.engine) <= limit);
    CHECK(h.engine.evictor().reports().size() == 300 - h.engine.db(0).size());
}

TEST_CASE("maxmemory config: noeviction, an unchanged value and 0 evict nothing") {
    test::Harness h;
    fill(h, 200);
    const long long used = evictionUsedMemory(h.engine);
    // noeviction: the limit is set, nothing goes (writes will get the OOM error instead).
    CHECK(h.cli({"CONFIG", "SET", "maxmemory", std::to_string(used - 5000)}) == "OK");
    CHECK(h.engine.db(0).size() == 200);
    // 0 removes the limit: nothing to do.
    CHECK(h.cli({"CONFIG", "SET", "maxmemory", "0"}) == "OK");
    CHECK(h.engine.db(0).size() == 200);
    // Setting a policy alone does not evict (only maxmemory's apply does).
    CHECK(h.cli({"CONFIG", "SET", "maxmemory", std::to_string(used + 1000000)}) == "OK");
    CHECK(h.cli({"CONFIG", "SET", "maxmemory-policy", "allkeys-lru"}) == "OK");
    CHECK(h.engine.db(0).size() == 200);
    // A limit above used memory: nothing to evict.
    CHECK(h.cli({"CONFIG", "SET", "maxmemory", std::to_string(used + 2000000)}) == "OK");
    CHECK(h.engine.db(0).size() == 200);
    // Lowered below: evicted at once, LRU this time.
    CHECK(h.cli({"CONFIG", "SET", "maxmemory", std::to_string(used - 5000)}) == "OK");
    CHECK(h.engine.db(0).size() < 200);
    CHECK(evictionUsedMemory(h.engine) <= used - 5000);
}

TEST_CASE("maxmemory config: inside MULTI/EXEC nothing is evicted until the next command") {
    // redis-server 7.0.15: MULTI, CONFIG SET maxmemory <used - 200000>, INFO stats, DBSIZE,
    // EXEC shows evicted_keys:0 and every key; the next command evicts.
    test::Harness h;
    h.run({"CONFIG", "SET", "maxmemory-policy", "allkeys-random"});
    fill(h, 300);
    const long long limit = evictionUsedMemory(h.engine) - 10000;
    h.run({"MULTI"});
    h.run({"CONFIG", "SET", "maxmemory", std::to_string(limit)});
    h.run({"DBSIZE"});
    const resp::Reply r = h.run({"EXEC"});
    REQUIRE(r.elements.size() == 2);
    CHECK(r.elements[1].integer == 300);
    CHECK(h.engine.db(0).size() == 300);
    CHECK(h.run({"DBSIZE"}).integer < 300);
}

}  // namespace
}  // namespace redsim
