// BGREWRITEAOF: a new AOF base file, written by a forked child while the server goes
// on (engine/persist/aof.h). It works whether appendonly is on or not, as in Redis:
// with the AOF off it leaves a base file and a manifest naming it.
#include "engine/persist/aof.h"
#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"

namespace redsim {

namespace {

void bgrewriteaofCommand(CommandContext& ctx) {
    std::string status, error;
    ctx.engine.aof().bgrewriteCommand(ctx.client.in_exec, &status, &error);
    if (!error.empty())
        ctx.reply.error(error);
    else
        ctx.reply.status(status);
}

constexpr CommandSpec kAofCommands[] = {
    {
        // DIFFERS FROM REDIS: COMMAND INFO lacks Redis's no_async_loading flag (redsim
        // never loads asynchronously).
        .name = "bgrewriteaof",
        .arity = 1,
        .flags = cmd::kAdmin | cmd::kNoscript,
        .summary = "Start writing a new AOF base file in a background child process",
        .complexity = "O(1)",
        .group = "server",
        .since = "1.0.0",
        .handler = bgrewriteaofCommand,
    },
};

}  // namespace

std::span<const CommandSpec> aofCommands() { return kAofCommands; }

}  // namespace redsim
