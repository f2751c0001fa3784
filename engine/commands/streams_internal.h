// Shared between the stream command files (streams.cpp: XADD, XRANGE, XDEL, XTRIM,
// XSETID; streams_groups.cpp: reads and consumer groups). Not for other families.
#pragma once

#include <cstdint>
#include <optional>
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

}  // namespace redsim::streamcmd
