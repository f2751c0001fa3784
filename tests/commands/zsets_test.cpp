// Sorted set commands through Engine::execute: a long seeded random sequence checked
// against a std::map model after every step (contents, ranks, scores, OBJECT ENCODING and,
// for skiplists, the skiplist's invariants and its agreement with the dict), RESP3 replies
// byte for byte (captured from redis-server 7.0.15 after HELLO 3), the shapes of
// ZRANDMEMBER's random replies, dirty counting, and garbage arguments.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/types/zset.h"
#include "engine/util/numbers.h"
#include "tests/engine/test_util.h"

using redsim::test::Harness;
using namespace redsim;
using Reply = resp::Reply;

namespace {

std::string raw(Harness& h, const std::vector<std::string>& argv) {
    h.engine.execute(h.client, argv);
    return h.client.takeOutput();
}

// One key of the model: member -> score, plus the encoding Redis would have chosen.
struct ZModel {
    std::map<std::string, double> scores;
    bool skiplist = false;

    std::vector<std::pair<double, std::string>> sorted() const {
        std::vector<std::pair<double, std::string>> v;
        for (const auto& [m, s] : scores) v.emplace_back(s, m);
        std::sort(v.begin(), v.end());
        return v;
    }
};

struct Limits {
    size_t entries = 128;
    size_t value = 64;
};

// What ZADD does to the model; returns the expected reply.
Reply modelZadd(ZModel& z, const Limits& lim, unsigned flags, bool ch,
                const std::vector<std::pair<double, std::string>>& pairs) {
    const bool incr = flags & zset::kAddIncr, nx = flags & zset::kAddNX, xx = flags & zset::kAddXX;
    const bool gt = flags & zset::kAddGT, lt = flags & zset::kAddLT;
    if (z.scores.empty()) {
        if (xx) return incr ? Reply{} : Reply::integerOf(0);
        z.skiplist = lim.entries == 0 || pairs[0].second.size() > lim.value;
    }
    long long added = 0, updated = 0, processed = 0;
    double last = 0;
    for (auto [score, member] : pairs) {
        auto it = z.scores.find(member);
        if (it != z.scores.end()) {
            if (nx) continue;
            const double cur = it->second;
            if (incr) score += cur;
            if (std::isnan(score)) return Reply::error("ERR resulting score is not a number (NaN)");
            if ((lt && score >= cur) || (gt && score <= cur)) continue;
            ++processed;
            last = score;
            if (score != cur) {
                it->second = score;
                ++updated;
            }
        } else {
            if (xx) continue;
            if (!z.skiplist && (z.scores.size() + 1 > lim.entries || member.size() > lim.value)) z.skiplist = true;
            z.scores[member] = score;
            ++added;
            ++processed;
            last = score;
        }
    }
    if (incr) return processed ? Reply::bulk(formatDouble(last)) : Reply{};
    return Reply::integerOf(ch ? added + updated : added);
}

class ModelRun {
public:
    explicit ModelRun(uint64_t seed) : h(seed), rng(seed * 7 + 1) {}

    Harness h;
    Rng rng;
    Limits lim;
    std::map<std::string, ZModel> keys;           // "z" and "dst"
    size_t seen_listpack = 0, seen_skiplist = 0;  // how often each encoding was checked

    std::string member() {
        static const char* extra[] = {"7", "-3", "100", "long_member_x", ""};
        if (rng.below(6) == 0) return extra[rng.below(5)];
        return "m" + std::to_string(rng.below(25));
    }
    double score() {
        static const double pool[] = {-HUGE_VAL, -10, -2.5, -1, 0, 0.1, 0.5, 1, 1.5, 2, 3, 7.25, 100, 1e20, HUGE_VAL};
        return pool[rng.below(std::size(pool))];
    }
    static std::string text(double d) { return formatDouble(d); }

    void expect(const std::vector<std::string>& argv, const Reply& want) {
        CAPTURE(argv);
        const Reply got = h.run(argv);
        CHECK(got == want);
    }

    void dropIfEmpty(const std::string& k) {
        if (keys[k].scores.empty()) keys.erase(k);
    }

    void step() {
        const uint64_t op = rng.below(12);
        ZModel& z = keys["z"];
        if (op <= 3) {
            // ZADD with a valid option set.
            static const unsigned combos[] = {0,
                                              zset::kAddNX,
                                              zset::kAddXX,
                                              zset::kAddGT,
                                              zset::kAddLT,
                                              zset::kAddXX | zset::kAddGT,
                                              zset::kAddXX | zset::kAddLT};
            unsigned flags = combos[rng.below(std::size(combos))];
            const bool ch = rng.below(3) == 0;
            const bool incr = rng.below(5) == 0;
            if (incr) flags |= zset::kAddIncr;
            std::vector<std::string> argv = {"ZADD", "z"};
            if (flags & zset::kAddNX) argv.push_back("NX");
            if (flags & zset::kAddXX) argv.push_back("xx");
            if (flags & zset::kAddGT) argv.push_back("GT");
            if (flags & zset::kAddLT) argv.push_back("lt");
            if (ch) argv.push_back("CH");
            if (incr) argv.push_back("INCR");
            std::vector<std::pair<double, std::string>> pairs;
            const size_t n = incr ? 1 : 1 + rng.below(3);
            for (size_t i = 0; i < n; ++i) {
                pairs.emplace_back(score(), member());
                argv.push_back(text(pairs.back().first));
                argv.push_back(pairs.back().second);
            }
            expect(argv, modelZadd(z, lim, flags, ch, pairs));
        } else if (op == 4) {
            const double s = score();
            const std::string m = member();
            expect({"ZINCRBY", "z", text(s), m}, modelZadd(z, lim, zset::kAddIncr, false, {{s, m}}));
        } else if (op == 5) {
            std::vector<std::string> argv = {"ZREM", "z"};
            long long n = 0;
            for (size_t i = 0, k = 1 + rng.below(3); i < k; ++i) {
                argv.push_back(member());
                n += static_cast<long long>(z.scores.erase(argv.back()));
            }
            expect(argv, Reply::integerOf(n));
        } else if (op == 6) {
            ScoreRange r{.min = score(), .max = score(), .minex = rng.below(2) == 0, .maxex = rng.below(2) == 0};
            long long n = 0;
            for (auto it = z.scores.begin(); it != z.scores.end();) {
                if (!r.isEmpty() && r.gteMin(it->second) && r.lteMax(it->second)) {
                    it = z.scores.erase(it);
                    ++n;
                } else {
                    ++it;
                }
            }
            expect({"ZREMRANGEBYSCORE", "z", (r.minex ? "(" : "") + text(r.min), (r.maxex ? "(" : "") + text(r.max)},
                   Reply::integerOf(n));
        } else if (op == 7) {
            const long long len = static_cast<long long>(z.scores.size());
            long long a = static_cast<long long>(rng.below(12)) - 6, b = static_cast<long long>(rng.below(12)) - 6;
            const std::vector<std::string> argv = {"ZREMRANGEBYRANK", "z", std::to_string(a), std::to_string(b)};
            if (a < 0) a += len;
            if (b < 0) b += len;
            a = std::max(0LL, a);
            long long n = 0;
            if (a <= b && a < len) {
                b = std::min(b, len - 1);
                auto v = z.sorted();
                for (long long i = a; i <= b; ++i) z.scores.erase(v[static_cast<size_t>(i)].second);
                n = b - a + 1;
            }
            expect(argv, Reply::integerOf(n));
        } else if (op == 8) {
            const bool max = rng.below(2) == 0;
            const long long count = static_cast<long long>(rng.below(4));
            auto v = z.sorted();
            if (max) std::reverse(v.begin(), v.end());
            Reply want = Reply::aggregate(Reply::Type::Array, {});
            if (!v.empty()) {
                for (long long i = 0; i < std::min<long long>(count, static_cast<long long>(v.size())); ++i) {
                    want.elements.push_back(Reply::bulk(v[static_cast<size_t>(i)].second));
                    want.elements.push_back(Reply::bulk(text(v[static_cast<size_t>(i)].first)));
                    z.scores.erase(v[static_cast<size_t>(i)].second);
                }
            }
            expect({max ? "ZPOPMAX" : "ZPOPMIN", "z", std::to_string(count)}, want);
        } else if (op == 9) {
            if (rng.below(4) == 0) {
                static const size_t entries[] = {0, 1, 4, 16, 128};
                static const size_t values[] = {0, 3, 8, 64};
                lim.entries = entries[rng.below(std::size(entries))];
                lim.value = values[rng.below(std::size(values))];
                h.run({"CONFIG", "SET", "zset-max-listpack-entries", std::to_string(lim.entries)});
                h.run({"CONFIG", "SET", "zset-max-listpack-value", std::to_string(lim.value)});
            }
        } else {
            // ZRANGESTORE by rank into "dst".
            const long long len = static_cast<long long>(z.scores.size());
            long long a = static_cast<long long>(rng.below(10)) - 3, b = static_cast<long long>(rng.below(10)) - 3;
            const bool rev = rng.below(2) == 0;
            std::vector<std::string> argv = {"ZRANGESTORE", "dst", "z", std::to_string(a), std::to_string(b)};
            if (rev) argv.push_back("REV");
            if (a < 0) a += len;
            if (b < 0) b += len;
            a = std::max(0LL, a);
            ZModel dst;
            if (a <= b && a < len) {
                b = std::min(b, len - 1);
                auto v = z.sorted();
                if (rev) std::reverse(v.begin(), v.end());
                const long long n = b - a + 1;
                dst.skiplist = n > static_cast<long long>(lim.entries);
                for (long long i = a; i <= b; ++i) {
                    const auto& [s, m] = v[static_cast<size_t>(i)];
                    if (m.size() > lim.value) dst.skiplist = true;
                    dst.scores[m] = s;
                }
            }
            expect(argv, Reply::integerOf(static_cast<long long>(dst.scores.size())));
            if (dst.scores.empty())
                keys.erase("dst");
            else
                keys["dst"] = dst;
        }
        dropIfEmpty("z");
    }

    void check() {
        for (const char* k : {"z", "dst"}) {
            CAPTURE(k);
            auto it = keys.find(k);
            Object* o = h.engine.db(0).peek(k);
            if (it == keys.end()) {
                REQUIRE(o == nullptr);
                continue;
            }
            const ZModel& m = it->second;
            REQUIRE(o != nullptr);
            REQUIRE(o->type() == ObjType::ZSet);
            CHECK((o->encoding() == Encoding::SkipList) == m.skiplist);
            ++(m.skiplist ? seen_skiplist : seen_listpack);
            Reply want = Reply::aggregate(Reply::Type::Array, {});
            for (const auto& [s, mem] : m.sorted()) {
                want.elements.push_back(Reply::bulk(mem));
                want.elements.push_back(Reply::bulk(text(s)));
            }
            REQUIRE(h.run({"ZRANGE", k, "0", "-1", "WITHSCORES"}) == want);
            CHECK(h.run({"ZCARD", k}).integer == static_cast<long long>(m.scores.size()));
            const auto v = m.sorted();
            const size_t r = rng.below(v.size());
            CHECK(h.run({"ZRANK", k, v[r].second}).integer == static_cast<long long>(r));
            CHECK(h.run({"ZREVRANK", k, v[r].second}).integer == static_cast<long long>(v.size() - 1 - r));
            CHECK(h.run({"ZSCORE", k, v[r].second}).str == text(v[r].first));
            if (o->encoding() == Encoding::SkipList) {
                const ZSetIndex& zi = o->zsetIndex();
                std::string why;
                REQUIRE_MESSAGE(zi.zsl.checkInvariants(&why), why);
                REQUIRE_MESSAGE(zi.dict.checkInvariants(&why), why);
                REQUIRE(zi.dict.size() == zi.zsl.size());
                for (const Skiplist::Node& n : zi.zsl) {
                    const auto* e = zi.dict.find(n.member());
                    REQUIRE(e != nullptr);
                    CHECK(e->value == n.score());
                }
            }
        }
    }
};

}  // namespace

TEST_SUITE("zsets") {
    TEST_CASE("zsets.model.random_sequence") {
        for (uint64_t seed : {1u, 2u, 3u}) {
            CAPTURE(seed);
            ModelRun run(seed);
            for (int i = 0; i < 4000; ++i) {
                CAPTURE(i);
                run.step();
                run.check();
            }
            // The sequence really visits both encodings.
            CHECK(run.seen_listpack > 500);
            CHECK(run.seen_skiplist > 500);
            MESSAGE("listpack checks: " << run.seen_listpack << ", skiplist checks: " << run.seen_skiplist);
        }
    }

    TEST_CASE("zsets.resp3.replies") {
        // Expected bytes captured from redis-server 7.0.15 after HELLO 3.
        Harness h;
        h.run({"HELLO", "3"});
        const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
            {{"ZADD", "z", "1", "a", "2.5", "b", "inf", "c"}, ":3\r\n"},
            {{"ZRANGE", "z", "0", "-1", "WITHSCORES"},
             "*3\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n*2\r\n$1\r\nc\r\n,inf\r\n"},
            {{"ZRANGE", "z", "0", "-1"}, "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n"},
            {{"ZRANGE", "z", "(1", "+inf", "BYSCORE", "WITHSCORES"},
             "*2\r\n*2\r\n$1\r\nb\r\n,2.5\r\n*2\r\n$1\r\nc\r\n,inf\r\n"},
            {{"ZRANGE", "z", "5", "0", "BYSCORE", "REV", "WITHSCORES"},
             "*2\r\n*2\r\n$1\r\nb\r\n,2.5\r\n*2\r\n$1\r\na\r\n,1\r\n"},
            {{"ZRANGEBYSCORE", "z", "-inf", "+inf", "WITHSCORES", "LIMIT", "0", "2"},
             "*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n"},
            {{"ZREVRANGE", "z", "0", "0", "WITHSCORES"}, "*1\r\n*2\r\n$1\r\nc\r\n,inf\r\n"},
            {{"ZSCORE", "z", "b"}, ",2.5\r\n"},
            {{"ZSCORE", "z", "nope"}, "_\r\n"},
            {{"ZSCORE", "nokey", "a"}, "_\r\n"},
            {{"ZMSCORE", "z", "a", "nope", "c"}, "*3\r\n,1\r\n_\r\n,inf\r\n"},
            {{"ZRANK", "z", "nope"}, "_\r\n"},
            {{"ZRANK", "z", "b"}, ":1\r\n"},
            {{"ZINCRBY", "z", "0.1", "a"}, ",1.1000000000000001\r\n"},
            {{"ZADD", "z", "XX", "INCR", "1", "nope"}, "_\r\n"},
            {{"ZADD", "z", "INCR", "1", "a"}, ",2.1000000000000001\r\n"},
            {{"ZRANDMEMBER", "z", "5", "WITHSCORES"},
             "*3\r\n*2\r\n$1\r\nc\r\n,inf\r\n*2\r\n$1\r\nb\r\n,2.5\r\n*2\r\n$1\r\na\r\n,2.1000000000000001\r\n"},
            {{"ZPOPMIN", "z"}, "*2\r\n$1\r\na\r\n,2.1000000000000001\r\n"},
            {{"ZPOPMIN", "z", "1"}, "*1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n"},
            {{"ZPOPMAX", "z", "5"}, "*1\r\n*2\r\n$1\r\nc\r\n,inf\r\n"},
            {{"ZADD", "y", "1", "a", "2", "b"}, ":2\r\n"},
            {{"ZMPOP", "1", "y", "MIN"}, "*2\r\n$1\r\ny\r\n*1\r\n*2\r\n$1\r\na\r\n,1\r\n"},
            {{"ZMPOP", "1", "y", "MAX", "COUNT", "3"}, "*2\r\n$1\r\ny\r\n*1\r\n*2\r\n$1\r\nb\r\n,2\r\n"},
            {{"ZMPOP", "1", "y", "MAX"}, "_\r\n"},
            {{"ZPOPMIN", "nokey"}, "*0\r\n"},
            {{"ZPOPMIN", "nokey", "2"}, "*0\r\n"},
            {{"ZRANGE", "nokey", "0", "-1"}, "*0\r\n"},
            {{"ZRANDMEMBER", "nokey"}, "_\r\n"},
            {{"ZRANDMEMBER", "nokey", "2"}, "*0\r\n"},
            {{"ZSCAN", "nokey", "0"}, "*2\r\n$1\r\n0\r\n*0\r\n"},
        };
        for (const auto& [argv, want] : cases) {
            CAPTURE(argv);
            CHECK(raw(h, argv) == want);
        }
        // The same on a skiplist.
        h.run({"CONFIG", "SET", "zset-max-listpack-entries", "0"});
        CHECK(raw(h, {"ZADD", "s", "1", "a", "2.5", "b"}) == ":2\r\n");
        CHECK(raw(h, {"OBJECT", "ENCODING", "s"}) == "$8\r\nskiplist\r\n");
        CHECK(raw(h, {"ZRANGE", "s", "0", "-1", "WITHSCORES"}) ==
              "*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n");
        CHECK(raw(h, {"ZPOPMAX", "s", "1"}) == "*1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n");
        // Random picks with scores: an array of [member, double] pairs, every case.
        h.run({"ZADD", "s", "2", "b", "3", "c", "4", "d", "5", "e", "6", "f", "7", "g"});
        for (const char* count : {"-3", "1", "2", "6", "7", "50"}) {
            CAPTURE(count);
            const Reply r = h.run({"ZRANDMEMBER", "s", count, "WITHSCORES"});
            REQUIRE(r.type == Reply::Type::Array);
            CHECK(r.elements.size() == std::min<size_t>(7, static_cast<size_t>(std::abs(std::stoi(count)))));
            for (const Reply& e : r.elements) {
                REQUIRE(e.type == Reply::Type::Array);
                REQUIRE(e.elements.size() == 2);
                CHECK(e.elements[0].type == Reply::Type::Bulk);
                CHECK(e.elements[1].type == Reply::Type::Double);
            }
        }
    }

    TEST_CASE("zsets.randmember.shapes") {
        for (long long entries : {128LL, 0LL}) {
            CAPTURE(entries);
            Harness h(5);
            h.run({"CONFIG", "SET", "zset-max-listpack-entries", std::to_string(entries)});
            std::vector<std::string> add = {"ZADD", "z"};
            std::map<std::string, std::string> scores;
            for (int i = 0; i < 30; ++i) {
                add.push_back(std::to_string(i) + ".5");
                add.push_back("m" + std::to_string(i));
                scores["m" + std::to_string(i)] = std::to_string(i) + ".5";
            }
            h.run(add);
            CHECK(h.cli({"OBJECT", "ENCODING", "z"}) == (entries ? "\"listpack\"" : "\"skiplist\""));
            for (long long count : {1LL, 3LL, 9LL, 10LL, 11LL, 25LL, 29LL, 30LL, 31LL, 100LL}) {
                CAPTURE(count);
                const Reply r = h.run({"ZRANDMEMBER", "z", std::to_string(count), "WITHSCORES"});
                const size_t want = static_cast<size_t>(std::min<long long>(count, 30));
                REQUIRE(r.elements.size() == 2 * want);
                std::set<std::string> seen;
                std::vector<double> order;
                for (size_t i = 0; i < r.elements.size(); i += 2) {
                    const std::string& m = r.elements[i].str;
                    REQUIRE(scores.count(m) == 1);
                    CHECK(r.elements[i + 1].str == scores[m]);
                    seen.insert(m);
                    order.push_back(std::stod(r.elements[i + 1].str));
                }
                CHECK(seen.size() == want);  // never a repeat
                // A small count of a listpack comes back in score order; a count that
                // covers the set comes back highest first.
                if (entries && count > 1 && count * 3 <= 30) CHECK(std::is_sorted(order.begin(), order.end()));
                if (count >= 30) CHECK(std::is_sorted(order.rbegin(), order.rend()));
            }
            for (long long count : {-1LL, -5LL, -30LL, -200LL}) {
                CAPTURE(count);
                const Reply r = h.run({"ZRANDMEMBER", "z", std::to_string(count)});
                REQUIRE(r.elements.size() == static_cast<size_t>(-count));
                std::set<std::string> seen;
                for (const auto& e : r.elements) {
                    CHECK(scores.count(e.str) == 1);
                    seen.insert(e.str);
                }
                if (count == -200) CHECK(seen.size() < 200);  // repeats happen
            }
            const Reply one = h.run({"ZRANDMEMBER", "z"});
            CHECK(one.type == Reply::Type::Bulk);
            CHECK(scores.count(one.str) == 1);
            // Same seed, same picks.
            Harness a(9), b(9);
            for (Harness* x : {&a, &b}) {
                x->run({"CONFIG", "SET", "zset-max-listpack-entries", std::to_string(entries)});
                x->run(add);
            }
            CHECK(a.run({"ZRANDMEMBER", "z", "-20"}) == b.run({"ZRANDMEMBER", "z", "-20"}));
            CHECK(a.run({"ZRANDMEMBER", "z", "12"}) == b.run({"ZRANDMEMBER", "z", "12"}));
        }
    }

    TEST_CASE("zsets.randmember.huge_negative_count_closes_the_client") {
        for (int members : {1, 200}) {  // listpack, skiplist
            CAPTURE(members);
            Harness h;
            for (int i = 0; i < members; ++i) h.run({"ZADD", "z", std::to_string(i), "m" + std::to_string(i)});
            CHECK(h.run({"CONFIG", "SET", "client-output-buffer-limit", "normal 1mb 0 0"}).str == "OK");
            // Redis would write picks until it runs out of memory; past the hard output
            // limit the partial reply is dropped and the client closed.
            h.run({"ZRANDMEMBER", "z", "-4611686018427387903", "WITHSCORES"});
            CHECK(h.client.close_asap);
            CHECK(h.client.out.empty());
            CHECK(h.run({"ZCARD", "z"}).integer == members);
        }
        Harness h;
        h.run({"ZADD", "z", "1", "a"});
        CHECK(h.run({"ZRANDMEMBER", "z", "-9223372036854775808"}).type == Reply::Type::Error);
    }

    TEST_CASE("zsets.dirty") {
        Harness h;
        auto dirty = [&](std::initializer_list<std::string> argv) {
            const uint64_t before = h.engine.dirty;
            h.run(argv);
            return h.engine.dirty - before;
        };
        CHECK(dirty({"ZADD", "z", "1", "a", "2", "b", "3", "c"}) == 3);
        CHECK(dirty({"ZADD", "z", "NX", "5", "a"}) == 0);
        CHECK(dirty({"ZADD", "z", "1", "a", "9", "b", "4", "d"}) == 2);
        CHECK(dirty({"ZINCRBY", "z", "1", "a"}) == 1);
        CHECK(dirty({"ZINCRBY", "z", "0", "a"}) == 0);
        CHECK(dirty({"ZREM", "z", "a", "nope"}) == 1);
        CHECK(dirty({"ZRANGESTORE", "d", "z", "0", "-1"}) == 1);
        CHECK(dirty({"ZRANGESTORE", "d", "z", "5", "9"}) == 1);  // deleted d
        CHECK(dirty({"ZRANGESTORE", "d", "z", "5", "9"}) == 0);
        CHECK(dirty({"ZPOPMIN", "z", "2"}) == 2);
        CHECK(dirty({"ZREMRANGEBYSCORE", "z", "-inf", "+inf"}) == 1);
        CHECK(h.run({"EXISTS", "z"}).integer == 0);
    }

    TEST_CASE("zsets.robustness.garbage_arguments") {
        // Random argument lists never crash and, when they fail, never change the data.
        static const char* words[] = {"",
                                      "-",
                                      "+",
                                      "(",
                                      "[",
                                      "nan",
                                      "inf",
                                      "-inf",
                                      "+inf",
                                      "(1",
                                      "[a",
                                      "(a",
                                      "0",
                                      "-1",
                                      "1",
                                      "2.5",
                                      "x",
                                      "LIMIT",
                                      "limit",
                                      "WITHSCORES",
                                      "BYSCORE",
                                      "BYLEX",
                                      "REV",
                                      "NX",
                                      "XX",
                                      "GT",
                                      "LT",
                                      "INCR",
                                      "CH",
                                      "COUNT",
                                      "MIN",
                                      "MAX",
                                      "MATCH",
                                      "1e400",
                                      "-0",
                                      "9223372036854775807",
                                      "-9223372036854775808",
                                      "9223372036854775808",
                                      "z",
                                      "lp",
                                      "str",
                                      "a",
                                      "0x10",
                                      " 1"};
        static const char* commands[] = {"ZADD",
                                         "ZINCRBY",
                                         "ZREM",
                                         "ZCARD",
                                         "ZCOUNT",
                                         "ZLEXCOUNT",
                                         "ZSCORE",
                                         "ZMSCORE",
                                         "ZRANK",
                                         "ZREVRANK",
                                         "ZRANGE",
                                         "ZRANGESTORE",
                                         "ZRANGEBYSCORE",
                                         "ZREVRANGEBYSCORE",
                                         "ZRANGEBYLEX",
                                         "ZREVRANGEBYLEX",
                                         "ZREVRANGE",
                                         "ZREMRANGEBYRANK",
                                         "ZREMRANGEBYSCORE",
                                         "ZREMRANGEBYLEX",
                                         "ZPOPMIN",
                                         "ZPOPMAX",
                                         "ZMPOP",
                                         "ZRANDMEMBER",
                                         "ZSCAN"};
        Harness h(11);
        Rng rng(12);
        auto reset = [&] {
            h.run({"FLUSHALL"});
            h.run({"CONFIG", "SET", "zset-max-listpack-entries", "0"});
            h.run({"ZADD", "z", "1", "a", "2", "b", "3", "c", "-inf", "lo", "inf", "hi"});
            h.run({"CONFIG", "SET", "zset-max-listpack-entries", "128"});
            h.run({"ZADD", "lp", "0", "a", "0", "b", "0", "c", "1.5", "d"});
            h.run({"SET", "str", "x"});
        };
        auto snapshot = [&] {
            std::string s;
            for (const char* k : {"z", "lp", "str", "a", "x"}) {
                s += resp::formatTTY(h.run({"TYPE", k}));
                s += resp::formatTTY(h.run({"OBJECT", "ENCODING", k}));
                if (h.run({"TYPE", k}).str == "zset")
                    s += resp::formatTTY(h.run({"ZRANGE", k, "0", "-1", "WITHSCORES"}));
            }
            return s;
        };
        reset();
        std::string before = snapshot();
        for (int i = 0; i < 20000; ++i) {
            std::vector<std::string> argv = {commands[rng.below(std::size(commands))]};
            const size_t n = rng.below(7);
            for (size_t j = 0; j < n; ++j) argv.push_back(words[rng.below(std::size(words))]);
            CAPTURE(argv);
            const Reply r = h.run(argv);
            const std::string after = snapshot();
            if (r.type == Reply::Type::Error) CHECK(after == before);
            before = after;
            if (i % 500 == 0) {
                reset();
                before = snapshot();
            }
        }
        // Every zset left behind is still well formed.
        for (const char* k : {"z", "lp", "a", "x"}) {
            Object* o = h.engine.db(0).peek(k);
            if (o && o->type() == ObjType::ZSet && o->encoding() == Encoding::SkipList) {
                CHECK(o->zsetIndex().zsl.checkInvariants());
            }
        }
    }
}
