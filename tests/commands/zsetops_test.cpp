// ZUNION/ZINTER/ZDIFF (+STORE) and ZINTERCARD against a model: random zsets and sets
// (seeded), every aggregate and random weights, results compared member by member with
// the model's, ordered by (score, member); stored encodings follow the size rule; RESP3
// WITHSCORES is a list of [member, score] pairs.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/rng.h"
#include "tests/engine/test_util.h"

namespace {

using redsim::Rng;
using redsim::resp::Reply;
using redsim::test::Harness;
using Model = std::map<std::string, double>;  // member -> score (sets: score 1)

double aggregate(double a, double b, const std::string& how) {
    if (how == "MIN") return std::min(a, b);
    if (how == "MAX") return std::max(a, b);
    const double s = a + b;
    return std::isnan(s) ? 0.0 : s;
}

std::vector<std::pair<std::string, double>> ordered(const Model& m) {
    std::vector<std::pair<std::string, double>> v(m.begin(), m.end());
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second < b.second : a.first < b.first;
    });
    return v;
}

void requireReplyEquals(const Reply& r, const Model& expected) {
    const auto want = ordered(expected);
    REQUIRE(r.type == Reply::Type::Array);
    REQUIRE(r.elements.size() == want.size() * 2);
    for (size_t i = 0; i < want.size(); ++i) {
        CHECK(r.elements[2 * i].str == want[i].first);
        CHECK(std::stod(r.elements[2 * i + 1].str) == doctest::Approx(want[i].second));
    }
}

}  // namespace

TEST_CASE("commands.zsetops.model") {
    Harness h(7);
    Rng rng(99);
    const std::vector<std::string> keys = {"z0", "z1", "z2", "s0"};
    for (int round = 0; round < 60; ++round) {
        std::map<std::string, Model> models;
        h.run({"FLUSHALL"});
        for (const auto& k : keys) {
            const bool big = round % 3 == 0;  // past zset-max-listpack-entries: skiplists
            const size_t n = rng.below(big ? 400 : 12);
            for (size_t i = 0; i < n; ++i) {
                const std::string member = "m" + std::to_string(rng.below(big ? 600 : 40));
                if (k[0] == 's') {
                    h.run({"SADD", k, member});
                    models[k][member] = 1.0;
                } else {
                    const double score = static_cast<double>(rng.below(21)) - 10.0;
                    h.run({"ZADD", k, std::to_string(score), member});
                    models[k][member] = score;
                }
            }
        }
        // Pick 1..3 inputs (possibly repeated), weights and an aggregate.
        const size_t n = 1 + rng.below(3);
        std::vector<std::string> in;
        std::vector<double> w;
        for (size_t i = 0; i < n; ++i) {
            in.push_back(keys[rng.below(keys.size())]);
            w.push_back(static_cast<double>(rng.below(5)) - 1.0);
        }
        const std::string how = std::vector<std::string>{"SUM", "MIN", "MAX"}[rng.below(3)];

        // The model, with Redis's order of inputs: smallest first (stable).
        std::vector<size_t> order(n);
        for (size_t i = 0; i < n; ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](size_t a, size_t b) { return models[in[a]].size() < models[in[b]].size(); });
        Model uni, inter, diff;
        for (size_t oi = 0; oi < n; ++oi) {
            const size_t i = order[oi];
            for (const auto& [m, s] : models[in[i]]) {
                double v = s * w[i];
                if (std::isnan(v)) v = 0;
                auto it = uni.find(m);
                if (it == uni.end())
                    uni[m] = v;
                else
                    it->second = aggregate(it->second, v, how);
            }
        }
        for (const auto& [m, s] : models[in[order[0]]]) {
            double v = s * w[order[0]];
            bool all = true;
            for (size_t oi = 1; oi < n && all; ++oi) {
                const auto& other = models[in[order[oi]]];
                auto it = other.find(m);
                if (it == other.end())
                    all = false;
                else
                    v = aggregate(v, it->second * w[order[oi]], how);
            }
            if (all) inter[m] = v;
        }
        bool first_repeated = false;
        for (size_t i = 1; i < n; ++i) first_repeated |= in[i] == in[0];
        if (!first_repeated) {
            for (const auto& [m, s] : models[in[0]]) {
                bool found = false;
                for (size_t i = 1; i < n; ++i) found |= models[in[i]].count(m) > 0;
                if (!found) diff[m] = s;
            }
        }

        auto line = [&](const std::string& cmd, bool weights) {
            std::vector<std::string> argv = {cmd, std::to_string(n)};
            argv.insert(argv.end(), in.begin(), in.end());
            if (weights) {
                argv.push_back("WEIGHTS");
                for (double x : w) argv.push_back(std::to_string(x));
                argv.push_back("AGGREGATE");
                argv.push_back(how);
            }
            return argv;
        };
        auto with = [](std::vector<std::string> argv) {
            argv.push_back("WITHSCORES");
            return argv;
        };
        requireReplyEquals(h.run(with(line("ZUNION", true))), uni);
        requireReplyEquals(h.run(with(line("ZINTER", true))), inter);
        requireReplyEquals(h.run(with(line("ZDIFF", false))), diff);
        CHECK(h.run(line("ZINTERCARD", false)).integer == static_cast<long long>(inter.size()));

        auto store = line("ZUNIONSTORE", true);
        store.insert(store.begin() + 1, "dst");
        CHECK(h.run(store).integer == static_cast<long long>(uni.size()));
        if (!uni.empty()) {
            requireReplyEquals(h.run({"ZRANGE", "dst", "0", "-1", "WITHSCORES"}), uni);
            CHECK(h.run({"OBJECT", "ENCODING", "dst"}).str == (uni.size() <= 128 ? "listpack" : "skiplist"));
        } else {
            CHECK(h.run({"EXISTS", "dst"}).integer == 0);
        }
    }
}

TEST_CASE("commands.zsetops.resp3_withscores_pairs") {
    Harness h;
    h.run({"ZADD", "a", "1", "x", "2.5", "y"});
    h.run({"HELLO", "3"});
    const Reply r = h.run({"ZUNION", "1", "a", "WITHSCORES"});
    REQUIRE(r.type == Reply::Type::Array);
    REQUIRE(r.elements.size() == 2);
    REQUIRE(r.elements[1].elements.size() == 2);
    CHECK(r.elements[1].elements[0].str == "y");
    CHECK(r.elements[1].elements[1].type == Reply::Type::Double);
    CHECK(r.elements[1].elements[1].str == "2.5");
}

TEST_CASE("commands.zsetops.limit_stops_counting") {
    Harness h;
    for (int i = 0; i < 50; ++i) h.run({"ZADD", "a", std::to_string(i), "m" + std::to_string(i)});
    h.run({"ZUNIONSTORE", "b", "1", "a"});
    CHECK(h.run({"ZINTERCARD", "2", "a", "b"}).integer == 50);
    CHECK(h.run({"ZINTERCARD", "2", "a", "b", "LIMIT", "7"}).integer == 7);
    CHECK(h.run({"ZINTERCARD", "2", "a", "b", "LIMIT", "0"}).integer == 50);
}
