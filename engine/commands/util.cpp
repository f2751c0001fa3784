#include "engine/commands/util.h"

#include <climits>
#include <cmath>
#include <cstdio>

#include "engine/commands/table.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/notify.h"
#include "engine/util/numbers.h"

namespace redsim {

Object integerValue(const Engine& engine, long long v) {
    const bool can_share = !engine.cfg().noSharedIntegers();
    return Object::intString(v, can_share && v >= 0 && v < kSharedIntegers);
}

Object encodeStringValue(const Engine& engine, std::string value) {
    if (value.size() <= 20) {
        if (auto v = parseInt64(value)) return integerValue(engine, *v);
    }
    return Object::fromString(std::move(value));
}

std::optional<long long> intArg(CommandContext& ctx, size_t i, std::string_view error) {
    auto v = parseInt64(ctx.arg(i));
    if (!v) ctx.reply.error(error.empty() ? err::kNotInteger : error);
    return v;
}

std::optional<long double> longDoubleArg(CommandContext& ctx, size_t i) {
    auto v = parseLongDouble(ctx.arg(i));
    if (!v) ctx.reply.error(err::kNotFloat);
    return v;
}

std::optional<int64_t> blockTimeoutArg(CommandContext& ctx, size_t i, bool seconds) {
    long long ms = 0;
    if (seconds) {
        auto v = parseLongDouble(ctx.arg(i));
        if (!v) {
            ctx.reply.error("ERR timeout is not a float or out of range");
            return std::nullopt;
        }
        // Rounded up to whole milliseconds. Redis 7.0 converts without a range check; on
        // x86 a value past LLONG_MAX (1e400, inf) becomes LLONG_MIN, hence "negative".
        const long double scaled = std::ceil(*v * 1000.0L);
        ms = (scaled >= 9223372036854775808.0L || scaled < -9223372036854775808.0L || std::isnan(scaled))
                 ? LLONG_MIN
                 : static_cast<long long>(scaled);
    } else {
        auto v = intArg(ctx, i, "ERR timeout is not an integer or out of range");
        if (!v) return std::nullopt;
        ms = *v;
    }
    if (ms < 0) {
        ctx.reply.error("ERR timeout is negative");
        return std::nullopt;
    }
    if (ms == 0) return 0;
    const int64_t now = ctx.engine.nowMs();
    return ms > INT64_MAX - now ? INT64_MAX : now + ms;  // far enough to be "never"
}

bool mayBlock(const CommandContext& ctx) { return !ctx.client.in_exec && !ctx.engine.script.caller; }

std::optional<int> dbIndexArg(CommandContext& ctx, size_t i) {
    auto v = intArg(ctx, i);
    if (!v) return std::nullopt;
    if (*v < INT_MIN || *v > INT_MAX) {
        ctx.reply.error(err::kIntRange);
        return std::nullopt;
    }
    if (*v < 0 || *v >= ctx.engine.dbCount()) {
        ctx.reply.error(err::kDbIndexOutOfRange);
        return std::nullopt;
    }
    return static_cast<int>(*v);
}

bool wrongType(CommandContext& ctx, const Object* o, ObjType t) {
    if (o && o->type() != t) {
        ctx.reply.error(err::kWrongType);
        return true;
    }
    return false;
}

void replyString(ReplyWriter& reply, const Object& o) {
    if (o.isInt()) {
        char buf[24];
        const int n = std::snprintf(buf, sizeof buf, "%lld", o.intValue());
        reply.bulk(std::string_view(buf, static_cast<size_t>(n)));
    } else {
        reply.bulk(o.bytes());
    }
}

bool checkClientName(CommandContext& ctx, std::string_view name) {
    for (char c : name) {
        if (c < '!' || c > '~') {
            ctx.reply.error("ERR Client names cannot contain spaces, newlines or special characters.");
            return false;
        }
    }
    return true;
}

void storeOrDelete(CommandContext& ctx, const std::string& key, std::optional<Object> value, size_t n, uint32_t type,
                   std::string_view event) {
    Db& db = ctx.db();
    if (n > 0) {
        db.set(key, std::move(*value));
        ++ctx.engine.dirty;
        if (!event.empty()) {
            ctx.keyModified(key);
            ctx.notify(type, event, key);
        }
    } else if (db.remove(key)) {
        ++ctx.engine.dirty;
        if (!event.empty()) {
            ctx.keyModified(key);
            ctx.notify(notify::kGeneric, "del", key);
        }
    }
    ctx.reply.integer(static_cast<long long>(n));
}

bool replyOverflowed(CommandContext& ctx, size_t reply_start) {
    constexpr size_t kDefaultCeiling = size_t{64} << 20;
    const long long hard = ctx.engine.cfg().obuf_normal.hard;
    const size_t limit = hard > 0 ? static_cast<size_t>(hard) : kDefaultCeiling;
    if (ctx.client.out.size() <= limit) return false;
    ctx.client.out.resize(reply_start);
    ctx.client.close_asap = true;
    ctx.engine.killed_clients.push_back(ctx.client.id);
    return true;
}

void propagateAs(CommandContext& ctx, std::vector<std::string> argv) {
    ctx.engine.propagator().preventSelf();
    ctx.engine.propagator().add(ctx.client.db, std::move(argv));
}

void propagateExpiredDelete(CommandContext& ctx, const std::string& key) {
    propagateAs(ctx, {ctx.engine.cfg().lazyfree_lazy_expire ? "UNLINK" : "DEL", key});
}

bool argIs(const std::string& arg, std::string_view option) { return equalsIgnoreCase(arg, option); }

void subcommandSyntaxError(CommandContext& ctx) {
    ctx.reply.error("ERR unknown subcommand or wrong number of arguments for '" + ctx.arg(1).substr(0, 128) +
                    "'. Try " + toUpper(ctx.arg(0)) + " HELP.");
}

std::optional<long long> nonNegativeArg(CommandContext& ctx, size_t i, std::string_view error) {
    auto v = parseInt64(ctx.arg(i));
    if (!v || *v < 0) {
        ctx.reply.error(error);
        return std::nullopt;
    }
    return v;
}

}  // namespace redsim
