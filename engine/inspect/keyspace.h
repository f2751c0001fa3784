// Read-only views of the keyspace for faces (completion, the GUI's key list).
// They copy what they return, touch nothing (no lazy expiry, no statistics, no access
// data) and never hand out pointers into the engine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/object.h"

namespace redsim {
class Engine;
}

namespace redsim::inspect {

// Up to `limit` keys of database `db` whose names start with `prefix`, skipping keys
// past their deadline. Order is the dict's bucket order.
std::vector<std::string> keysWithPrefix(Engine& engine, int db, std::string_view prefix, size_t limit);

// A key as a key browser lists it.
struct KeyInfo {
    std::string key;
    ObjType type = ObjType::String;
    int64_t expire_at_ms = -1;  // deadline (Unix ms), -1 = none
};

// One step of a SCAN-like walk of database `db` (the dict's reverse-binary cursor, so
// a walk in steps sees every key that stays present from start to end): appends the
// keys of whole buckets until at least `count` were added, and returns the next cursor
// (0: the walk is complete; start with 0). Keys past their deadline are skipped. No
// rehash step, no statistics, no access data.
uint64_t scanKeys(Engine& engine, int db, uint64_t cursor, size_t count, std::vector<KeyInfo>& out);

// A key's access data (the 24 bits Redis keeps in robj.lru), decoded both ways as
// OBJECT IDLETIME and OBJECT FREQ decode it; which one is meaningful depends on the
// maxmemory-policy the bits were written under (LFU policies: lfu; any other: idle_ms).
struct KeyAccess {
    uint32_t raw = 0;           // the 24 bits as stored
    long long idle_ms = 0;      // LRU reading: ms since the last access (1 s resolution)
    uint32_t lfu = 0;           // LFU reading: the counter after time decay (0..255)
    int64_t expire_at_ms = -1;  // deadline (Unix ms), -1 = none
};

// The access data of `key` in database `db`; nullopt if it is missing or past its
// deadline. Read-only: no lookup that refreshes the LRU/LFU bits, no LFU decay written
// back, no statistics (unlike OBJECT FREQ, which goes through the same decoding).
std::optional<KeyAccess> keyAccess(Engine& engine, int db, std::string_view key);

}  // namespace redsim::inspect
