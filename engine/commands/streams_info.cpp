// XINFO STREAM [FULL [COUNT n]] / GROUPS / CONSUMERS / HELP (Redis's t_stream.c
// xinfoCommand): what a stream, its consumer groups and their consumers look like, in
// Redis 7.0's field order. The groups themselves live in engine/types/stream_group.h.
#include <algorithm>

#include "engine/commands/streams_internal.h"
#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/db.h"
#include "engine/engine.h"
#include "engine/types/stream.h"

namespace redsim {
namespace {

using namespace streamcmd;

// ---- XINFO ----

// The stream behind XINFO's key, or nullptr after replying an error.
const Stream* xinfoStream(CommandContext& ctx) {
    const Object* o = ctx.db().lookupRead(ctx.arg(2));
    if (!o) {
        ctx.reply.error("ERR no such key");
        return nullptr;
    }
    if (wrongType(ctx, o, ObjType::Stream)) return nullptr;
    return &o->streamValue();
}

void replyEntriesRead(ReplyWriter& r, const StreamCG& cg) {
    if (cg.entries_read != StreamCG::kInvalidEntriesRead)
        r.integer(cg.entries_read);
    else
        r.null();
}

void replyLag(ReplyWriter& r, const Stream& s, const StreamCG& cg) {
    if (auto lag = streamGroupLag(s, cg))
        r.integer(*lag);
    else
        r.null();
}

void xinfoStreamCommand(CommandContext& ctx) {
    const Stream* s = xinfoStream(ctx);
    if (!s) return;
    const size_t optc = ctx.argc() - 3;
    bool full = false;
    long long count = 10;  // FULL shows 10 entries and PEL records unless told otherwise
    if (optc) {
        if ((optc != 1 && optc != 3) || !argIs(ctx.arg(3), "full") || (optc == 3 && !argIs(ctx.arg(4), "count"))) {
            subcommandSyntaxError(ctx);
            return;
        }
        if (optc == 3) {
            auto n = intArg(ctx, 5);
            if (!n) return;
            count = *n < 0 ? 10 : *n;
        }
        full = true;
    }
    ReplyWriter& r = ctx.reply;
    r.mapLen(full ? 9 : 10);
    r.bulk("length");
    r.integer(static_cast<long long>(s->length()));
    r.bulk("radix-tree-keys");
    r.integer(static_cast<long long>(s->nodeCount()));
    r.bulk("radix-tree-nodes");
    r.integer(static_cast<long long>(s->radixTreeNodes()));
    r.bulk("last-generated-id");
    r.bulk(s->lastId().str());
    r.bulk("max-deleted-entry-id");
    r.bulk(s->maxDeletedId().str());
    r.bulk("entries-added");
    r.integer(static_cast<long long>(s->entriesAdded()));
    r.bulk("recorded-first-entry-id");
    r.bulk(s->firstId().str());
    if (!full) {
        r.bulk("groups");
        r.integer(static_cast<long long>(s->groups().size()));
        for (const bool last : {false, true}) {
            r.bulk(last ? "last-entry" : "first-entry");
            StreamID id;
            Stream::Iterator it(*s, kStreamMinID, kStreamMaxID, last);
            if (const Stream::Fields* f = it.next(id))
                replyEntry(r, id, *f);
            else
                r.null();
        }
        return;
    }
    const auto limit = static_cast<size_t>(count);  // 0 = everything
    r.bulk("entries");
    {
        const size_t at = r.deferLen();
        size_t n = 0;
        StreamID id;
        for (Stream::Iterator it(*s, kStreamMinID, kStreamMaxID, false); const Stream::Fields* f = it.next(id);) {
            replyEntry(r, id, *f);
            if (++n == limit) break;
        }
        r.setArrayLen(at, n);
    }
    r.bulk("groups");
    r.arrayLen(s->groups().size());
    for (const auto& [name, cg] : s->groups().all()) {
        r.mapLen(7);
        r.bulk("name");
        r.bulk(name);
        r.bulk("last-delivered-id");
        r.bulk(cg.last_id.str());
        r.bulk("entries-read");
        replyEntriesRead(r, cg);
        r.bulk("lag");
        replyLag(r, *s, cg);
        r.bulk("pel-count");
        r.integer(static_cast<long long>(cg.pel().size()));
        r.bulk("pending");
        const size_t pel_shown = limit ? std::min(limit, cg.pel().size()) : cg.pel().size();
        r.arrayLen(pel_shown);
        size_t k = 0;
        for (auto it = cg.pel().begin(); k < pel_shown; ++it, ++k) {
            r.arrayLen(4);
            r.bulk(it->first.str());
            r.bulk(it->second->consumer->name);
            r.integer(it->second->delivery_time);
            r.integer(static_cast<long long>(it->second->delivery_count));
        }
        r.bulk("consumers");
        r.arrayLen(cg.consumers().size());
        for (const auto& [cname, c] : cg.consumers()) {
            r.mapLen(4);
            r.bulk("name");
            r.bulk(cname);
            r.bulk("seen-time");
            r.integer(c.seen_time);
            r.bulk("pel-count");
            r.integer(static_cast<long long>(c.pel.size()));
            r.bulk("pending");
            const size_t shown = limit ? std::min(limit, c.pel.size()) : c.pel.size();
            r.arrayLen(shown);
            size_t m = 0;
            for (auto it = c.pel.begin(); m < shown; ++it, ++m) {
                r.arrayLen(3);
                r.bulk(it->first.str());
                r.integer(it->second->delivery_time);
                r.integer(static_cast<long long>(it->second->delivery_count));
            }
        }
    }
}

void xinfoGroupsCommand(CommandContext& ctx) {
    const Stream* s = xinfoStream(ctx);
    if (!s) return;
    ReplyWriter& r = ctx.reply;
    r.arrayLen(s->groups().size());
    for (const auto& [name, cg] : s->groups().all()) {
        r.mapLen(6);
        r.bulk("name");
        r.bulk(name);
        r.bulk("consumers");
        r.integer(static_cast<long long>(cg.consumers().size()));
        r.bulk("pending");
        r.integer(static_cast<long long>(cg.pel().size()));
        r.bulk("last-delivered-id");
        r.bulk(cg.last_id.str());
        r.bulk("entries-read");
        replyEntriesRead(r, cg);
        r.bulk("lag");
        replyLag(r, *s, cg);
    }
}

void xinfoConsumersCommand(CommandContext& ctx) {
    const Stream* s = xinfoStream(ctx);
    if (!s) return;
    const StreamCG* cg = s->groups().find(ctx.arg(3));
    if (!cg) {
        ctx.reply.error("NOGROUP No such consumer group '" + ctx.arg(3) + "' for key name '" + ctx.arg(2) + "'");
        return;
    }
    ReplyWriter& r = ctx.reply;
    const int64_t t = ctx.engine.nowMs();
    r.arrayLen(cg->consumers().size());
    for (const auto& [name, c] : cg->consumers()) {
        r.mapLen(3);
        r.bulk("name");
        r.bulk(name);
        r.bulk("pending");
        r.integer(static_cast<long long>(c.pel.size()));
        r.bulk("idle");
        r.integer(std::max<int64_t>(0, t - c.seen_time));
    }
}

void xinfoHelpCommand(CommandContext& ctx) {
    ctx.reply.helpLines("XINFO", {
                                     "CONSUMERS <key> <groupname>",
                                     "    Show consumers of <groupname>.",
                                     "GROUPS <key>",
                                     "    Show the stream consumer groups.",
                                     "STREAM <key> [FULL [COUNT <count>]",
                                     "    Show information about the stream.",
                                 });
}

// ---- the command table rows (flags, ACL categories and key specs as Redis 7.0 reports them) ----

constexpr KeySpec kXinfoConsumersKeys[] = {
    {.flags = "RO access", .begin_index = 2, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kXinfoStreamKeys[] = {
    {.flags = "RO access", .begin_index = 2, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kXinfoGroupsKeys[] = {
    {.flags = "RO access", .begin_index = 2, .last_key = 0, .key_step = 1, .limit = 0}};

constexpr CommandSpec kXinfoSubcommands[] = {
    {
        .name = "consumers",
        .arity = 4,
        .flags = cmd::kReadonly,
        .acl = acl::kStream,
        .keys = kXinfoConsumersKeys,
        .syntax = "key groupname",
        .summary = "List the consumers of a group with their pending counts and idle times",
        .complexity = "O(1)",
        .group = "stream",
        .since = "5.0.0",
        .tips = "nondeterministic_output",
        .handler = xinfoConsumersCommand,
    },
    {
        .name = "groups",
        .arity = 3,
        .flags = cmd::kReadonly,
        .acl = acl::kStream,
        .keys = kXinfoGroupsKeys,
        .syntax = "key",
        .summary = "List the consumer groups of a stream with their positions and lag",
        .complexity = "O(1)",
        .group = "stream",
        .since = "5.0.0",
        .handler = xinfoGroupsCommand,
    },
    {
        .name = "help",
        .arity = 2,
        .flags = cmd::kLoading | cmd::kStale,
        .acl = acl::kStream,
        .summary = "List the XINFO subcommands",
        .complexity = "O(1)",
        .group = "stream",
        .since = "5.0.0",
        .handler = xinfoHelpCommand,
    },
    {
        .name = "stream",
        .arity = -3,
        .flags = cmd::kReadonly,
        .acl = acl::kStream,
        .keys = kXinfoStreamKeys,
        .syntax = "key [FULL [COUNT count]]",
        .summary = "Describe a stream, or with FULL its entries, groups and pending entries",
        .complexity = "O(1)",
        .group = "stream",
        .since = "5.0.0",
        .handler = xinfoStreamCommand,
    },
};

constexpr CommandSpec kStreamInfoCommands[] = {
    {
        .name = "xinfo",
        .arity = -2,
        .flags = 0,
        .summary = "Look inside a stream and its consumer groups",
        .complexity = "Depends on subcommand.",
        .group = "stream",
        .since = "5.0.0",
        .handler = nullptr,
        .subcommands = kXinfoSubcommands,
    },
};

}  // namespace

std::span<const CommandSpec> streamInfoCommands() { return kStreamInfoCommands; }

}  // namespace redsim
