// Blocking: what a client waits for while it is blocked (Redis's blocked.c `bpop` state).
//
// A blocking command (BLPOP, BZPOPMIN, XREAD BLOCK …) that finds nothing to pop does not
// answer: the engine parks the client on its keys, first come first served. When one of
// those keys gets data (a new list, sorted set or stream is added, or XADD appends), the
// key is "ready"; after the command that made it ready has finished — after EXEC or the
// whole script, never half-way — the engine serves the parked clients in the order they
// blocked. A deadline on the engine clock answers the timeout reply (a null array).
//
// CLIENT PAUSE uses the same state: a paused client's command is "postponed" and runs
// when the pause ends.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/types/stream_id.h"

namespace redsim {

struct CommandContext;
struct CommandSpec;
class Object;

enum class BlockType : uint8_t {
    None,
    List,      // BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP
    ZSet,      // BZPOPMIN BZPOPMAX BZMPOP
    Stream,    // XREAD / XREADGROUP with BLOCK
    Postpone,  // a command held back by CLIENT PAUSE
};

// Serves a blocked client once `key` (which holds a value of the client's block type)
// is ready: `ctx` is the blocked client's own context (its argv, its reply buffer).
// Returns false when there was nothing for this client after all (a stream reader whose
// id is still ahead), so it stays blocked.
using BlockServe = bool (*)(CommandContext& ctx, const std::string& key, Object& value);

struct BlockState {
    BlockType type = BlockType::None;
    int db = 0;
    int64_t deadline_ms = 0;        // 0: waits until served (timeout 0)
    std::vector<std::string> keys;  // distinct, in argument order
    std::vector<std::string> argv;  // the command (Postpone: what runs when the pause ends)
    const CommandSpec* spec = nullptr;
    BlockServe serve = nullptr;
    // What serving needs, filled by the command that blocked:
    int from = 0, to = 0;  // list ends (ListEnd) / zset end (0 min, 1 max)
    std::string target;    // BLMOVE / BRPOPLPUSH destination ("" for none)
    bool has_target = false;
    long long count = -1;         // BLMPOP/BZMPOP COUNT; XREAD COUNT (0: all)
    std::vector<StreamID> ids;    // streams: entries after ids[i] for keys[i]
    std::string group, consumer;  // XREADGROUP
    bool noack = false;
};

}  // namespace redsim
