// Writing an RDB file (version 10, byte-compatible with Redis 7.0.15's rdb.c).
//
// An RDB file is a header, a stream of opcodes and an 8-byte checksum:
//   "REDIS0010"                          magic and version
//   AUX name value  (0xFA)               redis-ver, redis-bits, ctime, used-mem, aof-base
//   FUNCTION2 code  (0xF5)               one per function library
//   per non-empty database:
//     SELECTDB n    (0xFE)               which database follows
//     RESIZEDB k e  (0xFB)               its key count and expires count (sizing hints)
//     per key: [EXPIRETIME_MS t (0xFC)] [IDLE s (0xF8) | FREQ f (0xF9)] type key value
//   EOF             (0xFF)
//   CRC-64 of everything before, little-endian (zeros with rdbchecksum no)
//
// Numbers inside are "lengths": 1 byte for < 64, 2 for < 16384, 5 (0x80 + 32-bit big
// endian) or 9 (0x81 + 64-bit big endian). A length byte whose top two bits are 11 is
// a special string encoding instead: an 8/16/32-bit integer (0xC0/C1/C2, little endian)
// or an LZF blob (0xC3, compressed length, original length, data).
//
// Values are written in the encoding they have in memory where Redis 7.0 does so:
// listpacks and intsets as one string blob, a quicklist node by node (compressed nodes
// as their LZF bytes), hashtables and skiplists element by element. What each encoding
// costs is the same arithmetic as engine/persist/rdb_length.h (DEBUG OBJECT's
// serializedlength); tests check the two agree.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/object.h"

namespace redsim {

class Engine;

// RDB type bytes of the values Redis 7.0 writes.
enum class RdbType : uint8_t {
    String = 0,
    Set = 2,
    ZSet2 = 5,
    Hash = 4,
    SetIntset = 11,
    HashListpack = 16,
    ZSetListpack = 17,
    ListQuicklist2 = 18,
    StreamListpacks2 = 19,
};

inline constexpr int kRdbVersion = 10;

// Appends RDB primitives to a byte string.
class RdbWriter {
public:
    explicit RdbWriter(std::string& out, bool compression = true) : out_(out), compression_(compression) {}

    void byte(uint8_t b) { out_ += static_cast<char>(b); }
    void raw(std::string_view s) { out_.append(s); }
    // rdbSaveLen.
    void len(uint64_t n);
    // rdbSaveRawString: an integer encoding when the bytes are a small canonical
    // integer, LZF when compression is on, the string is over 20 bytes and LZF saves
    // at least 4 bytes, else length + bytes.
    void string(std::string_view s);
    // rdbSaveLzfBlob: already-compressed bytes.
    void lzfBlob(std::string_view compressed, size_t original_len);
    // rdbSaveMillisecondTime / rdbSaveBinaryDoubleValue: 8 raw little-endian bytes.
    void millis(int64_t ms);
    void binaryDouble(double d);

    // The type byte and the value (rdbSaveObjectType + rdbSaveObject).
    static RdbType typeOf(const Object& o);
    void object(const Object& o);

private:
    std::string& out_;
    bool compression_;
};

// DUMP's body without its footer: the type byte and the serialized value.
std::string rdbSerializeValue(const Object& o, bool compression = true);

struct RdbSaveOptions {
    bool compression = true;          // rdbcompression
    bool checksum = true;             // rdbchecksum
    int64_t ctime_s = 0;              // the "ctime" aux field (unix seconds)
    long long used_mem = 0;           // the "used-mem" aux field
    long long key_save_delay_us = 0;  // rdb-key-save-delay: sleep after each key (tests)
    bool aof_base = false;            // the "aof-base" aux field: 1 in an AOF's RDB base file
};

// What a save wrote.
struct RdbSaveStats {
    uint64_t keys = 0;
    uint64_t bytes = 0;
};

// The whole RDB file for the engine's current data.
std::string rdbSerialize(Engine& engine, const RdbSaveOptions& opts);

// SAVE: writes the RDB to `path` through temp-<pid>.rdb in the same directory, in 1 MB
// pieces (the file is never built in memory whole), then fsync and rename, so a crash
// leaves either the old file or the new one. Returns "" on success or Redis's log line
// for the failure ("Failed opening the temp RDB file …", "Write error saving DB on
// disk: …"). `stats`, if given, gets the keys and bytes written.
std::string rdbSaveToFile(Engine& engine, const std::string& path, const RdbSaveOptions& opts,
                          RdbSaveStats* stats = nullptr);

}  // namespace redsim
