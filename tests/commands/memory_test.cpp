// The memory model (engine/memory.h) and the MEMORY command.
//
// The heart of it: used_memory is kept incrementally (each Db remembers every key's
// cost and recounts only the keys that changed), so after any sequence of commands the
// running total must equal a full walk over every key. A long seeded random sequence of
// commands of every type and encoding, over several keys and databases, with TTLs,
// expiry, RENAME/MOVE/COPY/SWAPDB/FLUSHDB and reads that move incremental rehashing,
// checks that after every command. Then the size classes, MEMORY's replies and errors,
// and INFO memory's field order.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/db.h"
#include "engine/engine.h"
#include "engine/info.h"
#include "engine/memory.h"
#include "engine/rng.h"
#include "tests/engine/test_util.h"

using redsim::resp::Reply;
using redsim::test::Harness;
namespace memory = redsim::memory;

namespace {

// Every db's running total against a full recomputation.
void checkIncremental(Harness& h, const std::vector<std::string>& cmd) {
    for (int i = 0; i < h.engine.dbCount(); ++i) {
        redsim::Db& db = h.engine.db(i);
        const long long running = db.memory().flush(db);
        const long long full = memory::DbMemory::recompute(db);
        if (running != full) {
            std::string line;
            for (const auto& a : cmd) line += a + " ";
            FAIL("db " << i << " running " << running << " != full " << full << " after: " << line);
        }
    }
}

std::vector<std::string> randomCommand(redsim::Rng& rng) {
    auto pick = [&](size_t n) { return static_cast<size_t>(rng.next() % n); };
    auto num = [&](int n) { return std::to_string(static_cast<int>(rng.next() % static_cast<uint64_t>(n))); };
    const std::string key = "k" + num(6);
    const std::string other = "k" + num(6);
    auto member = [&]() {
        switch (pick(3)) {
            case 0:
                return num(40);  // integers: intsets
            case 1:
                return "m" + num(40);
            default:
                return std::string(1 + pick(70), static_cast<char>('a' + pick(26)));  // long: conversions
        }
    };
    switch (pick(48)) {
        case 0:
            return {"SET", key, member()};
        case 1:
            return {"SET", key, std::string(pick(100), 'x')};
        case 2:
            return {"APPEND", key, member()};
        case 3:
            return {"INCR", key};
        case 4:
            return {"SETRANGE", key, num(50), member()};
        case 5:
            return {"DEL", key};
        case 6:
            return {"PEXPIRE", key, num(30)};
        case 7:
            return {"PERSIST", key};
        case 8:
            return {"RENAME", key, other};
        case 9:
            return {"MOVE", key, num(3)};
        case 10:
            return {"COPY", key, other, "DB", num(3)};
        case 11:
            return {"SWAPDB", num(3), num(3)};
        case 12:
            return {"SELECT", num(3)};
        case 13:
            return {"LPUSH", key, member(), member(), member()};
        case 14:
            return {"RPUSH", key, member()};
        case 15:
            return {"RPOP", key};
        case 16:
            return {"LSET", key, num(5), member()};
        case 17:
            return {"LTRIM", key, num(5), "-" + num(5)};
        case 18:
            return {"LINSERT", key, "BEFORE", member(), member()};
        case 19:
            return {"LREM", key, "0", member()};
        case 20:
            return {"HSET", key, member(), member(), member(), member()};
        case 21:
            return {"HDEL", key, member()};
        case 22:
            return {"HINCRBY", key, member(), num(100)};
        case 23:
            return {"HGET", key, member()};
        case 24:
            return {"HGETALL", key};
        case 25:
            return {"SADD", key, member(), member(), member()};
        case 26:
            return {"SREM", key, member()};
        case 27:
            return {"SPOP", key};
        case 28:
            return {"SMOVE", key, other, member()};
        case 29:
            return {"SINTERSTORE", key, other, key};
        case 30:
            return {"SISMEMBER", key, member()};
        case 31:
            return {"ZADD", key, num(100), member(), num(100), member()};
        case 32:
            return {"ZREM", key, member()};
        case 33:
            return {"ZINCRBY", key, num(10), member()};
        case 34:
            return {"ZPOPMIN", key};
        case 35:
            return {"ZRANGESTORE", other, key, "0", "-1"};
        case 36:
            return {"ZSCORE", key, member()};
        case 37:
            return {"XADD", key, "*", "f", member()};
        case 38:
            return {"XDEL", key, "0-1"};
        case 39:
            return {"XTRIM", key, "MAXLEN", num(10)};
        case 40:
            return {"XGROUP", "CREATE", key, "g" + num(2), "0", "MKSTREAM"};
        case 41:
            return {"XREADGROUP", "GROUP", "g" + num(2), "c" + num(3), "COUNT", num(5), "STREAMS", key, ">"};
        case 42:
            return {"XACK", key, "g" + num(2), "0-1"};
        case 43:
            return {"FLUSHDB"};
        case 44:
            return {"DEBUG", "SLEEP", "0.01"};  // virtual clock: TTLs run out
        case 45:
            return {"GET", key};
        case 46:
            return {"SRANDMEMBER", key, num(4)};
        default:
            return {"SUNIONSTORE", other, key, other};
    }
}

}  // namespace

TEST_CASE("memory.size classes") {
    CHECK(memory::mallocSize(1) == 8);
    CHECK(memory::mallocSize(9) == 16);
    CHECK(memory::mallocSize(21) == 32);  // no 24-byte class
    CHECK(memory::mallocSize(24) == 32);
    CHECK(memory::mallocSize(33) == 48);
    CHECK(memory::mallocSize(128) == 128);
    CHECK(memory::mallocSize(129) == 160);
    CHECK(memory::mallocSize(257) == 320);
    CHECK(memory::mallocSize(513) == 640);
    CHECK(memory::mallocSize(4097) == 5120);
    CHECK(memory::mallocSize(70000) == 81920);
    // sds headers: 1 byte below 32, 3 below 256, 5 below 64 KiB.
    CHECK(memory::sdsAlloc(1) == 8);
    CHECK(memory::sdsAlloc(31) == 48);  // 1 + 31 + 1 = 33
    CHECK(memory::sdsAlloc(32) == 48);  // 3 + 32 + 1 = 36
    CHECK(memory::sdsAlloc(300) == 320);
    CHECK(memory::bucketsAlloc(0) == 0);
    CHECK(memory::bucketsAlloc(4) == 32);
}

TEST_CASE("memory.incremental total equals a full walk after every command") {
    for (uint64_t seed : {1u, 2u, 3u}) {
        Harness h(seed);
        // Small limits so every encoding and every conversion shows up.
        h.run({"CONFIG", "SET", "hash-max-listpack-entries", "8"});
        h.run({"CONFIG", "SET", "set-max-intset-entries", "8"});
        h.run({"CONFIG", "SET", "zset-max-listpack-entries", "8"});
        h.run({"CONFIG", "SET", "list-max-listpack-size", "4"});
        h.run({"CONFIG", "SET", "list-compress-depth", "1"});
        h.run({"CONFIG", "SET", "stream-node-max-entries", "3"});
        redsim::Rng rng(seed * 7919);
        for (int step = 0; step < 4000; ++step) {
            const auto cmd = randomCommand(rng);
            h.run(cmd);
            checkIncremental(h, cmd);
        }
    }
}

TEST_CASE("memory.big collections cost O(1) per write and stay exact") {
    Harness h;
    std::vector<std::string> cmd{"HSET", "big"};
    for (int i = 0; i < 3000; ++i) {
        cmd.push_back("f" + std::to_string(i));
        cmd.push_back("v" + std::to_string(i));
    }
    h.run(cmd);
    h.run({"SADD", "bigset", "a"});
    for (int i = 0; i < 2000; ++i) h.run({"SADD", "bigset", "member" + std::to_string(i)});
    for (int i = 0; i < 200; ++i) {
        h.run({"HSET", "big", "f" + std::to_string(i), std::string(static_cast<size_t>(i), 'z')});
        h.run({"HGET", "big", "f1"});
        checkIncremental(h, {"HSET/HGET big"});
    }
    const long long before = redsim::usedMemory(h.engine);
    h.run({"HSET", "big", "new-field", std::string(1000, 'q')});
    CHECK(redsim::usedMemory(h.engine) > before);
}

TEST_CASE("memory.MEMORY USAGE") {
    Harness h;
    CHECK(h.cli({"MEMORY", "USAGE", "nokey"}) == "(nil)");
    h.run({"SET", "k", "v"});
    CHECK(h.cli({"MEMORY", "USAGE", "k"}) == "(integer) 64");  // 8 key + 24 entry + 32 embstr
    h.run({"SET", "k", "12345"});
    CHECK(h.cli({"MEMORY", "USAGE", "k"}) == "(integer) 48");
    h.run({"SET", "k", std::string(50, 'a')});
    CHECK(h.cli({"MEMORY", "USAGE", "k"}) == "(integer) 112");
    h.run({"HSET", "h", "a", "1"});
    CHECK(h.cli({"MEMORY", "USAGE", "h", "SAMPLES", "0"}) == h.cli({"MEMORY", "USAGE", "h"}));
    // Options are checked first, then the key; errors as Redis.
    CHECK(h.cli({"MEMORY", "USAGE", "nokey", "SAMPLES", "-1"}) == "(error) ERR syntax error");
    CHECK(h.cli({"MEMORY", "USAGE", "k", "SAMPLES", "x"}) == "(error) ERR value is not an integer or out of range");
    CHECK(h.cli({"MEMORY", "USAGE", "k", "SAMPLES"}) == "(error) ERR syntax error");
    CHECK(h.cli({"MEMORY", "USAGE", "k", "foo"}) == "(error) ERR syntax error");
    CHECK(h.cli({"MEMORY", "USAGE"}) == "(error) ERR wrong number of arguments for 'memory|usage' command");
}

TEST_CASE("memory.MEMORY STATS DOCTOR HELP PURGE MALLOC-STATS") {
    Harness h;
    const Reply stats = h.run({"MEMORY", "STATS"});
    REQUIRE(stats.elements.size() == 54);
    CHECK(stats.elements[0].str == "peak.allocated");
    CHECK(stats.elements[18].str == "functions.caches");
    CHECK(stats.elements[20].str == "overhead.total");
    CHECK(stats.elements[52].str == "fragmentation.bytes");
    h.run({"SET", "a", "b"});
    h.run({"EXPIRE", "a", "100"});
    const Reply withdb = h.run({"MEMORY", "STATS"});
    REQUIRE(withdb.elements.size() == 56);
    CHECK(withdb.elements[20].str == "db.0");
    CHECK(withdb.elements[21].elements.size() == 6);
    CHECK(withdb.elements[21].elements[0].str == "overhead.hashtable.main");
    CHECK(withdb.elements[21].elements[3].integer == 24 + 8 * 4);  // one expires entry, 4 buckets

    CHECK(h.cli({"MEMORY", "DOCTOR"}).find("Hi Sam, this instance is empty") != std::string::npos);
    std::vector<std::string> big{"RPUSH", "l"};
    for (int i = 0; i < 200000; ++i) big.push_back(std::string(40, 'x'));
    h.run(big);
    CHECK(h.cli({"MEMORY", "DOCTOR"}).find("I can't find any memory issue") != std::string::npos);
    h.run({"DEL", "l"});
    h.run({"SET", "x", std::string(2 * 1024 * 1024, 'y')});
    CHECK(h.cli({"MEMORY", "DOCTOR"}).find("Hi Sam, this instance is empty") != std::string::npos);

    CHECK(h.cli({"MEMORY", "PURGE"}) == "OK");
    CHECK(h.run({"MEMORY", "HELP"}).elements.size() == 14);
    CHECK(h.cli({"MEMORY", "MALLOC-STATS"}).find("redsim") != std::string::npos);
    CHECK(h.cli({"MEMORY", "FOO"}) == "(error) ERR unknown subcommand 'FOO'. Try MEMORY HELP.");
    CHECK(h.cli({"MEMORY"}) == "(error) ERR wrong number of arguments for 'memory' command");
}

TEST_CASE("memory.INFO memory fields and peak") {
    Harness h;
    const std::string info = redsim::infoString(h.engine, std::vector<std::string>{"memory"});
    const char* order[] = {"used_memory:",
                           "used_memory_rss:",
                           "used_memory_peak:",
                           "used_memory_peak_perc:",
                           "used_memory_overhead:",
                           "used_memory_startup:",
                           "used_memory_dataset:",
                           "allocator_allocated:",
                           "total_system_memory:",
                           "used_memory_lua:",
                           "maxmemory:",
                           "allocator_frag_ratio:",
                           "mem_fragmentation_ratio:",
                           "mem_not_counted_for_evict:",
                           "mem_clients_normal:",
                           "mem_allocator:",
                           "lazyfreed_objects:"};
    size_t at = 0;
    for (const char* f : order) {
        const size_t p = info.find(std::string("\r\n") + f, at);
        CHECK_MESSAGE(p != std::string::npos, f);
        if (p != std::string::npos) at = p;
    }
    h.run({"SET", "big", std::string(100000, 'x')});
    const long long high = redsim::usedMemory(h.engine);
    h.run({"DEL", "big"});
    CHECK(redsim::usedMemory(h.engine) < high);
    CHECK(h.engine.stats().peak_memory == high);
}
