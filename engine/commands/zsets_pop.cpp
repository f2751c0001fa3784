// ZPOPMIN, ZPOPMAX, ZMPOP, their blocking forms BZPOPMIN, BZPOPMAX, BZMPOP, and
// ZRANDMEMBER: the sorted set commands that take members out or pick them at random,
// with their rows (the rest of the family is in zsets.cpp).
#include <algorithm>
#include <climits>
#include <unordered_set>

#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/commands/zsets_internal.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/notify.h"
#include "engine/types/zset.h"
#include "engine/util/numbers.h"

namespace redsim::zsetcmd {
// ---- ZPOPMIN, ZPOPMAX, ZMPOP ------------------------------------------------------------

enum class Where { Min, Max };

// genericZpopCommand: pops up to `count` members (-1: one, without a count in the reply
// shape) from the first of `keys` that exists. `emit_key` (ZMPOP) puts the key name in
// the reply; `nested` makes each member/score pair its own array; `nil_when_empty`
// answers a null array rather than an empty one when no key exists.
static void genericZpop(CommandContext& ctx, std::span<const std::string> keys, Where where, bool emit_key,
                        long long count, bool nested, bool nil_when_empty) {
    const std::string* key = nullptr;
    Object* z = nullptr;
    for (const std::string& k : keys) {
        z = ctx.db().lookupWrite(k);
        if (z == nullptr) continue;
        if (wrongType(ctx, z, ObjType::ZSet)) return;
        key = &k;
        break;
    }
    if (z == nullptr) {
        if (nil_when_empty)
            ctx.reply.nullArray();
        else
            ctx.reply.emptyArray();
        return;
    }
    if (count == 0) {
        ctx.reply.emptyArray();
        return;
    }
    const bool with_count = count != -1;
    if (count == -1) count = 1;
    const auto len = static_cast<long long>(zset::length(*z));
    const long long n = std::min(count, len);
    // The blocking forms and ZMPOP (the callers that emit the key) are written as the
    // plain pop they did: BZPOPMIN k -> ZPOPMIN k, ZMPOP/BZMPOP -> ZPOPMIN k <popped>.
    // ZPOPMIN/ZPOPMAX themselves are written as typed.
    if (emit_key && n > 0) {
        std::vector<std::string> argv{where == Where::Max ? "ZPOPMAX" : "ZPOPMIN", *key};
        if (with_count) argv.push_back(decimal(n));
        propagateAs(ctx, std::move(argv));
    }
    if (!nested && !emit_key) {
        ctx.reply.arrayLen(static_cast<size_t>(n * 2));
    } else if (nested && !emit_key) {
        ctx.reply.arrayLen(static_cast<size_t>(n));
    } else if (!nested && emit_key) {
        ctx.reply.arrayLen(static_cast<size_t>(n * 2 + 1));
        ctx.reply.bulk(*key);
    } else {
        ctx.reply.arrayLen(2);
        ctx.reply.bulk(*key);
        ctx.reply.arrayLen(static_cast<size_t>(n));
    }
    for (long long i = 0; i < n; ++i) {
        const auto c = zset::Cursor::atRank(*z, 0, where == Where::Max);
        const std::string member(c.member());
        const double score = c.score();
        zset::remove(*z, member);
        ++ctx.engine.dirty;
        if (nested) ctx.reply.arrayLen(2);
        ctx.reply.bulk(member);
        ctx.reply.doubleValue(score);
    }
    ctx.keyModified(*key);
    if (n) ctx.notify(notify::kZSet, where == Where::Max ? "zpopmax" : "zpopmin", *key);
    deleteIfEmpty(ctx, *key, *z);
}

static void zpopMinMax(CommandContext& ctx, Where where) {
    if (ctx.argc() > 3) {
        ctx.reply.error(err::kSyntax);
        return;
    }
    long long count = -1;
    if (ctx.argc() == 3) {
        auto c = positiveArg(ctx, 2);
        if (!c) return;
        count = *c;
    }
    // With a count, RESP3 gets an array of pairs; without one, the flat pair of old.
    const bool nested = ctx.reply.protocol() > 2 && count != -1;
    genericZpop(ctx, ctx.argv.subspan(1, 1), where, false, count, nested, false);
}

void zpopminCommand(CommandContext& ctx) { zpopMinMax(ctx, Where::Min); }
void zpopmaxCommand(CommandContext& ctx) { zpopMinMax(ctx, Where::Max); }

// serveClientsBlockedOnSortedSetKey: the pop the blocked client asked for, on `key`.
static bool serveZsetWaiter(CommandContext& ctx, const std::string& key, Object&) {
    const BlockState& b = ctx.client.block;
    const bool mpop = b.count != -1;
    genericZpop(ctx, std::span<const std::string>(&key, 1), b.from == 0 ? Where::Min : Where::Max, true, b.count, mpop,
                mpop);
    return true;
}

// blockingGenericZpopCommand: ZPOPMIN/ZPOPMAX (with the key in the reply) on the first
// non-empty sorted set among `keys`, else wait for one.
static void blockingZpop(CommandContext& ctx, std::span<const std::string> keys, Where where, size_t timeout_idx,
                         long long count) {
    auto deadline = blockTimeoutArg(ctx, timeout_idx, true);
    if (!deadline) return;
    const bool mpop = count != -1;
    for (const std::string& key : keys) {
        Object* z = ctx.db().lookupWrite(key);
        if (!z) continue;
        if (wrongType(ctx, z, ObjType::ZSet)) return;
        genericZpop(ctx, std::span<const std::string>(&key, 1), where, true, count, mpop, mpop);
        return;
    }
    if (!mayBlock(ctx)) {
        ctx.reply.nullArray();  // in MULTI or a script: a timeout at once
        return;
    }
    BlockState st;
    st.type = BlockType::ZSet;
    st.keys.assign(keys.begin(), keys.end());
    st.deadline_ms = *deadline;
    st.from = where == Where::Min ? 0 : 1;
    st.count = count;
    st.serve = serveZsetWaiter;
    ctx.engine.blockForKeys(ctx.client, std::move(st), ctx.argv, ctx.spec);
}

void bzpopminCommand(CommandContext& ctx) {
    blockingZpop(ctx, ctx.argv.subspan(1, ctx.argc() - 2), Where::Min, ctx.argc() - 1, -1);
}
void bzpopmaxCommand(CommandContext& ctx) {
    blockingZpop(ctx, ctx.argv.subspan(1, ctx.argc() - 2), Where::Max, ctx.argc() - 1, -1);
}

// zmpopGenericCommand: [B]ZMPOP [timeout] numkeys key [key ...] MIN|MAX [COUNT count].
static void zmpopGeneric(CommandContext& ctx, size_t numkeys_idx, bool block) {
    auto numkeys = rangeArg(ctx, numkeys_idx, 1, LLONG_MAX, "ERR numkeys should be greater than 0");
    if (!numkeys) return;
    // MIN | MAX follows the keys; it must exist.
    if (*numkeys >= static_cast<long long>(ctx.argc() - numkeys_idx) - 1) {
        ctx.reply.error(err::kSyntax);
        return;
    }
    const size_t where_idx = numkeys_idx + 1 + static_cast<size_t>(*numkeys);
    Where where;
    if (argIs(ctx.arg(where_idx), "min")) {
        where = Where::Min;
    } else if (argIs(ctx.arg(where_idx), "max")) {
        where = Where::Max;
    } else {
        ctx.reply.error(err::kSyntax);
        return;
    }
    long long count = -1;
    for (size_t j = where_idx + 1; j < ctx.argc(); ++j) {
        const bool more = j + 1 < ctx.argc();
        if (count == -1 && argIs(ctx.arg(j), "count") && more) {
            auto c = rangeArg(ctx, ++j, 1, LLONG_MAX, "ERR count should be greater than 0");
            if (!c) return;
            count = *c;
        } else {
            ctx.reply.error(err::kSyntax);
            return;
        }
    }
    if (count == -1) count = 1;
    const auto keys = ctx.argv.subspan(numkeys_idx + 1, static_cast<size_t>(*numkeys));
    if (block)
        blockingZpop(ctx, keys, where, 1, count);
    else
        genericZpop(ctx, keys, where, true, count, true, true);
}

void zmpopCommand(CommandContext& ctx) { zmpopGeneric(ctx, 1, false); }
void bzmpopCommand(CommandContext& ctx) { zmpopGeneric(ctx, 2, true); }

// ---- ZRANDMEMBER ------------------------------------------------------------------------

static void replyRandom(CommandContext& ctx, std::string_view member, double score, bool withscores) {
    if (withscores)
        replyPair(ctx.reply, member, score);
    else
        ctx.reply.bulk(member);
}

// zrandmemberWithCountCommand, with Redis 7.0's four cases so the shape of the reply is
// Redis's: a negative count may repeat members (picked independently); a positive count
// never does, returns the whole set when it covers it, and otherwise either removes
// random members from a copy (count close to the size: order of the copy's dict) or
// picks until it has enough distinct ones (listpacks in their order, skiplists in pick
// order).
static void zrandmemberWithCount(CommandContext& ctx, long long l, bool withscores) {
    Object* z = ctx.db().lookupRead(ctx.arg(1));
    if (z == nullptr) {
        ctx.reply.emptyArray();
        return;
    }
    if (wrongType(ctx, z, ObjType::ZSet)) return;
    const size_t size = zset::length(*z);
    const bool uniq = l >= 0;
    const unsigned long long count =
        l >= 0 ? static_cast<unsigned long long>(l) : 0ULL - static_cast<unsigned long long>(l);
    if (count == 0) {
        ctx.reply.emptyArray();
        return;
    }
    Rng& rng = ctx.engine.rng();
    const bool resp2 = ctx.reply.protocol() == 2;

    // Case 1: negative count, or 1: independent picks, repeats allowed.
    if (!uniq || count == 1) {
        // A huge count stops at the output limit (replyOverflowed).
        const size_t start = ctx.client.out.size();
        ctx.reply.arrayLen(withscores && resp2 ? 2 * count : count);
        if (z->encoding() == Encoding::SkipList) {
            for (unsigned long long i = 0; i < count; ++i) {
                const zset::Pair p = zset::randomMember(*z, rng);
                replyRandom(ctx, p.member, p.score, withscores);
                if (replyOverflowed(ctx, start)) return;
            }
        } else {
            // In batches of at most 1000 picks (ZRANDMEMBER_RANDOM_SAMPLE_LIMIT).
            for (unsigned long long left = count; left > 0;) {
                const size_t batch = static_cast<size_t>(std::min<unsigned long long>(left, 1000));
                left -= batch;
                for (const auto& p : zset::listpackRandomPairs(z->listpack(), batch, rng))
                    replyRandom(ctx, p.member, p.score, withscores);
                if (replyOverflowed(ctx, start)) return;
            }
        }
        return;
    }

    const size_t reply_size = static_cast<size_t>(std::min<unsigned long long>(count, size));
    ctx.reply.arrayLen(withscores && resp2 ? 2 * reply_size : reply_size);

    // Case 2: the count covers the set: all of it, highest score first (Redis walks it
    // with the ZUNION iterator, which starts at the tail).
    if (count >= size) {
        for (auto c = zset::Cursor::atRank(*z, 0, true); c.valid(); c.next())
            replyRandom(ctx, c.member(), c.score(), withscores);
        return;
    }

    // Case 3: the count is close to the size (count * 3 > size): copy the set into a dict
    // and delete random members until `count` remain.
    if (count * 3 > size) {
        Dict<double> d(ctx.engine.hashSeed());
        d.expand(size);
        zset::forEach(*z, [&](std::string_view m, double s) { d.insert(std::string(m), s); });
        for (size_t left = size; left > count; --left) d.erase(d.fairRandomEntry(rng)->key);
        d.forEach([&](const Dict<double>::Entry& e) { replyRandom(ctx, e.key, e.value, withscores); });
        return;
    }

    // Case 4: a small count of a big set.
    if (z->encoding() == Encoding::ListPack) {
        for (const auto& p : zset::listpackRandomPairsUnique(z->listpack(), count, rng))
            replyRandom(ctx, p.member, p.score, withscores);
        return;
    }
    std::unordered_set<std::string> seen;
    while (seen.size() < count) {
        zset::Pair p = zset::randomMember(*z, rng);
        if (!seen.insert(p.member).second) continue;
        replyRandom(ctx, p.member, p.score, withscores);
    }
}

void zrandmemberCommand(CommandContext& ctx) {
    if (ctx.argc() >= 3) {
        // Any long but LONG_MIN, whose negation would not fit.
        auto l = intArg(ctx, 2);
        if (!l) return;
        if (*l == LLONG_MIN) {
            ctx.reply.error(
                "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
            return;
        }
        const bool withscores = ctx.argc() == 4;
        if (ctx.argc() > 4 || (withscores && !argIs(ctx.arg(3), "withscores"))) {
            ctx.reply.error(err::kSyntax);
            return;
        }
        if (withscores && (*l < LLONG_MIN / 2 || *l > LLONG_MAX / 2)) {
            ctx.reply.error("ERR value is out of range");
            return;
        }
        zrandmemberWithCount(ctx, *l, withscores);
        return;
    }
    Object* z = ctx.db().lookupRead(ctx.arg(1));
    if (z == nullptr) {
        ctx.reply.null();
        return;
    }
    if (wrongType(ctx, z, ObjType::ZSet)) return;
    ctx.reply.bulk(zset::randomMember(*z, ctx.engine.rng()).member);
}

// ---- Rows ------------------------------------------------------------------------------

namespace {

constexpr KeySpec kPopKeys[] = {
    {.flags = "RW access delete", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kBlockingPopKeys[] = {{.flags = "RW access delete", .begin_index = 1, .last_key = -2}};
constexpr KeySpec kBzmpopKeys[] = {{.flags = "RW access delete", .begin_index = 2, .keynum_index = 0, .first_key = 1}};
constexpr KeySpec kZmpopKeys[] = {
    {.flags = "RW access delete", .begin_index = 1, .key_step = 1, .keynum_index = 0, .first_key = 1}};
constexpr KeySpec kRoAccessKeys[] = {
    {.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};

constexpr CommandSpec kZsetPopCommands[] = {
    {
        .name = "zpopmin",
        .arity = -2,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kSortedSet,
        .keys = kPopKeys,
        .syntax = "key [count]",
        .summary = "Remove and return the members with the lowest scores",
        .complexity = "O(M*log(N)) for M members popped",
        .group = "sorted-set",
        .since = "5.0.0",
        .handler = zpopminCommand,
    },
    {
        .name = "zpopmax",
        .arity = -2,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kSortedSet,
        .keys = kPopKeys,
        .syntax = "key [count]",
        .summary = "Remove and return the members with the highest scores",
        .complexity = "O(M*log(N)) for M members popped",
        .group = "sorted-set",
        .since = "5.0.0",
        .handler = zpopmaxCommand,
    },
    {
        .name = "zmpop",
        .arity = -4,
        .flags = cmd::kWrite | cmd::kMovableKeys,
        .acl = acl::kSortedSet,
        .keys = kZmpopKeys,
        .syntax = "numkeys key [key ...] <MIN | MAX> [COUNT count]",
        .summary = "Pop the lowest or highest scored members from the first non-empty of several sorted sets",
        .complexity = "O(K) + O(M*log(N)) for K keys given and M members popped",
        .group = "sorted-set",
        .since = "7.0.0",
        .handler = zmpopCommand,
    },
    {
        .name = "bzpopmin",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kNoscript | cmd::kBlocking | cmd::kFast,
        .acl = acl::kSortedSet,
        .keys = kBlockingPopKeys,
        .syntax = "key [key ...] timeout:double",
        .summary = "Pop the lowest scored member of the first non-empty sorted set, waiting up to timeout seconds (0: "
                   "forever) for one",
        .complexity = "O(log(N))",
        .group = "sorted-set",
        .since = "5.0.0",
        .handler = bzpopminCommand,
    },
    {
        .name = "bzpopmax",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kNoscript | cmd::kBlocking | cmd::kFast,
        .acl = acl::kSortedSet,
        .keys = kBlockingPopKeys,
        .syntax = "key [key ...] timeout:double",
        .summary = "Pop the highest scored member of the first non-empty sorted set, waiting up to timeout seconds (0: "
                   "forever) for one",
        .complexity = "O(log(N))",
        .group = "sorted-set",
        .since = "5.0.0",
        .handler = bzpopmaxCommand,
    },
    {
        .name = "bzmpop",
        .arity = -5,
        .flags = cmd::kWrite | cmd::kBlocking | cmd::kMovableKeys,
        .acl = acl::kSortedSet,
        .keys = kBzmpopKeys,
        .syntax = "timeout:double numkeys key [key ...] <MIN | MAX> [COUNT count]",
        .summary = "ZMPOP that waits up to timeout seconds (0: forever) for one of the sorted sets to exist",
        .complexity = "O(K) + O(M*log(N)) for K keys given and M members popped",
        .group = "sorted-set",
        .since = "7.0.0",
        .handler = bzmpopCommand,
    },
    {
        .name = "zrandmember",
        .arity = -2,
        .flags = cmd::kReadonly,
        .acl = acl::kSortedSet,
        .keys = kRoAccessKeys,
        .syntax = "key [count [WITHSCORES]]",
        .summary = "Pick random members of a sorted set (a negative count allows repeats)",
        .complexity = "O(M) for M members returned",
        .group = "sorted-set",
        .since = "6.2.0",
        .tips = "nondeterministic_output",
        .handler = zrandmemberCommand,
    },
};

}  // namespace

}  // namespace redsim::zsetcmd

namespace redsim {
std::span<const CommandSpec> zsetPopCommands() { return zsetcmd::kZsetPopCommands; }
}  // namespace redsim
