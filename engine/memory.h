// Memory: a deterministic model of what Redis 7.0 allocates, and its running total.
//
// Redis counts every byte it asks jemalloc for (zmalloc's used_memory). jemalloc hands
// out blocks in size classes, so a 21-byte request costs 32 bytes. redsim does not use
// jemalloc, so it *models* each allocation Redis would make for a value:
//   string  robj (16) with the sds inside it (embstr), or robj + its own sds (raw), or
//           only the robj (int; nothing at all for the shared integers 0..9999)
//   list    robj + quicklist (40) + per node a quicklistNode (40) and its listpack (or
//           its LZF block when compressed)
//   hash    robj + listpack blob, or robj + dict (56) + bucket array + per field a
//           dictEntry (24) and two sds
//   set     robj + intset blob, or robj + dict + buckets + per member dictEntry + sds
//   zset    robj + listpack, or robj + zset + dict + zskiplist + its 32-level header
//           + per member dictEntry + skiplist node (24 + 16 per level) + one sds
//   stream  robj + stream + rax (Redis's own approximation) + node listpacks + groups,
//           consumers and pending entries
// and each of those sizes rounded up to jemalloc's size class (mallocSize). A key adds
// its sds name and a dictEntry in the keyspace; a TTL adds a dictEntry in `expires`;
// both dicts add 8 bytes per bucket. docs/memory.md walks through examples.
//
// The total is kept incrementally (DbMemory) so reading it is cheap: eviction reads it
// before every write.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace redsim {

class Object;
class Db;
class Engine;

namespace memory {

// Sizes of Redis 7.0's structures on a 64-bit build.
inline constexpr size_t kRobj = 16;
inline constexpr size_t kDictEntry = 24;
inline constexpr size_t kDictStruct = 56;
inline constexpr size_t kQuicklist = 40;
inline constexpr size_t kQuicklistNode = 40;  // 36 bytes of fields, padded
inline constexpr size_t kZset = 16;
inline constexpr size_t kZskiplist = 32;
inline constexpr size_t kSkiplistNode = 24;  // + 16 per level
inline constexpr size_t kStream = 80;
inline constexpr size_t kStreamCG = 40;
inline constexpr size_t kStreamNACK = 24;
inline constexpr size_t kStreamConsumer = 24;

// What an empty redis-server 7.0.15 reports as used_memory with one client connected
// (its startup allocations: shared objects, dicts, the client). Measured, see memory.md.
inline constexpr long long kStartupMemory = 876264;
inline constexpr long long kClientMemory = 20480;  // a connected client's buffers, roughly

// Collections up to this many elements are costed element by element; larger ones from
// the first kModelSamples elements, extrapolated (O(1) per write for any size).
inline constexpr size_t kExactElements = 1024;
inline constexpr size_t kModelSamples = 256;

// The jemalloc 5.3 size class that serves a request of n bytes: 8, then multiples of 16
// up to 128, then four classes per doubling (160 192 224 256, 320 384 448 512, …).
size_t mallocSize(size_t n);
// Bytes an exact-fit sds of `len` characters takes (header chosen by length, as
// sdsnewlen does: 1 byte below 32, 3 below 256, 5 below 64 KiB, 9 below 4 GiB, else 17).
size_t sdsAlloc(size_t len);
// Bucket array of a dict with `buckets` slots (8 bytes each), 0 when unallocated.
size_t bucketsAlloc(size_t buckets);

// Allocations of a value, as objectComputeSize walks them: collections are sampled
// `samples` elements (nodes for lists and streams) and the average extrapolated; pass
// SIZE_MAX for "all". `usage`: count as MEMORY USAGE does (Redis's objectComputeSize,
// see dictOverhead in memory.cpp); otherwise as the used_memory model does.
long long valueCost(const Object& o, size_t samples, bool usage);
// MEMORY USAGE: the value with `samples` samples, plus the key's sds and dictEntry.
long long memoryUsage(std::string_view key, const Object& o, size_t samples);
// A key's share of used_memory, excluding its keyspace dictEntry and buckets (counted
// per dict): key sds + value, collections costed exactly up to kExactElements.
long long keyCost(std::string_view key, const Object& o);

// True if a command that looks `o` up may change its cost without announcing a change
// (signalModifiedKey): a hashtable that is rehashing (a read moves the rehash on), or
// a stream (XREADGROUP and XCLAIM change the PELs silently, as in Redis). Db's
// lookups then mark the key dirty; it is recounted after the command.
bool changesOnRead(const Object& o);

// The running total of one database's keys (key sds + value), kept up to date lazily.
// Every Object carries what it contributes to the total (Object::mem_cost):
//   - an object leaving the keyspace (deleted, replaced, expired, taken by RENAME or
//     MOVE) takes its contribution with it (forget);
//   - an object entering it contributes nothing yet (Db zeroes mem_cost), and its key
//     is marked dirty (touch), as is a key whose value changed in place
//     (Engine::signalModifiedKey);
//   - flush() recosts the dirty keys: the total moves by new cost - mem_cost.
// So the total equals the sum over keys of keyCost after every flush
// (tests/commands/memory_test.cpp checks this after random commands). A write costs one
// remembered key name and, at the next flush, one lookup and one keyCost.
class DbMemory {
public:
    // Marks a key for recosting: after a key is added, or its value changed in place.
    void touch(std::string_view key) {
        // A command usually touches the same key twice in a row (added, then signalled).
        if (dirty_.empty() || dirty_.back() != key) dirty_.emplace_back(key);
    }
    // An object leaves the keyspace: its contribution goes, and it carries none.
    void forget(Object& o);
    // A key put straight into the dict (the RDB loader) whose mem_cost is already set.
    void counted(long long cost) { total_ += cost; }
    // Between commands (memoryAfterCommand): flushes when many keys are dirty (a bulk
    // load with nobody reading used_memory), so the dirty list stays small.
    void settleIfMany(Db& db);
    static constexpr size_t kSettleAfter = 4096;
    // Recomputes the dirty keys; returns the total.
    long long flush(Db& db);
    // Forgets everything (FLUSHDB) / recounts every key (after RDB loading).
    void reset();
    void rebuild(Db& db);
    // Full walk, for tests: the sum of keyCost over every key.
    static long long recompute(Db& db);

private:
    long long total_ = 0;
    std::vector<std::string> dirty_;  // keys to recost (a key may appear more than once)
};

}  // namespace memory

// The figures INFO memory and MEMORY STATS report (Redis's getMemoryOverheadData), all
// from the model. Reading them updates the peak.
struct MemoryOverview {
    long long used = 0, peak = 0, startup = 0;
    long long clients_normal = 0, lua_caches = 0, functions_caches = 0;
    struct DbOverhead {
        int id = 0;
        long long main = 0, expires = 0;
    };
    std::vector<DbOverhead> dbs;
    long long overhead_total = 0, keys = 0, dataset = 0, bytes_per_key = 0;
    float dataset_perc = 0, peak_perc = 0;
    // Allocator and process figures, modelled (DIFFERS FROM REDIS: no real allocator):
    // active = allocated rounded up to 4 KiB pages, resident = active, rss = resident
    // plus the 2 MiB a redis-server binary's own pages take.
    long long allocated = 0, active = 0, resident = 0, rss = 0;
};
MemoryOverview memoryOverview(Engine& engine);
// The script caches as Redis 7.0 lays them out (EVAL scripts; FUNCTION libraries).
void scriptCachesMemory(Engine& engine, long long& eval, long long& functions);
// What one cached EVAL script of `body_len` bytes costs (the script cache adds it up).
long long evalScriptMemory(size_t body_len);
// MEMORY DOCTOR's text.
std::string memoryDoctorReport(Engine& engine);

// Called by the engine after each command: keeps the dirty sets small.
void memoryAfterCommand(Engine& engine);

// used_memory: the startup base, connected clients, every database's keys, keyspace and
// expires dicts, and the scripting caches. O(keys changed since the last call).
long long usedMemoryModel(Engine& engine);

}  // namespace redsim
