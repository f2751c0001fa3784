// Persistence commands: SAVE writes every database to an RDB file (engine/persist/
// rdb_save.h) at `dir`/`dbfilename`, synchronously, blocking every client meanwhile;
// BGSAVE has a forked child write it while the server goes on (engine/persist/bgsave.h);
// LASTSAVE tells when the last save succeeded, so a client can poll for a new one.
#include <filesystem>
#include <string>

#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/persist/bgsave.h"

namespace redsim {

namespace {

void saveCommand(CommandContext& ctx) {
    // A SAVE next to a BGSAVE child would race it for the same file.
    if (persist::rdbBgsaveInProgress(ctx.engine)) {
        ctx.reply.error("ERR Background save already in progress");
        return;
    }
    ++ctx.engine.persist().rdb_saves;
    if (persist::saveSync(ctx.engine)) {
        // Redis logs the reason and replies a bare "ERR".
        ctx.reply.error("ERR");
        return;
    }
    ctx.reply.ok();
}

// BGSAVE [SCHEDULE]: engine/persist/bgsave.h.
void bgsaveCommand(CommandContext& ctx) {
    bool schedule = false;
    if (ctx.argc() > 1) {
        if (ctx.argc() == 2 && argIs(ctx.arg(1), "schedule")) {
            schedule = true;
        } else {
            ctx.reply.error(err::kSyntax);
            return;
        }
    }
    const persist::BgsaveReply r = persist::bgsave(ctx.engine, schedule, ctx.client.in_exec);
    if (r.error)
        ctx.reply.error(r.text);
    else
        ctx.reply.status(r.text);
}

void lastsaveCommand(CommandContext& ctx) {
    const int64_t s = ctx.engine.lastsave_s >= 0 ? ctx.engine.lastsave_s : ctx.engine.stats().start_time_ms / 1000;
    ctx.reply.integer(s);
}

constexpr CommandSpec kPersistCommands[] = {
    {
        // DIFFERS FROM REDIS: COMMAND INFO lacks Redis's no_async_loading flag (redsim
        // never loads asynchronously).
        .name = "save",
        .arity = 1,
        .flags = cmd::kAdmin | cmd::kNoscript | cmd::kNoMulti,
        .summary = "Write every database to the RDB file now, blocking the server until done",
        .complexity = "O(N) in the number of keys in all databases",
        .group = "server",
        .since = "1.0.0",
        .handler = saveCommand,
    },
    {
        // DIFFERS FROM REDIS: COMMAND INFO lacks Redis's no_async_loading flag.
        .name = "bgsave",
        .arity = -1,
        .flags = cmd::kAdmin | cmd::kNoscript,
        .syntax = "[SCHEDULE]",
        .summary = "Write every database to the RDB file from a forked child, without blocking clients",
        .complexity = "O(1)",
        .group = "server",
        .since = "1.0.0",
        .handler = bgsaveCommand,
    },
    {
        .name = "lastsave",
        .arity = 1,
        .flags = cmd::kLoading | cmd::kStale | cmd::kFast,
        .acl = acl::kAdmin | acl::kDangerous,
        .summary = "Tell when the last SAVE succeeded, as Unix seconds",
        .complexity = "O(1)",
        .group = "server",
        .since = "1.0.0",
        .tips = "nondeterministic_output",
        .handler = lastsaveCommand,
    },
};

}  // namespace

std::span<const CommandSpec> persistCommands() { return kPersistCommands; }

}  // namespace redsim
