// Set commands through Engine::execute, on both encodings:
//   - an intset of 500 integers (just under set-max-intset-entries): SADD is a binary
//     search plus a tail move, SISMEMBER a binary search;
//   - a hashtable set of 100k strings: SADD and SISMEMBER are one hash and a chain walk;
//   - SINTER of two 10k-member hashtable sets sharing half their members: the smaller
//     set is walked and each member looked up in the other.
// SADD is measured as SADD of a new member followed by SREM of it, so the set keeps its
// size (and encoding) across iterations; items/s counts both commands.
//
// Run: build/dev/bench/redsim_bench --benchmark_filter=Set
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

// Fills `key` with `members`, 1000 per SADD.
void fill(Engine& engine, Client& client, const std::string& key, const std::vector<std::string>& members) {
    for (size_t i = 0; i < members.size(); i += 1000) {
        std::vector<std::string> argv{"SADD", key};
        for (size_t j = i; j < members.size() && j < i + 1000; ++j) argv.push_back(members[j]);
        run(engine, client, argv);
    }
    engine.advanceTime(10'000'000);  // let the cron finish any incremental rehash
}

std::vector<std::string> evenInts(size_t n) {
    std::vector<std::string> out;
    for (size_t i = 0; i < n; ++i) out.push_back(std::to_string(i * 2));
    return out;
}

std::vector<std::string> words(const std::string& prefix, size_t from, size_t n) {
    std::vector<std::string> out;
    for (size_t i = from; i < from + n; ++i) out.push_back(prefix + std::to_string(i));
    return out;
}

// SADD of a member not in the set, then SREM of it.
void addRemove(benchmark::State& state, const std::vector<std::string>& fresh, const std::vector<std::string>& base) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    fill(engine, client, "s", base);
    std::vector<std::string> add{"SADD", "s", ""};
    std::vector<std::string> rem{"SREM", "s", ""};
    size_t i = 0;
    for (auto _ : state) {
        add[2] = rem[2] = fresh[i++ % fresh.size()];
        run(engine, client, add);
        run(engine, client, rem);
    }
    state.SetItemsProcessed(state.iterations() * 2);
}

// SISMEMBER alternating members and non-members.
void isMember(benchmark::State& state, const std::vector<std::string>& probes, const std::vector<std::string>& base) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    fill(engine, client, "s", base);
    std::vector<std::string> argv{"SISMEMBER", "s", ""};
    size_t i = 0;
    for (auto _ : state) {
        argv[2] = probes[i++ % probes.size()];
        run(engine, client, argv);
    }
    state.SetItemsProcessed(state.iterations());
}

std::vector<std::string> interleave(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::vector<std::string> out;
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
        out.push_back(a[i]);
        out.push_back(b[i]);
    }
    return out;
}

void BM_SetSaddSremIntset500(benchmark::State& state) {
    std::vector<std::string> odd;
    for (size_t i = 0; i < 500; ++i) odd.push_back(std::to_string(i * 2 + 1));
    addRemove(state, odd, evenInts(500));
}
BENCHMARK(BM_SetSaddSremIntset500);

void BM_SetSismemberIntset500(benchmark::State& state) {
    std::vector<std::string> odd;
    for (size_t i = 0; i < 500; ++i) odd.push_back(std::to_string(i * 2 + 1));
    isMember(state, interleave(evenInts(500), odd), evenInts(500));
}
BENCHMARK(BM_SetSismemberIntset500);

void BM_SetSaddSremHashtable100k(benchmark::State& state) {
    addRemove(state, words("new:", 0, 100000), words("member:", 0, 100000));
}
BENCHMARK(BM_SetSaddSremHashtable100k);

void BM_SetSismemberHashtable100k(benchmark::State& state) {
    isMember(state, interleave(words("member:", 0, 100000), words("absent:", 0, 100000)), words("member:", 0, 100000));
}
BENCHMARK(BM_SetSismemberHashtable100k);

void BM_SetSinter10k(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    fill(engine, client, "a", words("m:", 0, 10000));
    fill(engine, client, "b", words("m:", 5000, 10000));
    const std::vector<std::string> argv{"SINTER", "a", "b"};
    for (auto _ : state) run(engine, client, argv);
    state.SetItemsProcessed(state.iterations() * 10000);  // members walked per call
}
BENCHMARK(BM_SetSinter10k)->Unit(benchmark::kMicrosecond);

}  // namespace
