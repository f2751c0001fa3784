// Listpack: exact bytes pinned against real Redis 7.0.15, every encoding boundary,
// lpStringToInt64's strictness, a long seeded model test against std::vector, and
// corrupt inputs (fromBytes must refuse them and never crash). No unseeded randomness.
#include "engine/ds/listpack.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rng.h"

using redsim::Listpack;
using redsim::Rng;

namespace {

// How the kRedis* bytes below were captured: redis-server 7.0.15 on a spare port with
// `CONFIG SET rdbcompression no`, `hash-max-listpack-entries 1000` and
// `hash-max-listpack-value 100000`; then `HSET h f0 <v0> f1 <v1> ...` (kRedisBasic:
// `HSET h a 1 b hello`) and `DUMP h`. A DUMP payload is the RDB type byte (16 = hash
// listpack), an RDB length-prefixed string holding the listpack verbatim, then the RDB
// version and a CRC64; the listpack is that string. Runs of 8 or more 'x' bytes are
// written {x*N}. The values for each hash are in the test that uses it.
constexpr const char* kRedisBasic = "16 00 00 00 04 00 81 61 02 01 01 81 62 02 85 68 65 6C 6C 6F 06 FF";
constexpr const char* kRedisInts =
    "C4 00 00 00 28 00 82 66 30 03 00 01 82 66 31 03 7F 01 82 66 32 03 C0 80 02 82 66 33 "
    "03 DF FF 02 82 66 34 03 CF FF 02 82 66 35 03 D0 00 02 82 66 36 03 F1 00 10 03 82 66 "
    "37 03 F1 FF EF 03 82 66 38 03 F1 FF 1F 03 82 66 39 03 F1 FF 7F 03 83 66 31 30 04 F1 "
    "00 80 03 83 66 31 31 04 F2 00 80 00 04 83 66 31 32 04 F2 FF FF 7F 04 83 66 31 33 04 "
    "F2 00 00 80 04 83 66 31 34 04 F3 00 00 80 00 05 83 66 31 35 04 F3 FF FF FF 7F 05 83 "
    "66 31 36 04 F3 00 00 00 80 05 83 66 31 37 04 F4 00 00 00 80 00 00 00 00 09 83 66 31 "
    "38 04 F4 FF FF FF FF FF FF FF 7F 09 83 66 31 39 04 F4 00 00 00 00 00 00 00 80 09 FF";
constexpr const char* kRedisStrings =
    "90 00 00 00 18 00 82 66 30 03 80 01 82 66 31 03 86 31 32 33 61 62 63 07 82 66 32 03 "
    "84 30 31 32 33 05 82 66 33 03 82 2D 30 03 82 66 34 03 93 39 32 32 33 33 37 32 30 33 "
    "36 38 35 34 37 37 35 38 30 38 14 82 66 35 03 94 2D 39 32 32 33 33 37 32 30 33 36 38 "
    "35 34 37 37 35 38 30 39 15 82 66 36 03 82 20 31 03 82 66 37 03 82 2B 31 03 82 66 38 "
    "03 82 31 20 03 82 66 39 03 82 30 30 03 83 66 31 30 04 81 2D 02 83 66 31 31 04 83 2D "
    "30 30 04 FF";
constexpr const char* kRedisLong =
    "B9 A1 00 00 10 00 82 66 30 03 BF {x*63} 40 82 66 31 03 E0 40 {x*64} 42 82 66 32 03 "
    "E0 7D {x*125} 7F 82 66 33 03 E0 7E {x*126} 01 80 82 66 34 03 EF FF {x*4095} 20 81 82 "
    "66 35 03 F0 00 10 00 00 {x*4096} 20 85 82 66 36 03 F0 F9 3F 00 00 {x*16377} 7F FE 82 "
    "66 37 03 F0 FA 3F 00 00 {x*16378} 00 FF FF FF";

// Hex bytes separated by spaces, with {x*N} standing for N 'x' bytes.
std::string unhex(std::string_view spec) {
    std::string out;
    size_t i = 0;
    while (i < spec.size()) {
        if (spec[i] == ' ') {
            ++i;
        } else if (spec[i] == '{') {
            const size_t close = spec.find('}', i);
            out.append(std::stoul(std::string(spec.substr(i + 3, close - i - 3))), 'x');
            i = close + 1;
        } else {
            out.push_back(static_cast<char>(std::stoul(std::string(spec.substr(i, 2)), nullptr, 16)));
            i += 2;
        }
    }
    return out;
}

// A hash as HSET builds it: f0, v0, f1, v1, ...
Listpack hashOf(const std::vector<std::string>& values) {
    Listpack lp;
    for (size_t i = 0; i < values.size(); ++i) {
        lp.append("f" + std::to_string(i));
        lp.append(values[i]);
    }
    return lp;
}

std::vector<std::string> contents(const Listpack& lp) {
    std::vector<std::string> out;
    for (size_t off = lp.first(); off != Listpack::npos; off = lp.next(off)) out.push_back(lp.get(off).toString());
    return out;
}

std::vector<std::string> contentsBackwards(const Listpack& lp) {
    std::vector<std::string> out;
    for (size_t off = lp.last(); off != Listpack::npos; off = lp.prev(off)) out.push_back(lp.get(off).toString());
    return {out.rbegin(), out.rend()};
}

bool deepValid(const Listpack& lp) { return Listpack::fromBytes(lp.bytes(), true).has_value(); }

// Index of the entry at byte offset `off`.
size_t indexOf(const Listpack& lp, size_t off) {
    size_t i = 0;
    for (size_t o = lp.first(); o != off; o = lp.next(o)) ++i;
    return i;
}

// A listpack using every encoding, for the corruption tests.
Listpack mixed() {
    Listpack lp = hashOf({"0", "127", "-1", "4095", "32767", "8388607", "2147483647", "-9223372036854775808", "",
                          "hello", "0123", std::string(64, 'y'), std::string(300, 'z')});
    lp.append(std::string(4100, 'q'));  // 32BIT_STR
    return lp;
}

// Random values that hit every encoding, canonical and non-canonical numbers.
std::string randomValue(Rng& rng) {
    switch (rng.below(10)) {
        case 0:
            return std::to_string(static_cast<long long>(rng.below(300)) - 150);
        case 1:
            return std::to_string(static_cast<long long>(rng.next()) >> rng.below(64));
        case 2:
            return std::to_string(static_cast<long long>(rng.below(1u << 25)) - (1 << 24));
        case 3: {
            const char* odd[] = {"-0", "00", "+1", " 7", "0123", "9223372036854775808", "-", "1e5"};
            return odd[rng.below(8)];
        }
        case 4: {
            std::string s(rng.below(70), '\0');
            for (char& c : s) c = static_cast<char>(rng.below(256));
            return s;
        }
        case 5:
            if (rng.below(20) == 0) return std::string(4090 + rng.below(12), 'L');
            [[fallthrough]];
        default: {
            std::string s(rng.below(8), '\0');
            for (char& c : s) c = static_cast<char>('a' + rng.below(4));
            return s;
        }
    }
}

}  // namespace

TEST_SUITE("listpack") {
    TEST_CASE("listpack.empty") {
        Listpack lp;
        CHECK(lp.bytes() == unhex("07 00 00 00 00 00 FF"));
        CHECK(lp.size() == 0);
        CHECK(lp.empty());
        CHECK(lp.first() == Listpack::npos);
        CHECK(lp.last() == Listpack::npos);
        CHECK(lp.seek(0) == Listpack::npos);
        CHECK(lp.seek(-1) == Listpack::npos);
        CHECK(lp.layout().empty());
        CHECK_FALSE(lp.find("a"));
        CHECK(deepValid(lp));
    }

    TEST_CASE("listpack.redis_bytes.basic") {
        Listpack lp;  // HSET h a 1 b hello
        for (const char* s : {"a", "1", "b", "hello"}) lp.append(s);
        CHECK(lp.bytes() == unhex(kRedisBasic));
        CHECK(contents(lp) == std::vector<std::string>{"a", "1", "b", "hello"});
    }

    TEST_CASE("listpack.redis_bytes.int_ranges") {
        const std::vector<std::string> values = {"0",
                                                 "127",
                                                 "128",
                                                 "-1",
                                                 "4095",
                                                 "-4096",
                                                 "4096",
                                                 "-4097",
                                                 "8191",
                                                 "32767",
                                                 "-32768",
                                                 "32768",
                                                 "8388607",
                                                 "-8388608",
                                                 "8388608",
                                                 "2147483647",
                                                 "-2147483648",
                                                 "2147483648",
                                                 "9223372036854775807",
                                                 "-9223372036854775808"};
        Listpack lp = hashOf(values);
        CHECK(lp.bytes() == unhex(kRedisInts));
        // Appending the numbers as integers gives the same bytes as appending text.
        Listpack as_ints;
        for (size_t i = 0; i < values.size(); ++i) {
            as_ints.append("f" + std::to_string(i));
            as_ints.append(std::stoll(values[i]));
        }
        CHECK(as_ints.bytes() == lp.bytes());
        for (size_t i = 0; i < values.size(); ++i) {
            const Listpack::Entry e = lp.at(2 * i + 1);
            CHECK(e.is_int);
            CHECK(e.ival == std::stoll(values[i]));
            CHECK(e.toString() == values[i]);
        }
    }

    TEST_CASE("listpack.redis_bytes.strings_that_are_not_ints") {
        const std::vector<std::string> values = {
            "",   "123abc", "0123", "-0", "9223372036854775808", "-9223372036854775809", " 1", "+1",
            "1 ", "00",     "-",    "-00"};
        Listpack lp = hashOf(values);
        CHECK(lp.bytes() == unhex(kRedisStrings));
        for (size_t i = 0; i < values.size(); ++i) {
            CHECK_FALSE(lp.at(2 * i + 1).is_int);
            CHECK(lp.at(2 * i + 1).sval == values[i]);
        }
    }

    TEST_CASE("listpack.redis_bytes.long_strings") {
        // 63/64: 6-bit vs 12-bit length; 125/126: backlen 1 vs 2 bytes; 4095/4096:
        // 12-bit vs 32-bit length; 16377/16378: entry of 16382 vs 16383 bytes, where
        // Redis's strict "< 16383" gives the latter a 3-byte backlen (00 FF FF).
        std::vector<std::string> values;
        for (size_t n : {63, 64, 125, 126, 4095, 4096, 16377, 16378}) values.push_back(std::string(n, 'x'));
        Listpack lp = hashOf(values);
        CHECK(lp.bytes() == unhex(kRedisLong));
        CHECK(contents(lp) == contentsBackwards(lp));
        CHECK(lp.layout().back().backlen_bytes == 3);
    }

    TEST_CASE("listpack.encoding.int_ranges") {
        struct Case {
            long long v;
            const char* enc;
            size_t total;
        };
        const long long i64min = std::numeric_limits<long long>::min();
        const long long i64max = std::numeric_limits<long long>::max();
        const Case cases[] = {
            {0, "7BIT_UINT", 2},       {127, "7BIT_UINT", 2},           {128, "13BIT_INT", 3},
            {-1, "13BIT_INT", 3},      {4095, "13BIT_INT", 3},          {-4096, "13BIT_INT", 3},
            {4096, "16BIT_INT", 4},    {-4097, "16BIT_INT", 4},         {32767, "16BIT_INT", 4},
            {-32768, "16BIT_INT", 4},  {32768, "24BIT_INT", 5},         {-8388608, "24BIT_INT", 5},
            {8388608, "32BIT_INT", 6}, {-2147483648LL, "32BIT_INT", 6}, {2147483648LL, "64BIT_INT", 10},
            {i64min, "64BIT_INT", 10}, {i64max, "64BIT_INT", 10}};
        for (const Case& c : cases) {
            CAPTURE(c.v);
            Listpack lp;
            lp.append(std::to_string(c.v));
            const auto rows = lp.layout();
            REQUIRE(rows.size() == 1);
            CHECK(rows[0].encoding == c.enc);
            CHECK(rows[0].offset == 6);
            CHECK(rows[0].encoding_bytes == 1);
            CHECK(rows[0].total() == c.total);
            CHECK(lp.byteSize() == 7 + c.total);
            CHECK(lp.at(0).is_int);
            CHECK(lp.at(0).ival == c.v);
        }
    }

    TEST_CASE("listpack.encoding.string_lengths_and_backlen") {
        struct Case {
            size_t len;
            const char* enc;
            size_t header, backlen;
        };
        // Backlen covers header+data: 2+125=127 -> 1 byte, 2+126=128 -> 2, 5+16377=16382
        // -> 2, 5+16378=16383 -> 3 (Redis quirk), 5+2097145=2097150 -> 3, 2097151 -> 4.
        const Case cases[] = {{0, "6BIT_STR", 1, 1},        {63, "6BIT_STR", 1, 1},      {64, "12BIT_STR", 2, 1},
                              {125, "12BIT_STR", 2, 1},     {126, "12BIT_STR", 2, 2},    {4095, "12BIT_STR", 2, 2},
                              {4096, "32BIT_STR", 5, 2},    {16377, "32BIT_STR", 5, 2},  {16378, "32BIT_STR", 5, 3},
                              {2097145, "32BIT_STR", 5, 3}, {2097146, "32BIT_STR", 5, 4}};
        for (const Case& c : cases) {
            CAPTURE(c.len);
            Listpack lp;
            lp.append("a");
            lp.append(std::string(c.len, 'x'));
            lp.append("b");
            const auto rows = lp.layout();
            REQUIRE(rows.size() == 3);
            CHECK(rows[1].encoding == c.enc);
            CHECK(rows[1].encoding_bytes == c.header);
            CHECK(rows[1].data_bytes == c.len);
            CHECK(rows[1].backlen_bytes == c.backlen);
            CHECK(rows[2].offset == rows[1].offset + rows[1].total());
            CHECK(lp.prev(rows[2].offset) == rows[1].offset);  // the backlen walks back right
            CHECK(lp.at(1).sval.size() == c.len);
            CHECK(deepValid(lp));
        }
    }

    TEST_CASE("listpack.parse_int.lpStringToInt64") {
        using P = std::optional<long long>;
        CHECK(Listpack::parseInt("0") == P{0});
        CHECK(Listpack::parseInt("-1") == P{-1});
        CHECK(Listpack::parseInt("9223372036854775807") == P{std::numeric_limits<long long>::max()});
        CHECK(Listpack::parseInt("-9223372036854775808") == P{std::numeric_limits<long long>::min()});
        for (const char* bad :
             {"", "-", "-0", "00", "01", "+1", " 1", "1 ", "1a", "0x10", "1e3", "1.0", "9223372036854775808",
              "-9223372036854775809", "18446744073709551616", "99999999999999999999", "123456789012345678901"}) {
            CAPTURE(bad);
            CHECK_FALSE(Listpack::parseInt(bad));
        }
        CHECK_FALSE(Listpack::parseInt(std::string_view("1\0", 2)));
    }

    TEST_CASE("listpack.iteration.both_ways_and_seek") {
        Listpack lp;
        const std::vector<std::string> v = {"a", "1", "-300", std::string(70, 'l'), "", "x"};
        for (const auto& s : v) lp.append(s);
        CHECK(contents(lp) == v);
        CHECK(contentsBackwards(lp) == v);
        for (long long i = 0; i < 6; ++i) {
            CHECK(lp.get(lp.seek(i)).toString() == v[i]);
            CHECK(lp.seek(i - 6) == lp.seek(i));
        }
        CHECK(lp.seek(6) == Listpack::npos);
        CHECK(lp.seek(-7) == Listpack::npos);
        CHECK(lp.next(lp.last()) == Listpack::npos);
        CHECK(lp.prev(lp.first()) == Listpack::npos);
    }

    TEST_CASE("listpack.mutation.by_offset") {
        Listpack lp;
        for (const char* s : {"k1", "v1", "k2", "v2", "k3", "v3"}) lp.append(s);
        size_t off = *lp.find("k2", 1);
        off = lp.replaceAt(lp.next(off), 42);
        CHECK(lp.get(off).ival == 42);
        off = lp.eraseAt(lp.seek(0), 2);  // HDEL k1: field and value
        CHECK(lp.get(off).toString() == "k2");
        CHECK(lp.eraseAt(lp.seek(2), 10) == Listpack::npos);  // past the end: clamps
        CHECK(contents(lp) == std::vector<std::string>{"k2", "42"});
        CHECK(lp.size() == 2);
        lp.insertAt(lp.endOffset(), "tail");
        lp.insertAt(lp.first(), "head");
        lp.prepend(-5);
        lp.insert(1, 9);
        lp.replace(0, "z");
        CHECK(contents(lp) == std::vector<std::string>{"z", "9", "head", "k2", "42", "tail"});
        lp.erase(1, 4);
        CHECK(contents(lp) == std::vector<std::string>{"z", "tail"});
        CHECK(deepValid(lp));
    }

    TEST_CASE("listpack.find.skip_and_int_matching") {
        Listpack lp;  // a hash: fields at even indexes
        for (const char* s : {"a", "b", "b", "123", "123", "c"}) lp.append(s);
        CHECK(indexOf(lp, *lp.find("b")) == 1);
        CHECK(indexOf(lp, *lp.find("b", 1)) == 2);  // values are skipped
        CHECK(indexOf(lp, *lp.find("123", 1)) == 4);
        CHECK(indexOf(lp, *lp.find("123")) == 3);
        CHECK_FALSE(lp.find("0123"));  // stored as int 123: not equal
        CHECK_FALSE(lp.find("c", 1));
        CHECK(indexOf(lp, *lp.findFrom(lp.seek(2), "c")) == 5);
        CHECK(lp.equals(lp.seek(3), "123"));
        CHECK_FALSE(lp.equals(lp.seek(3), "+123"));
    }

    TEST_CASE("listpack.layout.matches_bytes") {
        Listpack lp;
        for (const char* s : {"a", "1", "b", "hello"}) lp.append(s);
        const auto rows = lp.layout();
        REQUIRE(rows.size() == 4);
        CHECK(rows[0].offset == 6);
        CHECK(rows[0].encoding == "6BIT_STR");
        CHECK(rows[1].encoding == "7BIT_UINT");
        CHECK(rows[1].data_bytes == 0);
        CHECK(rows[3].data_bytes == 5);
        size_t end = 6;
        for (const auto& r : rows) {
            CHECK(r.offset == end);
            end += r.total();
        }
        CHECK(end == lp.endOffset());
    }

    TEST_CASE("listpack.count.saturates_at_65535") {
        // Checked against Redis 7.0.15: a hash of 35000 fields (70000 entries) has header
        // count FF FF; after HDEL down to 32500 fields the header reads E8 FD (65000),
        // because HDEL asks for the length and lpLength writes the recount back.
        Listpack lp;
        for (int i = 0; i < 70000; ++i) lp.append(i % 2 ? "1" : "k");
        CHECK(lp.headerCount() == 65535);
        CHECK(lp.size() == 70000);
        CHECK(lp.seek(69999) == lp.last());
        CHECK(deepValid(lp));
        lp.erase(0, 2);
        CHECK(lp.headerCount() == 65535);  // 69998 still does not fit
        lp.erase(0, 4998);
        CHECK(lp.headerCount() == 65000);
        CHECK(lp.bytes().substr(4, 2) == unhex("E8 FD"));
        lp.append("x");
        CHECK(lp.size() == 65001);
        CHECK(deepValid(lp));
    }

    TEST_CASE("listpack.safe_to_add") {
        CHECK(Listpack::safeToAdd(7, 1000));
        CHECK(Listpack::safeToAdd(1u << 29, 1u << 29));
        CHECK_FALSE(Listpack::safeToAdd(1u << 29, (1u << 29) + 1));
    }

    TEST_CASE("listpack.model.random_ops_vs_vector") {
        Rng rng(20240607);
        Listpack lp;
        std::vector<std::string> model;
        for (int step = 0; step < 100000; ++step) {
            const size_t n = model.size();
            const uint64_t op = n > 200 ? 40 + rng.below(60) : rng.below(100);
            std::string v = randomValue(rng);
            const auto as_int = Listpack::parseInt(v);
            const bool use_int = as_int && rng.below(2) == 0;
            if (op < 15) {  // append
                use_int ? lp.append(*as_int) : lp.append(v);
                model.push_back(v);
            } else if (op < 25) {  // prepend
                use_int ? lp.prepend(*as_int) : lp.prepend(v);
                model.insert(model.begin(), v);
            } else if (op < 40) {  // insert
                const size_t i = rng.below(n + 1);
                use_int ? lp.insert(i, *as_int) : lp.insert(i, v);
                model.insert(model.begin() + static_cast<long>(i), v);
            } else if (op < 50 && n > 0) {  // replace
                const size_t i = rng.below(n);
                use_int ? lp.replace(i, *as_int) : lp.replace(i, v);
                model[i] = v;
            } else if (op < 70 && n > 0) {  // erase 1..3, maybe running off the end
                const size_t i = rng.below(n);
                const size_t c = 1 + rng.below(3);
                lp.erase(i, c);
                model.erase(model.begin() + static_cast<long>(i),
                            model.begin() + static_cast<long>(std::min(n, i + c)));
            } else if (op < 80 && n > 0) {  // at, positive and negative
                const size_t i = rng.below(n);
                REQUIRE(lp.at(i).toString() == model[i]);
                REQUIRE(lp.get(lp.seek(static_cast<long long>(i) - static_cast<long long>(n))).toString() == model[i]);
            } else if (op < 92) {  // find, with skip 0 or 1
                const std::string s = (n > 0 && rng.below(2)) ? model[rng.below(n)] : v;
                const size_t skip = rng.below(2);
                size_t want = n;
                for (size_t i = 0; i < n; i += skip + 1) {
                    if (model[i] == s) {
                        want = i;
                        break;
                    }
                }
                const auto got = lp.find(s, skip);
                REQUIRE(got.has_value() == (want != n));
                if (got) REQUIRE(indexOf(lp, *got) == want);
            } else if (op < 96) {
                REQUIRE(contents(lp) == model);
            } else {
                REQUIRE(contentsBackwards(lp) == model);
            }
            REQUIRE(lp.size() == model.size());
            REQUIRE(lp.headerCount() == model.size());
            if (step % 3 == 0) REQUIRE(deepValid(lp));
            if (step % 1000 == 0) REQUIRE(contents(lp) == model);
        }
        CHECK(contents(lp) == model);
    }

    TEST_CASE("listpack.corrupt.each_kind_is_refused") {
        const std::string good = mixed().bytes();
        REQUIRE(Listpack::fromBytes(good, true));
        auto refused = [](std::string b, bool deep) { return !Listpack::fromBytes(std::move(b), deep); };
        auto setTotal = [](std::string& b) {
            for (int i = 0; i < 4; ++i) b[i] = static_cast<char>(b.size() >> (8 * i));
        };
        SUBCASE("too short for header and terminator") {
            CHECK(refused("", false));
            CHECK(refused(unhex("06 00 00 00 00 00"), false));
        }
        SUBCASE("truncated, header left alone") {
            for (size_t n = 0; n < good.size(); ++n) CHECK(refused(good.substr(0, n), false));
        }
        SUBCASE("truncated, header total and terminator patched") {
            for (size_t n = 7; n < good.size(); ++n) {
                std::string b = good.substr(0, n);
                b.back() = static_cast<char>(0xFF);
                setTotal(b);
                CHECK(Listpack::fromBytes(b, false));  // shallow cannot tell
                CHECK(refused(b, true));
            }
        }
        SUBCASE("bad terminator") {
            std::string b = good;
            b.back() = static_cast<char>(0xFE);
            CHECK(refused(b, false));
        }
        SUBCASE("header total bytes off by one") {
            std::string b = good;
            b[0] = static_cast<char>(b[0] + 1);
            CHECK(refused(b, false));
            b[0] = static_cast<char>(b[0] - 2);
            CHECK(refused(b, false));
        }
        SUBCASE("backlen mismatch") {
            std::string b = good;
            b[9] = static_cast<char>(b[9] + 1);  // "f0" is 82 66 30 03: the 03
            CHECK(Listpack::fromBytes(b, false));
            CHECK(refused(b, true));
        }
        SUBCASE("entry count wrong, or unknown") {
            std::string b = good;
            b[4] = static_cast<char>(b[4] + 1);
            CHECK(refused(b, true));
            b[4] = b[5] = static_cast<char>(0xFF);  // 65535: "count unknown" is fine
            auto lp = Listpack::fromBytes(b, true);
            REQUIRE(lp);
            CHECK(lp->size() == mixed().size());
        }
        SUBCASE("invalid encoding byte") {
            std::string b = good;
            b[6] = static_cast<char>(0xF5);
            CHECK(refused(b, true));
        }
        SUBCASE("terminator byte inside the body") {
            std::string b = good;
            b[6] = static_cast<char>(0xFF);
            CHECK(refused(b, true));
        }
        SUBCASE("string length running past the end") {
            std::string b = good;
            b[6] = static_cast<char>(0xBF);  // "f0" claims 63 bytes
            CHECK(refused(b, true));
        }
    }

    TEST_CASE("listpack.corrupt.fuzz_never_crashes") {
        Rng rng(777);
        std::vector<std::string> pool = {mixed().bytes(), unhex(kRedisBasic), unhex(kRedisInts), unhex(kRedisStrings),
                                         Listpack().bytes()};
        int accepted = 0;
        for (int iter = 0; iter < 20000; ++iter) {
            std::string b = pool[rng.below(pool.size())];
            const int mutations = 1 + static_cast<int>(rng.below(4));
            for (int m = 0; m < mutations && !b.empty(); ++m) {
                const size_t at = rng.below(b.size());
                switch (rng.below(5)) {
                    case 0:
                        b[at] = static_cast<char>(rng.below(256));
                        break;
                    case 1:
                        b[at] = static_cast<char>(b[at] ^ (1 << rng.below(8)));
                        break;
                    case 2:
                        b.erase(at, 1 + rng.below(8));
                        break;
                    case 3:
                        b.insert(at, std::string(1 + rng.below(8), static_cast<char>(rng.below(256))));
                        break;
                    default:
                        b.resize(at);
                        break;
                }
            }
            if (iter % 4 == 0) {  // pure garbage inside a well-formed frame
                b.assign(7 + rng.below(60), '\0');
                for (char& c : b) c = static_cast<char>(rng.below(256));
            }
            if (rng.below(2) && b.size() >= 7) {  // fix the frame so the deep walk runs
                for (int i = 0; i < 4; ++i) b[i] = static_cast<char>(b.size() >> (8 * i));
                b.back() = static_cast<char>(0xFF);
            }
            (void)Listpack::fromBytes(b, false);
            auto lp = Listpack::fromBytes(b, true);
            if (!lp) continue;
            ++accepted;  // whatever deep validation accepts must be safe to use fully
            const auto fwd = contents(*lp);
            REQUIRE(fwd == contentsBackwards(*lp));
            REQUIRE(fwd.size() == lp->size());
            REQUIRE(lp->layout().size() == fwd.size());
            if (!fwd.empty()) {
                REQUIRE(lp->find(fwd.back()).has_value());
                lp->erase(0);
                lp->append("more");
                REQUIRE(deepValid(*lp));
            }
        }
        CHECK(accepted > 500);  // the fuzz does reach the walking code
    }
}
