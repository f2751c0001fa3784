// Shared between the sorted set command files (zsets.cpp holds the rows and most
// handlers; zsets_pop.cpp the pops and ZRANDMEMBER). Not for other families.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/commands/command.h"
#include "engine/object.h"

namespace redsim::zsetcmd {

// getPositiveLongFromObjectOrReply: an integer >= 0, else "value is out of range, must
// be positive" (also for a non-integer) and nullopt.
std::optional<long long> positiveArg(CommandContext& ctx, size_t i);
// getRangeLongFromObjectOrReply with a message: an integer in [min, max], else `msg`
// (also for a non-integer) and nullopt.
std::optional<long long> rangeArg(CommandContext& ctx, size_t i, long long min, long long max, std::string_view msg);
// One member of a WITHSCORES reply: member then score in RESP2, a [member, score] array
// in RESP3.
void replyPair(ReplyWriter& r, std::string_view member, double score);
// Deletes `key` when its zset `z` has become empty (Redis never keeps empty keys).
void deleteIfEmpty(CommandContext& ctx, const std::string& key, const Object& z);

}  // namespace redsim::zsetcmd
