// Set commands (the upper half of Redis 7.0's t_set.c): SADD, SREM, SMEMBERS, SPOP,
// SRANDMEMBER, SMOVE, the algebra (SINTER, SUNION, SDIFF and their STORE forms,
// SINTERCARD) and SSCAN. The encoding rules live in engine/types/set.h.
//
// Reply order is Redis's wherever Redis's is deterministic: an intset lists its members
// in ascending order, and every algebra result is built in a fresh set that starts as
// an intset, so the union, intersection or difference of integer sets comes back sorted.
// SINTER walks the smallest input set (inputs ordered by size with a stable sort, as
// glibc's qsort is a merge sort) and keeps the members found in all the others.
//
// The random commands follow Redis's case analysis, so that the shape of a reply
// (distinct or repeated members, how many) is Redis's, even though the picks differ:
//   SPOP key count       count >= size: the whole set, key deleted;
//                        (size-count)*5 > count: pop `count` random members one by one;
//                        otherwise pick the size-count members that *stay* into a new
//                        set (which starts as an intset again) and reply the rest.
//   SRANDMEMBER key n    n < 0 or n == 1: |n| independent picks (repeats possible);
//                        n >= size: the whole set; n*3 > size: copy the set and drop
//                        random members until n are left; otherwise collect distinct
//                        random picks until there are n.
#include <algorithm>
#include <climits>
#include <vector>

#include "engine/commands/scan.h"
#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/notify.h"
#include "engine/types/set.h"
#include "engine/util/numbers.h"

namespace redsim {
namespace {

// getPositiveLongFromObjectOrReply's text (for non-numbers too).
constexpr std::string_view kMustBePositive = "ERR value is out of range, must be positive";
// getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX): SRANDMEMBER refuses LONG_MIN, whose
// absolute value does not fit.
constexpr std::string_view kRandCountRange =
    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";

// How much bigger than the remaining part the popped part must be before SPOP builds the
// remaining set instead (SPOP_MOVE_STRATEGY_MUL), and the SRANDMEMBER equivalent
// (SRANDMEMBER_SUB_STRATEGY_MUL).
constexpr unsigned long long kSpopMoveStrategyMul = 5;
constexpr unsigned long long kSrandmemberSubStrategyMul = 3;

enum class SetOp { Union, Diff };

void replyElement(ReplyWriter& reply, const SetElement& e) {
    if (e.is_int)
        reply.bulk(std::to_string(e.num));
    else
        reply.bulk(e.str);
}

// Replies every member of `set` (setLen header), in iteration order.
void replySetMembers(ReplyWriter& reply, const Object& set) {
    reply.setLen(setTypeSize(set));
    setTypeForEach(set, [&](const SetElement& e) { replyElement(reply, e); });
}

// The stored result of a *STORE command (storeOrDelete).
// Publishes `event` ("sinterstore"…) for a stored result, "del" for a deleted destination.
void storeResult(CommandContext& ctx, const std::string& dst, Object result, std::string_view event) {
    const size_t n = setTypeSize(result);
    storeOrDelete(ctx, dst, std::move(result), n, notify::kSet, event);
}

void saddCommand(CommandContext& ctx) {
    Db& db = ctx.db();
    Object* set = db.lookupWrite(ctx.arg(1));
    if (wrongType(ctx, set, ObjType::Set)) return;
    const SetLimits limits = SetLimits::of(ctx.engine);
    if (!set) {
        db.add(ctx.arg(1), setTypeCreate(ctx.arg(2), limits));
        set = db.peek(ctx.arg(1));
    }
    long long added = 0;
    for (size_t j = 2; j < ctx.argc(); ++j)
        if (setTypeAdd(*set, ctx.arg(j), limits)) ++added;
    if (added) {
        ctx.keyModified(ctx.arg(1));
        ctx.notify(notify::kSet, "sadd", ctx.arg(1));
    }
    ctx.engine.dirty += static_cast<uint64_t>(added);
    ctx.reply.integer(added);
}

void sremCommand(CommandContext& ctx) {
    Db& db = ctx.db();
    Object* set = db.lookupWrite(ctx.arg(1));
    if (!set) {
        ctx.reply.integer(0);
        return;
    }
    if (wrongType(ctx, set, ObjType::Set)) return;
    long long deleted = 0;
    bool key_removed = false;
    for (size_t j = 2; j < ctx.argc(); ++j) {
        if (!setTypeRemove(*set, ctx.arg(j))) continue;
        ++deleted;
        if (setTypeSize(*set) == 0) {
            db.remove(ctx.arg(1));
            key_removed = true;
            break;
        }
    }
    if (deleted) {
        ctx.keyModified(ctx.arg(1));
        ctx.notify(notify::kSet, "srem", ctx.arg(1));
        if (key_removed) ctx.notify(notify::kGeneric, "del", ctx.arg(1));
    }
    ctx.engine.dirty += static_cast<uint64_t>(deleted);
    ctx.reply.integer(deleted);
}

void smoveCommand(CommandContext& ctx) {
    Db& db = ctx.db();
    const std::string& src_key = ctx.arg(1);
    const std::string& dst_key = ctx.arg(2);
    const std::string& member = ctx.arg(3);
    Object* src = db.lookupWrite(src_key);
    Object* dst = db.lookupWrite(dst_key);
    // A missing source answers 0 before any type check, even of the destination.
    if (!src) {
        ctx.reply.integer(0);
        return;
    }
    if (wrongType(ctx, src, ObjType::Set) || wrongType(ctx, dst, ObjType::Set)) return;
    if (src == dst) {  // same key: nothing moves
        ctx.reply.integer(setTypeIsMember(*src, member) ? 1 : 0);
        return;
    }
    if (!setTypeRemove(*src, member)) {
        ctx.reply.integer(0);
        return;
    }
    // Redis's order: the source's "srem" (and "del"), then the destination's "new" and "sadd".
    ctx.notify(notify::kSet, "srem", src_key);
    if (setTypeSize(*src) == 0) {
        db.remove(src_key);
        ctx.notify(notify::kGeneric, "del", src_key);
    }
    const SetLimits limits = SetLimits::of(ctx.engine);
    if (!dst) {
        db.add(dst_key, setTypeCreate(member, limits));
        dst = db.peek(dst_key);
    }
    ctx.keyModified(src_key);
    ++ctx.engine.dirty;
    if (setTypeAdd(*dst, member, limits)) {
        ++ctx.engine.dirty;
        ctx.keyModified(dst_key);
        ctx.notify(notify::kSet, "sadd", dst_key);
    }
    ctx.reply.integer(1);
}

void sismemberCommand(CommandContext& ctx) {
    Object* set = ctx.db().lookupRead(ctx.arg(1));
    if (!set) {
        ctx.reply.integer(0);
        return;
    }
    if (wrongType(ctx, set, ObjType::Set)) return;
    ctx.reply.integer(setTypeIsMember(*set, ctx.arg(2)) ? 1 : 0);
}

void smismemberCommand(CommandContext& ctx) {
    // A missing key is an empty set: all zeros.
    Object* set = ctx.db().lookupRead(ctx.arg(1));
    if (set && wrongType(ctx, set, ObjType::Set)) return;
    ctx.reply.arrayLen(ctx.argc() - 2);
    for (size_t j = 2; j < ctx.argc(); ++j) ctx.reply.integer(set && setTypeIsMember(*set, ctx.arg(j)) ? 1 : 0);
}

void scardCommand(CommandContext& ctx) {
    Object* set = ctx.db().lookupRead(ctx.arg(1));
    if (!set) {
        ctx.reply.integer(0);
        return;
    }
    if (wrongType(ctx, set, ObjType::Set)) return;
    ctx.reply.integer(static_cast<long long>(setTypeSize(*set)));
}

// ---- SUNION / SDIFF (sunionDiffGenericCommand) -------------------------------------

// The union or difference of the sets at `keys`, replied or stored at *dst. Missing keys
// are empty sets; any key of another type fails the whole command.
void sunionDiffGeneric(CommandContext& ctx, std::span<const std::string> keys, const std::string* dst, SetOp op) {
    std::vector<Object*> sets(keys.size(), nullptr);
    bool sameset = false;  // some later key is the first key: the difference is empty
    for (size_t j = 0; j < keys.size(); ++j) {
        Object* o = ctx.db().lookupRead(keys[j]);
        if (!o) continue;
        if (wrongType(ctx, o, ObjType::Set)) return;
        sets[j] = o;
        if (j > 0 && sets[0] == o) sameset = true;
    }
    auto size = [](const Object* o) { return o ? setTypeSize(*o) : 0; };

    // Two ways to compute a difference: (1) walk the first set and keep the members no
    // other set has, N*M lookups; (2) copy the first set and remove every member of the
    // others, the sum of all sizes. Redis estimates both and halves (1), which stops
    // early on common members and has smaller constants.
    int diff_algo = 1;
    if (op == SetOp::Diff && sets[0] && !sameset) {
        long long algo_one_work = 0, algo_two_work = 0;
        for (const Object* o : sets) {
            if (!o) continue;
            algo_one_work += static_cast<long long>(size(sets[0]));
            algo_two_work += static_cast<long long>(size(o));
        }
        algo_one_work /= 2;
        diff_algo = algo_one_work <= algo_two_work ? 1 : 2;
        // Algorithm 1 meets members to drop sooner if the biggest sets come first.
        if (diff_algo == 1 && sets.size() > 1)
            std::stable_sort(sets.begin() + 1, sets.end(),
                             [&](const Object* a, const Object* b) { return size(a) > size(b); });
    }

    const SetLimits limits = SetLimits::of(ctx.engine);
    Object result = setTypeCreateIntset();
    if (op == SetOp::Union) {
        for (const Object* o : sets) {
            if (!o) continue;
            setTypeForEach(*o, [&](const SetElement& e) { setTypeAdd(result, e.toString(), limits); });
        }
    } else if (sameset || !sets[0]) {
        // empty result
    } else if (diff_algo == 1) {
        setTypeForEach(*sets[0], [&](const SetElement& e) {
            const std::string m = e.toString();
            for (size_t j = 1; j < sets.size(); ++j) {
                if (!sets[j]) continue;
                if (sets[j] == sets[0] || setTypeIsMember(*sets[j], m)) return;
            }
            setTypeAdd(result, m, limits);
        });
    } else {
        for (size_t j = 0; j < sets.size(); ++j) {
            if (!sets[j]) continue;
            if (j == 0) {
                setTypeForEach(*sets[0], [&](const SetElement& e) { setTypeAdd(result, e.toString(), limits); });
            } else {
                setTypeForEach(*sets[j], [&](const SetElement& e) { setTypeRemove(result, e.toString()); });
            }
            // Nothing left to remove from.
            if (setTypeSize(result) == 0) break;
        }
    }

    if (dst)
        storeResult(ctx, *dst, std::move(result), op == SetOp::Union ? "sunionstore" : "sdiffstore");
    else
        replySetMembers(ctx.reply, result);
}

void sunionCommand(CommandContext& ctx) { sunionDiffGeneric(ctx, ctx.argv.subspan(1), nullptr, SetOp::Union); }
void sunionstoreCommand(CommandContext& ctx) { sunionDiffGeneric(ctx, ctx.argv.subspan(2), &ctx.arg(1), SetOp::Union); }
void sdiffCommand(CommandContext& ctx) { sunionDiffGeneric(ctx, ctx.argv.subspan(1), nullptr, SetOp::Diff); }
void sdiffstoreCommand(CommandContext& ctx) { sunionDiffGeneric(ctx, ctx.argv.subspan(2), &ctx.arg(1), SetOp::Diff); }

// ---- SINTER / SMEMBERS / SINTERSTORE / SINTERCARD (sinterGenericCommand) ------------

enum class InterMode { Reply, Store, Cardinality };

// limit (SINTERCARD LIMIT): stop counting there; 0 = no limit.
void sinterGeneric(CommandContext& ctx, std::span<const std::string> keys, const std::string* dst, InterMode mode,
                   unsigned long long limit) {
    std::vector<Object*> sets;
    sets.reserve(keys.size());
    bool empty = false;
    for (const std::string& key : keys) {
        Object* o = ctx.db().lookupRead(key);
        if (!o) {
            empty = true;  // keep going: a later key of the wrong type is still an error
            continue;
        }
        if (wrongType(ctx, o, ObjType::Set)) return;
        sets.push_back(o);
    }
    if (empty) {
        if (mode == InterMode::Store) {
            if (ctx.db().remove(*dst)) {
                ++ctx.engine.dirty;
                ctx.keyModified(*dst);
                ctx.notify(notify::kGeneric, "del", *dst);
            }
            ctx.reply.integer(0);
        } else if (mode == InterMode::Cardinality) {
            ctx.reply.integer(0);
        } else {
            ctx.reply.setLen(0);
        }
        return;
    }
    // Walk the smallest set: every member must be in all the others.
    std::stable_sort(sets.begin(), sets.end(),
                     [](const Object* a, const Object* b) { return setTypeSize(*a) < setTypeSize(*b); });

    const SetLimits limits = SetLimits::of(ctx.engine);
    Object result = setTypeCreateIntset();
    std::vector<std::string> found;  // Reply mode: the members, replied once counted
    unsigned long long cardinality = 0;
    bool stop = false;
    setTypeForEach(*sets[0], [&](const SetElement& e) {
        if (stop) return;
        for (size_t j = 1; j < sets.size(); ++j) {
            if (sets[j] == sets[0]) continue;  // the same key given twice
            if (!setTypeIsMemberElement(*sets[j], e)) return;
        }
        if (mode == InterMode::Cardinality) {
            ++cardinality;
            if (limit != 0 && cardinality >= limit) stop = true;
        } else if (mode == InterMode::Reply) {
            found.push_back(e.toString());
        } else {
            setTypeAdd(result, e.toString(), limits);
        }
    });

    if (mode == InterMode::Cardinality) {
        ctx.reply.integer(static_cast<long long>(cardinality));
    } else if (mode == InterMode::Store) {
        storeResult(ctx, *dst, std::move(result), "sinterstore");
    } else {
        ctx.reply.setLen(found.size());
        for (const auto& m : found) ctx.reply.bulk(m);
    }
}

void sinterCommand(CommandContext& ctx) { sinterGeneric(ctx, ctx.argv.subspan(1), nullptr, InterMode::Reply, 0); }
void sinterstoreCommand(CommandContext& ctx) {
    sinterGeneric(ctx, ctx.argv.subspan(2), &ctx.arg(1), InterMode::Store, 0);
}

void sintercardCommand(CommandContext& ctx) {
    constexpr std::string_view kNumkeys = "ERR numkeys should be greater than 0";
    auto numkeys = intArg(ctx, 1, kNumkeys);
    if (!numkeys) return;
    if (*numkeys < 1) {
        ctx.reply.error(kNumkeys);
        return;
    }
    if (*numkeys > static_cast<long long>(ctx.argc() - 2)) {
        ctx.reply.error("ERR Number of keys can't be greater than number of args");
        return;
    }
    const size_t n = static_cast<size_t>(*numkeys);
    long long limit = 0;
    for (size_t j = 2 + n; j < ctx.argc(); ++j) {
        if (argIs(ctx.arg(j), "limit") && j + 1 < ctx.argc()) {
            constexpr std::string_view kLimit = "ERR LIMIT can't be negative";
            auto v = intArg(ctx, ++j, kLimit);
            if (!v) return;
            if (*v < 0) {
                ctx.reply.error(kLimit);
                return;
            }
            limit = *v;
        } else {
            ctx.reply.error(err::kSyntax);
            return;
        }
    }
    sinterGeneric(ctx, ctx.argv.subspan(2, n), nullptr, InterMode::Cardinality, static_cast<unsigned long long>(limit));
}

// ---- SPOP ---------------------------------------------------------------------------

void spopWithCount(CommandContext& ctx) {
    auto l = intArg(ctx, 2, kMustBePositive);
    if (!l) return;
    if (*l < 0) {
        ctx.reply.error(kMustBePositive);
        return;
    }
    unsigned long long count = static_cast<unsigned long long>(*l);
    Db& db = ctx.db();
    const std::string& key = ctx.arg(1);
    Object* set = db.lookupWrite(key);
    if (!set) {
        ctx.reply.setLen(0);
        return;
    }
    if (wrongType(ctx, set, ObjType::Set)) return;
    if (count == 0) {
        ctx.reply.setLen(0);
        return;
    }
    const unsigned long long size = setTypeSize(*set);
    ctx.engine.dirty += count >= size ? size : count;

    // CASE 1: everything goes; the reply is SUNION of the one set.
    if (count >= size) {
        sunionDiffGeneric(ctx, ctx.argv.subspan(1, 1), nullptr, SetOp::Union);
        db.remove(key);
        propagateAs(ctx, {"DEL", key});  // the whole set went: one DEL says it
        ctx.keyModified(key);
        ctx.notify(notify::kSet, "spop", key);
        ctx.notify(notify::kGeneric, "del", key);
        return;
    }

    Rng& rng = ctx.engine.rng();
    const unsigned long long remaining = size - count;
    ctx.reply.setLen(count);
    if (remaining * kSpopMoveStrategyMul > count) {
        // CASE 2: few to pop compared with what stays: pop them one by one.
        // The members were drawn at random, so the stream names each one: SREM key m
        // per member (7.0 writes one SREM each; several are wrapped in MULTI/EXEC).
        while (count-- > 0) {
            std::string m = setTypePopRandom(*set, rng);
            ctx.reply.bulk(m);
            propagateAs(ctx, {"SREM", key, std::move(m)});
        }
    } else {
        // CASE 3: most of the set goes. Move the few that stay into a new set (created
        // for its first member, so it can be an intset again), reply the rest.
        const SetLimits limits = SetLimits::of(ctx.engine);
        std::optional<Object> kept;
        for (unsigned long long i = 0; i < remaining; ++i) {
            const std::string m = setTypeRandomElement(*set, rng).toString();
            if (!kept) kept.emplace(setTypeCreate(m, limits));
            setTypeAdd(*kept, m, limits);
            setTypeRemove(*set, m);
        }
        setTypeForEach(*set, [&](const SetElement& e) {
            replyElement(ctx.reply, e);
            propagateAs(ctx, {"SREM", key, e.toString()});
        });
        db.overwrite(key, std::move(*kept));
    }
    ctx.keyModified(key);
    ctx.notify(notify::kSet, "spop", key);
}

void spopCommand(CommandContext& ctx) {
    if (ctx.argc() == 3) {
        spopWithCount(ctx);
        return;
    }
    if (ctx.argc() > 3) {
        ctx.reply.error(err::kSyntax);
        return;
    }
    Db& db = ctx.db();
    Object* set = db.lookupWrite(ctx.arg(1));
    if (!set) {
        ctx.reply.null();
        return;
    }
    if (wrongType(ctx, set, ObjType::Set)) return;
    std::string m = setTypePopRandom(*set, ctx.engine.rng());
    ctx.reply.bulk(m);
    propagateAs(ctx, {"SREM", ctx.arg(1), std::move(m)});  // the member drawn, not "a random one"
    ctx.keyModified(ctx.arg(1));
    ctx.notify(notify::kSet, "spop", ctx.arg(1));
    if (setTypeSize(*set) == 0) {
        db.remove(ctx.arg(1));
        ctx.notify(notify::kGeneric, "del", ctx.arg(1));
    }
    ++ctx.engine.dirty;
}

// ---- SRANDMEMBER --------------------------------------------------------------------

void srandmemberWithCount(CommandContext& ctx) {
    auto l = intArg(ctx, 2);
    if (!l) return;
    if (*l == LLONG_MIN) {
        ctx.reply.error(kRandCountRange);
        return;
    }
    const bool uniq = *l >= 0;
    unsigned long long count = static_cast<unsigned long long>(uniq ? *l : -*l);
    Object* set = ctx.db().lookupRead(ctx.arg(1));
    if (!set) {
        ctx.reply.emptyArray();
        return;
    }
    if (wrongType(ctx, set, ObjType::Set)) return;
    unsigned long long size = setTypeSize(*set);
    if (count == 0) {
        ctx.reply.emptyArray();
        return;
    }
    Rng& rng = ctx.engine.rng();

    // CASE 1: repeats allowed (or a single pick): independent draws, in draw order.
    if (!uniq || count == 1) {
        const size_t start = ctx.client.out.size();
        ctx.reply.arrayLen(count);
        while (count-- > 0) {
            replyElement(ctx.reply, setTypeRandomElement(*set, rng));
            if (replyOverflowed(ctx, start)) return;
        }
        return;
    }

    // CASE 2: at least the whole set asked for: the whole set.
    if (count >= size) {
        ctx.reply.arrayLen(size);
        setTypeForEach(*set, [&](const SetElement& e) { replyElement(ctx.reply, e); });
        return;
    }

    SetDict picked(ctx.engine.hashSeed());
    if (count * kSrandmemberSubStrategyMul > size) {
        // CASE 3: most of the set: copy it and drop random members until count remain.
        picked.expand(size);
        setTypeForEach(*set, [&](const SetElement& e) { picked.insert(e.toString(), SetMember{}); });
        while (size > count) {
            picked.erase(std::string(picked.fairRandomEntry(rng)->key));
            --size;
        }
    } else {
        // CASE 4: a small part: draw until count distinct members are collected.
        picked.expand(count);
        unsigned long long added = 0;
        while (added < count)
            if (picked.insert(setTypeRandomElement(*set, rng).toString(), SetMember{}).second) ++added;
    }
    ctx.reply.arrayLen(count);
    picked.forEach([&](const SetDict::Entry& e) { ctx.reply.bulk(e.key); });
}

void srandmemberCommand(CommandContext& ctx) {
    if (ctx.argc() == 3) {
        srandmemberWithCount(ctx);
        return;
    }
    if (ctx.argc() > 3) {
        ctx.reply.error(err::kSyntax);
        return;
    }
    Object* set = ctx.db().lookupRead(ctx.arg(1));
    if (!set) {
        ctx.reply.null();
        return;
    }
    if (wrongType(ctx, set, ObjType::Set)) return;
    replyElement(ctx.reply, setTypeRandomElement(*set, ctx.engine.rng()));
}

// ---- SSCAN --------------------------------------------------------------------------

void sscanCommand(CommandContext& ctx) {
    auto cursor = scanCursorArg(ctx, 2);
    if (!cursor) return;
    Object* set = ctx.db().lookupRead(ctx.arg(1));
    if (!set) {
        replyEmptyScan(ctx.reply);
        return;
    }
    if (wrongType(ctx, set, ObjType::Set)) return;
    scanGeneric(ctx, set, *cursor, 3);
}

}  // namespace

// ---- the command table rows (flags, ACL categories and key specs as Redis 7.0 reports them) ----

constexpr KeySpec kSaddKeys[] = {{.flags = "RW insert", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kSremKeys[] = {{.flags = "RW delete", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kSmembersKeys[] = {
    {.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kSismemberKeys[] = {{.flags = "RO", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kSmismemberKeys[] = {
    {.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kScardKeys[] = {{.flags = "RO", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kSpopKeys[] = {
    {.flags = "RW access delete", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kSrandmemberKeys[] = {
    {.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kSmoveKeys[] = {
    {.flags = "RW access delete", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0},
    {.flags = "RW insert", .begin_index = 2, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kSinterKeys[] = {{.flags = "RO access", .begin_index = 1, .last_key = -1, .key_step = 1, .limit = 0}};
constexpr KeySpec kSintercardKeys[] = {
    {.flags = "RO access", .begin_index = 1, .key_step = 1, .keynum_index = 0, .first_key = 1}};
constexpr KeySpec kSinterstoreKeys[] = {
    {.flags = "RW update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0},
    {.flags = "RO access", .begin_index = 2, .last_key = -1, .key_step = 1, .limit = 0}};
constexpr KeySpec kSunionKeys[] = {{.flags = "RO access", .begin_index = 1, .last_key = -1, .key_step = 1, .limit = 0}};
constexpr KeySpec kSunionstoreKeys[] = {
    {.flags = "OW update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0},
    {.flags = "RO access", .begin_index = 2, .last_key = -1, .key_step = 1, .limit = 0}};
constexpr KeySpec kSdiffKeys[] = {{.flags = "RO access", .begin_index = 1, .last_key = -1, .key_step = 1, .limit = 0}};
constexpr KeySpec kSdiffstoreKeys[] = {
    {.flags = "OW update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0},
    {.flags = "RO access", .begin_index = 2, .last_key = -1, .key_step = 1, .limit = 0}};
constexpr KeySpec kSscanKeys[] = {{.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};

constexpr CommandSpec kSetCommands[] = {
    {
        .name = "sadd",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kSet,
        .keys = kSaddKeys,
        .syntax = "key member [member ...]",
        .summary = "Add members to a set, creating it if needed",
        .complexity = "O(1) per member added",
        .group = "set",
        .since = "1.0.0",
        .handler = saddCommand,
    },
    {
        .name = "srem",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kSet,
        .keys = kSremKeys,
        .syntax = "key member [member ...]",
        .summary = "Remove members from a set",
        .complexity = "O(N) where N is the number of members given",
        .group = "set",
        .since = "1.0.0",
        .handler = sremCommand,
    },
    {
        .name = "smembers",
        .arity = 2,
        .flags = cmd::kReadonly,
        .acl = acl::kSet,
        .keys = kSmembersKeys,
        .syntax = "key",
        .summary = "List every member of a set",
        .complexity = "O(N) where N is the set's size",
        .group = "set",
        .since = "1.0.0",
        .tips = "nondeterministic_output_order",
        .handler = sinterCommand,
    },
    {
        .name = "sismember",
        .arity = 3,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kSet,
        .keys = kSismemberKeys,
        .syntax = "key member",
        .summary = "Tell whether a value is a member of a set",
        .complexity = "O(1)",
        .group = "set",
        .since = "1.0.0",
        .handler = sismemberCommand,
    },
    {
        .name = "smismember",
        .arity = -3,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kSet,
        .keys = kSmismemberKeys,
        .syntax = "key member [member ...]",
        .summary = "Tell, for each of several values, whether it is a member of a set",
        .complexity = "O(N) where N is the number of values checked",
        .group = "set",
        .since = "6.2.0",
        .handler = smismemberCommand,
    },
    {
        .name = "scard",
        .arity = 2,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kSet,
        .keys = kScardKeys,
        .syntax = "key",
        .summary = "Count the members of a set",
        .complexity = "O(1)",
        .group = "set",
        .since = "1.0.0",
        .handler = scardCommand,
    },
    {
        .name = "spop",
        .arity = -2,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kSet,
        .keys = kSpopKeys,
        .syntax = "key [count]",
        .summary = "Remove and return one or more random members of a set",
        .complexity = "O(1) without count, O(N) with count N",
        .group = "set",
        .since = "1.0.0",
        .tips = "nondeterministic_output",
        .handler = spopCommand,
    },
    {
        .name = "srandmember",
        .arity = -2,
        .flags = cmd::kReadonly,
        .acl = acl::kSet,
        .keys = kSrandmemberKeys,
        .syntax = "key [count]",
        .summary = "Return random members of a set without removing them; a negative count allows repeats",
        .complexity = "O(1) without count, O(|count|) with it",
        .group = "set",
        .since = "1.0.0",
        .tips = "nondeterministic_output",
        .handler = srandmemberCommand,
    },
    {
        .name = "smove",
        .arity = 4,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kSet,
        .keys = kSmoveKeys,
        .syntax = "source destination member",
        .summary = "Move a member from one set to another",
        .complexity = "O(1)",
        .group = "set",
        .since = "1.0.0",
        .handler = smoveCommand,
    },
    {
        .name = "sinter",
        .arity = -2,
        .flags = cmd::kReadonly,
        .acl = acl::kSet,
        .keys = kSinterKeys,
        .syntax = "key [key ...]",
        .summary = "Return the members common to all the given sets",
        .complexity = "O(N*M) at worst, N the smallest set's size and M the number of sets",
        .group = "set",
        .since = "1.0.0",
        .tips = "nondeterministic_output_order",
        .handler = sinterCommand,
    },
    {
        .name = "sintercard",
        .arity = -3,
        .flags = cmd::kReadonly | cmd::kMovableKeys,
        .acl = acl::kSet,
        .keys = kSintercardKeys,
        .syntax = "numkeys key [key ...] [LIMIT limit:integer]",
        .summary = "Count the members common to all the given sets, optionally stopping at a limit",
        .complexity = "O(N*M) at worst, N the smallest set's size and M the number of sets",
        .group = "set",
        .since = "7.0.0",
        .handler = sintercardCommand,
    },
    {
        .name = "sinterstore",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kSet,
        .keys = kSinterstoreKeys,
        .syntax = "destination key [key ...]",
        .summary = "Store the members common to all the given sets in a key",
        .complexity = "O(N*M) at worst, N the smallest set's size and M the number of sets",
        .group = "set",
        .since = "1.0.0",
        .handler = sinterstoreCommand,
    },
    {
        .name = "sunion",
        .arity = -2,
        .flags = cmd::kReadonly,
        .acl = acl::kSet,
        .keys = kSunionKeys,
        .syntax = "key [key ...]",
        .summary = "Return the members found in any of the given sets",
        .complexity = "O(N) where N is the total size of the sets",
        .group = "set",
        .since = "1.0.0",
        .tips = "nondeterministic_output_order",
        .handler = sunionCommand,
    },
    {
        .name = "sunionstore",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kSet,
        .keys = kSunionstoreKeys,
        .syntax = "destination key [key ...]",
        .summary = "Store the members found in any of the given sets in a key",
        .complexity = "O(N) where N is the total size of the sets",
        .group = "set",
        .since = "1.0.0",
        .handler = sunionstoreCommand,
    },
    {
        .name = "sdiff",
        .arity = -2,
        .flags = cmd::kReadonly,
        .acl = acl::kSet,
        .keys = kSdiffKeys,
        .syntax = "key [key ...]",
        .summary = "Return the members of the first set that none of the other sets has",
        .complexity = "O(N) where N is the total size of the sets",
        .group = "set",
        .since = "1.0.0",
        .tips = "nondeterministic_output_order",
        .handler = sdiffCommand,
    },
    {
        .name = "sdiffstore",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kSet,
        .keys = kSdiffstoreKeys,
        .syntax = "destination key [key ...]",
        .summary = "Store the members of the first set that none of the other sets has in a key",
        .complexity = "O(N) where N is the total size of the sets",
        .group = "set",
        .since = "1.0.0",
        .handler = sdiffstoreCommand,
    },
    {
        .name = "sscan",
        .arity = -3,
        .flags = cmd::kReadonly,
        .acl = acl::kSet,
        .keys = kSscanKeys,
        .syntax = "key cursor [MATCH pattern] [COUNT count]",
        .summary = "Walk the members of a set a few at a time with a cursor",
        .complexity = "O(1) per call, O(N) for a whole walk",
        .group = "set",
        .since = "2.8.0",
        .tips = "nondeterministic_output",
        .handler = sscanCommand,
    },
};

std::span<const CommandSpec> setCommands() { return kSetCommands; }

}  // namespace redsim
