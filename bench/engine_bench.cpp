// In-process command throughput: Engine::execute for GET, SET and INCR, the way the
// REPL and the server call it (argv in, RESP bytes out). No network, one core.
//
// Run: ./dev bench   (or build/release/bench/redsim_bench --benchmark_filter=Engine)
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "engine/engine.h"

namespace {

using redsim::Engine;
using redsim::EngineOptions;

constexpr int kKeys = 100000;

std::vector<std::string> keyNames() {
    std::vector<std::string> keys;
    keys.reserve(kKeys);
    for (int i = 0; i < kKeys; ++i) keys.push_back("key:" + std::to_string(i));
    return keys;
}

void BM_EngineGet(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    const auto keys = keyNames();
    for (const auto& k : keys) {
        std::vector<std::string> argv{"SET", k, "value-of-some-length"};
        engine.execute(client, argv);
    }
    client.out.clear();
    std::vector<std::string> argv{"GET", ""};
    size_t i = 0;
    for (auto _ : state) {
        argv[1] = keys[i++ % kKeys];
        engine.execute(client, argv);
        client.out.clear();
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EngineGet);

void BM_EngineSet(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    const auto keys = keyNames();
    std::vector<std::string> argv{"SET", "", "value-of-some-length"};
    size_t i = 0;
    for (auto _ : state) {
        argv[1] = keys[i++ % kKeys];
        engine.execute(client, argv);
        client.out.clear();
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EngineSet);

void BM_EngineIncr(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    const auto keys = keyNames();
    std::vector<std::string> argv{"INCR", ""};
    size_t i = 0;
    for (auto _ : state) {
        argv[1] = keys[i++ % 1000];
        engine.execute(client, argv);
        client.out.clear();
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EngineIncr);

}  // namespace
