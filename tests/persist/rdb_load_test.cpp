// RDB loading (engine/persist/rdb_load.h): a dump written by redis-server 7.0.15
// (tests/persist/fixtures/small.rdb, made by tests/persist/make_fixture.py) loads with
// the right values and encodings; every truncation, a bad checksum and thousands of
// random corruptions are refused with a message, never a crash, and leave the engine
// as it was.
#include <doctest/doctest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "engine/memory.h"
#include "engine/persist/rdb_load.h"
#include "engine/persist/rdb_save.h"
#include "tests/engine/test_util.h"

using redsim::rdbLoad;
using redsim::RdbLoadStats;
using redsim::test::Harness;

namespace {

std::string fixture() {
    std::ifstream in(std::string(REDSIM_SOURCE_DIR) + "/tests/persist/fixtures/small.rdb", std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Touches every key through the commands a user would run, so a corrupt value that
// slipped through validation would show up (as a crash under the sanitizers).
void readEverything(Harness& h) {
    for (int db = 0; db < 16; ++db) {
        h.run({"SELECT", std::to_string(db)});
        auto keys = h.run({"KEYS", "*"});
        for (const auto& k : keys.elements) {
            const std::string key = k.str;
            const std::string type = h.run({"TYPE", key}).str;
            h.run({"OBJECT", "ENCODING", key});
            h.run({"DEBUG", "OBJECT", key});
            h.run({"DUMP", key});
            if (type == "string") h.run({"GET", key});
            if (type == "list") h.run({"LRANGE", key, "0", "-1"}), h.run({"LPOP", key});
            if (type == "hash") h.run({"HGETALL", key}), h.run({"HSET", key, "new", "v"});
            if (type == "set") h.run({"SMEMBERS", key}), h.run({"SADD", key, "new"});
            if (type == "zset") h.run({"ZRANGE", key, "0", "-1", "WITHSCORES"}), h.run({"ZADD", key, "1", "new"});
            if (type == "stream") {
                h.run({"XRANGE", key, "-", "+"});
                h.run({"XREVRANGE", key, "+", "-"});
                h.run({"XINFO", "STREAM", key, "FULL"});
                h.run({"XADD", key, "*", "f", "v"});
            }
        }
    }
    h.run({"SELECT", "0"});
}

}  // namespace

TEST_CASE("rdb_load: a dump written by redis-server 7.0.15") {
    Harness h;
    const std::string rdb = fixture();
    REQUIRE(rdb.size() > 100);
    RdbLoadStats st;
    const auto err = rdbLoad(h.engine, rdb, "small.rdb", &st);
    REQUIRE_MESSAGE(!err, *err);
    CHECK(st.rdb_version == 10);
    CHECK(st.redis_ver == "7.0.15");
    CHECK(st.ctime > 0);
    CHECK(st.keys_loaded == 15);
    CHECK(h.cli({"GET", "int"}) == "\"12345\"");
    CHECK(h.cli({"OBJECT", "ENCODING", "int"}) == "\"int\"");
    CHECK(h.cli({"GET", "neg"}) == "\"-70000\"");
    CHECK(h.cli({"OBJECT", "ENCODING", "str"}) == "\"embstr\"");
    CHECK(h.run({"GET", "lzf"}).str == std::string(60, 'a'));
    CHECK(h.cli({"OBJECT", "ENCODING", "lzf"}) == "\"raw\"");
    CHECK(h.run({"PTTL", "ttl"}).integer > 0);
    CHECK(h.run({"LLEN", "list"}).integer == 13);
    CHECK(h.cli({"LINDEX", "list", "12"}) == "\"e12\"");
    CHECK(h.run({"LLEN", "clist"}).integer == 16);
    CHECK(h.run({"LINDEX", "clist", "7"}).str == "compressible-1-" + std::string(30, 'x'));
    CHECK(h.run({"DEBUG", "OBJECT", "clist"}).str.find("ql_nodes:4 ") != std::string::npos);
    CHECK(h.cli({"OBJECT", "ENCODING", "hsmall"}) == "\"listpack\"");
    CHECK(h.cli({"HGET", "hsmall", "f2"}) == "\"2\"");
    CHECK(h.cli({"OBJECT", "ENCODING", "hbig"}) == "\"hashtable\"");
    CHECK(h.cli({"OBJECT", "ENCODING", "sint"}) == "\"intset\"");
    CHECK(h.run({"SISMEMBER", "sint", "300000"}).integer == 1);
    CHECK(h.cli({"OBJECT", "ENCODING", "sstr"}) == "\"hashtable\"");
    CHECK(h.cli({"OBJECT", "ENCODING", "zsmall"}) == "\"listpack\"");
    CHECK(h.cli({"ZSCORE", "zsmall", "b"}) == "\"2.5\"");
    CHECK(h.cli({"OBJECT", "ENCODING", "zbig"}) == "\"skiplist\"");
    CHECK(h.run({"XLEN", "stream"}).integer == 5);
    CHECK(h.run({"XPENDING", "stream", "grp"}).elements.at(0).integer == 2);
    CHECK(h.cli({"SELECT", "3"}) == "OK");
    CHECK(h.cli({"GET", "in3"}) == "\"three\"");
    readEverything(h);
}

TEST_CASE("rdb_load: settings decide the encodings, as in Redis's rdbLoadObject") {
    Harness h;
    h.run({"CONFIG", "SET", "hash-max-listpack-entries", "1"});
    h.run({"CONFIG", "SET", "set-max-intset-entries", "2"});
    h.run({"CONFIG", "SET", "zset-max-listpack-entries", "1"});
    h.run({"CONFIG", "SET", "list-compress-depth", "1"});
    REQUIRE(!rdbLoad(h.engine, fixture(), "small.rdb"));
    CHECK(h.cli({"OBJECT", "ENCODING", "hsmall"}) == "\"hashtable\"");
    CHECK(h.cli({"OBJECT", "ENCODING", "sint"}) == "\"hashtable\"");
    CHECK(h.cli({"OBJECT", "ENCODING", "zsmall"}) == "\"skiplist\"");
    CHECK(h.cli({"ZSCORE", "zsmall", "b"}) == "\"2.5\"");
    // The file's LZF nodes were decompressed on reading; the middle ones are compressed
    // again because this engine's depth says so.
    CHECK(h.run({"DEBUG", "OBJECT", "clist"}).str.find("ql_compressed:1") != std::string::npos);
    CHECK(h.run({"LINDEX", "clist", "9"}).str == "compressible-0-" + std::string(30, 'x'));
}

TEST_CASE("rdb_load: every truncation is an end-of-file error at that offset") {
    Harness h;
    h.run({"SET", "before", "1"});
    const std::string rdb = fixture();
    for (size_t n = 0; n < rdb.size(); ++n) {
        const auto err = rdbLoad(h.engine, std::string_view(rdb).substr(0, n), "small.rdb");
        REQUIRE(err);
        INFO(*err);
        CHECK(err->find("'small.rdb' at offset " + std::to_string(n) + ": unexpected end of file while reading") == 0);
    }
    CHECK(h.run({"DBSIZE"}).integer == 1);  // nothing was replaced
    CHECK(h.cli({"GET", "before"}) == "\"1\"");
}

TEST_CASE("rdb_load: checksum") {
    Harness h;
    std::string rdb = fixture();
    std::string bad = rdb;
    bad.back() ^= 1;
    auto err = rdbLoad(h.engine, bad, "dump.rdb");
    REQUIRE(err);
    CHECK(err->find("checksum mismatch") != std::string::npos);
    CHECK(err->find("at offset " + std::to_string(rdb.size() - 8)) != std::string::npos);

    // A changed value byte with the checksum intact: still a mismatch.
    bad = rdb;
    const size_t hello = bad.find("hello");
    REQUIRE(hello != std::string::npos);
    bad[hello] = 'j';
    err = rdbLoad(h.engine, bad, "dump.rdb");
    REQUIRE(err);
    CHECK(err->find("checksum mismatch") != std::string::npos);
    CHECK(h.run({"DBSIZE"}).integer == 0);

    // A checksum of 0 means "not computed" (rdbchecksum no): not checked.
    for (size_t i = bad.size() - 8; i < bad.size(); ++i) bad[i] = 0;
    REQUIRE(!rdbLoad(h.engine, bad, "dump.rdb"));
    CHECK(h.cli({"GET", "str"}) == "\"jello\"");

    // Bytes after the checksum.
    err = rdbLoad(h.engine, rdb + "x", "dump.rdb");
    REQUIRE(err);
    CHECK(err->find("unexpected bytes after the end") != std::string::npos);
}

TEST_CASE("rdb_load: bad headers and opcodes have clear messages") {
    Harness h;
    std::string rdb = fixture();
    auto msg = [&](std::string bytes) { return rdbLoad(h.engine, bytes, "f.rdb").value_or("loaded"); };
    CHECK(msg("RADIS0010" + rdb.substr(9)) == "'f.rdb' at offset 0: wrong signature trying to load DB from file");
    CHECK(msg("REDIS0011" + rdb.substr(9)) == "'f.rdb' at offset 5: can't handle RDB format version 11");
    CHECK(msg(rdb.substr(0, 9) + "\xfe\x20") ==
          "'f.rdb' at offset 9: data file was created with a Redis server configured to handle more than 16 "
          "databases (SELECTDB 32)");
    CHECK(msg(rdb.substr(0, 9) + "\xf7") ==
          "'f.rdb' at offset 9: the file holds module data (MODULE_AUX), and redsim has no modules");
    CHECK(msg(rdb.substr(0, 9) + "\x08\x01k") == "'f.rdb' at offset 9: unknown RDB value type 8");
    // A hash listpack whose total-bytes header lies.
    CHECK(msg(rdb.substr(0, 9) + std::string("\x10\x01k\x07\x08\x00\x00\x00\x00\x00\xff", 11)) ==
          "'f.rdb' at offset 12: bad hash listpack for key 'k'");
}

TEST_CASE("rdb_load: 2000 random corruptions never crash and never half-load") {
    Harness h;
    const std::string rdb = fixture();
    std::mt19937_64 rng(12345);
    int loaded = 0, refused = 0;
    for (int i = 0; i < 2000; ++i) {
        std::string bad = rdb;
        const int mode = static_cast<int>(rng() % 4);
        if (mode == 0) {
            bad.resize(rng() % bad.size());
        } else {
            const int flips = 1 + static_cast<int>(rng() % 4);
            for (int f = 0; f < flips; ++f) {
                const size_t at = rng() % (bad.size() - 8);
                if (mode == 1)
                    bad[at] = static_cast<char>(bad[at] ^ (1 << (rng() % 8)));
                else
                    bad[at] = static_cast<char>(rng());
            }
            // Half the time with the checksum off, so the corruption reaches the values.
            if (rng() % 2)
                for (size_t b = bad.size() - 8; b < bad.size(); ++b) bad[b] = 0;
        }
        h.run({"FLUSHALL"});
        h.run({"SET", "sentinel", "1"});
        const auto err = rdbLoad(h.engine, bad, "fuzz.rdb");
        if (err) {
            ++refused;
            CHECK(err->rfind("'fuzz.rdb' at offset ", 0) == 0);
            CHECK(h.run({"GET", "sentinel"}).str == "1");
        } else {
            ++loaded;
            CHECK(h.run({"EXISTS", "sentinel"}).integer == 0);
            readEverything(h);
        }
    }
    MESSAGE("fuzz: " << loaded << " loaded, " << refused << " refused");
    CHECK(refused > 1000);
}

TEST_CASE("rdb_load: IDLE and FREQ set the key's LRU / LFU data") {
    // Header, IDLE 100 s, string k=v, FREQ 42, string f=v, EOF, checksum 0 (not checked).
    const std::string rdb = std::string("REDIS0010") + "\xf8\x40\x64" + std::string("\x00\x01k\x01v", 5) + "\xf9\x2a" +
                            std::string("\x00\x01\x66\x01v", 5) + "\xff" + std::string(8, '\0');
    SUBCASE("LRU") {
        Harness h;
        h.run({"CONFIG", "SET", "maxmemory-policy", "allkeys-lru"});
        REQUIRE(!rdbLoad(h.engine, rdb, "idle.rdb"));
        const long long idle = h.run({"OBJECT", "IDLETIME", "k"}).integer;
        CHECK(idle >= 99);
        CHECK(idle <= 101);
        CHECK(h.run({"OBJECT", "IDLETIME", "f"}).integer <= 1);
    }
    SUBCASE("LFU") {
        Harness h;
        h.run({"CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"});
        REQUIRE(!rdbLoad(h.engine, rdb, "freq.rdb"));
        CHECK(h.run({"OBJECT", "FREQ", "f"}).integer == 42);
        CHECK(h.run({"OBJECT", "FREQ", "k"}).integer == 5);  // LFU_INIT_VAL, as a new key
    }
}

TEST_CASE("rdb_load: function libraries come back, all or nothing") {
    const std::string lib =
        "#!lua name=counter\nredis.register_function('bump', function(keys) return redis.call('INCR', keys[1]) end)";
    Harness src;
    REQUIRE(src.run({"FUNCTION", "LOAD", lib}).str == "counter");
    src.run({"SET", "n", "41"});
    const std::string rdb = redsim::rdbSerialize(src.engine, {.compression = false});

    Harness h;
    REQUIRE(!rdbLoad(h.engine, rdb, "f.rdb"));
    CHECK(h.run({"FCALL", "bump", "1", "n"}).integer == 42);
    CHECK(h.run({"FUNCTION", "LIST", "WITHCODE"}).elements.size() == 1);

    // Loading again on top: the library exists, so the file is refused and the keys
    // stay as they are (n is 42, not the file's 41).
    const auto err = rdbLoad(h.engine, rdb, "f.rdb");
    REQUIRE(err);
    CHECK(err->find("'f.rdb' at offset ") == 0);
    CHECK(err->find("a function library failed to load: ERR Library counter already exists") != std::string::npos);
    CHECK(h.run({"GET", "n"}).str == "42");

    // Code that does not compile refuses the file too.
    std::string bad = rdb;
    const size_t at = bad.find("redis.register_function");
    REQUIRE(at != std::string::npos);
    bad[at] = '@';
    bad.replace(bad.size() - 8, 8, std::string(8, '\0'));  // no checksum: reach the compile
    Harness fresh;
    const auto err2 = rdbLoad(fresh.engine, bad, "bad.rdb");
    REQUIRE(err2);
    CHECK(err2->find("a function library failed to load: ERR Error compiling function") != std::string::npos);
    CHECK(fresh.run({"DBSIZE"}).integer == 0);
    CHECK(fresh.run({"FUNCTION", "LIST"}).elements.empty());
}

namespace {

// An RDB string: a length (6-bit, 14-bit big-endian, or 0x80 + 32-bit big-endian) and bytes.
std::string rdbString(const std::string& s) {
    std::string out;
    const size_t n = s.size();
    if (n < 64) {
        out += static_cast<char>(n);
    } else if (n < 16384) {
        out += static_cast<char>(0x40 | (n >> 8));
        out += static_cast<char>(n & 0xFF);
    } else {
        out += '\x80';
        for (int i = 3; i >= 0; --i) out += static_cast<char>((n >> (8 * i)) & 0xFF);
    }
    return out + s;
}

std::string littleEndian(uint64_t v, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
    return out;
}

// A ziplist, written from the format's description (independently of the decoder):
// entries that look like integers take the smallest integer encoding.
std::string ziplist(const std::vector<std::string>& entries) {
    std::string body;
    size_t prev = 0, last = 10;
    for (const auto& e : entries) {
        std::string entry = prev < 254 ? std::string(1, static_cast<char>(prev)) : "\xfe" + littleEndian(prev, 4);
        char* end = nullptr;
        const long long v = std::strtoll(e.c_str(), &end, 10);
        const bool is_int = !e.empty() && *end == '\0' && std::to_string(v) == e;
        if (is_int && v >= 0 && v <= 12) {
            entry += static_cast<char>(0xF1 + v);
        } else if (is_int && v >= -128 && v <= 127) {
            entry += "\xfe" + littleEndian(static_cast<uint64_t>(v), 1);
        } else if (is_int && v >= -32768 && v <= 32767) {
            entry += "\xc0" + littleEndian(static_cast<uint64_t>(v), 2);
        } else if (is_int && v >= -(1 << 23) && v < (1 << 23)) {
            entry += "\xf0" + littleEndian(static_cast<uint64_t>(v), 3);
        } else if (is_int && v >= INT32_MIN && v <= INT32_MAX) {
            entry += "\xd0" + littleEndian(static_cast<uint64_t>(v), 4);
        } else if (is_int) {
            entry += "\xe0" + littleEndian(static_cast<uint64_t>(v), 8);
        } else if (e.size() < 64) {
            entry += static_cast<char>(e.size()) + e;
        } else if (e.size() < 16384) {
            entry += static_cast<char>(0x40 | (e.size() >> 8));
            entry += static_cast<char>(e.size() & 0xFF);
            entry += e;
        } else {
            entry += '\x80';
            for (int i = 3; i >= 0; --i) entry += static_cast<char>((e.size() >> (8 * i)) & 0xFF);
            entry += e;
        }
        last = 10 + body.size();
        prev = entry.size();
        body += entry;
    }
    const size_t total = 10 + body.size() + 1;
    return littleEndian(total, 4) + littleEndian(last, 4) + littleEndian(entries.size(), 2) + body + "\xff";
}

std::string zipmap(const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::string out(1, static_cast<char>(pairs.size()));
    for (const auto& [k, v] : pairs) {
        out += static_cast<char>(k.size()) + k;
        out += static_cast<char>(v.size());
        out += '\x02';  // two free bytes after the value, as an in-place update leaves
        out += v + "..";
    }
    return out + "\xff";
}

std::vector<std::string> strings(const redsim::resp::Reply& r) {
    std::vector<std::string> out;
    for (const auto& e : r.elements) out.push_back(e.str);
    return out;
}

}  // namespace

TEST_CASE("rdb_load: pre-7.0 ziplist and zipmap encodings become listpacks") {
    const std::string long_text(300, 'x');
    const std::string huge_text(20000, 'y');
    const std::vector<std::string> list = {"x",        "7",          "-100",    "-300",   "70000",
                                           "-5000000", "5000000000", long_text, huge_text};
    std::string rdb = "REDIS0009";
    rdb += "\x0d" + rdbString("h") + rdbString(ziplist({"f1", "v1", "f2", "100"}));
    rdb += "\x0c" + rdbString("z") + rdbString(ziplist({"c", "-3", "a", "1", "b", "2.5"}));
    rdb += "\x0a" + rdbString("l") + rdbString(ziplist(list));
    rdb += "\x0e" + rdbString("q") + "\x03" + rdbString(ziplist({"1", "2"})) + rdbString(ziplist({})) +
           rdbString(ziplist({"three"}));
    rdb += "\x09" + rdbString("zm") + rdbString(zipmap({{"name", "redis"}, {"ver", "2.4"}}));
    rdb += "\xff" + std::string(8, '\0');

    Harness h;
    const auto err = rdbLoad(h.engine, rdb, "old.rdb");
    REQUIRE_MESSAGE(!err, *err);
    CHECK(strings(h.run({"HGETALL", "h"})) == std::vector<std::string>{"f1", "v1", "f2", "100"});
    CHECK(h.run({"OBJECT", "ENCODING", "h"}).str == "listpack");
    CHECK(strings(h.run({"ZRANGE", "z", "0", "-1", "WITHSCORES"})) ==
          std::vector<std::string>{"c", "-3", "a", "1", "b", "2.5"});
    CHECK(h.run({"OBJECT", "ENCODING", "z"}).str == "listpack");
    CHECK(strings(h.run({"LRANGE", "l", "0", "-1"})) == list);
    CHECK(h.run({"OBJECT", "ENCODING", "l"}).str == "quicklist");
    CHECK(strings(h.run({"LRANGE", "q", "0", "-1"})) == std::vector<std::string>{"1", "2", "three"});
    CHECK(strings(h.run({"HGETALL", "zm"})) == std::vector<std::string>{"name", "redis", "ver", "2.4"});
    readEverything(h);

    // A wrong prevlen (the second entry of h's ziplist claims a 9-byte predecessor).
    std::string bad = rdb;
    const std::string zl = ziplist({"f1", "v1", "f2", "100"});
    const size_t at = bad.find(zl);
    REQUIRE(at != std::string::npos);
    bad[at + 10 + 4] = '\x09';
    Harness fresh;
    const auto e2 = rdbLoad(fresh.engine, bad, "old.rdb");
    REQUIRE(e2);
    CHECK(*e2 == "'old.rdb' at offset 12: bad hash ziplist for key 'h'");
    CHECK(fresh.run({"DBSIZE"}).integer == 0);

    // Every truncation of every blob is refused, never a crash.
    for (size_t cut = 9; cut < rdb.size() - 9; cut += 7) {
        Harness t;
        CHECK(rdbLoad(t.engine, rdb.substr(0, cut), "cut.rdb"));
    }
}

TEST_CASE("rdb_load: used_memory counts the loaded keys as a full recount does") {
    Harness h;
    REQUIRE(!rdbLoad(h.engine, fixture(), "small.rdb"));
    for (int i = 0; i < h.engine.dbCount(); ++i) {
        redsim::Db& db = h.engine.db(i);
        CHECK(db.memory().flush(db) == redsim::memory::DbMemory::recompute(db));
    }
}
