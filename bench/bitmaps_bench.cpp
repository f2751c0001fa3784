// Bitmap commands through Engine::execute on a 64 Mbit (8 MB) bitmap:
//   - SETBIT at pseudo-random offsets: one byte changed in place in the raw string;
//   - BITCOUNT of the whole bitmap: std::popcount over 8-byte words, so the figure is
//     essentially memory bandwidth (bytes/s is reported);
//   - BITCOUNT of a 1 KB byte range and BITPOS of the first clear bit.
//
// Run: build/dev/bench/redsim_bench --benchmark_filter=Bit
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace {

using redsim::Client;
using redsim::Engine;
using redsim::EngineOptions;

constexpr uint64_t kBits = uint64_t{64} << 20;  // 64 Mbit

void run(Engine& engine, Client& client, const std::vector<std::string>& argv) {
    engine.execute(client, argv);
    client.out.clear();
}

// A 64 Mbit bitmap with about one bit in three set, written 1 MB at a time (SETRANGE).
void fill(Engine& engine, Client& client) {
    std::string chunk(1 << 20, '\0');
    uint64_t x = 88172645463325252ULL;
    for (uint64_t off = 0; off < kBits / 8; off += chunk.size()) {
        for (char& c : chunk) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            c = static_cast<char>(x & (x >> 8) & 0xFF);
        }
        run(engine, client, {"SETRANGE", "bm", std::to_string(off), chunk});
    }
}

void BM_Setbit64Mbit(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1});
    Client& client = engine.createClient();
    fill(engine, client);
    uint64_t x = 1;
    std::vector<std::string> argv{"SETBIT", "bm", "", "1"};
    for (auto _ : state) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        argv[2] = std::to_string((x >> 20) % kBits);
        argv[3] = (x & 1) ? "1" : "0";
        run(engine, client, argv);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_Setbit64Mbit);

void BM_Bitcount64Mbit(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1});
    Client& client = engine.createClient();
    fill(engine, client);
    const std::vector<std::string> argv{"BITCOUNT", "bm"};
    for (auto _ : state) run(engine, client, argv);
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * (kBits / 8)));
}
BENCHMARK(BM_Bitcount64Mbit)->Unit(benchmark::kMillisecond);

void BM_BitcountRange1KB(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1});
    Client& client = engine.createClient();
    fill(engine, client);
    const std::vector<std::string> argv{"BITCOUNT", "bm", "4000000", "4001023"};
    for (auto _ : state) run(engine, client, argv);
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_BitcountRange1KB);

void BM_BitposClear64Mbit(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1});
    Client& client = engine.createClient();
    fill(engine, client);
    const std::vector<std::string> argv{"BITPOS", "bm", "0"};
    for (auto _ : state) run(engine, client, argv);
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_BitposClear64Mbit);

}  // namespace
