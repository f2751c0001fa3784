// The RDB writer: CRC-64, length prefixes, string encodings, whole values against the
// bytes Redis 7.0.15's DUMP produces for the same commands, and SAVE / LASTSAVE.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "engine/persist/crc64.h"
#include "engine/persist/rdb_length.h"
#include "engine/persist/rdb_save.h"
#include "tests/engine/test_util.h"

namespace redsim {
namespace {

std::string hex(std::string_view s) {
    static const char* d = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) {
        out += d[c >> 4];
        out += d[c & 15];
    }
    return out;
}

std::string lenBytes(uint64_t n) {
    std::string out;
    RdbWriter(out).len(n);
    return hex(out);
}

std::string strBytes(std::string_view s, bool compression = true) {
    std::string out;
    RdbWriter(out, compression).string(s);
    return hex(out);
}

// The serialized value of `key` in db 0.
std::string valueHex(test::Harness& h, std::string_view key) {
    const auto* e = h.engine.db(0).keys().find(key);
    REQUIRE(e != nullptr);
    return hex(rdbSerializeValue(e->value));
}

std::string readFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path = std::filesystem::temp_directory_path() /
               ("redsim-rdb-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    static int& counter() {
        static int n = 0;
        return n;
    }
};

}  // namespace

TEST_CASE("persist.crc64") {
    CHECK(crc64(0, std::string_view("123456789")) == 0xe9c6d914c4b8d9caull);
    CHECK(crc64(0, std::string_view("")) == 0);
    // Continuing a CRC over a split input gives the CRC of the whole (slicing-by-8 and
    // the byte loop agree at every split point).
    std::string data;
    for (int i = 0; i < 100; ++i) data += static_cast<char>(i * 37 + 11);
    const uint64_t whole = crc64(0, data);
    for (size_t cut = 0; cut <= data.size(); ++cut)
        CHECK(crc64(crc64(0, data.data(), cut), data.data() + cut, data.size() - cut) == whole);
}

TEST_CASE("persist.rdb_length_prefixes") {
    CHECK(lenBytes(0) == "00");
    CHECK(lenBytes(63) == "3f");
    CHECK(lenBytes(64) == "4040");
    CHECK(lenBytes(16383) == "7fff");
    CHECK(lenBytes(16384) == "8000004000");
    CHECK(lenBytes(UINT32_MAX) == "80ffffffff");
    CHECK(lenBytes(uint64_t(UINT32_MAX) + 1) == "810000000100000000");
    for (uint64_t n : {0ull, 63ull, 64ull, 16383ull, 16384ull, 4294967295ull, 4294967296ull})
        CHECK(lenBytes(n).size() / 2 == rdbLenSize(n));
}

TEST_CASE("persist.rdb_int_encodings") {
    CHECK(strBytes("12") == "c00c");
    CHECK(strBytes("-128") == "c080");
    CHECK(strBytes("128") == "c18000");
    CHECK(strBytes("-1234") == "c12efb");
    CHECK(strBytes("123456789") == "c215cd5b07");
    CHECK(strBytes("-2147483648") == "c200000080");
    // Not integers as Redis reads them back: stored as plain strings.
    CHECK(strBytes("2147483648") == "0a32313437343833363438");
    CHECK(strBytes("0123") == "0430313233");
    CHECK(strBytes("+1") == "022b31");
    CHECK(strBytes("-0") == "022d30");
    CHECK(strBytes("") == "00");
    for (std::string s : {"12", "-1234", "123456789", "2147483648", "0123", "hello"})
        CHECK(strBytes(s).size() / 2 == rdbStringLength(s));
}

TEST_CASE("persist.rdb_lzf_threshold") {
    // 20 bytes are never compressed; 21 compressible bytes are.
    CHECK(strBytes(std::string(20, 'a')) == "14" + hex(std::string(20, 'a')));
    CHECK(strBytes(std::string(21, 'a')).substr(0, 2) == "c3");
    CHECK(strBytes(std::string(40, 'a')) == "c30928016161e01b00016161");  // Redis's DUMP of the same
    // rdbcompression no: plain.
    CHECK(strBytes(std::string(40, 'a'), false) == "28" + hex(std::string(40, 'a')));
    // Incompressible: LZF must save 4 bytes or the string stays plain.
    std::string noise;
    for (int i = 0; i < 30; ++i) noise += static_cast<char>(33 + (i * 7919) % 90);
    CHECK(strBytes(noise) == "1e" + hex(noise));
    for (const std::string& s : {std::string(21, 'a'), std::string(1000, 'b'), noise})
        CHECK(strBytes(s).size() / 2 == rdbStringLength(s));
}

TEST_CASE("persist.rdb_values_match_redis_dump") {
    // Expected bytes: Redis 7.0.15's DUMP of the same commands, without the footer.
    test::Harness h;
    h.run({"RPUSH", "l", "a", "b", "12"});
    h.run({"HSET", "h", "f", "v", "n", "5"});
    h.run({"ZADD", "z", "1", "a", "2.5", "b"});
    h.run({"SADD", "s", "1", "2", "300"});
    h.run({"SET", "lz", std::string(40, 'a')});
    h.run({"XADD", "x", "1-1", "f", "v"});
    h.run({"XADD", "x", "2-0", "f", "w"});
    h.run({"ZADD", "zs", "1", "a", "2", "b"});
    h.run({"CONFIG", "SET", "zset-max-listpack-entries", "1"});
    h.run({"ZADD", "zs", "3", "c"});
    CHECK(valueHex(h, "l") == "1201020f0f00000003008161028162020c01ff");
    CHECK(valueHex(h, "h") == "1012120000000400816602817602816e020501ff");
    CHECK(valueHex(h, "z") == "1114140000000400816102010181620283322e3504ff");
    CHECK(valueHex(h, "s") == "0b0e0200000003000000010002002c01");
    CHECK(valueHex(h, "lz") == "00c30928016161e01b00016161");
    CHECK(valueHex(h, "x") ==
          "1301100000000000000001000000000000000129290000000f000201000101018166020001020100010001817602040102010101dfff"
          "028177020401ff020200010100000200");
    CHECK(valueHex(h, "zs") == "050301630000000000000840016200000000000000400161000000000000f03f");
}

TEST_CASE("persist.rdb_value_sizes_match_serializedlength") {
    // Every encoding: the writer's bytes for each value have the length Redis 7.0.15's
    // DEBUG OBJECT reports as serializedlength for the same commands.
    test::Harness h;
    h.run({"CONFIG", "SET", "list-compress-depth", "1"});
    h.run({"CONFIG", "SET", "list-max-listpack-size", "4"});
    h.run({"SET", "int", "123456"});
    h.run({"SET", "big", std::string(3000, 'q')});
    std::vector<std::string> args = {"RPUSH", "list"};
    for (int i = 0; i < 40; ++i) args.push_back("element-" + std::to_string(i) + std::string(20, 'y'));
    h.run(args);
    args = {"HSET", "hash"};
    for (int i = 0; i < 600; ++i) args.insert(args.end(), {"f" + std::to_string(i), std::string(i % 50, 'v')});
    h.run(args);
    args = {"SADD", "set"};
    for (int i = 0; i < 100; ++i) args.push_back("m" + std::to_string(i));
    h.run(args);
    args = {"ZADD", "zset"};
    for (int i = 0; i < 200; ++i) args.insert(args.end(), {std::to_string(i * 1.5), "m" + std::to_string(i)});
    h.run(args);
    for (int i = 1; i < 300; ++i) h.run({"XADD", "stream", std::to_string(i) + "-0", "f", std::to_string(i)});
    h.run({"XGROUP", "CREATE", "stream", "g", "0"});
    h.run({"XREADGROUP", "GROUP", "g", "c1", "COUNT", "5", "STREAMS", "stream", ">"});
    const std::map<std::string, size_t> redis = {{"int", 5},   {"big", 46},    {"list", 606},   {"hash", 9792},
                                                 {"set", 392}, {"zset", 2492}, {"stream", 2763}};
    int checked = 0;
    h.engine.db(0).keys().forEach([&](const auto& e) {
        CAPTURE(e.key);
        CHECK(rdbSerializeValue(e.value).size() == 1 + redis.at(e.key));
        CHECK(rdbObjectLength(e.value) == redis.at(e.key));
        ++checked;
    });
    CHECK(checked == 7);
}

TEST_CASE("persist.save_writes_the_file") {
    TempDir dir;
    test::Harness h;
    h.engine.config().values.dir = dir.path.string();
    h.run({"SET", "a", "1"});
    h.run({"SET", "t", "x"});
    h.run({"PEXPIRE", "t", "5000"});
    h.run({"SELECT", "3"});
    h.run({"RPUSH", "l", "x"});
    h.run({"SELECT", "0"});
    const int64_t start = h.run({"LASTSAVE"}).integer;
    h.engine.advanceTime(3000000);  // 3 s on the virtual clock
    CHECK(h.cli({"SAVE"}) == "OK");
    CHECK(h.run({"LASTSAVE"}).integer == start + 3);
    CHECK(h.engine.dirty == 0);
    const std::string data = readFile(dir.path / "dump.rdb");
    REQUIRE(data.size() > 20);
    CHECK(data.substr(0, 9) == "REDIS0010");
    CHECK(data.find("\xfa\x09redis-ver\x06"
                    "7.0.15") != std::string::npos);
    CHECK(data.find("\xfe\x00\xfb\x02\x01", 0, 5) != std::string::npos);  // db 0: 2 keys, 1 expire
    CHECK(data.find("\xfe\x03\xfb\x01\x00", 0, 5) != std::string::npos);  // db 3: 1 key
    CHECK(static_cast<uint8_t>(data[data.size() - 9]) == 0xFF);           // EOF
    uint64_t stored = 0;
    for (int i = 0; i < 8; ++i) stored |= uint64_t(static_cast<uint8_t>(data[data.size() - 8 + i])) << (8 * i);
    CHECK(stored == crc64(0, data.data(), data.size() - 8));
    // No temp file left behind.
    int files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path)) ++files;
    CHECK(files == 1);

    // A fixed engine clock gives the same file twice.
    CHECK(h.cli({"SAVE"}) == "OK");
    CHECK(readFile(dir.path / "dump.rdb") == data);

    // rdbchecksum no (startup only): eight zero bytes.
    h.engine.config().values.rdbchecksum = false;
    CHECK(h.cli({"SAVE"}) == "OK");
    const std::string plain = readFile(dir.path / "dump.rdb");
    CHECK(plain.substr(plain.size() - 8) == std::string(8, '\0'));
}

TEST_CASE("persist.save_lru_idle_and_lfu_freq") {
    TempDir dir;
    test::Harness h;
    h.engine.config().values.dir = dir.path.string();
    // noeviction (the default): neither opcode.
    h.run({"SET", "a", "x"});
    h.engine.advanceTime(100'000'000);
    CHECK(h.cli({"SAVE"}) == "OK");
    // RESIZEDB (1 key, 0 expires) then directly the type byte, key and value.
    CHECK(readFile(dir.path / "dump.rdb")
              .find(std::string("\xfb\x01\x00\x00\x01"
                                "a\x01x",
                                8)) != std::string::npos);
    // LRU: IDLE with the idle seconds (100, a 2-byte length 40 64) before the type byte.
    h.run({"CONFIG", "SET", "maxmemory-policy", "allkeys-lru"});
    CHECK(h.cli({"SAVE"}) == "OK");
    CHECK(readFile(dir.path / "dump.rdb")
              .find(std::string("\xf8\x40\x64\x00\x01"
                                "a\x01x",
                                8)) != std::string::npos);
    // LFU: FREQ with the decayed counter byte.
    h.run({"CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"});
    const auto* e = h.engine.db(0).keys().find("a");
    REQUIRE(e != nullptr);
    const char freq = static_cast<char>(h.engine.db(0).lfuDecrAndReturn(e->value));
    CHECK(h.cli({"SAVE"}) == "OK");
    CHECK(readFile(dir.path / "dump.rdb")
              .find(std::string("\xf9") + freq +
                    std::string("\x00\x01"
                                "a\x01x",
                                5)) != std::string::npos);
}

TEST_CASE("persist.save_errors_and_config") {
    test::Harness h;
    h.engine.config().values.dir = "/nonexistent-redsim-dir/x";
    CHECK(h.cli({"SAVE"}) == "(error) ERR");
    CHECK(h.run({"LASTSAVE"}).integer == h.engine.stats().start_time_ms / 1000);
    CHECK(h.cli({"SAVE", "x"}) == "(error) ERR wrong number of arguments for 'save' command");
    h.run({"MULTI"});
    CHECK(h.cli({"SAVE"}) == "(error) ERR Command not allowed inside a transaction");
    h.run({"DISCARD"});
    CHECK(h.cli({"CONFIG", "SET", "dir", "/tmp"}) ==
          "(error) ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config");
    CHECK(h.cli({"CONFIG", "SET", "dbfilename", "x.rdb"}) ==
          "(error) ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config");
    CHECK(h.cli({"CONFIG", "SET", "rdbchecksum", "no"}) ==
          "(error) ERR CONFIG SET failed (possibly related to argument 'rdbchecksum') - can't set immutable config");
    CHECK(h.cli({"CONFIG", "SET", "rdbcompression", "maybe"}) ==
          "(error) ERR CONFIG SET failed (possibly related to argument 'rdbcompression') - argument must be 'yes' or "
          "'no'");
    CHECK(h.cli({"CONFIG", "SET", "rdbcompression", "no"}) == "OK");
    CHECK(h.cli({"CONFIG", "GET", "dbfilename"}) == "1) \"dbfilename\"\n2) \"dump.rdb\"");
    CHECK(h.cli({"CONFIG", "GET", "rdbcompression"}) == "1) \"rdbcompression\"\n2) \"no\"");
    // Config files may set both; a path is no file name.
    CHECK_FALSE(h.engine.config().loadText("dbfilename other.rdb\ndir /tmp\n").has_value());
    CHECK(h.engine.config().values.dbfilename == "other.rdb");
    CHECK(h.engine.config().values.dir == "/tmp");
    CHECK(h.engine.config().loadText("dbfilename a/b.rdb\n").has_value());
    CHECK(h.engine.config().loadText("dir /nonexistent-redsim-dir\n").has_value());
}

}  // namespace redsim
