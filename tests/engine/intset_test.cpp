// Intset: exact bytes pinned from a real Redis 7.0.15 DUMP, a seeded model test
// against std::set, and validation/fuzzing of untrusted blobs. No unseeded randomness.
#include "engine/ds/intset.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "engine/rng.h"

using redsim::Intset;
using redsim::Rng;

namespace {

std::string fromHex(std::string_view hex) {
    std::string out;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
        out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    }
    return out;
}

// A DUMP payload of an intset-encoded set is: RDB type 11 (RDB_TYPE_SET_INTSET), the
// blob as an RDB string (for blobs under 64 bytes, one length byte 00xxxxxx), then the
// RDB version (2 bytes, 10 = 0x000a) and a CRC64 (8 bytes). Returns the blob.
std::string blobFromDump(std::string_view dump_hex) {
    const std::string dump = fromHex(dump_hex);
    REQUIRE(dump.size() > 12);
    REQUIRE(static_cast<unsigned char>(dump[0]) == 11);
    const auto len = static_cast<unsigned char>(dump[1]);
    REQUIRE(len < 64);  // 6-bit length encoding
    REQUIRE(dump.size() == 2 + len + 10);
    REQUIRE(dump.substr(2 + len, 2) == std::string("\x0a\x00", 2));
    return dump.substr(2, len);
}

Intset make(std::initializer_list<std::initializer_list<int64_t>> batches) {
    Intset s;
    for (auto batch : batches) {
        for (int64_t v : batch) s.add(v);
    }
    return s;
}

std::vector<int64_t> members(const Intset& s) { return std::vector<int64_t>(s.begin(), s.end()); }

}  // namespace

TEST_SUITE("intset") {
    // Each payload is `redis-cli --raw DUMP k` from redis-server 7.0.15 with
    // rdbcompression no, after the SADD/SREM calls shown (one call per inner list).
    TEST_CASE("intset.bytes.match_redis_dump") {
        struct Case {
            const char* what;
            Intset built;
            const char* dump_hex;
        };
        const int64_t kMin = std::numeric_limits<int64_t>::min();
        const int64_t kMax = std::numeric_limits<int64_t>::max();
        Intset removed = make({{1, 70000}});
        removed.remove(70000);  // SREM s 70000: the int32 encoding stays
        const std::vector<Case> cases = {
            {"SADD a 1 2 3", make({{1, 2, 3}}), "0b0e02000000030000000100020003000a00a5025ce26d6e4d1b"},
            {"SADD b -5 100 -32768 32767", make({{-5, 100, -32768, 32767}}),
             "0b1002000000040000000080fbff6400ff7f0a0030eaa9316b1d9740"},
            {"SADD c 1 70000 -70000", make({{1, 70000, -70000}}),
             "0b14040000000300000090eefeff01000000701101000a0059e54d711e7bff74"},
            {"SADD d 1 5000000000 -5000000000 INT64_MIN INT64_MAX", make({{1, 5000000000, -5000000000, kMin, kMax}}),
             "0b3008000000050000000000000000000080000efad5feffffff010000000000000000f2052a01000000ffffffffffffff7f0a000"
             "9"
             "1537572116af71"},
            {"SADD e 5 3; SADD e 100000; SADD e -3000000000", make({{5, 3}, {100000}, {-3000000000}}),
             "0b28080000000400000000a22f4dffffffff03000000000000000500000000000000a0860100000000000a00b1e52bdfe88232a"
             "f"},
            {"SADD f 1 70000; SREM f 70000", removed, "0b0c0400000001000000010000000a00ca59bf87762d2635"},
            {"SADD g -1 -2; SADD g -40000", make({{-1, -2}, {-40000}}),
             "0b140400000003000000c063fffffeffffffffffffff0a00d205b8407d34c1b5"},
        };
        for (const Case& c : cases) {
            INFO(c.what);
            const std::string blob = blobFromDump(c.dump_hex);
            CHECK(c.built.bytes() == blob);
            CHECK(c.built.blobLen() == blob.size());
            auto loaded = Intset::fromBytes(blob, true);
            REQUIRE(loaded);
            CHECK(*loaded == c.built);
            CHECK(members(*loaded) == members(c.built));
        }
    }

    TEST_CASE("intset.encoding.value_widths") {
        CHECK(Intset::valueEncoding(-32768) == 2);
        CHECK(Intset::valueEncoding(32767) == 2);
        CHECK(Intset::valueEncoding(-32769) == 4);
        CHECK(Intset::valueEncoding(32768) == 4);
        CHECK(Intset::valueEncoding(INT32_MIN) == 4);
        CHECK(Intset::valueEncoding(INT32_MAX) == 4);
        CHECK(Intset::valueEncoding(int64_t{INT32_MIN} - 1) == 8);
        CHECK(Intset::valueEncoding(int64_t{INT32_MAX} + 1) == 8);
        CHECK(Intset::valueEncoding(INT64_MIN) == 8);
        CHECK(Intset::valueEncoding(INT64_MAX) == 8);
    }

    TEST_CASE("intset.basic.add_remove_search") {
        Intset s;
        CHECK(s.empty());
        CHECK(s.bytes() == std::string("\x02\0\0\0\0\0\0\0", 8));  // intsetNew
        CHECK(s.lowerBound(7) == 0);
        CHECK_FALSE(s.contains(0));
        CHECK_FALSE(s.remove(0));
        CHECK(s.add(5));
        CHECK(s.add(6));
        CHECK(s.add(4));
        CHECK_FALSE(s.add(4));
        CHECK(members(s) == std::vector<int64_t>{4, 5, 6});
        CHECK(s.min() == 4);
        CHECK(s.max() == 6);
        CHECK(s.search(5) == 1u);
        CHECK(s.search(7) == std::nullopt);
        CHECK(s.search(1 << 20) == std::nullopt);  // wider than the encoding
        CHECK(s.lowerBound(3) == 0);
        CHECK(s.lowerBound(5) == 1);
        CHECK(s.lowerBound(100) == 3);
        CHECK(s.lowerBound(-100000) == 0);
        CHECK(s.lowerBound(100000) == 3);
        CHECK_FALSE(s.contains(int64_t{1} << 40));
        CHECK_FALSE(s.remove(int64_t{1} << 40));
        CHECK(s.remove(5));
        CHECK(members(s) == std::vector<int64_t>{4, 6});
        CHECK(s.remove(4));
        CHECK(s.remove(6));
        CHECK(s.empty());
        CHECK(s.blobLen() == 8);
    }

    TEST_CASE("intset.upgrade.prepends_negatives_appends_positives") {
        Intset s = make({{32}});
        CHECK(s.encodingBytes() == 2);
        s.add(65535);
        CHECK(s.encodingBytes() == 4);
        CHECK(members(s) == std::vector<int64_t>{32, 65535});
        s.add(-4294967295);
        CHECK(s.encodingBytes() == 8);
        CHECK(members(s) == std::vector<int64_t>{-4294967295, 32, 65535});
        CHECK(s.blobLen() == 8 + 3 * 8);
        // Never downgrades.
        s.remove(-4294967295);
        s.remove(65535);
        CHECK(s.encodingBytes() == 8);
        CHECK(members(s) == std::vector<int64_t>{32});
        CHECK(Intset::validate(s.bytes(), true));
    }

    TEST_CASE("intset.model.random_ops_vs_std_set") {
        Rng rng(20240611);
        Intset s;
        std::set<int64_t> model;
        auto value = [&rng]() -> int64_t {
            switch (rng.below(6)) {
                case 0:
                    return static_cast<int64_t>(rng.below(200)) - 100;  // dense: collisions
                case 1:
                    return static_cast<int64_t>(rng.below(65536)) - 32768;
                case 2:
                    return static_cast<int64_t>(rng.below(1ULL << 32)) - (int64_t{1} << 31);
                case 3:
                    return static_cast<int64_t>(rng.next());
                case 4:
                    return rng.below(2) ? INT64_MIN + static_cast<int64_t>(rng.below(3))
                                        : INT64_MAX - static_cast<int64_t>(rng.below(3));
                default:
                    return static_cast<int64_t>(rng.below(40000)) - 20000;  // near the int16 edges
            }
        };
        auto check_all = [&] {
            REQUIRE(s.size() == model.size());
            REQUIRE(members(s) == std::vector<int64_t>(model.begin(), model.end()));
            if (!model.empty()) {
                REQUIRE(Intset::validate(s.bytes(), true));
                CHECK(s.min() == *model.begin());
                CHECK(s.max() == *model.rbegin());
            }
            uint32_t need = 2;
            for (int64_t v : model) need = std::max(need, Intset::valueEncoding(v));
            REQUIRE(s.encodingBytes() >= need);  // never narrower than needed
            REQUIRE(s.blobLen() == 8 + s.size() * s.encodingBytes());
        };
        int upgrades = 0;
        for (int step = 0; step < 100000; ++step) {
            // Start over now and then so the upgrade path runs many times.
            if (rng.below(3000) == 0) {
                s = Intset();
                model.clear();
            }
            const int64_t v = value();
            const uint64_t op = rng.below(10);
            if (op < 5) {
                const uint32_t before = s.encodingBytes();
                CHECK(s.add(v) == model.insert(v).second);
                if (s.encodingBytes() != before) ++upgrades;
            } else if (op < 8) {
                // Remove something that is there half the time.
                int64_t target = v;
                if (!model.empty() && rng.below(2) == 0) target = s.at(rng.below(s.size()));
                CHECK(s.remove(target) == (model.erase(target) == 1));
            } else if (op == 8) {
                CHECK(s.contains(v) == (model.count(v) == 1));
                const auto pos = s.search(v);
                const size_t lb = static_cast<size_t>(std::distance(model.begin(), model.lower_bound(v)));
                CHECK(s.lowerBound(v) == lb);
                if (model.count(v)) {
                    REQUIRE(pos);
                    CHECK(*pos == lb);
                } else {
                    CHECK_FALSE(pos);
                }
            } else if (!model.empty()) {
                const size_t i = rng.below(s.size());
                CHECK(model.count(s.at(i)) == 1);
                CHECK(model.count(s.random(rng)) == 1);
            }
            if (step % 500 == 0) check_all();
        }
        check_all();
        CHECK(upgrades > 20);
    }

    TEST_CASE("intset.random.uniform_and_deterministic") {
        Intset s = make({{10, 20, 30, 40}});
        Rng a(7), b(7);
        std::vector<int> hits(4);
        for (int i = 0; i < 40000; ++i) {
            const int64_t v = s.random(a);
            CHECK(v == s.random(b));
            ++hits[static_cast<size_t>(v / 10 - 1)];
        }
        for (int h : hits) CHECK((h > 9000 && h < 11000));
    }

    TEST_CASE("intset.validate.redis_rules") {
        const std::string good = make({{1, 2, 3}}).bytes();
        CHECK(Intset::validate(good, true));
        CHECK_FALSE(Intset::validate(good.substr(0, 7), false));                // no full header
        CHECK_FALSE(Intset::validate(good.substr(0, good.size() - 1), false));  // length mismatch
        CHECK_FALSE(Intset::validate(good + std::string(2, '\0'), false));
        CHECK_FALSE(Intset::validate(std::string("\x02\0\0\0\0\0\0\0", 8), false));  // empty
        std::string bad_enc = good;
        bad_enc[0] = 3;
        CHECK_FALSE(Intset::validate(bad_enc, false));
        bad_enc[0] = 2;
        bad_enc[1] = 1;  // encoding 258
        CHECK_FALSE(Intset::validate(bad_enc, false));
        std::string huge = good;
        huge[7] = '\xff';  // length 0xff000003: does not overflow into a match
        CHECK_FALSE(Intset::validate(huge, false));
        // 3, 1: accepted by the shallow check only.
        const std::string unsorted = fromHex(
            "02000000020000000300"
            "0100");
        CHECK(Intset::validate(unsorted, false));
        CHECK_FALSE(Intset::validate(unsorted, true));
        const std::string dup = fromHex(
            "02000000020000000100"
            "0100");
        CHECK_FALSE(Intset::validate(dup, true));
        // A wide encoding holding small values is valid (Redis never downgrades).
        const std::string wide = fromHex(
            "080000000100000005000000"
            "00000000");
        auto w = Intset::fromBytes(wide, true);
        REQUIRE(w);
        CHECK(w->encodingBytes() == 8);
        CHECK(w->contains(5));
        CHECK_FALSE(Intset::fromBytes(unsorted, true));
        auto shallow = Intset::fromBytes(unsorted, false);
        REQUIRE(shallow);
        CHECK(shallow->size() == 2);
    }

    TEST_CASE("intset.fuzz.corrupt_blobs_never_crash") {
        Rng rng(99);
        std::vector<std::string> seeds;
        seeds.push_back(make({{1, 2, 3}}).bytes());
        seeds.push_back(make({{-70000, 5, 70000}}).bytes());
        seeds.push_back(make({{INT64_MIN, 0, INT64_MAX}}).bytes());
        int accepted = 0;
        for (int iter = 0; iter < 20000; ++iter) {
            std::string blob = seeds[rng.below(seeds.size())];
            switch (rng.below(4)) {
                case 0:  // flip bytes
                    for (uint64_t k = 1 + rng.below(3); k > 0; --k) {
                        blob[rng.below(blob.size())] = static_cast<char>(rng.below(256));
                    }
                    break;
                case 1:
                    blob.resize(rng.below(blob.size() + 8));
                    break;  // truncate or pad
                case 2:     // garbage
                    blob.assign(rng.below(40), '\0');
                    for (char& c : blob) c = static_cast<char>(rng.below(256));
                    break;
                default:  // plausible header, random members
                    blob[0] = static_cast<char>(2 << rng.below(3));
                    for (size_t i = 8; i < blob.size(); ++i) blob[i] = static_cast<char>(rng.below(256));
                    break;
            }
            const bool deep = rng.below(2) == 0;
            auto s = Intset::fromBytes(blob, deep);
            if (!s) continue;
            ++accepted;
            // Whatever was accepted can be used without reading out of bounds.
            std::vector<int64_t> vs = members(*s);
            REQUIRE(vs.size() == s->size());
            if (deep) {
                for (size_t i = 1; i < vs.size(); ++i) REQUIRE(vs[i - 1] < vs[i]);
            }
            for (int64_t v : vs) {
                s->contains(v);
                s->search(v);
            }
            s->random(rng);
            s->add(static_cast<int64_t>(rng.next()));
            s->remove(vs.front());
            s->add(vs.back());
            REQUIRE(s->blobLen() == 8 + s->size() * s->encodingBytes());
        }
        CHECK(accepted > 100);
    }
}
