// Streams: ids, the entry log and Redis's node rules (see stream.h).
#include "engine/types/stream.h"

#include <array>
#include <charconv>

namespace redsim {

bool StreamID::incr() {
    if (seq == UINT64_MAX) {
        if (ms == UINT64_MAX) return false;
        ++ms;
        seq = 0;
    } else {
        ++seq;
    }
    return true;
}

bool StreamID::decr() {
    if (seq == 0) {
        if (ms == 0) return false;
        --ms;
        seq = UINT64_MAX;
    } else {
        --seq;
    }
    return true;
}

namespace {

// A strict unsigned 64-bit decimal, as Redis's string2ull (no sign, no spaces).
std::optional<uint64_t> parseU64(std::string_view s) {
    if (s.empty()) return std::nullopt;
    uint64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

}  // namespace

std::optional<StreamID> parseStreamID(std::string_view s, uint64_t missing_seq, bool strict, bool* seq_given,
                                      bool allow_star_seq, bool* star_seq) {
    if (seq_given) *seq_given = true;
    if (star_seq) *star_seq = false;
    // Redis copies the argument into a 128-byte buffer first: longer ids are invalid.
    if (s.size() > 127) return std::nullopt;
    if (!strict && s == "-") return kStreamMinID;
    if (!strict && s == "+") return kStreamMaxID;
    const size_t dash = s.find('-');
    if (dash == std::string_view::npos) {
        auto ms = parseU64(s);
        if (!ms) return std::nullopt;
        if (seq_given) *seq_given = false;
        return StreamID{*ms, missing_seq};
    }
    auto ms = parseU64(s.substr(0, dash));
    if (!ms) return std::nullopt;
    std::string_view rest = s.substr(dash + 1);
    if (allow_star_seq && rest == "*") {
        if (seq_given) *seq_given = false;
        if (star_seq) *star_seq = true;
        return StreamID{*ms, 0};
    }
    auto seq = parseU64(rest);
    if (!seq) return std::nullopt;
    return StreamID{*ms, *seq};
}

namespace {

// Every bookkeeping element of a node (counts, flags, deltas, lp-counts) is an integer.
long long lpInt(const Listpack& lp, size_t off) {
    const Listpack::Entry e = lp.get(off);
    if (e.is_int) return e.ival;
    return Listpack::parseInt(e.sval).value_or(0);  // lpGetInteger on a string entry
}

// Offset of the first entry's flags, after the master entry (count, deleted, field
// count, the fields, the 0 terminator); npos when the node holds no entry.
size_t firstEntry(const Listpack& lp, long long* master_fields = nullptr) {
    size_t p = lp.next(lp.next(lp.first()));  // count, deleted -> master field count
    const long long n = lpInt(lp, p);
    if (master_fields) *master_fields = n;
    for (long long i = 0; i <= n; ++i) p = lp.next(p);  // the fields, then the 0
    return lp.next(p);
}

// The id of a node's last entry, deleted or not (lpGetEdgeStreamID with first=0):
// from the final lp-count, jump back over the entry to its flags.
StreamID lastNodeId(const Listpack& lp, StreamID master) {
    size_t p = lp.last();
    for (long long n = lpInt(lp, p); n > 0; --n) p = lp.prev(p);
    p = lp.next(p);  // flags -> ms delta
    StreamID id = master;
    id.ms += static_cast<uint64_t>(lpInt(lp, p));
    id.seq += static_cast<uint64_t>(lpInt(lp, lp.next(p)));
    return id;
}

// Rewrites the master entry's live / deleted counters by the given amounts.
void addCounts(Listpack& lp, long long dcount, long long ddeleted) {
    size_t p = lp.first();
    p = lp.replaceAt(p, lpInt(lp, p) + dcount);
    p = lp.next(p);
    lp.replaceAt(p, lpInt(lp, p) + ddeleted);
}

}  // namespace

std::string Stream::encodeId(StreamID id) {
    std::string k(16, '\0');
    for (int b = 0; b < 8; ++b) {
        k[b] = static_cast<char>(id.ms >> (56 - 8 * b));
        k[8 + b] = static_cast<char>(id.seq >> (56 - 8 * b));
    }
    return k;
}

Stream::NodeHeader Stream::nodeHeader(const Listpack& lp) {
    NodeHeader h;
    size_t p = lp.first();
    h.count = lpInt(lp, p);
    p = lp.next(p);
    h.deleted = lpInt(lp, p);
    p = lp.next(p);
    const long long n = lpInt(lp, p);
    for (long long i = 0; i < n; ++i) {
        p = lp.next(p);
        h.fields.push_back(lp.get(p).toString());
    }
    return h;
}

std::vector<Stream::NodeEntry> Stream::nodeEntries(StreamID master, const Listpack& lp) {
    std::vector<NodeEntry> out;
    long long mfields = 0;
    for (size_t p = firstEntry(lp, &mfields); p != Listpack::npos;) {
        NodeEntry e;
        e.offset = p;
        e.flags = lpInt(lp, p);
        p = lp.next(p);
        e.id = master;
        e.id.ms += static_cast<uint64_t>(lpInt(lp, p));
        p = lp.next(p);
        e.id.seq += static_cast<uint64_t>(lpInt(lp, p));
        p = lp.next(p);
        long long skip = (e.flags & kFlagSameFields) ? mfields : 2 * lpInt(lp, p) + 1;
        while (skip-- > 0) p = lp.next(p);
        e.elements = static_cast<size_t>(lpInt(lp, p)) + 1;
        p = lp.next(p);
        out.push_back(e);
    }
    return out;
}

Stream::Iterator::Iterator(const Stream& s, StreamID start, StreamID end, bool rev)
    : nodes_(&s.nodes_), start_(start), end_(end), rev_(rev) {
    // streamIteratorStart: forward starts in the node that may hold `start` (the last
    // master id <= start); backward in the node that may hold `end`.
    const StreamID seek = rev ? end : start;
    auto it = nodes_->upper_bound(seek);
    if (it != nodes_->begin()) {
        first_ = std::prev(it);
    } else {
        // No master id <= seek: forward starts at the first node; backward has nothing.
        first_ = rev ? nodes_->end() : nodes_->begin();
    }
    node_ = first_;
    if (end < start) done_ = true;
}

// Moves to the next node in the walk's direction and puts the cursor where the walk
// in it begins: forward on the master entry's 0 terminator, backward on the final
// lp-count.
bool Stream::Iterator::enterNode() {
    if (!started_) {
        started_ = true;
    } else if (!rev_) {
        ++node_;
    } else if (node_ == nodes_->begin()) {
        node_ = nodes_->end();
    } else {
        --node_;
    }
    if (node_ == nodes_->end()) return false;
    const Listpack& lp = node_->second;
    master_ = node_->first;
    size_t p = lp.next(lp.next(lp.first()));
    master_fields_ = lpInt(lp, p);
    master_fields_at_ = lp.next(p);
    if (!rev_) {
        p = master_fields_at_;
        for (long long i = 0; i < master_fields_; ++i) p = lp.next(p);
        ele_ = p;  // the 0 terminator
    } else {
        ele_ = lp.last();
    }
    in_node_ = true;
    return true;
}

size_t Stream::Iterator::decodeFields(const Listpack& lp, size_t p, bool same, long long nfields) {
    // With SAMEFIELDS the names are the master entry's, and only values follow.
    buf_.resize(static_cast<size_t>(2 * nfields));
    size_t mf = master_fields_at_;
    for (long long i = 0; i < nfields; ++i) {
        if (same) {
            buf_[2 * i] = lp.get(mf).toString();
            mf = lp.next(mf);
        } else {
            buf_[2 * i] = lp.get(p).toString();
            p = lp.next(p);
        }
        buf_[2 * i + 1] = lp.get(p).toString();
        p = lp.next(p);
    }
    return p;
}

const Stream::Fields* Stream::Iterator::next(StreamID& id) {
    while (!done_) {
        if (!in_node_) {
            if (!enterNode()) break;
        } else if (rev_) {
            // Step from the entry returned last to the lp-count of the one before it.
            ele_ = node_->second.prev(flags_at_);
        }
        const Listpack& lp = node_->second;
        while (true) {
            if (!rev_) {
                ele_ = lp.next(ele_);  // past the previous lp-count (or the master's 0)
                if (ele_ == Listpack::npos) break;
            } else {
                long long back = lpInt(lp, ele_);
                if (back == 0) break;  // the master entry's terminator: node done
                while (back-- > 0) ele_ = lp.prev(ele_);
            }
            const size_t flags_at = ele_;
            const long long flags = lpInt(lp, ele_);
            size_t p = lp.next(ele_);
            StreamID cur = master_;
            cur.ms += static_cast<uint64_t>(lpInt(lp, p));
            p = lp.next(p);
            cur.seq += static_cast<uint64_t>(lpInt(lp, p));
            p = lp.next(p);
            const bool same = flags & kFlagSameFields;
            long long nfields = master_fields_;
            if (!same) {
                nfields = lpInt(lp, p);
                p = lp.next(p);
            }
            const bool live = !(flags & kFlagDeleted);
            if (rev_ ? cur < start_ : cur > end_) {
                done_ = true;
                return nullptr;
            }
            if (live && (rev_ ? cur <= end_ : cur >= start_)) {
                const size_t after = decodeFields(lp, p, same, nfields);
                if (!rev_) ele_ = after;  // this entry's lp-count
                flags_at_ = flags_at;
                id = cur;
                return &buf_;
            }
            if (!rev_) {
                for (long long i = 0; i < (same ? nfields : 2 * nfields); ++i) p = lp.next(p);
                ele_ = p;
            } else {
                ele_ = lp.prev(flags_at);  // the previous entry's lp-count
            }
        }
        in_node_ = false;
    }
    done_ = true;
    return nullptr;
}

StreamID Stream::firstId() const {
    StreamID id{};
    Iterator it(*this, kStreamMinID, kStreamMaxID, false);
    return it.next(id) ? id : StreamID{};
}

StreamID Stream::lastEntryId() const {
    StreamID id{};
    Iterator it(*this, kStreamMinID, kStreamMaxID, true);
    return it.next(id) ? id : StreamID{};
}

bool Stream::contains(StreamID id) const {
    StreamID got;
    Iterator it(*this, id, id, false);
    return it.next(got) != nullptr;
}

void Stream::append(StreamID id, std::span<const std::string> fields, NodeLimits limits) {
    const long long nfields = static_cast<long long>(fields.size() / 2);
    size_t total_len = 0;  // the new entry's field and value bytes
    for (const std::string& f : fields) total_len += f.size();

    // streamAppendItem's node decision: go on in the last node unless it has reached
    // the byte limit (with the new entry's strings counted) or holds max-entries
    // entries, live or deleted. 0 means no limit (bytes: the 1 GB listpack cap).
    Listpack* lp = nodes_.empty() ? nullptr : &std::prev(nodes_.end())->second;
    if (lp) {
        size_t max_bytes = limits.max_bytes;
        if (max_bytes == 0 || max_bytes > kListpackMaxSize) max_bytes = kListpackMaxSize;
        if (lp->byteSize() + total_len >= max_bytes) {
            lp = nullptr;
        } else if (limits.max_entries) {
            const size_t p = lp->first();
            const long long count = lpInt(*lp, p) + lpInt(*lp, lp->next(p));
            if (static_cast<uint64_t>(count) >= limits.max_entries) lp = nullptr;
        }
    }

    long long flags = 0;
    StreamID master;
    if (!lp && !nodes_.empty()) {
        // The last node is closed for good: give back its spare capacity (Redis's
        // lpShrinkToFit), by re-creating it from an exactly-sized copy of its bytes.
        Listpack& closed = std::prev(nodes_.end())->second;
        if (auto tight = Listpack::fromBytes(std::string(closed.bytes()), false)) closed = std::move(*tight);
    }
    if (!lp) {
        // A new node: its master entry takes this entry's field names.
        master = id;
        Listpack fresh;
        fresh.append(1LL);  // one live entry: this one
        fresh.append(0LL);  // none deleted
        fresh.append(nfields);
        for (long long i = 0; i < nfields; ++i) fresh.append(std::string_view(fields[2 * i]));
        fresh.append(0LL);  // the master entry's terminator
        lp = &nodes_.emplace(id, std::move(fresh)).first->second;
        flags |= kFlagSameFields;
    } else {
        master = std::prev(nodes_.end())->first;
        size_t p = lp->replaceAt(lp->first(), lpInt(*lp, lp->first()) + 1);
        p = lp->next(lp->next(p));  // deleted -> master field count
        const long long mfields = lpInt(*lp, p);
        if (mfields == nfields) {
            long long i = 0;
            for (p = lp->next(p); i < mfields && lp->equals(p, fields[2 * i]); ++i) p = lp->next(p);
            if (i == mfields) flags |= kFlagSameFields;
        }
    }
    const bool same = flags & kFlagSameFields;
    lp->append(flags);
    lp->append(static_cast<long long>(id.ms - master.ms));
    lp->append(static_cast<long long>(id.seq - master.seq));
    if (!same) lp->append(nfields);
    for (long long i = 0; i < nfields; ++i) {
        if (!same) lp->append(std::string_view(fields[2 * i]));
        lp->append(std::string_view(fields[2 * i + 1]));
    }
    // lp-count: the elements this entry used (flags, two deltas, the strings).
    lp->append(same ? 3 + nfields : 3 + 1 + 2 * nfields);
    ++length_;
    last_id_ = id;
    ++entries_added_;
}

bool Stream::remove(StreamID id) {
    auto node = nodes_.upper_bound(id);
    if (node == nodes_.begin()) return false;
    --node;  // the only node that can hold `id`: the last with master id <= id
    Listpack& lp = node->second;
    long long mfields = 0;
    for (size_t p = firstEntry(lp, &mfields); p != Listpack::npos;) {
        const size_t flags_at = p;
        const long long flags = lpInt(lp, p);
        p = lp.next(p);
        StreamID cur = node->first;
        cur.ms += static_cast<uint64_t>(lpInt(lp, p));
        p = lp.next(p);
        cur.seq += static_cast<uint64_t>(lpInt(lp, p));
        p = lp.next(p);
        if (cur > id) return false;
        if (cur == id && !(flags & kFlagDeleted)) {
            // streamIteratorRemoveEntry: flag it, then fix the counters, or free the
            // node when this was its last live entry.
            lp.replaceAt(flags_at, flags | kFlagDeleted);
            if (lpInt(lp, lp.first()) == 1) {
                nodes_.erase(node);
            } else {
                addCounts(lp, -1, +1);
            }
            --length_;
            if (max_deleted_ < id) max_deleted_ = id;
            return true;
        }
        long long skip = (flags & kFlagSameFields) ? mfields : 2 * lpInt(lp, p) + 1;
        while (skip-- > 0) p = lp.next(p);
        p = lp.next(p);  // the lp-count
    }
    return false;
}

size_t Stream::trim(Trim how, uint64_t maxlen, StreamID minid, bool approx, uint64_t limit) {
    size_t deleted = 0;
    for (auto it = nodes_.begin(); it != nodes_.end();) {
        if (how == Trim::MaxLen && length_ <= maxlen) break;
        Listpack& lp = it->second;
        const uint64_t entries = static_cast<uint64_t>(lpInt(lp, lp.first()));
        // LIMIT bounds the work: stop before a node that would pass it.
        if (limit && deleted + entries > limit) break;
        const bool whole = how == Trim::MaxLen ? length_ - entries >= maxlen : lastNodeId(lp, it->first) < minid;
        if (whole) {
            it = nodes_.erase(it);
            length_ -= entries;
            deleted += entries;
            continue;
        }
        // `~` stops at the first node it cannot drop whole; `=` goes into the node and
        // flags entries deleted (the node's bytes stay until the node goes).
        if (approx) break;
        long long mfields = 0;
        size_t from_node = 0;
        for (size_t p = firstEntry(lp, &mfields); p != Listpack::npos;) {
            const size_t flags_at = p;
            long long flags = lpInt(lp, p);
            p = lp.next(p);
            StreamID cur = it->first;
            cur.ms += static_cast<uint64_t>(lpInt(lp, p));
            p = lp.next(p);
            cur.seq += static_cast<uint64_t>(lpInt(lp, p));
            p = lp.next(p);
            if (how == Trim::MaxLen ? length_ <= maxlen : !(cur < minid)) break;
            long long skip = (flags & kFlagSameFields) ? mfields : 2 * lpInt(lp, p) + 1;
            while (skip-- > 0) p = lp.next(p);
            p = lp.next(p);  // past the lp-count
            if (!(flags & kFlagDeleted)) {
                // The cursor's distance from the end survives rewriting the flags.
                const bool at_end = p == Listpack::npos;
                const size_t after = at_end ? 0 : lp.byteSize() - p;
                lp.replaceAt(flags_at, flags | kFlagDeleted);
                if (!at_end) p = lp.byteSize() - after;
                ++from_node;
                --length_;
            }
        }
        if (from_node) addCounts(lp, -static_cast<long long>(from_node), static_cast<long long>(from_node));
        deleted += from_node;
        break;
    }
    return deleted;
}

namespace {

// Redis indexes a stream's nodes in a rax (a radix tree with compressed chains) keyed by
// the master id as 16 big-endian bytes. A rax is always kept compressed, so its node
// count follows from the keys alone: the root, every key (all keys have 16 bytes, so
// every key is a leaf), every branching position, and every child of a branching
// position (which starts a new node even inside a chain). `keys` [lo, hi) share their
// first `depth` bytes; `starts_node` says whether that shared prefix begins a node.
size_t raxNodes(const std::vector<std::array<uint8_t, 16>>& keys, size_t lo, size_t hi, size_t depth,
                bool starts_node) {
    if (depth == 16) return 1;
    size_t branches = 0;
    for (size_t i = lo; i < hi; ++branches) {
        size_t j = i;
        while (j < hi && keys[j][depth] == keys[i][depth]) ++j;
        i = j;
    }
    size_t n = starts_node || branches >= 2 ? 1 : 0;
    if (branches == 1) return n + raxNodes(keys, lo, hi, depth + 1, false);
    for (size_t i = lo; i < hi;) {
        size_t j = i;
        while (j < hi && keys[j][depth] == keys[i][depth]) ++j;
        n += raxNodes(keys, i, j, depth + 1, true);
        i = j;
    }
    return n;
}

}  // namespace

size_t Stream::radixTreeNodes() const {
    std::vector<std::array<uint8_t, 16>> keys;
    keys.reserve(nodes_.size());
    for (const auto& [master, lp] : nodes_) {
        std::array<uint8_t, 16> k{};
        for (int b = 0; b < 8; ++b) {
            k[b] = static_cast<uint8_t>(master.ms >> (56 - 8 * b));
            k[8 + b] = static_cast<uint8_t>(master.seq >> (56 - 8 * b));
        }
        keys.push_back(k);
    }
    if (keys.empty()) return 1;                      // an empty rax is its root
    return raxNodes(keys, 0, keys.size(), 0, true);  // std::map order is the big-endian byte order
}

}  // namespace redsim
