// Transaction commands (Redis's multi.c): MULTI, EXEC, DISCARD, WATCH, UNWATCH.
// Queueing happens in Engine::execute; the WATCH bookkeeping in engine/multi.cpp.
#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"

namespace redsim {
namespace {

void multiCommand(CommandContext& ctx) {
    if (ctx.client.in_multi) {
        ctx.reply.error("ERR MULTI calls can not be nested");
        return;
    }
    ctx.client.in_multi = true;
    ctx.reply.ok();
}

void discardCommand(CommandContext& ctx) {
    if (!ctx.client.in_multi) {
        ctx.reply.error("ERR DISCARD without MULTI");
        return;
    }
    ctx.engine.discardTransaction(ctx.client);
    ctx.reply.ok();
}

void execCommand(CommandContext& ctx) {
    Client& c = ctx.client;
    if (!c.in_multi) {
        ctx.reply.error("ERR EXEC without MULTI");
        return;
    }
    // A key watched while live that has since passed its deadline is a change, even if
    // nothing has deleted it yet.
    if (ctx.engine.isWatchedKeyExpired(c)) c.dirty_cas = true;
    if (c.dirty_exec || c.dirty_cas) {
        if (c.dirty_exec)
            ctx.reply.error("EXECABORT Transaction discarded because of previous errors.");
        else
            ctx.reply.nullArray();
        ctx.engine.discardTransaction(c);
        return;
    }
    // Unwatch first: the transaction's own writes must not make anything dirty.
    ctx.engine.unwatchAllKeys(c);
    std::vector<std::vector<std::string>> commands = std::move(c.queued);
    c.queued.clear();
    ctx.reply.arrayLen(commands.size());
    c.in_exec = true;
    // The client stays "in MULTI" while EXEC runs (CLIENT INFO shows flags=x multi=N).
    c.queued_count_during_exec = commands.size();
    for (const auto& argv : commands) ctx.engine.execute(c, argv);
    c.in_exec = false;
    c.queued_count_during_exec = 0;
    ctx.engine.discardTransaction(c);
}

void watchCommand(CommandContext& ctx) {
    if (ctx.client.in_multi) {
        ctx.reply.error("ERR WATCH inside MULTI is not allowed");
        return;
    }
    for (size_t i = 1; i < ctx.argc(); ++i) ctx.engine.watchKey(ctx.client, ctx.client.db, ctx.arg(i));
    ctx.reply.ok();
}

void unwatchCommand(CommandContext& ctx) {
    ctx.engine.unwatchAllKeys(ctx.client);
    ctx.client.dirty_cas = false;
    ctx.reply.ok();
}

constexpr KeySpec kWatchKeys[] = {{.flags = "RO", .begin_index = 1, .last_key = -1, .key_step = 1, .limit = 0}};

constexpr CommandSpec kTransactionCommands[] = {
    {.name = "multi",
     .arity = 1,
     .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale | cmd::kFast | cmd::kAllowBusy,
     .acl = acl::kTransaction,
     .summary = "Starts a transaction: the commands that follow are queued until EXEC.",
     .complexity = "O(1)",
     .group = "transactions",
     .since = "1.2.0",
     .handler = multiCommand},
    {.name = "exec",
     .arity = 1,
     .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale | cmd::kSkipSlowlog,
     .acl = acl::kTransaction,
     .summary = "Runs the queued commands as one, unless a watched key changed or a command failed to queue.",
     .complexity = "The sum of the queued commands' costs.",
     .group = "transactions",
     .since = "1.2.0",
     .handler = execCommand},
    {.name = "discard",
     .arity = 1,
     .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale | cmd::kFast | cmd::kAllowBusy,
     .acl = acl::kTransaction,
     .summary = "Drops the queued commands and every WATCH, and leaves the transaction.",
     .complexity = "O(N) with N the number of queued commands.",
     .group = "transactions",
     .since = "2.0.0",
     .handler = discardCommand},
    {.name = "watch",
     .arity = -2,
     .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale | cmd::kFast | cmd::kAllowBusy,
     .acl = acl::kTransaction,
     .keys = kWatchKeys,
     .syntax = "key [key ...]",
     .summary = "Makes the next EXEC fail if any of these keys changes before it.",
     .complexity = "O(1) per key.",
     .group = "transactions",
     .since = "2.2.0",
     .handler = watchCommand},
    {.name = "unwatch",
     .arity = 1,
     .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale | cmd::kFast | cmd::kAllowBusy,
     .acl = acl::kTransaction,
     .summary = "Forgets every watched key.",
     .complexity = "O(1)",
     .group = "transactions",
     .since = "2.2.0",
     .handler = unwatchCommand},
};

}  // namespace

std::span<const CommandSpec> transactionCommands() { return kTransactionCommands; }

}  // namespace redsim
