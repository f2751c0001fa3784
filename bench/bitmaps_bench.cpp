// Bitmap commands through Engine::execute on a 64 Mbit (8 MB) bitmap:
//   - SETBIT at pseudo-random offsets: one byte changed in place in the raw string;
//   - BITCOUNT of the whole bitmap: std::popcount over 8-byte words, so the figure is
//     essentially memory bandwidth (bytes/s is reported);
//   - BITCOUNT of a 1 KB byte range, of a 1 Mbit BIT range (odd bit edges);
//   - BITPOS of the first clear bit (found at once), and BITPOS 1 on a mostly-zero
//     64 Mbit bitmap whose only set bit is near the end (a scan of all 8 MB);
//   - BITOP AND of two 8 MB strings into a third;
//   - BITFIELD INCRBY of a u8 and an i16 field at pseudo-random offsets.
//
// Run: build/release/bench/redsim_bench --benchmark_filter=Bit
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "engine/engine.h"

namespace {

using redsim::Client;
using redsim::Engine;
using redsim::EngineOptions;

constexpr uint64_t kBits = uint64_t{64} << 20;  // 64 Mbit

using redsim::bench::run;

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

void BM_BitcountBitRange1Mbit(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1});
    Client& client = engine.createClient();
    fill(engine, client);
    const std::vector<std::string> argv{"BITCOUNT", "bm", "32000003", "33048578", "BIT"};
    for (auto _ : state) run(engine, client, argv);
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * (1 << 17)));
}
BENCHMARK(BM_BitcountBitRange1Mbit);

// A 64 Mbit bitmap of zeros with one bit set 8 bits before its end: BITPOS 1 scans it all.
void BM_BitposSet64MbitSparse(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1});
    Client& client = engine.createClient();
    run(engine, client, {"SETBIT", "z", std::to_string(kBits - 8), "1"});
    const std::vector<std::string> argv{"BITPOS", "z", "1"};
    for (auto _ : state) run(engine, client, argv);
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * (kBits / 8)));
}
BENCHMARK(BM_BitposSet64MbitSparse)->Unit(benchmark::kMillisecond);

// BITOP AND dst bm bm2: two 8 MB sources, an 8 MB result stored (replacing the last one).
void BM_BitopAnd64Mbit(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1});
    Client& client = engine.createClient();
    fill(engine, client);
    run(engine, client, {"BITOP", "NOT", "bm2", "bm"});
    const std::vector<std::string> argv{"BITOP", "AND", "dst", "bm", "bm2"};
    for (auto _ : state) run(engine, client, argv);
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * (kBits / 8)));
}
BENCHMARK(BM_BitopAnd64Mbit)->Unit(benchmark::kMillisecond);

// BITFIELD bm OVERFLOW WRAP INCRBY u8 <off> 1 INCRBY i16 <off2> -3 on the 64 Mbit bitmap.
void BM_BitfieldIncrby(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1});
    Client& client = engine.createClient();
    fill(engine, client);
    uint64_t x = 1;
    std::vector<std::string> argv{"BITFIELD", "bm", "INCRBY", "u8", "", "1", "INCRBY", "i16", "", "-3"};
    for (auto _ : state) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        argv[4] = std::to_string((x >> 20) % (kBits - 8));
        argv[8] = std::to_string((x >> 40) % (kBits - 16));
        run(engine, client, argv);
    }
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_BitfieldIncrby);

}  // namespace
