// Stream commands (Redis's t_stream.c): XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM,
// XSETID. The entry log and its node rules live in engine/types/stream.h; this file
// parses arguments (in Redis's order, so the same bad line gets the same error) and
// writes the replies.
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

namespace streamcmd {

std::optional<StreamID> strictIdArg(CommandContext& ctx, size_t i, uint64_t missing_seq, bool* star_seq) {
    auto id = parseStreamID(ctx.arg(i), missing_seq, true, nullptr, star_seq != nullptr, star_seq);
    if (!id) ctx.reply.error(kInvalidId);
    return id;
}

std::optional<StreamID> intervalIdArg(CommandContext& ctx, size_t i, uint64_t missing_seq, bool& exclusive) {
    std::string_view s = ctx.arg(i);
    exclusive = s.size() > 1 && s[0] == '(';
    auto id = exclusive ? parseStreamID(s.substr(1), missing_seq, true) : parseStreamID(s, missing_seq, false);
    if (!id) ctx.reply.error(kInvalidId);
    return id;
}

void replyEntry(ReplyWriter& reply, StreamID id, const Stream::Fields& fields) {
    reply.arrayLen(2);
    reply.bulk(id.str());
    reply.arrayLen(fields.size());
    for (const std::string& f : fields) reply.bulk(f);
}

bool replyEntryAt(ReplyWriter& reply, const Stream& s, StreamID id) {
    StreamID found;
    Stream::Iterator it(s, id, id, false);
    const Stream::Fields* f = it.next(found);
    if (!f) return false;
    replyEntry(reply, id, *f);
    return true;
}

void propagateXclaim(CommandContext& ctx, const std::string& key, const std::string& group_name, const StreamCG& group,
                     const std::string& consumer, const std::string& id, const StreamNACK& nack) {
    propagateAs(ctx,
                {"XCLAIM", key, group_name, consumer, "0", id, "TIME", std::to_string(nack.delivery_time), "RETRYCOUNT",
                 std::to_string(nack.delivery_count), "FORCE", "JUSTID", "LASTID", group.last_id.str()});
}

void propagateGroupId(CommandContext& ctx, const std::string& key, const std::string& group_name,
                      const StreamCG& group) {
    propagateAs(ctx, {"XGROUP", "SETID", key, group_name, group.last_id.str(), "ENTRIESREAD",
                      std::to_string(group.entries_read)});
}

void propagateConsumerCreation(CommandContext& ctx, const std::string& key, const std::string& group_name,
                               const std::string& consumer) {
    propagateAs(ctx, {"XGROUP", "CREATECONSUMER", key, group_name, consumer});
}

}  // namespace streamcmd

namespace {

using namespace streamcmd;

// The trimming options shared by XADD and XTRIM (streamParseAddOrTrimArgsOrReply).
struct TrimArgs {
    bool has_strategy = false;
    Stream::Trim how = Stream::Trim::MaxLen;
    uint64_t maxlen = 0;
    StreamID minid{};
    bool approx = false;
    size_t value_idx = 0;  // where the MAXLEN/MINID threshold is in argv
    uint64_t limit = 0;
    // XADD only.
    bool nomkstream = false;
    bool id_given = false;
    bool star_seq = false;
    StreamID id{};
};

// Returns the index of the first argument after the options (XADD: of the id or `*`),
// or 0 after replying an error.
size_t parseTrimArgs(CommandContext& ctx, TrimArgs& a, bool xadd) {
    size_t i = 2;
    bool limit_given = false;
    for (; i < ctx.argc(); ++i) {
        const size_t more = ctx.argc() - 1 - i;
        const std::string& opt = ctx.arg(i);
        if (xadd && opt == "*") break;
        const bool is_maxlen = argIs(opt, "maxlen");
        if ((is_maxlen || argIs(opt, "minid")) && more) {
            if (a.has_strategy) {
                ctx.reply.error("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
                return 0;
            }
            a.approx = false;
            const std::string& next = ctx.arg(i + 1);
            if (more >= 2 && next == "~") {
                a.approx = true;
                ++i;
            } else if (more >= 2 && next == "=") {
                ++i;
            }
            a.value_idx = i + 1;
            if (is_maxlen) {
                auto n = intArg(ctx, i + 1);
                if (!n) return 0;
                if (*n < 0) {
                    ctx.reply.error("ERR The MAXLEN argument must be >= 0.");
                    return 0;
                }
                a.maxlen = static_cast<uint64_t>(*n);
                a.how = Stream::Trim::MaxLen;
            } else {
                auto id = strictIdArg(ctx, i + 1);
                if (!id) return 0;
                a.minid = *id;
                a.how = Stream::Trim::MinId;
            }
            a.has_strategy = true;
            ++i;
        } else if (argIs(opt, "limit") && more) {
            auto n = intArg(ctx, i + 1);
            if (!n) return 0;
            if (*n < 0) {
                ctx.reply.error("ERR The LIMIT argument must be >= 0.");
                return 0;
            }
            a.limit = static_cast<uint64_t>(*n);
            limit_given = true;
            ++i;
        } else if (xadd && argIs(opt, "nomkstream")) {
            a.nomkstream = true;
        } else if (xadd) {
            // Anything else must be the entry's id.
            auto id = strictIdArg(ctx, i, 0, &a.star_seq);
            if (!id) return 0;
            a.id = *id;
            a.id_given = true;
            break;
        } else {
            ctx.reply.error(err::kSyntax);
            return 0;
        }
    }
    if (a.limit && !a.has_strategy) {
        ctx.reply.error("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
        return 0;
    }
    if (!xadd && !a.has_strategy) {
        ctx.reply.error("ERR syntax error, XTRIM must be called with a trimming strategy");
        return 0;
    }
    if (limit_given) {
        if (!a.approx) {
            ctx.reply.error("ERR syntax error, LIMIT cannot be used without the special ~ option");
            return 0;
        }
    } else {
        // `~` does at most 100 nodes' worth of work per call unless told otherwise.
        a.limit = a.approx ? 100 * static_cast<uint64_t>(ctx.engine.cfg().stream_node_max_entries) : 0;
    }
    return i;
}

// A `~` trim stops at node boundaries, so what it removes depends on how the stream's
// nodes happen to be cut: replayed elsewhere it could remove something else. The write
// stream turns it into the exact trim it amounted to (Redis's streamRewriteApproxSpecifier
// and streamRewriteTrimArgument): `~` becomes `=`, and the threshold becomes the length
// left (MAXLEN) or the first id left (MINID; max-max for an empty stream). LIMIT stays.
void rewriteApproxTrim(std::vector<std::string>& argv, const TrimArgs& a, const Stream& s) {
    if (!a.approx) return;
    argv[a.value_idx - 1] = "=";
    if (a.how == Stream::Trim::MaxLen)
        argv[a.value_idx] = std::to_string(s.length());
    else
        argv[a.value_idx] = (s.length() ? s.firstId() : kStreamMaxID).str();
}

// stream-node-max-bytes / stream-node-max-entries, for where XADD puts the entry.
Stream::NodeLimits nodeLimits(const CommandContext& ctx) {
    const ConfigValues& cfg = ctx.engine.cfg();
    return {static_cast<size_t>(cfg.stream_node_max_bytes), static_cast<uint64_t>(cfg.stream_node_max_entries)};
}

void xaddCommand(CommandContext& ctx) {
    TrimArgs a;
    const size_t id_pos = parseTrimArgs(ctx, a, true);
    if (id_pos == 0) return;
    const size_t field_pos = id_pos + 1;
    if (field_pos > ctx.argc() || (ctx.argc() - field_pos) < 2 || (ctx.argc() - field_pos) % 2 == 1) {
        ctx.reply.error("ERR wrong number of arguments for 'xadd' command");
        return;
    }
    if (a.id_given && !a.star_seq && a.id == kStreamMinID) {
        ctx.reply.error("ERR The ID specified in XADD must be greater than 0-0");
        return;
    }
    Db& db = ctx.db();
    Object* o = db.lookupWrite(ctx.arg(1));
    if (o && wrongType(ctx, o, ObjType::Stream)) return;
    if (!o) {
        if (a.nomkstream) {
            ctx.reply.null();
            return;
        }
        db.add(ctx.arg(1), Object::stream());
        o = db.lookupWrite(ctx.arg(1));
    }
    Stream& s = o->streamValue();
    if (s.lastId() == kStreamMaxID) {
        ctx.reply.error("ERR The stream has exhausted the last possible ID, unable to add more items");
        return;
    }
    // streamAppendItem's id rules: `*` takes the clock (never going back), `ms-*` the
    // next sequence in that millisecond, an explicit id must be above the top item.
    const StreamID last = s.lastId();
    StreamID id;
    bool ok = true;
    if (!a.id_given) {
        const uint64_t now = static_cast<uint64_t>(ctx.engine.nowMs());
        if (now > last.ms) {
            id = {now, 0};
        } else {
            id = last;
            ok = id.incr();
        }
    } else if (a.star_seq) {
        if (a.id.ms == last.ms) {
            id = {last.ms, last.seq + 1};
            ok = last.seq != UINT64_MAX;
        } else {
            id = {a.id.ms, 0};
            ok = a.id.ms > last.ms;
        }
    } else {
        id = a.id;
        ok = last < id;
    }
    if (!ok) {
        ctx.reply.error("ERR The ID specified in XADD is equal or smaller than the target stream top item");
        // Redis has created the key already when the id is rejected only for an empty
        // new stream, which cannot happen (every id is above 0-0 there).
        return;
    }
    s.append(id, ctx.argv.subspan(field_pos), nodeLimits(ctx));
    ++ctx.engine.dirty;
    ctx.reply.bulk(id.str());
    ctx.keyModified(ctx.arg(1));
    ctx.notify(notify::kStream, "xadd", ctx.arg(1));
    ctx.engine.signalKeyAsReady(ctx.client.db, ctx.arg(1));  // readers blocked on the stream
    // A trim that removed something is announced after the "xadd".
    if (a.has_strategy && s.trim(a.how, a.maxlen, a.minid, a.approx, a.limit) > 0)
        ctx.notify(notify::kStream, "xtrim", ctx.arg(1));
    // Written with the id it got (`*` and `ms-*` read the clock or the stream) and an
    // exact trim in place of `~`, so a replay builds the same stream.
    if (!a.id_given || a.star_seq || a.approx) {
        std::vector<std::string> argv(ctx.argv.begin(), ctx.argv.end());
        argv[id_pos] = id.str();
        rewriteApproxTrim(argv, a, s);
        propagateAs(ctx, std::move(argv));
    }
}

void xlenCommand(CommandContext& ctx) {
    Object* o = ctx.db().lookupRead(ctx.arg(1));
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    if (wrongType(ctx, o, ObjType::Stream)) return;
    ctx.reply.integer(static_cast<long long>(o->streamValue().length()));
}

// xrangeGenericCommand: XRANGE key start end / XREVRANGE key end start, [COUNT n].
void rangeGeneric(CommandContext& ctx, bool rev) {
    const size_t start_pos = rev ? 3 : 2, end_pos = rev ? 2 : 3;
    bool ex = false;
    auto start = intervalIdArg(ctx, start_pos, 0, ex);
    if (!start) return;
    if (ex && !start->incr()) {
        ctx.reply.error("ERR invalid start ID for the interval");
        return;
    }
    auto end = intervalIdArg(ctx, end_pos, UINT64_MAX, ex);
    if (!end) return;
    if (ex && !end->decr()) {
        ctx.reply.error("ERR invalid end ID for the interval");
        return;
    }
    long long count = -1;
    for (size_t j = 4; j < ctx.argc(); ++j) {
        if (argIs(ctx.arg(j), "count") && j + 1 < ctx.argc()) {
            auto n = intArg(ctx, j + 1);
            if (!n) return;
            count = *n < 0 ? 0 : *n;
            ++j;
        } else {
            ctx.reply.error(err::kSyntax);
            return;
        }
    }
    Object* o = ctx.db().lookupRead(ctx.arg(1));
    if (!o) {
        ctx.reply.emptyArray();
        return;
    }
    if (wrongType(ctx, o, ObjType::Stream)) return;
    // Redis answers COUNT 0 (or a negative count) on an existing stream with a null.
    if (count == 0) {
        ctx.reply.nullArray();
        return;
    }
    const size_t at = ctx.reply.deferLen();
    size_t n = 0;
    StreamID id;
    for (Stream::Iterator it(o->streamValue(), *start, *end, rev); const Stream::Fields* f = it.next(id);) {
        if (count > 0 && n == static_cast<size_t>(count)) break;
        replyEntry(ctx.reply, id, *f);
        ++n;
    }
    ctx.reply.setArrayLen(at, n);
}

void xrangeCommand(CommandContext& ctx) { rangeGeneric(ctx, false); }
void xrevrangeCommand(CommandContext& ctx) { rangeGeneric(ctx, true); }

void xdelCommand(CommandContext& ctx) {
    Object* o = ctx.db().lookupWrite(ctx.arg(1));
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    if (wrongType(ctx, o, ObjType::Stream)) return;
    // Every id is checked before any is deleted, so a bad id changes nothing.
    std::vector<StreamID> ids;
    for (size_t j = 2; j < ctx.argc(); ++j) {
        auto id = strictIdArg(ctx, j);
        if (!id) return;
        ids.push_back(*id);
    }
    Stream& s = o->streamValue();
    long long deleted = 0;
    for (StreamID id : ids)
        if (s.remove(id)) ++deleted;
    // A stream key stays even when empty (no "del"): it keeps its last id and groups.
    if (deleted) {
        ctx.keyModified(ctx.arg(1));
        ctx.notify(notify::kStream, "xdel", ctx.arg(1));
    }
    ctx.engine.dirty += static_cast<uint64_t>(deleted);
    ctx.reply.integer(deleted);
}

void xtrimCommand(CommandContext& ctx) {
    TrimArgs a;
    if (parseTrimArgs(ctx, a, false) == 0) return;
    Object* o = ctx.db().lookupWrite(ctx.arg(1));
    if (!o) {
        ctx.reply.integer(0);
        return;
    }
    if (wrongType(ctx, o, ObjType::Stream)) return;
    const size_t deleted = o->streamValue().trim(a.how, a.maxlen, a.minid, a.approx, a.limit);
    ctx.engine.dirty += deleted;
    if (deleted) {
        ctx.keyModified(ctx.arg(1));
        ctx.notify(notify::kStream, "xtrim", ctx.arg(1));
        if (a.approx) {  // written as the exact trim it was (see rewriteApproxTrim)
            std::vector<std::string> argv(ctx.argv.begin(), ctx.argv.end());
            rewriteApproxTrim(argv, a, o->streamValue());
            propagateAs(ctx, std::move(argv));
        }
    }
    ctx.reply.integer(static_cast<long long>(deleted));
}

void xsetidCommand(CommandContext& ctx) {
    auto id = strictIdArg(ctx, 2);
    if (!id) return;
    long long entries_added = -1;
    StreamID max_xdel{};
    for (size_t i = 3; i < ctx.argc();) {
        const bool more = i + 1 < ctx.argc();
        if (argIs(ctx.arg(i), "entriesadded") && more) {
            auto n = intArg(ctx, i + 1);
            if (!n) return;
            if (*n < 0) {
                ctx.reply.error("ERR entries_added must be positive");
                return;
            }
            entries_added = *n;
            i += 2;
        } else if (argIs(ctx.arg(i), "maxdeletedid") && more) {
            auto m = strictIdArg(ctx, i + 1);
            if (!m) return;
            if (*id < *m) {
                ctx.reply.error("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
                return;
            }
            max_xdel = *m;
            i += 2;
        } else {
            ctx.reply.error(err::kSyntax);
            return;
        }
    }
    Object* o = ctx.db().lookupWrite(ctx.arg(1));
    if (!o) {
        ctx.reply.error("ERR no such key");
        return;
    }
    if (wrongType(ctx, o, ObjType::Stream)) return;
    Stream& s = o->streamValue();
    if (s.length() > 0) {
        // Compared with the last live entry, not the last id ever given.
        if (*id < s.lastEntryId()) {
            ctx.reply.error("ERR The ID specified in XSETID is smaller than the target stream top item");
            return;
        }
        if (entries_added != -1 && s.length() > static_cast<uint64_t>(entries_added)) {
            ctx.reply.error("ERR The entries_added specified in XSETID is smaller than the target stream length");
            return;
        }
    }
    s.setLastId(*id);
    if (entries_added != -1) s.setEntriesAdded(static_cast<uint64_t>(entries_added));
    if (max_xdel != kStreamMinID) s.setMaxDeletedId(max_xdel);
    ++ctx.engine.dirty;
    ctx.keyModified(ctx.arg(1));
    ctx.notify(notify::kStream, "xsetid", ctx.arg(1));
    ctx.reply.ok();
}

constexpr KeySpec kXaddKeys[] = {{.flags = "RW update",
                                  .begin_index = 1,
                                  .last_key = 0,
                                  .key_step = 1,
                                  .limit = 0,
                                  .notes = "UPDATE instead of INSERT because of the optional trimming feature"}};
constexpr KeySpec kXlenKeys[] = {{.flags = "RO", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kXrangeKeys[] = {{.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kXrevrangeKeys[] = {
    {.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kXdelKeys[] = {{.flags = "RW delete", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kXtrimKeys[] = {{.flags = "RW delete", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kXsetidKeys[] = {{.flags = "RW update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};

constexpr CommandSpec kStreamCommands[] = {
    {
        .name = "xadd",
        .arity = -5,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kStream,
        .keys = kXaddKeys,
        .syntax = "key [NOMKSTREAM] [<MAXLEN | MINID> [= | ~] threshold [LIMIT count]] <* | id> field value [field "
                  "value ...]",
        .summary = "Append an entry to a stream, creating it unless NOMKSTREAM, with optional trimming",
        .complexity = "O(1), plus O(N) for the N entries trimmed",
        .group = "stream",
        .since = "5.0.0",
        .tips = "nondeterministic_output",
        .handler = xaddCommand,
    },
    {
        .name = "xlen",
        .arity = 2,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kStream,
        .keys = kXlenKeys,
        .syntax = "key",
        .summary = "Count the entries of a stream",
        .complexity = "O(1)",
        .group = "stream",
        .since = "5.0.0",
        .handler = xlenCommand,
    },
    {
        .name = "xrange",
        .arity = -4,
        .flags = cmd::kReadonly,
        .acl = acl::kStream,
        .keys = kXrangeKeys,
        .syntax = "key start:string end:string [COUNT count]",
        .summary = "Read the entries of a stream between two ids, oldest first",
        .complexity = "O(N) for the N entries returned",
        .group = "stream",
        .since = "5.0.0",
        .handler = xrangeCommand,
    },
    {
        .name = "xrevrange",
        .arity = -4,
        .flags = cmd::kReadonly,
        .acl = acl::kStream,
        .keys = kXrevrangeKeys,
        .syntax = "key end:string start:string [COUNT count]",
        .summary = "Read the entries of a stream between two ids, newest first",
        .complexity = "O(N) for the N entries returned",
        .group = "stream",
        .since = "5.0.0",
        .handler = xrevrangeCommand,
    },
    {
        .name = "xdel",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kStream,
        .keys = kXdelKeys,
        .syntax = "key id [id ...]",
        .summary = "Delete entries of a stream by id and count those deleted",
        .complexity = "O(1) per id",
        .group = "stream",
        .since = "5.0.0",
        .handler = xdelCommand,
    },
    {
        .name = "xtrim",
        .arity = -4,
        .flags = cmd::kWrite,
        .acl = acl::kStream,
        .keys = kXtrimKeys,
        .syntax = "key <MAXLEN | MINID> [= | ~] threshold [LIMIT count]",
        .summary = "Drop the oldest entries of a stream by length or by id, exactly or by whole nodes",
        .complexity = "O(N) for the N entries removed",
        .group = "stream",
        .since = "5.0.0",
        .tips = "nondeterministic_output",
        .handler = xtrimCommand,
    },
    {
        .name = "xsetid",
        .arity = -3,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kFast,
        .acl = acl::kStream,
        .keys = kXsetidKeys,
        .syntax = "key last-id [ENTRIESADDED entries_added:integer] [MAXDELETEDID max_deleted_entry_id]",
        .summary = "Set the last id and counters of a stream (used for replication)",
        .complexity = "O(1)",
        .group = "stream",
        .since = "5.0.0",
        .handler = xsetidCommand,
    },
};

}  // namespace

std::span<const CommandSpec> streamCommands() { return kStreamCommands; }

}  // namespace redsim
