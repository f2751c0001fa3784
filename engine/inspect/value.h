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
//   stream    the listpack nodes (master fields, live/deleted counts, each entry's id
//             delta, flags and fields), and the consumer groups with their cursor,
//             entries read, lag, consumers and pending entries lists
// And the views of values that other commands give a meaning to:
//   HLL       a string starting with "HYLL" (PF* commands): the header, the estimate
//             (computed here, the cached one is left alone), the register histogram,
//             the sparse opcodes or a folded heat map of the dense registers; a corrupt
//             one says what is wrong
//   bits      a string as SETBIT/GETBIT/BITCOUNT see it: a window of its bits,
//             popcount, first set and first clear bit. Attached to strings that are not
//             printable text (and not HLLs); bitsOf() gives it for any window
//   geo       a sorted set whose scores are all 52-bit geohashes (GEOADD): members with
//             their decoded position, GEOHASH text and cell; geoSearchOf() replays the
//             cells a GEOSEARCH scans
// Every snapshot also carries `reason`: one paragraph for a learner saying why the
// value has this encoding, with the config thresholds by name and current value.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config.h"
#include "engine/ds/skiplist.h"
#include "engine/object.h"
#include "engine/types/geo.h"

namespace redsim {
class Engine;
}

namespace redsim::inspect {

// How much of a big value a snapshot copies. Lists past a limit keep their first
// `limit` items and count the rest in `more`.
struct Limits {
    size_t entries = 16;       // listpack entries, intset members, skiplist nodes
    size_t nodes = 16;         // quicklist nodes
    size_t node_first = 0;     // the first of them (a window of a long list; clamped to the last node)
    bool node_counts = false;  // also copy every node's element count (QuicklistSnap::counts)
    size_t buckets = 16;       // dict buckets whose chain length is listed, per table
    size_t bucket_first = 0;   // the first of them (a window of a big table); chains are
                               // the first non-empty buckets from here on too
    size_t chains = 4;         // non-empty dict buckets whose keys are copied, per table
    size_t chain_keys = 4;     // keys copied per chain
    size_t string_bytes = 64;  // bytes of a string / listpack string entry / member
    size_t raw_bytes = 6;      // leading raw bytes copied per listpack entry (for hex)
    size_t hll_ops = 24;       // sparse HLL opcodes
    size_t bit_bytes = 8;      // bytes of a bit window
    size_t geo_members = 16;   // geo members listed, and candidates per searched cell
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
    std::vector<Node> nodes;   // the first ones, or Limits::nodes from Limits::node_first on
    size_t more = 0;           // nodes after the listed ones
    size_t first_node = 0;     // index of nodes[0] (= nodes before the listed ones)
    size_t first_element = 0;  // list index of nodes[0]'s first element
    // With Limits::node_counts: every node's element count, head to tail (read from the
    // node headers; nothing is decompressed). Else empty.
    std::vector<uint32_t> counts;
    size_t compressed_nodes = 0;  // over all nodes
    // The elements at both ends, as LRANGE gives them (cut to Limits::string_bytes): the
    // first Limits::entries, and the last ones after them (none when `first` has all).
    std::vector<Bytes> first, last;
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
        std::vector<uint32_t> chain_lengths;  // buckets first_bucket.. (a window)
        size_t first_bucket = 0;              // Limits::bucket_first (0 when past the end)
        size_t more_buckets = 0;              // buckets outside the window
        std::vector<size_t> histogram;        // histogram[n] = buckets with a chain of n
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
    std::vector<Skiplist::NodeView> nodes;   // the first ones (skiplistWindow: a window), members cut
    size_t more = 0;
    std::string tail_member;  // "" when empty
    double tail_score = 0;
};

// A HyperLogLog (engine/types/hll.h) read without changing it.
struct HllSnap {
    bool valid = true;    // false: the PF* commands would refuse or fail on it
    std::string problem;  // what is wrong when !valid, for a learner
    bool sparse = true;   // the encoding byte says sparse (1) or dense (0)
    size_t bytes = 0;     // the whole string
    std::string header;   // the 16 header bytes as stored (fewer if the string is shorter)
    uint8_t encoding_byte = 0;
    bool cache_valid = false;         // bit 7 of byte 15 clear
    uint64_t cached = 0;              // the cached cardinality (meaningful when cache_valid)
    uint64_t estimate = 0;            // PFCOUNT's answer, computed from the registers
    std::array<int, 64> histogram{};  // histogram[v] = registers holding v
    long long sparse_max_bytes = 0;   // hll-sparse-max-bytes
    struct Op {
        char kind = 'z';  // 'z' ZERO, 'Z' XZERO, 'v' VAL
        size_t offset = 0, size = 0;
        long first = 0;  // first register covered
        int len = 0, value = 0;
    };
    std::vector<Op> ops;  // sparse: the first opcodes
    size_t op_count = 0;  // sparse: all opcodes
    size_t more = 0;
    long registers_covered = 0;  // sparse: 16384 when valid
    // The 16384 registers folded into heat_rows x heat_cols cells of 16384 / (rows*cols)
    // consecutive registers each (row-major): the largest and the mean value per cell.
    static constexpr size_t heat_rows = 16, heat_cols = 64;
    std::vector<uint8_t> heat_max;
    std::vector<double> heat_mean;
};

// A string as a bitmap: bit n is bit 7 - n%8 of byte n/8 (the most significant bit of
// byte 0 is bit 0), as SETBIT numbers them.
struct BitsSnap {
    size_t bytes = 0;              // STRLEN
    size_t popcount = 0;           // BITCOUNT
    long long first_set = -1;      // BITPOS key 1 (-1: none)
    long long first_clear = -1;    // BITPOS key 0: the first 0 bit, or bytes*8 when every
                                   // bit is 1 (the bit just past the end); -1 when empty
    size_t window_first_byte = 0;  // the window: bytes [first, first + window.size())
    std::string window;
    std::optional<uint64_t> focus;  // the bit the window was taken around, if any
};

// A sorted set read as a geo index (engine/types/geo.h).
struct GeoSnap {
    struct Member {
        std::string member;
        double score = 0;
        double lon = 0, lat = 0;        // GEOPOS: the centre of the finest cell
        std::string geohash;            // GEOHASH's 11 characters
        double cell[4] = {0, 0, 0, 0};  // the 52-bit cell: min lon, min lat, max lon, max lat
    };
    std::vector<Member> members;  // in score (= geohash) order, the first ones
    size_t more = 0;
};

// What a GEOSEARCH around a point does (geo::areasForShape and geo::scanPlan, the code
// the command runs): the step chosen, the 9 cells and what each one contributed.
struct GeoSearchSnap {
    struct Candidate {
        std::string member;
        double lon = 0, lat = 0;
        double dist = 0;      // meters to the centre
        bool inside = false;  // passed the circle / box test
    };
    struct Cell {
        std::string name;  // "centre", "north", ...
        uint64_t bits = 0;
        int step = 0;
        std::string skip;                   // "" scanned, "unreachable", "duplicate"
        uint64_t min = 0, max = 0;          // scores [min, max) when scanned
        double area[4] = {0, 0, 0, 0};      // min lon, min lat, max lon, max lat
        std::vector<Candidate> candidates;  // the first members in its score range
        size_t more = 0;
        size_t inside = 0;  // of all its candidates
    };
    bool box = false;
    double lon = 0, lat = 0;
    double radius = 0, width = 0, height = 0;  // in `unit`
    std::string unit;
    double radius_meters = 0;          // the radius the step was estimated for
    double bounds[4] = {0, 0, 0, 0};   // the search area's bounding box (degrees)
    int estimated_step = 0, step = 0;  // step < estimated_step: the centre was near an edge
    std::vector<Cell> cells;           // 9, in scanning order
    size_t matches = 0;                // members inside, over all cells
};

// A stream (engine/types/stream.h, stream_group.h): its listpack nodes with the entries
// in them (deleted ones too, flagged), and its consumer groups with their pending
// entries lists (PEL) and consumers. Times are the engine's ms; `now_ms` is the engine
// time the snapshot was taken at (0 from inspectObject), for idle times.
struct StreamSnap {
    size_t length = 0;
    StreamID last_id, first_id, max_deleted;
    uint64_t entries_added = 0;
    size_t node_count = 0;
    size_t rax_nodes = 0;  // XINFO's radix-tree-nodes
    long long node_max_bytes = 0, node_max_entries = 0;
    int64_t now_ms = 0;
    struct Entry {
        StreamID id;
        bool deleted = false;
        bool same_fields = false;   // fields not repeated: they are the master entry's
        size_t offset = 0;          // of its flags element in the node's listpack
        size_t elements = 0;        // listpack elements it takes, lp-count included
        std::vector<Bytes> fields;  // field, value, ... (empty when deleted)
    };
    struct Node {
        StreamID master;
        size_t bytes = 0;  // the listpack's size
        long long live = 0, deleted = 0;
        std::vector<Bytes> master_fields;
        std::vector<Entry> entries;  // the first ones
        size_t more = 0;
    };
    std::vector<Node> nodes;  // the first ones
    size_t more_nodes = 0;
    struct Pending {
        StreamID id;
        std::string consumer;
        int64_t delivery_time = 0;
        uint64_t deliveries = 0;
    };
    struct Consumer {
        std::string name;
        int64_t seen_time = 0;
        size_t pending = 0;
    };
    struct Group {
        std::string name;
        StreamID last_id;
        int64_t entries_read = -1;   // -1: unknown
        std::optional<int64_t> lag;  // nullopt: unknown (XINFO's nil)
        size_t pel_size = 0;
        std::vector<Pending> pel;  // the first ones
        std::vector<Consumer> consumers;
        size_t more_consumers = 0;
    };
    std::vector<Group> groups;
    size_t more_groups = 0;
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
    // Views by meaning (see the top of this file): at most one of these.
    std::optional<HllSnap> hll;
    std::optional<BitsSnap> bits;
    std::optional<GeoSnap> geo;
    std::optional<StreamSnap> stream;
};

// The value of `key` in database `db`, or nullopt if there is no such key, or it is
// past its deadline at the engine's current command time (it would be gone on the next
// access; it is not deleted here). Touches nothing.
std::optional<ValueSnapshot> inspectValue(Engine& engine, int db, std::string_view key, const Limits& limits = {});

// The same for an object that is not in a keyspace (tests, the GUI's previews).
// `cfg` supplies the thresholds the reason quotes.
ValueSnapshot inspectObject(const Object& o, const ConfigValues& cfg, std::string_view key = {},
                            const Limits& limits = {});

// The bits of a string value around bit `around` (the window starts at 0 when nullopt).
// nullopt unless the key holds a string.
std::optional<BitsSnap> bitsOf(Engine& engine, int db, std::string_view key, std::optional<uint64_t> around,
                               const Limits& limits = {});
BitsSnap bitsOfString(std::string_view s, std::optional<uint64_t> around, const Limits& limits = {});

// HLL view of any string starting with "HYLL" (nullopt otherwise).
std::optional<HllSnap> hllOf(std::string_view s, const ConfigValues& cfg, const Limits& limits = {});

// Whether every score of a zset is a geohash GEOADD could have stored (an integer in
// [0, 2^52)) and at least one is >= 2^32 (so small-integer zsets stay plain); only then
// the geo view is attached.
bool looksLikeGeo(const Object& zset);

// A search of `key` as GEOSEARCH FROMLONLAT lon lat BYRADIUS radius unit (box: BYBOX
// width height unit) would run it. nullopt unless the key holds a zset. `to_meters`
// converts the unit. The position must be within GEOADD's limits (the caller checks).
struct GeoQuery {
    double lon = 0, lat = 0;
    bool box = false;
    double radius = 0, width = 0, height = 0;
    std::string unit = "m";
    double to_meters = 1;
    // The shape GEOSEARCH tests members against (engine/types/geo.h).
    geo::Shape shape() const;
};
std::optional<GeoSearchSnap> geoSearchOf(Engine& engine, int db, std::string_view key, const GeoQuery& q,
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

// A window of the skiplist of `key`: level, length, header links and tail as
// inspectValue gives them, but the nodes are up to limits.entries consecutive ones
// starting at 1-based rank `first_rank` (0 counts as 1); `more` counts the nodes after
// them. For the GUI's view of a big zset: O(log N + entries * level), whatever N is.
// nullopt unless the key holds a zset in skiplist encoding.
std::optional<SkiplistSnap> skiplistWindow(Engine& engine, int db, std::string_view key, unsigned long first_rank,
                                           const Limits& limits = {});

}  // namespace redsim::inspect
