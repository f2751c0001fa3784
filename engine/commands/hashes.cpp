// Hash commands (Redis's t_hash.c, upper half): HSET and friends, counters, HRANDFIELD,
// HSCAN.
//
// The handlers parse arguments and write replies; everything about how a hash is
// stored (listpack or hashtable) and when it converts lives in engine/types/hash.
// Writers follow Redis's order: look the key up (creating an empty listpack hash if
// it is missing), hand every field and value about to be written to
// hashTypeTryConversion, then set them one by one. A hash whose last field is
// deleted is deleted with it.
#include <algorithm>
#include <climits>
#include <cmath>
#include <unordered_set>
#include <vector>

#include "engine/commands/scan.h"
#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/notify.h"
#include "engine/types/hash.h"
#include "engine/util/numbers.h"

namespace redsim {
namespace {

// hashTypeLookupWriteOrCreate: the hash at argv[1] for writing, created empty (as a
// listpack) if missing. nullptr after replying WRONGTYPE.
Object* lookupWriteOrCreate(CommandContext& ctx) {
    Db& db = ctx.db();
    Object* o = db.lookupWrite(ctx.arg(1));
    if (wrongType(ctx, o, ObjType::Hash)) return nullptr;
    if (o == nullptr) {
        db.add(ctx.arg(1), hashTypeCreate());
        o = db.peek(ctx.arg(1));
    }
    return o;
}

// lookupKeyReadOrReply + checkType: the hash at argv[1], or nullptr after replying
// `missing` (when the key does not exist) or WRONGTYPE.
template <class ReplyMissing>
Object* lookupReadOr(CommandContext& ctx, ReplyMissing&& missing) {
    Object* o = ctx.db().lookupRead(ctx.arg(1));
    if (o == nullptr) {
        missing();
        return nullptr;
    }
    if (wrongType(ctx, o, ObjType::Hash)) return nullptr;
    return o;
}

void replyValueOrNull(CommandContext& ctx, Object* o, std::string_view field) {
    std::optional<std::string> v = o ? hashTypeGet(*o, field) : std::nullopt;
    if (v)
        ctx.reply.bulk(*v);
    else
        ctx.reply.null();
}

// HSET and HMSET: the same body, different replies.
void hsetGeneric(CommandContext& ctx, bool hmset) {
    if (ctx.argc() % 2 == 1) {
        ctx.reply.error("ERR wrong number of arguments for '" + std::string(ctx.spec.name) + "' command");
        return;
    }
    Object* o = lookupWriteOrCreate(ctx);
    if (!o) return;
    const HashLimits limits = HashLimits::of(ctx.engine);
    hashTypeTryConversion(*o, ctx.argv.subspan(2), limits);
    long long created = 0;
    for (size_t i = 2; i < ctx.argc(); i += 2) {
        if (!hashTypeSet(*o, ctx.arg(i), ctx.arg(i + 1), limits)) ++created;
    }
    if (hmset)
        ctx.reply.ok();
    else
        ctx.reply.integer(created);
    ctx.keyModified(ctx.arg(1));
    ctx.notify(notify::kHash, "hset", ctx.arg(1));
    // As Redis: every pair counts as a change, updated or added.
    ctx.engine.dirty += (ctx.argc() - 2) / 2;
}

void hsetCommand(CommandContext& ctx) { hsetGeneric(ctx, false); }
void hmsetCommand(CommandContext& ctx) { hsetGeneric(ctx, true); }

void hsetnxCommand(CommandContext& ctx) {
    Object* o = lookupWriteOrCreate(ctx);
    if (!o) return;
    if (hashTypeExists(*o, ctx.arg(2))) {
        ctx.reply.integer(0);
        return;
    }
    const HashLimits limits = HashLimits::of(ctx.engine);
    hashTypeTryConversion(*o, ctx.argv.subspan(2, 2), limits);
    hashTypeSet(*o, ctx.arg(2), ctx.arg(3), limits);
    ctx.reply.integer(1);
    ctx.keyModified(ctx.arg(1));
    ctx.notify(notify::kHash, "hset", ctx.arg(1));
    ++ctx.engine.dirty;
}

void hgetCommand(CommandContext& ctx) {
    Object* o = lookupReadOr(ctx, [&] { ctx.reply.null(); });
    if (o) replyValueOrNull(ctx, o, ctx.arg(2));
}

void hmgetCommand(CommandContext& ctx) {
    // A missing key answers nil for every field; a wrong type is still an error.
    Object* o = ctx.db().lookupRead(ctx.arg(1));
    if (wrongType(ctx, o, ObjType::Hash)) return;
    ctx.reply.arrayLen(ctx.argc() - 2);
    for (size_t i = 2; i < ctx.argc(); ++i) replyValueOrNull(ctx, o, ctx.arg(i));
}

void hdelCommand(CommandContext& ctx) {
    Db& db = ctx.db();
    Object* o = db.lookupWrite(ctx.arg(1));
    if (o == nullptr) {
        ctx.reply.integer(0);
        return;
    }
    if (wrongType(ctx, o, ObjType::Hash)) return;
    long long deleted = 0;
    bool key_removed = false;
    for (size_t i = 2; i < ctx.argc(); ++i) {
        if (!hashTypeDelete(*o, ctx.arg(i))) continue;
        ++deleted;
        if (hashTypeLength(*o) == 0) {  // the last field takes the key with it
            db.remove(ctx.arg(1));
            key_removed = true;
            break;
        }
    }
    if (deleted) {
        ctx.keyModified(ctx.arg(1));
        ctx.notify(notify::kHash, "hdel", ctx.arg(1));
        if (key_removed) ctx.notify(notify::kGeneric, "del", ctx.arg(1));
    }
    ctx.engine.dirty += static_cast<uint64_t>(deleted);
    ctx.reply.integer(deleted);
}

void hlenCommand(CommandContext& ctx) {
    Object* o = lookupReadOr(ctx, [&] { ctx.reply.integer(0); });
    if (o) ctx.reply.integer(static_cast<long long>(hashTypeLength(*o)));
}

void hstrlenCommand(CommandContext& ctx) {
    Object* o = lookupReadOr(ctx, [&] { ctx.reply.integer(0); });
    if (o) ctx.reply.integer(static_cast<long long>(hashTypeValueLength(*o, ctx.arg(2))));
}

void hexistsCommand(CommandContext& ctx) {
    Object* o = lookupReadOr(ctx, [&] { ctx.reply.integer(0); });
    if (o) ctx.reply.integer(hashTypeExists(*o, ctx.arg(2)) ? 1 : 0);
}

enum class Part { Fields, Values, Both };

// genericHgetallCommand: HGETALL answers a map (RESP3) of every pair; HKEYS and HVALS
// a flat array. Listpack hashes come out in insertion order.
void hgetallGeneric(CommandContext& ctx, Part part) {
    Object* o = lookupReadOr(ctx, [&] {
        if (part == Part::Both)
            ctx.reply.mapLen(0);
        else
            ctx.reply.arrayLen(0);
    });
    if (!o) return;
    const size_t n = hashTypeLength(*o);
    if (part == Part::Both)
        ctx.reply.mapLen(n);
    else
        ctx.reply.arrayLen(n);
    hashTypeForEach(*o, [&](std::string_view f, std::string_view v) {
        if (part != Part::Values) ctx.reply.bulk(f);
        if (part != Part::Fields) ctx.reply.bulk(v);
    });
}

void hgetallCommand(CommandContext& ctx) { hgetallGeneric(ctx, Part::Both); }
void hkeysCommand(CommandContext& ctx) { hgetallGeneric(ctx, Part::Fields); }
void hvalsCommand(CommandContext& ctx) { hgetallGeneric(ctx, Part::Values); }

void hincrbyCommand(CommandContext& ctx) {
    auto incr = intArg(ctx, 3);
    if (!incr) return;
    Object* o = lookupWriteOrCreate(ctx);
    if (!o) return;
    long long value = 0;
    if (auto current = hashTypeGet(*o, ctx.arg(2))) {
        auto parsed = parseInt64(*current);
        if (!parsed) {
            ctx.reply.error("ERR hash value is not an integer");
            return;
        }
        value = *parsed;
    }
    if ((*incr < 0 && value < 0 && *incr < LLONG_MIN - value) ||
        (*incr > 0 && value > 0 && *incr > LLONG_MAX - value)) {
        ctx.reply.error(err::kOverflow);
        return;
    }
    value += *incr;
    hashTypeSet(*o, ctx.arg(2), std::to_string(value), HashLimits::of(ctx.engine));
    ctx.reply.integer(value);
    ctx.keyModified(ctx.arg(1));
    ctx.notify(notify::kHash, "hincrby", ctx.arg(1));
    ++ctx.engine.dirty;
}

void hincrbyfloatCommand(CommandContext& ctx) {
    auto incr = longDoubleArg(ctx, 3);
    if (!incr) return;
    // "inf" parses as a long double, but no increment may be infinite.
    if (std::isnan(*incr) || std::isinf(*incr)) {
        ctx.reply.error("ERR value is NaN or Infinity");
        return;
    }
    Object* o = lookupWriteOrCreate(ctx);
    if (!o) return;
    long double value = 0;
    if (auto current = hashTypeGet(*o, ctx.arg(2))) {
        auto parsed = parseLongDouble(*current);
        if (!parsed) {
            ctx.reply.error("ERR hash value is not a float");
            return;
        }
        value = *parsed;
    }
    value += *incr;
    if (std::isnan(value) || std::isinf(value)) {
        ctx.reply.error(err::kNanOrInfinity);
        return;
    }
    // ld2string(LD_STR_HUMAN): "%.17Lf" with the trailing zeros trimmed. Every finite
    // long double fits its 5 KB buffer; if one did not, Redis would store "".
    std::string text = formatLongDoubleHuman(value).value_or(std::string());
    ctx.reply.bulk(text);
    // The result, not the increment, is written (float rounding may differ elsewhere).
    propagateAs(ctx, {"HSET", ctx.arg(1), ctx.arg(2), text});
    hashTypeSet(*o, ctx.arg(2), std::move(text), HashLimits::of(ctx.engine));
    ctx.keyModified(ctx.arg(1));
    ctx.notify(notify::kHash, "hincrbyfloat", ctx.arg(1));
    ++ctx.engine.dirty;
}

// ---- HRANDFIELD ---------------------------------------------------------------------

// Redis's RANDFIELD_SUB_STRATEGY_MUL: below this ratio of hash size to count, copying
// the hash and removing random fields beats drawing random fields until enough are
// distinct.
constexpr unsigned long kSubStrategyMul = 3;
// RANDFIELD_RANDOM_SAMPLE_LIMIT: a negative count on a listpack is served in batches
// of at most this many picks, each one walk over the listpack.
constexpr unsigned long kRandomSampleLimit = 1000;

// One reply element: a field, or a field and its value (RESP2: flat; RESP3: a pair).
void replyPick(CommandContext& ctx, std::string_view field, std::string_view value, bool withvalues) {
    if (withvalues && ctx.reply.protocol() > 2) ctx.reply.arrayLen(2);
    ctx.reply.bulk(field);
    if (withvalues) ctx.reply.bulk(value);
}

// The outer array header for `n` picks.
void replyPicksLen(CommandContext& ctx, unsigned long n, bool withvalues) {
    ctx.reply.arrayLen(withvalues && ctx.reply.protocol() == 2 ? n * 2 : n);
}

// hrandfieldWithCountCommand. `l` is within [-LONG_MAX, LONG_MAX].
void hrandfieldWithCount(CommandContext& ctx, long long l, bool withvalues) {
    Object* o = lookupReadOr(ctx, [&] { ctx.reply.arrayLen(0); });
    if (!o) return;
    const unsigned long size = hashTypeLength(*o);
    const bool uniq = l >= 0;
    unsigned long count = uniq ? static_cast<unsigned long>(l) : static_cast<unsigned long>(-l);
    if (count == 0) {
        ctx.reply.arrayLen(0);
        return;
    }
    Rng& rng = ctx.engine.rng();

    // CASE 1: a negative count (or a count of 1): independent picks, repeats allowed,
    // in the order drawn. The only case whose order is random.
    if (!uniq || count == 1) {
        // A huge count stops at the output limit (replyOverflowed).
        const size_t start = ctx.client.out.size();
        replyPicksLen(ctx, count, withvalues);
        if (o->encoding() == Encoding::HashTable) {
            HashDict& d = o->hashDict();
            while (count--) {
                const HashDict::Entry* e = d.fairRandomEntry(rng);
                replyPick(ctx, e->key, e->value, withvalues);
                if (replyOverflowed(ctx, start)) return;
            }
        } else {
            while (count > 0) {
                const unsigned long batch = std::min(count, kRandomSampleLimit);
                count -= batch;
                for (const auto& [f, v] : listpackRandomPairs(o->listpack(), batch, rng))
                    replyPick(ctx, f, v, withvalues);
                if (replyOverflowed(ctx, start)) return;
            }
        }
        return;
    }

    replyPicksLen(ctx, std::min(count, size), withvalues);

    // CASE 2: asking for at least the whole hash returns the whole hash, in storage
    // order.
    if (count >= size) {
        hashTypeForEach(*o, [&](std::string_view f, std::string_view v) { replyPick(ctx, f, v, withvalues); });
        return;
    }

    // CASE 3: the count is close to the size: copy the hash into a scratch dict and
    // remove random fields until `count` are left; reply in the scratch dict's order.
    if (count * kSubStrategyMul > size) {
        HashDict scratch(ctx.engine.hashSeed());
        scratch.expand(size);
        hashTypeForEach(*o, [&](std::string_view f, std::string_view v) {
            scratch.insert(std::string(f), withvalues ? std::string(v) : std::string());
        });
        for (unsigned long left = size; left > count; --left) {
            const std::string victim = scratch.fairRandomEntry(rng)->key;
            scratch.erase(victim);
        }
        scratch.forEach([&](const HashDict::Entry& e) { replyPick(ctx, e.key, e.value, withvalues); });
        return;
    }

    // CASE 4: the hash is big next to the count. A listpack is sampled in one pass
    // (distinct pairs, listpack order); a hashtable draws random fields until `count`
    // distinct ones were seen, replying each as it is first drawn.
    if (o->encoding() == Encoding::ListPack) {
        for (const auto& [f, v] : listpackRandomPairsUnique(o->listpack(), count, rng))
            replyPick(ctx, f, v, withvalues);
        return;
    }
    std::unordered_set<std::string> seen;
    seen.reserve(count);
    while (seen.size() < count) {
        const HashDict::Entry* e = o->hashDict().fairRandomEntry(rng);
        if (!seen.insert(e->key).second) continue;
        replyPick(ctx, e->key, e->value, withvalues);
    }
}

void hrandfieldCommand(CommandContext& ctx) {
    if (ctx.argc() >= 3) {
        auto l = intArg(ctx, 2);
        if (!l) return;
        if (*l < -LLONG_MAX) {  // getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX)
            ctx.reply.error(
                "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
            return;
        }
        bool withvalues = false;
        if (ctx.argc() > 4 || (ctx.argc() == 4 && !argIs(ctx.arg(3), "withvalues"))) {
            ctx.reply.error(err::kSyntax);
            return;
        }
        if (ctx.argc() == 4) {
            withvalues = true;
            // The reply holds 2 * count bulk strings: the count must leave room.
            if (*l < -LLONG_MAX / 2 || *l > LLONG_MAX / 2) {
                ctx.reply.error("ERR value is out of range");
                return;
            }
        }
        hrandfieldWithCount(ctx, *l, withvalues);
        return;
    }
    Object* o = lookupReadOr(ctx, [&] { ctx.reply.null(); });
    if (!o) return;
    const auto [field, value] = hashTypeRandomElement(*o, ctx.engine.rng());
    ctx.reply.bulk(field);
}

void hscanCommand(CommandContext& ctx) {
    auto cursor = scanCursorArg(ctx, 2);
    if (!cursor) return;
    Object* o = lookupReadOr(ctx, [&] { replyEmptyScan(ctx.reply); });
    if (!o) return;
    scanGeneric(ctx, o, *cursor, 3);
}

// ---- Rows -----------------------------------------------------------------------------

constexpr KeySpec kUpdateKey[] = {{.flags = "RW update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kInsertKey[] = {{.flags = "RW insert", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kReadKey[] = {{.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
// HEXISTS, HLEN and HSTRLEN read no value bytes back to the client: no "access" flag.
constexpr KeySpec kReadMetaKey[] = {{.flags = "RO", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kDeleteKey[] = {{.flags = "RW delete", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kIncrKey[] = {
    {.flags = "RW access update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};

constexpr CommandSpec kHashCommands[] = {
    {
        .name = "hset",
        .arity = -4,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kHash,
        .keys = kUpdateKey,
        .syntax = "key field value [field value ...]",
        .summary = "Store one or more field/value pairs in a hash; reply how many fields are new",
        .complexity = "O(1) per pair",
        .group = "hash",
        .since = "2.0.0",
        .handler = hsetCommand,
    },
    {
        .name = "hsetnx",
        .arity = 4,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kHash,
        .keys = kInsertKey,
        .syntax = "key field value",
        .summary = "Store a field in a hash unless the field is already there",
        .complexity = "O(1)",
        .group = "hash",
        .since = "2.0.0",
        .handler = hsetnxCommand,
    },
    {
        .name = "hget",
        .arity = 3,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kHash,
        .keys = kReadKey,
        .syntax = "key field",
        .summary = "Read the value of one field of a hash",
        .complexity = "O(1)",
        .group = "hash",
        .since = "2.0.0",
        .handler = hgetCommand,
    },
    {
        .name = "hmset",
        .arity = -4,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kHash,
        .keys = kUpdateKey,
        .syntax = "key field value [field value ...]",
        .summary = "Store field/value pairs in a hash and reply OK (older form of HSET)",
        .complexity = "O(N) in the number of pairs",
        .group = "hash",
        .since = "2.0.0",
        .handler = hmsetCommand,
    },
    {
        .name = "hmget",
        .arity = -3,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kHash,
        .keys = kReadKey,
        .syntax = "key field [field ...]",
        .summary = "Read the values of several fields of a hash, nil for missing ones",
        .complexity = "O(N) in the number of fields asked for",
        .group = "hash",
        .since = "2.0.0",
        .handler = hmgetCommand,
    },
    {
        .name = "hgetall",
        .arity = 2,
        .flags = cmd::kReadonly,
        .acl = acl::kHash,
        .keys = kReadKey,
        .syntax = "key",
        .summary = "List every field of a hash together with its value",
        .complexity = "O(N) in the size of the hash",
        .group = "hash",
        .since = "2.0.0",
        .tips = "nondeterministic_output_order",
        .handler = hgetallCommand,
    },
    {
        .name = "hdel",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kHash,
        .keys = kDeleteKey,
        .syntax = "key field [field ...]",
        .summary = "Remove fields from a hash; the key goes when its last field does",
        .complexity = "O(N) in the number of fields removed",
        .group = "hash",
        .since = "2.0.0",
        .handler = hdelCommand,
    },
    {
        .name = "hexists",
        .arity = 3,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kHash,
        .keys = kReadMetaKey,
        .syntax = "key field",
        .summary = "Tell whether a hash has a field",
        .complexity = "O(1)",
        .group = "hash",
        .since = "2.0.0",
        .handler = hexistsCommand,
    },
    {
        .name = "hlen",
        .arity = 2,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kHash,
        .keys = kReadMetaKey,
        .syntax = "key",
        .summary = "Count the fields of a hash",
        .complexity = "O(1)",
        .group = "hash",
        .since = "2.0.0",
        .handler = hlenCommand,
    },
    {
        .name = "hkeys",
        .arity = 2,
        .flags = cmd::kReadonly,
        .acl = acl::kHash,
        .keys = kReadKey,
        .syntax = "key",
        .summary = "List the field names of a hash",
        .complexity = "O(N) in the size of the hash",
        .group = "hash",
        .since = "2.0.0",
        .tips = "nondeterministic_output_order",
        .handler = hkeysCommand,
    },
    {
        .name = "hvals",
        .arity = 2,
        .flags = cmd::kReadonly,
        .acl = acl::kHash,
        .keys = kReadKey,
        .syntax = "key",
        .summary = "List the values of a hash",
        .complexity = "O(N) in the size of the hash",
        .group = "hash",
        .since = "2.0.0",
        .tips = "nondeterministic_output_order",
        .handler = hvalsCommand,
    },
    {
        .name = "hincrby",
        .arity = 4,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kHash,
        .keys = kIncrKey,
        .syntax = "key field increment",
        .summary = "Add an integer to the integer held by a hash field",
        .complexity = "O(1)",
        .group = "hash",
        .since = "2.0.0",
        .handler = hincrbyCommand,
    },
    {
        .name = "hincrbyfloat",
        .arity = 4,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kHash,
        .keys = kIncrKey,
        .syntax = "key field increment:double",
        .summary = "Add a floating-point number to the number held by a hash field",
        .complexity = "O(1)",
        .group = "hash",
        .since = "2.6.0",
        .handler = hincrbyfloatCommand,
    },
    {
        .name = "hstrlen",
        .arity = 3,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kHash,
        .keys = kReadMetaKey,
        .syntax = "key field",
        .summary = "Length in bytes of the value of a hash field",
        .complexity = "O(1)",
        .group = "hash",
        .since = "3.2.0",
        .handler = hstrlenCommand,
    },
    {
        .name = "hrandfield",
        .arity = -2,
        .flags = cmd::kReadonly,
        .acl = acl::kHash,
        .keys = kReadKey,
        .syntax = "key [count [WITHVALUES]]",
        .summary = "Pick random fields of a hash: distinct for a positive count, repeats allowed for a negative one",
        .complexity = "O(N) in the number of fields returned",
        .group = "hash",
        .since = "6.2.0",
        .tips = "nondeterministic_output",
        .handler = hrandfieldCommand,
    },
    {
        .name = "hscan",
        .arity = -3,
        .flags = cmd::kReadonly,
        .acl = acl::kHash,
        .keys = kReadKey,
        .syntax = "key cursor [MATCH pattern] [COUNT count]",
        .summary = "Walk the fields and values of a hash a few at a time with a cursor",
        .complexity = "O(1) per call; O(N) for a full iteration back to cursor 0",
        .group = "hash",
        .since = "2.8.0",
        .tips = "nondeterministic_output",
        .handler = hscanCommand,
    },
};

}  // namespace

std::span<const CommandSpec> hashCommands() { return kHashCommands; }

}  // namespace redsim
