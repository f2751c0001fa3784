// Consumer-group commands of Redis's t_stream.c: XGROUP, XACK, XPENDING, XCLAIM,
// XAUTOCLAIM (XREAD/XREADGROUP are in streams_read.cpp, XINFO in streams_info.cpp). The
// group, consumer and pending-entry structures and the read-counter rules live in
// engine/types/stream_group.h; this file parses arguments in Redis's order (so the same
// bad line gets the same error) and writes the replies.
#include <algorithm>
#include <climits>

#include "engine/commands/streams_internal.h"
#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/db.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/notify.h"
#include "engine/types/stream.h"

namespace redsim {
namespace {

using namespace streamcmd;

int64_t now(CommandContext& ctx) { return ctx.engine.nowMs(); }

// ---- XGROUP ----

// The part of xgroupCommand all subcommands but HELP share: CREATE/SETID options, the
// key (it must exist unless MKSTREAM) and, for most subcommands, the group.
struct GroupTarget {
    Object* o = nullptr;
    StreamCG* cg = nullptr;
    bool mkstream = false;
    int64_t entries_read = StreamCG::kInvalidEntriesRead;
};

bool resolveGroupTarget(CommandContext& ctx, GroupTarget& t, bool needs_group) {
    const bool create = argIs(ctx.arg(1), "create");
    const bool setid = argIs(ctx.arg(1), "setid");
    if (create || setid) {
        for (size_t i = 5; i < ctx.argc();) {
            if (create && argIs(ctx.arg(i), "mkstream")) {
                t.mkstream = true;
                ++i;
            } else if (ctx.argc() - i >= 2 && argIs(ctx.arg(i), "entriesread")) {
                auto n = intArg(ctx, i + 1);
                if (!n) return false;
                if (*n < 0 && *n != StreamCG::kInvalidEntriesRead) {
                    ctx.reply.error("ERR value for ENTRIESREAD must be positive or -1");
                    return false;
                }
                t.entries_read = *n;
                i += 2;
            } else {
                subcommandSyntaxError(ctx);
                return false;
            }
        }
    }
    t.o = ctx.db().lookupWrite(ctx.arg(2));
    if (t.o && wrongType(ctx, t.o, ObjType::Stream)) return false;
    if (t.mkstream) return true;
    if (!t.o) {
        ctx.reply.error(
            "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the "
            "MKSTREAM option to create an empty stream automatically.");
        return false;
    }
    t.cg = t.o->streamValue().groups().find(ctx.arg(3));
    if (!t.cg && needs_group) {
        ctx.reply.error("NOGROUP No such consumer group '" + ctx.arg(3) + "' for key name '" + ctx.arg(2) + "'");
        return false;
    }
    return true;
}

void xgroupCreateCommand(CommandContext& ctx) {
    GroupTarget t;
    if (!resolveGroupTarget(ctx, t, false)) return;
    if (ctx.argc() > 8) {
        subcommandSyntaxError(ctx);
        return;
    }
    StreamID id{};
    if (ctx.arg(4) == "$") {
        if (t.o) id = t.o->streamValue().lastId();
    } else {
        auto parsed = strictIdArg(ctx, 4);
        if (!parsed) return;
        id = *parsed;
    }
    if (!t.o) {
        // MKSTREAM, now that nothing can fail any more.
        ctx.db().add(ctx.arg(2), Object::stream());
        t.o = ctx.db().lookupWrite(ctx.arg(2));
    }
    if (!t.o->streamValue().groups().create(ctx.arg(3), id, t.entries_read)) {
        ctx.reply.error("BUSYGROUP Consumer Group name already exists");
        return;
    }
    ++ctx.engine.dirty;
    ctx.keyModified(ctx.arg(2));
    ctx.notify(notify::kStream, "xgroup-create", ctx.arg(2));
    ctx.reply.ok();
}

void xgroupSetidCommand(CommandContext& ctx) {
    GroupTarget t;
    if (!resolveGroupTarget(ctx, t, true)) return;
    if (ctx.argc() != 5 && ctx.argc() != 7) {
        subcommandSyntaxError(ctx);
        return;
    }
    StreamID id;
    if (ctx.arg(4) == "$") {
        id = t.o->streamValue().lastId();
    } else {
        // Unlike CREATE, "-" and "+" are accepted here.
        auto parsed = parseStreamID(ctx.arg(4), 0, false);
        if (!parsed) {
            ctx.reply.error(kInvalidId);
            return;
        }
        id = *parsed;
    }
    t.cg->last_id = id;
    t.cg->entries_read = t.entries_read;
    ++ctx.engine.dirty;
    ctx.notify(notify::kStream, "xgroup-setid", ctx.arg(2));
    ctx.reply.ok();
}

void xgroupDestroyCommand(CommandContext& ctx) {
    GroupTarget t;
    if (!resolveGroupTarget(ctx, t, false)) return;
    if (!t.cg) {
        ctx.reply.integer(0);
        return;
    }
    t.o->streamValue().groups().destroy(ctx.arg(3));
    ++ctx.engine.dirty;
    ctx.keyModified(ctx.arg(2));
    ctx.notify(notify::kStream, "xgroup-destroy", ctx.arg(2));
    ctx.engine.signalKeyAsReady(ctx.client.db, ctx.arg(2));  // its blocked readers get NOGROUP
    ctx.reply.integer(1);
}

void xgroupCreateconsumerCommand(CommandContext& ctx) {
    GroupTarget t;
    if (!resolveGroupTarget(ctx, t, true)) return;
    const bool created = t.cg->createConsumer(ctx.arg(4), now(ctx)) != nullptr;
    if (created) {
        ++ctx.engine.dirty;
        ctx.notify(notify::kStream, "xgroup-createconsumer", ctx.arg(2));
    }
    ctx.reply.integer(created ? 1 : 0);
}

void xgroupDelconsumerCommand(CommandContext& ctx) {
    GroupTarget t;
    if (!resolveGroupTarget(ctx, t, true)) return;
    long long pending = 0;
    if (t.cg->findConsumer(ctx.arg(4))) {
        pending = static_cast<long long>(t.cg->deleteConsumer(ctx.arg(4)));
        ++ctx.engine.dirty;
        ctx.notify(notify::kStream, "xgroup-delconsumer", ctx.arg(2));
    }
    ctx.reply.integer(pending);
}

void xgroupHelpCommand(CommandContext& ctx) {
    ctx.reply.helpLines("XGROUP", {
                                      "CREATE <key> <groupname> <id|$> [option]",
                                      "    Create a new consumer group. Options are:",
                                      "    * MKSTREAM",
                                      "      Create the empty stream if it does not exist.",
                                      "    * ENTRIESREAD entries_read",
                                      "      Set the group's entries_read counter (internal use).",
                                      "CREATECONSUMER <key> <groupname> <consumer>",
                                      "    Create a new consumer in the specified group.",
                                      "DELCONSUMER <key> <groupname> <consumer>",
                                      "    Remove the specified consumer.",
                                      "DESTROY <key> <groupname>",
                                      "    Remove the specified group.",
                                      "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
                                      "    Set the current group ID and entries_read counter.",
                                  });
}

// ---- XACK ----

// XACK, XCLAIM and XAUTOCLAIM look their key up as reads (keyspace hits/misses), as Redis does.
void xackCommand(CommandContext& ctx) {
    Object* o = ctx.db().lookupRead(ctx.arg(1));
    if (o && wrongType(ctx, o, ObjType::Stream)) return;
    StreamCG* group = o ? o->streamValue().groups().find(ctx.arg(2)) : nullptr;
    // No key or group: nothing to acknowledge (the ids are not even checked).
    if (!group) {
        ctx.reply.integer(0);
        return;
    }
    // All ids are checked first: the command acknowledges all or nothing.
    std::vector<StreamID> ids;
    for (size_t j = 3; j < ctx.argc(); ++j) {
        auto id = strictIdArg(ctx, j);
        if (!id) return;
        ids.push_back(*id);
    }
    long long acked = 0;
    for (StreamID id : ids) {
        if (group->ack(id)) {
            ++acked;
            ++ctx.engine.dirty;
        }
    }
    ctx.reply.integer(acked);
}

// ---- XPENDING ----

void xpendingCommand(CommandContext& ctx) {
    const size_t argc = ctx.argc();
    const bool summary = argc == 3;
    if (argc != 3 && (argc < 6 || argc > 9)) {
        ctx.reply.error(err::kSyntax);
        return;
    }
    StreamID start{}, end{};
    long long count = 0, minidle = 0;
    const std::string* consumername = nullptr;
    if (argc >= 6) {
        size_t si = 3;
        if (argIs(ctx.arg(3), "idle")) {
            auto n = intArg(ctx, 4);
            if (!n) return;
            minidle = *n;
            if (argc < 8) {
                ctx.reply.error(err::kSyntax);
                return;
            }
            si += 2;
        }
        auto n = intArg(ctx, si + 2);
        if (!n) return;
        count = *n < 0 ? 0 : *n;
        bool ex = false;
        auto a = intervalIdArg(ctx, si, 0, ex);
        if (!a) return;
        start = *a;
        if (ex && !start.incr()) {
            ctx.reply.error("ERR invalid start ID for the interval");
            return;
        }
        auto b = intervalIdArg(ctx, si + 1, UINT64_MAX, ex);
        if (!b) return;
        end = *b;
        if (ex && !end.decr()) {
            ctx.reply.error("ERR invalid end ID for the interval");
            return;
        }
        if (si + 3 < argc) consumername = &ctx.arg(si + 3);
    }
    Object* o = ctx.db().lookupRead(ctx.arg(1));
    if (o && wrongType(ctx, o, ObjType::Stream)) return;
    StreamCG* group = o ? o->streamValue().groups().find(ctx.arg(2)) : nullptr;
    if (!group) {
        ctx.reply.error("NOGROUP No such key '" + ctx.arg(1) + "' or consumer group '" + ctx.arg(2) + "'");
        return;
    }
    const auto& pel = group->pel();
    if (summary) {
        ctx.reply.arrayLen(4);
        ctx.reply.integer(static_cast<long long>(pel.size()));
        if (pel.empty()) {
            ctx.reply.null();
            ctx.reply.null();
            ctx.reply.nullArray();
            return;
        }
        ctx.reply.bulk(pel.begin()->first.str());
        ctx.reply.bulk(std::prev(pel.end())->first.str());
        size_t holders = 0;
        for (const auto& [name, c] : group->consumers())
            if (!c.pel.empty()) ++holders;
        ctx.reply.arrayLen(holders);
        for (const auto& [name, c] : group->consumers()) {
            if (c.pel.empty()) continue;
            ctx.reply.arrayLen(2);
            ctx.reply.bulk(name);
            ctx.reply.bulk(std::to_string(c.pel.size()));
        }
        return;
    }
    // The extended form: one consumer's PEL or the whole group's, from start to end.
    const int64_t t = now(ctx);
    const size_t at = ctx.reply.deferLen();
    size_t n = 0;
    auto row = [&](StreamID id, const StreamNACK& nack) {
        if (minidle && t - nack.delivery_time < minidle) return;
        ctx.reply.arrayLen(4);
        ctx.reply.bulk(id.str());
        ctx.reply.bulk(nack.consumer->name);
        ctx.reply.integer(std::max<int64_t>(0, t - nack.delivery_time));
        ctx.reply.integer(static_cast<long long>(nack.delivery_count));
        ++n;
        --count;
    };
    if (consumername) {
        StreamConsumer* c = group->findConsumer(*consumername);
        if (!c) {
            ctx.reply.emptyArray();
            return;
        }
        for (auto it = c->pel.lower_bound(start); count && it != c->pel.end() && it->first <= end; ++it)
            row(it->first, *it->second);
    } else {
        for (auto it = pel.lower_bound(start); count && it != pel.end() && it->first <= end; ++it)
            row(it->first, *it->second);
    }
    ctx.reply.setArrayLen(at, n);
}

// ---- XCLAIM / XAUTOCLAIM ----

// The consumer claiming entries, created (or seen) on the first claim only.
StreamConsumer& claimer(CommandContext& ctx, StreamCG& group, StreamConsumer*& cached) {
    if (!cached) {
        cached = group.findConsumer(ctx.arg(3));
        if (cached) {
            cached->seen_time = now(ctx);
        } else {
            cached = group.createConsumer(ctx.arg(3), now(ctx));
            ++ctx.engine.dirty;
            ctx.notify(notify::kStream, "xgroup-createconsumer", ctx.arg(1));
        }
    }
    return *cached;
}

void xclaimCommand(CommandContext& ctx) {
    Object* o = ctx.db().lookupRead(ctx.arg(1));
    if (o && wrongType(ctx, o, ObjType::Stream)) return;
    StreamCG* group = o ? o->streamValue().groups().find(ctx.arg(2)) : nullptr;
    if (!group) {
        ctx.reply.error("NOGROUP No such key '" + ctx.arg(1) + "' or consumer group '" + ctx.arg(2) + "'");
        return;
    }
    auto minidle_arg = intArg(ctx, 4, "ERR Invalid min-idle-time argument for XCLAIM");
    if (!minidle_arg) return;
    const long long minidle = std::max(0LL, *minidle_arg);
    // Ids run until the first argument that is not one; options follow.
    std::vector<StreamID> ids;
    size_t j = 5;
    for (; j < ctx.argc(); ++j) {
        auto id = parseStreamID(ctx.arg(j), 0, true);
        if (!id) break;
        ids.push_back(*id);
    }
    const int64_t t = now(ctx);
    long long retrycount = -1;
    long long deliverytime = -1;
    bool force = false, justid = false;
    StreamID lastid{};
    for (; j < ctx.argc(); ++j) {
        const bool more = j + 1 < ctx.argc();
        const std::string& opt = ctx.arg(j);
        if (argIs(opt, "force")) {
            force = true;
        } else if (argIs(opt, "justid")) {
            justid = true;
        } else if (argIs(opt, "idle") && more) {
            auto n = intArg(ctx, ++j, "ERR Invalid IDLE option argument for XCLAIM");
            if (!n) return;
            // now - idle, where a result outside [0, now] is replaced by now below.
            deliverytime = (*n < 0 || *n > t) ? t : t - *n;
        } else if (argIs(opt, "time") && more) {
            auto n = intArg(ctx, ++j, "ERR Invalid TIME option argument for XCLAIM");
            if (!n) return;
            deliverytime = *n;
        } else if (argIs(opt, "retrycount") && more) {
            auto n = intArg(ctx, ++j, "ERR Invalid RETRYCOUNT option argument for XCLAIM");
            if (!n) return;
            retrycount = *n;
        } else if (argIs(opt, "lastid") && more) {
            auto id = strictIdArg(ctx, ++j);
            if (!id) return;
            lastid = *id;
        } else {
            ctx.reply.error("ERR Unrecognized XCLAIM option '" + opt + "'");
            return;
        }
    }
    bool lastid_moved = false;
    if (lastid > group->last_id) {
        group->last_id = lastid;
        lastid_moved = true;
    }
    if (deliverytime < 0 || deliverytime > t) deliverytime = t;

    Stream& s = o->streamValue();
    StreamConsumer* consumer = nullptr;
    const size_t at = ctx.reply.deferLen();
    size_t n = 0;
    // Each claim (and each pending record dropped for a deleted entry) is written as
    // an XCLAIM that sets the record exactly (propagateXclaim), naming the id as typed
    // and the record's owner (for a dropped one: its old owner, as 7.0 writes it).
    for (size_t k = 0; k < ids.size(); ++k) {
        const StreamID id = ids[k];
        const std::string& id_arg = ctx.arg(5 + k);
        StreamNACK* nack = group->findNack(id);
        if (!s.contains(id)) {
            // The entry was deleted: its pending record goes too.
            if (nack) {
                propagateXclaim(ctx, ctx.arg(1), ctx.arg(2), *group, nack->consumer->name, id_arg, *nack);
                group->ack(id);
                lastid_moved = false;
                ++ctx.engine.dirty;
            }
            continue;
        }
        if (force && !nack) nack = &group->createUnowned(id, t);
        if (!nack) continue;
        // FORCE-created records have no owner and no idle time to respect.
        if (nack->consumer && minidle && t - nack->delivery_time < minidle) continue;
        StreamConsumer& c = claimer(ctx, *group, consumer);
        nack->delivery_time = deliverytime;
        if (retrycount >= 0)
            nack->delivery_count = static_cast<uint64_t>(retrycount);
        else if (!justid)
            ++nack->delivery_count;
        group->assign(id, *nack, c);
        propagateXclaim(ctx, ctx.arg(1), ctx.arg(2), *group, c.name, id_arg, *nack);
        if (justid)
            ctx.reply.bulk(id.str());
        else
            replyEntryAt(ctx.reply, s, id);
        ++n;
        lastid_moved = false;
        ++ctx.engine.dirty;
    }
    if (lastid_moved) {
        // Only LASTID changed something: written as the group's new cursor.
        propagateGroupId(ctx, ctx.arg(1), ctx.arg(2), *group);
        ++ctx.engine.dirty;
    }
    ctx.reply.setArrayLen(at, n);
}

void xautoclaimCommand(CommandContext& ctx) {
    auto minidle_arg = intArg(ctx, 4, "ERR Invalid min-idle-time argument for XAUTOCLAIM");
    if (!minidle_arg) return;
    const long long minidle = std::max(0LL, *minidle_arg);
    bool ex = false;
    auto start = intervalIdArg(ctx, 5, 0, ex);
    if (!start) return;
    if (ex && !start->incr()) {
        ctx.reply.error("ERR invalid start ID for the interval");
        return;
    }
    constexpr long long kAttemptsFactor = 10;
    // Redis caps COUNT so that count * 10 attempts and count ids of memory cannot overflow.
    constexpr long long kMaxCount = LONG_MAX / 16;
    long long count = 100;
    bool justid = false;
    for (size_t j = 6; j < ctx.argc(); ++j) {
        const bool more = j + 1 < ctx.argc();
        if (argIs(ctx.arg(j), "count") && more) {
            auto n = intArg(ctx, j + 1, "ERR COUNT must be > 0");
            if (!n) return;
            if (*n < 1 || *n > kMaxCount) {
                ctx.reply.error("ERR COUNT must be > 0");
                return;
            }
            count = *n;
            ++j;
        } else if (argIs(ctx.arg(j), "justid")) {
            justid = true;
        } else {
            ctx.reply.error(err::kSyntax);
            return;
        }
    }
    Object* o = ctx.db().lookupRead(ctx.arg(1));
    if (o && wrongType(ctx, o, ObjType::Stream)) return;
    StreamCG* group = o ? o->streamValue().groups().find(ctx.arg(2)) : nullptr;
    if (!group) {
        ctx.reply.error("NOGROUP No such key '" + ctx.arg(1) + "' or consumer group '" + ctx.arg(2) + "'");
        return;
    }
    // Redis allocates room for `count` deleted ids up front and answers this error when the
    // allocation fails.
    // DIFFERS FROM REDIS: where that happens depends on the machine's memory; redsim
    // refuses above 64 GiB (COUNT > 2^32), which real machines refuse too.
    constexpr long long kMaxTransientCount = 1LL << 32;
    if (count > kMaxTransientCount) {
        ctx.reply.error("ERR Insufficient memory, failed allocating transient memory, COUNT too high.");
        return;
    }
    Stream& s = o->streamValue();
    const int64_t t = now(ctx);
    long long attempts = count * kAttemptsFactor;
    StreamConsumer* consumer = nullptr;
    std::vector<StreamID> claimed;
    std::vector<StreamID> deleted;
    // Walk the group PEL from start; `it` is always the next record to look at, so where
    // it stops is the cursor for the next call (0-0 at the end).
    const auto& pel = group->pel();
    auto it = pel.lower_bound(*start);
    while (attempts-- && count && it != pel.end()) {
        const StreamID id = it->first;
        StreamNACK& nack = *it->second;
        ++it;
        if (!s.contains(id)) {
            // Deleted from the stream: dropped from the PEL and reported in the 3rd element
            // (written as an XCLAIM for its old owner, as 7.0 does).
            propagateXclaim(ctx, ctx.arg(1), ctx.arg(2), *group, nack.consumer->name, id.str(), nack);
            group->ack(id);
            deleted.push_back(id);
            --count;
            ++ctx.engine.dirty;
            continue;
        }
        if (minidle && t - nack.delivery_time < minidle) continue;
        StreamConsumer& c = claimer(ctx, *group, consumer);
        nack.delivery_time = t;
        if (!justid) ++nack.delivery_count;
        group->assign(id, nack, c);
        propagateXclaim(ctx, ctx.arg(1), ctx.arg(2), *group, c.name, id.str(), nack);
        claimed.push_back(id);
        --count;
        ++ctx.engine.dirty;
    }
    const StreamID cursor = it == pel.end() ? kStreamMinID : it->first;
    ctx.reply.arrayLen(3);
    ctx.reply.bulk(cursor.str());
    ctx.reply.arrayLen(claimed.size());
    for (StreamID id : claimed) {
        if (justid)
            ctx.reply.bulk(id.str());
        else
            replyEntryAt(ctx.reply, s, id);
    }
    ctx.reply.arrayLen(deleted.size());
    for (StreamID id : deleted) ctx.reply.bulk(id.str());
}

constexpr KeySpec kXgroupDestroyKeys[] = {
    {.flags = "RW delete", .begin_index = 2, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kXgroupCreateKeys[] = {
    {.flags = "RW insert", .begin_index = 2, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kXgroupDelconsumerKeys[] = {
    {.flags = "RW delete", .begin_index = 2, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kXgroupCreateconsumerKeys[] = {
    {.flags = "RW insert", .begin_index = 2, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kXgroupSetidKeys[] = {
    {.flags = "RW update", .begin_index = 2, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kXackKeys[] = {{.flags = "RW update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kXpendingKeys[] = {
    {.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kXclaimKeys[] = {{.flags = "RW update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kXautoclaimKeys[] = {
    {.flags = "RW delete", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr CommandSpec kXgroupSubcommands[] = {
    {
        .name = "create",
        .arity = -5,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kStream,
        .keys = kXgroupCreateKeys,
        .syntax = "key groupname <id | $> [MKSTREAM] [ENTRIESREAD entries_read:integer]",
        .summary = "Create a consumer group on a stream, optionally creating the stream",
        .complexity = "O(1)",
        .group = "stream",
        .since = "5.0.0",
        .handler = xgroupCreateCommand,
    },
    {
        .name = "createconsumer",
        .arity = 5,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kStream,
        .keys = kXgroupCreateconsumerKeys,
        .syntax = "key groupname consumername",
        .summary = "Add a consumer to a consumer group",
        .complexity = "O(1)",
        .group = "stream",
        .since = "6.2.0",
        .handler = xgroupCreateconsumerCommand,
    },
    {
        .name = "delconsumer",
        .arity = 5,
        .flags = cmd::kWrite,
        .acl = acl::kStream,
        .keys = kXgroupDelconsumerKeys,
        .syntax = "key groupname consumername",
        .summary = "Remove a consumer from a group, dropping its pending entries",
        .complexity = "O(1)",
        .group = "stream",
        .since = "5.0.0",
        .handler = xgroupDelconsumerCommand,
    },
    {
        .name = "destroy",
        .arity = 4,
        .flags = cmd::kWrite,
        .acl = acl::kStream,
        .keys = kXgroupDestroyKeys,
        .syntax = "key groupname",
        .summary = "Delete a consumer group with its consumers and pending entries",
        .complexity = "O(N) for the N pending entries of the group",
        .group = "stream",
        .since = "5.0.0",
        .handler = xgroupDestroyCommand,
    },
    {
        .name = "help",
        .arity = 2,
        .flags = cmd::kLoading | cmd::kStale,
        .acl = acl::kStream,
        .summary = "List the XGROUP subcommands",
        .complexity = "O(1)",
        .group = "stream",
        .since = "5.0.0",
        .handler = xgroupHelpCommand,
    },
    {
        .name = "setid",
        .arity = -5,
        .flags = cmd::kWrite,
        .acl = acl::kStream,
        .keys = kXgroupSetidKeys,
        .syntax = "key groupname <id | $> [ENTRIESREAD entries_read:integer]",
        .summary = "Move a consumer group's last delivered id (and its read counter)",
        .complexity = "O(1)",
        .group = "stream",
        .since = "5.0.0",
        .handler = xgroupSetidCommand,
    },
};

constexpr CommandSpec kStreamGroupCommands[] = {
    {
        .name = "xgroup",
        .arity = -2,
        .flags = 0,
        .summary = "Manage the consumer groups of a stream",
        .complexity = "Depends on subcommand.",
        .group = "stream",
        .since = "5.0.0",
        .handler = nullptr,
        .subcommands = kXgroupSubcommands,
    },
    {
        .name = "xack",
        .arity = -4,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kStream,
        .keys = kXackKeys,
        .syntax = "key group id [id ...]",
        .summary = "Acknowledge pending entries of a consumer group and count those removed",
        .complexity = "O(log(N)) per id",
        .group = "stream",
        .since = "5.0.0",
        .handler = xackCommand,
    },
    {
        .name = "xpending",
        .arity = -3,
        .flags = cmd::kReadonly,
        .acl = acl::kStream,
        .keys = kXpendingKeys,
        .syntax = "key group [[IDLE min-idle-time:integer] start:string end:string count [consumer]]",
        .summary = "Show the pending entries of a consumer group: a summary or a range",
        .complexity =
            "O(N) for the N entries returned, O(M) for the M entries scanned with IDLE; O(C) consumers for the summary",
        .group = "stream",
        .since = "5.0.0",
        .tips = "nondeterministic_output",
        .handler = xpendingCommand,
    },
    {
        .name = "xclaim",
        .arity = -6,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kStream,
        .keys = kXclaimKeys,
        .syntax = "key group consumer min-idle-time id [id ...] [IDLE ms:integer] [TIME unix-time-milliseconds] "
                  "[RETRYCOUNT count] [FORCE] [JUSTID] [LASTID id]",
        .summary = "Give pending entries of a group to another consumer",
        .complexity = "O(log(N)) per id",
        .group = "stream",
        .since = "5.0.0",
        .tips = "nondeterministic_output",
        .handler = xclaimCommand,
    },
    {
        .name = "xautoclaim",
        .arity = -6,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kStream,
        .keys = kXautoclaimKeys,
        .syntax = "key group consumer min-idle-time start:string [COUNT count] [JUSTID]",
        .summary = "Scan a group's pending entries and claim those idle long enough",
        .complexity = "O(COUNT)",
        .group = "stream",
        .since = "6.2.0",
        .tips = "nondeterministic_output",
        .handler = xautoclaimCommand,
    },
};

}  // namespace

std::span<const CommandSpec> streamGroupCommands() { return kStreamGroupCommands; }

}  // namespace redsim
