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
};

}  // namespace

std::span<const CommandSpec> scriptingCommands() { return kScriptingCommands; }

}  // namespace redsim
