// HSET and HGET through Engine::execute on one small hash (10 fields: a listpack, where
// every lookup walks the entries) and one big hash (100k fields: a hashtable, one
// hash and a short chain walk). The fields are visited in a scattered order; HSET
// overwrites existing fields, so the hash keeps its size and encoding while measured.
//
// Run: build/release/bench/redsim_bench --benchmark_filter=Hash
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "engine/engine.h"

namespace {

using redsim::Client;
using redsim::Engine;
using redsim::EngineOptions;

// A hash "h" with n fields "field:i" -> "value-of-some-length". Returns the field
// names in a scattered order (a stride coprime with n).
std::vector<std::string> fillHash(Engine& engine, Client& client, size_t n) {
    std::vector<std::string> fields;
    fields.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        fields.push_back("field:" + std::to_string(i));
        std::vector<std::string> argv{"HSET", "h", fields.back(), "value-of-some-length"};
        engine.execute(client, argv);
    }
    client.out.clear();
    std::vector<std::string> scattered;
    scattered.reserve(n);
    const size_t stride = n > 7919 ? 7919 : (n > 3 ? 3 : 1);
    for (size_t i = 0, j = 0; i < n; ++i, j = (j + stride) % n) scattered.push_back(fields[j]);
    return scattered;
}

// Runs argv with argv[2] replaced by each field in turn.
void runOverFields(benchmark::State& state, Engine& engine, Client& client, const std::vector<std::string>& fields,
                   std::vector<std::string> argv) {
    size_t i = 0;
    for (auto _ : state) {
        argv[2] = fields[i++ % fields.size()];
        engine.execute(client, argv);
        client.out.clear();
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_HashHget(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    const auto fields = fillHash(engine, client, static_cast<size_t>(state.range(0)));
    runOverFields(state, engine, client, fields, {"HGET", "h", ""});
}
BENCHMARK(BM_HashHget)->Arg(10)->Arg(100000);

void BM_HashHset(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    const auto fields = fillHash(engine, client, static_cast<size_t>(state.range(0)));
    runOverFields(state, engine, client, fields, {"HSET", "h", "", "another-value-of-len"});
}
BENCHMARK(BM_HashHset)->Arg(10)->Arg(100000);

// Building a hash from empty: the listpack phase, the conversion at 512 fields, then
// dict growth. Items are fields added.
void BM_HashBuild(benchmark::State& state) {
    const size_t n = static_cast<size_t>(state.range(0));
    for (auto _ : state) {
        Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
        auto& client = engine.createClient();
        benchmark::DoNotOptimize(fillHash(engine, client, n));
    }
    state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}
BENCHMARK(BM_HashBuild)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
