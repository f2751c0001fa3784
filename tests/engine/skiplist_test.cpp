// Skiplist: seeded model tests against std::set with an invariant walk after every few
// steps (order, levels, spans, backward pointers), the level distribution, determinism,
// the updateScore fast path, lex range parsing and the GUI view. No unseeded randomness.
#include "engine/ds/skiplist.h"

#include <doctest/doctest.h>

#include <cmath>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/rng.h"

using redsim::LexBound;
using redsim::LexRange;
using redsim::Rng;
using redsim::ScoreRange;
using redsim::Skiplist;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
using Model = std::set<std::pair<double, std::string>>;  // (score, member): the zset order

void requireInvariants(const Skiplist& sl) {
    std::string why;
    const bool ok = sl.checkInvariants(&why);
    INFO("broken: " << why);
    REQUIRE(ok);
}

void requireSame(const Skiplist& sl, const Model& model) {
    REQUIRE(sl.size() == model.size());
    auto it = model.begin();
    for (const Skiplist::Node& n : sl) {
        REQUIRE(it != model.end());
        REQUIRE(n.score() == it->first);
        REQUIRE(n.member() == it->second);
        ++it;
    }
    // And backwards from the tail.
    auto rit = model.rbegin();
    for (const Skiplist::Node* n = sl.last(); n != nullptr; n = n->prev(), ++rit) {
        REQUIRE(n->member() == rit->second);
    }
    REQUIRE(rit == model.rend());
}

// The reference answers, by a linear scan of the model.
template <class In>
std::pair<const std::pair<double, std::string>*, const std::pair<double, std::string>*> expectedEnds(const Model& model,
                                                                                                     In in) {
    const std::pair<double, std::string>* first = nullptr;
    const std::pair<double, std::string>* last = nullptr;
    for (const auto& e : model) {
        if (!in(e)) continue;
        if (first == nullptr) first = &e;
        last = &e;
    }
    return {first, last};
}

bool sameNode(const Skiplist::Node* n, const std::pair<double, std::string>* e) {
    if (n == nullptr || e == nullptr) return n == nullptr && e == nullptr;
    return n->score() == e->first && n->member() == e->second;
}

double drawScore(Rng& rng) {
    static constexpr double kPicks[] = {-kInf, -2.5, -1, 0, 0, 1, 1.5, 2, 3, kInf};
    if (rng.below(3) == 0) return kPicks[rng.below(std::size(kPicks))];
    return static_cast<double>(static_cast<int64_t>(rng.below(81)) - 40) / 2;  // many ties
}

std::string drawMember(Rng& rng) {
    const uint64_t i = rng.below(800);
    if (i % 50 == 0) return std::string("bin\0\xff", 5) + std::to_string(i);  // binary-safe members
    return "m" + std::to_string(i);
}

ScoreRange drawRange(Rng& rng) {
    ScoreRange r;
    r.min = drawScore(rng);
    r.max = rng.below(4) == 0 ? drawScore(rng) : r.min + static_cast<double>(rng.below(20));
    r.minex = rng.below(2) == 0;
    r.maxex = rng.below(2) == 0;
    return r;
}

bool inScoreRange(const ScoreRange& r, double s) {
    return (r.minex ? s > r.min : s >= r.min) && (r.maxex ? s < r.max : s <= r.max);
}

}  // namespace

TEST_SUITE("skiplist") {
    TEST_CASE("skiplist.model.random_ops_vs_std_set") {
        Rng rng(1234);
        Rng level_rng(5678);
        Skiplist sl(level_rng);
        Model model;
        std::map<std::string, double> scores;  // the zset's dict
        int in_place = 0, moved = 0, deleted_in_ranges = 0;
        for (int step = 0; step < 100000; ++step) {
            const uint64_t op = rng.below(100);
            std::string m = drawMember(rng);
            auto found = scores.find(m);
            if (op < 35) {  // ZADD of a new member
                if (found != scores.end()) continue;
                const double s = drawScore(rng);
                const Skiplist::Node* n = sl.insert(m, s);
                REQUIRE(n->member() == m);
                REQUIRE(n->score() == s);
                model.emplace(s, m);
                scores.emplace(m, s);
            } else if (op < 50) {  // ZREM, sometimes with the wrong score
                if (found == scores.end()) {
                    CHECK_FALSE(sl.erase(m, drawScore(rng)));
                    continue;
                }
                if (rng.below(5) == 0) {
                    const double wrong = std::isinf(found->second) ? 0.125 : found->second + 0.125;
                    CHECK_FALSE(sl.erase(m, wrong));
                }
                CHECK(sl.erase(m, found->second));
                model.erase({found->second, m});
                scores.erase(found);
            } else if (op < 65) {  // ZINCRBY / ZADD of an existing member
                if (found == scores.end()) continue;
                const double cur = found->second;
                const double nw = rng.below(2) == 0 ? cur + 0.25 * static_cast<double>(rng.below(3)) : drawScore(rng);
                if (std::isnan(nw)) continue;  // inf + ... never NaN here, but be explicit
                // Redis's fast path: strictly between the neighbours' scores.
                auto pos = model.find({cur, m});
                const bool left_ok = pos == model.begin() || std::prev(pos)->first < nw;
                const bool right_ok = std::next(pos) == model.end() || std::next(pos)->first > nw;
                const Skiplist::Node* before =
                    sl.byRank(static_cast<unsigned long>(std::distance(model.begin(), pos)) + 1);
                REQUIRE(before != nullptr);
                REQUIRE(before->member() == m);
                const Skiplist::Node* n = sl.updateScore(m, cur, nw);
                REQUIRE(n->member() == m);
                REQUIRE(n->score() == nw);
                if (left_ok && right_ok) {
                    CHECK(n == before);
                    ++in_place;
                } else {
                    ++moved;
                }
                model.erase(pos);
                model.emplace(nw, m);
                found->second = nw;
            } else if (op < 75) {  // ZRANK
                if (found == scores.end()) {
                    CHECK(sl.rank(m, drawScore(rng)) == 0);
                    continue;
                }
                const auto pos = model.find({found->second, m});
                CHECK(sl.rank(m, found->second) == static_cast<unsigned long>(std::distance(model.begin(), pos)) + 1);
                CHECK(sl.rank(m, std::isinf(found->second) ? 0.125 : found->second + 0.125) == 0);
            } else if (op < 82) {  // element by rank
                const unsigned long r = rng.below(model.size() + 2);
                const Skiplist::Node* n = sl.byRank(r);
                if (r == 0 || r > model.size()) {
                    CHECK(n == nullptr);
                } else {
                    const auto& e = *std::next(model.begin(), static_cast<long>(r - 1));
                    CHECK(sameNode(n, &e));
                }
            } else if (op < 96) {  // score ranges
                const ScoreRange r = drawRange(rng);
                auto [first, last] = expectedEnds(model, [&](const auto& e) { return inScoreRange(r, e.first); });
                INFO("range " << (r.minex ? "(" : "[") << r.min << " " << (r.maxex ? "(" : "[") << r.max);
                // isInRange is Redis's quick test: the ends overlap the range (there may
                // still be no node inside it, between two nodes).
                const bool overlaps = !model.empty() && !r.isEmpty() &&
                                      inScoreRange({r.min, kInf, r.minex, false}, model.rbegin()->first) &&
                                      inScoreRange({-kInf, r.max, false, r.maxex}, model.begin()->first);
                CHECK(sl.isInRange(r) == overlaps);
                if (first != nullptr) CHECK(overlaps);
                CHECK(sameNode(sl.firstInRange(r), first));
                CHECK(sameNode(sl.lastInRange(r), last));
            } else if (op < 98) {  // ZREMRANGEBYSCORE over a narrow range
                ScoreRange r;
                r.min = drawScore(rng);
                r.max = r.min + static_cast<double>(rng.below(2));
                r.minex = rng.below(2) == 0;
                r.maxex = rng.below(2) == 0;
                std::vector<std::string> expect;
                for (auto it = model.begin(); it != model.end();) {
                    if (inScoreRange(r, it->first)) {
                        expect.push_back(it->second);
                        scores.erase(it->second);
                        it = model.erase(it);
                    } else {
                        ++it;
                    }
                }
                CHECK(sl.deleteRangeByScore(r) == expect);
                deleted_in_ranges += static_cast<int>(expect.size());
            } else {  // ZREMRANGEBYRANK over a few ranks (sometimes past the end)
                const unsigned long start = 1 + rng.below(model.size() + 3);
                const unsigned long end = start + rng.below(4) - 1;
                std::vector<std::string> expect;
                unsigned long r = 1;
                for (auto it = model.begin(); it != model.end(); ++r) {
                    if (r >= start && r <= end) {
                        expect.push_back(it->second);
                        scores.erase(it->second);
                        it = model.erase(it);
                    } else {
                        ++it;
                    }
                }
                CHECK(sl.deleteRangeByRank(start, end) == expect);
                deleted_in_ranges += static_cast<int>(expect.size());
            }
            if (step % 7 == 0) requireInvariants(sl);
            if (step % 500 == 0) requireSame(sl, model);
        }
        requireInvariants(sl);
        requireSame(sl, model);
        CHECK(in_place > 100);
        CHECK(moved > 100);
        CHECK(deleted_in_ranges > 100);
        // Unbounded ranges cover everything.
        const ScoreRange all{-kInf, kInf, false, false};
        if (!model.empty()) {
            CHECK(sl.firstInRange(all) == sl.first());
            CHECK(sl.lastInRange(all) == sl.last());
        }
        CHECK(sl.deleteRangeByScore(all).size() == model.size());
        CHECK(sl.empty());
        CHECK(sl.level() == 1);
        requireInvariants(sl);
    }

    TEST_CASE("skiplist.lex.model_with_equal_scores") {
        Rng rng(42);
        Rng level_rng(43);
        Skiplist sl(level_rng);
        std::set<std::string> model;
        const char alphabet[] = {'a', 'b', 'c', '\0', '\xff'};
        auto word = [&] {
            std::string w;
            for (uint64_t n = rng.below(4); n > 0; --n) w.push_back(alphabet[rng.below(5)]);
            return w;
        };
        auto bound = [&]() -> std::string {
            switch (rng.below(6)) {
                case 0:
                    return "-";
                case 1:
                    return "+";
                case 2:
                case 3:
                    return "(" + word();
                default:
                    return "[" + word();
            }
        };
        // Independent reference for one bound: is `m` on the inside of it?
        auto inside = [](const std::string& b, const std::string& m, bool is_min) {
            if (b == "-") return is_min;  // everything is above "-", nothing below it
            if (b == "+") return !is_min;
            const std::string v = b.substr(1);
            const bool ex = b[0] == '(';
            if (is_min) return ex ? m > v : m >= v;
            return ex ? m < v : m <= v;
        };
        int nonempty = 0;
        for (int step = 0; step < 30000; ++step) {
            const uint64_t op = rng.below(10);
            if (op < 4) {
                std::string w = word();
                if (model.insert(w).second) sl.insert(w, 0);
            } else if (op < 6) {
                std::string w = word();
                CHECK(sl.erase(w, 0) == (model.erase(w) == 1));
            } else {
                const std::string lo = bound(), hi = bound();
                auto range = LexRange::parse(lo, hi);
                REQUIRE(range);
                std::vector<std::string> expect;
                for (const std::string& m : model) {
                    if (inside(lo, m, true) && inside(hi, m, false)) expect.push_back(m);
                }
                const Skiplist::Node* first = sl.firstInLexRange(*range);
                const Skiplist::Node* last = sl.lastInLexRange(*range);
                const bool overlaps = !model.empty() && !range->isEmpty() && inside(lo, *model.rbegin(), true) &&
                                      inside(hi, *model.begin(), false);
                CHECK(sl.isInLexRange(*range) == overlaps);
                if (!expect.empty()) CHECK(overlaps);
                if (expect.empty()) {
                    CHECK(first == nullptr);
                    CHECK(last == nullptr);
                } else {
                    ++nonempty;
                    REQUIRE(first != nullptr);
                    REQUIRE(last != nullptr);
                    CHECK(first->member() == expect.front());
                    CHECK(last->member() == expect.back());
                }
                if (op == 9 && rng.below(4) == 0) {
                    CHECK(sl.deleteRangeByLex(*range) == expect);
                    for (const std::string& m : expect) model.erase(m);
                }
            }
            if (step % 5 == 0) requireInvariants(sl);
        }
        CHECK(nonempty > 1000);
        CHECK(sl.size() == model.size());
    }

    TEST_CASE("skiplist.lex.parse_like_redis") {
        CHECK_FALSE(LexBound::parse(""));
        CHECK_FALSE(LexBound::parse("a"));
        CHECK_FALSE(LexBound::parse("-a"));
        CHECK_FALSE(LexBound::parse("++"));
        auto minus = LexBound::parse("-");
        REQUIRE(minus);
        CHECK(minus->kind == LexBound::Kind::kMinusInf);
        auto open = LexBound::parse("(abc");
        REQUIRE(open);
        CHECK(open->exclusive);
        CHECK(open->value == "abc");
        auto closed = LexBound::parse("[");
        REQUIRE(closed);
        CHECK_FALSE(closed->exclusive);
        CHECK(closed->value.empty());
        CHECK_FALSE(LexRange::parse("[a", "b"));
        CHECK(LexRange::parse("-", "-")->isEmpty());
        CHECK(LexRange::parse("+", "+")->isEmpty());
        CHECK(LexRange::parse("+", "-")->isEmpty());
        CHECK_FALSE(LexRange::parse("-", "+")->isEmpty());
        CHECK_FALSE(LexRange::parse("[a", "[a")->isEmpty());
        CHECK(LexRange::parse("[a", "(a")->isEmpty());
        CHECK(LexRange::parse("[b", "[a")->isEmpty());
        // Bytes compare unsigned: "\xff" sorts after "z".
        auto r = LexRange::parse("(z", "+");
        CHECK(r->gteMin("\xff"));
        CHECK_FALSE(r->gteMin("z"));
        CHECK(r->gteMin(std::string("z\0", 2)));
    }

    TEST_CASE("skiplist.range.score_edge_cases") {
        Rng rng(3);
        Skiplist sl(rng);
        const ScoreRange any{-kInf, kInf, false, false};
        CHECK_FALSE(sl.isInRange(any));
        CHECK(sl.firstInRange(any) == nullptr);
        CHECK(sl.lastInRange(any) == nullptr);
        CHECK(sl.deleteRangeByScore(any).empty());
        CHECK(sl.deleteRangeByRank(1, 10).empty());
        CHECK(sl.byRank(1) == nullptr);
        CHECK(sl.first() == nullptr);
        sl.insert("a", 1);
        sl.insert("b", 2);
        sl.insert("c", 3);
        sl.insert("ninf", -kInf);
        sl.insert("pinf", kInf);
        CHECK(sl.firstInRange(any)->member() == "ninf");
        CHECK(sl.lastInRange(any)->member() == "pinf");
        CHECK(sl.firstInRange({-kInf, kInf, true, true})->member() == "a");  // (-inf (+inf
        CHECK(sl.lastInRange({-kInf, kInf, true, true})->member() == "c");
        CHECK_FALSE(sl.isInRange({2, 1, false, false}));  // min > max
        CHECK_FALSE(sl.isInRange({2, 2, true, false}));   // (2 [2
        CHECK(sl.isInRange({2, 2, false, false}));
        CHECK(sl.firstInRange({1, 3, true, true})->member() == "b");
        CHECK(sl.lastInRange({1, 3, true, true})->member() == "b");
        CHECK(sl.firstInRange({1.5, 1.9, false, false}) == nullptr);  // between nodes
        CHECK(sl.lastInRange({1.5, 1.9, false, false}) == nullptr);
        CHECK(sl.deleteRangeByRank(3, 2).empty());
        CHECK(sl.deleteRangeByRank(4, 100) == std::vector<std::string>{"c", "pinf"});
        CHECK(sl.last()->member() == "b");
        requireInvariants(sl);
    }

    TEST_CASE("skiplist.update.fast_path_keeps_the_node") {
        Rng rng(11);
        Skiplist sl(rng);
        sl.insert("a", 1);
        const Skiplist::Node* b = sl.insert("b", 2);
        sl.insert("c", 3);
        CHECK(sl.updateScore("b", 2, 2.5) == b);  // still between 1 and 3: in place
        CHECK(b->score() == 2.5);
        // Equal to a neighbour's score: Redis takes the slow path (new node).
        const Skiplist::Node* b2 = sl.updateScore("b", 2.5, 3);
        CHECK(b2->member() == "b");
        CHECK(sl.rank("b", 3) == 2);  // "b" < "c" at score 3
        const Skiplist::Node* b3 = sl.updateScore("b", 3, 10);
        CHECK(sl.last() == b3);
        CHECK(sl.updateScore("b", 10, 100) == b3);  // the tail may grow in place
        CHECK(sl.updateScore("a", 1, -100) == sl.first());
        requireInvariants(sl);
    }

    TEST_CASE("skiplist.levels.geometric_with_p_one_quarter") {
        Rng rng(2024);
        Skiplist sl(rng);
        for (int i = 0; i < 100000; ++i) sl.insert("n" + std::to_string(i), i);
        size_t ge2 = 0, ge3 = 0, ge4 = 0;
        for (const Skiplist::Node& n : sl) {
            ge2 += n.level() >= 2;
            ge3 += n.level() >= 3;
            ge4 += n.level() >= 4;
        }
        const double f2 = static_cast<double>(ge2) / 100000;
        const double f3 = static_cast<double>(ge3) / 100000;
        const double f4 = static_cast<double>(ge4) / 100000;
        CHECK((f2 > 0.2 && f2 < 0.3));
        CHECK((f3 > 0.05 && f3 < 0.075));
        CHECK((f4 > 0.01 && f4 < 0.02));
        CHECK(sl.level() >= 7);
        CHECK(sl.level() <= Skiplist::kMaxLevel);
        requireInvariants(sl);
        CHECK(sl.rank("n50000", 50000) == 50001);
        CHECK(sl.byRank(77777)->member() == "n77776");
    }

    TEST_CASE("skiplist.levels.random_level_is_zsl_random_level") {
        Rng a(9), b(9);
        for (int i = 0; i < 10000; ++i) {
            int expect = 1;
            while ((b.next() & 0xFFFF) < 0.25 * 0xFFFF) ++expect;
            if (expect > 32) expect = 32;
            REQUIRE(Skiplist::randomLevel(a) == expect);
        }
    }

    TEST_CASE("skiplist.levels.same_seed_same_shape") {
        auto build = [](uint64_t seed) {
            Rng rng(seed);
            Skiplist sl(rng);
            Rng ops(77);
            for (int i = 0; i < 2000; ++i) {
                std::string m = "k" + std::to_string(ops.below(500));
                if (sl.rank(m, 1) == 0) {
                    sl.insert(m, 1);
                } else {
                    sl.erase(m, 1);
                }
            }
            std::vector<int> levels;
            for (const Skiplist::Node& n : sl) levels.push_back(n.level());
            return levels;
        };
        CHECK(build(5) == build(5));
        CHECK(build(5) != build(6));
    }

    TEST_CASE("skiplist.view.copies_links_and_spans") {
        Rng rng(8);
        Skiplist sl(rng);
        for (int i = 0; i < 50; ++i) sl.insert("e" + std::to_string(i), i % 7);
        const Skiplist::View v = sl.view();
        CHECK(v.level == sl.level());
        CHECK(v.length == 50);
        REQUIRE(v.header.size() == static_cast<size_t>(sl.level()));
        REQUIRE(v.nodes.size() == 50);
        CHECK(v.header[0].span == 1);
        CHECK(v.header[0].to_rank == 1);
        for (const Skiplist::NodeView& n : v.nodes) {
            const Skiplist::Node* real = sl.byRank(n.rank);
            REQUIRE(real != nullptr);
            CHECK(real->member() == n.member);
            CHECK(real->score() == n.score);
            REQUIRE(n.links.size() == static_cast<size_t>(n.level));
            for (int i = 0; i < n.level; ++i) {
                CHECK(n.links[i].span == real->span(i));
                if (real->forward(i) == nullptr) {
                    CHECK(n.links[i].to_rank == 0);
                    CHECK(n.rank + n.links[i].span == 50);  // a NULL link counts to the end
                } else {
                    CHECK(n.links[i].to_rank == n.rank + n.links[i].span);
                    CHECK(v.nodes[n.links[i].to_rank - 1].level > i);
                }
            }
        }
        const Skiplist::View w = sl.view(48, 10);
        REQUIRE(w.nodes.size() == 3);
        CHECK(w.nodes[0].rank == 48);
        CHECK(w.nodes[0].member == v.nodes[47].member);
        CHECK(sl.view(60).nodes.empty());
    }
}
