// Shared between the stream command files (streams.cpp: XADD, XRANGE, XDEL, XTRIM,
// XSETID; streams_read.cpp: XREAD, XREADGROUP; streams_groups.cpp: consumer groups).
// Not for other families.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/commands/command.h"
#include "engine/types/stream.h"

namespace redsim::streamcmd {

inline constexpr std::string_view kInvalidId = "ERR Invalid stream ID specified as stream command argument";

// streamParseStrictIDOrReply: "ms-seq" or "ms" (seq = missing_seq; no "-" / "+"); with
// `star_seq`, "ms-*" too (XADD), reported there.
std::optional<StreamID> strictIdArg(CommandContext& ctx, size_t i, uint64_t missing_seq = 0, bool* star_seq = nullptr);
// streamParseIntervalIDOrReply: also "-", "+" and a leading "(" for an exclusive bound.
std::optional<StreamID> intervalIdArg(CommandContext& ctx, size_t i, uint64_t missing_seq, bool& exclusive);
// One entry as [id, [field, value, ...]].
void replyEntry(ReplyWriter& reply, StreamID id, const Stream::Fields& fields);
// Writes the live entry `id` as [id, fields] while the iterator that found it is alive
// (an iterator's fields are only valid until it moves); false, writing nothing, if there
// is no such entry.
bool replyEntryAt(ReplyWriter& reply, const Stream& s, StreamID id);

// What consumer-group reads and claims write to the AOF and replicas (Redis's
// streamPropagateXCLAIM / streamPropagateGroupID / streamPropagateConsumerCreation). A
// read is never written as the XREADGROUP itself: replayed it would deliver whatever
// the stream holds then. Instead each entry that became pending is written as the claim
// that recreates its NACK exactly:
//   XCLAIM key group consumer 0 id TIME <ms> RETRYCOUNT <n> FORCE JUSTID LASTID <last>
// and a NOACK read (nothing pending) as the group's new cursor:
//   XGROUP SETID key group <last_id> ENTRIESREAD <n>
void propagateXclaim(CommandContext& ctx, const std::string& key, const std::string& group_name, const StreamCG& group,
                     const std::string& consumer, const std::string& id, const StreamNACK& nack);
void propagateGroupId(CommandContext& ctx, const std::string& key, const std::string& group_name,
                      const StreamCG& group);
void propagateConsumerCreation(CommandContext& ctx, const std::string& key, const std::string& group_name,
                               const std::string& consumer);

}  // namespace redsim::streamcmd
