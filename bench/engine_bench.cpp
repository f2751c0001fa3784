// In-process command throughput: Engine::execute for GET, SET and INCR, the way the
// REPL and the server call it (argv in, RESP bytes out). No network, one core.
//
// Each benchmark runs over a keyspace of N keys, read in a scattered order: N = 1 is
// what redis-benchmark measures by default (one key), 10k keys fit the CPU caches,
// 1M keys make every lookup a trip to main memory, as it would be for Redis.
//
// Run: ./dev bench   (or build/release/bench/redsim_bench --benchmark_filter=Engine)
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "engine/engine.h"

namespace {

using redsim::Client;
using redsim::Engine;
using redsim::EngineOptions;

std::vector<std::string> keyNames(size_t n) {
    std::vector<std::string> keys;
    keys.reserve(n);
    for (size_t i = 0; i < n; ++i) keys.push_back("key:" + std::to_string(i));
    return keys;
}

// Runs `argv` (argv[1] replaced by each key in turn) for every benchmark iteration.
void runOverKeys(benchmark::State& state, Engine& engine, Client& client, const std::vector<std::string>& keys,
                 std::vector<std::string> argv) {
    size_t i = 0;
    for (auto _ : state) {
        argv[1] = keys[i++ % keys.size()];
        engine.execute(client, argv);
        client.out.clear();
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_EngineGet(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    const auto keys = keyNames(static_cast<size_t>(state.range(0)));
    for (const auto& k : keys) {
        std::vector<std::string> argv{"SET", k, "value-of-some-length"};
        engine.execute(client, argv);
    }
    client.out.clear();
    // Let the cron finish the keyspace's incremental rehash, as a running server would.
    engine.advanceTime(10'000'000);
    runOverKeys(state, engine, client, keys, {"GET", ""});
}
BENCHMARK(BM_EngineGet)->Arg(1)->Arg(10000)->Arg(1000000);

void BM_EngineSet(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    runOverKeys(state, engine, client, keyNames(static_cast<size_t>(state.range(0))),
                {"SET", "", "value-of-some-length"});
}
BENCHMARK(BM_EngineSet)->Arg(1)->Arg(10000)->Arg(1000000);

void BM_EngineIncr(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    runOverKeys(state, engine, client, keyNames(static_cast<size_t>(state.range(0))), {"INCR", ""});
}
BENCHMARK(BM_EngineIncr)->Arg(1)->Arg(10000)->Arg(1000000);

}  // namespace
