// Persistence commands: SAVE writes every database to an RDB file (engine/persist/
// rdb_save.h) at `dir`/`dbfilename`, synchronously, blocking every client meanwhile
// (as Redis's SAVE does: BGSAVE is the non-blocking one); LASTSAVE tells when the last
// SAVE succeeded, so a client can poll for a new one.
#include <filesystem>
#include <string>

#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/info.h"
#include "engine/persist/rdb_save.h"

namespace redsim {

namespace {

void saveCommand(CommandContext& ctx) {
    const ConfigValues& cfg = ctx.engine.config().values;
    const std::string dir = Config::find("dir") ? ctx.engine.config().get(*Config::find("dir")) : std::string(".");
    const std::string path = (std::filesystem::path(dir) / cfg.dbfilename).string();
    RdbSaveOptions opts;
    opts.compression = cfg.rdbcompression;
    opts.checksum = cfg.rdbchecksum;
    opts.ctime_s = ctx.engine.nowMs() / 1000;
    opts.used_mem = usedMemory(ctx.engine);
    const std::string err = rdbSaveToFile(ctx.engine, path, opts);
    if (!err.empty()) {
        // Redis logs the reason and replies a bare "ERR".
        ctx.reply.error("ERR");
        return;
    }
    ctx.engine.dirty = 0;
    ctx.engine.lastsave_s = ctx.engine.nowMs() / 1000;
    ctx.reply.ok();
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
