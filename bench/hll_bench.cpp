// HyperLogLog commands through Engine::execute:
//   - PFADD of new elements, one per call and 100 per call, into a dense HLL (a hash, a
//     register compare, maybe a 6-bit write per element) and into a sparse one kept
//     small (the opcode walk and split, which grows with the number of opcodes);
//   - PFCOUNT of a dense HLL whose cache was just invalidated by a PFADD that changed
//     a register (the histogram of 16384 registers and the estimator), and of a cached
//     one (a header read);
//   - PFCOUNT of the union of two and of three dense HLLs (all merged into one register
//     array, estimated, nothing cached);
//   - PFMERGE of two dense HLLs into a third (dense) one.
//
// Run: build/release/bench/redsim_bench --benchmark_filter=Hll
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "engine/engine.h"

namespace {

using redsim::Client;
using redsim::Engine;
using redsim::EngineOptions;

using redsim::bench::run;

void fill(Engine& engine, Client& client, const std::string& key, size_t n) {
    for (size_t i = 0; i < n; i += 1000) {
        std::vector<std::string> argv{"PFADD", key};
        for (size_t j = i; j < n && j < i + 1000; ++j) argv.push_back(key + ":" + std::to_string(j));
        run(engine, client, argv);
    }
}

// PFADD h e1 … eN with N = state.range(0), all new elements, into a dense HLL of 100k.
void BM_HllPfaddDense(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    fill(engine, client, "h", 100000);
    const auto batch = static_cast<size_t>(state.range(0));
    std::vector<std::string> add(2 + batch);
    add[0] = "PFADD";
    add[1] = "h";
    size_t i = 0;
    for (auto _ : state) {
        for (size_t j = 0; j < batch; ++j) add[2 + j] = "new:" + std::to_string(i++);
        run(engine, client, add);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * batch));
}
BENCHMARK(BM_HllPfaddDense)->Arg(1)->Arg(100);

// PFADD into a sparse HLL of about 200..600 set registers (well under the 3000-byte
// promotion limit): every 400 elements the key is reset to 200 elements, untimed.
void BM_HllPfaddSparse(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    const auto batch = static_cast<size_t>(state.range(0));
    std::vector<std::string> add(2 + batch);
    add[0] = "PFADD";
    add[1] = "s";
    const std::vector<std::string> del{"DEL", "s"};
    const std::vector<std::string> encoding{"PFDEBUG", "ENCODING", "s"};
    size_t i = 0, since_reset = 400;
    for (auto _ : state) {
        if (since_reset >= 400) {
            state.PauseTiming();
            run(engine, client, del);
            fill(engine, client, "s", 200);
            since_reset = 0;
            state.ResumeTiming();
        }
        for (size_t j = 0; j < batch; ++j) add[2 + j] = "new:" + std::to_string(i++);
        run(engine, client, add);
        since_reset += batch;
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * batch));
    // Check that the phase measured really was the sparse one.
    engine.execute(client, encoding);
    if (client.out != "+sparse\r\n") state.SkipWithError("the HLL was promoted to dense");
    client.out.clear();
}
BENCHMARK(BM_HllPfaddSparse)->Arg(1)->Arg(100);

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

// PFCOUNT k1 … kN over N = state.range(0) dense HLLs of 100k elements each.
void BM_HllPfcountUnion(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    std::vector<std::string> count{"PFCOUNT"};
    for (int64_t k = 0; k < state.range(0); ++k) {
        count.push_back("u" + std::to_string(k));
        fill(engine, client, count.back(), 100000);
    }
    for (auto _ : state) run(engine, client, count);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HllPfcountUnion)->Arg(2)->Arg(3);

// PFMERGE d a b, three dense HLLs (d already holds the union after the first call, so
// every later call rewrites the same registers: the cost is the merge, not growth).
void BM_HllPfmerge(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    fill(engine, client, "a", 100000);
    fill(engine, client, "b", 100000);
    const std::vector<std::string> merge{"PFMERGE", "d", "a", "b"};
    for (auto _ : state) run(engine, client, merge);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HllPfmerge);

}  // namespace
