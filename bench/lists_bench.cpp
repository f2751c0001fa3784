// List command throughput through Engine::execute (argv in, RESP bytes out), on a list
// of 1M elements with the default settings (list-max-listpack-size -2: 8 KB nodes, no
// compression):
//   LPUSH          one push at the head per iteration (the list keeps growing);
//   RPUSH+LPOP     a queue: one push at the tail and one pop at the head;
//   LINDEX middle  the element at 500 000: skips half the nodes, then walks one listpack;
//   LRANGE 0 99    the first 100 elements: one or two nodes, 100 bulk replies.
//
// Run: ./dev bench   (or build/release/bench/redsim_bench --benchmark_filter=List)
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "engine/engine.h"

namespace {

using redsim::Client;
using redsim::Engine;
using redsim::EngineOptions;

constexpr size_t kElements = 1'000'000;

// RPUSHes kElements short values ("value:<i>") to `key`, 1000 per command.
void fillList(Engine& engine, Client& client, const std::string& key) {
    std::vector<std::string> argv;
    for (size_t i = 0; i < kElements;) {
        argv = {"RPUSH", key};
        for (size_t j = 0; j < 1000 && i < kElements; ++j, ++i) argv.push_back("value:" + std::to_string(i));
        engine.execute(client, argv);
        client.out.clear();
    }
}

void runCommand(benchmark::State& state, Engine& engine, Client& client, const std::vector<std::string>& argv) {
    for (auto _ : state) {
        engine.execute(client, argv);
        client.out.clear();
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_ListLpush(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    fillList(engine, client, "list");
    runCommand(state, engine, client, {"LPUSH", "list", "value-of-some-length"});
}
BENCHMARK(BM_ListLpush);

void BM_ListRpushLpop(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    fillList(engine, client, "list");
    const std::vector<std::string> push = {"RPUSH", "list", "value-of-some-length"};
    const std::vector<std::string> pop = {"LPOP", "list"};
    for (auto _ : state) {
        engine.execute(client, push);
        engine.execute(client, pop);
        client.out.clear();
    }
    state.SetItemsProcessed(state.iterations() * 2);
}
BENCHMARK(BM_ListRpushLpop);

void BM_ListLindexMiddle(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    fillList(engine, client, "list");
    runCommand(state, engine, client, {"LINDEX", "list", std::to_string(kElements / 2)});
}
BENCHMARK(BM_ListLindexMiddle);

void BM_ListLrange100(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    fillList(engine, client, "list");
    runCommand(state, engine, client, {"LRANGE", "list", "0", "99"});
}
BENCHMARK(BM_ListLrange100);

}  // namespace
