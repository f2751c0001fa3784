// The sorted set type layer (engine/types/zset): add/score/rank/remove, cursors and
// range deletes on both encodings against a std::set model, plus Redis's listpack score
// storage rules.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/types/zset.h"

using namespace redsim;

namespace {

using Model = std::set<std::pair<double, std::string>>;

Engine makeEngine(long long entries, long long value) {
    EngineOptions o{.seed = 7, .virtual_clock = true};
    o.config.values.zset_max_listpack_entries = entries;
    o.config.values.zset_max_listpack_value = value;
    return Engine(o);
}

std::vector<std::pair<std::string, double>> contents(const Object& z, bool reverse = false) {
    std::vector<std::pair<std::string, double>> out;
    for (auto c = zset::Cursor::atRank(z, 0, reverse); c.valid(); c.next()) out.emplace_back(c.member(), c.score());
    return out;
}

void checkAgainst(const Object& z, const Model& m) {
    std::vector<std::pair<std::string, double>> want;
    for (const auto& [s, mem] : m) want.emplace_back(mem, s);
    REQUIRE(zset::length(z) == m.size());
    REQUIRE(contents(z) == want);
    std::reverse(want.begin(), want.end());
    REQUIRE(contents(z, true) == want);
    if (z.encoding() == Encoding::SkipList) {
        std::string why;
        REQUIRE_MESSAGE(z.zsetIndex().zsl.checkInvariants(&why), why);
        REQUIRE(z.zsetIndex().dict.size() == m.size());
        for (const auto& [s, mem] : m) REQUIRE(*zset::score(z, mem) == s);
    }
}

}  // namespace

TEST_SUITE("zset") {
    TEST_CASE("zset.type.score_storage") {
        long long ll = 0;
        CHECK(zset::scoreAsInteger(3.0, ll));
        CHECK(ll == 3);
        CHECK(zset::scoreAsInteger(-0.0, ll));
        CHECK(ll == 0);
        CHECK_FALSE(zset::scoreAsInteger(1.5, ll));
        CHECK_FALSE(zset::scoreAsInteger(1e300, ll));
        CHECK(zset::scoreText(1.5) == "1.5");
        CHECK(zset::scoreText(-0.0) == "-0");
        CHECK(zset::scoreText(1e20) == "1e+20");
        CHECK(zset::scoreText(-HUGE_VAL) == "-inf");
        CHECK(zset::scoreText(0.1) == "0.10000000000000001");
    }

    TEST_CASE("zset.type.parse_score_range") {
        auto r = zset::parseScoreRange("(1.5", "+inf");
        REQUIRE(r);
        CHECK(r->minex);
        CHECK(r->min == 1.5);
        CHECK_FALSE(r->maxex);
        CHECK(std::isinf(r->max));
        CHECK(zset::parseScoreRange("", "(")->max == 0);  // strtod accepts the empty string
        CHECK(zset::parseScoreRange(" 1", "2"));
        CHECK_FALSE(zset::parseScoreRange("nan", "1"));
        CHECK_FALSE(zset::parseScoreRange("1", "x"));
        CHECK_FALSE(zset::parseScoreRange("((1", "2"));
    }

    TEST_CASE("zset.type.create_rule") {
        Engine e = makeEngine(4, 8);
        CHECK(zset::create(e, 4, 8).encoding() == Encoding::ListPack);
        CHECK(zset::create(e, 5, 8).encoding() == Encoding::SkipList);
        CHECK(zset::create(e, 1, 9).encoding() == Encoding::SkipList);
        CHECK(zset::createSkiplist(e, 0).encoding() == Encoding::SkipList);
        Engine zero = makeEngine(0, 8);
        CHECK(zset::create(zero, 0, 0).encoding() == Encoding::ListPack);
        CHECK(zset::create(zero, 1, 0).encoding() == Encoding::SkipList);
    }

    TEST_CASE("zset.type.convert_before_insert") {
        Engine e = makeEngine(3, 4);
        Object z = zset::create(e, 1, 1);
        unsigned out = 0;
        for (const char* m : {"a", "b", "c"}) zset::add(e, z, 1, m, zset::kAddNone, out);
        CHECK(z.encoding() == Encoding::ListPack);
        zset::add(e, z, 1, "c", zset::kAddNone, out);  // an update never converts
        CHECK(z.encoding() == Encoding::ListPack);
        zset::add(e, z, 1, "d", zset::kAddNone, out);
        CHECK(z.encoding() == Encoding::SkipList);
        CHECK(out == zset::kOutAdded);

        Object w = zset::create(e, 1, 1);
        zset::add(e, w, 1, "abcd", zset::kAddNone, out);
        CHECK(w.encoding() == Encoding::ListPack);
        zset::add(e, w, 1, "abcde", zset::kAddNone, out);
        CHECK(w.encoding() == Encoding::SkipList);
        zset::remove(w, "abcde");
        zset::convertToListpackIfNeeded(e, w, 4, 4);
        CHECK(w.encoding() == Encoding::ListPack);
        CHECK(contents(w) == std::vector<std::pair<std::string, double>>{{"abcd", 1}});
    }

    TEST_CASE("zset.type.add_flags") {
        for (long long entries : {128LL, 0LL}) {
            CAPTURE(entries);
            Engine e = makeEngine(entries, 64);
            Object z = zset::create(e, 1, 1);
            unsigned out = 0;
            double ns = 0;
            CHECK(zset::add(e, z, 5, "m", zset::kAddNone, out, &ns));
            CHECK(out == zset::kOutAdded);
            CHECK(zset::add(e, z, 7, "m", zset::kAddNX, out, &ns));
            CHECK(out == zset::kOutNop);
            CHECK(zset::add(e, z, 7, "n", zset::kAddXX, out, &ns));
            CHECK(out == zset::kOutNop);
            CHECK(zset::add(e, z, 4, "m", zset::kAddGT, out, &ns));
            CHECK(out == zset::kOutNop);
            CHECK(zset::add(e, z, 6, "m", zset::kAddGT, out, &ns));
            CHECK(out == zset::kOutUpdated);
            CHECK(ns == 6);
            CHECK(zset::add(e, z, 6, "m", zset::kAddNone, out, &ns));
            CHECK(out == 0);
            CHECK(zset::add(e, z, -1, "m", zset::kAddIncr | zset::kAddLT, out, &ns));
            CHECK(out == zset::kOutUpdated);
            CHECK(ns == 5);
            CHECK(zset::add(e, z, HUGE_VAL, "m", zset::kAddNone, out, &ns));
            CHECK_FALSE(zset::add(e, z, -HUGE_VAL, "m", zset::kAddIncr, out, &ns));
            CHECK(out == zset::kOutNaN);
            CHECK(*zset::score(z, "m") == HUGE_VAL);
            CHECK_FALSE(zset::add(e, z, NAN, "x", zset::kAddNone, out, &ns));
            CHECK(zset::length(z) == 1);
        }
    }

    TEST_CASE("zset.type.model") {
        for (long long entries : {128LL, 16LL, 0LL}) {
            CAPTURE(entries);
            Engine e = makeEngine(entries, 64);
            Rng rng(entries + 1);
            Object z = zset::create(e, 0, 0);
            Model m;
            std::map<std::string, double> scores;
            for (int step = 0; step < 3000; ++step) {
                const std::string mem =
                    rng.below(5) == 0 ? std::to_string(rng.below(40)) : "m" + std::to_string(rng.below(40));
                const double s =
                    static_cast<double>(static_cast<long long>(rng.below(20)) - 10) / (rng.below(2) ? 1 : 4);
                const uint64_t op = rng.below(10);
                if (op < 5) {
                    unsigned out = 0;
                    zset::add(e, z, s, mem, zset::kAddNone, out);
                    if (scores.count(mem)) m.erase({scores[mem], mem});
                    scores[mem] = s;
                    m.insert({s, mem});
                } else if (op < 7) {
                    CHECK(zset::remove(z, mem) == (scores.count(mem) == 1));
                    if (scores.count(mem)) {
                        m.erase({scores[mem], mem});
                        scores.erase(mem);
                    }
                } else if (op == 7 && !m.empty()) {
                    ScoreRange r{.min = s, .max = s + 3, .minex = rng.below(2) == 0, .maxex = rng.below(2) == 0};
                    size_t n = 0;
                    for (auto it = m.begin(); it != m.end();) {
                        if (r.gteMin(it->first) && r.lteMax(it->first)) {
                            scores.erase(it->second);
                            it = m.erase(it);
                            ++n;
                        } else {
                            ++it;
                        }
                    }
                    CHECK(zset::deleteRangeByScore(z, r) == n);
                } else if (op == 8 && m.size() > 3) {
                    const size_t a = rng.below(m.size());
                    const size_t b = std::min(m.size() - 1, a + rng.below(3));
                    CHECK(zset::deleteRangeByRank(z, a, b) == b - a + 1);
                    auto it = std::next(m.begin(), static_cast<long>(a));
                    for (size_t i = a; i <= b; ++i) {
                        scores.erase(it->second);
                        it = m.erase(it);
                    }
                } else if (!m.empty()) {
                    // rank and score range cursors
                    auto it = std::next(m.begin(), static_cast<long>(rng.below(m.size())));
                    const size_t r = static_cast<size_t>(std::distance(m.begin(), it));
                    CHECK(zset::rank(z, it->second, false) == r);
                    CHECK(zset::rank(z, it->second, true) == m.size() - 1 - r);
                    ScoreRange sr{.min = s, .max = s + 2, .minex = true};
                    auto c = zset::Cursor::inScoreRange(z, sr, false);
                    auto want = std::find_if(m.begin(), m.end(), [&](auto& p) { return sr.gteMin(p.first); });
                    if (want != m.end() && sr.lteMax(want->first)) {
                        REQUIRE(c.valid());
                        CHECK(c.member() == want->second);
                    } else {
                        CHECK_FALSE(c.valid());
                    }
                }
                checkAgainst(z, m);
                if (entries > 0 && z.encoding() == Encoding::ListPack) CHECK(m.size() <= static_cast<size_t>(entries));
            }
        }
    }

    TEST_CASE("zset.type.random_pairs_shapes") {
        Engine e = makeEngine(128, 64);
        Object z = zset::create(e, 0, 0);
        unsigned out = 0;
        for (int i = 0; i < 10; ++i) zset::add(e, z, i, "m" + std::to_string(i), zset::kAddNone, out);
        Rng rng(3);
        auto many = zset::listpackRandomPairs(z.listpack(), 50, rng);
        CHECK(many.size() == 50);
        std::set<std::string> seen;
        for (auto& p : many) seen.insert(p.member);
        CHECK(seen.size() > 1);
        auto uniq = zset::listpackRandomPairsUnique(z.listpack(), 4, rng);
        REQUIRE(uniq.size() == 4);
        for (size_t i = 1; i < uniq.size(); ++i) CHECK(uniq[i - 1].score < uniq[i].score);  // listpack order
        CHECK(zset::listpackRandomPairsUnique(z.listpack(), 20, rng).size() == 10);
    }
}
