// EngineOptions::script_instruction_limit: on a virtual clock an endless script would
// never time out, so `redsim grade` bounds scripts by Lua instructions instead. Scripts
// past the limit end with an error, in bounded time; the engine stays usable.
#include <doctest/doctest.h>

#include <string>

#include "tests/engine/test_util.h"

using redsim::test::Harness;

TEST_SUITE("scripting.instruction_limit") {
    TEST_CASE("scripting.instruction_limit.endless_eval_stops") {
        Harness h;
        h.engine.setScriptInstructionLimit(1'000'000);
        CHECK(h.cli({"EVAL", "while true do end", "0"}) ==
              "(error) ERR script exceeded the instruction limit of 1000000 set for this run script: "
              "694a5fe1ddb97a4c6a1bf299d9537c7d3d0f84e7, on @user_script:1.");
        // pcall cannot swallow it: the script stops at the next line.
        const auto r = h.run({"EVAL", "while true do pcall(function() while true do end end) end", "0"});
        CHECK(r.type == redsim::resp::Reply::Type::Error);
        CHECK(r.str.starts_with("ERR script exceeded the instruction limit of 1000000 set for this run"));
        // A limit below the hook's usual step counts exactly enough.
        h.engine.setScriptInstructionLimit(500);
        CHECK(h.run({"EVAL", "local n = 0 while true do n = n + 1 end", "0"})
                  .str.starts_with("ERR script exceeded the instruction limit of 500"));
        // The engine goes on: other scripts and commands work.
        CHECK(h.cli({"EVAL", "return 1 + 1", "0"}) == "(integer) 2");
        CHECK(h.cli({"PING"}) == "PONG");
        CHECK(h.engine.script.caller == nullptr);
    }

    TEST_CASE("scripting.instruction_limit.writes_before_the_stop_are_kept") {
        Harness h;
        h.engine.setScriptInstructionLimit(100'000);
        const auto r =
            h.run({"EVAL", "redis.call('SET', KEYS[1], 'done') redis.call('INCR', 'n') while true do end", "1", "k"});
        CHECK(r.type == redsim::resp::Reply::Type::Error);
        CHECK(h.cli({"GET", "k"}) == "\"done\"");
        CHECK(h.cli({"GET", "n"}) == "\"1\"");
        CHECK(h.cli({"SET", "after", "1"}) == "OK");
    }

    TEST_CASE("scripting.instruction_limit.fcall_and_function_load") {
        Harness h;
        h.engine.setScriptInstructionLimit(200'000);
        REQUIRE(h.cli({"FUNCTION", "LOAD",
                       "#!lua name=lib\nredis.register_function('spin', function() while true do end end)\n"
                       "redis.register_function('ok', function() return 'fine' end)"}) == "\"lib\"");
        const auto r = h.run({"FCALL", "spin", "0"});
        CHECK(r.type == redsim::resp::Reply::Type::Error);
        CHECK(r.str.starts_with("ERR script exceeded the instruction limit of 200000 set for this run"));
        CHECK(h.cli({"FCALL", "ok", "0"}) == "\"fine\"");
        // Code that loops while the library loads (no function runs yet).
        const auto load = h.run({"FUNCTION", "LOAD", "#!lua name=spinload\nwhile true do end"});
        CHECK(load.type == redsim::resp::Reply::Type::Error);
        CHECK(load.str.find("script exceeded the instruction limit of 200000") != std::string::npos);
        CHECK(h.cli({"FUNCTION", "LIST", "LIBRARYNAME", "spinload"}) == "(empty array)");
        CHECK(h.cli({"FCALL", "ok", "0"}) == "\"fine\"");
    }

    TEST_CASE("scripting.instruction_limit.normal_scripts_unaffected") {
        // Without a limit (the default) nothing changes; with a generous one a script
        // that does real work finishes.
        Harness h;
        CHECK(h.engine.scriptInstructionLimit() == 0);
        h.engine.setScriptInstructionLimit(50'000'000);
        CHECK(h.cli({"EVAL", "local s = 0 for i = 1, 100000 do s = s + i end return s", "0"}) ==
              "(integer) 5000050000");
        CHECK(h.cli({"EVAL", "for i = 1, 100 do redis.call('RPUSH', KEYS[1], i) end return redis.call('LLEN', KEYS[1])",
                     "1", "l"}) == "(integer) 100");
    }
}
