// Consumer groups through Engine::execute: the life of one entry in a group (XADD, then
// XREADGROUP … > hands it to a consumer and makes it pending, then XACK removes it from
// both PELs), and XPENDING's summary over a PEL of 100k pending entries held by 10
// consumers.
//
// Run: build/release/bench/redsim_bench --benchmark_filter=StreamGroup
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

void BM_StreamGroupAddReadAck(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    Client& client = engine.createClient();
    run(engine, client, {"XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"});
    uint64_t ms = 1;
    for (auto _ : state) {
        const std::string id = std::to_string(ms++) + "-0";
        run(engine, client, {"XADD", "s", "MAXLEN", "~", "1000", id, "field", "value"});
        run(engine, client, {"XREADGROUP", "GROUP", "g", "worker", "COUNT", "1", "STREAMS", "s", ">"});
        run(engine, client, {"XACK", "s", "g", id});
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StreamGroupAddReadAck);

void BM_StreamGroupPendingSummary(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    Client& client = engine.createClient();
    run(engine, client, {"XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"});
    for (int i = 1; i <= 100000; ++i) run(engine, client, {"XADD", "s", std::to_string(i) + "-0", "f", "v"});
    for (int c = 0; c < 10; ++c)
        run(engine, client,
            {"XREADGROUP", "GROUP", "g", "c" + std::to_string(c), "COUNT", "10000", "STREAMS", "s", ">"});
    for (auto _ : state) run(engine, client, {"XPENDING", "s", "g"});
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StreamGroupPendingSummary);

}  // namespace
