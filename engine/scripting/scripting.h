// Scripting: the embedded Lua 5.1 interpreter behind EVAL, EVALSHA, SCRIPT, FUNCTION
// and FCALL (Redis's eval.c, script.c, script_lua.c, function_lua.c and functions.c).
//
// How a script runs, in the order a learner meets it:
//   1. The body is compiled once into a Lua function and cached under the SHA-1 of its
//      text (EVAL caches it, SCRIPT LOAD only caches it, EVALSHA finds it by the SHA).
//   2. Running it sets the globals KEYS and ARGV, then calls the function under an error
//      handler that records where the error happened ("on @user_script:1").
//   3. Inside, redis.call / redis.pcall run commands through Engine::execute on a
//      script client of their own (Redis's fake "lua" client): the reply that command
//      writes as RESP is parsed back and converted into Lua values (the Redis→Lua
//      table in convertReply). The script's return value goes the other way (Lua→Redis).
//   4. The whole script is atomic: nothing else runs meanwhile, and the commands it
//      calls all see the time the script started at.
//   5. A count hook runs every 100 000 Lua instructions. Past busy-reply-threshold the
//      engine is "busy": the face's busy callback lets other clients in, and they get
//      BUSY for everything except SCRIPT KILL / FUNCTION KILL / FUNCTION STATS…
//      With EngineOptions::script_instruction_limit the same hook also counts the
//      instructions and stops the script at the limit (for grading on a virtual clock).
//
// The sandbox: the interpreter has Lua's base, table, string and math libraries plus
// cjson and bit, and no io, os, package, debug, loadfile, dofile, print, setfenv,
// getfenv or newproxy. Every global and every library table is read-only. Redis 7.0
// gets that with a patched Lua ("readonly tables"); Debian's stock Lua 5.1 has no such
// flag, so redsim hands scripts read-only *proxies* (empty tables whose metatable
// forwards reads and refuses writes) and wraps rawset, setmetatable, getmetatable,
// rawget, next, pairs and ipairs so that they see through the proxies without leaking
// the real tables. See docs/differences.md for what this changes (`#string` is 0).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/client.h"

struct lua_State;

namespace redsim {

class Engine;
struct CommandContext;

// Script flags (the shebang's flags=…, or a function's flags). kEvalCompat marks an
// EVAL script without a shebang: it keeps the pre-7.0 rules (may write, even from
// EVAL_RO only through the read-only check on each command).
namespace script_flag {
enum : uint32_t {
    kNoWrites = 1u << 0,
    kAllowOom = 1u << 1,
    kAllowStale = 1u << 2,
    kNoCluster = 1u << 3,
    kAllowCrossSlot = 1u << 4,
    kEvalCompat = 1u << 5,
};
}

// One library loaded with FUNCTION LOAD.
struct LuaFunction {
    std::string name;
    std::string library;
    std::string description;  // empty: none
    uint32_t flags = 0;
    int ref = 0;  // the Lua callback, in the registry
};
struct LuaLibrary {
    std::string name;
    std::string code;
    std::vector<std::string> functions;  // names, in registration order
};

class Scripting {
public:
    explicit Scripting(Engine& engine);
    ~Scripting();
    Scripting(const Scripting&) = delete;
    Scripting& operator=(const Scripting&) = delete;

    // ---- EVAL family -------------------------------------------------------------
    // EVAL / EVAL_RO (by_sha false) and EVALSHA / EVALSHA_RO (by_sha true).
    void evalCommand(CommandContext& ctx, bool by_sha, bool ro);
    // SCRIPT LOAD: compiles and caches; replies the SHA or the compile error.
    void scriptLoad(CommandContext& ctx, const std::string& body);
    bool scriptExists(std::string_view sha) const;
    // SCRIPT FLUSH: forget every cached script (Redis also starts a fresh Lua state).
    void scriptFlush();
    size_t scriptCount() const { return scripts_.size(); }
    // The bodies of the cached scripts (in no particular order), and SCRIPT LOAD without
    // a command: compiles and caches `body`; the error reply's text if it does not
    // compile. engine/copy.h carries the cache over with them.
    std::vector<std::string> scriptBodies() const;
    std::optional<std::string> cacheScript(const std::string& body);
    // INFO memory: the bytes each Lua interpreter holds (EVAL's, FUNCTION's), as Lua
    // counts them, and what the cached EVAL scripts cost in used_memory (the sum of
    // evalScriptMemory, engine/memory.h, kept as scripts are cached and flushed).
    long long luaMemory(bool functions) const;
    long long evalCacheMemory() const { return eval_cache_memory_; }

    // ---- FUNCTION family ---------------------------------------------------------
    void functionLoad(CommandContext& ctx, const std::string& code, bool replace);
    void fcallCommand(CommandContext& ctx, bool ro);
    const std::map<std::string, LuaLibrary>& libraries() const { return libraries_; }
    const std::map<std::string, LuaFunction>& functions() const { return functions_; }
    // FUNCTION DELETE: false when there is no such library.
    bool deleteLibrary(const std::string& name);
    void flushFunctions();
    // FUNCTION DUMP's payload and FUNCTION RESTORE.
    std::string dumpFunctions() const;
    void restoreFunctions(CommandContext& ctx, std::string_view payload, int policy);
    // Creates the libraries of `codes` all or nothing (policy: 0 APPEND, 1 REPLACE, 2
    // FLUSH first); the error reply's text on failure. RESTORE and the RDB loader use it.
    std::optional<std::string> loadLibraries(const std::vector<std::string>& codes, int policy);

    // ---- the running script ------------------------------------------------------
    bool running() const { return run_ != nullptr; }
    // The flags a script declared (shebang or function flags) for an EVAL/EVALSHA/FCALL
    // command line (…_RO too), as Redis's getCommandFlags reads them before the command
    // runs; nullopt when unknown or a pre-7.0 script without a shebang.
    std::optional<uint32_t> declaredFlags(std::span<const std::string> argv) const;
    // SCRIPT KILL (is_eval) / FUNCTION KILL: replies OK, NOTBUSY, UNKILLABLE or BUSY.
    void kill(CommandContext& ctx, bool is_eval);
    // FUNCTION STATS' running_script part: name, command line, duration.
    struct RunningInfo {
        std::string name;
        std::vector<std::string> argv;
        int64_t duration_ms = 0;
    };
    std::optional<RunningInfo> runningInfo() const;

    // redis.log lines (newest last, at most kLogLines), as "level message".
    // DIFFERS FROM REDIS: the engine has no log file of its own; redis.log writes here.
    static constexpr size_t kLogLines = 128;
    const std::deque<std::string>& log() const { return log_; }

    // Used by the Lua C functions (they find the Scripting through the registry).
    struct Run;
    Run* currentRun() { return run_; }
    Engine& engine() { return engine_; }
    void appendLog(int level, std::string line);
    // redis.call's work: runs argv on the script client after the checks Redis makes
    // for scripts (scriptCall). False with `err` ("message" or "-CODE message") when the
    // command may not run; otherwise `out` holds its RESP reply, written in `resp`.
    bool callFromScript(const std::vector<std::string>& argv, std::string& err, std::string& out, int& resp);
    bool commandExists(const std::vector<std::string>& argv) const;
    void setScriptResp(int resp) { script_client_.resp = resp; }
    // Called from the count hook (every hookStep() instructions, then at every line once
    // it said stop): the error the script must stop with (SCRIPT KILL, SHUTDOWN NOSAVE,
    // the engine's instruction limit), or "" to go on.
    std::string interrupt();
    // How many Lua instructions run between two calls of the count hook.
    int hookStep() const;
    // The error text a script stopped by EngineOptions::script_instruction_limit ends with.
    static std::string instructionLimitError(uint64_t limit);
    // FUNCTION LOAD in progress: Lua instructions its code has run so far.
    uint64_t load_instructions = 0;
    // FUNCTION LOAD in progress: redis.register_function adds here (null otherwise).
    std::vector<LuaFunction>* pending_functions = nullptr;
    int64_t load_start_us = 0;
    // Rand48 state of math.random (Redis's own generator, the same on every machine).
    uint64_t rand48_state = 0;

private:
    struct Script {
        std::string body;
        uint32_t flags = 0;
        int ref = 0;  // the compiled function in the Lua registry
    };

    void openState();
    void closeState();
    // interrupt()'s busy-reply-threshold part: past the threshold, marks the engine busy,
    // lets the face serve other clients, and tells whether SCRIPT KILL or SHUTDOWN
    // NOSAVE asked the script to stop.
    bool busy();
    // Compiles an EVAL body. On failure sets `err` to the full error reply text.
    Script* compileScript(const std::string& sha, const std::string& body, std::string& err);
    // Calls the function on top of the stack under the error handler; replies to the
    // caller. `name` is what error messages name ("sha" for EVAL, the function name).
    void runFunction(CommandContext& ctx, lua_State* L, int fn_ref, uint32_t flags, bool ro, bool eval_mode,
                     const std::string& name, size_t numkeys);

    Engine& engine_;
    lua_State* L_ = nullptr;  // EVAL scripts
    lua_State* F_ = nullptr;  // function libraries (a separate interpreter, as in Redis)
    // Creates a library from FUNCTION LOAD's code. `replace_ok`: an existing library of
    // the same name is replaced. On failure returns false with `err` (the reply text).
    bool createLibrary(const std::string& code, bool replace_ok, std::string& name, std::string& err);
    void removeLibrary(const std::string& name);
    void openFunctionState();
    std::unordered_map<std::string, Script> scripts_;
    long long eval_cache_memory_ = 0;
    std::map<std::string, LuaLibrary> libraries_;
    std::map<std::string, LuaFunction> functions_;
    Run* run_ = nullptr;
    int gc_countdown_ = 0;
    Client script_client_;  // Redis's fake Lua client: runs redis.call's commands
    std::deque<std::string> log_;
};

}  // namespace redsim
