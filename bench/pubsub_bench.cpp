// PUBLISH through Engine::execute to 1, 100 and 1 000 subscribers of one channel (each
// message is written into every subscriber's reply buffer), and to a channel nobody
// listens to while 100 patterns exist (the cost of trying every pattern: O(patterns)).
// The end-to-end figures (through `redsim serve`, against redis-server with
// redis-benchmark) are measured by bench/compare-redis.sh.
//
// Run: build/release/bench/redsim_bench --benchmark_filter=Publish
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "engine/engine.h"

namespace {

using redsim::Client;
using redsim::Engine;
using redsim::EngineOptions;

void BM_PublishSubscribers(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    Client& pub = engine.createClient();
    std::vector<Client*> subs;
    for (int64_t i = 0; i < state.range(0); ++i) {
        Client& c = engine.createClient();
        engine.execute(c, std::vector<std::string>{"SUBSCRIBE", "news"});
        c.out.clear();
        subs.push_back(&c);
    }
    const std::vector<std::string> argv = {"PUBLISH", "news", std::string(32, 'm')};
    int64_t n = 0;
    for (auto _ : state) {
        engine.execute(pub, argv);
        pub.out.clear();
        // The face would now write every subscriber's buffer to its socket.
        if (++n % 64 == 0) {
            for (Client* c : subs) c->out.clear();
            engine.takePushedClients();
        }
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));  // messages delivered
}
BENCHMARK(BM_PublishSubscribers)->Arg(1)->Arg(100)->Arg(1000);

void BM_PublishPatterns(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    Client& pub = engine.createClient();
    Client& sub = engine.createClient();
    for (int64_t i = 0; i < state.range(0); ++i)
        engine.execute(sub, std::vector<std::string>{"PSUBSCRIBE", "p" + std::to_string(i) + ".*"});
    sub.out.clear();
    const std::vector<std::string> argv = {"PUBLISH", "news", "m"};
    for (auto _ : state) {
        engine.execute(pub, argv);
        pub.out.clear();
    }
}
BENCHMARK(BM_PublishPatterns)->Arg(100);

}  // namespace
