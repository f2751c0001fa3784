// HyperLogLog commands (the command half of Redis's hyperloglog.c): PFADD, PFCOUNT,
// PFMERGE, PFDEBUG, PFSELFTEST.
//
// An HLL is a plain string holding Redis's exact bytes (engine/types/hll.h), so GET
// shows them and SET of bytes copied from a real Redis gives a working HLL. Commands
// that change an HLL first make the value a private raw string, as Redis's
// dbUnshareStringValue does; PFCOUNT does too, because it writes the cached
// cardinality back into the header.
#include <array>
#include <cmath>

#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/notify.h"
#include "engine/types/hll.h"

namespace redsim {
namespace {

constexpr std::string_view kInvalidHll = "INVALIDOBJ Corrupted HLL object detected";
constexpr std::string_view kNotHll = "WRONGTYPE Key is not a valid HyperLogLog string value.";

size_t sparseMaxBytes(const CommandContext& ctx) {
    const long long v = ctx.engine.cfg().hll_sparse_max_bytes;
    return v < 0 ? 0 : static_cast<size_t>(v);
}

// isHLLObjectOrReply: a string (else the usual WRONGTYPE), not int-encoded, with the
// HLL header. False after replying.
bool checkHll(CommandContext& ctx, const Object* o) {
    if (wrongType(ctx, o, ObjType::String)) return false;
    if (o->isInt() || !hll::looksValid(o->bytes())) {
        ctx.reply.error(kNotHll);
        return false;
    }
    return true;
}

// dbUnshareStringValue: the key's value as a private raw string we may change.
std::string& unshared(Db& db, const std::string& key, Object& o) {
    if (o.encoding() != Encoding::Raw || o.isShared()) db.overwrite(key, Object::rawString(o.stringValue()));
    return db.peek(key)->rawBytes();
}

void pfaddCommand(CommandContext& ctx) {
    Db& db = ctx.db();
    const std::string& key = ctx.arg(1);
    Object* o = db.lookupWrite(key);
    long long updated = 0;
    if (!o) {
        db.add(key, Object::rawString(hll::createEmpty()));
        o = db.peek(key);
        updated++;  // creating the key counts as a change even with no elements
    } else if (!checkHll(ctx, o)) {
        return;
    }
    std::string& s = unshared(db, key, *o);
    const size_t max_bytes = sparseMaxBytes(ctx);
    for (size_t j = 2; j < ctx.argc(); ++j) {
        const int r = hll::add(s, ctx.arg(j), max_bytes);
        if (r == 1) updated++;
        if (r < 0) {
            ctx.reply.error(kInvalidHll);
            return;
        }
    }
    if (updated) {
        hll::invalidateCache(s);
        ctx.engine.dirty += updated;
        ctx.keyModified(key);
        ctx.notify(notify::kString, "pfadd", key);
    }
    ctx.reply.integer(updated ? 1 : 0);
}

void pfcountCommand(CommandContext& ctx) {
    Db& db = ctx.db();
    if (ctx.argc() > 2) {
        // The union: the maximum of every register over all the keys, estimated once.
        // Nothing is cached anywhere.
        std::array<uint8_t, hll::kRegisters> max{};
        for (size_t j = 1; j < ctx.argc(); ++j) {
            const Object* o = db.lookupRead(ctx.arg(j));
            if (!o) continue;
            if (!checkHll(ctx, o)) return;
            if (!hll::mergeInto(max, o->bytes())) {
                ctx.reply.error(kInvalidHll);
                return;
            }
        }
        ctx.reply.integer(static_cast<long long>(hll::countRaw(max)));
        return;
    }
    // A read lookup, as Redis 7.0 (a miss counts and publishes "keymiss"), even though
    // the cached cardinality may be written back below.
    const std::string& key = ctx.arg(1);
    Object* o = db.lookupRead(key);
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    if (!checkHll(ctx, o)) return;
    std::string& s = unshared(db, key, *o);
    uint64_t card;
    if (hll::cacheValid(s)) {
        card = hll::cachedCardinality(s);
    } else {
        bool invalid = false;
        card = hll::count(s, &invalid);
        if (invalid) {
            ctx.reply.error(kInvalidHll);
            return;
        }
        hll::setCachedCardinality(s, card);
        ctx.keyModified(key);  // no event: the value did not change, only its cache
        ++ctx.engine.dirty;    // the cache is part of the value: replicas must see it
    }
    ctx.reply.integer(static_cast<long long>(card));
}

void pfmergeCommand(CommandContext& ctx) {
    Db& db = ctx.db();
    std::array<uint8_t, hll::kRegisters> max{};
    bool use_dense = false;
    // argv[1], the destination, is one of the inputs too.
    for (size_t j = 1; j < ctx.argc(); ++j) {
        const Object* o = db.lookupRead(ctx.arg(j));
        if (!o) continue;
        if (!checkHll(ctx, o)) return;
        if (hll::encodingOf(o->bytes()) == hll::kDense) use_dense = true;
        if (!hll::mergeInto(max, o->bytes())) {
            ctx.reply.error(kInvalidHll);
            return;
        }
    }
    const std::string& key = ctx.arg(1);
    Object* o = db.lookupWrite(key);
    if (!o) {
        db.add(key, Object::rawString(hll::createEmpty()));
        o = db.peek(key);
    }
    std::string& s = unshared(db, key, *o);
    // The result is dense as soon as one input is; otherwise it stays sparse as long as
    // the registers fit.
    if (use_dense && !hll::sparseToDense(s)) {
        ctx.reply.error(kInvalidHll);
        return;
    }
    const size_t max_bytes = sparseMaxBytes(ctx);
    for (long j = 0; j < hll::kRegisters; ++j) {
        if (max[j] == 0) continue;
        hll::setRegister(s, j, max[j], max_bytes);  // Redis ignores the result too
    }
    hll::invalidateCache(s);
    ++ctx.engine.dirty;
    ctx.keyModified(key);
    ctx.notify(notify::kString, "pfadd", key);  // even when nothing was merged
    ctx.reply.ok();
}

void pfdebugCommand(CommandContext& ctx) {
    Db& db = ctx.db();
    const std::string& sub = ctx.arg(1);
    const std::string& key = ctx.arg(2);
    Object* o = db.lookupWrite(key);
    if (!o) {
        ctx.reply.error("ERR The specified key does not exist");
        return;
    }
    if (!checkHll(ctx, o)) return;
    std::string& s = unshared(db, key, *o);
    if (argIs(sub, "getreg")) {
        if (hll::encodingOf(s) == hll::kSparse) {
            if (!hll::sparseToDense(s)) {
                ctx.reply.error(kInvalidHll);
                return;
            }
            ++ctx.engine.dirty;
        }
        ctx.reply.arrayLen(hll::kRegisters);
        for (long j = 0; j < hll::kRegisters; ++j) ctx.reply.integer(hll::denseGet(s, j));
    } else if (argIs(sub, "decode")) {
        if (hll::encodingOf(s) != hll::kSparse) {
            ctx.reply.error("ERR HLL encoding is not sparse");
            return;
        }
        ctx.reply.bulk(hll::decodeSparse(s));
    } else if (argIs(sub, "encoding")) {
        ctx.reply.status(hll::encodingOf(s) == hll::kDense ? "dense" : "sparse");
    } else if (argIs(sub, "todense")) {
        bool converted = false;
        if (hll::encodingOf(s) == hll::kSparse) {
            if (!hll::sparseToDense(s)) {
                ctx.reply.error(kInvalidHll);
                return;
            }
            converted = true;
            ++ctx.engine.dirty;
        }
        ctx.reply.integer(converted ? 1 : 0);
    } else {
        ctx.reply.error("ERR Unknown PFDEBUG subcommand '" + sub + "'");
    }
}

// PFSELFTEST: checks the dense register packing with random values, then that the
// estimate of 0..N-1 stays within 5 standard errors while elements are added through
// the sparse form and through the dense form.
// DIFFERS FROM REDIS: Redis's self-test runs a longer schedule of checks; the reply
// ("OK" or a TESTFAILED error) has the same shape.
void pfselftestCommand(CommandContext& ctx) {
    std::string dense = hll::createEmpty();
    if (!hll::sparseToDense(dense)) {
        ctx.reply.error("TESTFAILED Can't convert an empty HLL to dense");
        return;
    }
    std::array<uint8_t, hll::kRegisters> model{};
    for (int round = 0; round < 20; ++round) {
        for (long j = 0; j < hll::kRegisters; ++j) {
            model[j] = static_cast<uint8_t>(ctx.engine.rng().below(hll::kRegisterMax + 1));
            hll::denseSet(dense, j, model[j]);
        }
        for (long j = 0; j < hll::kRegisters; ++j) {
            if (hll::denseGet(dense, j) != model[j]) {
                ctx.reply.error("TESTFAILED Register error at " + std::to_string(j));
                return;
            }
        }
    }
    std::string sparse = hll::createEmpty();
    std::string full = hll::createEmpty();
    hll::sparseToDense(full);
    const double relerr = 1.04 / std::sqrt(static_cast<double>(hll::kRegisters));
    uint64_t checkpoint = 1;
    for (uint64_t j = 1; j <= 10000; ++j) {
        const std::string ele = std::to_string(ctx.engine.rng().next());
        hll::add(sparse, ele, 3000);
        hll::add(full, ele, 3000);
        if (j != checkpoint) continue;
        checkpoint *= 10;
        const uint64_t a = hll::count(sparse, nullptr), b = hll::count(full, nullptr);
        if (a != b) {
            ctx.reply.error("TESTFAILED Sparse and dense estimates differ: " + std::to_string(a) + " " +
                            std::to_string(b));
            return;
        }
        const double abserr = std::fabs(static_cast<double>(b) - static_cast<double>(j));
        if (j >= 10 && abserr > static_cast<double>(j) * relerr * 5) {
            ctx.reply.error("TESTFAILED Too big error. card:" + std::to_string(j) +
                            " abserr:" + std::to_string(abserr));
            return;
        }
    }
    ctx.reply.ok();
}

constexpr KeySpec kPfaddKeys[] = {{.flags = "RW insert", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kPfcountKeys[] = {
    {.flags = "RW access",
     .begin_index = 1,
     .last_key = -1,
     .key_step = 1,
     .limit = 0,
     .notes = "RW because it may change the internal representation of the key, and propagate to replicas"}};
constexpr KeySpec kPfmergeKeys[] = {
    {.flags = "RW access insert", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0},
    {.flags = "RO access", .begin_index = 2, .last_key = -1, .key_step = 1, .limit = 0}};
constexpr KeySpec kPfdebugKeys[] = {{.flags = "RW access", .begin_index = 2, .last_key = 0, .key_step = 1, .limit = 0}};

constexpr CommandSpec kHllCommands[] = {
    {
        .name = "pfadd",
        .arity = -2,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kHyperLogLog,
        .keys = kPfaddKeys,
        .syntax = "key [element [element ...]]",
        .summary = "Adds elements to a HyperLogLog (creating it if needed); 1 if its registers changed.",
        .complexity = "O(1) per element.",
        .group = "hyperloglog",
        .since = "2.8.9",
        .handler = pfaddCommand,
    },
    {
        .name = "pfcount",
        .arity = -2,
        .flags = cmd::kReadonly,
        .acl = acl::kHyperLogLog,
        .keys = kPfcountKeys,
        .syntax = "key [key ...]",
        .summary = "Estimates the number of distinct elements added to one HyperLogLog, or to the union of several.",
        .complexity = "O(1) for one key (cached); O(N) for N keys.",
        .group = "hyperloglog",
        .since = "2.8.9",
        .handler = pfcountCommand,
    },
    {
        .name = "pfmerge",
        .arity = -2,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kHyperLogLog,
        .keys = kPfmergeKeys,
        .syntax = "destkey:key sourcekey:key [sourcekey:key ...]",
        .summary = "Stores in the destination the union of HyperLogLogs (the destination included).",
        .complexity = "O(N) for N HyperLogLogs.",
        .group = "hyperloglog",
        .since = "2.8.9",
        .handler = pfmergeCommand,
    },
    {
        .name = "pfdebug",
        .arity = 3,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kAdmin,
        .acl = acl::kHyperLogLog,
        .keys = kPfdebugKeys,
        .syntax = "subcommand key",
        .summary = "Shows a HyperLogLog's internals: GETREG, ENCODING, TODENSE or DECODE.",
        .complexity = "N/A",
        .group = "hyperloglog",
        .since = "2.8.9",
        .handler = pfdebugCommand,
    },
    {
        .name = "pfselftest",
        .arity = 1,
        .flags = cmd::kAdmin,
        .acl = acl::kHyperLogLog,
        .summary = "Runs the HyperLogLog implementation's self-checks.",
        .complexity = "N/A",
        .group = "hyperloglog",
        .since = "2.8.9",
        .handler = pfselftestCommand,
    },
};

}  // namespace

std::span<const CommandSpec> hllCommands() { return kHllCommands; }

}  // namespace redsim
