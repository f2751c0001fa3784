// DUMP and RESTORE (Redis's cluster.c): a key's value as an opaque byte string, and back.
//
// A DUMP payload is exactly one value of an RDB file (engine/persist/rdb_save.h): the
// type byte and the value in the encoding it has in memory, followed by a 10-byte footer,
// the RDB version (2 bytes, little endian) and the CRC64 of everything before it. RESTORE
// refuses a payload from a newer RDB version or with a wrong checksum, then reads the
// value with the RDB loader, which validates every length and blob before using it: a
// client can send anything, and a bad payload is "Bad data format", never a crash nor a
// half-made key.
//
// The TTL: 0 means none; otherwise milliseconds from now, or (ABSTTL) a Unix time in
// milliseconds. A TTL already in the past creates nothing, and with REPLACE still deletes
// the old key (written to the replicas and the AOF as DEL). A relative TTL is written as
// the absolute deadline with ABSTTL added, so a replay later does not extend it.
// IDLETIME / FREQ set the new key's LRU idle time or LFU counter (one or the other), and
// only matter under a maxmemory policy of the matching kind.
#include <string>
#include <vector>

#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/notify.h"
#include "engine/persist/crc64.h"
#include "engine/persist/rdb_load.h"
#include "engine/persist/rdb_save.h"

namespace redsim {
namespace {

// createDumpPayload.
std::string dumpPayload(const Engine& engine, const Object& o) {
    std::string out = rdbSerializeValue(o, engine.cfg().rdbcompression);
    out += static_cast<char>(kRdbVersion & 0xff);
    out += static_cast<char>((kRdbVersion >> 8) & 0xff);
    const uint64_t crc = crc64(0, out);
    for (int i = 0; i < 8; ++i) out += static_cast<char>((crc >> (8 * i)) & 0xff);
    return out;
}

void dumpCommand(CommandContext& ctx) {
    const Object* o = ctx.db().lookupRead(ctx.arg(1));
    if (!o) {
        ctx.reply.null();
        return;
    }
    ctx.reply.bulk(dumpPayload(ctx.engine, *o));
}

void restoreCommand(CommandContext& ctx) {
    bool replace = false, absttl = false;
    long long lru_idle = -1, lfu_freq = -1;
    // Options first, in Redis's order: IDLETIME after FREQ (or FREQ after IDLETIME) is a
    // syntax error, as is an option missing its value.
    for (size_t j = 4; j < ctx.argc(); ++j) {
        const bool additional = j + 1 < ctx.argc();
        if (argIs(ctx.arg(j), "replace")) {
            replace = true;
        } else if (argIs(ctx.arg(j), "absttl")) {
            absttl = true;
        } else if (argIs(ctx.arg(j), "idletime") && additional && lfu_freq == -1) {
            auto v = intArg(ctx, j + 1);
            if (!v) return;
            if (*v < 0) {
                ctx.reply.error("ERR Invalid IDLETIME value, must be >= 0");
                return;
            }
            lru_idle = *v;
            ++j;
        } else if (argIs(ctx.arg(j), "freq") && additional && lru_idle == -1) {
            auto v = intArg(ctx, j + 1);
            if (!v) return;
            if (*v < 0 || *v > 255) {
                ctx.reply.error("ERR Invalid FREQ value, must be >= 0 and <= 255");
                return;
            }
            lfu_freq = *v;
            ++j;
        } else {
            ctx.reply.error(err::kSyntax);
            return;
        }
    }
    Db& db = ctx.db();
    const std::string& key = ctx.arg(1);
    // The existence check comes before the TTL and the payload are looked at.
    if (!replace && db.lookupWrite(key)) {
        ctx.reply.error("BUSYKEY Target key name already exists.");
        return;
    }
    auto ttl_arg = intArg(ctx, 2);
    if (!ttl_arg) return;
    long long ttl = *ttl_arg;
    if (ttl < 0) {
        ctx.reply.error("ERR Invalid TTL value, must be >= 0");
        return;
    }
    const std::string& payload = ctx.arg(3);
    if (!rdbVerifyDumpPayload(payload)) {
        ctx.reply.error("ERR DUMP payload version or checksum are wrong");
        return;
    }
    std::string why;
    std::optional<Object> value = rdbLoadValue(ctx.engine, payload, why, lru_idle, lfu_freq);
    if (!value) {
        ctx.reply.error("ERR Bad data format");
        return;
    }

    const bool deleted = replace && db.remove(key);
    // A relative TTL becomes a deadline. Redis adds without an overflow check: a TTL so
    // large that the sum wraps around gives a deadline in the past (nothing is created).
    // The sum is done in unsigned arithmetic here to get the same wrap without UB.
    if (ttl && !absttl)
        ttl = static_cast<long long>(static_cast<unsigned long long>(ttl) +
                                     static_cast<unsigned long long>(ctx.engine.nowMs()));
    if (ttl && ttl <= ctx.engine.nowMs()) {
        // checkAlreadyExpired: nothing is created; a replaced key is gone all the same.
        if (deleted) {
            propagateAs(ctx, {"DEL", key});
            ctx.keyModified(key);
            ctx.notify(notify::kGeneric, "del", key);
            ++ctx.engine.dirty;
        }
        ctx.reply.ok();
        return;
    }
    db.add(key, std::move(*value), /*keep_access=*/true);
    if (ttl) {
        db.setExpire(key, ttl);
        if (!absttl) {
            // Written with the absolute deadline and ABSTTL appended; other options as typed.
            std::vector<std::string> argv(ctx.argv.begin(), ctx.argv.end());
            argv[2] = decimal(ttl);
            argv.emplace_back("ABSTTL");
            propagateAs(ctx, std::move(argv));
        }
    }
    ctx.keyModified(key);
    ctx.notify(notify::kGeneric, "restore", key);
    ctx.reply.ok();
    ++ctx.engine.dirty;
}

constexpr KeySpec kDumpKeys[] = {{.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kRestoreKeys[] = {{.flags = "OW update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};

constexpr CommandSpec kDumpCommands[] = {
    {
        .name = "dump",
        .arity = 2,
        .flags = cmd::kReadonly,
        .acl = acl::kKeyspace,
        .keys = kDumpKeys,
        .syntax = "key",
        .summary = "Serialize a key's value into an opaque byte string that RESTORE accepts",
        .complexity = "O(1) to find the key, plus the size of the value to serialize it",
        .group = "generic",
        .since = "2.6.0",
        .tips = "nondeterministic_output",
        .handler = dumpCommand,
    },
    {
        .name = "restore",
        .arity = -4,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kKeyspace | acl::kDangerous,
        .keys = kRestoreKeys,
        .syntax = "key ttl:integer serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency:integer]",
        .summary = "Create a key from a DUMP payload, with an optional TTL and access data",
        .complexity = "O(1) to create the key, plus the size of the value to rebuild it (times log(N) for a sorted "
                      "set)",
        .group = "generic",
        .since = "2.6.0",
        .handler = restoreCommand,
    },
};

}  // namespace

std::span<const CommandSpec> dumpCommands() { return kDumpCommands; }

}  // namespace redsim
