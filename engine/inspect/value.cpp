// Value snapshots (see value.h): one copy function per structure, and the reasons.
#include "engine/inspect/value.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "engine/engine.h"
#include "engine/types/geo.h"
#include "engine/types/geo_scan.h"
#include "engine/types/hll.h"
#include "engine/types/zset.h"
#include "engine/util/numbers.h"

namespace redsim::inspect {

namespace {

Bytes cut(std::string_view s, const Limits& lim) {
    return Bytes{std::string(s.substr(0, std::min(s.size(), lim.string_bytes))), s.size()};
}

std::string num(long long v) { return std::to_string(v); }

// Text a terminal shows as is: printable ASCII, tabs and line breaks.
bool printableText(std::string_view s) {
    for (unsigned char c : s)
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c >= 0x7f) return false;
    return true;
}

StreamSnap streamSnap(const Stream& st, const ConfigValues& cfg, const Limits& lim) {
    StreamSnap s;
    s.length = st.length();
    s.last_id = st.lastId();
    s.first_id = st.firstId();
    s.max_deleted = st.maxDeletedId();
    s.entries_added = st.entriesAdded();
    s.node_count = st.nodeCount();
    s.rax_nodes = st.radixTreeNodes();
    s.node_max_bytes = cfg.stream_node_max_bytes;
    s.node_max_entries = cfg.stream_node_max_entries;
    const Stream::Nodes& nodes = st.nodes();
    for (auto it = nodes.begin(); it != nodes.end(); ++it) {
        if (s.nodes.size() == lim.nodes) {
            s.more_nodes = nodes.size() - s.nodes.size();
            break;
        }
        const auto& [master, lp] = *it;
        StreamSnap::Node n;
        n.master = master;
        n.bytes = lp.byteSize();
        Stream::NodeHeader h = Stream::nodeHeader(lp);
        n.live = h.count;
        n.deleted = h.deleted;
        for (const std::string& f : h.fields) n.master_fields.push_back(cut(f, lim));
        // Live entries' fields through the stream's own iterator, over this node's ids.
        const auto next = std::next(it);
        StreamID end = kStreamMaxID;
        if (next != nodes.end()) {
            end = next->first;
            end.decr();
        }
        std::map<StreamID, Stream::Fields> live;
        StreamID id;
        Stream::Iterator walk(st, master, end, false);
        for (const Stream::Fields* f = walk.next(id); f && live.size() < lim.entries; f = walk.next(id))
            live.emplace(id, *f);
        for (const Stream::NodeEntry& e : Stream::nodeEntries(master, lp)) {
            if (n.entries.size() == lim.entries) {
                ++n.more;
                continue;
            }
            StreamSnap::Entry x;
            x.id = e.id;
            x.deleted = (e.flags & Stream::kFlagDeleted) != 0;
            x.same_fields = (e.flags & Stream::kFlagSameFields) != 0;
            x.offset = e.offset;
            x.elements = e.elements;
            if (auto f = live.find(e.id); f != live.end() && !x.deleted)
                for (const std::string& v : f->second) x.fields.push_back(cut(v, lim));
            n.entries.push_back(std::move(x));
        }
        s.nodes.push_back(std::move(n));
    }
    for (const auto& [name, cg] : st.groups().all()) {
        if (s.groups.size() == lim.nodes) {
            ++s.more_groups;
            continue;
        }
        StreamSnap::Group g;
        g.name = name;
        g.last_id = cg.last_id;
        g.entries_read = cg.entries_read;
        g.lag = streamGroupLag(st, cg);
        g.pel_size = cg.pel().size();
        for (const auto& [pid, nack] : cg.pel()) {
            if (g.pel.size() == lim.entries) break;
            g.pel.push_back({pid, nack->consumer ? nack->consumer->name : std::string(), nack->delivery_time,
                             nack->delivery_count});
        }
        for (const auto& [cname, c] : cg.consumers()) {
            if (g.consumers.size() == lim.entries) {
                ++g.more_consumers;
                continue;
            }
            g.consumers.push_back({cname, c.seen_time, c.pel.size()});
        }
        s.groups.push_back(std::move(g));
    }
    return s;
}

// ---- Structures --------------------------------------------------------------------

// `roles` names the entries in turn ("field", "value", "field", ...); empty for none.
ListpackSnap listpackSnap(const Listpack& lp, const Limits& lim, std::initializer_list<const char*> roles) {
    ListpackSnap s;
    s.total_bytes = lp.byteSize();
    s.header_count = lp.headerCount();
    s.count = lp.size();
    s.terminator_offset = lp.endOffset();
    s.header_raw = lp.bytes().substr(0, Listpack::kHeaderSize);
    const std::vector<const char*> role(roles);
    size_t i = 0;
    for (const Listpack::EntryLayout& l : lp.layout()) {
        if (s.entries.size() < lim.entries) {
            ListpackSnap::Entry e;
            e.offset = l.offset;
            e.encoding = l.encoding;
            e.encoding_bytes = l.encoding_bytes;
            e.data_bytes = l.data_bytes;
            e.backlen_bytes = l.backlen_bytes;
            e.raw = lp.bytes().substr(l.offset, std::min(l.total(), lim.raw_bytes));
            const Listpack::Entry v = lp.get(l.offset);
            e.is_int = v.is_int;
            e.value = v.is_int ? Bytes{num(v.ival), num(v.ival).size()} : cut(v.sval, lim);
            if (!role.empty()) e.role = role[i % role.size()];
            s.entries.push_back(std::move(e));
        } else {
            ++s.more;
        }
        ++i;
    }
    return s;
}

QuicklistSnap quicklistSnap(const Quicklist& ql, const Limits& lim) {
    QuicklistSnap s;
    s.fill = ql.fill();
    s.fill_limit_bytes = ql.fill() < 0 ? Quicklist::byteLimitForFill(ql.fill()) : 0;
    s.compress_depth = ql.compressDepth();
    s.packed_threshold = ql.packedThreshold();
    s.count = ql.size();
    s.node_count = ql.nodeCount();
    // A window: the listed nodes start at Limits::node_first (clamped to the last node).
    s.first_node = s.node_count == 0 ? 0 : std::min(lim.node_first, s.node_count - 1);
    if (lim.node_counts) s.counts.reserve(s.node_count);
    size_t i = 0;
    for (const Quicklist::NodeView& n : ql.nodes()) {  // node headers only: nothing is decompressed
        if (n.compressed) ++s.compressed_nodes;
        if (lim.node_counts) s.counts.push_back(static_cast<uint32_t>(n.count));
        if (i < s.first_node) {
            s.first_element += n.count;
        } else if (s.nodes.size() < lim.nodes) {
            s.nodes.push_back(
                QuicklistSnap::Node{i, n.count, n.listpack_bytes, n.compressed, n.compressed_bytes, n.plain});
        } else {
            ++s.more;
        }
        ++i;
    }
    const size_t n = std::min(lim.entries, s.count);
    for (std::string& e : ql.range(0, n)) s.first.push_back(cut(e, lim));
    const size_t tail = std::min(lim.entries, s.count - n);
    for (std::string& e : ql.range(s.count - tail, tail)) s.last.push_back(cut(e, lim));
    return s;
}

IntsetSnap intsetSnap(const Intset& is, const Limits& lim) {
    IntsetSnap s;
    s.width = is.encodingBytes();
    s.length = is.size();
    s.blob_bytes = is.blobLen();
    for (size_t i = 0; i < is.size() && i < lim.entries; ++i) s.members.push_back(is.at(i));
    s.more = is.size() - s.members.size();
    return s;
}

template <class V>
DictSnap dictSnap(const Dict<V>& d, const Limits& lim) {
    DictSnap s;
    s.rehashidx = d.rehashIndex();
    s.size = d.size();
    std::vector<uint32_t> lengths[2];
    for (int t = 0; t < 2; ++t) {
        typename Dict<V>::TableView tv = d.table(t);
        DictSnap::Table& out = s.tables[t];
        out.size = tv.size;
        out.used = tv.used;
        const size_t first = lim.bucket_first < tv.size ? lim.bucket_first : 0;
        out.first_bucket = first;
        for (size_t b = 0; b < tv.chain_lengths.size(); ++b) {
            const uint32_t len = tv.chain_lengths[b];
            if (b >= first && b - first < lim.buckets)
                out.chain_lengths.push_back(len);
            else
                ++out.more_buckets;
            if (out.histogram.size() <= len) out.histogram.resize(len + 1, 0);
            ++out.histogram[len];
            out.longest = std::max<size_t>(out.longest, len);
            if (len != 0 && b >= first && out.chains.size() < lim.chains)
                out.chains.push_back(DictSnap::Chain{b, len, {}});
        }
        lengths[t] = std::move(tv.chain_lengths);
    }
    // forEach visits table 0 bucket by bucket, then table 1, each chain head first:
    // follow along with the chain lengths to know which bucket each entry is in.
    // The chains are in bucket order, as forEach goes: `next` is the first chain of table
    // t not yet passed, so each entry costs O(1) however many chains are copied.
    int t = 0;
    size_t b = 0, pos = 0;  // the bucket of the next entry, and its place in the chain
    size_t next = 0;
    d.forEach([&](const auto& e) {
        while (t < 2 && (b >= lengths[t].size() || pos >= lengths[t][b])) {
            if (b >= lengths[t].size()) {
                ++t;
                b = 0;
                next = 0;
            } else {
                ++b;
            }
            pos = 0;
        }
        if (t >= 2) return;  // cannot happen: the lengths count every entry
        ++pos;
        std::vector<DictSnap::Chain>& chains = s.tables[t].chains;
        while (next < chains.size() && chains[next].bucket < b) ++next;
        if (next < chains.size() && chains[next].bucket == b && chains[next].keys.size() < lim.chain_keys)
            chains[next].keys.push_back(cut(e.key, lim).text);
    });
    return s;
}

SkiplistSnap skiplistSnap(const Skiplist& sl, const Limits& lim, unsigned long first_rank = 1) {
    SkiplistSnap s;
    Skiplist::View v = sl.view(first_rank, lim.entries);
    s.level = v.level;
    s.length = v.length;
    s.header = std::move(v.header);
    s.nodes = std::move(v.nodes);
    for (auto& n : s.nodes) n.member = cut(n.member, lim).text;
    // Nodes after the listed ones (with first_rank 1: every node not listed).
    s.more = s.nodes.empty() ? 0 : s.length - s.nodes.back().rank;
    if (s.nodes.empty() && first_rank <= 1) s.more = s.length;
    if (const Skiplist::Node* tail = sl.last()) {
        s.tail_member = cut(tail->member(), lim).text;
        s.tail_score = tail->score();
    }
    return s;
}

// ---- Reasons ---------------------------------------------------------------------------

std::string stringReason(const Object& o) {
    const size_t len = o.stringLength();
    const std::string n = num(static_cast<long long>(len));
    switch (o.encoding()) {
        case Encoding::Int: {
            std::string r =
                "The value is the canonical spelling of a 64-bit integer (no leading zero, '+', spaces or "
                "\"-0\"; at most 20 characters), so Redis keeps the number itself in the object instead of "
                "its " +
                n + " characters of text: encoding int.";
            if (o.isShared())
                r += " Integers 0..9999 are shared: every key holding this number points at one object, "
                     "which is why OBJECT REFCOUNT says 2147483647 (unless maxmemory-policy is an LRU/LFU "
                     "policy, which needs per-key access data).";
            return r;
        }
        case Encoding::EmbStr: {
            std::string r = "The value is " + n +
                            " bytes, at most 44 (OBJ_ENCODING_EMBSTR_SIZE_LIMIT), so Redis allocates the bytes "
                            "in the same block as the object header: 16 bytes of robj + 3 of sds header + 44 + "
                            "1 NUL = 64 bytes, one allocator size class. Encoding embstr.";
            if (parseInt64(o.bytes())) r += " It spells an integer, but the command that wrote it kept the text.";
            return r;
        }
        default:
            if (len > kEmbstrSizeLimit)
                return "The value is " + n +
                       " bytes, more than the 44 that fit an embstr's single 64-byte block, so the bytes have "
                       "their own allocation (an sds string): encoding raw.";
            return "The value is only " + n +
                   " bytes, but raw: a string changed in place (APPEND, SETRANGE, SETBIT, ...) becomes raw "
                   "because Redis needs a private, growable buffer, and it is not converted back.";
    }
}

// "1 GB", "200 bytes": whole units only (the packed threshold is set in bytes).
std::string bytesText(size_t n) {
    if (n >= (1u << 30) && n % (1u << 30) == 0) return num(static_cast<long long>(n >> 30)) + " GB";
    if (n >= (1u << 20) && n % (1u << 20) == 0) return num(static_cast<long long>(n >> 20)) + " MB";
    if (n >= 1024 && n % 1024 == 0) return num(static_cast<long long>(n >> 10)) + " KB";
    return num(static_cast<long long>(n)) + " bytes";
}

std::string th(const char* name, long long v) { return std::string(name) + " (" + num(v) + ")"; }

std::string listReason(const QuicklistSnap& q, const ConfigValues& cfg) {
    std::string r =
        "Redis 7.0 stores every list as a quicklist: a doubly linked list of nodes, each a listpack of "
        "consecutive elements, so pushes and pops touch only an end node. ";
    if (q.fill < 0)
        r += "With list-max-listpack-size " + num(q.fill) + " a node's listpack may grow to " +
             num(static_cast<long long>(q.fill_limit_bytes / 1024)) + " KB before a new node is started";
    else
        r += "With list-max-listpack-size " + num(q.fill) + " a node holds at most " + num(q.fill) +
             " elements (and at most 8 KB once it has more than one)";
    r += "; an element of " + bytesText(q.packed_threshold) + " or more gets a PLAIN node of its own. ";
    if (q.compress_depth == 0)
        r += "list-compress-depth is 0: no node is compressed.";
    else
        r += "list-compress-depth is " + num(q.compress_depth) + ": the " + num(q.compress_depth) +
             " node(s) at each end stay plain and inner nodes are LZF-compressed when that saves at least 8 "
             "bytes (" +
             num(static_cast<long long>(q.compressed_nodes)) + " of " + num(static_cast<long long>(q.node_count)) +
             " nodes are now).";
    if (q.fill != cfg.list_max_listpack_size || q.compress_depth != cfg.list_compress_depth)
        r += " (The config now says " + num(cfg.list_max_listpack_size) + " / " + num(cfg.list_compress_depth) +
             "; a list keeps the settings it was created with.)";
    return r;
}

// Why a collection converted: the first limit it passes now, else "it did once".
std::string passedBecause(size_t count, const char* count_name, long long count_limit, size_t longest,
                          const char* value_name, long long value_limit, const std::string& what) {
    if (static_cast<long long>(count) > count_limit)
        return "it has " + num(static_cast<long long>(count)) + " " + what + ", more than " +
               th(count_name, count_limit);
    if (static_cast<long long>(longest) > value_limit)
        return "one of its strings is " + num(static_cast<long long>(longest)) + " bytes, longer than " +
               th(value_name, value_limit);
    return "it passed those limits earlier (or they were lower when it grew), and Redis 7.0 never converts back";
}

template <class V>
size_t longestKey(const Dict<V>& d) {
    size_t m = 0;
    d.forEach([&](const auto& e) { m = std::max(m, e.key.size()); });
    return m;
}

// The longest entry (as text) of every `stride`-th entry from the first: 1 for a
// hash (fields and values both count), 2 for a zset (members only).
size_t longestEntry(const Listpack& lp, size_t stride) {
    size_t m = 0, i = 0;
    for (size_t off = lp.first(); off != Listpack::npos; off = lp.next(off), ++i) {
        if (i % stride != 0) continue;
        const Listpack::Entry e = lp.get(off);
        m = std::max(m, e.is_int ? num(e.ival).size() : e.sval.size());
    }
    return m;
}

// A compact encoding past its limits: possible after CONFIG SET lowered them.
std::string overNote(bool over) {
    return over ? " It is over a limit now: the config was lowered after it was built, and Redis checks the "
                  "limits only when a write adds to the value."
                : "";
}

void explainHash(ValueSnapshot& s, const Object& o, const ConfigValues& cfg) {
    s.thresholds = {{"hash-max-listpack-entries", cfg.hash_max_listpack_entries},
                    {"hash-max-listpack-value", cfg.hash_max_listpack_value}};
    const std::string rule =
        "A hash stays a listpack (field, value, field, value, ... in one buffer) while it has "
        "at most " +
        th("hash-max-listpack-entries", cfg.hash_max_listpack_entries) +
        " fields and no field or value is longer than " + th("hash-max-listpack-value", cfg.hash_max_listpack_value) +
        " bytes. ";
    if (o.encoding() == Encoding::ListPack) {
        const size_t longest = longestEntry(o.listpack(), 1);
        s.reason = rule + "This one has " + num(static_cast<long long>(s.length)) +
                   " fields and its longest string is " + num(static_cast<long long>(longest)) +
                   " bytes. Lookups walk the entries (O(N)), which is cheap at this size." +
                   overNote(static_cast<long long>(s.length) > cfg.hash_max_listpack_entries ||
                            static_cast<long long>(longest) > cfg.hash_max_listpack_value);
        return;
    }
    size_t longest = 0;
    o.hashDict().forEach([&](const auto& e) { longest = std::max({longest, e.key.size(), e.value.size()}); });
    s.reason = rule + "This one is a hashtable (a dict field -> value, O(1) lookups) because " +
               passedBecause(s.length, "hash-max-listpack-entries", cfg.hash_max_listpack_entries, longest,
                             "hash-max-listpack-value", cfg.hash_max_listpack_value, "fields") +
               ".";
}

void explainSet(ValueSnapshot& s, const Object& o, const ConfigValues& cfg) {
    s.thresholds = {{"set-max-intset-entries", cfg.set_max_intset_entries}};
    const std::string rule =
        "A set whose members are all integers stays an intset (a sorted array of integers of "
        "one width, binary-searched) while it has at most " +
        th("set-max-intset-entries", cfg.set_max_intset_entries) + " members. ";
    if (o.encoding() == Encoding::IntSet) {
        const uint32_t w = o.intset().encodingBytes();
        s.reason = rule + "This one has " + num(static_cast<long long>(s.length)) + " members stored " + num(w) +
                   " bytes wide (int" + num(w * 8) +
                   "): the narrowest width that holds the widest member seen; it never narrows again." +
                   overNote(static_cast<long long>(s.length) > cfg.set_max_intset_entries);
        return;
    }
    std::string because;
    o.setDict().forEach([&](const auto& e) {
        if (because.empty() && !parseInt64(e.key))
            because = "a member (\"" + e.key.substr(0, 20) + (e.key.size() > 20 ? "..." : "") + "\") is not an integer";
    });
    if (because.empty())
        because = passedBecause(s.length, "set-max-intset-entries", cfg.set_max_intset_entries, 0, "", 0, "members");
    s.reason = rule + "This one is a hashtable (a dict whose keys are the members) because " + because + ".";
}

void explainZset(ValueSnapshot& s, const Object& o, const ConfigValues& cfg) {
    s.thresholds = {{"zset-max-listpack-entries", cfg.zset_max_listpack_entries},
                    {"zset-max-listpack-value", cfg.zset_max_listpack_value}};
    const std::string rule =
        "A sorted set stays a listpack (member, score, member, score, ... kept in score order) "
        "while it has at most " +
        th("zset-max-listpack-entries", cfg.zset_max_listpack_entries) + " members and no member is longer than " +
        th("zset-max-listpack-value", cfg.zset_max_listpack_value) + " bytes. ";
    if (o.encoding() == Encoding::ListPack) {
        const size_t longest = longestEntry(o.listpack(), 2);
        s.reason = rule + "This one has " + num(static_cast<long long>(s.length)) + " members, the longest " +
                   num(static_cast<long long>(longest)) + " bytes." +
                   overNote(static_cast<long long>(s.length) > cfg.zset_max_listpack_entries ||
                            static_cast<long long>(longest) > cfg.zset_max_listpack_value);
        return;
    }
    s.reason = rule +
               "This one is a skiplist (ordered by score then member, for ranks and ranges in O(log N)) plus a "
               "dict member -> score (ZSCORE in O(1)) because " +
               passedBecause(s.length, "zset-max-listpack-entries", cfg.zset_max_listpack_entries,
                             longestKey(o.zsetIndex().dict), "zset-max-listpack-value", cfg.zset_max_listpack_value,
                             "members") +
               ".";
}

// ---- HyperLogLog -------------------------------------------------------------------------

std::string hllReason(const HllSnap& h) {
    const std::string limit = th("hll-sparse-max-bytes", h.sparse_max_bytes);
    std::string r =
        "A HyperLogLog is an ordinary string (GET shows its bytes): a 16-byte header (\"HYLL\", the encoding, "
        "the cached count) and 16384 registers, each holding the longest run of zero bits seen among the "
        "hashes of the elements that map to it. ";
    if (!h.valid) return r + "This one is not usable: " + h.problem;
    if (h.sparse) {
        r += "It starts sparse: runs of registers are written as opcodes (ZERO and XZERO for runs of zeros, "
             "VAL for up to 4 registers with the same value 1..32), so a new HLL is 18 bytes. PFADD promotes it "
             "to dense for good when the sparse form would grow past " +
             limit + " or a register needs a value above 32. This one is " + num(static_cast<long long>(h.bytes)) +
             " bytes in " + num(static_cast<long long>(h.op_count)) + " opcodes.";
    } else {
        r += "It is dense: every register takes 6 bits (values up to 63, enough for the 50 hash bits left "
             "after the 14 that pick the register), so 16384 x 6 / 8 = 12288 bytes + 16 = 12304 bytes, the "
             "\"12 KB\" of every big HLL, whatever the count. 16384 registers give a standard error of "
             "1.04 / sqrt(16384) = 0.81%. It became dense when the sparse form passed " +
             limit + " or a register passed 32 (or by PFMERGE / PFDEBUG TODENSE).";
    }
    r += h.cache_valid ? " The cached cardinality (" + num(static_cast<long long>(h.cached)) +
                             ") is valid, so PFCOUNT answers it without looking at the registers."
                       : " The cached cardinality is stale (bit 7 of byte 15 set: registers changed since the last "
                         "PFCOUNT), so the next PFCOUNT recomputes it and writes it back into the string.";
    return r;
}

}  // namespace

std::optional<HllSnap> hllOf(std::string_view s, const ConfigValues& cfg, const Limits& lim) {
    if (!s.starts_with("HYLL")) return std::nullopt;
    HllSnap h;
    h.bytes = s.size();
    h.sparse_max_bytes = cfg.hll_sparse_max_bytes;
    h.header = std::string(s.substr(0, std::min(s.size(), hll::kHeaderSize)));
    if (s.size() < hll::kHeaderSize) {
        h.valid = false;
        h.problem = "it is " + num(static_cast<long long>(s.size())) +
                    " bytes, shorter than the 16-byte header: PF commands answer WRONGTYPE (not a valid "
                    "HyperLogLog string value).";
        return h;
    }
    h.encoding_byte = static_cast<uint8_t>(s[4]);
    h.sparse = h.encoding_byte == hll::kSparse;
    h.cache_valid = hll::cacheValid(s);
    h.cached = hll::cachedCardinality(s);
    if (!hll::looksValid(s)) {
        h.valid = false;
        h.problem = h.encoding_byte > 1 ? "its encoding byte is " + num(h.encoding_byte) +
                                              " (only 0 = dense and 1 = sparse exist): PF commands answer WRONGTYPE."
                                        : "it says dense but is " + num(static_cast<long long>(s.size())) +
                                              " bytes, not 12304: PF commands answer WRONGTYPE.";
        return h;
    }
    std::array<uint8_t, hll::kRegisters> regs{};
    const bool complete = hll::registers(s, regs);
    if (h.sparse) {
        hll::forEachSparseOp(s, [&](const hll::SparseOp& op) {
            ++h.op_count;
            h.registers_covered += op.len;
            if (h.ops.size() < lim.hll_ops) {
                const char kind = op.kind == hll::SparseOp::Kind::Zero    ? 'z'
                                  : op.kind == hll::SparseOp::Kind::XZero ? 'Z'
                                                                          : 'v';
                h.ops.push_back(HllSnap::Op{kind, op.offset, op.size, op.first, op.len, op.value});
            } else {
                ++h.more;
            }
            return true;
        });
    }
    if (!complete) {
        h.valid = false;
        h.problem = "its sparse opcodes cover " + num(h.registers_covered) +
                    " registers instead of 16384: PFADD answers INVALIDOBJ (Corrupted HLL object detected), and "
                    "so does PFCOUNT whenever it has to recompute (the cached count " +
                    std::string(h.cache_valid ? "is valid, so PFCOUNT still answers it" : "is stale") + ").";
        return h;
    }
    bool invalid = false;
    h.histogram = hll::histogram(s, &invalid);
    h.estimate = hll::countFromHistogram(h.histogram);
    const size_t cells = HllSnap::heat_rows * HllSnap::heat_cols;
    const size_t per = hll::kRegisters / cells;
    h.heat_max.assign(cells, 0);
    h.heat_mean.assign(cells, 0);
    for (size_t c = 0; c < cells; ++c) {
        unsigned sum = 0;
        for (size_t i = c * per; i < (c + 1) * per; ++i) {
            h.heat_max[c] = std::max(h.heat_max[c], regs[i]);
            sum += regs[i];
        }
        h.heat_mean[c] = static_cast<double>(sum) / static_cast<double>(per);
    }
    return h;
}

BitsSnap bitsOfString(std::string_view s, std::optional<uint64_t> around, const Limits& lim) {
    BitsSnap b;
    b.bytes = s.size();
    b.focus = around;
    for (size_t i = 0; i < s.size(); ++i) {
        const auto byte = static_cast<uint8_t>(s[i]);
        b.popcount += static_cast<size_t>(std::popcount(byte));
        if (b.first_set < 0 && byte != 0) b.first_set = static_cast<long long>(i * 8) + std::countl_zero(byte);
        if (b.first_clear < 0 && byte != 0xff) b.first_clear = static_cast<long long>(i * 8) + std::countl_one(byte);
    }
    if (b.first_clear < 0 && !s.empty()) b.first_clear = static_cast<long long>(s.size() * 8);
    const size_t w = std::max<size_t>(lim.bit_bytes, 1);
    size_t first = 0;
    if (around) {
        const uint64_t byte = *around / 8;
        first = byte > w / 2 ? static_cast<size_t>(std::min<uint64_t>(byte - w / 2, SIZE_MAX)) : 0;
    }
    const size_t last_start = s.size() > w ? s.size() - w : 0;
    first = std::min(first, last_start);
    b.window_first_byte = first;
    b.window = std::string(s.substr(std::min(first, s.size()), w));
    return b;
}

bool looksLikeGeo(const Object& z) {
    // GEOADD stores only integers in [0, 2^52), but so would ZADD z 1 a 2 b. The bits of
    // a geohash interleave longitude (odd bits) and latitude (even bits), so a score below
    // 2^32 has the top 10 bits of both at zero: lon < -179.65 and lat < -84.88, a patch
    // about 3 km x 18 km of the Antarctic plateau by the antimeridian. ((-180, -85) is
    // 273961029, (-179.9, -84.9) 1958802967, (0, 0) 3377699720527872, (-170, -80)
    // 4347551461438.) So every score must be such an integer and AT LEAST ONE must be
    // >= 2^32: small-integer zsets (counters, ranks, Unix seconds, all below 2^32) stay
    // plain, and a real geo set anywhere on Earth is recognised, also with members in
    // that corner, unless every member is in it (then it reads as plain numbers).
    // Trade-off: a zset of big integers (e.g. millisecond timestamps, ~2^41) does read
    // as geo (points in Antarctica); nothing in the value tells them apart.
    if (z.type() != ObjType::ZSet) return false;
    bool big = false;
    for (auto c = zset::Cursor::atRank(z, 0, false); c.valid(); c.next()) {
        const double sc = c.score();
        if (!(sc >= 0 && sc < 4503599627370496.0) || sc != std::floor(sc)) return false;
        if (sc >= 4294967296.0) big = true;
    }
    return big;
}

namespace {

GeoSnap geoSnap(const Object& z, const Limits& lim) {
    GeoSnap g;
    for (auto c = zset::Cursor::atRank(z, 0, false); c.valid(); c.next()) {
        if (g.members.size() >= lim.geo_members) {
            ++g.more;
            continue;
        }
        GeoSnap::Member m;
        m.member = cut(c.member(), lim).text;
        m.score = c.score();
        if (auto p = geo::decodeScore(m.score)) {
            m.lon = p->lon;
            m.lat = p->lat;
        }
        m.geohash = geo::standardGeohash(m.score).value_or("");
        if (auto a = geo::decodeWGS84(geo::HashBits{static_cast<uint64_t>(m.score), geo::kStepMax})) {
            m.cell[0] = a->lon.min;
            m.cell[1] = a->lat.min;
            m.cell[2] = a->lon.max;
            m.cell[3] = a->lat.max;
        }
        g.members.push_back(std::move(m));
    }
    return g;
}

std::string geoReason(const GeoSnap& g, size_t n) {
    return "Every score is an integer below 2^52, so this sorted set reads as a geo index (GEOADD writes "
           "nothing else: a geo set is a plain zset, and ZRANGE, ZREM or OBJECT ENCODING work on it). Each "
           "score interleaves 26 bits of longitude with 26 bits of latitude: the first 2s bits name a cell of "
           "a 2^s x 2^s grid, so the points of a cell are one range of scores. Decoding gives the centre of the "
           "finest cell, which is why GEOPOS differs from the GEOADD arguments by up to about 0.3 m." +
           (g.more ? " The first " + num(static_cast<long long>(g.members.size())) + " of " +
                         num(static_cast<long long>(n)) + " members are listed."
                   : std::string());
}

}  // namespace

ValueSnapshot inspectObject(const Object& o, const ConfigValues& cfg, std::string_view key, const Limits& lim) {
    ValueSnapshot s;
    s.key = std::string(key);
    s.type = o.type();
    s.encoding = o.encoding();
    switch (o.type()) {
        case ObjType::String: {
            StringSnap str;
            str.length = o.stringLength();
            str.bytes = cut(o.stringValue(), lim);
            str.shared = o.isShared();
            s.length = str.length;
            s.string = std::move(str);
            s.reason = stringReason(o);
            if (o.encoding() != Encoding::Int) {
                const std::string_view v = o.bytes();
                if (auto h = hllOf(v, cfg, lim)) {
                    // PFADD creates its strings raw and changes them in place.
                    if (o.encoding() == Encoding::Raw && s.length <= kEmbstrSizeLimit)
                        s.reason = "The value is " + num(static_cast<long long>(s.length)) +
                                   " bytes but raw: PFADD creates its strings raw (a private buffer it changes "
                                   "in place), and they are never converted to embstr.";
                    s.reason += " " + hllReason(*h);
                    s.hll = std::move(h);
                } else if (!printableText(v)) {
                    s.bits = bitsOfString(v, std::nullopt, lim);
                    s.reason +=
                        " It is not printable text, so it is also drawn as bits (a bitmap, as SETBIT, "
                        "GETBIT and BITCOUNT see it).";
                }
            }
            break;
        }
        case ObjType::List:
            s.quicklist = quicklistSnap(o.quicklist(), lim);
            s.length = s.quicklist->count;
            s.thresholds = {{"list-max-listpack-size", cfg.list_max_listpack_size},
                            {"list-compress-depth", cfg.list_compress_depth}};
            s.reason = listReason(*s.quicklist, cfg);
            break;
        case ObjType::Hash:
            if (o.encoding() == Encoding::ListPack) {
                s.listpack = listpackSnap(o.listpack(), lim, {"field", "value"});
                s.length = s.listpack->count / 2;
            } else {
                s.dict = dictSnap(o.hashDict(), lim);
                s.length = s.dict->size;
            }
            explainHash(s, o, cfg);
            break;
        case ObjType::Set:
            if (o.encoding() == Encoding::IntSet) {
                s.intset = intsetSnap(o.intset(), lim);
                s.length = s.intset->length;
            } else {
                s.dict = dictSnap(o.setDict(), lim);
                s.length = s.dict->size;
            }
            explainSet(s, o, cfg);
            break;
        case ObjType::ZSet:
            if (o.encoding() == Encoding::ListPack) {
                s.listpack = listpackSnap(o.listpack(), lim, {"member", "score"});
                s.length = s.listpack->count / 2;
            } else {
                s.skiplist = skiplistSnap(o.zsetIndex().zsl, lim);
                s.dict = dictSnap(o.zsetIndex().dict, lim);
                s.length = s.skiplist->length;
            }
            explainZset(s, o, cfg);
            if (looksLikeGeo(o)) {
                s.geo = geoSnap(o, lim);
                s.reason += " " + geoReason(*s.geo, s.length);
            }
            break;
        case ObjType::Stream: {
            const Stream& st = o.streamValue();
            s.length = st.length();
            s.stream = streamSnap(st, cfg, lim);
            s.thresholds = {{"stream-node-max-entries", cfg.stream_node_max_entries},
                            {"stream-node-max-bytes", cfg.stream_node_max_bytes}};
            s.reason =
                "A stream is a log of entries ordered by id (milliseconds-sequence). Redis packs them into "
                "listpack nodes: the first entry of a node is its master, whose field names the node "
                "keeps once; each entry stores its id as a difference from the master's and, when its fields "
                "are the master's, only the values (the SAMEFIELDS flag). A node is closed when it holds "
                "stream-node-max-entries entries or passes stream-node-max-bytes, and the nodes are indexed by "
                "master id in a radix tree. XDEL only flags an entry deleted; a node goes when its last live "
                "entry does, and MAXLEN/MINID with ~ only ever drop whole nodes. Consumer groups keep a cursor "
                "(last delivered id) and a pending entries list (PEL) of what was delivered but not XACKed, "
                "each entry owned by one consumer.";
            break;
        }
    }
    return s;
}

namespace {
const Object* findLive(Engine& engine, int db, std::string_view key) {
    if (db < 0 || db >= engine.dbCount()) return nullptr;
    Db& d = engine.db(db);
    if (d.isExpired(key)) return nullptr;  // gone on the next access; do not delete it here
    return d.peek(key);
}
}  // namespace

std::optional<ValueSnapshot> inspectValue(Engine& engine, int db, std::string_view key, const Limits& limits) {
    const Object* o = findLive(engine, db, key);
    if (o == nullptr) return std::nullopt;
    ValueSnapshot s = inspectObject(*o, engine.cfg(), key, limits);
    if (s.stream) s.stream->now_ms = engine.clock().nowMs();
    return s;
}

std::optional<Skiplist::Path> skiplistPath(Engine& engine, int db, std::string_view key, const PathQuery& q,
                                           const Limits& limits) {
    const Object* o = findLive(engine, db, key);
    if (o == nullptr || o->type() != ObjType::ZSet || o->encoding() != Encoding::SkipList) return std::nullopt;
    const Skiplist& sl = o->zsetIndex().zsl;
    Skiplist::Path p;
    switch (q.kind) {
        case PathKind::Score:
            p = sl.pathToScore(q.score, q.exclusive);
            break;
        case PathKind::Rank:
            p = sl.pathToRank(q.rank);
            break;
        case PathKind::Member: {
            const Dict<double>::Entry* e = o->zsetIndex().dict.find(q.member);  // const: no rehash step
            if (e == nullptr) return std::nullopt;
            p = sl.pathToMember(q.member, e->value);
            break;
        }
    }
    for (auto& st : p.steps) st.member = cut(st.member, limits).text;
    return p;
}

std::optional<SkiplistSnap> skiplistWindow(Engine& engine, int db, std::string_view key, unsigned long first_rank,
                                           const Limits& limits) {
    const Object* o = findLive(engine, db, key);
    if (o == nullptr || o->type() != ObjType::ZSet || o->encoding() != Encoding::SkipList) return std::nullopt;
    return skiplistSnap(o->zsetIndex().zsl, limits, std::max(1UL, first_rank));
}

std::optional<BitsSnap> bitsOf(Engine& engine, int db, std::string_view key, std::optional<uint64_t> around,
                               const Limits& limits) {
    const Object* o = findLive(engine, db, key);
    if (o == nullptr || o->type() != ObjType::String) return std::nullopt;
    return bitsOfString(o->stringValue(), around, limits);
}

geo::Shape GeoQuery::shape() const {
    geo::Shape s;
    s.type = box ? geo::Shape::Type::Box : geo::Shape::Type::Circle;
    s.lon = lon;
    s.lat = lat;
    s.conversion = to_meters;
    s.radius = radius;
    s.width = width;
    s.height = height;
    return s;
}

std::optional<GeoSearchSnap> geoSearchOf(Engine& engine, int db, std::string_view key, const GeoQuery& q,
                                         const Limits& limits) {
    const Object* o = findLive(engine, db, key);
    if (o == nullptr || o->type() != ObjType::ZSet) return std::nullopt;
    geo::Shape shape = q.shape();  // areasForShape fills in its bounds
    const geo::SearchAreas areas = geo::areasForShape(shape);
    GeoSearchSnap g;
    g.box = q.box;
    g.lon = q.lon;
    g.lat = q.lat;
    g.radius = q.radius;
    g.width = q.width;
    g.height = q.height;
    g.unit = q.unit;
    g.radius_meters = areas.radius_meters;
    for (int i = 0; i < 4; ++i) g.bounds[i] = shape.bounds[static_cast<size_t>(i)];
    g.estimated_step = areas.estimated_step;
    g.step = areas.hash.step;
    for (const geo::ScanCell& sc : geo::scanPlan(areas)) {
        GeoSearchSnap::Cell c;
        c.name = sc.name;
        c.bits = sc.hash.bits;
        c.step = sc.hash.step;
        c.skip = sc.skip == geo::ScanCell::Skip::None          ? ""
                 : sc.skip == geo::ScanCell::Skip::Unreachable ? "unreachable"
                                                               : "duplicate";
        if (auto a = geo::decodeWGS84(sc.hash)) {
            c.area[0] = a->lon.min;
            c.area[1] = a->lat.min;
            c.area[2] = a->lon.max;
            c.area[3] = a->lat.max;
        }
        if (sc.skip == geo::ScanCell::Skip::None) {
            c.min = sc.min;
            c.max = sc.max;
            geo::forEachInCell(*o, sc, [&](std::string_view member, double score) {
                GeoSearchSnap::Candidate cand;
                const auto p = geo::decodeScore(score);
                if (p) {
                    cand.lon = p->lon;
                    cand.lat = p->lat;
                    const auto d = geo::withinShape(shape, p->lon, p->lat);
                    cand.inside = d.has_value();
                    cand.dist = d ? *d : geo::distance(shape.lon, shape.lat, p->lon, p->lat);
                }
                if (cand.inside) ++c.inside;
                if (c.candidates.size() < limits.geo_members) {
                    cand.member = cut(member, limits).text;
                    c.candidates.push_back(std::move(cand));
                } else {
                    ++c.more;
                }
                return true;
            });
            g.matches += c.inside;
        }
        g.cells.push_back(std::move(c));
    }
    return g;
}

}  // namespace redsim::inspect
