// Dict: checked against std::unordered_map over long seeded random sequences, plus
// the growth thresholds, the SCAN guarantee under growth/shrink/rehash, random picks
// and iteration. No unseeded randomness: every Rng has a fixed seed.
#include "engine/ds/dict.h"

#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/rng.h"

using redsim::Dict;
using redsim::Rng;

namespace {

using IntDict = Dict<int>;

std::string key(uint64_t i) { return "key:" + std::to_string(i); }

// Fails the test with the broken invariant's name.
void requireInvariants(const IntDict& d) {
    std::string why;
    const bool ok = d.checkInvariants(&why);
    INFO("broken: " << why);
    REQUIRE(ok);
}

// Runs a whole scan; `between` runs after every call that did not finish.
// Returns how many times each key was seen.
template <class Between>
std::map<std::string, int> fullScan(IntDict& d, Between between) {
    std::map<std::string, int> seen;
    uint64_t cursor = 0;
    int calls = 0;
    do {
        cursor = d.scan(cursor, [&](const IntDict::Entry& e) { ++seen[e.key]; });
        REQUIRE(++calls < 10'000'000);
        if (cursor != 0) between();
    } while (cursor != 0);
    return seen;
}

void finishRehash(IntDict& d) {
    while (d.rehash(1000)) {
    }
}

}  // namespace

TEST_SUITE("dict") {
    TEST_CASE("dict.basic.insert_find_erase") {
        IntDict d(42);
        CHECK(d.empty());
        CHECK(d.find("a") == nullptr);
        CHECK_FALSE(d.erase("a"));
        auto [e, inserted] = d.insert("a", 1);
        CHECK(inserted);
        CHECK(e->key == "a");
        CHECK(e->value == 1);
        auto [e2, inserted2] = d.insert("a", 2);
        CHECK_FALSE(inserted2);
        CHECK(e2 == e);
        CHECK(e2->value == 1);  // value untouched on duplicate insert
        CHECK(d.size() == 1);
        CHECK(d.find("a") == e);
        const IntDict& cd = d;
        CHECK(cd.find("a") == e);
        CHECK(d.take("a") == std::optional<int>(1));
        CHECK(d.take("a") == std::nullopt);
        CHECK(d.empty());
        // Binary-safe keys.
        d.insert(std::string("x\0y", 3), 7);
        CHECK(d.find(std::string_view("x\0y", 3)) != nullptr);
        CHECK(d.find("x") == nullptr);
    }

    TEST_CASE("dict.basic.move_only_values") {
        Dict<std::unique_ptr<std::string>> d(1);
        for (int i = 0; i < 100; ++i) d.insert(key(i), std::make_unique<std::string>(key(i)));
        auto v = d.take(key(7));
        REQUIRE(v.has_value());
        CHECK(**v == key(7));
        CHECK(d.size() == 99);
        CHECK(*d.find(key(8))->value == key(8));
    }

    TEST_CASE("dict.model.random_ops_vs_unordered_map") {
        for (uint64_t seed : {1u, 2u, 3u}) {
            Rng rng(seed);
            IntDict d(seed * 7919);
            std::unordered_map<std::string, int> ref;
            int paused = 0;
            int ops_while_rehashing = 0;
            int shrinks = 0;
            const int kOps = seed == 1 ? 200'000 : 60'000;
            for (int op = 0; op < kOps; ++op) {
                // Phases of 25k ops: inserts draw from 3000 keys (grow), then from 100
                // while removals keep drawing from all 3000 (shrink).
                const uint64_t pool = op % 50'000 < 25'000 ? 3000 : 100;
                const uint64_t r = rng.below(1000);
                const bool removal = (r >= 400 && r < 650) || (r >= 850 && r < 950);
                const std::string k = key(rng.below(removal ? 3000 : pool));
                if (r < 400) {
                    const int v = static_cast<int>(rng.below(1'000'000));
                    auto [e, ins] = d.insert(k, v);
                    auto [it, rins] = ref.emplace(k, v);
                    REQUIRE(ins == rins);
                    REQUIRE(e->value == it->second);
                } else if (r < 650) {
                    REQUIRE(d.erase(k) == (ref.erase(k) == 1));
                } else if (r < 850) {
                    auto* e = d.find(k);
                    auto it = ref.find(k);
                    REQUIRE((e != nullptr) == (it != ref.end()));
                    if (e != nullptr) REQUIRE(e->value == it->second);
                } else if (r < 950) {
                    auto v = d.take(k);
                    auto it = ref.find(k);
                    REQUIRE(v.has_value() == (it != ref.end()));
                    if (v) {
                        REQUIRE(*v == it->second);
                        ref.erase(it);
                    }
                } else if (r < 980) {
                    d.rehash(static_cast<int>(1 + rng.below(3)));
                } else if (r < 990) {
                    if (d.needsShrink() && d.shrinkToFit()) ++shrinks;
                } else if (r < 995) {
                    d.rehashBatches(1);
                } else if (r < 997) {
                    d.setResizeAllowed(rng.below(4) != 0);
                } else if (r < 999) {
                    if (paused > 0 && rng.below(2) == 0) {
                        d.resumeRehash();
                        --paused;
                    } else if (paused < 3) {
                        d.pauseRehash();
                        ++paused;
                    }
                } else if (rng.below(20) == 0) {
                    d.clear();  // also forgets pauses, as dictEmpty
                    ref.clear();
                    paused = 0;
                }
                REQUIRE(d.size() == ref.size());
                if (d.isRehashing()) ++ops_while_rehashing;
                if (op % 997 == 0) requireInvariants(d);
                if (op % 9973 == 0) {
                    size_t n = 0;
                    d.forEach([&](IntDict::Entry& e) {
                        ++n;
                        auto it = ref.find(e.key);
                        REQUIRE(it != ref.end());
                        REQUIRE(it->second == e.value);
                    });
                    REQUIRE(n == ref.size());
                }
            }
            // The sequence really exercised both tables and both directions.
            CHECK(ops_while_rehashing > kOps / 100);
            CHECK(shrinks > 0);
            while (paused-- > 0) d.resumeRehash();
            requireInvariants(d);
            for (const auto& [k, v] : ref) REQUIRE(d.find(k)->value == v);
        }
    }

    TEST_CASE("dict.growth.thresholds") {
        IntDict d(5);
        CHECK(d.table(0).size == 0);  // nothing allocated before the first insert
        for (uint64_t n = 1; n <= 1000; ++n) {
            const size_t before = d.table(0).size;
            d.insert(key(n), 0);
            // Growth starts exactly when the insert finds used == size.
            if (n == 1) {
                CHECK(d.table(0).size == 4);
                CHECK_FALSE(d.isRehashing());
            } else if (n - 1 == before) {
                REQUIRE(d.isRehashing());
                CHECK(d.table(1).size == 2 * before);
                CHECK(d.rehashIndex() == 0);
                CHECK(d.table(1).used == 1);  // the new key went to the new table
            } else {
                CHECK_FALSE(d.isRehashing());
            }
            finishRehash(d);
            size_t expect = 4;
            while (expect < n) expect *= 2;
            REQUIRE(d.table(0).size == expect);
            CHECK(d.table(1).size == 0);
            CHECK(d.rehashIndex() == -1);
        }
    }

    TEST_CASE("dict.rehash.incremental") {
        IntDict d(9);
        for (uint64_t i = 0; i < 64; ++i) d.insert(key(i), static_cast<int>(i));
        finishRehash(d);
        REQUIRE(d.table(0).size == 64);
        d.insert(key(64), 64);  // used 64 == size 64 -> grow to 128
        REQUIRE(d.isRehashing());
        CHECK(d.table(1).size == 128);
        long last = d.rehashIndex();
        bool saw_both_used = false;
        int steps = 0;
        while (d.isRehashing()) {
            const auto t0 = d.table(0);
            const auto t1 = d.table(1);
            if (t0.used > 0 && t1.used > 0) saw_both_used = true;
            CHECK(t0.used + t1.used == 65);
            // Every table-0 bucket below rehashidx is empty.
            for (long b = 0; b < d.rehashIndex(); ++b) REQUIRE(t0.chain_lengths[b] == 0);
            d.rehash(1);
            ++steps;
            if (d.isRehashing()) {
                CHECK(d.rehashIndex() > last);
                last = d.rehashIndex();
            }
            requireInvariants(d);
            const IntDict& cd = d;  // the const find does no rehash step
            for (uint64_t i = 0; i <= 64; ++i) REQUIRE(cd.find(key(i)) != nullptr);
        }
        CHECK(saw_both_used);
        CHECK(steps > 1);
        CHECK(d.table(0).size == 128);
        CHECK(d.table(0).used == 65);
        // Empty-bucket budget: rehash(1) on a sparse table visits at most 10 empties.
        IntDict s(3);
        s.insert("only", 1);
        s.expand(1024);  // 4 -> 1024 buckets
        finishRehash(s);
        REQUIRE(s.table(0).size == 1024);
        s.setResizeAllowed(true);
        REQUIRE(s.shrinkToFit());  // 1024 -> 4, one entry somewhere in 1024 buckets
        REQUIRE(s.isRehashing());
        const long b = static_cast<long>(s.bucketOf("only", 0));
        long prev = 0;
        while (s.rehash(1)) {
            CHECK(s.rehashIndex() - prev == 10);
            prev = s.rehashIndex();
        }
        CHECK(prev <= b);
        CHECK(s.find("only")->value == 1);
    }

    TEST_CASE("dict.rehash.paused_operations_do_no_step") {
        IntDict d(11);
        for (uint64_t i = 0; i < 16; ++i) d.insert(key(i), 0);
        finishRehash(d);
        d.insert(key(16), 0);
        REQUIRE(d.isRehashing());
        d.pauseRehash();
        const long idx = d.rehashIndex();
        for (uint64_t i = 0; i < 50; ++i) d.find(key(i));
        d.erase(key(3));
        d.insert(key(100), 0);
        Rng rng(1);
        d.randomEntry(rng);
        CHECK(d.rehashBatches(10) == 0);
        CHECK(d.rehashIndex() == idx);
        d.resumeRehash();
        d.find(key(1));
        CHECK(d.rehashIndex() != idx);
        CHECK(d.rehashBatches(10) == 1);  // one batch of 100 buckets drains a 16-bucket table 0
        CHECK_FALSE(d.isRehashing());
        CHECK(d.rehashBatches(10) == 0);
    }

    TEST_CASE("dict.growth.resize_avoided_until_ratio_5") {
        IntDict d(13);
        d.setResizeAllowed(false);
        for (uint64_t n = 1; n <= 24; ++n) {
            d.insert(key(n), 0);
            REQUIRE(d.table(0).size == 4);
            REQUIRE_FALSE(d.isRehashing());
        }
        // 25th insert sees used 24: 24/4 = 6 > 5 -> forced growth to 32 (>= 25).
        d.insert(key(25), 0);
        REQUIRE(d.isRehashing());
        CHECK(d.table(1).size == 32);
        finishRehash(d);
        CHECK_FALSE(d.shrinkToFit());  // refused while resizing is avoided
        d.setResizeAllowed(true);
        for (uint64_t n = 26; n <= 32; ++n) d.insert(key(n), 0);
        CHECK_FALSE(d.isRehashing());
        d.insert(key(33), 0);
        CHECK(d.isRehashing());
    }

    TEST_CASE("dict.shrink.needs_shrink_and_shrink_to_fit") {
        IntDict d(17);
        CHECK_FALSE(d.needsShrink());
        CHECK(d.shrinkToFit());  // nothing allocated yet: like dictResize, allocates 4
        CHECK(d.table(0).size == 4);
        CHECK_FALSE(d.isRehashing());
        for (uint64_t i = 0; i < 100; ++i) d.insert(key(i), 0);
        finishRehash(d);
        REQUIRE(d.table(0).size == 128);
        CHECK_FALSE(d.needsShrink());
        for (uint64_t i = 0; i < 87; ++i) d.erase(key(i));  // 13 left: 13*100/128 = 10
        finishRehash(d);
        CHECK_FALSE(d.needsShrink());
        d.erase(key(87));  // 12 left: 12*100/128 = 9 < 10
        CHECK(d.needsShrink());
        CHECK(d.table(0).size == 128);  // deletes never shrink by themselves
        REQUIRE(d.shrinkToFit());       // -> next power of two >= 12
        CHECK(d.isRehashing());
        CHECK(d.table(1).size == 16);
        CHECK_FALSE(d.shrinkToFit());  // refused while rehashing
        finishRehash(d);
        CHECK(d.table(0).size == 16);
        CHECK_FALSE(d.needsShrink());
        CHECK_FALSE(d.shrinkToFit());  // already the right size
        requireInvariants(d);
        for (uint64_t i = 88; i < 100; ++i) CHECK(d.find(key(i)) != nullptr);
        // Down to the minimum of 4.
        for (uint64_t i = 88; i < 100; ++i) d.erase(key(i));
        CHECK(d.needsShrink());  // 0 used of 16
        REQUIRE(d.shrinkToFit());
        finishRehash(d);
        CHECK(d.table(0).size == 4);
        CHECK_FALSE(d.needsShrink());  // 4 buckets is never "too big"
    }

    TEST_CASE("dict.expand.contract") {
        IntDict d(19);
        CHECK(d.expand(5));  // first allocation: 8 buckets, no rehash
        CHECK(d.table(0).size == 8);
        CHECK_FALSE(d.isRehashing());
        CHECK_FALSE(d.expand(7));  // same size
        for (uint64_t i = 0; i < 6; ++i) d.insert(key(i), 0);
        CHECK_FALSE(d.expand(3));  // smaller than used
        CHECK(d.expand(100));
        CHECK(d.table(1).size == 128);
        CHECK_FALSE(d.expand(1000));  // already rehashing
        d.clear();
        CHECK(d.table(0).size == 0);
        CHECK(d.rehashIndex() == -1);
        d.insert("a", 1);
        CHECK(d.table(0).size == 4);
    }

    TEST_CASE("dict.chain.new_entries_at_head") {
        struct SameHash {
            uint64_t seed;
            uint64_t operator()(std::string_view) const { return 7; }
        };
        Dict<int, SameHash> d;
        d.insert("a", 1);
        d.insert("b", 2);
        d.insert("c", 3);
        std::vector<std::string> order;
        d.forEach([&](auto& e) { order.push_back(e.key); });
        CHECK(order == std::vector<std::string>{"c", "b", "a"});
        const auto t = d.table(0);
        CHECK(t.chain_lengths[7 & 3] == 3);
        CHECK(d.bucketOf("zzz", 0) == 3);
        CHECK(d.erase("b"));
        CHECK(d.find("a")->value == 1);
        CHECK(d.find("c")->value == 3);
    }

    TEST_CASE("dict.scan.stable_table_each_key_once") {
        for (uint64_t seed = 1; seed <= 20; ++seed) {
            IntDict d(seed);
            const uint64_t n = seed * 37;
            for (uint64_t i = 0; i < n; ++i) d.insert(key(i), 0);
            finishRehash(d);
            auto seen = fullScan(d, [] {});
            REQUIRE(seen.size() == n);
            for (const auto& [k, c] : seen) REQUIRE(c == 1);
        }
        IntDict e;
        CHECK(e.scan(0, [](const IntDict::Entry&) { FAIL("called on empty"); }) == 0);
    }

    TEST_CASE("dict.scan.cursor_order_is_reverse_binary") {
        IntDict d(1);
        for (uint64_t i = 0; i < 6; ++i) d.insert(key(i), 0);
        finishRehash(d);
        REQUIRE(d.table(0).size == 8);
        std::vector<uint64_t> cursors;
        uint64_t c = 0;
        do {
            c = d.scan(c, [](const IntDict::Entry&) {});
            cursors.push_back(c);
        } while (c != 0);
        CHECK(cursors == std::vector<uint64_t>{4, 2, 6, 1, 5, 3, 7, 0});
    }

    TEST_CASE("dict.scan.rehashing_call_visits_all_expansions") {
        // Tables of 8 and 32 buckets, either direction. One call at cursor c visits
        // bucket c&7 of the small table and buckets c&7 + {0,8,16,24} of the large
        // one, i.e. exactly the keys whose hash has low bits c&7; then it returns the
        // next small-table cursor (0 -> 4 -> 2 -> 6 -> ...), as Redis 7.0's dictScan.
        for (bool growing : {true, false}) {
            IntDict d(29);
            const uint64_t n = growing ? 8 : 100;
            for (uint64_t i = 0; i < n; ++i) d.insert(key(i), 0);
            finishRehash(d);
            if (growing) {
                REQUIRE(d.table(0).size == 8);
                REQUIRE(d.expand(32));
            } else {
                for (uint64_t i = 5; i < n; ++i) d.erase(key(i));
                REQUIRE(d.expand(32));  // 128 -> 32 ...
                finishRehash(d);
                REQUIRE(d.shrinkToFit());  // ... -> 8
            }
            d.rehash(1);
            REQUIRE(d.isRehashing());
            const std::vector<uint64_t> order{0, 4, 2, 6, 1, 5, 3, 7};
            for (size_t step = 0; step < order.size(); ++step) {
                const uint64_t c = order[step];
                std::set<std::string> got, want;
                const uint64_t next = d.scan(c, [&](const IntDict::Entry& e) { got.insert(e.key); });
                CHECK(next == (step + 1 < order.size() ? order[step + 1] : 0));
                d.forEach([&](IntDict::Entry& e) {
                    if ((d.hashOf(e.key) & 7) == c) want.insert(e.key);
                });
                CHECK(got == want);
            }
            CHECK(d.isRehashing());  // scan itself never rehashes
        }
    }

    TEST_CASE("dict.scan.guarantee_while_growing") {
        for (uint64_t seed = 1; seed <= 40; ++seed) {
            Rng rng(seed);
            IntDict d(seed * 31);
            const uint64_t initial = 5 + rng.below(200);
            for (uint64_t i = 0; i < initial; ++i) d.insert(key(i), 0);
            if (seed % 2 == 0) finishRehash(d);
            uint64_t next = initial;
            // Bounded growth: a table that grows without end could outrun the cursor.
            const uint64_t last = initial * 8 + 300;
            auto seen = fullScan(d, [&] {
                const uint64_t adds = rng.below(40);
                for (uint64_t j = 0; j < adds && next < last; ++j) d.insert(key(next++), 0);
                if (rng.below(3) == 0) d.rehash(static_cast<int>(rng.below(4)));
            });
            INFO("seed " << seed << " initial " << initial << " final " << d.size());
            CHECK(d.table(0).size > 8);  // it really grew
            for (uint64_t i = 0; i < initial; ++i) REQUIRE(seen.count(key(i)) == 1);
            requireInvariants(d);
        }
    }

    TEST_CASE("dict.scan.guarantee_while_shrinking") {
        for (uint64_t seed = 1; seed <= 40; ++seed) {
            Rng rng(seed + 1000);
            IntDict d(seed * 17);
            const uint64_t total = 200 + rng.below(2000);
            for (uint64_t i = 0; i < total; ++i) d.insert(key(i), 0);
            finishRehash(d);
            // Keys with i % 16 == 0 stay for the whole scan; the rest are erased, which
            // leaves under 10% of the buckets used, so the table must shrink.
            std::vector<uint64_t> doomed;
            for (uint64_t i = 0; i < total; ++i)
                if (i % 16 != 0) doomed.push_back(i);
            size_t shrinks = 0;
            auto seen = fullScan(d, [&] {
                for (int j = 0; j < 60 && !doomed.empty(); ++j) {
                    const size_t pick = rng.below(doomed.size());
                    d.erase(key(doomed[pick]));
                    doomed[pick] = doomed.back();
                    doomed.pop_back();
                }
                if (d.needsShrink() && d.shrinkToFit()) ++shrinks;
                if (rng.below(2) == 0) d.rehash(static_cast<int>(1 + rng.below(3)));
            });
            INFO("seed " << seed << " total " << total);
            CHECK(shrinks > 0);
            for (uint64_t i = 0; i < total; i += 16) REQUIRE(seen.count(key(i)) == 1);
            requireInvariants(d);
        }
    }

    TEST_CASE("dict.scan.guarantee_during_rehash") {
        for (uint64_t seed = 1; seed <= 40; ++seed) {
            Rng rng(seed + 5000);
            const bool shrinking = seed % 2 == 0;
            IntDict d(seed);
            const uint64_t n = 400 + rng.below(3000);
            for (uint64_t i = 0; i < n; ++i) d.insert(key(i), 0);
            finishRehash(d);
            if (shrinking) {
                for (uint64_t i = n / 20; i < n; ++i) d.erase(key(i));
                REQUIRE(d.shrinkToFit());
            } else {
                REQUIRE(d.expand(d.table(0).size * 4));
            }
            d.rehash(static_cast<int>(rng.below(3)));
            REQUIRE(d.isRehashing());
            std::set<std::string> present;
            d.forEach([&](IntDict::Entry& e) { present.insert(e.key); });
            // (1) The rehash stays in progress for the whole scan.
            auto seen = fullScan(d, [&] { REQUIRE(d.isRehashing()); });
            CHECK(d.isRehashing());
            for (const auto& k : present) REQUIRE(seen.count(k) == 1);
            // (2) The rehash advances between calls (and may finish mid-scan).
            seen = fullScan(d, [&] { d.rehash(1); });
            for (const auto& k : present) REQUIRE(seen.count(k) == 1);
        }
    }

    TEST_CASE("dict.random.entries_exist_deterministic_and_cover") {
        auto build = [](IntDict& d, bool rehashing) {
            for (uint64_t i = 0; i < 50; ++i) d.insert(key(i), static_cast<int>(i));
            finishRehash(d);
            if (rehashing) REQUIRE(d.expand(512));
        };
        for (bool rehashing : {false, true}) {
            IntDict a(77), b(77);
            build(a, rehashing);
            build(b, rehashing);
            Rng ra(123), rb(123);
            const IntDict& ca = a;  // checks use the const find: no rehash step on a only
            std::set<std::string> seen_random, seen_fair, seen_sample;
            std::vector<IntDict::Entry*> sa, sb;
            for (int i = 0; i < 5000; ++i) {
                IntDict::Entry* x = a.randomEntry(ra);
                IntDict::Entry* y = b.randomEntry(rb);
                REQUIRE(x != nullptr);
                REQUIRE(x->key == y->key);  // same seed, same picks
                REQUIRE(ca.find(x->key) == x);
                seen_random.insert(x->key);
                x = a.fairRandomEntry(ra);
                y = b.fairRandomEntry(rb);
                REQUIRE(x->key == y->key);
                REQUIRE(ca.find(x->key) == x);
                seen_fair.insert(x->key);
                const size_t want = 1 + i % 20;
                const size_t got = a.sampleEntries(ra, want, sa);
                REQUIRE(got == b.sampleEntries(rb, want, sb));
                REQUIRE(got <= want);
                REQUIRE(got == sa.size());
                for (size_t j = 0; j < got; ++j) {
                    REQUIRE(sa[j]->key == sb[j]->key);
                    REQUIRE(ca.find(sa[j]->key) == sa[j]);
                    seen_sample.insert(sa[j]->key);
                }
            }
            CHECK(seen_random.size() == 50);
            CHECK(seen_fair.size() == 50);
            CHECK(seen_sample.size() == 50);
        }
        IntDict e;
        Rng r(1);
        std::vector<IntDict::Entry*> out{nullptr};
        CHECK(e.randomEntry(r) == nullptr);
        CHECK(e.fairRandomEntry(r) == nullptr);
        CHECK(e.sampleEntries(r, 5, out) == 0);
        CHECK(out.empty());
    }

    TEST_CASE("dict.random.sample_all_of_a_dense_table") {
        IntDict d(3);
        for (uint64_t i = 0; i < 8; ++i) d.insert(key(i), 0);
        finishRehash(d);
        Rng rng(9);
        std::vector<IntDict::Entry*> out;
        // Asking for more than size() is clamped to size().
        CHECK(d.sampleEntries(rng, 100, out) <= 8);
        for (auto* e : out) CHECK(d.find(e->key) == e);
    }

    TEST_CASE("dict.foreach.each_entry_once") {
        for (bool rehashing : {false, true}) {
            IntDict d(23);
            for (uint64_t i = 0; i < 1000; ++i) d.insert(key(i), static_cast<int>(i));
            if (!rehashing) finishRehash(d);
            if (rehashing && !d.isRehashing()) REQUIRE(d.expand(4096));
            REQUIRE(d.isRehashing() == rehashing);
            const long idx = d.rehashIndex();
            std::map<std::string, int> count;
            d.forEach([&](IntDict::Entry& e) {
                ++count[e.key];
                d.find(e.key);  // lookups inside are fine: rehashing is paused
                e.value += 1;   // values may change
            });
            CHECK(d.rehashIndex() == idx);
            CHECK(count.size() == 1000);
            for (const auto& [k, c] : count) REQUIRE(c == 1);
            const IntDict& cd = d;
            size_t n = 0;
            cd.forEach([&](const IntDict::Entry& e) {
                ++n;
                CHECK(e.value == std::stoi(e.key.substr(4)) + 1);
            });
            CHECK(n == 1000);
        }
    }

    TEST_CASE("dict.move.and_inspection") {
        IntDict a(99);
        for (uint64_t i = 0; i < 20; ++i) a.insert(key(i), static_cast<int>(i));
        IntDict b(std::move(a));
        CHECK(b.size() == 20);
        CHECK(a.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
        a.insert("again", 1);
        CHECK(a.size() == 1);
        a = std::move(b);
        CHECK(a.size() == 20);
        CHECK(a.hashOf("x") == IntDict(99).hashOf("x"));
        CHECK(a.hashOf("x") != IntDict(100).hashOf("x"));
        finishRehash(a);
        const auto t = a.table(0);
        size_t total = 0;
        for (uint32_t len : t.chain_lengths) total += len;
        CHECK(total == 20);
        CHECK(t.used == 20);
        CHECK(t.chain_lengths.size() == t.size);
        for (uint64_t i = 0; i < 20; ++i) CHECK(a.bucketOf(key(i), 0) < t.size);
        CHECK(a.bucketOf("x", 1) == 0);  // table 1 unused
        requireInvariants(a);
    }
}
