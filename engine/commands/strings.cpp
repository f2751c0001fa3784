// String commands (Redis's t_string.c): SET and its variants, counters, ranges, LCS.
//
// A string value is stored as int, embstr or raw (see engine/object.h). Writes that
// store an argument as the new value (SET, MSET, GETSET, APPEND to a missing key) pick
// the encoding with encodeStringValue; writes that change a string in place (APPEND,
// SETRANGE) always leave a raw string, exactly as Redis does.
#include <climits>
#include <cmath>
#include <vector>

#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/notify.h"
#include "engine/util/numbers.h"

namespace redsim {
namespace {

enum SetFlags : unsigned {
    kNX = 1u << 0,
    kXX = 1u << 1,
    kGet = 1u << 2,
    kKeepTtl = 1u << 3,
    kPersist = 1u << 4,
    kEX = 1u << 5,
    kPX = 1u << 6,
    kEXAT = 1u << 7,
    kPXAT = 1u << 8,
};
constexpr unsigned kAnyExpire = kEX | kPX | kEXAT | kPXAT;

enum class ParseFor { Set, GetEx };

// Parses SET/GETEX options from argv[first] on (parseExtendedStringArgumentsOrReply).
// Returns false after replying a syntax error.
bool parseSetOptions(CommandContext& ctx, size_t first, ParseFor kind, unsigned& flags, const std::string*& expire) {
    for (size_t j = first; j < ctx.argc(); ++j) {
        const std::string& opt = ctx.arg(j);
        const bool has_next = j + 1 < ctx.argc();
        if (argIs(opt, "nx") && !(flags & kXX) && kind == ParseFor::Set) {
            flags |= kNX;
        } else if (argIs(opt, "xx") && !(flags & kNX) && kind == ParseFor::Set) {
            flags |= kXX;
        } else if (argIs(opt, "get") && kind == ParseFor::Set) {
            flags |= kGet;
        } else if (argIs(opt, "keepttl") && !(flags & kPersist) && !(flags & kAnyExpire) && kind == ParseFor::Set) {
            flags |= kKeepTtl;
        } else if (argIs(opt, "persist") && kind == ParseFor::GetEx && !(flags & kAnyExpire) && !(flags & kKeepTtl)) {
            flags |= kPersist;
        } else if ((argIs(opt, "ex") || argIs(opt, "px") || argIs(opt, "exat") || argIs(opt, "pxat")) &&
                   !(flags & kKeepTtl) && !(flags & kPersist) && has_next) {
            const unsigned mine = argIs(opt, "ex") ? kEX : argIs(opt, "px") ? kPX : argIs(opt, "exat") ? kEXAT : kPXAT;
            if (flags & (kAnyExpire & ~mine)) {
                ctx.reply.error(err::kSyntax);
                return false;
            }
            flags |= mine;
            expire = &ctx.arg(++j);
        } else {
            ctx.reply.error(err::kSyntax);
            return false;
        }
    }
    return true;
}

// getExpireMillisecondsOrReply: the absolute deadline in ms, or nullopt after an error.
std::optional<long long> expireDeadline(CommandContext& ctx, const std::string& text, unsigned flags,
                                        std::string_view command) {
    auto v = parseInt64(text);
    if (!v) {
        ctx.reply.error(err::kNotInteger);
        return std::nullopt;
    }
    long long ms = *v;
    const bool seconds = flags & (kEX | kEXAT);
    const std::string invalid = "ERR invalid expire time in '" + std::string(command) + "' command";
    if (ms <= 0 || (seconds && ms > LLONG_MAX / 1000)) {
        ctx.reply.error(invalid);
        return std::nullopt;
    }
    if (seconds) ms *= 1000;
    if (flags & (kEX | kPX)) {
        if (ms > LLONG_MAX - ctx.engine.nowMs()) {
            ctx.reply.error(invalid);
            return std::nullopt;
        }
        ms += ctx.engine.nowMs();
    }
    return ms;
}

// GET's body: replies the value or nil. False (after WRONGTYPE) if the key is not a string.
bool replyGet(CommandContext& ctx, std::string_view key) {
    Object* o = ctx.db().lookupRead(key);
    if (!o) {
        ctx.reply.null();
        return true;
    }
    if (wrongType(ctx, o, ObjType::String)) return false;
    replyString(ctx.reply, *o);
    return true;
}

// setGenericCommand: the shared body of SET, SETNX, SETEX and PSETEX.
void setGeneric(CommandContext& ctx, unsigned flags, const std::string& key, const std::string& value,
                const std::string* expire, bool nx_reply_integer = false) {
    std::optional<long long> deadline;
    if (expire) {
        deadline = expireDeadline(ctx, *expire, flags, ctx.spec.name);
        if (!deadline) return;
    }
    if (flags & kGet) {
        if (!replyGet(ctx, key)) return;
    }
    Db& db = ctx.db();
    // The lookup matters for NX/XX, and under LFU (it counts as an access whose counter
    // the new value inherits); otherwise only a stale key needs removing first.
    bool found = false;
    if ((flags & (kNX | kXX)) || ctx.engine.cfg().lfuPolicy())
        found = db.lookupWrite(key) != nullptr;
    else
        db.expireIfNeeded(key);
    if (((flags & kNX) && found) || ((flags & kXX) && !found)) {
        if (!(flags & kGet)) {
            if (nx_reply_integer)
                ctx.reply.integer(0);
            else
                ctx.reply.null();
        }
        return;
    }
    db.set(key, encodeStringValue(ctx.engine, value), (flags & kKeepTtl) || deadline);
    ++ctx.engine.dirty;
    ctx.keyModified(key);
    ctx.notify(notify::kString, "set", key);
    if (deadline) {
        db.setExpire(key, *deadline);
        ctx.notify(notify::kGeneric, "expire", key);
        // Written with an absolute deadline, so replaying it later gives the same TTL
        // (EX/PX/EXAT/PXAT and SETEX/PSETEX alike; NX/XX/GET are dropped as 7.0 does).
        propagateAs(ctx, {"SET", key, value, "PXAT", decimal(*deadline)});
    } else if (flags & kGet) {
        // GET only shapes the reply: the stream carries the SET without it.
        std::vector<std::string> argv;
        for (size_t j = 0; j < ctx.argc(); ++j)
            if (j < 3 || !argIs(ctx.arg(j), "get")) argv.push_back(ctx.arg(j));
        propagateAs(ctx, std::move(argv));
    }
    if (!(flags & kGet)) {
        if (nx_reply_integer)
            ctx.reply.integer(1);
        else
            ctx.reply.ok();
    }
}

// SET's key is only read (RW access) when GET is given; otherwise it is overwritten.
std::string_view setKeyFlags(std::span<const std::string> argv) {
    for (size_t j = 3; j < argv.size(); ++j)
        if (argIs(argv[j], "get")) return "RW access update";
    return "OW update";
}

void setCommand(CommandContext& ctx) {
    unsigned flags = 0;
    const std::string* expire = nullptr;
    if (!parseSetOptions(ctx, 3, ParseFor::Set, flags, expire)) return;
    setGeneric(ctx, flags, ctx.arg(1), ctx.arg(2), expire);
}

void setnxCommand(CommandContext& ctx) { setGeneric(ctx, kNX, ctx.arg(1), ctx.arg(2), nullptr, true); }
void setexCommand(CommandContext& ctx) { setGeneric(ctx, kEX, ctx.arg(1), ctx.arg(3), &ctx.arg(2)); }
void psetexCommand(CommandContext& ctx) { setGeneric(ctx, kPX, ctx.arg(1), ctx.arg(3), &ctx.arg(2)); }

void getCommand(CommandContext& ctx) { replyGet(ctx, ctx.arg(1)); }

void getsetCommand(CommandContext& ctx) {
    if (!replyGet(ctx, ctx.arg(1))) return;
    ctx.db().set(ctx.arg(1), encodeStringValue(ctx.engine, ctx.arg(2)));
    ctx.keyModified(ctx.arg(1));
    ctx.notify(notify::kString, "set", ctx.arg(1));
    ++ctx.engine.dirty;
}

void getdelCommand(CommandContext& ctx) {
    Object* o = ctx.db().lookupRead(ctx.arg(1));
    if (!o) {
        ctx.reply.null();
        return;
    }
    if (wrongType(ctx, o, ObjType::String)) return;
    replyString(ctx.reply, *o);
    ctx.db().remove(ctx.arg(1));
    ctx.keyModified(ctx.arg(1));
    ctx.notify(notify::kGeneric, "del", ctx.arg(1));
    ++ctx.engine.dirty;
    // The stream only needs the deletion (UNLINK when user deletes are lazy).
    propagateAs(ctx, {ctx.engine.cfg().lazyfree_lazy_user_del ? "UNLINK" : "DEL", ctx.arg(1)});
}

void getexCommand(CommandContext& ctx) {
    unsigned flags = 0;
    const std::string* expire = nullptr;
    if (!parseSetOptions(ctx, 2, ParseFor::GetEx, flags, expire)) return;
    // As Redis: the key is looked up (and type-checked) before the expire time is parsed,
    // so "GETEX missing EX abc" is nil, not an error.
    Db& db = ctx.db();
    Object* o = db.lookupRead(ctx.arg(1));
    if (!o) {
        ctx.reply.null();
        return;
    }
    if (wrongType(ctx, o, ObjType::String)) return;
    std::optional<long long> deadline;
    if (expire) {
        deadline = expireDeadline(ctx, *expire, flags, "getex");
        if (!deadline) return;
    }
    replyString(ctx.reply, *o);
    if (deadline) {
        if (*deadline <= ctx.engine.nowMs()) {
            db.remove(ctx.arg(1));  // checkAlreadyExpired
            ctx.keyModified(ctx.arg(1));
            ctx.notify(notify::kGeneric, "del", ctx.arg(1));
            propagateExpiredDelete(ctx, ctx.arg(1));
        } else {
            db.setExpire(ctx.arg(1), *deadline);
            ctx.keyModified(ctx.arg(1));
            ctx.notify(notify::kGeneric, "expire", ctx.arg(1));
            // GETEX is written as the expire it set, with an absolute deadline.
            propagateAs(ctx, {"PEXPIREAT", ctx.arg(1), decimal(*deadline)});
        }
        ++ctx.engine.dirty;
    } else if (flags & kPersist) {
        if (db.removeExpire(ctx.arg(1))) {
            propagateAs(ctx, {"PERSIST", ctx.arg(1)});
            ++ctx.engine.dirty;
            ctx.keyModified(ctx.arg(1));
            ctx.notify(notify::kGeneric, "persist", ctx.arg(1));
        }
    }
}

void mgetCommand(CommandContext& ctx) {
    ctx.reply.arrayLen(ctx.argc() - 1);
    for (size_t j = 1; j < ctx.argc(); ++j) {
        Object* o = ctx.db().lookupRead(ctx.arg(j));
        if (!o || o->type() != ObjType::String)
            ctx.reply.null();
        else
            replyString(ctx.reply, *o);
    }
}

void msetGeneric(CommandContext& ctx, bool nx) {
    if (ctx.argc() % 2 == 0) {
        ctx.reply.error("ERR wrong number of arguments for '" + std::string(ctx.spec.name) + "' command");
        return;
    }
    Db& db = ctx.db();
    if (nx) {
        for (size_t j = 1; j < ctx.argc(); j += 2) {
            if (db.lookupWrite(ctx.arg(j))) {
                ctx.reply.integer(0);
                return;
            }
        }
    }
    for (size_t j = 1; j < ctx.argc(); j += 2) {
        db.set(ctx.arg(j), encodeStringValue(ctx.engine, ctx.arg(j + 1)));
        ctx.keyModified(ctx.arg(j));
        ctx.notify(notify::kString, "set", ctx.arg(j));
    }
    ctx.engine.dirty += (ctx.argc() - 1) / 2;
    if (nx)
        ctx.reply.integer(1);
    else
        ctx.reply.ok();
}

void msetCommand(CommandContext& ctx) { msetGeneric(ctx, false); }
void msetnxCommand(CommandContext& ctx) { msetGeneric(ctx, true); }

// incrDecrCommand: add `incr` to the integer at argv[1].
void incrDecr(CommandContext& ctx, long long incr) {
    Db& db = ctx.db();
    Object* o = db.lookupWrite(ctx.arg(1));
    if (wrongType(ctx, o, ObjType::String)) return;
    long long value = 0;
    if (o) {
        if (o->isInt())
            value = o->intValue();
        else if (auto v = parseInt64(o->bytes()))
            value = *v;
        else {
            ctx.reply.error(err::kNotInteger);
            return;
        }
    }
    if ((incr < 0 && value < 0 && incr < (LLONG_MIN - value)) ||
        (incr > 0 && value > 0 && incr > (LLONG_MAX - value))) {
        ctx.reply.error(err::kOverflow);
        return;
    }
    value += incr;
    if (o)
        db.overwrite(ctx.arg(1), integerValue(ctx.engine, value));
    else
        db.add(ctx.arg(1), integerValue(ctx.engine, value));
    ctx.keyModified(ctx.arg(1));
    ctx.notify(notify::kString, "incrby", ctx.arg(1));
    ++ctx.engine.dirty;
    ctx.reply.integer(value);
}

void incrCommand(CommandContext& ctx) { incrDecr(ctx, 1); }
void decrCommand(CommandContext& ctx) { incrDecr(ctx, -1); }

void incrbyCommand(CommandContext& ctx) {
    if (auto incr = intArg(ctx, 2)) incrDecr(ctx, *incr);
}

void decrbyCommand(CommandContext& ctx) {
    auto incr = intArg(ctx, 2);
    if (!incr) return;
    if (*incr == LLONG_MIN) {
        ctx.reply.error("ERR decrement would overflow");
        return;
    }
    incrDecr(ctx, -*incr);
}

void incrbyfloatCommand(CommandContext& ctx) {
    Db& db = ctx.db();
    Object* o = db.lookupWrite(ctx.arg(1));
    if (wrongType(ctx, o, ObjType::String)) return;
    long double value = 0;
    if (o) {
        if (o->isInt())
            value = static_cast<long double>(o->intValue());
        else if (auto v = parseLongDouble(o->bytes()))
            value = *v;
        else {
            ctx.reply.error(err::kNotFloat);
            return;
        }
    }
    auto incr = longDoubleArg(ctx, 2);
    if (!incr) return;
    value += *incr;
    if (std::isnan(value) || std::isinf(value)) {
        ctx.reply.error(err::kNanOrInfinity);
        return;
    }
    auto text = formatLongDoubleHuman(value);
    if (!text) {
        ctx.reply.error(err::kNanOrInfinity);
        return;
    }
    if (o)
        db.overwrite(ctx.arg(1), Object::fromString(*text));
    else
        db.add(ctx.arg(1), Object::fromString(*text));
    ctx.keyModified(ctx.arg(1));
    ctx.notify(notify::kString, "incrbyfloat", ctx.arg(1));
    ++ctx.engine.dirty;
    // Float arithmetic may round differently elsewhere: write the result, not the
    // increment (KEEPTTL: the SET must not drop the key's TTL).
    propagateAs(ctx, {"SET", ctx.arg(1), *text, "KEEPTTL"});
    ctx.reply.bulk(*text);
}

// checkStringLength: would a string of size+append bytes pass proto-max-bulk-len?
bool stringLengthOk(CommandContext& ctx, long long size, long long append) {
    long long total = 0;
    if (__builtin_add_overflow(size, append, &total) || total > ctx.engine.cfg().proto_max_bulk_len) {
        ctx.reply.error(err::kStringTooLong);
        return false;
    }
    return true;
}

// dbUnshareStringValue: make the value a private raw string we may change in place.
Object& unshareString(Db& db, const std::string& key, Object& o) {
    if (o.encoding() != Encoding::Raw || o.isShared()) db.overwrite(key, Object::rawString(o.stringValue()));
    return *db.peek(key);
}

void appendCommand(CommandContext& ctx) {
    Db& db = ctx.db();
    const std::string& key = ctx.arg(1);
    Object* o = db.lookupWrite(key);
    size_t total;
    if (!o) {
        Object v = encodeStringValue(ctx.engine, ctx.arg(2));
        total = v.stringLength();
        db.add(key, std::move(v));
    } else {
        if (wrongType(ctx, o, ObjType::String)) return;
        if (!stringLengthOk(ctx, static_cast<long long>(o->stringLength()), static_cast<long long>(ctx.arg(2).size())))
            return;
        Object& raw = unshareString(db, key, *o);
        raw.rawBytes() += ctx.arg(2);
        total = raw.rawBytes().size();
    }
    ctx.keyModified(key);
    ctx.notify(notify::kString, "append", key);
    ++ctx.engine.dirty;
    ctx.reply.integer(static_cast<long long>(total));
}

void strlenCommand(CommandContext& ctx) {
    Object* o = ctx.db().lookupRead(ctx.arg(1));
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    if (wrongType(ctx, o, ObjType::String)) return;
    ctx.reply.integer(static_cast<long long>(o->stringLength()));
}

void getrangeCommand(CommandContext& ctx) {
    auto start = intArg(ctx, 2);
    if (!start) return;
    auto end = intArg(ctx, 3);
    if (!end) return;
    Object* o = ctx.db().lookupRead(ctx.arg(1));
    if (!o) {
        ctx.reply.bulk("");
        return;
    }
    if (wrongType(ctx, o, ObjType::String)) return;
    long long s = *start, e = *end;
    if (s < 0 && e < 0 && s > e) {
        ctx.reply.bulk("");
        return;
    }
    const std::string str = o->stringValue();
    const long long len = static_cast<long long>(str.size());
    if (s < 0) s = len + s;
    if (e < 0) e = len + e;
    if (s < 0) s = 0;
    if (e < 0) e = 0;
    if (e >= len) e = len - 1;
    if (s > e || len == 0) {
        ctx.reply.bulk("");
        return;
    }
    ctx.reply.bulk(std::string_view(str).substr(static_cast<size_t>(s), static_cast<size_t>(e - s + 1)));
}

void substrCommand(CommandContext& ctx) { getrangeCommand(ctx); }

void setrangeCommand(CommandContext& ctx) {
    auto offset = intArg(ctx, 2);
    if (!offset) return;
    if (*offset < 0) {
        ctx.reply.error("ERR offset is out of range");
        return;
    }
    Db& db = ctx.db();
    const std::string& key = ctx.arg(1);
    const std::string& value = ctx.arg(3);
    Object* o = db.lookupWrite(key);
    if (!o) {
        if (value.empty()) {
            ctx.reply.integer(0);
            return;
        }
        if (!stringLengthOk(ctx, *offset, static_cast<long long>(value.size()))) return;
        db.add(key, Object::rawString(std::string()));
        o = db.peek(key);
    } else {
        if (wrongType(ctx, o, ObjType::String)) return;
        const size_t olen = o->stringLength();
        if (value.empty()) {
            ctx.reply.integer(static_cast<long long>(olen));
            return;
        }
        if (!stringLengthOk(ctx, *offset, static_cast<long long>(value.size()))) return;
        o = &unshareString(db, key, *o);
    }
    std::string& bytes = o->rawBytes();
    const size_t need = static_cast<size_t>(*offset) + value.size();
    if (bytes.size() < need) bytes.resize(need, '\0');
    bytes.replace(static_cast<size_t>(*offset), value.size(), value);
    ctx.keyModified(key);
    ctx.notify(notify::kString, "setrange", key);
    ++ctx.engine.dirty;
    ctx.reply.integer(static_cast<long long>(bytes.size()));
}

// LCS: dynamic programming over the two strings, then a walk back from the end that
// rebuilds the subsequence and, for IDX, the matching ranges (last match first).
void lcsCommand(CommandContext& ctx) {
    Db& db = ctx.db();
    Object* oa = db.lookupRead(ctx.arg(1));
    Object* ob = db.lookupRead(ctx.arg(2));
    if ((oa && oa->type() != ObjType::String) || (ob && ob->type() != ObjType::String)) {
        ctx.reply.error("ERR The specified keys must contain string values");
        return;
    }
    const std::string a = oa ? oa->stringValue() : std::string();
    const std::string b = ob ? ob->stringValue() : std::string();
    bool getlen = false, getidx = false, withmatchlen = false;
    long long minmatchlen = 0;
    for (size_t j = 3; j < ctx.argc(); ++j) {
        const std::string& opt = ctx.arg(j);
        const bool more = j + 1 < ctx.argc();
        if (argIs(opt, "idx"))
            getidx = true;
        else if (argIs(opt, "len"))
            getlen = true;
        else if (argIs(opt, "withmatchlen"))
            withmatchlen = true;
        else if (argIs(opt, "minmatchlen") && more) {
            auto v = intArg(ctx, ++j);
            if (!v) return;
            minmatchlen = *v < 0 ? 0 : *v;
        } else {
            ctx.reply.error(err::kSyntax);
            return;
        }
    }
    if (getidx && getlen) {
        ctx.reply.error("ERR If you want both the length and indexes, please just use IDX.");
        return;
    }
    const size_t alen = a.size(), blen = b.size();
    if ((alen + 1) * (blen + 1) * sizeof(uint32_t) >
        static_cast<unsigned long long>(ctx.engine.cfg().proto_max_bulk_len)) {
        ctx.reply.error("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        return;
    }
    std::vector<uint32_t> dp((alen + 1) * (blen + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint32_t& { return dp[j * (alen + 1) + i]; };
    for (size_t i = 1; i <= alen; ++i)
        for (size_t j = 1; j <= blen; ++j)
            at(i, j) = a[i - 1] == b[j - 1] ? at(i - 1, j - 1) + 1 : std::max(at(i - 1, j), at(i, j - 1));

    const uint32_t total = at(alen, blen);
    std::string result(total, '\0');
    struct Match {
        size_t a0, a1, b0, b1;
    };
    std::vector<Match> matches;
    size_t idx = total;
    size_t as = alen, ae = 0, bs = 0, be = 0;  // as == alen: no range open
    size_t i = alen, j = blen;
    while (i > 0 && j > 0) {
        bool emit = false;
        if (a[i - 1] == b[j - 1]) {
            result[idx - 1] = a[i - 1];
            if (as == alen) {
                as = ae = i - 1;
                bs = be = j - 1;
            } else if (as == i && bs == j) {
                --as;
                --bs;
            } else {
                emit = true;
            }
            if (as == 0 || bs == 0) emit = true;
            --idx;
            --i;
            --j;
        } else {
            if (at(i - 1, j) > at(i, j - 1))
                --i;
            else
                --j;
            if (as != alen) emit = true;
        }
        if (emit) {
            const size_t len = ae - as + 1;
            if (minmatchlen == 0 || static_cast<long long>(len) >= minmatchlen) matches.push_back({as, ae, bs, be});
            as = alen;
        }
    }
    if (getidx) {
        ctx.reply.mapLen(2);
        ctx.reply.bulk("matches");
        ctx.reply.arrayLen(matches.size());
        for (const auto& m : matches) {
            ctx.reply.arrayLen(withmatchlen ? 3 : 2);
            ctx.reply.arrayLen(2);
            ctx.reply.integer(static_cast<long long>(m.a0));
            ctx.reply.integer(static_cast<long long>(m.a1));
            ctx.reply.arrayLen(2);
            ctx.reply.integer(static_cast<long long>(m.b0));
            ctx.reply.integer(static_cast<long long>(m.b1));
            if (withmatchlen) ctx.reply.integer(static_cast<long long>(m.a1 - m.a0 + 1));
        }
        ctx.reply.bulk("len");
        ctx.reply.integer(total);
    } else if (getlen) {
        ctx.reply.integer(total);
    } else {
        ctx.reply.bulk(result);
    }
}

// ---- the command table rows (flags, ACL categories and key specs as Redis 7.0 reports them) ----

constexpr KeySpec kSetKeys[] = {{.flags = "RW access update variable_flags",
                                 .begin_index = 1,
                                 .last_key = 0,
                                 .key_step = 1,
                                 .limit = 0,
                                 .notes = "RW and ACCESS due to the optional `GET` argument"}};
constexpr KeySpec kGetKeys[] = {{.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kGetsetKeys[] = {
    {.flags = "RW access update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kGetdelKeys[] = {
    {.flags = "RW access delete", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kGetexKeys[] = {{.flags = "RW access update",
                                   .begin_index = 1,
                                   .last_key = 0,
                                   .key_step = 1,
                                   .limit = 0,
                                   .notes = "RW and UPDATE because it changes the TTL"}};
constexpr KeySpec kSetnxKeys[] = {{.flags = "OW insert", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kSetexKeys[] = {{.flags = "OW update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kPsetexKeys[] = {{.flags = "OW update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kMsetKeys[] = {{.flags = "OW update", .begin_index = 1, .last_key = -1, .key_step = 2, .limit = 0}};
constexpr KeySpec kMsetnxKeys[] = {{.flags = "OW insert", .begin_index = 1, .last_key = -1, .key_step = 2, .limit = 0}};
constexpr KeySpec kMgetKeys[] = {{.flags = "RO access", .begin_index = 1, .last_key = -1, .key_step = 1, .limit = 0}};
constexpr KeySpec kIncrKeys[] = {
    {.flags = "RW access update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kDecrKeys[] = {
    {.flags = "RW access update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kIncrbyKeys[] = {
    {.flags = "RW access update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kDecrbyKeys[] = {
    {.flags = "RW access update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kIncrbyfloatKeys[] = {
    {.flags = "RW access update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kAppendKeys[] = {{.flags = "RW insert", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kStrlenKeys[] = {{.flags = "RO", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kGetrangeKeys[] = {
    {.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kSubstrKeys[] = {{.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kSetrangeKeys[] = {
    {.flags = "RW update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kLcsKeys[] = {{.flags = "RO access", .begin_index = 1, .last_key = 1, .key_step = 1, .limit = 0}};

constexpr CommandSpec kStringCommands[] = {
    {
        .name = "set",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kString,
        .keys = kSetKeys,
        .syntax = "key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT "
                  "unix-time-milliseconds | KEEPTTL]",
        .summary = "Store a string value at a key, with optional expiry and conditions",
        .complexity = "O(1)",
        .group = "string",
        .since = "1.0.0",
        .handler = setCommand,
        .variable_key_flags = setKeyFlags,
    },
    {
        .name = "get",
        .arity = 2,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kString,
        .keys = kGetKeys,
        .syntax = "key",
        .summary = "Read the string value at a key",
        .complexity = "O(1)",
        .group = "string",
        .since = "1.0.0",
        .handler = getCommand,
    },
    {
        .name = "getset",
        .arity = 3,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kString,
        .keys = kGetsetKeys,
        .syntax = "key value",
        .summary = "Store a new string value and return the old one",
        .complexity = "O(1)",
        .group = "string",
        .since = "1.0.0",
        .handler = getsetCommand,
    },
    {
        .name = "getdel",
        .arity = 2,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kString,
        .keys = kGetdelKeys,
        .syntax = "key",
        .summary = "Read the string value at a key and delete the key",
        .complexity = "O(1)",
        .group = "string",
        .since = "6.2.0",
        .handler = getdelCommand,
    },
    {
        .name = "getex",
        .arity = -2,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kString,
        .keys = kGetexKeys,
        .syntax = "key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]",
        .summary = "Read the string value at a key and change or remove its expiry",
        .complexity = "O(1)",
        .group = "string",
        .since = "6.2.0",
        .handler = getexCommand,
    },
    {
        .name = "setnx",
        .arity = 3,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kString,
        .keys = kSetnxKeys,
        .syntax = "key value",
        .summary = "Store a string value only if the key does not exist",
        .complexity = "O(1)",
        .group = "string",
        .since = "1.0.0",
        .handler = setnxCommand,
    },
    {
        .name = "setex",
        .arity = 4,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kString,
        .keys = kSetexKeys,
        .syntax = "key seconds value",
        .summary = "Store a string value with a time to live in seconds",
        .complexity = "O(1)",
        .group = "string",
        .since = "2.0.0",
        .handler = setexCommand,
    },
    {
        .name = "psetex",
        .arity = 4,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kString,
        .keys = kPsetexKeys,
        .syntax = "key milliseconds value",
        .summary = "Store a string value with a time to live in milliseconds",
        .complexity = "O(1)",
        .group = "string",
        .since = "2.6.0",
        .handler = psetexCommand,
    },
    {
        .name = "mset",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kString,
        .keys = kMsetKeys,
        .syntax = "key value [key value ...]",
        .summary = "Store several string values at once",
        .complexity = "O(N) where N is the number of keys to set.",
        .group = "string",
        .since = "1.0.1",
        .tips = "request_policy:multi_shard response_policy:all_succeeded",
        .handler = msetCommand,
    },
    {
        .name = "msetnx",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kString,
        .keys = kMsetnxKeys,
        .syntax = "key value [key value ...]",
        .summary = "Store several string values only if none of the keys exist",
        .complexity = "O(N) where N is the number of keys to set.",
        .group = "string",
        .since = "1.0.1",
        .tips = "request_policy:multi_shard response_policy:agg_min",
        .handler = msetnxCommand,
    },
    {
        .name = "mget",
        .arity = -2,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kString,
        .keys = kMgetKeys,
        .syntax = "key [key ...]",
        .summary = "Read the string values of several keys",
        .complexity = "O(N) where N is the number of keys to retrieve.",
        .group = "string",
        .since = "1.0.0",
        .tips = "request_policy:multi_shard",
        .handler = mgetCommand,
    },
    {
        .name = "incr",
        .arity = 2,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kString,
        .keys = kIncrKeys,
        .syntax = "key",
        .summary = "Add one to the integer stored at a key",
        .complexity = "O(1)",
        .group = "string",
        .since = "1.0.0",
        .handler = incrCommand,
    },
    {
        .name = "decr",
        .arity = 2,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kString,
        .keys = kDecrKeys,
        .syntax = "key",
        .summary = "Subtract one from the integer stored at a key",
        .complexity = "O(1)",
        .group = "string",
        .since = "1.0.0",
        .handler = decrCommand,
    },
    {
        .name = "incrby",
        .arity = 3,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kString,
        .keys = kIncrbyKeys,
        .syntax = "key increment",
        .summary = "Add an integer to the integer stored at a key",
        .complexity = "O(1)",
        .group = "string",
        .since = "1.0.0",
        .handler = incrbyCommand,
    },
    {
        .name = "decrby",
        .arity = 3,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kString,
        .keys = kDecrbyKeys,
        .syntax = "key decrement",
        .summary = "Subtract an integer from the integer stored at a key",
        .complexity = "O(1)",
        .group = "string",
        .since = "1.0.0",
        .handler = decrbyCommand,
    },
    {
        .name = "incrbyfloat",
        .arity = 3,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kString,
        .keys = kIncrbyfloatKeys,
        .syntax = "key increment:double",
        .summary = "Add a floating-point number to the number stored at a key",
        .complexity = "O(1)",
        .group = "string",
        .since = "2.6.0",
        .handler = incrbyfloatCommand,
    },
    {
        .name = "append",
        .arity = 3,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kString,
        .keys = kAppendKeys,
        .syntax = "key value",
        .summary = "Add bytes to the end of a string",
        .complexity = "O(1) amortized: the string's buffer grows geometrically",
        .group = "string",
        .since = "2.0.0",
        .handler = appendCommand,
    },
    {
        .name = "strlen",
        .arity = 2,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kString,
        .keys = kStrlenKeys,
        .syntax = "key",
        .summary = "Tell the length in bytes of the string at a key",
        .complexity = "O(1)",
        .group = "string",
        .since = "2.2.0",
        .handler = strlenCommand,
    },
    {
        .name = "getrange",
        .arity = 4,
        .flags = cmd::kReadonly,
        .acl = acl::kString,
        .keys = kGetrangeKeys,
        .syntax = "key start end",
        .summary = "Read part of a string by byte offsets",
        .complexity = "O(N) in the length of the returned part; O(1) for short ranges",
        .group = "string",
        .since = "2.4.0",
        .handler = getrangeCommand,
    },
    {
        .name = "substr",
        .arity = 4,
        .flags = cmd::kReadonly,
        .acl = acl::kString,
        .keys = kSubstrKeys,
        .syntax = "key start end",
        .summary = "Read part of a string by byte offsets (old name of GETRANGE)",
        .complexity = "O(N) in the length of the returned part; O(1) for short ranges",
        .group = "string",
        .since = "1.0.0",
        .handler = substrCommand,
    },
    {
        .name = "setrange",
        .arity = 4,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kString,
        .keys = kSetrangeKeys,
        .syntax = "key offset value",
        .summary = "Overwrite part of a string starting at a byte offset",
        .complexity = "O(M) in the length of the value written (O(1) for short values)",
        .group = "string",
        .since = "2.2.0",
        .handler = setrangeCommand,
    },
    {
        .name = "lcs",
        .arity = -3,
        .flags = cmd::kReadonly,
        .acl = acl::kString,
        .keys = kLcsKeys,
        .syntax = "key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]",
        .summary = "Find the longest common subsequence of two strings",
        .complexity = "O(N*M) in the lengths of the two strings",
        .group = "string",
        .since = "7.0.0",
        .handler = lcsCommand,
    },
};

}  // namespace

std::span<const CommandSpec> stringCommands() { return kStringCommands; }

}  // namespace redsim
