// Read-only snapshots of one value's insides, for the REPL's :explain and the GUI.
//
// Redis has nothing like this: the only truth here is the structures themselves
// (engine/ds). A snapshot is a plain copy, taken in one call: it holds no pointer into
// the engine, so it stays valid whatever the engine does afterwards, and taking it
// changes nothing (no lazy expiry, no LRU/LFU touch, no keyspace hit/miss, no rehash
// step). Big values are cut at explicit limits (Limits); every cut list carries a
// `more` count of what was left out, so a drawing can say "... 1234 more".
//
// What each encoding shows:
//   string    int / embstr / raw, the length, the first bytes, and why that encoding
//   listpack  header (total bytes, count), every entry with its byte offset, encoding
//             and the sizes of its three parts, the terminator
//   quicklist fill and compress depth, every node: entries, bytes, compressed or not
//             (LZF size), PLAIN
//   intset    width, length, blob size, the members
//   dict      both tables: size, used, chain length per bucket (a window and a
//             histogram), a few chains' keys, rehashidx
//   skiplist  level, length, tail, the header's links, nodes with their levels,
//             forward links and spans; plus the zset's dict
// Every snapshot also carries `reason`: one paragraph for a learner saying why the
// value has this encoding, with the config thresholds by name and current value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config.h"
#include "engine/ds/skiplist.h"
#include "engine/object.h"

namespace redsim {
class Engine;
}

namespace redsim::inspect {

// How much of a big value a snapshot copies. Lists past a limit keep their first
// `limit` items and count the rest in `more`.
struct Limits {
    size_t entries = 16;       // listpack entries, intset members, skiplist nodes
    size_t nodes = 16;         // quicklist nodes
    size_t buckets = 16;       // dict buckets whose chain length is listed, per table
    size_t chains = 4;         // non-empty dict buckets whose keys are copied, per table
    size_t chain_keys = 4;     // keys copied per chain
    size_t string_bytes = 64;  // bytes of a string / listpack string entry / member
    size_t raw_bytes = 6;      // leading raw bytes copied per listpack entry (for hex)
};

// A config threshold that decides an encoding, as CONFIG GET names it.
struct Threshold {
    std::string name;  // "hash-max-listpack-entries"
    long long value = 0;
};

// Text cut to a limit; `full_size` tells whether it was cut.
struct Bytes {
    std::string text;  // the first bytes, at most Limits::string_bytes
    size_t full_size = 0;
    bool cut() const { return text.size() < full_size; }
};

struct StringSnap {
    size_t length = 0;  // STRLEN
    Bytes bytes;
    bool shared = false;  // one of the shared integers 0..9999 (int encoding only)
};

struct ListpackSnap {
    struct Entry {
        size_t offset = 0;     // of the encoding byte, from the listpack's first byte
        std::string encoding;  // "7BIT_UINT", "6BIT_STR", ... (Listpack::EntryLayout)
        size_t encoding_bytes = 0, data_bytes = 0, backlen_bytes = 0;
        bool is_int = false;
        Bytes value;       // decoded (ints in decimal)
        std::string role;  // "field"/"value" (hash), "member"/"score" (zset), "" (list node)
        std::string raw;   // the entry's first bytes as stored, at most Limits::raw_bytes
        size_t total() const { return encoding_bytes + data_bytes + backlen_bytes; }
    };
    size_t total_bytes = 0;     // the header's u32, = the buffer's size
    uint16_t header_count = 0;  // the header's u16 (65535 = unknown)
    size_t count = 0;           // entries
    size_t header_bytes = Listpack::kHeaderSize;
    std::string header_raw;        // the 6 header bytes as stored
    size_t terminator_offset = 0;  // of the 0xFF byte
    std::vector<Entry> entries;    // the first ones
    size_t more = 0;               // entries not listed
};

struct QuicklistSnap {
    struct Node {
        size_t index = 0;
        size_t count = 0;  // elements
        size_t bytes = 0;  // uncompressed listpack (or PLAIN element) size
        bool compressed = false;
        size_t compressed_bytes = 0;  // LZF size when compressed
        bool plain = false;
    };
    int fill = 0;                 // list-max-listpack-size the list was built with
    size_t fill_limit_bytes = 0;  // the byte limit for negative fill, else 0
    int compress_depth = 0;
    size_t packed_threshold = 0;  // elements this big or bigger get a PLAIN node
    size_t count = 0;             // elements
    size_t node_count = 0;
    std::vector<Node> nodes;  // the first ones
    size_t more = 0;
    size_t compressed_nodes = 0;  // over all nodes
};

struct IntsetSnap {
    uint32_t width = 2;  // bytes per member: 2, 4 or 8
    size_t length = 0;
    size_t blob_bytes = 0;         // 8 + length * width
    std::vector<int64_t> members;  // the smallest ones
    size_t more = 0;
};

struct DictSnap {
    struct Chain {
        size_t bucket = 0;
        size_t length = 0;
        std::vector<std::string> keys;  // head first, at most Limits::chain_keys, cut
    };
    struct Table {
        size_t size = 0;  // buckets; 0 = not allocated
        size_t used = 0;
        std::vector<uint32_t> chain_lengths;  // buckets 0.. (a window)
        size_t more_buckets = 0;
        std::vector<size_t> histogram;  // histogram[n] = buckets with a chain of n
        size_t longest = 0;
        std::vector<Chain> chains;  // the first non-empty buckets
    };
    Table tables[2];
    long rehashidx = -1;  // -1 when not rehashing
    size_t size = 0;      // entries in both tables
};

struct SkiplistSnap {
    int level = 1;
    unsigned long length = 0;
    std::vector<Skiplist::LinkView> header;  // one per level in use
    std::vector<Skiplist::NodeView> nodes;   // the first ones, members cut
    size_t more = 0;
    std::string tail_member;  // "" when empty
    double tail_score = 0;
};

struct ValueSnapshot {
    std::string key;
    ObjType type = ObjType::String;
    Encoding encoding = Encoding::Raw;
    size_t length = 0;                  // STRLEN / LLEN / HLEN / SCARD / ZCARD
    std::string reason;                 // why this encoding, for a learner (one paragraph, no newlines)
    std::vector<Threshold> thresholds;  // the config values that decide it
    // Exactly the parts that match the encoding are set: a zset in skiplist encoding
    // has skiplist and dict, a listpack hash has listpack, a list has quicklist.
    std::optional<StringSnap> string;
    std::optional<ListpackSnap> listpack;
    std::optional<QuicklistSnap> quicklist;
    std::optional<IntsetSnap> intset;
    std::optional<DictSnap> dict;
    std::optional<SkiplistSnap> skiplist;
};

// The value of `key` in database `db`, or nullopt if there is no such key, or it is
// past its deadline at the engine's current command time (it would be gone on the next
// access; it is not deleted here). Touches nothing.
std::optional<ValueSnapshot> inspectValue(Engine& engine, int db, std::string_view key, const Limits& limits = {});

// The same for an object that is not in a keyspace (tests, the GUI's previews).
// `cfg` supplies the thresholds the reason quotes.
ValueSnapshot inspectObject(const Object& o, const ConfigValues& cfg, std::string_view key = {},
                            const Limits& limits = {});

// The path a skiplist search takes (Skiplist::pathTo*), with member text cut to
// limits.string_bytes. nullopt unless the key holds a zset in skiplist encoding (and,
// for a Member query, the member is in it: its score comes from the zset's dict).
enum class PathKind { Score, Rank, Member };
struct PathQuery {
    PathKind kind = PathKind::Rank;
    double score = 0;        // Score
    bool exclusive = false;  // Score: "(5"
    unsigned long rank = 0;  // Rank: 1-based
    std::string member;      // Member
};
std::optional<Skiplist::Path> skiplistPath(Engine& engine, int db, std::string_view key, const PathQuery& q,
                                           const Limits& limits = {});

}  // namespace redsim::inspect
