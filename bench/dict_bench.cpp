// Dict at 1M keys: inserts (with every incremental rehash on the way), lookups, and the
// cost of a full rehash of a 1M-entry table in 100-bucket batches.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "engine/ds/dict.h"

namespace {

using redsim::Dict;

constexpr int kN = 1'000'000;

const std::vector<std::string>& keys() {
    static const std::vector<std::string> k = [] {
        std::vector<std::string> v;
        v.reserve(kN);
        for (int i = 0; i < kN; ++i) v.push_back("key:" + std::to_string(i));
        return v;
    }();
    return k;
}

void BM_DictInsert1M(benchmark::State& state) {
    const auto& k = keys();
    for (auto _ : state) {
        Dict<int> d(42);
        for (int i = 0; i < kN; ++i) d.insert(k[static_cast<size_t>(i)], i);
        benchmark::DoNotOptimize(d.size());
    }
    state.SetItemsProcessed(state.iterations() * kN);
}
BENCHMARK(BM_DictInsert1M)->Unit(benchmark::kMillisecond);

void BM_DictLookup1M(benchmark::State& state) {
    const auto& k = keys();
    Dict<int> d(42);
    for (int i = 0; i < kN; ++i) d.insert(k[static_cast<size_t>(i)], i);
    while (d.isRehashing()) d.rehash(1000);
    size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(d.find(k[i++ % kN]));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DictLookup1M);

void BM_DictRehash1M(benchmark::State& state) {
    const auto& k = keys();
    for (auto _ : state) {
        state.PauseTiming();
        Dict<int> d(42);
        for (int i = 0; i < kN; ++i) d.insert(k[static_cast<size_t>(i)], i);
        while (d.isRehashing()) d.rehash(1000);
        d.expand(static_cast<size_t>(kN) * 4);  // start a rehash of every entry
        state.ResumeTiming();
        while (d.rehashBatches(1000) > 0) {
        }
        benchmark::DoNotOptimize(d.size());
    }
    state.SetItemsProcessed(state.iterations() * kN);
}
BENCHMARK(BM_DictRehash1M)->Unit(benchmark::kMillisecond);

}  // namespace
