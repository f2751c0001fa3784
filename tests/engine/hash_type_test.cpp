// The hash type layer (engine/types/hash): accessors and the encoding rules, once per
// encoding, plus the listpack random-pair helpers.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/types/hash.h"

using namespace redsim;

namespace {

HashLimits limits(size_t entries, size_t value) {
    return HashLimits{.max_listpack_entries = entries, .max_listpack_value = value, .hash_seed = 7};
}

Object filled(size_t n, bool hashtable) {
    Object o = hashTypeCreate();
    for (size_t i = 0; i < n; ++i) hashTypeSet(o, "f" + std::to_string(i), std::to_string(i * 10), limits(1000, 64));
    if (hashtable) hashTypeConvert(o, 7);
    return o;
}

}  // namespace

TEST_SUITE("hash.type") {
    TEST_CASE("hash.type.accessors") {
        for (bool ht : {false, true}) {
            CAPTURE(ht);
            Object o = filled(5, ht);
            CHECK(o.encoding() == (ht ? Encoding::HashTable : Encoding::ListPack));
            CHECK(hashTypeLength(o) == 5);
            CHECK(hashTypeGet(o, "f3") == std::optional<std::string>("30"));
            CHECK_FALSE(hashTypeGet(o, "30"));  // a value is never taken for a field
            CHECK(hashTypeExists(o, "f0"));
            CHECK_FALSE(hashTypeExists(o, "nope"));
            CHECK(hashTypeValueLength(o, "f4") == 2);
            CHECK(hashTypeValueLength(o, "f0") == 1);
            CHECK(hashTypeValueLength(o, "nope") == 0);
            CHECK(hashTypeSet(o, "f1", "-12345", limits(1000, 64)));  // update
            CHECK(hashTypeValueLength(o, "f1") == 6);
            CHECK(hashTypeGet(o, "f1") == std::optional<std::string>("-12345"));
            CHECK_FALSE(hashTypeSet(o, "new", "v", limits(1000, 64)));
            CHECK(hashTypeLength(o) == 6);
            CHECK(hashTypeDelete(o, "f1"));
            CHECK_FALSE(hashTypeDelete(o, "f1"));
            CHECK(hashTypeLength(o) == 5);
            std::map<std::string, std::string> seen;
            hashTypeForEach(o, [&](std::string_view f, std::string_view v) { seen.emplace(f, v); });
            CHECK(seen == std::map<std::string, std::string>{
                              {"f0", "0"}, {"f2", "20"}, {"f3", "30"}, {"f4", "40"}, {"new", "v"}});
        }
    }

    TEST_CASE("hash.type.listpack_keeps_insertion_order") {
        Object o = hashTypeCreate();
        for (const char* f : {"z", "a", "m"}) hashTypeSet(o, f, "1", limits(10, 10));
        hashTypeSet(o, "a", "2", limits(10, 10));
        auto pairs = hashTypePairs(o);
        REQUIRE(pairs.size() == 3);
        CHECK(pairs[0].first == "z");
        CHECK(pairs[1] == std::pair<std::string, std::string>("a", "2"));
        CHECK(pairs[2].first == "m");
    }

    TEST_CASE("hash.type.conversion_thresholds") {
        SUBCASE("entries: converts on the insert that passes the limit") {
            Object o = hashTypeCreate();
            for (int i = 0; i < 4; ++i) hashTypeSet(o, std::to_string(i), "v", limits(4, 64));
            CHECK(o.encoding() == Encoding::ListPack);
            hashTypeSet(o, "3", "updated", limits(4, 64));  // update: no new entry
            CHECK(o.encoding() == Encoding::ListPack);
            hashTypeSet(o, "4", "v", limits(4, 64));
            CHECK(o.encoding() == Encoding::HashTable);
            CHECK(hashTypeLength(o) == 5);
            CHECK(hashTypeGet(o, "3") == std::optional<std::string>("updated"));
            hashTypeDelete(o, "4");  // never converts back
            CHECK(o.encoding() == Encoding::HashTable);
        }
        SUBCASE("value length: the limit itself is fine, one byte more converts") {
            Object o = hashTypeCreate();
            const std::vector<std::string> ok{"abcd", "1234"};
            hashTypeTryConversion(o, ok, limits(10, 4));
            CHECK(o.encoding() == Encoding::ListPack);
            const std::vector<std::string> bad{"f", "12345"};
            hashTypeTryConversion(o, bad, limits(10, 4));
            CHECK(o.encoding() == Encoding::HashTable);
        }
        SUBCASE("hashTypeSet checks its own field and value") {
            Object o = hashTypeCreate();
            hashTypeSet(o, "f", "9999", limits(10, 4));
            CHECK(o.encoding() == Encoding::ListPack);
            hashTypeSet(o, "f", "10000", limits(10, 4));
            CHECK(o.encoding() == Encoding::HashTable);
            CHECK(hashTypeGet(o, "f") == std::optional<std::string>("10000"));
        }
    }

    TEST_CASE("hash.type.hashtable_shrinks_after_deletes") {
        Object o = filled(200, true);
        for (int i = 0; i < 199; ++i) hashTypeDelete(o, "f" + std::to_string(i));
        CHECK(hashTypeLength(o) == 1);
        // A shrink is a rehash into a small table, done a bucket at a time.
        while (o.hashDict().rehash(100)) {
        }
        CHECK(o.hashDict().buckets() == 4);
    }

    TEST_CASE("hash.type.listpack_random_pairs") {
        Object o = filled(10, false);
        Rng rng(3);
        const auto& lp = o.listpack();
        for (int round = 0; round < 50; ++round) {
            auto one = listpackRandomPair(lp, rng);
            CHECK(hashTypeGet(o, one.first) == std::optional<std::string>(one.second));
            auto many = listpackRandomPairs(lp, 25, rng);
            CHECK(many.size() == 25);
            for (auto& [f, v] : many) CHECK(hashTypeGet(o, f) == std::optional<std::string>(v));
            const size_t want = static_cast<size_t>(round % 12);
            auto uniq = listpackRandomPairsUnique(lp, want, rng);
            CHECK(uniq.size() == std::min<size_t>(want, 10));
            std::set<std::string> distinct;
            size_t last = 0;
            for (auto& [f, v] : uniq) {
                CHECK(distinct.insert(f).second);
                CHECK(hashTypeGet(o, f) == std::optional<std::string>(v));
                const size_t idx = std::stoul(f.substr(1));
                if (distinct.size() > 1) CHECK(idx > last);  // listpack order
                last = idx;
            }
        }
    }
}
