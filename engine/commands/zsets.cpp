// Sorted set commands (Redis's t_zset.c, upper half): ZADD, the ZRANGE family, range
// deletes and the rows of the whole family. The pops and ZRANDMEMBER are in
// zsets_pop.cpp; the type itself (encodings, conversions, cursors) is in engine/types/zset;
// the multi-key set operations (ZUNION, ZINTER, ZDIFF and their STORE forms, ZINTERCARD)
// live in their own file.
//
// Argument checking follows Redis's order exactly, because the first error wins: most
// commands parse every argument before looking the key up, so "ZCOUNT wrongtype x y"
// answers "min or max is not a float", not WRONGTYPE.
//
// Scores are doubles. Arguments are parsed with strtod's rules (ZADD rejects what
// getDoubleFromObject rejects: leading spaces, NaN, overflow), replies print them as
// Redis 7.0's addReplyDouble does: "%.17g" ("1.2000000000000002"), "inf", "-inf", and a
// RESP3 double (",1.5") when the client said HELLO 3.
#include <algorithm>
#include <climits>
#include <cmath>
#include <unordered_set>
#include <vector>

#include "engine/commands/scan.h"
#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/commands/zsets_internal.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/notify.h"
#include "engine/types/zset.h"
#include "engine/util/numbers.h"

namespace redsim {
namespace zsetcmd {

// getPositiveLongFromObjectOrReply: an integer >= 0; one error text for both failures.
std::optional<long long> positiveArg(CommandContext& ctx, size_t i) {
    auto v = parseInt64(ctx.arg(i));
    if (!v || *v < 0) {
        ctx.reply.error("ERR value is out of range, must be positive");
        return std::nullopt;
    }
    return v;
}

// getRangeLongFromObjectOrReply with a message used for both failures.
std::optional<long long> rangeArg(CommandContext& ctx, size_t i, long long min, long long max, std::string_view msg) {
    auto v = parseInt64(ctx.arg(i));
    if (!v || *v < min || *v > max) {
        ctx.reply.error(msg);
        return std::nullopt;
    }
    return v;
}

// A member and its score as one element of a WITHSCORES reply: two items in RESP2, a
// two-item array in RESP3 (Redis cannot use a map: clients must keep the order).
void replyPair(ReplyWriter& r, std::string_view member, double score) {
    if (r.protocol() >= 3) r.arrayLen(2);
    r.bulk(member);
    r.doubleValue(score);
}

// Removes the key when a command emptied its zset (Redis never keeps empty keys); the
// "del" event follows the command's own.
void deleteIfEmpty(CommandContext& ctx, const std::string& key, const Object& z) {
    if (zset::length(z) == 0) {
        ctx.db().remove(key);
        ctx.notify(notify::kGeneric, "del", key);
    }
}

}  // namespace zsetcmd

namespace {

using zsetcmd::deleteIfEmpty;
using zsetcmd::replyPair;

constexpr std::string_view kNaNScore = "ERR resulting score is not a number (NaN)";
constexpr std::string_view kRangeNotFloat = "ERR min or max is not a float";
constexpr std::string_view kLexRangeInvalid = "ERR min or max not valid string range item";

// getDoubleFromObjectOrReply.
std::optional<double> scoreArg(CommandContext& ctx, size_t i) {
    auto v = parseDouble(ctx.arg(i));
    if (!v) ctx.reply.error(err::kNotFloat);
    return v;
}

// ---- ZADD, ZINCRBY ---------------------------------------------------------------------

// zaddGenericCommand: ZINCRBY is ZADD with the INCR flag, and parses options the same way
// (so "ZINCRBY key nx member" is a syntax error, not a bad float).
void zaddGeneric(CommandContext& ctx, unsigned flags) {
    size_t scoreidx = 2;
    bool ch = false;
    for (; scoreidx < ctx.argc(); ++scoreidx) {
        const std::string& opt = ctx.arg(scoreidx);
        if (argIs(opt, "nx")) {
            flags |= zset::kAddNX;
        } else if (argIs(opt, "xx")) {
            flags |= zset::kAddXX;
        } else if (argIs(opt, "ch")) {
            ch = true;
        } else if (argIs(opt, "incr")) {
            flags |= zset::kAddIncr;
        } else if (argIs(opt, "gt")) {
            flags |= zset::kAddGT;
        } else if (argIs(opt, "lt")) {
            flags |= zset::kAddLT;
        } else {
            break;
        }
    }
    const bool incr = flags & zset::kAddIncr;
    const bool nx = flags & zset::kAddNX;
    const bool xx = flags & zset::kAddXX;
    const bool gt = flags & zset::kAddGT;
    const bool lt = flags & zset::kAddLT;

    const size_t rest = ctx.argc() - scoreidx;
    if (rest % 2 != 0 || rest == 0) {
        ctx.reply.error(err::kSyntax);
        return;
    }
    const size_t elements = rest / 2;
    if (nx && xx) {
        ctx.reply.error("ERR XX and NX options at the same time are not compatible");
        return;
    }
    if ((gt && nx) || (lt && nx) || (gt && lt)) {
        ctx.reply.error("ERR GT, LT, and/or NX options at the same time are not compatible");
        return;
    }
    if (incr && elements > 1) {
        ctx.reply.error("ERR INCR option supports a single increment-element pair");
        return;
    }
    // Every score is parsed before anything changes: the command runs fully or not at all.
    std::vector<double> scores(elements);
    for (size_t j = 0; j < elements; ++j) {
        auto s = scoreArg(ctx, scoreidx + 2 * j);
        if (!s) return;
        scores[j] = *s;
    }

    Db& db = ctx.db();
    const std::string& key = ctx.arg(1);
    Object* z = db.lookupWrite(key);
    if (wrongType(ctx, z, ObjType::ZSet)) return;
    size_t added = 0, updated = 0, processed = 0;
    double score = 0;
    if (z == nullptr) {
        if (xx) {
            // No key and XX: nothing to update.
            if (incr)
                ctx.reply.null();
            else
                ctx.reply.integer(0);
            return;
        }
        // Redis 7.0's rule for a new key: a skiplist right away if listpacks are disabled
        // or the first member is already too long for one.
        db.add(key, zset::create(ctx.engine, 1, ctx.arg(scoreidx + 1).size()));
        z = db.peek(key);
    }
    for (size_t j = 0; j < elements; ++j) {
        unsigned out = 0;
        double new_score = scores[j];
        if (!zset::add(ctx.engine, *z, scores[j], ctx.arg(scoreidx + 1 + 2 * j), flags, out, &new_score)) {
            ctx.reply.error(kNaNScore);
            return;
        }
        if (out & zset::kOutAdded) ++added;
        if (out & zset::kOutUpdated) ++updated;
        if (!(out & zset::kOutNop)) ++processed;
        score = new_score;
    }
    ctx.engine.dirty += added + updated;
    if (added + updated) {
        ctx.keyModified(key);
        ctx.notify(notify::kZSet, incr ? "zincr" : "zadd", key);
    }
    if (incr) {
        if (processed)
            ctx.reply.doubleValue(score);
        else
            ctx.reply.null();
    } else {
        ctx.reply.integer(static_cast<long long>(ch ? added + updated : added));
    }
}

void zaddCommand(CommandContext& ctx) { zaddGeneric(ctx, zset::kAddNone); }
void zincrbyCommand(CommandContext& ctx) { zaddGeneric(ctx, zset::kAddIncr); }

// ---- ZREM, ZREMRANGEBY* ---------------------------------------------------------------

void zremCommand(CommandContext& ctx) {
    const std::string& key = ctx.arg(1);
    Object* z = ctx.db().lookupWrite(key);
    if (z == nullptr) {
        ctx.reply.integer(0);
        return;
    }
    if (wrongType(ctx, z, ObjType::ZSet)) return;
    long long deleted = 0;
    bool key_removed = false;
    for (size_t j = 2; j < ctx.argc(); ++j) {
        if (zset::remove(*z, ctx.arg(j))) ++deleted;
        if (zset::length(*z) == 0) {
            ctx.db().remove(key);
            key_removed = true;
            break;
        }
    }
    if (deleted) {
        ctx.keyModified(key);
        ctx.notify(notify::kZSet, "zrem", key);
        if (key_removed) ctx.notify(notify::kGeneric, "del", key);
    }
    ctx.engine.dirty += static_cast<uint64_t>(deleted);
    ctx.reply.integer(deleted);
}

enum class RangeType { Auto, Rank, Score, Lex };

// zremrangeGenericCommand: the range is parsed before the key is looked up.
void zremrangeGeneric(CommandContext& ctx, RangeType type) {
    long long start = 0, end = 0;
    std::optional<ScoreRange> score_range;
    std::optional<LexRange> lex_range;
    if (type == RangeType::Rank) {
        auto s = intArg(ctx, 2);
        if (!s) return;
        auto e = intArg(ctx, 3);
        if (!e) return;
        start = *s;
        end = *e;
    } else if (type == RangeType::Score) {
        score_range = zset::parseScoreRange(ctx.arg(2), ctx.arg(3));
        if (!score_range) {
            ctx.reply.error(kRangeNotFloat);
            return;
        }
    } else {
        lex_range = LexRange::parse(ctx.arg(2), ctx.arg(3));
        if (!lex_range) {
            ctx.reply.error(kLexRangeInvalid);
            return;
        }
    }
    const std::string& key = ctx.arg(1);
    Object* z = ctx.db().lookupWrite(key);
    if (z == nullptr) {
        ctx.reply.integer(0);
        return;
    }
    if (wrongType(ctx, z, ObjType::ZSet)) return;

    size_t deleted = 0;
    if (type == RangeType::Rank) {
        // Negative ranks count from the end; the clamped range may be empty.
        const auto len = static_cast<long long>(zset::length(*z));
        if (start < 0) start += len;
        if (end < 0) end += len;
        if (start < 0) start = 0;
        if (start > end || start >= len) {
            ctx.reply.integer(0);
            return;
        }
        if (end >= len) end = len - 1;
        deleted = zset::deleteRangeByRank(*z, static_cast<size_t>(start), static_cast<size_t>(end));
    } else if (type == RangeType::Score) {
        deleted = zset::deleteRangeByScore(*z, *score_range);
    } else {
        deleted = zset::deleteRangeByLex(*z, *lex_range);
    }
    if (deleted) {
        ctx.keyModified(key);
        ctx.notify(notify::kZSet,
                   type == RangeType::Rank    ? "zremrangebyrank"
                   : type == RangeType::Score ? "zremrangebyscore"
                                              : "zremrangebylex",
                   key);
        deleteIfEmpty(ctx, key, *z);
    }
    ctx.engine.dirty += deleted;
    ctx.reply.integer(static_cast<long long>(deleted));
}

void zremrangebyrankCommand(CommandContext& ctx) { zremrangeGeneric(ctx, RangeType::Rank); }
void zremrangebyscoreCommand(CommandContext& ctx) { zremrangeGeneric(ctx, RangeType::Score); }
void zremrangebylexCommand(CommandContext& ctx) { zremrangeGeneric(ctx, RangeType::Lex); }

// ---- ZCARD, ZSCORE, ZMSCORE, ZRANK, ZCOUNT, ZLEXCOUNT ---------------------------------

void zcardCommand(CommandContext& ctx) {
    Object* z = ctx.db().lookupRead(ctx.arg(1));
    if (z == nullptr) {
        ctx.reply.integer(0);
        return;
    }
    if (wrongType(ctx, z, ObjType::ZSet)) return;
    ctx.reply.integer(static_cast<long long>(zset::length(*z)));
}

void zscoreCommand(CommandContext& ctx) {
    Object* z = ctx.db().lookupRead(ctx.arg(1));
    if (z == nullptr) {
        ctx.reply.null();
        return;
    }
    if (wrongType(ctx, z, ObjType::ZSet)) return;
    if (auto s = zset::score(*z, ctx.arg(2)))
        ctx.reply.doubleValue(*s);
    else
        ctx.reply.null();
}

void zmscoreCommand(CommandContext& ctx) {
    Object* z = ctx.db().lookupRead(ctx.arg(1));
    if (wrongType(ctx, z, ObjType::ZSet)) return;
    ctx.reply.arrayLen(ctx.argc() - 2);
    for (size_t j = 2; j < ctx.argc(); ++j) {
        std::optional<double> s;
        if (z) s = zset::score(*z, ctx.arg(j));
        if (s)
            ctx.reply.doubleValue(*s);
        else
            ctx.reply.null();
    }
}

void zrankGeneric(CommandContext& ctx, bool reverse) {
    Object* z = ctx.db().lookupRead(ctx.arg(1));
    if (z == nullptr) {
        ctx.reply.null();
        return;
    }
    if (wrongType(ctx, z, ObjType::ZSet)) return;
    if (auto r = zset::rank(*z, ctx.arg(2), reverse))
        ctx.reply.integer(static_cast<long long>(*r));
    else
        ctx.reply.null();
}

void zrankCommand(CommandContext& ctx) { zrankGeneric(ctx, false); }
void zrevrankCommand(CommandContext& ctx) { zrankGeneric(ctx, true); }

// How many members from cursor c onwards stay inside the range (`inside` checks the far
// end). A skiplist answers from two ranks in O(log N), as Redis's ZCOUNT does.
template <class Inside>
size_t countFrom(const Object& z, zset::Cursor first, zset::Cursor last, Inside inside) {
    if (!first.valid()) return 0;
    if (z.encoding() == Encoding::SkipList) {
        if (!last.valid()) return 0;
        return *zset::rank(z, last.member(), false) - *zset::rank(z, first.member(), false) + 1;
    }
    size_t n = 0;
    for (; first.valid() && inside(first); first.next()) ++n;
    return n;
}

// ZCOUNT and ZLEXCOUNT: the members inside a parsed range (nullopt: reply `error`).
// `start(z, range, reverse)` finds the first member inside from either end; `inside`
// says whether a member is still below the range's upper end.
template <class Range, class Start, class Inside>
void countInRange(CommandContext& ctx, const std::optional<Range>& range, std::string_view error, Start start,
                  Inside inside) {
    if (!range) {
        ctx.reply.error(error);
        return;
    }
    Object* z = ctx.db().lookupRead(ctx.arg(1));
    if (z == nullptr) {
        ctx.reply.integer(0);
        return;
    }
    if (wrongType(ctx, z, ObjType::ZSet)) return;
    const auto first = start(*z, *range, false);
    const auto last = z->encoding() == Encoding::SkipList ? start(*z, *range, true) : zset::Cursor{};
    ctx.reply.integer(
        static_cast<long long>(countFrom(*z, first, last, [&](const zset::Cursor& c) { return inside(*range, c); })));
}

void zcountCommand(CommandContext& ctx) {
    countInRange(ctx, zset::parseScoreRange(ctx.arg(2), ctx.arg(3)), kRangeNotFloat, zset::Cursor::inScoreRange,
                 [](const ScoreRange& r, const zset::Cursor& c) { return r.lteMax(c.score()); });
}

void zlexcountCommand(CommandContext& ctx) {
    countInRange(ctx, LexRange::parse(ctx.arg(2), ctx.arg(3)), kLexRangeInvalid, zset::Cursor::inLexRange,
                 [](const LexRange& r, const zset::Cursor& c) { return r.lteMax(c.member()); });
}

// ---- The ZRANGE family ------------------------------------------------------------------

// Where a range goes: to the client (ZRANGE & co.) or into a new zset (ZRANGESTORE), as
// Redis's zrange_result_handler.
class RangeSink {
public:
    RangeSink(CommandContext& ctx, const std::string* dst) : ctx_(ctx), dst_key_(dst) {}
    void setWithScores() { withscores_ = true; }
    bool storing() const { return dst_key_ != nullptr; }

    // `length` is the number of results when known up front, else -1 (or 0).
    void begin(long long length) {
        if (storing()) {
            dst_ = zset::create(ctx_.engine, length > 0 ? static_cast<size_t>(length) : 0, 0);
            return;
        }
        if (length > 0) {
            ctx_.reply.arrayLen(static_cast<size_t>(withscores_ && ctx_.reply.protocol() == 2 ? 2 * length : length));
        } else {
            deferred_ = ctx_.reply.deferLen();
            known_ = false;
        }
    }

    // The member under `c`; its score is read only when it is needed (a listpack score
    // costs a strtod).
    void emit(const zset::Cursor& c) {
        if (storing()) {
            unsigned out = 0;
            zset::add(ctx_.engine, *dst_, c.score(), c.member(), zset::kAddNone, out);
            return;
        }
        if (withscores_) {
            replyPair(ctx_.reply, c.member(), c.score());
        } else {
            ctx_.reply.bulk(c.member());
        }
    }

    void finish(size_t count) {
        if (storing()) {
            storeOrDelete(ctx_, *dst_key_, std::move(dst_), count, notify::kZSet, "zrangestore");
            return;
        }
        if (!known_) ctx_.reply.setArrayLen(deferred_, withscores_ && ctx_.reply.protocol() == 2 ? 2 * count : count);
    }

private:
    CommandContext& ctx_;
    const std::string* dst_key_;
    std::optional<Object> dst_;
    bool withscores_ = false;
    bool known_ = true;
    size_t deferred_ = 0;
};

// genericZrangebyrankCommand.
void rangeByRank(RangeSink& sink, const Object& z, long long start, long long end, bool reverse) {
    const auto len = static_cast<long long>(zset::length(z));
    if (start < 0) start += len;
    if (end < 0) end += len;
    if (start < 0) start = 0;
    if (start > end || start >= len) {
        sink.begin(0);
        sink.finish(0);
        return;
    }
    if (end >= len) end = len - 1;
    const long long n = end - start + 1;
    sink.begin(n);
    auto c = zset::Cursor::atRank(z, static_cast<size_t>(start), reverse);
    for (long long i = 0; i < n; ++i, c.next()) sink.emit(c);
    sink.finish(static_cast<size_t>(n));
}

// The LIMIT walk shared by score and lex ranges: skip `offset` members (a negative offset
// skips everything, as Redis's `while (offset--)` does), then emit at most `limit` (a
// negative limit means all) while `inside` holds.
template <class Inside>
void emitLimited(RangeSink& sink, zset::Cursor c, long long offset, long long limit, Inside inside) {
    size_t n = 0;
    if (offset < 0) {
        c = zset::Cursor{};
    } else {
        for (; c.valid() && offset > 0; --offset) c.next();
    }
    for (; c.valid() && limit != 0 && inside(c); c.next()) {
        sink.emit(c);
        ++n;
        if (limit > 0) --limit;
    }
    sink.finish(n);
}

void rangeByScore(RangeSink& sink, const Object& z, const ScoreRange& range, long long offset, long long limit,
                  bool reverse) {
    sink.begin(-1);
    if (offset > 0 && offset >= static_cast<long long>(zset::length(z))) {
        sink.finish(0);
        return;
    }
    emitLimited(sink, zset::Cursor::inScoreRange(z, range, reverse), offset, limit,
                [&](const zset::Cursor& c) { return reverse ? range.gteMin(c.score()) : range.lteMax(c.score()); });
}

void rangeByLex(RangeSink& sink, const Object& z, const LexRange& range, long long offset, long long limit,
                bool reverse) {
    sink.begin(-1);
    emitLimited(sink, zset::Cursor::inLexRange(z, range, reverse), offset, limit,
                [&](const zset::Cursor& c) { return reverse ? range.gteMin(c.member()) : range.lteMax(c.member()); });
}

enum class Direction { Auto, Forward, Reverse };

// zrangeGenericCommand: every Z*RANGE* command and ZRANGESTORE. `first` is the index of
// the source key; the fixed commands pass their range type and direction, ZRANGE and
// ZRANGESTORE leave them to BYSCORE / BYLEX / REV.
void zrangeGeneric(CommandContext& ctx, size_t first, const std::string* dst, RangeType type, Direction dir) {
    const bool store = dst != nullptr;
    size_t minidx = first + 1, maxidx = first + 2;
    bool withscores = false;
    long long offset = 0, limit = -1;
    for (size_t j = first + 3; j < ctx.argc(); ++j) {
        const size_t left = ctx.argc() - j - 1;
        const std::string& opt = ctx.arg(j);
        if (!store && argIs(opt, "withscores")) {
            withscores = true;
        } else if (argIs(opt, "limit") && left >= 2) {
            auto o = intArg(ctx, j + 1);
            if (!o) return;
            auto l = intArg(ctx, j + 2);
            if (!l) return;
            offset = *o;
            limit = *l;
            j += 2;
        } else if (dir == Direction::Auto && argIs(opt, "rev")) {
            dir = Direction::Reverse;
        } else if (type == RangeType::Auto && argIs(opt, "bylex")) {
            type = RangeType::Lex;
        } else if (type == RangeType::Auto && argIs(opt, "byscore")) {
            type = RangeType::Score;
        } else {
            ctx.reply.error(err::kSyntax);
            return;
        }
    }
    if (dir == Direction::Auto) dir = Direction::Forward;
    if (type == RangeType::Auto) type = RangeType::Rank;
    if (limit != -1 && type == RangeType::Rank) {
        ctx.reply.error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        return;
    }
    if (withscores && type == RangeType::Lex) {
        ctx.reply.error("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        return;
    }
    const bool reverse = dir == Direction::Reverse;
    // Reversed score and lex ranges are written max first.
    if (reverse && type != RangeType::Rank) std::swap(minidx, maxidx);

    long long start = 0, end = 0;
    std::optional<ScoreRange> score_range;
    std::optional<LexRange> lex_range;
    if (type == RangeType::Rank) {
        auto s = intArg(ctx, minidx);
        if (!s) return;
        auto e = intArg(ctx, maxidx);
        if (!e) return;
        start = *s;
        end = *e;
    } else if (type == RangeType::Score) {
        score_range = zset::parseScoreRange(ctx.arg(minidx), ctx.arg(maxidx));
        if (!score_range) {
            ctx.reply.error(kRangeNotFloat);
            return;
        }
    } else {
        lex_range = LexRange::parse(ctx.arg(minidx), ctx.arg(maxidx));
        if (!lex_range) {
            ctx.reply.error(kLexRangeInvalid);
            return;
        }
    }

    RangeSink sink(ctx, dst);
    if (withscores || store) sink.setWithScores();
    Object* z = ctx.db().lookupRead(ctx.arg(first));
    if (z == nullptr) {
        if (store) {
            sink.begin(-1);
            sink.finish(0);
        } else {
            ctx.reply.emptyArray();
        }
        return;
    }
    if (wrongType(ctx, z, ObjType::ZSet)) return;
    if (type == RangeType::Rank) {
        rangeByRank(sink, *z, start, end, reverse);
    } else if (type == RangeType::Score) {
        rangeByScore(sink, *z, *score_range, offset, limit, reverse);
    } else {
        rangeByLex(sink, *z, *lex_range, offset, limit, reverse);
    }
}

void zrangeCommand(CommandContext& ctx) { zrangeGeneric(ctx, 1, nullptr, RangeType::Auto, Direction::Auto); }
void zrangestoreCommand(CommandContext& ctx) { zrangeGeneric(ctx, 2, &ctx.arg(1), RangeType::Auto, Direction::Auto); }
void zrevrangeCommand(CommandContext& ctx) { zrangeGeneric(ctx, 1, nullptr, RangeType::Rank, Direction::Reverse); }
void zrangebyscoreCommand(CommandContext& ctx) { zrangeGeneric(ctx, 1, nullptr, RangeType::Score, Direction::Forward); }
void zrevrangebyscoreCommand(CommandContext& ctx) {
    zrangeGeneric(ctx, 1, nullptr, RangeType::Score, Direction::Reverse);
}
void zrangebylexCommand(CommandContext& ctx) { zrangeGeneric(ctx, 1, nullptr, RangeType::Lex, Direction::Forward); }
void zrevrangebylexCommand(CommandContext& ctx) { zrangeGeneric(ctx, 1, nullptr, RangeType::Lex, Direction::Reverse); }

// ---- ZSCAN -----------------------------------------------------------------------------

void zscanCommand(CommandContext& ctx) {
    auto cursor = scanCursorArg(ctx, 2);
    if (!cursor) return;
    Object* z = ctx.db().lookupRead(ctx.arg(1));
    if (z == nullptr) {
        replyEmptyScan(ctx.reply);
        return;
    }
    if (wrongType(ctx, z, ObjType::ZSet)) return;
    scanGeneric(ctx, z, *cursor, 3);
}

// ---- Rows -------------------------------------------------------------------------------

constexpr KeySpec kZaddKeys[] = {{.flags = "RW update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kZincrbyKeys[] = {
    {.flags = "RW access update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kZremKeys[] = {{.flags = "RW delete", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kRoKeys[] = {{.flags = "RO", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kRoAccessKeys[] = {
    {.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kZrangestoreKeys[] = {
    {.flags = "OW update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0},
    {.flags = "RO access", .begin_index = 2, .last_key = 0, .key_step = 1, .limit = 0}};

constexpr std::string_view kRangeCost = "O(log(N)+M): find the start, then walk the M members returned";
constexpr std::string_view kRemoveCost = "O(log(N)+M): find the start, then delete the M members removed";

constexpr CommandSpec kZsetCommands[] = {
    {
        .name = "zadd",
        .arity = -4,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kSortedSet,
        .keys = kZaddKeys,
        .syntax = "key [NX | XX] [GT | LT] [CH] [INCR] score:double member [score:double member ...]",
        .summary = "Add members with scores to a sorted set, or change the scores of members already in it",
        .complexity = "O(log(N)) per member added or updated",
        .group = "sorted-set",
        .since = "1.2.0",
        .handler = zaddCommand,
    },
    {
        .name = "zincrby",
        .arity = 4,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kSortedSet,
        .keys = kZincrbyKeys,
        .syntax = "key increment member",
        .summary = "Add to the score of one member of a sorted set (adding the member if missing)",
        .complexity = "O(log(N))",
        .group = "sorted-set",
        .since = "1.2.0",
        .handler = zincrbyCommand,
    },
    {
        .name = "zrem",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kSortedSet,
        .keys = kZremKeys,
        .syntax = "key member [member ...]",
        .summary = "Remove members from a sorted set",
        .complexity = "O(M*log(N)) for M members removed",
        .group = "sorted-set",
        .since = "1.2.0",
        .handler = zremCommand,
    },
    {
        .name = "zcard",
        .arity = 2,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kSortedSet,
        .keys = kRoKeys,
        .syntax = "key",
        .summary = "Count the members of a sorted set",
        .complexity = "O(1)",
        .group = "sorted-set",
        .since = "1.2.0",
        .handler = zcardCommand,
    },
    {
        .name = "zcount",
        .arity = 4,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kSortedSet,
        .keys = kRoAccessKeys,
        .syntax = "key min:double max:double",
        .summary = "Count the members of a sorted set whose scores lie in a range",
        .complexity = "O(log(N))",
        .group = "sorted-set",
        .since = "2.0.0",
        .handler = zcountCommand,
    },
    {
        .name = "zlexcount",
        .arity = 4,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kSortedSet,
        .keys = kRoAccessKeys,
        .syntax = "key min max",
        .summary = "Count the members of a sorted set that lie in a range of member names",
        .complexity = "O(log(N))",
        .group = "sorted-set",
        .since = "2.8.9",
        .handler = zlexcountCommand,
    },
    {
        .name = "zscore",
        .arity = 3,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kSortedSet,
        .keys = kRoAccessKeys,
        .syntax = "key member",
        .summary = "Read the score of one member of a sorted set",
        .complexity = "O(1)",
        .group = "sorted-set",
        .since = "1.2.0",
        .handler = zscoreCommand,
    },
    {
        .name = "zmscore",
        .arity = -3,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kSortedSet,
        .keys = kRoAccessKeys,
        .syntax = "key member [member ...]",
        .summary = "Read the scores of several members of a sorted set",
        .complexity = "O(M) for M members asked for",
        .group = "sorted-set",
        .since = "6.2.0",
        .handler = zmscoreCommand,
    },
    {
        .name = "zrank",
        .arity = 3,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kSortedSet,
        .keys = kRoAccessKeys,
        .syntax = "key member",
        .summary = "Tell the position of a member in a sorted set, counting from the lowest score",
        .complexity = "O(log(N))",
        .group = "sorted-set",
        .since = "2.0.0",
        .handler = zrankCommand,
    },
    {
        .name = "zrevrank",
        .arity = 3,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kSortedSet,
        .keys = kRoAccessKeys,
        .syntax = "key member",
        .summary = "Tell the position of a member in a sorted set, counting from the highest score",
        .complexity = "O(log(N))",
        .group = "sorted-set",
        .since = "2.0.0",
        .handler = zrevrankCommand,
    },
    {
        .name = "zrange",
        .arity = -4,
        .flags = cmd::kReadonly,
        .acl = acl::kSortedSet,
        .keys = kRoAccessKeys,
        .syntax = "key start:string stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES]",
        .summary = "Read members of a sorted set by position, score range or name range",
        .complexity = kRangeCost,
        .group = "sorted-set",
        .since = "1.2.0",
        .handler = zrangeCommand,
    },
    {
        .name = "zrangestore",
        .arity = -5,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kSortedSet,
        .keys = kZrangestoreKeys,
        .syntax = "dst:key src:key min max [BYSCORE | BYLEX] [REV] [LIMIT offset count]",
        .summary = "Copy a range of a sorted set (as ZRANGE selects it) into another key",
        .complexity = kRangeCost,
        .group = "sorted-set",
        .since = "6.2.0",
        .handler = zrangestoreCommand,
    },
    {
        .name = "zrangebyscore",
        .arity = -4,
        .flags = cmd::kReadonly,
        .acl = acl::kSortedSet,
        .keys = kRoAccessKeys,
        .syntax = "key min:double max:double [WITHSCORES] [LIMIT offset count]",
        .summary = "Read the members of a sorted set whose scores lie in a range, lowest first",
        .complexity = kRangeCost,
        .group = "sorted-set",
        .since = "1.0.5",
        .handler = zrangebyscoreCommand,
    },
    {
        .name = "zrevrangebyscore",
        .arity = -4,
        .flags = cmd::kReadonly,
        .acl = acl::kSortedSet,
        .keys = kRoAccessKeys,
        .syntax = "key max:double min:double [WITHSCORES] [LIMIT offset count]",
        .summary = "Read the members of a sorted set whose scores lie in a range, highest first",
        .complexity = kRangeCost,
        .group = "sorted-set",
        .since = "2.2.0",
        .handler = zrevrangebyscoreCommand,
    },
    {
        .name = "zrangebylex",
        .arity = -4,
        .flags = cmd::kReadonly,
        .acl = acl::kSortedSet,
        .keys = kRoAccessKeys,
        .syntax = "key min max [LIMIT offset count]",
        .summary = "Read the members of a sorted set whose names lie in a range, in byte order",
        .complexity = kRangeCost,
        .group = "sorted-set",
        .since = "2.8.9",
        .handler = zrangebylexCommand,
    },
    {
        .name = "zrevrangebylex",
        .arity = -4,
        .flags = cmd::kReadonly,
        .acl = acl::kSortedSet,
        .keys = kRoAccessKeys,
        .syntax = "key max min [LIMIT offset count]",
        .summary = "Read the members of a sorted set whose names lie in a range, in reverse byte order",
        .complexity = kRangeCost,
        .group = "sorted-set",
        .since = "2.8.9",
        .handler = zrevrangebylexCommand,
    },
    {
        .name = "zrevrange",
        .arity = -4,
        .flags = cmd::kReadonly,
        .acl = acl::kSortedSet,
        .keys = kRoAccessKeys,
        .syntax = "key start stop:integer [WITHSCORES]",
        .summary = "Read members of a sorted set by position, counting from the highest score",
        .complexity = kRangeCost,
        .group = "sorted-set",
        .since = "1.2.0",
        .handler = zrevrangeCommand,
    },
    {
        .name = "zremrangebyrank",
        .arity = 4,
        .flags = cmd::kWrite,
        .acl = acl::kSortedSet,
        .keys = kZremKeys,
        .syntax = "key start stop:integer",
        .summary = "Remove the members of a sorted set between two positions",
        .complexity = kRemoveCost,
        .group = "sorted-set",
        .since = "2.0.0",
        .handler = zremrangebyrankCommand,
    },
    {
        .name = "zremrangebyscore",
        .arity = 4,
        .flags = cmd::kWrite,
        .acl = acl::kSortedSet,
        .keys = kZremKeys,
        .syntax = "key min:double max:double",
        .summary = "Remove the members of a sorted set whose scores lie in a range",
        .complexity = kRemoveCost,
        .group = "sorted-set",
        .since = "1.2.0",
        .handler = zremrangebyscoreCommand,
    },
    {
        .name = "zremrangebylex",
        .arity = 4,
        .flags = cmd::kWrite,
        .acl = acl::kSortedSet,
        .keys = kZremKeys,
        .syntax = "key min max",
        .summary = "Remove the members of a sorted set whose names lie in a range",
        .complexity = kRemoveCost,
        .group = "sorted-set",
        .since = "2.8.9",
        .handler = zremrangebylexCommand,
    },
    {
        .name = "zscan",
        .arity = -3,
        .flags = cmd::kReadonly,
        .acl = acl::kSortedSet,
        .keys = kRoAccessKeys,
        .syntax = "key cursor [MATCH pattern] [COUNT count]",
        .summary = "Walk the members and scores of a sorted set a few at a time with a cursor",
        .complexity = "O(1) per call; O(N) for a whole walk",
        .group = "sorted-set",
        .since = "2.8.0",
        .tips = "nondeterministic_output",
        .handler = zscanCommand,
    },
};

}  // namespace

std::span<const CommandSpec> zsetCommands() { return kZsetCommands; }

}  // namespace redsim
