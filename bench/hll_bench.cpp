// HyperLogLog commands through Engine::execute:
//   - PFADD of one new element into a dense HLL (a hash, a register compare, maybe a
//     6-bit write) and into a sparse one kept small (the opcode walk and split);
//   - PFCOUNT of a dense HLL whose cache was just invalidated (the histogram of 16384
//     registers and the estimator), and of a cached one (a header read);
//   - PFCOUNT of the union of two dense HLLs (both merged into a register array).
//
// Run: build/dev/bench/redsim_bench --benchmark_filter=Hll
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "engine/engine.h"

namespace {

using redsim::Client;
using redsim::Engine;
using redsim::EngineOptions;

void run(Engine& engine, Client& client, const std::vector<std::string>& argv) {
    engine.execute(client, argv);
    client.out.clear();
}

void fill(Engine& engine, Client& client, const std::string& key, size_t n) {
    for (size_t i = 0; i < n; i += 1000) {
        std::vector<std::string> argv{"PFADD", key};
        for (size_t j = i; j < n && j < i + 1000; ++j) argv.push_back(key + ":" + std::to_string(j));
        run(engine, client, argv);
    }
}

void BM_HllPfaddDense(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    fill(engine, client, "h", 100000);
    std::vector<std::string> add{"PFADD", "h", ""};
    size_t i = 0;
    for (auto _ : state) {
        add[2] = "new:" + std::to_string(i++);
        run(engine, client, add);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HllPfaddDense);

// A sparse HLL of ~200 registers: every 400 adds the key is reset so it stays sparse.
void BM_HllPfaddSparse(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    std::vector<std::string> add{"PFADD", "s", ""};
    const std::vector<std::string> del{"DEL", "s"};
    size_t i = 0;
    for (auto _ : state) {
        if (i % 400 == 0) {
            state.PauseTiming();
            run(engine, client, del);
            fill(engine, client, "s", 200);
            state.ResumeTiming();
        }
        add[2] = "new:" + std::to_string(i++);
        run(engine, client, add);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HllPfaddSparse);

void BM_HllPfcountUncached(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    fill(engine, client, "h", 100000);
    const std::vector<std::string> count{"PFCOUNT", "h"};
    std::vector<std::string> add{"PFADD", "h", ""};
    size_t i = 0;
    for (auto _ : state) {
        state.PauseTiming();
        // Keep adding until a register changes, so the cached value is stale.
        for (;;) {
            add[2] = "x:" + std::to_string(i++);
            engine.execute(client, add);
            const bool changed = client.out == ":1\r\n";
            client.out.clear();
            if (changed) break;
        }
        state.ResumeTiming();
        run(engine, client, count);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HllPfcountUncached);

void BM_HllPfcountCached(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    fill(engine, client, "h", 100000);
    const std::vector<std::string> count{"PFCOUNT", "h"};
    for (auto _ : state) run(engine, client, count);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HllPfcountCached);

void BM_HllPfcountUnion(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    fill(engine, client, "a", 100000);
    fill(engine, client, "b", 100000);
    const std::vector<std::string> count{"PFCOUNT", "a", "b"};
    for (auto _ : state) run(engine, client, count);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HllPfcountUnion);

}  // namespace
