// Streams (Redis's t_stream.c low half): an append-only log of entries, each with an id
// "ms-seq" (two unsigned 64-bit numbers) and a list of field/value pairs.
//
// Redis 7.0 keeps the entries in "nodes": listpacks of up to stream-node-max-entries
// (100) entries or stream-node-max-bytes (4096) bytes, indexed by the id of their first
// ("master") entry in a radix tree. The node boundaries are visible to users: XADD/XTRIM
// with `~` only ever drop whole nodes, and XDEL only marks an entry deleted, freeing its
// node when the node's last live entry goes.
//
// DIFFERS FROM REDIS: each entry is kept in a std::map<StreamID, fields> instead of
// delta-encoded inside listpack nodes, and the nodes themselves are an index
// (std::map<master id, counts>, where Redis uses a rax) over those entries. The node
// bookkeeping (valid and deleted counts, an estimate of the listpack's bytes) follows
// Redis's rules, so `~` trimming drops exactly the entries Redis drops for entries whose
// size is below the byte limit; the byte estimate is not Redis's exact listpack size.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/types/stream_group.h"
#include "engine/types/stream_id.h"

namespace redsim {

class Stream {
public:
    using Fields = std::vector<std::string>;  // field, value, field, value, …
    using Entries = std::map<StreamID, Fields>;

    // Node limits, as Redis's stream-node-max-bytes / stream-node-max-entries defaults.
    static constexpr size_t kNodeMaxBytes = 4096;
    static constexpr size_t kNodeMaxEntries = 100;

    size_t length() const { return entries_.size(); }
    StreamID lastId() const { return last_id_; }
    // Id of the first / last live entry (0-0 when empty).
    StreamID firstId() const { return entries_.empty() ? StreamID{} : entries_.begin()->first; }
    StreamID lastEntryId() const { return entries_.empty() ? StreamID{} : std::prev(entries_.end())->first; }
    bool contains(StreamID id) const { return entries_.count(id) != 0; }

    // Walks the live entries with start <= id <= end, ascending, or descending when
    // `rev` (Redis's streamIterator):
    //     for (Stream::Iterator it(s, a, b, false); const Stream::Fields* f = it.next(id);) …
    // The stream must not change while an iterator is in use.
    class Iterator {
    public:
        Iterator(const Stream& s, StreamID start, StreamID end, bool rev);
        // The next entry's fields (id in `id`), or nullptr at the end. The pointer stays
        // valid until the next call.
        const Fields* next(StreamID& id);

    private:
        const Entries* entries_;
        Entries::const_iterator it_, stop_;
        StreamID start_, end_;
        bool rev_;
    };
    StreamID maxDeletedId() const { return max_deleted_; }
    uint64_t entriesAdded() const { return entries_added_; }
    size_t nodeCount() const { return nodes_.size(); }
    // Nodes of the radix tree Redis would index these nodes with (XINFO STREAM's
    // radix-tree-nodes): see indexNodes() in stream.cpp.
    size_t radixTreeNodes() const;

    // Consumer groups (engine/types/stream_group.h).
    StreamGroups& groups() { return groups_; }
    const StreamGroups& groups() const { return groups_; }

    void setLastId(StreamID id) { last_id_ = id; }
    void setMaxDeletedId(StreamID id) { max_deleted_ = id; }
    void setEntriesAdded(uint64_t n) { entries_added_ = n; }

    // Appends an entry with an id greater than lastId() (the caller checks).
    void append(StreamID id, Fields fields);
    // Deletes one entry (XDEL); false if absent.
    bool remove(StreamID id);

    enum class Trim { MaxLen, MinId };
    // Redis's streamTrim: returns how many entries went. `limit` 0 = no limit.
    size_t trim(Trim how, uint64_t maxlen, StreamID minid, bool approx, uint64_t limit);

private:
    struct Node {
        size_t valid = 0;    // live entries
        size_t deleted = 0;  // entries marked deleted but still in the node
        size_t bytes = 0;    // estimate of the node's listpack size
        StreamID last;       // id of the node's last entry (live or deleted)
    };
    std::map<StreamID, Node>::iterator nodeOf(StreamID id);

    Entries entries_;
    std::map<StreamID, Node> nodes_;  // keyed by master (first) id
    StreamID last_id_{};
    StreamID max_deleted_{};
    uint64_t entries_added_ = 0;
    StreamGroups groups_;
};

}  // namespace redsim
