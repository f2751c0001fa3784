// The memory model (see memory.h for the structures it counts, docs/memory.md for the
// reasoning with examples).
#include "engine/memory.h"

#include <algorithm>
#include <vector>

#include "engine/db.h"
#include "engine/engine.h"
#include "engine/object.h"
#include "engine/scripting/scripting.h"

namespace redsim::memory {

size_t mallocSize(size_t n) {
    if (n <= 8) return 8;
    if (n <= 128) return (n + 15) / 16 * 16;
    // Above 128 jemalloc has four classes between each power of two and the next.
    size_t group = 128;
    while (n > group * 2) group *= 2;
    const size_t step = group / 4;
    return (n + step - 1) / step * step;
}

size_t sdsAlloc(size_t len) {
    const size_t header = len < 32 ? 1 : len < 256 ? 3 : len < 65536 ? 5 : len < (size_t{1} << 32) ? 9 : 17;
    return mallocSize(header + len + 1);
}

size_t bucketsAlloc(size_t buckets) { return buckets ? mallocSize(buckets * 8) : 0; }

namespace {

// The string's own allocation (embstr: robj and sds in one block).
long long stringCost(const Object& o) {
    if (o.isInt()) return o.isShared() ? 0 : static_cast<long long>(kRobj);
    if (o.encoding() == Encoding::EmbStr) return static_cast<long long>(mallocSize(kRobj + 3 + o.bytes().size() + 1));
    return static_cast<long long>(kRobj + sdsAlloc(o.bytes().size()));
}

// Sum of per-element costs over up to `samples` elements, extrapolated to `total`.
long long extrapolate(long long sum, size_t seen, size_t total) {
    if (seen == 0) return 0;
    if (seen >= total) return sum;
    return static_cast<long long>(static_cast<double>(sum) / static_cast<double>(seen) * static_cast<double>(total));
}

// Walks up to `samples` entries of a dict in bucket order (deterministic for a given
// state) through SCAN's cursor, so a sample costs O(samples), not O(size).
template <class D, class F>
size_t sampleDict(const D& d, size_t samples, F&& per_entry) {
    size_t seen = 0;
    if (samples >= d.size()) {
        d.forEach([&](const auto& e) {
            per_entry(e);
            ++seen;
        });
        return seen;
    }
    auto& md = const_cast<D&>(d);  // scan only pauses rehashing while it runs
    uint64_t cursor = 0;
    do {
        cursor = md.scan(cursor, [&](const auto& e) {
            if (seen >= samples) return;
            per_entry(e);
            ++seen;
        });
    } while (cursor != 0 && seen < samples);
    return seen;
}

// A dict's struct and bucket arrays: MEMORY USAGE counts them as Redis's
// objectComputeSize does (sizeof(dict), 8 bytes per slot), the model as jemalloc
// serves them. Both count both tables while the dict rehashes: Redis rehashes a
// value's dict only when the value is used, so a grown set can stay with two tables.
template <class D>
long long dictOverhead(const D& d, bool usage) {
    if (usage) return static_cast<long long>(kDictStruct + d.buckets() * 8);
    return static_cast<long long>(mallocSize(kDictStruct) + bucketsAlloc(d.tableSize(0)) +
                                  bucketsAlloc(d.tableSize(1)));
}

// A rax's memory as Redis estimates it for streams (streamRadixTreeMemoryUsage): 16
// bytes per element id, and per node its 4-byte header plus a fixed 30 words.
long long raxCost(size_t elements, size_t nodes) {
    return static_cast<long long>(elements * 16 + nodes * (4 + 8 * 30));
}

// Nodes of a rax keyed by n sequential 16-byte ids (a PEL), as Redis builds them: the
// empty head, then about two per id (a key node and the split of a shared prefix).
size_t raxNodesFor(size_t elements) { return elements == 0 ? 1 : 2 * elements; }

// Redis preallocates a new stream node's listpack (STREAM_LISTPACK_MAX_PRE_ALLOCATE)
// and shrinks it to fit when the next node is started: the last node costs at least this.
constexpr size_t kStreamNodePrealloc = 4096;

long long streamCost(const Stream& s, size_t samples) {
    long long size = static_cast<long long>(kRobj + kStream);
    size += raxCost(s.nodeCount(), s.radixTreeNodes());
    // Node listpacks, by allocated size: the first `samples` measured, the others but
    // the last from their average, the last measured (as objectComputeSize does).
    const auto& nodes = s.nodes();
    auto alloc = [&](const Listpack& lp, bool last) {
        const size_t bytes = mallocSize(lp.byteSize());
        return static_cast<long long>(last ? std::max(bytes, kStreamNodePrealloc) : bytes);
    };
    long long lpsize = 0;
    size_t seen = 0;
    for (const auto& [id, lp] : nodes) {
        if (seen >= samples) break;
        ++seen;
        lpsize += alloc(lp, seen == nodes.size());
    }
    if (nodes.size() <= seen) {
        size += lpsize;
    } else if (seen > 0) {
        size += lpsize / static_cast<long long>(seen) * static_cast<long long>(nodes.size() - 1);
        size += alloc(nodes.rbegin()->second, true);
    }
    // Groups: each group, its PEL (rax + one NACK per entry), each consumer with its
    // name and its own PEL rax (the NACKs are shared with the group's).
    for (const auto& [name, cg] : s.groups().all()) {
        size += static_cast<long long>(kStreamCG);
        size += raxCost(cg.pel().size(), raxNodesFor(cg.pel().size()));
        size += static_cast<long long>(kStreamNACK * cg.pel().size());
        for (const auto& [cname, c] : cg.consumers()) {
            size += static_cast<long long>(kStreamConsumer + cname.size());
            size += raxCost(c.pel.size(), raxNodesFor(c.pel.size()));
        }
    }
    return size;
}

}  // namespace

long long valueCost(const Object& o, size_t samples, bool usage) {
    samples = std::max<size_t>(samples, 1);
    // A fixed-size struct: MEMORY USAGE adds its sizeof, the model its size class
    // (a 24-byte dictEntry really takes 32: jemalloc has no 24-byte class).
    auto st = [usage](size_t n) { return usage ? n : mallocSize(n); };
    switch (o.type()) {
        case ObjType::String:
            // objectComputeSize counts an robj even for a shared integer.
            return usage && o.isInt() ? static_cast<long long>(kRobj) : stringCost(o);
        case ObjType::List: {
            const Quicklist& ql = o.quicklist();
            long long size = static_cast<long long>(kRobj + st(kQuicklist));
            long long nodes = 0;
            size_t seen = 0;
            ql.forEachNodePayload([&](const Quicklist::NodePayload& p) {
                if (seen >= samples) return;
                // A compressed node's block is quicklistLZF: a 4-byte length, then the data.
                const size_t block = p.compressed ? 4 + p.bytes.size() : p.bytes.size();
                nodes += static_cast<long long>(st(kQuicklistNode) + mallocSize(block));
                ++seen;
            });
            return size + extrapolate(nodes, seen, ql.nodeCount());
        }
        case ObjType::Hash:
            if (o.encoding() == Encoding::ListPack)
                return static_cast<long long>(kRobj + mallocSize(o.listpack().byteSize()));
            else {
                const HashDict& d = o.hashDict();
                long long elements = 0;
                const size_t seen = sampleDict(d, samples, [&](const auto& e) {
                    elements +=
                        static_cast<long long>(st(kDictEntry) + sdsAlloc(e.key.size()) + sdsAlloc(e.value.size()));
                });
                return static_cast<long long>(kRobj) + dictOverhead(d, usage) + extrapolate(elements, seen, d.size());
            }
        case ObjType::Set:
            if (o.encoding() == Encoding::IntSet)
                return static_cast<long long>(kRobj + mallocSize(o.intset().blobLen()));
            else {
                const SetDict& d = o.setDict();
                long long elements = 0;
                const size_t seen = sampleDict(d, samples, [&](const auto& e) {
                    elements += static_cast<long long>(st(kDictEntry) + sdsAlloc(e.key.size()));
                });
                return static_cast<long long>(kRobj) + dictOverhead(d, usage) + extrapolate(elements, seen, d.size());
            }
        case ObjType::ZSet:
            if (o.encoding() == Encoding::ListPack)
                return static_cast<long long>(kRobj + mallocSize(o.listpack().byteSize()));
            else {
                const ZSetIndex& z = o.zsetIndex();
                long long size =
                    static_cast<long long>(kRobj + st(kZset) + st(kZskiplist) + mallocSize(kSkiplistNode + 16 * 32));
                size += dictOverhead(z.dict, usage);
                // The skiplist in order: each node, its member sds (shared with the dict
                // in 7.0) and the dict's entry for it.
                long long elements = 0;
                size_t seen = 0;
                for (const Skiplist::Node* n = z.zsl.first(); n != nullptr && seen < samples; n = n->next()) {
                    elements +=
                        static_cast<long long>(st(kDictEntry) + sdsAlloc(n->member().size()) +
                                               mallocSize(kSkiplistNode + 16 * static_cast<size_t>(n->level())));
                    ++seen;
                }
                return size + extrapolate(elements, seen, z.zsl.size());
            }
        case ObjType::Stream:
            return streamCost(o.streamValue(), samples);
    }
    return 0;
}

long long memoryUsage(std::string_view key, const Object& o, size_t samples) {
    return valueCost(o, samples, true) + static_cast<long long>(sdsAlloc(key.size()) + kDictEntry);
}

long long keyCost(std::string_view key, const Object& o) {
    size_t n = 0;
    switch (o.type()) {
        case ObjType::Hash:
            n = o.encoding() == Encoding::HashTable ? o.hashDict().size() : 0;
            break;
        case ObjType::Set:
            n = o.encoding() == Encoding::HashTable ? o.setDict().size() : 0;
            break;
        case ObjType::ZSet:
            n = o.encoding() == Encoding::SkipList ? o.zsetIndex().zsl.size() : 0;
            break;
        default:
            break;
    }
    const size_t samples = n <= kExactElements ? SIZE_MAX : kModelSamples;
    return static_cast<long long>(sdsAlloc(key.size())) + valueCost(o, samples, false);
}

bool changesOnRead(const Object& o) {
    switch (o.encoding()) {
        case Encoding::Stream:
            return true;
        case Encoding::HashTable:
            return o.type() == ObjType::Hash ? o.hashDict().isRehashing() : o.setDict().isRehashing();
        case Encoding::SkipList:
            return o.zsetIndex().dict.isRehashing();
        default:
            return false;
    }
}

// ---- DbMemory ------------------------------------------------------------------------

void DbMemory::settleIfMany(Db& db) {
    if (dirty_.size() >= kSettleAfter) flush(db);
}

void DbMemory::forget(Object& o) {
    total_ -= o.mem_cost;
    o.mem_cost = 0;
}

long long DbMemory::flush(Db& db) {
    for (const auto& key : dirty_) {
        if (Object* o = db.peek(key)) {
            const long long cost = keyCost(key, *o);
            total_ += cost - o->mem_cost;
            o->mem_cost = cost;
        }
    }
    dirty_.clear();
    return total_;
}

void DbMemory::reset() {
    total_ = 0;
    dirty_.clear();
}

void DbMemory::rebuild(Db& db) {
    reset();
    db.keys().forEach([&](auto& e) {
        e.value.mem_cost = keyCost(e.key, e.value);
        total_ += e.value.mem_cost;
    });
}

long long DbMemory::recompute(Db& db) {
    long long total = 0;
    db.keys().forEach([&](const auto& e) { total += keyCost(e.key, e.value); });
    return total;
}

}  // namespace redsim::memory

namespace redsim {

void memoryAfterCommand(Engine& engine) {
    for (int i = 0; i < engine.dbCount(); ++i) engine.db(i).memory().settleIfMany(engine.db(i));
}

long long usedMemoryModel(Engine& engine) {
    using namespace memory;
    long long total = kStartupMemory;
    total += kClientMemory * static_cast<long long>(engine.clients().size());
    for (int i = 0; i < engine.dbCount(); ++i) {
        Db& db = engine.db(i);
        total += db.memory().flush(db);
        // The keyspace and expires dicts: an entry per key, both tables' buckets.
        total += static_cast<long long>((db.size() + db.expiresCount()) * mallocSize(kDictEntry));
        total += static_cast<long long>(bucketsAlloc(db.keys().tableSize(0)) + bucketsAlloc(db.keys().tableSize(1)));
        total +=
            static_cast<long long>(bucketsAlloc(db.expires().tableSize(0)) + bucketsAlloc(db.expires().tableSize(1)));
    }
    // The EVAL script cache and FUNCTION's libraries are allocated like any data (INFO
    // counts them in used_memory_overhead, so they must be in used_memory too, or
    // used_memory_dataset goes below zero on an empty server).
    long long eval = 0, functions = 0;
    scriptCachesMemory(engine, eval, functions);
    return total + eval + functions;
}

}  // namespace redsim

namespace redsim {

long long evalScriptMemory(size_t body_len) {
    using namespace memory;
    // Its SHA (an sds), its body (a string object), a dict entry and the 16-byte script
    // record.
    const size_t body = body_len <= 44 ? mallocSize(16 + 3 + body_len + 1) - 16 : sdsAlloc(body_len);
    return static_cast<long long>(sdsAlloc(40) + body + 24 + 16);
}

void scriptCachesMemory(Engine& engine, long long& eval, long long& functions) {
    Scripting& sc = engine.scripting();
    // Every EVAL script (kept up to date by the script cache), plus the dict's buckets.
    eval = sc.evalCacheMemory();
    if (const size_t n = sc.scriptCount(); n > 0) {
        size_t slots = 4;
        while (slots < n) slots *= 2;
        eval += static_cast<long long>(slots * 8);
    }
    // FUNCTION's overhead as measured on 7.0.15: 200 bytes empty, 120 per library and
    // per function.
    functions = 200 + 120 * static_cast<long long>(sc.libraries().size() + sc.functions().size());
}

MemoryOverview memoryOverview(Engine& engine) {
    using namespace memory;
    MemoryOverview m;
    m.used = usedMemoryModel(engine);
    m.peak = std::max(engine.stats().peak_memory, m.used);
    engine.stats().peak_memory = m.peak;
    m.startup = kStartupMemory;
    m.clients_normal = kClientMemory * static_cast<long long>(engine.clients().size());
    scriptCachesMemory(engine, m.lua_caches, m.functions_caches);
    m.overhead_total = m.startup + m.clients_normal + m.lua_caches + m.functions_caches;
    for (int i = 0; i < engine.dbCount(); ++i) {
        Db& db = engine.db(i);
        if (db.size() == 0) continue;
        MemoryOverview::DbOverhead d;
        d.id = i;
        // As Redis counts it: entries, bucket pointers and one robj per key.
        d.main = static_cast<long long>(db.size() * (kDictEntry + kRobj) + db.keys().buckets() * 8);
        d.expires = static_cast<long long>(db.expiresCount() * kDictEntry + db.expires().buckets() * 8);
        m.overhead_total += d.main + d.expires;
        m.keys += static_cast<long long>(db.size());
        m.dbs.push_back(d);
    }
    m.dataset = m.used - m.overhead_total;
    m.peak_perc = static_cast<float>(m.used) * 100 / static_cast<float>(m.peak);
    const long long net = m.used > m.startup ? m.used - m.startup : 1;
    m.dataset_perc = static_cast<float>(m.dataset) * 100 / static_cast<float>(net);
    m.bytes_per_key = m.keys ? net / m.keys : 0;
    m.allocated = m.used;
    m.active = (m.used + 4095) / 4096 * 4096;
    m.resident = m.active;
    m.rss = m.resident + 2 * 1024 * 1024;
    return m;
}

std::string memoryDoctorReport(Engine& engine) {
    const MemoryOverview m = memoryOverview(engine);
    if (m.used < 5 * 1024 * 1024)
        return "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in "
               "these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and "
               "I will be back to our programming as soon as I finished rebooting.\n";
    // The model has no fragmentation and no replicas: of Redis's checks only the peak,
    // client buffers and the script cache can fire.
    const bool big_peak = static_cast<float>(m.peak) / static_cast<float>(m.used) > 1.5f;
    const long long nclients = static_cast<long long>(engine.clients().size());
    const bool big_client_buf = nclients > 0 && m.clients_normal / nclients > 1024 * 200;
    const bool many_scripts = engine.scripting().scriptCount() > 1000;
    if (!big_peak && !big_client_buf && !many_scripts)
        return "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this "
               "base.\n";
    std::string s = "Sam, I detected a few issues in this Redis instance memory implants:\n\n";
    if (big_peak)
        s += " * Peak memory: In the past this instance used more than 150% the memory that is currently using. The "
             "allocator is normally not able to release memory after a peak, so you can expect to see a big "
             "fragmentation ratio, however this is actually harmless and is only due to the memory peak, and if the "
             "Redis instance Resident Set Size (RSS) is currently bigger than expected, the memory will be used as "
             "soon as you fill the Redis instance with more data. If the memory peak was only occasional and you want "
             "to try to reclaim memory, please try the MEMORY PURGE command, otherwise the only other option is to "
             "shutdown and restart the instance.\n\n";
    if (big_client_buf)
        s += " * Big client buffers: The clients output buffers in this instance are greater than 200K per client (on "
             "average). This may result from different causes, like Pub/Sub clients subscribed to channels bot not "
             "receiving data fast enough, so that data piles on the Redis instance output buffer, or clients sending "
             "commands with large replies or very large sequences of commands in the same pipeline. Please use the "
             "CLIENT LIST command in order to investigate the issue if it causes problems in your instance, or to "
             "understand better why certain clients are using a big amount of memory.\n\n";
    if (many_scripts)
        s += " * Many scripts: There seem to be many cached scripts in this instance (more than 1000). This may be "
             "because scripts are generated and `EVAL`ed, instead of being parameterized (with KEYS and ARGV), "
             "`SCRIPT LOAD`ed and `EVALSHA`ed. Unless `SCRIPT FLUSH` is called periodically, the scripts' caches may "
             "end up consuming most of your memory.\n\n";
    s += "I'm here to keep you safe, Sam. I want to help you.\n";
    return s;
}

}  // namespace redsim
