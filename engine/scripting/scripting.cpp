#include "engine/scripting/scripting.h"

#include <algorithm>
#include <span>

#include "engine/acl.h"
#include "engine/commands/command.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/evict.h"
#include "engine/memory.h"
#include "engine/scripting/lua_glue.h"
#include "engine/scripting/sha1.h"
#include "engine/util/text.h"

namespace redsim {

// The script being run (Redis's scriptRunCtx).
struct Scripting::Run {
    Client* caller = nullptr;
    std::string name;                   // the SHA (EVAL) or the function's name (FCALL)
    std::span<const std::string> argv;  // the caller's command line, for FUNCTION STATS
    bool eval_mode = true;
    bool read_only = false;
    bool wrote = false;      // ran a write command: SCRIPT KILL refuses (UNKILLABLE)
    bool allow_oom = false;  // declared allow-oom: no OOM check on its commands
    bool killed = false;     // SCRIPT KILL / FUNCTION KILL asked it to stop
    int64_t start_us = 0;
    uint64_t instructions = 0;  // counted by the hook, when there is an instruction limit
    std::string stop;           // why it must stop, once decided ("" while it may go on)
};

namespace {

// Redis's rand48 starts from this state; scripts share one generator (not reseeded per
// script in 7.0).
constexpr uint64_t kRand48Start = 0x1234ABCD330Eull;

// How many Lua instructions run between two checks of the time (Redis's value).
constexpr int kHookInstructions = 100000;

void countHook(lua_State* L, lua_Debug*) {
    {  // lua_error longjmps: no C++ object may live in this frame when it is called
        const std::string stop = lua::self(L)->interrupt();
        if (stop.empty()) return;
        // From now on stop at every line, so that a pcall in the script cannot swallow
        // the kill and go on.
        lua_sethook(L, countHook, LUA_MASKLINE, 0);
        lua::pushErrorTable(L, stop);
    }
    lua_error(L);
}

struct ShebangFlag {
    std::string_view name;
    uint32_t flag;
};
constexpr ShebangFlag kShebangFlags[] = {
    {"no-writes", script_flag::kNoWrites},
    {"allow-oom", script_flag::kAllowOom},
    {"allow-stale", script_flag::kAllowStale},
    {"no-cluster", script_flag::kNoCluster},
    {"allow-cross-slot-keys", script_flag::kAllowCrossSlot},
};

std::vector<std::string> splitOn(std::string_view s, char sep, bool skip_empty) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
        size_t end = s.find(sep, start);
        if (end == std::string_view::npos) end = s.size();
        if (!skip_empty || end > start) out.emplace_back(s.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

// "#!lua flags=no-writes,allow-oom" (evalExtractShebangFlags). Without a shebang the
// script runs in the compatibility mode of pre-7.0 scripts. `offset` is where the code
// starts: at the newline that ends the shebang, so line numbers stay right.
bool parseShebang(const std::string& body, uint32_t& flags, size_t& offset, std::string& err) {
    flags = script_flag::kEvalCompat;
    offset = 0;
    if (body.compare(0, 2, "#!") != 0) return true;
    const size_t nl = body.find('\n');
    if (nl == std::string::npos) {
        err = "ERR Invalid script shebang";
        return false;
    }
    const auto parts = splitOn(std::string_view(body).substr(0, nl), ' ', true);
    if (parts.empty() || parts[0] != "#!lua") {
        err = "ERR Unexpected engine in script shebang: " + (parts.empty() ? std::string() : parts[0]);
        return false;
    }
    flags = 0;
    for (size_t i = 1; i < parts.size(); ++i) {
        if (parts[i].compare(0, 6, "flags=") != 0) {
            err = "ERR Unknown lua shebang option: " + parts[i];
            return false;
        }
        for (const auto& f : splitOn(std::string_view(parts[i]).substr(6), ',', true)) {
            auto it = std::find_if(std::begin(kShebangFlags), std::end(kShebangFlags),
                                   [&](const ShebangFlag& k) { return k.name == f; });
            if (it == std::end(kShebangFlags)) {
                err = "ERR Unexpected flag in script shebang: " + f;
                return false;
            }
            flags |= it->flag;
        }
    }
    offset = nl;
    return true;
}

}  // namespace

Scripting::Scripting(Engine& engine) : engine_(engine) {
    script_client_.name = "";
    script_client_.addr = "lua";
    script_client_.authenticated = true;
    rand48_state = kRand48Start;
    openState();
    openFunctionState();
}

Scripting::~Scripting() {
    closeState();
    if (F_) lua::closeState(F_);
}

void Scripting::openState() { L_ = lua::newSandboxedState(this, true); }

void Scripting::closeState() {
    if (L_) lua::closeState(L_);
    L_ = nullptr;
}

void Scripting::appendLog(int level, std::string line) {
    if (level < engine_.cfg().loglevel) return;
    static constexpr const char* kMarks[] = {".", "-", "*", "#"};  // redis-server's level marks
    log_.push_back(std::string(kMarks[std::clamp(level, 0, 3)]) + " " + line);
    while (log_.size() > kLogLines) log_.pop_front();
}

// ---- EVAL ------------------------------------------------------------------------

Scripting::Script* Scripting::compileScript(const std::string& sha, const std::string& body, std::string& err) {
    uint32_t flags = 0;
    size_t offset = 0;
    if (!parseShebang(body, flags, offset, err)) return nullptr;
    if (luaL_loadbuffer(L_, body.data() + offset, body.size() - offset, "@user_script") != 0) {
        err = std::string("ERR Error compiling script (new function): ") + lua_tostring(L_, -1);
        lua_pop(L_, 1);
        return nullptr;
    }
    const int ref = luaL_ref(L_, LUA_REGISTRYINDEX);
    auto [it, inserted] = scripts_.insert_or_assign(sha, Script{body, flags, ref});
    if (inserted) eval_cache_memory_ += evalScriptMemory(body.size());
    return &it->second;
}

void Scripting::scriptLoad(CommandContext& ctx, const std::string& body) {
    const std::string sha = sha1Hex(body);
    if (!scripts_.count(sha)) {
        std::string err;
        if (!compileScript(sha, body, err)) {
            ctx.reply.error(err);
            return;
        }
    }
    ctx.reply.bulk(sha);
}

std::vector<std::string> Scripting::scriptBodies() const {
    std::vector<std::string> bodies;
    bodies.reserve(scripts_.size());
    for (const auto& [sha, script] : scripts_) bodies.push_back(script.body);
    return bodies;
}

std::optional<std::string> Scripting::cacheScript(const std::string& body) {
    const std::string sha = sha1Hex(body);
    if (scripts_.count(sha)) return std::nullopt;
    std::string err;
    if (!compileScript(sha, body, err)) return err;
    return std::nullopt;
}

bool Scripting::scriptExists(std::string_view sha) const {
    std::string lower(sha);
    for (char& c : lower) c = asciiLower(c);
    return scripts_.count(lower) > 0;
}

void Scripting::scriptFlush() {
    // As Redis: a fresh interpreter, so nothing a script left behind survives.
    scripts_.clear();
    eval_cache_memory_ = 0;
    closeState();
    openState();
}

void Scripting::evalCommand(CommandContext& ctx, bool by_sha, bool ro) {
    auto numkeys = intArg(ctx, 2);
    if (!numkeys) return;
    if (*numkeys > static_cast<long long>(ctx.argc()) - 3) {
        ctx.reply.error("ERR Number of keys can't be greater than number of args");
        return;
    }
    if (*numkeys < 0) {
        ctx.reply.error("ERR Number of keys can't be negative");
        return;
    }
    std::string sha;
    Script* script = nullptr;
    if (!by_sha) {
        sha = sha1Hex(ctx.arg(1));
        auto it = scripts_.find(sha);
        if (it != scripts_.end()) {
            script = &it->second;
        } else {
            std::string err;
            script = compileScript(sha, ctx.arg(1), err);
            if (!script) {
                ctx.reply.error(err);
                return;
            }
        }
    } else {
        sha = ctx.arg(1);
        for (char& c : sha) c = asciiLower(c);
        auto it = sha.size() == 40 ? scripts_.find(sha) : scripts_.end();
        if (it == scripts_.end()) {
            ctx.reply.error("NOSCRIPT No matching script. Please use EVAL.");
            return;
        }
        script = &it->second;
    }
    runFunction(ctx, L_, script->ref, script->flags, ro, true, sha, static_cast<size_t>(*numkeys));
}

void Scripting::runFunction(CommandContext& ctx, lua_State* L, int fn_ref, uint32_t flags, bool ro, bool eval_mode,
                            const std::string& name, size_t numkeys) {
    const bool compat = flags & script_flag::kEvalCompat;
    // scriptPrepareForRun's checks (the replica, cluster and disk-error ones do not apply
    // to a lone redsim engine).
    if (!compat && !(flags & script_flag::kNoWrites) && ro) {
        ctx.reply.error("ERR Can not execute a script with write flag using *_ro command.");
        return;
    }
    Run run;
    run.caller = &ctx.client;
    run.name = name;
    run.argv = ctx.argv;
    run.eval_mode = eval_mode;
    run.read_only = ro || (!compat && (flags & script_flag::kNoWrites));
    run.allow_oom = !compat && (flags & script_flag::kAllowOom);
    run.start_us = engine_.nowUs();  // read when the command started (no second clock read)

    script_client_.db = ctx.client.db;
    script_client_.resp = 2;  // scripts start in RESP2 whatever the caller speaks
    script_client_.out.clear();
    run_ = &run;
    engine_.script = {.caller = &ctx.client, .script_client = &script_client_, .timed_out = false, .eval = eval_mode};

    lua_getfield(L, LUA_REGISTRYINDEX, lua::kErrHandler);
    const int handler = lua_gettop(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, fn_ref);
    auto push_array = [&](size_t from, size_t n) {
        lua_createtable(L, static_cast<int>(n), 0);
        for (size_t i = 0; i < n; ++i) {
            const std::string& a = ctx.argv[from + i];
            lua_pushlstring(L, a.data(), a.size());
            lua_rawseti(L, -2, static_cast<int>(i + 1));
        }
    };
    push_array(3, numkeys);
    push_array(3 + numkeys, ctx.argc() - 3 - numkeys);
    int nargs = 2;
    if (eval_mode) {
        // EVAL scripts read KEYS and ARGV as globals (set behind the read-only proxy).
        lua_getfield(L, LUA_REGISTRYINDEX, lua::kRealGlobals);
        lua_pushvalue(L, -2);
        lua_setfield(L, -2, "ARGV");
        lua_pushvalue(L, -3);
        lua_setfield(L, -2, "KEYS");
        lua_pop(L, 3);
        nargs = 0;
    }
    if (engine_.cfg().busy_reply_threshold > 0 || engine_.scriptInstructionLimit() > 0)
        lua_sethook(L, countHook, LUA_MASKCOUNT, hookStep());
    const int rc = lua_pcall(L, nargs, 1, handler);
    lua_sethook(L, nullptr, 0, 0);
    // Errors that came from a command's reply were counted in INFO errorstats when the
    // command ran; Redis does not count them again when the script passes them on.
    // ReplyWriter counts every error it writes, so those are taken back out here.
    std::vector<std::string> uncounted;
    if (rc != 0) {
        bool counted = false;
        const std::string text = lua::errorReplyText(L, name, &counted);
        ctx.reply.error(text);
        if (counted) uncounted.push_back(text.substr(0, text.find(' ')));
    } else {
        lua::writeReply(L, ctx.reply, script_client_.resp, &uncounted);
    }
    Stats& stats = engine_.stats();
    for (const auto& code : uncounted) {
        if (stats.total_error_replies > 0) --stats.total_error_replies;
        auto it = stats.errors.find(code);
        if (it != stats.errors.end() && it->second > 0) --it->second;
    }
    lua_settop(L, handler - 1);

    // A small incremental collection now and then, rather than a full cycle at a bad
    // moment (Redis: every 50 scripts).
    static constexpr int kGcPeriod = 50;
    if (++gc_countdown_ >= kGcPeriod) {
        lua_gc(L, LUA_GCSTEP, kGcPeriod);
        gc_countdown_ = 0;
    }
    script_client_.out.clear();
    run_ = nullptr;
    engine_.script = {};
}

// ---- redis.call ------------------------------------------------------------------

std::optional<uint32_t> Scripting::declaredFlags(std::span<const std::string> argv) const {
    const std::string name = toLower(argv[0]);
    if (name == "fcall" || name == "fcall_ro") {
        auto it = functions_.find(toLower(argv[1]));
        if (it == functions_.end()) return std::nullopt;
        return it->second.flags;
    }
    const bool by_sha = name == "evalsha" || name == "evalsha_ro";
    uint32_t flags = script_flag::kEvalCompat;
    if (by_sha) {
        if (argv[1].size() != 40) return std::nullopt;
        auto it = scripts_.find(toLower(argv[1]));
        if (it == scripts_.end()) return std::nullopt;
        flags = it->second.flags;
    } else {
        auto it = scripts_.find(sha1Hex(argv[1]));
        if (it != scripts_.end()) {
            flags = it->second.flags;
        } else {
            size_t offset = 0;
            std::string err;
            if (!parseShebang(argv[1], flags, offset, err)) return std::nullopt;
        }
    }
    if (flags & script_flag::kEvalCompat) return std::nullopt;
    return flags;
}

bool Scripting::commandExists(const std::vector<std::string>& argv) const {
    const CommandSpec* spec = engine_.commands().find(argv[0]);
    if (spec && !spec->subcommands.empty() && argv.size() >= 2) spec = CommandTable::findSub(*spec, argv[1]);
    return spec != nullptr;
}

bool Scripting::callFromScript(const std::vector<std::string>& argv, std::string& err, std::string& out, int& resp) {
    const CommandSpec* spec = engine_.commands().find(argv[0]);
    if (spec && !spec->subcommands.empty() && argv.size() >= 2) spec = CommandTable::findSub(*spec, argv[1]);
    const int argc = static_cast<int>(argv.size());
    // A command refused here never runs, so the refusal is counted in INFO errorstats
    // now (once), and flagged so that the script passing it on does not count it again.
    auto refuse = [&](const char* msg) {
        err = msg;
        ++engine_.stats().total_error_replies;
        ++engine_.stats().errors["ERR"];
        return false;
    };
    if (!spec) return refuse("Unknown Redis command called from script");
    if ((spec->arity > 0 && argc != spec->arity) || argc < -spec->arity)
        return refuse("Wrong number of args calling Redis command from script");
    if (spec->flags & cmd::kNoscript) return refuse("This Redis command is not allowed from script");
    // ACL: the script runs as its caller's user (the log names the caller, context lua).
    {
        const CommandSpec* parent =
            spec != engine_.commands().find(argv[0]) ? engine_.commands().find(argv[0]) : nullptr;
        script_client_.user = engine_.script.caller ? engine_.script.caller->user : nullptr;
        if (script_client_.user) {
            if (auto e = acl::checkCommand(engine_, script_client_, *spec, parent, argv, acl::LogContext::kLua)) {
                err = *e;
                ++engine_.stats().total_error_replies;
                ++engine_.stats().errors["ERR"];
                return false;
            }
        }
    }
    if (spec->flags & cmd::kWrite) {
        if (run_->read_only) return refuse("Write commands are not allowed from read-only scripts.");
    }
    // maxmemory: the first write of a script that started out of memory (scriptVerifyOOM).
    if (engine_.evictor().scriptRefusesOom(*spec, run_->allow_oom, run_->wrote)) {
        err = "-OOM command not allowed when used memory > 'maxmemory'.";
        ++engine_.stats().total_error_replies;
        ++engine_.stats().errors["OOM"];
        ++engine_.stats().commands[spec].rejected_calls;
        return false;
    }
    if (spec->flags & cmd::kWrite) {
        run_->wrote = true;
    }
    engine_.execute(script_client_, argv);
    out = script_client_.takeOutput();
    resp = script_client_.resp;
    return true;
}

// ---- busy scripts ------------------------------------------------------------------

int Scripting::hookStep() const {
    const uint64_t limit = engine_.scriptInstructionLimit();
    return limit > 0 && limit < static_cast<uint64_t>(kHookInstructions) ? static_cast<int>(limit) : kHookInstructions;
}

std::string Scripting::instructionLimitError(uint64_t limit) {
    // DIFFERS FROM REDIS: see EngineOptions::script_instruction_limit.
    return "script exceeded the instruction limit of " + std::to_string(limit) + " set for this run";
}

std::string Scripting::interrupt() {
    if (!run_) return {};
    if (run_->stop.empty()) {
        // The instruction limit first: it holds whatever the clock says. The hook runs
        // every hookStep() instructions, so the count is exact to within one step (and
        // exact when the limit is below kHookInstructions).
        const uint64_t limit = engine_.scriptInstructionLimit();
        if (limit > 0) {
            run_->instructions += static_cast<uint64_t>(hookStep());
            if (run_->instructions >= limit) run_->stop = instructionLimitError(limit);
        }
        if (run_->stop.empty() && engine_.cfg().busy_reply_threshold > 0 && busy())
            run_->stop = "Script killed by user with SCRIPT KILL...";
    }
    return run_->stop;
}

bool Scripting::busy() {
    if (engine_.script.timed_out) {
        if (engine_.busy_callback) engine_.busy_callback();
        // SHUTDOWN NOSAVE from another client stops even a script that wrote.
        return run_->killed || engine_.shutdown.requested;
    }
    const int64_t elapsed_ms = (engine_.clock().nowUs() - run_->start_us) / 1000;
    if (elapsed_ms < engine_.cfg().busy_reply_threshold) return false;
    appendLog(3, "Slow script detected: still in execution after " + std::to_string(elapsed_ms) +
                     " milliseconds. You can try killing the script using the " +
                     (run_->eval_mode ? "SCRIPT KILL" : "FUNCTION KILL") + " command.");
    engine_.script.timed_out = true;
    if (engine_.busy_callback) engine_.busy_callback();
    return run_->killed || engine_.shutdown.requested;
}

void Scripting::kill(CommandContext& ctx, bool is_eval) {
    if (!run_) {
        ctx.reply.error("NOTBUSY No scripts in execution right now.");
        return;
    }
    if (run_->wrote) {
        ctx.reply.error(
            "UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the "
            "script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.");
        return;
    }
    if (is_eval && !run_->eval_mode) {
        ctx.reply.error("BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.");
        return;
    }
    if (!is_eval && run_->eval_mode) {
        ctx.reply.error("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.");
        return;
    }
    run_->killed = true;
    ctx.reply.ok();
}

std::optional<Scripting::RunningInfo> Scripting::runningInfo() const {
    if (!run_ || run_->eval_mode) return std::nullopt;
    return RunningInfo{
        run_->name, {run_->argv.begin(), run_->argv.end()}, (engine_.clock().nowUs() - run_->start_us) / 1000};
}

long long Scripting::luaMemory(bool functions) const {
    lua_State* L = functions ? F_ : L_;
    if (L == nullptr) return 0;
    return static_cast<long long>(lua_gc(L, LUA_GCCOUNT, 0)) * 1024;
}

}  // namespace redsim
