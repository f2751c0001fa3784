// Scripting through Engine::execute:
//   - EVALSHA of a tiny script (return 1): the fixed cost of running a cached script
//     (set KEYS/ARGV, call under the error handler, convert the reply);
//   - EVALSHA of a script doing one redis.call('incr') (adds a re-entrant dispatch and
//     the RESP -> Lua conversion);
//   - EVALSHA returning a 100-element array (Lua -> RESP conversion);
//   - FCALL of a function doing one redis.call('get').
//
// Run: build/release/bench/redsim_bench --benchmark_filter=Script
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/scripting/sha1.h"

namespace {

using redsim::Engine;
using redsim::EngineOptions;

void evalsha(benchmark::State& state, const std::string& body, std::vector<std::string> extra) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    engine.execute(client, std::vector<std::string>{"SCRIPT", "LOAD", body});
    client.out.clear();
    std::vector<std::string> argv = {"EVALSHA", redsim::sha1Hex(body)};
    argv.insert(argv.end(), extra.begin(), extra.end());
    for (auto _ : state) {
        engine.execute(client, argv);
        client.out.clear();
    }
    state.SetItemsProcessed(state.iterations());
}

void BM_ScriptEvalshaReturn1(benchmark::State& state) { evalsha(state, "return 1", {"0"}); }
void BM_ScriptEvalshaIncr(benchmark::State& state) {
    evalsha(state, "return redis.call('incr', KEYS[1])", {"1", "counter"});
}
void BM_ScriptEvalshaArray100(benchmark::State& state) {
    evalsha(state, "local t = {} for i = 1, 100 do t[i] = i end return t", {"0"});
}

void BM_ScriptFcallGet(benchmark::State& state) {
    Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
    auto& client = engine.createClient();
    engine.execute(client, std::vector<std::string>{"SET", "k", "v"});
    engine.execute(client, std::vector<std::string>{
                               "FUNCTION", "LOAD",
                               "#!lua name=b\nredis.register_function('g', function(keys) return redis.call('get', "
                               "keys[1]) end)"});
    client.out.clear();
    const std::vector<std::string> argv = {"FCALL", "g", "1", "k"};
    for (auto _ : state) {
        engine.execute(client, argv);
        client.out.clear();
    }
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_ScriptEvalshaReturn1);
BENCHMARK(BM_ScriptEvalshaIncr);
BENCHMARK(BM_ScriptEvalshaArray100);
BENCHMARK(BM_ScriptFcallGet);

}  // namespace
