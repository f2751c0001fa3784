// List commands (the command half of Redis's t_list.c): pushes and pops at both ends,
// reads and writes by index, searches (LPOS, LREM, LINSERT), LTRIM, and the commands
// that move elements between lists (LMOVE, RPOPLPUSH) or pop from the first non-empty
// of several (LMPOP).
//
// The list itself is a quicklist (engine/types/list.h, engine/ds/quicklist.h): every
// command here parses its arguments, finds the key, and calls the quicklist. Two rules
// hold throughout, as in Redis:
//   - a command that empties a list deletes its key (there are no empty lists);
//   - arguments are checked in Redis's order, so a bad number and a missing key give
//     the same reply as Redis (LRANGE parses its indexes before looking the key up;
//     LINDEX and LSET look the key up first).
// The blocking variants (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP) are here too: when
// there is something to pop they are their plain twins; otherwise the client waits
// (engine/blocking.h) and serveListWaiter answers it when a list appears.
#include <algorithm>
#include <climits>
#include <optional>
#include <string>
#include <vector>

#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/db.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/notify.h"
#include "engine/types/list.h"
#include "engine/util/numbers.h"

namespace redsim {
namespace {

constexpr std::string_view kMustBePositive = "ERR value is out of range, must be positive";
constexpr std::string_view kIndexOutOfRange = "ERR index out of range";

// getListPositionFromObjectOrReply: LEFT is the head, RIGHT the tail.
std::optional<ListEnd> endArg(CommandContext& ctx, size_t i) {
    if (argIs(ctx.arg(i), "left")) return ListEnd::Head;
    if (argIs(ctx.arg(i), "right")) return ListEnd::Tail;
    ctx.reply.error(err::kSyntax);
    return std::nullopt;
}

// Turns LRANGE-style inclusive indexes (negative from the tail) into a start and a
// length within a list of `llen` elements; length 0 when the range is empty.
struct Span {
    long long start = 0;
    long long len = 0;
};
Span clampRange(long long start, long long end, long long llen) {
    if (start < 0) start += llen;
    if (end < 0) end += llen;
    if (start < 0) start = 0;
    // start >= 0 now, so this is also the test for end < 0.
    if (start > end || start >= llen) return {};
    if (end >= llen) end = llen - 1;
    return {start, end - start + 1};
}

// addListRangeReply: the elements start..start+len-1 as an array, head to tail, or
// tail to head when `reverse` (RPOP with a count answers in pop order).
// Walks with the list's iterator, as Redis does (see listWalk for why it matters).
void replyRange(CommandContext& ctx, Object& o, Span s, bool reverse) {
    ctx.reply.arrayLen(static_cast<size_t>(s.len));
    if (s.len == 0) return;
    const long long from = reverse ? s.start + s.len - 1 : s.start;
    listWalk(o, from, static_cast<size_t>(s.len), reverse ? ListEnd::Head : ListEnd::Tail,
             [&](const std::string& e) { ctx.reply.bulk(e); });
}

// listElementsRemoved's bookkeeping: the command's event ("lpop", "lrem", "ltrim"…),
// then the key goes when the list is empty, with a "del" after the type's event; every
// element removed counts as one change.
void afterRemoval(CommandContext& ctx, const std::string& key, const Object& o, long long removed,
                  std::string_view event) {
    ctx.keyModified(key);
    ctx.notify(notify::kList, event, key);
    if (listLength(o) == 0) {
        ctx.db().remove(key);
        ctx.notify(notify::kGeneric, "del", key);
    }
    ctx.engine.dirty += static_cast<uint64_t>(removed);
}

std::string_view popEvent(ListEnd where) { return where == ListEnd::Head ? "lpop" : "rpop"; }
std::string_view pushEvent(ListEnd where) { return where == ListEnd::Head ? "lpush" : "rpush"; }

// Pops up to `count` elements from one end and replies them in pop order (used by
// LPOP/RPOP with a count and by LMPOP). Requires: the list is not empty.
void popRangeAndReply(CommandContext& ctx, const std::string& key, Object& o, ListEnd where, long long count) {
    const long long llen = static_cast<long long>(listLength(o));
    const long long n = count > llen ? llen : count;
    const Span s{where == ListEnd::Head ? 0 : llen - n, n};
    replyRange(ctx, o, s, where == ListEnd::Tail);
    o.quicklist().delRange(s.start, s.len);
    afterRemoval(ctx, key, o, n, popEvent(where));
}

// ---- LPUSH RPUSH LPUSHX RPUSHX ---------------------------------------------------------

// pushGenericCommand: `only_existing` is the X variants (no new key).
void pushGeneric(CommandContext& ctx, ListEnd where, bool only_existing) {
    Db& db = ctx.db();
    const std::string& key = ctx.arg(1);
    Object* o = db.lookupWrite(key);
    if (o && wrongType(ctx, o, ObjType::List)) return;
    if (!o) {
        if (only_existing) {
            ctx.reply.integer(0);
            return;
        }
        // The settings are read now: a list keeps the node size it was created with.
        db.add(key, createListObject(ctx.engine));
        o = db.peek(key);
    }
    for (size_t j = 2; j < ctx.argc(); ++j) {
        listPush(*o, ctx.arg(j), where);
        ++ctx.engine.dirty;
    }
    ctx.keyModified(key);
    ctx.notify(notify::kList, pushEvent(where), key);
    ctx.reply.integer(static_cast<long long>(listLength(*o)));
}

void lpushCommand(CommandContext& ctx) { pushGeneric(ctx, ListEnd::Head, false); }
void rpushCommand(CommandContext& ctx) { pushGeneric(ctx, ListEnd::Tail, false); }
void lpushxCommand(CommandContext& ctx) { pushGeneric(ctx, ListEnd::Head, true); }
void rpushxCommand(CommandContext& ctx) { pushGeneric(ctx, ListEnd::Tail, true); }

// ---- LPOP RPOP -------------------------------------------------------------------------

// popGenericCommand. Without a count the reply is one bulk string (or nil); with a count
// it is an array, even for one element, and a missing key is a nil *array*. A count of 0
// on an existing list is an empty array.
void popGeneric(CommandContext& ctx, ListEnd where) {
    if (ctx.argc() > 3) {
        ctx.reply.error("ERR wrong number of arguments for '" + std::string(ctx.spec.name) + "' command");
        return;
    }
    const bool has_count = ctx.argc() == 3;
    long long count = 0;
    if (has_count) {
        auto c = nonNegativeArg(ctx, 2, kMustBePositive);
        if (!c) return;
        count = *c;
    }
    const std::string& key = ctx.arg(1);
    Object* o = ctx.db().lookupWrite(key);
    if (!o) {
        if (has_count)
            ctx.reply.nullArray();
        else
            ctx.reply.null();
        return;
    }
    if (wrongType(ctx, o, ObjType::List)) return;
    if (has_count && count == 0) {
        ctx.reply.emptyArray();
        return;
    }
    if (!has_count) {
        std::optional<std::string> v = listPop(*o, where);
        ctx.reply.bulk(*v);
        afterRemoval(ctx, key, *o, 1, popEvent(where));
        return;
    }
    popRangeAndReply(ctx, key, *o, where, count);
}

void lpopCommand(CommandContext& ctx) { popGeneric(ctx, ListEnd::Head); }
void rpopCommand(CommandContext& ctx) { popGeneric(ctx, ListEnd::Tail); }

// ---- LLEN LINDEX LRANGE LSET -----------------------------------------------------------

void llenCommand(CommandContext& ctx) {
    Object* o = ctx.db().lookupRead(ctx.arg(1));
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    if (wrongType(ctx, o, ObjType::List)) return;
    ctx.reply.integer(static_cast<long long>(listLength(*o)));
}

void lindexCommand(CommandContext& ctx) {
    Object* o = ctx.db().lookupRead(ctx.arg(1));
    if (!o) {
        ctx.reply.null();
        return;
    }
    if (wrongType(ctx, o, ObjType::List)) return;
    auto index = intArg(ctx, 2);
    if (!index) return;
    // Through the iterator, as Redis's quicklistGetIteratorEntryAtIdx (see listWalk).
    if (listWalk(*o, *index, 1, ListEnd::Tail, [&](const std::string& e) { ctx.reply.bulk(e); }) == 0) ctx.reply.null();
}

void lrangeCommand(CommandContext& ctx) {
    auto start = intArg(ctx, 2);
    if (!start) return;
    auto end = intArg(ctx, 3);
    if (!end) return;
    Object* o = ctx.db().lookupRead(ctx.arg(1));
    if (!o) {
        ctx.reply.emptyArray();
        return;
    }
    if (wrongType(ctx, o, ObjType::List)) return;
    replyRange(ctx, *o, clampRange(*start, *end, static_cast<long long>(listLength(*o))), false);
}

void lsetCommand(CommandContext& ctx) {
    Object* o = ctx.db().lookupWrite(ctx.arg(1));
    if (!o) {
        ctx.reply.error(err::kNoSuchKey);
        return;
    }
    if (wrongType(ctx, o, ObjType::List)) return;
    auto index = intArg(ctx, 2);
    if (!index) return;
    if (!o->quicklist().replaceAtIndex(*index, ctx.arg(3))) {
        ctx.reply.error(kIndexOutOfRange);
        return;
    }
    ctx.keyModified(ctx.arg(1));
    ctx.notify(notify::kList, "lset", ctx.arg(1));
    ++ctx.engine.dirty;
    ctx.reply.ok();
}

// ---- LINSERT LREM LTRIM ----------------------------------------------------------------

void linsertCommand(CommandContext& ctx) {
    bool after;
    if (argIs(ctx.arg(2), "after")) {
        after = true;
    } else if (argIs(ctx.arg(2), "before")) {
        after = false;
    } else {
        ctx.reply.error(err::kSyntax);
        return;
    }
    Object* o = ctx.db().lookupWrite(ctx.arg(1));
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    if (wrongType(ctx, o, ObjType::List)) return;
    // The first pivot from the head wins.
    Quicklist& ql = o->quicklist();
    Quicklist::Iterator it = ql.iterate(Quicklist::Direction::FromHead);
    bool inserted = false;
    while (it.next()) {
        if (it.equals(ctx.arg(3))) {
            if (after)
                ql.insertAfter(it, ctx.arg(4));
            else
                ql.insertBefore(it, ctx.arg(4));
            inserted = true;
            break;
        }
    }
    if (!inserted) {
        ctx.reply.integer(-1);
        return;
    }
    ctx.keyModified(ctx.arg(1));
    ctx.notify(notify::kList, "linsert", ctx.arg(1));
    ++ctx.engine.dirty;
    ctx.reply.integer(static_cast<long long>(ql.size()));
}

// LREM key count element: count > 0 removes the first `count` matches from the head,
// count < 0 the first |count| from the tail, 0 every match.
void lremCommand(CommandContext& ctx) {
    auto count = intArg(ctx, 2);
    if (!count) return;
    const std::string& key = ctx.arg(1);
    Object* o = ctx.db().lookupWrite(key);
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    if (wrongType(ctx, o, ObjType::List)) return;
    // |count| as unsigned: LONG_MIN has no positive long, and Redis (whose negation
    // wraps back to LONG_MIN) then never reaches the limit, i.e. removes every match,
    // which the 2^63 limit here gives as well.
    const bool from_tail = *count < 0;
    const unsigned long long limit =
        from_tail ? 0ull - static_cast<unsigned long long>(*count) : static_cast<unsigned long long>(*count);
    Quicklist& ql = o->quicklist();
    Quicklist::Iterator it =
        from_tail ? ql.iterateAt(Quicklist::Direction::FromTail, -1) : ql.iterate(Quicklist::Direction::FromHead);
    unsigned long long removed = 0;
    while (it.next()) {
        if (!it.equals(ctx.arg(3))) continue;
        it.erase();
        ++removed;
        if (limit != 0 && removed == limit) break;
    }
    if (removed) afterRemoval(ctx, key, *o, static_cast<long long>(removed), "lrem");
    ctx.reply.integer(static_cast<long long>(removed));
}

void ltrimCommand(CommandContext& ctx) {
    auto start = intArg(ctx, 2);
    if (!start) return;
    auto end = intArg(ctx, 3);
    if (!end) return;
    const std::string& key = ctx.arg(1);
    Object* o = ctx.db().lookupWrite(key);
    if (!o) {
        ctx.reply.ok();
        return;
    }
    if (wrongType(ctx, o, ObjType::List)) return;
    const long long llen = static_cast<long long>(listLength(*o));
    const Span keep = clampRange(*start, *end, llen);
    // An empty range trims everything (the left cut takes the whole list).
    const long long ltrim = keep.len == 0 ? llen : keep.start;
    const long long rtrim = keep.len == 0 ? 0 : llen - keep.start - keep.len;
    Quicklist& ql = o->quicklist();
    ql.delRange(0, ltrim);
    ql.delRange(-rtrim, rtrim);
    afterRemoval(ctx, key, *o, ltrim + rtrim, "ltrim");  // "ltrim" even when nothing went
    ctx.reply.ok();
}

// ---- LMOVE RPOPLPUSH LMPOP -------------------------------------------------------------

// lmoveHandlePush: pushes `value` onto `dst_key` (creating the list when `dst` is null)
// and replies the element.
void movePush(CommandContext& ctx, const std::string& dst_key, Object* dst, const std::string& value, ListEnd to) {
    Db& db = ctx.db();
    if (!dst) {
        db.add(dst_key, createListObject(ctx.engine));
        dst = db.peek(dst_key);
    }
    ctx.keyModified(dst_key);
    listPush(*dst, value, to);
    ctx.notify(notify::kList, pushEvent(to), dst_key);
    ctx.reply.bulk(value);
}

// The source's side of a move, after the push: its pop event, and its key goes when
// the list is empty.
void moveSourceDone(CommandContext& ctx, const std::string& src_key, const Object& src, ListEnd from) {
    ctx.notify(notify::kList, popEvent(from), src_key);
    if (listLength(src) == 0) {
        ctx.db().remove(src_key);
        ctx.notify(notify::kGeneric, "del", src_key);
    }
}

// lmoveGenericCommand: pop from one end of `source`, push to one end of `destination`
// (which may be the same list: then the element rotates), reply the element.
void lmoveGeneric(CommandContext& ctx, ListEnd from, ListEnd to) {
    Db& db = ctx.db();
    const std::string& src_key = ctx.arg(1);
    const std::string& dst_key = ctx.arg(2);
    Object* src = db.lookupWrite(src_key);
    if (!src) {
        ctx.reply.null();
        return;
    }
    if (wrongType(ctx, src, ObjType::List)) return;
    // The destination's type is checked before anything changes.
    Object* dst = db.lookupWrite(dst_key);
    if (dst && wrongType(ctx, dst, ObjType::List)) return;
    const std::string value = *listPop(*src, from);
    // Redis's order: the push is announced first, then the pop and the source's "del".
    movePush(ctx, dst_key, dst, value, to);
    src = db.peek(src_key);  // the push may have created the destination: look again
    moveSourceDone(ctx, src_key, *src, from);
    ctx.keyModified(src_key);
    ++ctx.engine.dirty;
}

void lmoveCommand(CommandContext& ctx) {
    auto from = endArg(ctx, 3);
    if (!from) return;
    auto to = endArg(ctx, 4);
    if (!to) return;
    lmoveGeneric(ctx, *from, *to);
}

void rpoplpushCommand(CommandContext& ctx) { lmoveGeneric(ctx, ListEnd::Tail, ListEnd::Head); }

// ---- Blocking pops ----------------------------------------------------------------------

// What a blocking pop (and LMPOP) writes to the AOF and replicas: the plain pop it did,
// never the blocking form (replayed, a BLPOP could block the loader forever). BLMPOP and
// LMPOP become LPOP/RPOP with the count actually popped; `count` -1 is the single pop.
void propagatePop(CommandContext& ctx, const std::string& key, ListEnd where, long long count) {
    std::vector<std::string> argv{where == ListEnd::Head ? "LPOP" : "RPOP", key};
    if (count != -1) argv.push_back(decimal(count));
    propagateAs(ctx, std::move(argv));
}

// The pops of BLMPOP/LMPOP: at most `count`, the list's length if shorter.
long long popCount(const Object& o, long long count) { return std::min(count, static_cast<long long>(listLength(o))); }

// serveClientBlockedOnList: `key` now holds a list for a client blocked by BLPOP/BRPOP,
// BLMPOP or BLMOVE/BRPOPLPUSH. As in Redis 7.0 a single pop here announces its event but
// does not count as a modification (the push that made the list did).
bool serveListWaiter(CommandContext& ctx, const std::string& key, Object& o) {
    const BlockState& b = ctx.client.block;
    const auto from = static_cast<ListEnd>(b.from);
    if (b.has_target) {
        Object* dst = ctx.db().lookupWrite(b.target);
        if (dst && wrongType(ctx, dst, ObjType::List)) return true;  // answered, nothing moved
        const std::string value = *listPop(o, from);
        const std::string target = b.target;  // the push below may add a key: copy first
        // Served BLMOVE is written LMOVE src dst left|right in lower case (Redis's
        // shared strings); BRPOPLPUSH as RPOPLPUSH.
        if (b.spec->name == "brpoplpush")
            propagateAs(ctx, {"RPOPLPUSH", key, target});
        else
            propagateAs(ctx, {"LMOVE", key, target, from == ListEnd::Head ? "left" : "right",
                              static_cast<ListEnd>(b.to) == ListEnd::Head ? "left" : "right"});
        movePush(ctx, target, dst, value, static_cast<ListEnd>(b.to));
        moveSourceDone(ctx, key, *ctx.db().peek(key), from);
        return true;
    }
    if (b.count != -1) {  // BLMPOP: [key, [elements]]
        ctx.reply.arrayLen(2);
        ctx.reply.bulk(key);
        propagatePop(ctx, key, from, popCount(o, b.count));
        popRangeAndReply(ctx, key, o, from, b.count);
        return true;
    }
    propagatePop(ctx, key, from, -1);
    const std::string value = *listPop(o, from);
    ctx.reply.arrayLen(2);
    ctx.reply.bulk(key);
    ctx.reply.bulk(value);
    ctx.notify(notify::kList, popEvent(from), key);
    if (listLength(o) == 0) {
        ctx.db().remove(key);
        ctx.notify(notify::kGeneric, "del", key);
    }
    return true;
}

// blockingPopGenericCommand: pops from the first non-empty list among `keys` (one
// element, or up to `count` for BLMPOP), else waits on all of them.
void blockingPop(CommandContext& ctx, std::span<const std::string> keys, ListEnd where, size_t timeout_idx,
                 long long count) {
    auto deadline = blockTimeoutArg(ctx, timeout_idx, true);
    if (!deadline) return;
    Db& db = ctx.db();
    for (const std::string& key : keys) {
        Object* o = db.lookupWrite(key);
        if (!o) continue;
        if (wrongType(ctx, o, ObjType::List)) return;
        ctx.reply.arrayLen(2);
        ctx.reply.bulk(key);
        propagatePop(ctx, key, where, count == -1 ? -1 : popCount(*o, count));
        if (count != -1) {
            popRangeAndReply(ctx, key, *o, where, count);
        } else {
            ctx.reply.bulk(*listPop(*o, where));
            afterRemoval(ctx, key, *o, 1, popEvent(where));
        }
        return;
    }
    if (!mayBlock(ctx)) {
        ctx.reply.nullArray();  // in MULTI or a script: a timeout at once
        return;
    }
    BlockState st;
    st.type = BlockType::List;
    st.keys.assign(keys.begin(), keys.end());
    st.deadline_ms = *deadline;
    st.from = static_cast<int>(where);
    st.count = count;
    st.serve = serveListWaiter;
    ctx.engine.blockForKeys(ctx.client, std::move(st), ctx.argv, ctx.spec);
}

void blpopCommand(CommandContext& ctx) {
    blockingPop(ctx, ctx.argv.subspan(1, ctx.argc() - 2), ListEnd::Head, ctx.argc() - 1, -1);
}
void brpopCommand(CommandContext& ctx) {
    blockingPop(ctx, ctx.argv.subspan(1, ctx.argc() - 2), ListEnd::Tail, ctx.argc() - 1, -1);
}

// blmoveGenericCommand: LMOVE when the source has elements, else wait for it.
void blmoveGeneric(CommandContext& ctx, ListEnd from, ListEnd to, int64_t deadline) {
    Object* src = ctx.db().lookupWrite(ctx.arg(1));
    if (src && wrongType(ctx, src, ObjType::List)) return;
    if (src) {
        const uint64_t dirty = ctx.engine.dirty;
        lmoveGeneric(ctx, from, to);
        if (ctx.engine.dirty == dirty) return;  // the destination was of the wrong type
        // Written as the non-blocking form with the ends as typed (no timeout).
        if (ctx.spec.name == "brpoplpush")
            propagateAs(ctx, {"RPOPLPUSH", ctx.arg(1), ctx.arg(2)});
        else
            propagateAs(ctx, {"LMOVE", ctx.arg(1), ctx.arg(2), ctx.arg(3), ctx.arg(4)});
        return;
    }
    if (!mayBlock(ctx)) {
        ctx.reply.null();  // as LMOVE on a missing source (a null bulk, not an array)
        return;
    }
    BlockState st;
    st.type = BlockType::List;
    st.keys = {ctx.arg(1)};
    st.deadline_ms = deadline;
    st.from = static_cast<int>(from);
    st.to = static_cast<int>(to);
    st.target = ctx.arg(2);
    st.has_target = true;
    st.serve = serveListWaiter;
    ctx.engine.blockForKeys(ctx.client, std::move(st), ctx.argv, ctx.spec);
}

void blmoveCommand(CommandContext& ctx) {
    auto from = endArg(ctx, 3);
    if (!from) return;
    auto to = endArg(ctx, 4);
    if (!to) return;
    auto deadline = blockTimeoutArg(ctx, 5, true);
    if (!deadline) return;
    blmoveGeneric(ctx, *from, *to, *deadline);
}

void brpoplpushCommand(CommandContext& ctx) {
    auto deadline = blockTimeoutArg(ctx, 3, true);
    if (!deadline) return;
    blmoveGeneric(ctx, ListEnd::Tail, ListEnd::Head, *deadline);
}

// lmpopGenericCommand: LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count] pops from
// the first key that holds a non-empty list and answers [key, [elements]], nil if none
// does; BLMPOP (timeout first) waits instead.
void mpopGeneric(CommandContext& ctx, size_t numkeys_idx, bool block) {
    auto numkeys = parseInt64(ctx.arg(numkeys_idx));
    if (!numkeys || *numkeys <= 0) {
        ctx.reply.error("ERR numkeys should be greater than 0");
        return;
    }
    // The direction follows the keys; too few arguments for that many keys is a
    // syntax error (compared without overflow for numkeys near LONG_MAX).
    const unsigned long long where_idx = numkeys_idx + 1ull + static_cast<unsigned long long>(*numkeys);
    if (where_idx >= ctx.argc()) {
        ctx.reply.error(err::kSyntax);
        return;
    }
    auto where = endArg(ctx, where_idx);
    if (!where) return;
    long long count = -1;
    for (size_t j = where_idx + 1; j < ctx.argc(); ++j) {
        if (count == -1 && argIs(ctx.arg(j), "count") && j + 1 < ctx.argc()) {
            auto c = parseInt64(ctx.arg(++j));
            if (!c || *c <= 0) {
                ctx.reply.error("ERR count should be greater than 0");
                return;
            }
            count = *c;
        } else {
            ctx.reply.error(err::kSyntax);
            return;
        }
    }
    if (count == -1) count = 1;
    const auto keys = ctx.argv.subspan(numkeys_idx + 1, static_cast<size_t>(*numkeys));
    if (block) {
        blockingPop(ctx, keys, *where, 1, count);
        return;
    }
    Db& db = ctx.db();
    for (const std::string& key : keys) {
        Object* o = db.lookupWrite(key);
        if (!o) continue;
        if (wrongType(ctx, o, ObjType::List)) return;
        ctx.reply.arrayLen(2);
        ctx.reply.bulk(key);
        propagatePop(ctx, key, *where, popCount(*o, count));
        popRangeAndReply(ctx, key, *o, *where, count);
        return;
    }
    ctx.reply.nullArray();
}

void lmpopCommand(CommandContext& ctx) { mpopGeneric(ctx, 1, false); }
void blmpopCommand(CommandContext& ctx) { mpopGeneric(ctx, 2, true); }

// ---- Rows ------------------------------------------------------------------------------

constexpr KeySpec kInsertKey[] = {{.flags = "RW insert", .begin_index = 1}};
constexpr KeySpec kPopKey[] = {{.flags = "RW access delete", .begin_index = 1}};
constexpr KeySpec kReadKey[] = {{.flags = "RO access", .begin_index = 1}};
constexpr KeySpec kLlenKeys[] = {{.flags = "RO", .begin_index = 1}};
constexpr KeySpec kLsetKeys[] = {{.flags = "RW update", .begin_index = 1}};
constexpr KeySpec kDeleteKey[] = {{.flags = "RW delete", .begin_index = 1}};
constexpr KeySpec kMoveKeys[] = {{.flags = "RW access delete", .begin_index = 1},
                                 {.flags = "RW insert", .begin_index = 2}};
constexpr KeySpec kBlockingPopKeys[] = {{.flags = "RW access delete", .begin_index = 1, .last_key = -2}};
constexpr KeySpec kBlmpopKeys[] = {{.flags = "RW access delete", .begin_index = 2, .keynum_index = 0, .first_key = 1}};
constexpr KeySpec kLmpopKeys[] = {{.flags = "RW access delete", .begin_index = 1, .keynum_index = 0, .first_key = 1}};

constexpr std::string_view kPushComplexity = "O(1) per element pushed";

constexpr CommandSpec kListCommands[] = {
    {
        .name = "lpush",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kList,
        .keys = kInsertKey,
        .syntax = "key element [element ...]",
        .summary = "Add elements at the head (left end) of a list, creating it if needed",
        .complexity = kPushComplexity,
        .group = "list",
        .since = "1.0.0",
        .handler = lpushCommand,
    },
    {
        .name = "rpush",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kList,
        .keys = kInsertKey,
        .syntax = "key element [element ...]",
        .summary = "Add elements at the tail (right end) of a list, creating it if needed",
        .complexity = kPushComplexity,
        .group = "list",
        .since = "1.0.0",
        .handler = rpushCommand,
    },
    {
        .name = "lpushx",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kList,
        .keys = kInsertKey,
        .syntax = "key element [element ...]",
        .summary = "Add elements at the head of a list only if the list already exists",
        .complexity = kPushComplexity,
        .group = "list",
        .since = "2.2.0",
        .handler = lpushxCommand,
    },
    {
        .name = "rpushx",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kList,
        .keys = kInsertKey,
        .syntax = "key element [element ...]",
        .summary = "Add elements at the tail of a list only if the list already exists",
        .complexity = kPushComplexity,
        .group = "list",
        .since = "2.2.0",
        .handler = rpushxCommand,
    },
    {
        .name = "lpop",
        .arity = -2,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kList,
        .keys = kPopKey,
        .syntax = "key [count]",
        .summary = "Remove and return elements from the head of a list",
        .complexity = "O(N) in the number of elements popped",
        .group = "list",
        .since = "1.0.0",
        .handler = lpopCommand,
    },
    {
        .name = "rpop",
        .arity = -2,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kList,
        .keys = kPopKey,
        .syntax = "key [count]",
        .summary = "Remove and return elements from the tail of a list",
        .complexity = "O(N) in the number of elements popped",
        .group = "list",
        .since = "1.0.0",
        .handler = rpopCommand,
    },
    {
        .name = "lrange",
        .arity = 4,
        .flags = cmd::kReadonly,
        .acl = acl::kList,
        .keys = kReadKey,
        .syntax = "key start stop:integer",
        .summary = "Read the elements between two indexes of a list",
        .complexity = "O(S+N): S to reach the start from the nearer end, N for the elements returned",
        .group = "list",
        .since = "1.0.0",
        .handler = lrangeCommand,
    },
    {
        .name = "llen",
        .arity = 2,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kList,
        .keys = kLlenKeys,
        .syntax = "key",
        .summary = "Tell how many elements a list holds",
        .complexity = "O(1)",
        .group = "list",
        .since = "1.0.0",
        .handler = llenCommand,
    },
    {
        .name = "lindex",
        .arity = 3,
        .flags = cmd::kReadonly,
        .acl = acl::kList,
        .keys = kReadKey,
        .syntax = "key index",
        .summary = "Read the element at an index of a list",
        .complexity = "O(N) in the distance from the nearer end; O(1) for the first or last element",
        .group = "list",
        .since = "1.0.0",
        .handler = lindexCommand,
    },
    {
        .name = "lset",
        .arity = 4,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kList,
        .keys = kLsetKeys,
        .syntax = "key index element",
        .summary = "Overwrite the element at an index of a list",
        .complexity = "O(N) in the distance from the nearer end; O(1) for the first or last element",
        .group = "list",
        .since = "1.0.0",
        .handler = lsetCommand,
    },
    {
        .name = "linsert",
        .arity = 5,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kList,
        .keys = kInsertKey,
        .syntax = "key <BEFORE | AFTER> pivot element",
        .summary = "Insert an element next to the first occurrence of a pivot in a list",
        .complexity = "O(N) in the number of elements walked from the head to the pivot",
        .group = "list",
        .since = "2.2.0",
        .handler = linsertCommand,
    },
    {
        .name = "lrem",
        .arity = 4,
        .flags = cmd::kWrite,
        .acl = acl::kList,
        .keys = kDeleteKey,
        .syntax = "key count element",
        .summary = "Remove occurrences of an element from a list",
        .complexity = "O(N+M): N elements walked, M removed",
        .group = "list",
        .since = "1.0.0",
        .handler = lremCommand,
    },
    {
        .name = "ltrim",
        .arity = 4,
        .flags = cmd::kWrite,
        .acl = acl::kList,
        .keys = kDeleteKey,
        .syntax = "key start stop:integer",
        .summary = "Keep only the elements between two indexes of a list",
        .complexity = "O(N) in the number of elements removed",
        .group = "list",
        .since = "1.0.0",
        .handler = ltrimCommand,
    },
    {
        .name = "lmove",
        .arity = 5,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kList,
        .keys = kMoveKeys,
        .syntax = "source destination <LEFT | RIGHT> <LEFT | RIGHT>",
        .summary = "Pop an element from one end of a list and push it onto an end of another",
        .complexity = "O(1)",
        .group = "list",
        .since = "6.2.0",
        .handler = lmoveCommand,
    },
    {
        .name = "rpoplpush",
        .arity = 3,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kList,
        .keys = kMoveKeys,
        .syntax = "source destination",
        .summary = "Pop the last element of a list and push it onto the head of another (LMOVE RIGHT LEFT)",
        .complexity = "O(1)",
        .group = "list",
        .since = "1.2.0",
        .handler = rpoplpushCommand,
    },
    {
        .name = "lmpop",
        .arity = -4,
        .flags = cmd::kWrite | cmd::kMovableKeys,
        .acl = acl::kList,
        .keys = kLmpopKeys,
        .syntax = "numkeys key [key ...] <LEFT | RIGHT> [COUNT count]",
        .summary = "Pop elements from the first non-empty list among several keys",
        .complexity = "O(N+M): N keys looked at, M elements popped",
        .group = "list",
        .since = "7.0.0",
        .handler = lmpopCommand,
    },
    {
        .name = "blpop",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kNoscript | cmd::kBlocking,
        .acl = acl::kList,
        .keys = kBlockingPopKeys,
        .syntax = "key [key ...] timeout:double",
        .summary =
            "Pop the first element of the first non-empty list, waiting up to timeout seconds (0: forever) for one",
        .complexity = "O(N) for N keys",
        .group = "list",
        .since = "2.0.0",
        .handler = blpopCommand,
    },
    {
        .name = "brpop",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kNoscript | cmd::kBlocking,
        .acl = acl::kList,
        .keys = kBlockingPopKeys,
        .syntax = "key [key ...] timeout:double",
        .summary =
            "Pop the last element of the first non-empty list, waiting up to timeout seconds (0: forever) for one",
        .complexity = "O(N) for N keys",
        .group = "list",
        .since = "2.0.0",
        .handler = brpopCommand,
    },
    {
        .name = "blmove",
        .arity = 6,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kNoscript | cmd::kBlocking,
        .acl = acl::kList,
        .keys = kMoveKeys,
        .syntax = "source destination <LEFT | RIGHT> <LEFT | RIGHT> timeout:double",
        .summary = "LMOVE that waits up to timeout seconds (0: forever) for the source list to exist",
        .complexity = "O(1)",
        .group = "list",
        .since = "6.2.0",
        .handler = blmoveCommand,
    },
    {
        .name = "brpoplpush",
        .arity = 4,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kNoscript | cmd::kBlocking,
        .acl = acl::kList,
        .keys = kMoveKeys,
        .syntax = "source destination timeout:double",
        .summary = "RPOPLPUSH that waits up to timeout seconds (0: forever) for the source list to exist",
        .complexity = "O(1)",
        .group = "list",
        .since = "2.2.0",
        .handler = brpoplpushCommand,
    },
    {
        .name = "blmpop",
        .arity = -5,
        .flags = cmd::kWrite | cmd::kBlocking | cmd::kMovableKeys,
        .acl = acl::kList,
        .keys = kBlmpopKeys,
        .syntax = "timeout:double numkeys key [key ...] <LEFT | RIGHT> [COUNT count]",
        .summary = "LMPOP that waits up to timeout seconds (0: forever) for one of the lists to exist",
        .complexity = "O(N+M): N keys looked at, M elements popped",
        .group = "list",
        .since = "7.0.0",
        .handler = blmpopCommand,
    },
};

}  // namespace

std::span<const CommandSpec> listCommands() { return kListCommands; }

}  // namespace redsim
