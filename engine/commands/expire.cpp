// Time-to-live commands (Redis's expire.c): EXPIRE and friends, TTL, PERSIST.
//
// A TTL is stored as an absolute deadline in Unix milliseconds (Db::expires). Setting
// a deadline that has already passed deletes the key at once, as Redis does.
#include <climits>

#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/notify.h"
#include "engine/util/numbers.h"

namespace redsim {
namespace {

enum ExpireFlags : unsigned { kNX = 1, kXX = 2, kGT = 4, kLT = 8 };

// expireGenericCommand: `base_ms` is 0 for the *AT forms, now for relative ones.
void expireGeneric(CommandContext& ctx, bool relative, bool seconds) {
    unsigned flags = 0;
    for (size_t j = 3; j < ctx.argc(); ++j) {
        const std::string& opt = ctx.arg(j);
        if (argIs(opt, "nx"))
            flags |= kNX;
        else if (argIs(opt, "xx"))
            flags |= kXX;
        else if (argIs(opt, "gt"))
            flags |= kGT;
        else if (argIs(opt, "lt"))
            flags |= kLT;
        else {
            ctx.reply.error("ERR Unsupported option " + opt);
            return;
        }
    }
    if ((flags & kNX) && (flags & (kXX | kGT | kLT))) {
        ctx.reply.error("ERR NX and XX, GT or LT options at the same time are not compatible");
        return;
    }
    if ((flags & kGT) && (flags & kLT)) {
        ctx.reply.error("ERR GT and LT options at the same time are not compatible");
        return;
    }
    auto when = intArg(ctx, 2);
    if (!when) return;
    const std::string invalid = "ERR invalid expire time in '" + std::string(ctx.spec.name) + "' command";
    long long ms = *when;
    if (seconds) {
        if (ms > LLONG_MAX / 1000 || ms < LLONG_MIN / 1000) {
            ctx.reply.error(invalid);
            return;
        }
        ms *= 1000;
    }
    const long long base = relative ? ctx.engine.nowMs() : 0;
    if (ms > LLONG_MAX - base) {
        ctx.reply.error(invalid);
        return;
    }
    ms += base;
    Db& db = ctx.db();
    const std::string& key = ctx.arg(1);
    if (!db.lookupWrite(key)) {
        ctx.reply.integer(0);
        return;
    }
    if (flags) {
        const long long current = db.expireAt(key);
        if (((flags & kNX) && current != -1) || ((flags & kXX) && current == -1) ||
            ((flags & kGT) && (ms <= current || current == -1)) || ((flags & kLT) && current != -1 && ms >= current)) {
            ctx.reply.integer(0);
            return;
        }
    }
    if (ms <= ctx.engine.nowMs()) {
        // checkAlreadyExpired: a deadline in the past deletes the key, and that is a "del".
        db.remove(key);
        ctx.keyModified(key);
        ctx.notify(notify::kGeneric, "del", key);
        propagateExpiredDelete(ctx, key);
    } else {
        db.setExpire(key, ms);
        ctx.keyModified(key);
        ctx.notify(notify::kGeneric, "expire", key);
        // Every form is written as PEXPIREAT with the absolute deadline (a relative TTL
        // replayed later would last longer); NX/XX/GT/LT stay as typed.
        std::vector<std::string> argv(ctx.argv.begin(), ctx.argv.end());
        argv[0] = "PEXPIREAT";
        argv[2] = decimal(ms);
        propagateAs(ctx, std::move(argv));
    }
    ++ctx.engine.dirty;
    ctx.reply.integer(1);
}

void expireCommand(CommandContext& ctx) { expireGeneric(ctx, true, true); }
void pexpireCommand(CommandContext& ctx) { expireGeneric(ctx, true, false); }
void expireatCommand(CommandContext& ctx) { expireGeneric(ctx, false, true); }
void pexpireatCommand(CommandContext& ctx) { expireGeneric(ctx, false, false); }

// ttlGenericCommand: -2 no key, -1 no TTL; otherwise ms or rounded seconds, relative or
// absolute.
void ttlGeneric(CommandContext& ctx, bool ms, bool absolute) {
    Db& db = ctx.db();
    if (!db.lookupRead(ctx.arg(1), false)) {
        ctx.reply.integer(-2);
        return;
    }
    const long long expire = db.expireAt(ctx.arg(1));
    if (expire == -1) {
        ctx.reply.integer(-1);
        return;
    }
    long long ttl = absolute ? expire : expire - ctx.engine.nowMs();
    if (ttl < 0) ttl = 0;
    ctx.reply.integer(ms ? ttl : ttl / 1000 + (ttl % 1000 >= 500 ? 1 : 0));  // rounded, no overflow
}

void ttlCommand(CommandContext& ctx) { ttlGeneric(ctx, false, false); }
void pttlCommand(CommandContext& ctx) { ttlGeneric(ctx, true, false); }
void expiretimeCommand(CommandContext& ctx) { ttlGeneric(ctx, false, true); }
void pexpiretimeCommand(CommandContext& ctx) { ttlGeneric(ctx, true, true); }

void persistCommand(CommandContext& ctx) {
    Db& db = ctx.db();
    if (db.lookupWrite(ctx.arg(1)) && db.removeExpire(ctx.arg(1))) {
        ctx.keyModified(ctx.arg(1));
        ctx.notify(notify::kGeneric, "persist", ctx.arg(1));
        ++ctx.engine.dirty;
        ctx.reply.integer(1);
    } else {
        ctx.reply.integer(0);
    }
}

// ---- the command table rows (flags, ACL categories and key specs as Redis 7.0 reports them) ----

constexpr KeySpec kExpireKeys[] = {{.flags = "RW update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kPexpireKeys[] = {{.flags = "RW update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kExpireatKeys[] = {
    {.flags = "RW update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kPexpireatKeys[] = {
    {.flags = "RW update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kExpiretimeKeys[] = {
    {.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kPexpiretimeKeys[] = {
    {.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kTtlKeys[] = {{.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kPttlKeys[] = {{.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kPersistKeys[] = {{.flags = "RW update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};

constexpr CommandSpec kExpireCommands[] = {
    {
        .name = "expire",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kKeyspace,
        .keys = kExpireKeys,
        .syntax = "key seconds [NX | XX | GT | LT]",
        .summary = "Give a key a time to live in seconds",
        .complexity = "O(1)",
        .group = "generic",
        .since = "1.0.0",
        .handler = expireCommand,
    },
    {
        .name = "pexpire",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kKeyspace,
        .keys = kPexpireKeys,
        .syntax = "key milliseconds [NX | XX | GT | LT]",
        .summary = "Give a key a time to live in milliseconds",
        .complexity = "O(1)",
        .group = "generic",
        .since = "2.6.0",
        .handler = pexpireCommand,
    },
    {
        .name = "expireat",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kKeyspace,
        .keys = kExpireatKeys,
        .syntax = "key unix-time-seconds [NX | XX | GT | LT]",
        .summary = "Make a key expire at a Unix time in seconds",
        .complexity = "O(1)",
        .group = "generic",
        .since = "1.2.0",
        .handler = expireatCommand,
    },
    {
        .name = "pexpireat",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kKeyspace,
        .keys = kPexpireatKeys,
        .syntax = "key unix-time-milliseconds [NX | XX | GT | LT]",
        .summary = "Make a key expire at a Unix time in milliseconds",
        .complexity = "O(1)",
        .group = "generic",
        .since = "2.6.0",
        .handler = pexpireatCommand,
    },
    {
        .name = "expiretime",
        .arity = 2,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kKeyspace,
        .keys = kExpiretimeKeys,
        .syntax = "key",
        .summary = "Tell the Unix time in seconds at which a key will expire",
        .complexity = "O(1)",
        .group = "generic",
        .since = "7.0.0",
        .handler = expiretimeCommand,
    },
    {
        .name = "pexpiretime",
        .arity = 2,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kKeyspace,
        .keys = kPexpiretimeKeys,
        .syntax = "key",
        .summary = "Tell the Unix time in milliseconds at which a key will expire",
        .complexity = "O(1)",
        .group = "generic",
        .since = "7.0.0",
        .handler = pexpiretimeCommand,
    },
    {
        .name = "ttl",
        .arity = 2,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kKeyspace,
        .keys = kTtlKeys,
        .syntax = "key",
        .summary = "Tell how many seconds a key has left to live",
        .complexity = "O(1)",
        .group = "generic",
        .since = "1.0.0",
        .tips = "nondeterministic_output",
        .handler = ttlCommand,
    },
    {
        .name = "pttl",
        .arity = 2,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kKeyspace,
        .keys = kPttlKeys,
        .syntax = "key",
        .summary = "Tell how many milliseconds a key has left to live",
        .complexity = "O(1)",
        .group = "generic",
        .since = "2.6.0",
        .tips = "nondeterministic_output",
        .handler = pttlCommand,
    },
    {
        .name = "persist",
        .arity = 2,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kKeyspace,
        .keys = kPersistKeys,
        .syntax = "key",
        .summary = "Remove a key's time to live so it never expires",
        .complexity = "O(1)",
        .group = "generic",
        .since = "2.2.0",
        .handler = persistCommand,
    },
};

}  // namespace

std::span<const CommandSpec> expireCommands() { return kExpireCommands; }

}  // namespace redsim
