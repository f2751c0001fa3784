// Sorted set commands through Engine::execute (argv in, RESP bytes out), on one zset of
// N members: N = 100 stays a listpack (every operation is a linear walk over one
// buffer), N = 1M is a skiplist + dict (O(1) ZSCORE, O(log N) ZRANK and range starts).
//
//   ZADD      update a random member to a new random score (the size stays N)
//   ZSCORE    a random member's score
//   ZRANK     a random member's rank
//   ZRANGE    0 99: the first 100 members
//   BYSCORE   ZRANGE key <random score> +inf BYSCORE LIMIT 0 10
//
// Run: build/release/bench/redsim_bench --benchmark_filter=Zset
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/rng.h"

namespace {

using redsim::Client;
using redsim::Engine;
using redsim::EngineOptions;
using redsim::Rng;

std::string memberName(size_t i) { return "member:" + std::to_string(i); }

// A score in [0, 1e6) with a fractional part, so listpacks store text, as real data would.
std::string randomScore(Rng& rng) { return std::to_string(static_cast<double>(rng.below(100'000'000)) / 100.0); }

// An engine holding key "z" with n members.
struct ZsetFixture {
    Engine engine{EngineOptions{.seed = 1, .virtual_clock = true}};
    Client& client = engine.createClient();
    Rng rng{42};
    size_t n;

    explicit ZsetFixture(size_t members) : n(members) {
        std::vector<std::string> argv = {"ZADD", "z"};
        for (size_t i = 0; i < n; ++i) {
            argv.push_back(randomScore(rng));
            argv.push_back(memberName(i));
            if (argv.size() >= 2 + 2000 || i + 1 == n) {
                engine.execute(client, argv);
                argv.resize(2);
            }
        }
        client.out.clear();
        engine.advanceTime(10'000'000);  // let the cron finish any keyspace rehash
    }

    void run(std::vector<std::string>& argv) {
        engine.execute(client, argv);
        client.out.clear();
    }
};

void BM_ZsetZadd(benchmark::State& state) {
    ZsetFixture f(static_cast<size_t>(state.range(0)));
    std::vector<std::string> scores, names;
    for (size_t i = 0; i < 4096; ++i) {
        scores.push_back(randomScore(f.rng));
        names.push_back(memberName(f.rng.below(f.n)));
    }
    std::vector<std::string> argv = {"ZADD", "z", "", ""};
    size_t i = 0;
    for (auto _ : state) {
        argv[2] = scores[i % scores.size()];
        argv[3] = names[i++ % names.size()];
        f.run(argv);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ZsetZadd)->Arg(100)->Arg(1'000'000);

// Runs argv with argv[2] set to a random member each time (names built up front).
void runWithRandomMember(benchmark::State& state, std::vector<std::string> argv) {
    ZsetFixture f(static_cast<size_t>(state.range(0)));
    std::vector<std::string> names;
    for (size_t i = 0; i < 4096; ++i) names.push_back(memberName(f.rng.below(f.n)));
    size_t i = 0;
    for (auto _ : state) {
        argv[2] = names[i++ % names.size()];
        f.run(argv);
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_ZsetZscore(benchmark::State& state) { runWithRandomMember(state, {"ZSCORE", "z", ""}); }
BENCHMARK(BM_ZsetZscore)->Arg(100)->Arg(1'000'000);

void BM_ZsetZrank(benchmark::State& state) { runWithRandomMember(state, {"ZRANK", "z", ""}); }
BENCHMARK(BM_ZsetZrank)->Arg(100)->Arg(1'000'000);

void BM_ZsetZrange100(benchmark::State& state) {
    ZsetFixture f(static_cast<size_t>(state.range(0)));
    std::vector<std::string> argv = {"ZRANGE", "z", "0", "99"};
    for (auto _ : state) f.run(argv);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ZsetZrange100)->Arg(100)->Arg(1'000'000);

void BM_ZsetZrangeByScoreLimit(benchmark::State& state) {
    ZsetFixture f(static_cast<size_t>(state.range(0)));
    std::vector<std::string> starts;
    for (size_t i = 0; i < 4096; ++i) starts.push_back(randomScore(f.rng));
    std::vector<std::string> argv = {"ZRANGE", "z", "", "+inf", "BYSCORE", "LIMIT", "0", "10"};
    size_t i = 0;
    for (auto _ : state) {
        argv[2] = starts[i++ % starts.size()];
        f.run(argv);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ZsetZrangeByScoreLimit)->Arg(100)->Arg(1'000'000);

}  // namespace
