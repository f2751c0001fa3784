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

// Bytes a listpack string element of `len` bytes takes: encoding header, data, backlen.
size_t lpElementBytes(size_t len) {
    const size_t header = len < 64 ? 1 : len < 4096 ? 2 : 5;
    const size_t total = header + len;
    return total + (total < 128 ? 1 : total < 16384 ? 2 : 3);
}

}  // namespace

Stream::Iterator::Iterator(const Stream& s, StreamID start, StreamID end, bool rev)
    : entries_(&s.entries_), start_(start), end_(end), rev_(rev) {
    if (end < start) {
        it_ = stop_ = entries_->end();
    } else if (!rev) {
        it_ = entries_->lower_bound(start);
        stop_ = entries_->upper_bound(end);
    } else {
        it_ = entries_->upper_bound(end);  // one past the next entry to give
        stop_ = entries_->lower_bound(start);
    }
}

const Stream::Fields* Stream::Iterator::next(StreamID& id) {
    if (it_ == stop_) return nullptr;
    if (rev_) --it_;
    auto cur = it_;
    if (!rev_) ++it_;
    id = cur->first;
    return &cur->second;
}

std::map<StreamID, Stream::Node>::iterator Stream::nodeOf(StreamID id) {
    auto it = nodes_.upper_bound(id);
    --it;  // every entry lies in the node whose master id is the greatest <= its id
    return it;
}

void Stream::append(StreamID id, Fields fields) {
    size_t value_bytes = 0;
    for (const std::string& f : fields) value_bytes += f.size();
    // streamAppendItem: a new node once the last one would pass the byte limit or
    // already holds stream-node-max-entries entries (deleted ones count too).
    bool new_node = nodes_.empty();
    if (!new_node) {
        const Node& last = std::prev(nodes_.end())->second;
        if (last.bytes + value_bytes >= kNodeMaxBytes || last.valid + last.deleted >= kNodeMaxEntries) new_node = true;
    }
    size_t entry_bytes = 3 * 2 + 2;  // flags, ms and seq deltas, lp-count
    for (const std::string& f : fields) entry_bytes += lpElementBytes(f.size());
    if (new_node) {
        Node n;
        n.bytes = 7 + 4 * 2;  // listpack header/end, count, deleted, field count, terminator
        for (size_t i = 0; i < fields.size(); i += 2) n.bytes += lpElementBytes(fields[i].size());
        nodes_.emplace(id, n);
    }
    Node& node = std::prev(nodes_.end())->second;
    ++node.valid;
    node.bytes += entry_bytes;
    node.last = id;
    entries_.emplace(id, std::move(fields));
    last_id_ = id;
    ++entries_added_;
}

bool Stream::remove(StreamID id) {
    auto e = entries_.find(id);
    if (e == entries_.end()) return false;
    entries_.erase(e);
    auto n = nodeOf(id);
    --n->second.valid;
    ++n->second.deleted;
    if (n->second.valid == 0) nodes_.erase(n);  // Redis frees a node with no live entry
    if (max_deleted_ < id) max_deleted_ = id;
    return true;
}

size_t Stream::trim(Trim how, uint64_t maxlen, StreamID minid, bool approx, uint64_t limit) {
    size_t deleted = 0;
    auto it = nodes_.begin();
    while (it != nodes_.end()) {
        if (how == Trim::MaxLen && entries_.size() <= maxlen) break;
        Node& node = it->second;
        if (limit && deleted + node.valid > limit) break;
        const bool whole = how == Trim::MaxLen ? entries_.size() - node.valid >= maxlen : node.last < minid;
        auto next = std::next(it);
        const StreamID end = next == nodes_.end() ? kStreamMaxID : next->first;
        if (whole) {
            auto from = entries_.lower_bound(it->first);
            while (from != entries_.end() && (next == nodes_.end() || from->first < end)) {
                from = entries_.erase(from);
                ++deleted;
            }
            it = nodes_.erase(it);
            continue;
        }
        // `~` stops at the first node it cannot drop whole; `=` goes into the node.
        if (approx) break;
        auto from = entries_.lower_bound(it->first);
        while (from != entries_.end() && (next == nodes_.end() || from->first < end)) {
            if (how == Trim::MaxLen ? entries_.size() <= maxlen : !(from->first < minid)) break;
            from = entries_.erase(from);
            --node.valid;
            ++node.deleted;
            ++deleted;
        }
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
    for (const auto& [master, node] : nodes_) {
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
