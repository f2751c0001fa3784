// Loading an RDB file (Redis's rdbLoad), as Redis 7.0.15 writes it (RDB version 10,
// and older versions for the parts that did not change).
//
// An RDB file is a header, a stream of opcodes and keys, and a trailer:
//   "REDIS0010"                         magic and a 4-digit version
//   FA key value                        AUX: facts about the writer (redis-ver, ctime…)
//   FE dbid                             SELECTDB: the following keys go to this db
//   FB size expires-size                RESIZEDB: a hint to presize the dicts
//   FC ms(8 bytes LE) | FD s(4 bytes)   EXPIRETIME_MS / EXPIRETIME of the next key
//   F8 idle | F9 freq(1 byte)           IDLE / FREQ: the next key's LRU or LFU data
//   type key value                      one key: a type byte (0..19), the key as a
//                                       string, the value in that type's layout
//   FF crc64(8 bytes LE)                EOF and the CRC64 of everything before (0: none)
// Numbers are RDB "lengths" (1, 2, 5 or 9 bytes, see rdb_length.h); strings are a length
// and bytes, a small integer, or an LZF-compressed block.
//
// Loading follows Redis's rdbLoadObject, including the encoding each value gets: the
// file says how it was stored, the current config says how it must be held (a listpack
// hash with more fields than hash-max-listpack-entries becomes a hashtable, …).
//
// Nothing from the file is trusted: every length is checked against the bytes left,
// every listpack and intset blob is validated entry by entry before any code walks it,
// stream nodes are checked against the stream layout, and the keys go into fresh
// databases that replace the engine's only when the whole file was read and its
// checksum agrees. An error names the file, the byte offset and what was wrong.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/object.h"

namespace redsim {

class Engine;

// What a successful load found (for the "DB loaded from disk" log line and INFO).
struct RdbLoadStats {
    int rdb_version = 0;
    std::string redis_ver;  // AUX redis-ver, "" if absent
    long long ctime = -1;   // AUX ctime (Unix seconds), -1 if absent
    size_t keys_loaded = 0;
    size_t keys_expired = 0;        // keys whose TTL had passed: not loaded, as on a master
    size_t empty_keys_skipped = 0;  // empty collections, skipped as Redis 7.0 does
};

// Loads the RDB image `bytes` into `engine`, replacing every database. On error returns
// the message ("'dump.rdb' at offset 123: ...") and leaves the engine unchanged.
// `functions`: what the file's function libraries do to the engine's (Scripting::
// loadLibraries' policy): 0 a library that exists refuses the file (start-up, --load),
// 1 the file's replaces it (DEBUG RELOAD MERGE), 2 the engine's are dropped first, even
// when the file has none (DEBUG RELOAD, which empties everything as Redis's emptyData).
std::optional<std::string> rdbLoad(Engine& engine, std::string_view bytes, std::string_view filename,
                                   RdbLoadStats* stats = nullptr, int functions = 0);
// Reads the file at `path` and loads it as above.
std::optional<std::string> rdbLoadFile(Engine& engine, const std::string& path, RdbLoadStats* stats = nullptr,
                                       int functions = 0);

// DUMP / RESTORE payloads: one value as rdbSerializeValue writes it, then the RDB
// version (2 bytes, little endian) and the CRC64 of everything before (8 bytes, little
// endian). verifyDumpPayload: false when the payload is shorter than its footer, was
// written by a newer RDB version, or its checksum disagrees.
bool rdbVerifyDumpPayload(std::string_view payload);
// Reads the value at the start of `payload` with the file loader's checks (every length,
// listpack and intset is validated before use). On a malformed value, or an empty
// collection (which Redis refuses too), sets `err` and returns nullopt. `lru_idle` /
// `lfu_freq` (-1: none) set the new object's access data as RESTORE's IDLETIME / FREQ do.
std::optional<Object> rdbLoadValue(Engine& engine, std::string_view payload, std::string& err, long long lru_idle = -1,
                                   long long lfu_freq = -1);

}  // namespace redsim
