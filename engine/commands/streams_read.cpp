// XREAD and XREADGROUP (Redis's xreadCommand): read the entries above given ids from
// streams, for a client or for a consumer of a group (new entries with `>`, else the
// consumer's own pending history). With BLOCK and nothing to read the client is parked
// (engine/blocking.h); serveStreamWaiter answers it when new entries arrive.
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

// ---- XREAD / XREADGROUP ----

// Entries above `after` (count 0 = all) as an array; for a group, each one moves the
// group's cursor and, unless `noack`, becomes pending for `consumer`
// (streamReplyWithRange). A group read is written as its effects: an XCLAIM per entry
// that became pending, or for NOACK the group's new cursor (propagateXclaim).
void replyNewEntries(CommandContext& ctx, const std::string& key, const Stream& s, StreamID after, long long count,
                     StreamCG* group, const std::string* group_name, StreamConsumer* consumer, bool noack) {
    StreamID start = after;
    start.incr();
    const size_t at = ctx.reply.deferLen();
    size_t n = 0;
    StreamID id;
    for (Stream::Iterator it(s, start, kStreamMaxID, false); const Stream::Fields* f = it.next(id);) {
        if (group) {
            streamGroupAdvance(s, *group, id);
            if (!noack) {
                group->deliver(id, *consumer, ctx.engine.nowMs());
                propagateXclaim(ctx, key, *group_name, *group, consumer->name, id.str(), *group->findNack(id));
            }
        }
        replyEntry(ctx.reply, id, *f);
        ++n;
        if (count && static_cast<long long>(n) == count) break;
    }
    if (group && noack && n) propagateGroupId(ctx, key, *group_name, *group);
    ctx.reply.setArrayLen(at, n);
}

// XREADGROUP with an explicit id: the consumer's own pending entries above it
// (streamReplyWithRangeFromConsumerPEL). An entry deleted since shows as [id, nil].
void replyConsumerHistory(CommandContext& ctx, const Stream& s, StreamID after, long long count,
                          StreamConsumer& consumer) {
    StreamID start = after;
    start.incr();
    const size_t at = ctx.reply.deferLen();
    size_t n = 0;
    for (auto it = consumer.pel.lower_bound(start); it != consumer.pel.end(); ++it) {
        if (count && static_cast<long long>(n) >= count) break;
        if (replyEntryAt(ctx.reply, s, it->first)) {
            it->second->delivery_time = ctx.engine.nowMs();
            ++it->second->delivery_count;
        } else {
            ctx.reply.arrayLen(2);
            ctx.reply.bulk(it->first.str());
            ctx.reply.nullArray();
        }
        ++n;
    }
    ctx.reply.setArrayLen(at, n);
}

// serveClientsBlockedOnStreamKey, for one reader: new entries past its id (a group
// reader: past the group's cursor) on `key`, as a one-stream XREAD reply. False while
// there is nothing new for it.
bool serveStreamWaiter(CommandContext& ctx, const std::string& key, Object& o) {
    BlockState& b = ctx.client.block;
    Stream& s = o.streamValue();
    const size_t k = static_cast<size_t>(std::find(b.keys.begin(), b.keys.end(), key) - b.keys.begin());
    StreamID gt = b.ids[k];
    StreamCG* group = nullptr;
    if (!b.group.empty()) {
        group = s.groups().find(b.group);
        if (!group) {
            ctx.reply.error("NOGROUP the consumer group this client was blocked on no longer exists");
            return true;
        }
        gt = group->last_id;
    }
    if (s.lastId() <= gt) return false;
    StreamConsumer* consumer = nullptr;
    if (group) {
        consumer = group->findConsumer(b.consumer);
        if (consumer) {
            consumer->seen_time = ctx.engine.nowMs();
        } else {
            consumer = group->createConsumer(b.consumer, ctx.engine.nowMs());
            ++ctx.engine.dirty;
            ctx.notify(notify::kStream, "xgroup-createconsumer", key);
            // 7.0 writes the new consumer only for NOACK (otherwise the XCLAIMs create it).
            if (b.noack) propagateConsumerCreation(ctx, key, b.group, b.consumer);
        }
    }
    if (ctx.reply.protocol() < 3) {
        ctx.reply.arrayLen(1);
        ctx.reply.arrayLen(2);
    } else {
        ctx.reply.mapLen(1);
    }
    ctx.reply.bulk(key);
    replyNewEntries(ctx, key, s, gt, b.count, group, &b.group, consumer, b.noack);
    if (group) ++ctx.engine.dirty;
    return true;
}

// xreadCommand: XREAD and XREADGROUP share the parsing and the reply.
void readGeneric(CommandContext& ctx, bool xreadgroup) {
    long long count = 0;
    std::optional<int64_t> deadline;  // with BLOCK: when to give up (0: never)
    size_t streams_arg = 0, streams_count = 0;
    bool noack = false;
    const std::string* groupname = nullptr;
    const std::string* consumername = nullptr;
    for (size_t i = 1; i < ctx.argc(); ++i) {
        const size_t more = ctx.argc() - i - 1;
        const std::string& o = ctx.arg(i);
        if (argIs(o, "block") && more) {
            if (&ctx.client == ctx.engine.script.script_client) {
                ctx.reply.error("ERR " + ctx.arg(0) + " command is not allowed with BLOCK option from scripts");
                return;
            }
            auto t = blockTimeoutArg(ctx, ++i, false);
            if (!t) return;
            deadline = *t;
        } else if (argIs(o, "count") && more) {
            ++i;
            auto n = intArg(ctx, i);
            if (!n) return;
            count = *n < 0 ? 0 : *n;
        } else if (argIs(o, "streams") && more) {
            streams_arg = i + 1;
            streams_count = ctx.argc() - streams_arg;
            if (streams_count % 2 != 0) {
                ctx.reply.error(
                    "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.");
                return;
            }
            streams_count /= 2;
            break;
        } else if (argIs(o, "group") && more >= 2) {
            if (!xreadgroup) {
                ctx.reply.error("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
                return;
            }
            groupname = &ctx.arg(i + 1);
            consumername = &ctx.arg(i + 2);
            i += 2;
        } else if (argIs(o, "noack")) {
            if (!xreadgroup) {
                ctx.reply.error("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
                return;
            }
            noack = true;
        } else {
            ctx.reply.error(err::kSyntax);
            return;
        }
    }
    if (streams_arg == 0) {
        ctx.reply.error(err::kSyntax);
        return;
    }
    if (xreadgroup && !groupname) {
        ctx.reply.error("ERR Missing GROUP option for XREADGROUP");
        return;
    }

    // Resolve every stream's group and id before serving any ("$" = the stream's last
    // id now; ">" = the group's new entries, marked by the largest id as Redis does).
    Db& db = ctx.db();
    std::vector<StreamID> ids(streams_count);
    for (size_t j = 0; j < streams_count; ++j) {
        const std::string& key = ctx.arg(streams_arg + j);
        const std::string& idarg = ctx.arg(streams_arg + streams_count + j);
        const Object* o = db.lookupRead(key);
        if (o && wrongType(ctx, o, ObjType::Stream)) return;
        if (groupname && (!o || !o->streamValue().groups().find(*groupname))) {
            ctx.reply.error("NOGROUP No such key '" + key + "' or consumer group '" + *groupname +
                            "' in XREADGROUP with GROUP option");
            return;
        }
        if (idarg == "$") {
            if (xreadgroup) {
                ctx.reply.error(
                    "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of "
                    "this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would "
                    "just return an empty result set.");
                return;
            }
            ids[j] = o ? o->streamValue().lastId() : kStreamMinID;
            continue;
        }
        if (idarg == ">") {
            if (!xreadgroup) {
                ctx.reply.error(
                    "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> "
                    "option.");
                return;
            }
            ids[j] = kStreamMaxID;
            continue;
        }
        auto id = strictIdArg(ctx, streams_arg + streams_count + j);
        if (!id) return;
        ids[j] = *id;
    }

    // Serve what can be served now, one [key, entries] pair (RESP3: map entry) per stream.
    const size_t at = ctx.reply.deferLen();
    size_t served = 0;
    for (size_t j = 0; j < streams_count; ++j) {
        const std::string& key = ctx.arg(streams_arg + j);
        Object* o = db.lookupRead(key);
        if (!o) continue;
        Stream& s = o->streamValue();
        StreamID gt = ids[j];
        StreamCG* group = xreadgroup ? s.groups().find(*groupname) : nullptr;
        bool serve = false, history = false;
        if (group) {
            if (gt != kStreamMaxID) {
                serve = history = true;  // the consumer's own pending entries
            } else if (s.length() && s.lastEntryId() > group->last_id) {
                serve = true;
                gt = group->last_id;
            }
        } else if (s.length() && s.lastEntryId() > gt) {
            serve = true;
        }
        if (!serve) continue;
        ++served;
        if (ctx.reply.protocol() < 3) ctx.reply.arrayLen(2);
        ctx.reply.bulk(key);
        StreamConsumer* consumer = nullptr;
        if (group) {
            consumer = group->findConsumer(*consumername);
            if (consumer) {
                consumer->seen_time = ctx.engine.nowMs();
            } else {
                consumer = group->createConsumer(*consumername, ctx.engine.nowMs());
                ++ctx.engine.dirty;  // creating a consumer is a change of its own
                ctx.notify(notify::kStream, "xgroup-createconsumer", key);
                // 7.0 writes the new consumer only for NOACK (otherwise the XCLAIMs create
                // it; a consumer that got nothing is not written at all).
                if (noack) propagateConsumerCreation(ctx, key, *groupname, *consumername);
            }
        }
        if (history)
            replyConsumerHistory(ctx, s, gt, count, *consumer);
        else
            replyNewEntries(ctx, key, s, gt, count, group, groupname, consumer, noack);
        if (group) ++ctx.engine.dirty;
    }
    if (served) {
        // RESP2: an array of [key, entries] pairs; RESP3: a map key => entries.
        if (ctx.reply.protocol() < 3)
            ctx.reply.setArrayLen(at, served);
        else
            ctx.reply.setMapLen(at, served);
        return;
    }
    // Nothing to serve: without BLOCK (or where blocking is not allowed: MULTI) the
    // reply of a timed-out read; with BLOCK, wait for new entries.
    if (!deadline || !mayBlock(ctx)) {
        ctx.reply.nullArray();
        return;
    }
    BlockState st;
    st.type = BlockType::Stream;
    st.keys.assign(ctx.argv.begin() + static_cast<std::ptrdiff_t>(streams_arg),
                   ctx.argv.begin() + static_cast<std::ptrdiff_t>(streams_arg + streams_count));
    st.ids = std::move(ids);
    st.deadline_ms = *deadline;
    // Without COUNT a woken reader gets at most 1000 entries (XREAD_BLOCKED_DEFAULT_COUNT):
    // an old id must not make one reply huge.
    st.count = count ? count : 1000;
    if (groupname) {
        st.group = *groupname;
        st.consumer = *consumername;
        st.noack = noack;
    }
    st.serve = serveStreamWaiter;
    ctx.engine.blockForKeys(ctx.client, std::move(st), ctx.argv, ctx.spec);
}

void xreadCommand(CommandContext& ctx) { readGeneric(ctx, false); }
void xreadgroupCommand(CommandContext& ctx) {
    // Never written as typed (see replyNewEntries); a history read writes nothing, as
    // in 7.0, although it updates the delivery counts.
    ctx.engine.propagator().preventSelf();
    readGeneric(ctx, true);
}

// ---- Rows ----

constexpr KeySpec kXreadKeys[] = {
    {.flags = "RO access", .last_key = -1, .key_step = 1, .limit = 2, .keyword = "STREAMS", .startfrom = 1}};
constexpr KeySpec kXreadgroupKeys[] = {
    {.flags = "RO access", .last_key = -1, .key_step = 1, .limit = 2, .keyword = "STREAMS", .startfrom = 4}};

constexpr CommandSpec kStreamReadCommands[] = {
    {
        .name = "xread",
        .arity = -4,
        .flags = cmd::kReadonly | cmd::kBlocking | cmd::kMovableKeys,
        .acl = acl::kStream,
        .keys = kXreadKeys,
        .syntax = "[COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]",
        .summary = "Read entries above given ids from one or more streams",
        .complexity = "O(N) for the N entries returned",
        .group = "stream",
        .since = "5.0.0",
        .handler = xreadCommand,
    },
    {
        .name = "xreadgroup",
        .arity = -7,
        .flags = cmd::kWrite | cmd::kBlocking | cmd::kMovableKeys,
        .acl = acl::kStream,
        .keys = kXreadgroupKeys,
        .syntax = "GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key [key ...] id [id ...]",
        .summary = "Read new entries for a consumer of a group, or replay its pending ones",
        .complexity = "O(N) for the N entries returned",
        .group = "stream",
        .since = "5.0.0",
        .handler = xreadgroupCommand,
    },
};

}  // namespace

std::span<const CommandSpec> streamReadCommands() { return kStreamReadCommands; }

}  // namespace redsim
