// SCAN, HSCAN, SSCAN and ZSCAN share one implementation, as Redis's scanGenericCommand.
//
// The keyspace and the big encodings (hashtable sets and hashes, the skiplist zset's
// dict) are walked with the dict's reverse-binary cursor, COUNT buckets' worth at a time
// (count*2 entries for hashes and zsets, which return pairs). The small encodings
// (intset, listpack) have no buckets to resume from: one call returns every element
// and cursor 0. MATCH filters after the walk, so a call may return fewer than COUNT
// elements, even none, with a non-zero cursor.
#pragma once

#include <cstdint>
#include <optional>

#include "engine/commands/command.h"
#include "engine/object.h"

namespace redsim {

// parseScanCursorOrReply: strtoul's rules as Redis 7.0 applies them (so "" is cursor 0);
// "ERR invalid cursor" otherwise.
std::optional<uint64_t> scanCursorArg(CommandContext& ctx, size_t i);

// Options start at argv[first_option]. o == nullptr scans the selected db's keys (and
// accepts TYPE); otherwise o is a set, hash or zset.
void scanGeneric(CommandContext& ctx, Object* o, uint64_t cursor, size_t first_option);

// What HSCAN, SSCAN and ZSCAN reply for a missing key: cursor 0 and no elements.
void replyEmptyScan(ReplyWriter& reply);

}  // namespace redsim
