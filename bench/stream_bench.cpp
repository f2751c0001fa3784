// Stream commands through Engine::execute, on streams of 1M entries with two small
// fields (the listpack nodes of engine/types/stream.h):
//   - XADD with `*` ids: appending to the last node, a new node every 100 entries;
//   - XADD of a whole 1M-entry stream (one iteration = 1M XADDs);
//   - XRANGE - + over all 1M entries (every node decoded), and XRANGE from a random id
//     with COUNT 10 (a map seek, then a walk inside one node);
//   - XDEL of random entries (a node walk and a flag rewrite), refilled as it empties;
//   - XTRIM MAXLEN ~ dropping the oldest node of a stream kept near 1M entries.
//
// Run: build/dev/bench/redsim_bench --benchmark_filter=Stream
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "engine/engine.h"

namespace {

using redsim::Client;
using redsim::Engine;
using redsim::EngineOptions;

constexpr size_t kEntries = 1000000;

using redsim::bench::run;

// Entries with ids 1-0 … n-0 (explicit, so benchmarks can name them) and two small fields.
void fill(Engine& engine, Client& client, const std::string& key, size_t from, size_t to) {
    std::vector<std::string> add{"XADD", key, "", "name", "", "temp", ""};
    for (size_t i = from; i < to; ++i) {
        add[2] = std::to_string(i + 1) + "-0";
        add[4] = "sensor:" + std::to_string(i % 100);
        add[6] = std::to_string(i % 1000);
        run(engine, client, add);
    }
}

void BM_StreamXaddStar(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    std::vector<std::string> add{"XADD", "s", "*", "name", "sensor:1", "temp", ""};
    size_t i = 0;
    for (auto _ : state) {
        add[6] = std::to_string(i++ % 1000);
        run(engine, client, add);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StreamXaddStar);

void BM_StreamXadd1M(benchmark::State& state) {
    // One iteration (see below), so one engine built outside the timed loop will do.
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    std::vector<std::string> add{"XADD", "s", "*", "name", "sensor:1", "temp", ""};
    for (auto _ : state) {
        for (size_t i = 0; i < kEntries; ++i) {
            add[6] = std::to_string(i % 1000);
            run(engine, client, add);
        }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kEntries));
}
BENCHMARK(BM_StreamXadd1M)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_StreamXrangeFull(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    fill(engine, client, "s", 0, kEntries);
    const std::vector<std::string> range{"XRANGE", "s", "-", "+"};
    for (auto _ : state) run(engine, client, range);
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kEntries));
}
BENCHMARK(BM_StreamXrangeFull)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_StreamXrangeCount10(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    fill(engine, client, "s", 0, kEntries);
    std::mt19937_64 rng(1);
    std::vector<std::string> range{"XRANGE", "s", "", "+", "COUNT", "10"};
    for (auto _ : state) {
        range[2] = std::to_string(1 + rng() % kEntries);
        run(engine, client, range);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StreamXrangeCount10);

void BM_StreamXdel(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    fill(engine, client, "s", 0, kEntries);
    std::mt19937_64 rng(1);
    std::vector<std::string> del{"XDEL", "s", ""};
    for (auto _ : state) {
        del[2] = std::to_string(1 + rng() % kEntries) + "-0";  // some are gone already: a miss
        run(engine, client, del);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StreamXdel);

// A capped stream: every 100 XADDs fill one node, and XTRIM MAXLEN ~ drops the oldest.
void BM_StreamXtrimApprox(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    fill(engine, client, "s", 0, kEntries);
    size_t next = kEntries;
    const std::vector<std::string> trim{"XTRIM", "s", "MAXLEN", "~", std::to_string(kEntries)};
    for (auto _ : state) {
        state.PauseTiming();
        fill(engine, client, "s", next, next + 100);
        next += 100;
        state.ResumeTiming();
        run(engine, client, trim);
    }
    state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_StreamXtrimApprox);

}  // namespace
