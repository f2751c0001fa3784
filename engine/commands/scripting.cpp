// Scripting commands (Redis's eval.c and functions.c command halves): EVAL and its
// variants, SCRIPT, FUNCTION and FCALL.
//
// The interpreter, the script cache, the function libraries and the conversions live
// in engine/scripting/; this file parses arguments and replies. Keys given to a script
// (numkeys) are only declared: as in Redis outside cluster mode, a script may touch
// other keys too.
#include "engine/scripting/scripting.h"
#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/util/glob.h"

namespace redsim {
namespace {

void evalCommand(CommandContext& ctx) { ctx.engine.scripting().evalCommand(ctx, false, false); }
void evalRoCommand(CommandContext& ctx) { ctx.engine.scripting().evalCommand(ctx, false, true); }
void evalshaCommand(CommandContext& ctx) { ctx.engine.scripting().evalCommand(ctx, true, false); }
void evalshaRoCommand(CommandContext& ctx) { ctx.engine.scripting().evalCommand(ctx, true, true); }

void scriptLoadCommand(CommandContext& ctx) { ctx.engine.scripting().scriptLoad(ctx, ctx.arg(2)); }

void scriptExistsCommand(CommandContext& ctx) {
    ctx.reply.arrayLen(ctx.argc() - 2);
    for (size_t i = 2; i < ctx.argc(); ++i) ctx.reply.integer(ctx.engine.scripting().scriptExists(ctx.arg(i)) ? 1 : 0);
}

void scriptFlushCommand(CommandContext& ctx) {
    // ASYNC and SYNC do the same here: there is no background thread to free scripts on.
    if (ctx.argc() == 3 && !argIs(ctx.arg(2), "sync") && !argIs(ctx.arg(2), "async")) {
        ctx.reply.error("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
        return;
    }
    if (ctx.argc() > 3) {
        ctx.reply.error("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
        return;
    }
    ctx.engine.scripting().scriptFlush();
    ctx.reply.ok();
}

void scriptKillCommand(CommandContext& ctx) { ctx.engine.scripting().kill(ctx, true); }

void scriptDebugCommand(CommandContext& ctx) {
    // DIFFERS FROM REDIS: there is no Lua debugger (LDB) in redsim; NO is accepted.
    if (argIs(ctx.arg(2), "no")) {
        ctx.reply.ok();
    } else if (argIs(ctx.arg(2), "yes") || argIs(ctx.arg(2), "sync")) {
        ctx.reply.error("ERR SCRIPT DEBUG is not available in redsim (no Lua debugger)");
    } else {
        ctx.reply.error("ERR Use SCRIPT DEBUG YES/SYNC/NO");
    }
}

void scriptHelpCommand(CommandContext& ctx) {
    ctx.reply.helpLines("SCRIPT",
                        {
                            "DEBUG (YES|SYNC|NO)",
                            "    Set the debug mode for subsequent scripts executed.",
                            "EXISTS <sha1> [<sha1> ...]",
                            "    Return information about the existence of the scripts in the script cache.",
                            "FLUSH [ASYNC|SYNC]",
                            "    Flush the Lua scripts cache. Very dangerous on replicas.",
                            "    When called without the optional mode argument, the behavior is determined by the",
                            "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
                            "    * ASYNC: Asynchronously flush the scripts cache.",
                            "    * SYNC: Synchronously flush the scripts cache.",
                            "KILL",
                            "    Kill the currently executing Lua script.",
                            "LOAD <script>",
                            "    Load a script into the scripts cache without executing it.",
                        });
}

// ---- FUNCTION and FCALL -----------------------------------------------------------

void fcallCommand(CommandContext& ctx) { ctx.engine.scripting().fcallCommand(ctx, false); }
void fcallRoCommand(CommandContext& ctx) { ctx.engine.scripting().fcallCommand(ctx, true); }

void functionLoadCommand(CommandContext& ctx) {
    bool replace = false;
    size_t i = 2;
    for (; i + 1 < ctx.argc(); ++i) {
        if (argIs(ctx.arg(i), "replace")) {
            replace = true;
        } else {
            ctx.reply.error("ERR Unknown option given: " + ctx.arg(i));
            return;
        }
    }
    if (i >= ctx.argc()) {
        ctx.reply.error("ERR Function code was not given.");
        return;
    }
    ctx.engine.scripting().functionLoad(ctx, ctx.arg(i), replace);
}

void functionDeleteCommand(CommandContext& ctx) {
    if (!ctx.engine.scripting().deleteLibrary(ctx.arg(2))) {
        ctx.reply.error("ERR Library not found");
        return;
    }
    ++ctx.engine.dirty;
    ctx.reply.ok();
}

void functionFlushCommand(CommandContext& ctx) {
    if (ctx.argc() > 3) {
        subcommandSyntaxError(ctx);
        return;
    }
    if (ctx.argc() == 3 && !argIs(ctx.arg(2), "sync") && !argIs(ctx.arg(2), "async")) {
        ctx.reply.error("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
        return;
    }
    ctx.engine.scripting().flushFunctions();
    ++ctx.engine.dirty;
    ctx.reply.ok();
}

void functionListCommand(CommandContext& ctx) {
    bool with_code = false;
    const std::string* pattern = nullptr;
    for (size_t i = 2; i < ctx.argc(); ++i) {
        if (!with_code && argIs(ctx.arg(i), "withcode")) {
            with_code = true;
            continue;
        }
        if (!pattern && argIs(ctx.arg(i), "libraryname")) {
            if (i + 1 >= ctx.argc()) {
                ctx.reply.error("ERR library name argument was not given");
                return;
            }
            pattern = &ctx.arg(++i);
            continue;
        }
        ctx.reply.error("ERR Unknown argument " + ctx.arg(i));
        return;
    }
    Scripting& s = ctx.engine.scripting();
    std::vector<const LuaLibrary*> libs;
    for (const auto& [name, lib] : s.libraries())
        if (!pattern || globMatch(*pattern, name, true)) libs.push_back(&lib);
    // DIFFERS FROM REDIS: libraries and functions come in name / registration order;
    // Redis lists them in its dicts' (random) order.
    ctx.reply.arrayLen(libs.size());
    for (const LuaLibrary* lib : libs) {
        ctx.reply.mapLen(with_code ? 4 : 3);
        ctx.reply.bulk("library_name");
        ctx.reply.bulk(lib->name);
        ctx.reply.bulk("engine");
        ctx.reply.bulk("LUA");
        ctx.reply.bulk("functions");
        ctx.reply.arrayLen(lib->functions.size());
        for (const auto& fname : lib->functions) {
            std::string key(fname);
            for (char& c : key) c = asciiLower(c);
            const LuaFunction& f = s.functions().at(key);
            ctx.reply.mapLen(3);
            ctx.reply.bulk("name");
            ctx.reply.bulk(f.name);
            ctx.reply.bulk("description");
            if (f.description.empty())
                ctx.reply.null();
            else
                ctx.reply.bulk(f.description);
            ctx.reply.bulk("flags");
            std::vector<std::string_view> flags;
            if (f.flags & script_flag::kNoWrites) flags.push_back("no-writes");
            if (f.flags & script_flag::kAllowOom) flags.push_back("allow-oom");
            if (f.flags & script_flag::kAllowStale) flags.push_back("allow-stale");
            if (f.flags & script_flag::kNoCluster) flags.push_back("no-cluster");
            if (f.flags & script_flag::kAllowCrossSlot) flags.push_back("allow-cross-slot-keys");
            ctx.reply.setLen(flags.size());
            for (auto fl : flags) ctx.reply.status(fl);
        }
        if (with_code) {
            ctx.reply.bulk("library_code");
            ctx.reply.bulk(lib->code);
        }
    }
}

void functionDumpCommand(CommandContext& ctx) { ctx.reply.bulk(ctx.engine.scripting().dumpFunctions()); }

void functionRestoreCommand(CommandContext& ctx) {
    int policy = 0;  // APPEND
    if (ctx.argc() > 4) {
        subcommandSyntaxError(ctx);
        return;
    }
    if (ctx.argc() == 4) {
        if (argIs(ctx.arg(3), "append")) {
            policy = 0;
        } else if (argIs(ctx.arg(3), "replace")) {
            policy = 1;
        } else if (argIs(ctx.arg(3), "flush")) {
            policy = 2;
        } else {
            ctx.reply.error("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
            return;
        }
    }
    ctx.engine.scripting().restoreFunctions(ctx, ctx.arg(2), policy);
}

void functionStatsCommand(CommandContext& ctx) {
    Scripting& s = ctx.engine.scripting();
    if (s.running() && ctx.engine.script.eval) {
        ctx.reply.error("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.");
        return;
    }
    ctx.reply.mapLen(2);
    ctx.reply.bulk("running_script");
    if (auto info = s.runningInfo()) {
        ctx.reply.mapLen(3);
        ctx.reply.bulk("name");
        ctx.reply.bulk(info->name);
        ctx.reply.bulk("command");
        ctx.reply.arrayLen(info->argv.size());
        for (const auto& a : info->argv) ctx.reply.bulk(a);
        ctx.reply.bulk("duration_ms");
        ctx.reply.integer(info->duration_ms);
    } else {
        ctx.reply.null();
    }
    ctx.reply.bulk("engines");
    ctx.reply.mapLen(1);
    ctx.reply.bulk("LUA");
    ctx.reply.mapLen(2);
    ctx.reply.bulk("libraries_count");
    ctx.reply.integer(static_cast<long long>(s.libraries().size()));
    ctx.reply.bulk("functions_count");
    ctx.reply.integer(static_cast<long long>(s.functions().size()));
}

void functionKillCommand(CommandContext& ctx) { ctx.engine.scripting().kill(ctx, false); }

void functionHelpCommand(CommandContext& ctx) {
    ctx.reply.helpLines(
        "FUNCTION",
        {
            "LOAD [REPLACE] <FUNCTION CODE>",
            "    Create a new library with the given library name and code.",
            "DELETE <LIBRARY NAME>",
            "    Delete the given library.",
            "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
            "    Return general information on all the libraries:",
            "    * Library name",
            "    * The engine used to run the Library",
            "    * Library description",
            "    * Functions list",
            "    * Library code (if WITHCODE is given)",
            "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
            "STATS",
            "    Return information about the current function running:",
            "    * Function name",
            "    * Command used to run the function",
            "    * Duration in MS that the function is running",
            "    If no function is running, return nil",
            "    In addition, returns a list of available engines.",
            "KILL",
            "    Kill the current running function.",
            "FLUSH [ASYNC|SYNC]",
            "    Delete all the libraries.",
            "    When called without the optional mode argument, the behavior is determined by the",
            "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
            "    * ASYNC: Asynchronously flush the libraries.",
            "    * SYNC: Synchronously flush the libraries.",
            "DUMP",
            "    Return a serialized payload representing the current libraries, can be restored using FUNCTION "
            "RESTORE command",
            "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
            "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
            "    control how to handle existing libraries (default APPEND):",
            "    * FLUSH: delete all existing libraries.",
            "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
            "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
            "      libraries with the new libraries (notice that even on this option there is a chance of failure",
            "      in case of functions name collision with another library).",
        });
}

// ---- rows ------------------------------------------------------------------------

constexpr KeySpec kEvalKeys[] = {
    {.flags = "RW access update",
     .begin_index = 2,
     .key_step = 1,
     .notes = "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE",
     .keynum_index = 0,
     .first_key = 1}};
constexpr KeySpec kEvalshaKeys[] = {
    {.flags = "RW access update", .begin_index = 2, .key_step = 1, .keynum_index = 0, .first_key = 1}};
constexpr KeySpec kEvalRoKeys[] = {
    {.flags = "RO access",
     .begin_index = 2,
     .key_step = 1,
     .notes = "We cannot tell how the keys will be used so we assume the worst, RO and ACCESS",
     .keynum_index = 0,
     .first_key = 1}};
constexpr KeySpec kEvalshaRoKeys[] = {
    {.flags = "RO access", .begin_index = 2, .key_step = 1, .keynum_index = 0, .first_key = 1}};

constexpr uint32_t kEvalFlags =
    cmd::kNoscript | cmd::kStale | cmd::kSkipMonitor | cmd::kNoMandatoryKeys | cmd::kMovableKeys;

constexpr CommandSpec kScriptSubcommands[] = {
    {
        .name = "debug",
        .arity = 3,
        .flags = cmd::kNoscript,
        .acl = acl::kScripting,
        .syntax = "<YES | SYNC | NO>",
        .summary = "Choose the debug mode of the scripts run next",
        .complexity = "O(1)",
        .group = "scripting",
        .since = "3.2.0",
        .handler = scriptDebugCommand,
    },
    {
        .name = "exists",
        .arity = -3,
        .flags = cmd::kNoscript,
        .acl = acl::kScripting,
        .syntax = "sha1 [sha1 ...]",
        .summary = "Tell which SHA1 digests name a script in the script cache",
        .complexity = "O(N) in the number of digests asked about",
        .group = "scripting",
        .since = "2.6.0",
        .tips = "request_policy:all_shards response_policy:agg_logical_and",
        .handler = scriptExistsCommand,
    },
    {
        .name = "flush",
        .arity = -2,
        .flags = cmd::kNoscript,
        .acl = acl::kScripting,
        .syntax = "[ASYNC | SYNC]",
        .summary = "Empty the script cache",
        .complexity = "O(N) in the number of cached scripts",
        .group = "scripting",
        .since = "2.6.0",
        .tips = "request_policy:all_nodes response_policy:all_succeeded",
        .handler = scriptFlushCommand,
    },
    {
        .name = "help",
        .arity = 2,
        .flags = cmd::kLoading | cmd::kStale,
        .acl = acl::kScripting,
        .summary = "List the SCRIPT subcommands",
        .complexity = "O(1)",
        .group = "scripting",
        .since = "5.0.0",
        .handler = scriptHelpCommand,
    },
    {
        .name = "kill",
        .arity = 2,
        .flags = cmd::kNoscript | cmd::kAllowBusy,
        .acl = acl::kScripting,
        .summary = "Stop the script running past busy-reply-threshold, if it has not written",
        .complexity = "O(1)",
        .group = "scripting",
        .since = "2.6.0",
        .tips = "request_policy:all_shards response_policy:one_succeeded",
        .handler = scriptKillCommand,
    },
    {
        .name = "load",
        .arity = 3,
        .flags = cmd::kNoscript | cmd::kStale,
        .acl = acl::kScripting,
        .syntax = "script",
        .summary = "Compile a script and cache it without running it; returns its SHA1",
        .complexity = "O(N) in the length of the script",
        .group = "scripting",
        .since = "2.6.0",
        .tips = "request_policy:all_nodes response_policy:all_succeeded",
        .handler = scriptLoadCommand,
    },
};

constexpr KeySpec kFcallKeys[] = {
    {.flags = "RW access update",
     .begin_index = 2,
     .key_step = 1,
     .notes = "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE",
     .keynum_index = 0,
     .first_key = 1}};
constexpr KeySpec kFcallRoKeys[] = {
    {.flags = "RO access",
     .begin_index = 2,
     .key_step = 1,
     .notes = "We cannot tell how the keys will be used so we assume the worst, RO and ACCESS",
     .keynum_index = 0,
     .first_key = 1}};

constexpr CommandSpec kFunctionSubcommands[] = {
    {
        .name = "delete",
        .arity = 3,
        .flags = cmd::kWrite | cmd::kNoscript,
        .acl = acl::kScripting,
        .syntax = "library-name",
        .summary = "Remove a function library and its functions",
        .complexity = "O(1)",
        .group = "scripting",
        .since = "7.0.0",
        .tips = "request_policy:all_shards response_policy:all_succeeded",
        .handler = functionDeleteCommand,
    },
    {
        .name = "dump",
        .arity = 2,
        .flags = cmd::kNoscript,
        .acl = acl::kScripting,
        .summary = "Serialize every function library into a payload FUNCTION RESTORE reads",
        .complexity = "O(N) in the number of functions",
        .group = "scripting",
        .since = "7.0.0",
        .handler = functionDumpCommand,
    },
    {
        .name = "flush",
        .arity = -2,
        .flags = cmd::kWrite | cmd::kNoscript,
        .acl = acl::kScripting,
        .syntax = "[ASYNC | SYNC]",
        .summary = "Remove every function library",
        .complexity = "O(N) in the number of functions removed",
        .group = "scripting",
        .since = "7.0.0",
        .tips = "request_policy:all_shards response_policy:all_succeeded",
        .handler = functionFlushCommand,
    },
    {
        .name = "help",
        .arity = 2,
        .flags = cmd::kLoading | cmd::kStale,
        .acl = acl::kScripting,
        .summary = "List the FUNCTION subcommands",
        .complexity = "O(1)",
        .group = "scripting",
        .since = "7.0.0",
        .handler = functionHelpCommand,
    },
    {
        .name = "kill",
        .arity = 2,
        .flags = cmd::kNoscript | cmd::kAllowBusy,
        .acl = acl::kScripting,
        .summary = "Stop the function running past busy-reply-threshold, if it has not written",
        .complexity = "O(1)",
        .group = "scripting",
        .since = "7.0.0",
        .tips = "request_policy:all_shards response_policy:one_succeeded",
        .handler = functionKillCommand,
    },
    {
        .name = "list",
        .arity = -2,
        .flags = cmd::kNoscript,
        .acl = acl::kScripting,
        .syntax = "[LIBRARYNAME library-name-pattern] [WITHCODE]",
        .summary = "Describe the loaded libraries, their functions and optionally their code",
        .complexity = "O(N) in the number of functions",
        .group = "scripting",
        .since = "7.0.0",
        .tips = "nondeterministic_output_order",
        .handler = functionListCommand,
    },
    {
        .name = "load",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kNoscript,
        .acl = acl::kScripting,
        .syntax = "[REPLACE] function-code",
        .summary = "Load a library of Lua functions from its code",
        .complexity = "O(1), compiling the code aside",
        .group = "scripting",
        .since = "7.0.0",
        .tips = "request_policy:all_shards response_policy:all_succeeded",
        .handler = functionLoadCommand,
    },
    {
        .name = "restore",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kNoscript,
        .acl = acl::kScripting,
        .syntax = "serialized-value [FLUSH | APPEND | REPLACE]",
        .summary = "Load the libraries of a FUNCTION DUMP payload",
        .complexity = "O(N) in the number of functions in the payload",
        .group = "scripting",
        .since = "7.0.0",
        .tips = "request_policy:all_shards response_policy:all_succeeded",
        .handler = functionRestoreCommand,
    },
    {
        .name = "stats",
        .arity = 2,
        .flags = cmd::kNoscript | cmd::kAllowBusy,
        .acl = acl::kScripting,
        .summary = "Show the running function, if any, and how many libraries are loaded",
        .complexity = "O(1)",
        .group = "scripting",
        .since = "7.0.0",
        .tips = "nondeterministic_output request_policy:all_shards response_policy:special",
        .handler = functionStatsCommand,
    },
};

constexpr CommandSpec kScriptingCommands[] = {
    {
        .name = "eval",
        .arity = -3,
        .flags = kEvalFlags,
        .acl = acl::kScripting,
        .keys = kEvalKeys,
        .syntax = "script numkeys [key [key ...]] [arg [arg ...]]",
        .summary = "Run a Lua script on the server, atomically",
        .complexity = "Depends on the script",
        .group = "scripting",
        .since = "2.6.0",
        .handler = evalCommand,
    },
    {
        .name = "evalsha",
        .arity = -3,
        .flags = kEvalFlags,
        .acl = acl::kScripting,
        .keys = kEvalshaKeys,
        .syntax = "sha1 numkeys [key [key ...]] [arg [arg ...]]",
        .summary = "Run a cached Lua script named by its SHA1 digest",
        .complexity = "Depends on the script",
        .group = "scripting",
        .since = "2.6.0",
        .handler = evalshaCommand,
    },
    {
        .name = "eval_ro",
        .arity = -3,
        .flags = cmd::kReadonly | kEvalFlags,
        .acl = acl::kScripting,
        .keys = kEvalRoKeys,
        .syntax = "script numkeys [key [key ...]] [arg [arg ...]]",
        .summary = "Run a Lua script that may only read",
        .complexity = "Depends on the script",
        .group = "scripting",
        .since = "7.0.0",
        .handler = evalRoCommand,
    },
    {
        .name = "evalsha_ro",
        .arity = -3,
        .flags = cmd::kReadonly | kEvalFlags,
        .acl = acl::kScripting,
        .keys = kEvalshaRoKeys,
        .syntax = "sha1 numkeys [key [key ...]] [arg [arg ...]]",
        .summary = "Run a cached Lua script, named by its SHA1, that may only read",
        .complexity = "Depends on the script",
        .group = "scripting",
        .since = "7.0.0",
        .handler = evalshaRoCommand,
    },
    {
        .name = "script",
        .arity = -2,
        .flags = 0,
        .summary = "Manage the Lua script cache",
        .complexity = "Depends on subcommand.",
        .group = "scripting",
        .since = "2.6.0",
        .handler = nullptr,
        .subcommands = kScriptSubcommands,
    },
    {
        .name = "fcall",
        .arity = -3,
        .flags = kEvalFlags,
        .acl = acl::kScripting,
        .keys = kFcallKeys,
        .syntax = "function numkeys [key [key ...]] [arg [arg ...]]",
        .summary = "Call a function loaded with FUNCTION LOAD",
        .complexity = "Depends on the function",
        .group = "scripting",
        .since = "7.0.0",
        .handler = fcallCommand,
    },
    {
        .name = "fcall_ro",
        .arity = -3,
        .flags = cmd::kReadonly | kEvalFlags,
        .acl = acl::kScripting,
        .keys = kFcallRoKeys,
        .syntax = "function numkeys [key [key ...]] [arg [arg ...]]",
        .summary = "Call a function flagged no-writes",
        .complexity = "Depends on the function",
        .group = "scripting",
        .since = "7.0.0",
        .handler = fcallRoCommand,
    },
    {
        .name = "function",
        .arity = -2,
        .flags = 0,
        .summary = "Manage function libraries",
        .complexity = "Depends on subcommand.",
        .group = "scripting",
        .since = "7.0.0",
        .handler = nullptr,
        .subcommands = kFunctionSubcommands,
    },
};

}  // namespace

std::span<const CommandSpec> scriptingCommands() { return kScriptingCommands; }

}  // namespace redsim
