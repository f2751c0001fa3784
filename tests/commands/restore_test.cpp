// DUMP / RESTORE (engine/commands/dump.cpp): round trips, the side effects Redis has
// (keyspace events, dirty, signalModifiedKey via WATCH), and robustness: damaged payloads
// are refused with Redis's errors or load a well-formed value, never crash, never leave a
// half-made key.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "engine/persist/crc64.h"
#include "tests/engine/test_util.h"

namespace redsim {
namespace {

using resp::Reply;

void exec(Engine& e, Client& c, std::vector<std::string> argv) { e.execute(c, argv); }

// A payload whose footer is made right again after its body was changed.
std::string refooter(std::string body_and_footer) {
    if (body_and_footer.size() < 10) return body_and_footer;
    std::string s = body_and_footer.substr(0, body_and_footer.size() - 8);
    const uint64_t crc = crc64(0, s);
    for (int i = 0; i < 8; ++i) s += static_cast<char>((crc >> (8 * i)) & 0xff);
    return s;
}

// Fills the engine with one key of each type and encoding; returns their names.
std::vector<std::string> fill(test::Harness& h) {
    h.run({"SET", "str", "hello"});
    h.run({"SET", "int", "123456789"});
    h.run({"SET", "lzf", std::string(200, 'a') + "bcdefgh" + std::string(100, 'a')});
    h.run({"RPUSH", "lp", "a", "1", "bb", "-7"});
    h.run({"CONFIG", "SET", "list-max-listpack-size", "3"});
    h.run({"RPUSH", "ql", "a", "b", "c", "d", "e", "f", "g", std::string(5000, 'p')});
    h.run({"CONFIG", "SET", "list-max-listpack-size", "-2"});
    h.run({"SADD", "is", "1", "2", "300", "-40000"});
    h.run({"SADD", "hs", "x", "y", "z", "1"});
    h.run({"ZADD", "zl", "1", "a", "2.5", "b", "-1e10", "c"});
    h.run({"CONFIG", "SET", "zset-max-listpack-entries", "1"});
    h.run({"ZADD", "zs", "1", "a", "2.5", "b", "-1e10", "c"});
    h.run({"CONFIG", "SET", "zset-max-listpack-entries", "128"});
    h.run({"HSET", "hl", "f", "v", "g", "12"});
    h.run({"CONFIG", "SET", "hash-max-listpack-entries", "1"});
    h.run({"HSET", "ht", "f", "v", "g", "12"});
    h.run({"CONFIG", "SET", "hash-max-listpack-entries", "128"});
    h.run({"XADD", "st", "1-1", "a", "1"});
    h.run({"XADD", "st", "2-1", "a", "2", "b", "3"});
    h.run({"XGROUP", "CREATE", "st", "g", "0"});
    h.run({"XREADGROUP", "GROUP", "g", "alice", "COUNT", "1", "STREAMS", "st", ">"});
    return {"str", "int", "lzf", "lp", "ql", "is", "hs", "zl", "zs", "hl", "ht", "st"};
}

TEST_CASE("restore: every type round-trips with its encoding and the same DUMP") {
    test::Harness h;
    for (const auto& k : fill(h)) {
        CAPTURE(k);
        std::string enc = h.run({"OBJECT", "ENCODING", k}).str;
        const std::string payload = h.run({"DUMP", k}).str;
        REQUIRE(!payload.empty());
        CHECK(h.cli({"RESTORE", k + "2", "0", payload}) == "OK");
        // zs and ht were made under a small *-max-listpack-entries, restored under the
        // default: the loader converts them back to listpacks, as Redis's does.
        if (k == "zs" || k == "ht") enc = "listpack";
        CHECK(h.run({"OBJECT", "ENCODING", k + "2"}).str == enc);
        // A hashtable's bytes follow its hash order, which a reload may change.
        if (enc != "hashtable" && k != "zs" && k != "ht") CHECK(h.run({"DUMP", k + "2"}).str == payload);
    }
}

TEST_CASE("restore: events, dirty and WATCH as Redis; errors change nothing") {
    test::Harness h;
    Client& sub = h.engine.createClient();
    h.run({"CONFIG", "SET", "notify-keyspace-events", "KEA"});
    exec(h.engine, sub, {"PSUBSCRIBE", "__keyevent@0__:*"});
    sub.takeOutput();
    h.run({"SET", "s", "v"});
    const std::string p = h.run({"DUMP", "s"}).str;
    sub.takeOutput();

    uint64_t dirty = h.engine.dirty;
    CHECK(h.cli({"RESTORE", "s", "0", p}) == "(error) BUSYKEY Target key name already exists.");
    CHECK(h.cli({"RESTORE", "s", "0", p + "x", "REPLACE"}) == "(error) ERR DUMP payload version or checksum are wrong");
    CHECK(h.engine.dirty == dirty);
    CHECK(sub.takeOutput().empty());

    Client& watcher = h.engine.createClient();
    exec(h.engine, watcher, {"WATCH", "s"});
    exec(h.engine, watcher, {"MULTI"});
    CHECK(h.cli({"RESTORE", "s", "0", p, "REPLACE"}) == "OK");
    CHECK(h.engine.dirty == dirty + 1);
    CHECK(sub.takeOutput().find("__keyevent@0__:restore") != std::string::npos);
    exec(h.engine, watcher, {"EXEC"});
    CHECK(watcher.takeOutput().find("*-1") != std::string::npos);  // the WATCH saw the change

    // A deadline already past with REPLACE deletes the key: "del", one change.
    CHECK(h.cli({"RESTORE", "s", "1", p, "REPLACE", "ABSTTL"}) == "OK");
    CHECK(h.engine.dirty == dirty + 2);
    const std::string out = sub.takeOutput();
    CHECK(out.find("__keyevent@0__:del") != std::string::npos);
    CHECK(out.find("__keyevent@0__:restore") == std::string::npos);
    CHECK(h.cli({"EXISTS", "s"}) == "(integer) 0");
    // Without a key to delete, nothing happens at all.
    CHECK(h.cli({"RESTORE", "s", "1", p, "ABSTTL"}) == "OK");
    CHECK(h.engine.dirty == dirty + 2);
    CHECK(sub.takeOutput().empty());
}

TEST_CASE("restore: 2000 damaged payloads are refused or load a sound value, never half-applied") {
    test::Harness h;
    const std::vector<std::string> keys = fill(h);
    std::vector<std::string> payloads;
    for (const auto& k : keys) payloads.push_back(h.run({"DUMP", k}).str);
    h.run({"SET", "target", "original"});
    std::mt19937_64 rng(7);
    int refused = 0, loaded = 0;
    for (int i = 0; i < 2000; ++i) {
        std::string p = payloads[rng() % payloads.size()];
        const int kind = static_cast<int>(rng() % 4);
        if (kind == 0) {
            p.resize(rng() % p.size());  // truncated
        } else {
            const int flips = 1 + static_cast<int>(rng() % 4);
            for (int f = 0; f < flips; ++f) {
                const size_t at = rng() % p.size();
                if (kind == 3) {
                    p[at] = static_cast<char>(rng());  // a random byte
                } else {
                    p[at] = static_cast<char>(p[at] ^ (1 << (rng() % 8)));  // a bit flip
                }
            }
        }
        if (kind != 1) p = refooter(p);  // most damage must reach the value parser
        CAPTURE(i);
        const Reply r = h.run({"RESTORE", "target", "0", p, "REPLACE"});
        if (r.type == Reply::Type::Error) {
            ++refused;
            const bool known =
                r.str == "ERR Bad data format" || r.str == "ERR DUMP payload version or checksum are wrong";
            CHECK(known);
            // Nothing changed: the previous value is still there.
            CHECK(h.run({"EXISTS", "target"}).integer == 1);
        } else {
            ++loaded;
            REQUIRE(r.str == "OK");
            // What loaded is whole: it serializes, and that payload restores to the same bytes.
            const std::string again = h.run({"DUMP", "target"}).str;
            REQUIRE(!again.empty());
            CHECK(h.cli({"RESTORE", "copy", "0", again, "REPLACE"}) == "OK");
            if (h.run({"OBJECT", "ENCODING", "target"}).str != "hashtable") CHECK(h.run({"DUMP", "copy"}).str == again);
            const std::string type = h.run({"TYPE", "target"}).str;
            if (type == "list") h.run({"LRANGE", "target", "0", "-1"});
            if (type == "set") h.run({"SMEMBERS", "target"});
            if (type == "zset") h.run({"ZRANGE", "target", "0", "-1", "WITHSCORES"});
            if (type == "hash") h.run({"HGETALL", "target"});
            if (type == "stream") h.run({"XINFO", "STREAM", "target", "FULL"});
        }
    }
    CHECK(refused + loaded == 2000);
    CHECK(refused > 1000);
    CHECK(loaded > 0);
    MESSAGE("refused " << refused << ", loaded " << loaded);
}

}  // namespace
}  // namespace redsim
