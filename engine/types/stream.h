// Streams (Redis's t_stream.c low half): an append-only log of entries, each with an id
// "ms-seq" (two unsigned 64-bit numbers) and a list of field/value pairs.
//
// Redis 7.0 keeps the entries in "nodes", and so does redsim, byte for byte: each node
// is one listpack (engine/ds/listpack.h) and the nodes are indexed by the id of their
// first ("master") entry, as 16 big-endian bytes in Redis's radix tree (a std::map
// here). A node's listpack holds:
//
//   THE MASTER ENTRY   count | deleted | master field count | field 1 … field N | 0
//     count and deleted are the node's live entries and entries marked deleted;
//     the fields are the first entry's field names, kept so later entries with the
//     same names need not repeat them. The 0 closes the master entry when walking
//     right to left.
//   THEN ONE PIECE PER ENTRY (streamAppendItem)
//     flags | ms-delta | seq-delta | [field count] | [field] value … | lp-count
//     flags: 1 = DELETED, 2 = SAMEFIELDS (the entry has exactly the master fields,
//     so the field count and the names are left out). The id is stored as the
//     difference to the master id (small numbers, 1-2 bytes each). lp-count says how
//     many listpack elements the entry used before it, so walking backwards (XREVRANGE)
//     can jump to the entry's flags.
//
// A new node starts when the last one has reached stream-node-max-bytes bytes
// (counting the new entry's field and value lengths) or stream-node-max-entries
// entries (live + deleted); 0 means "no limit" for both (bytes then stop at 1 GB).
// The node boundaries are visible to users: XADD/XTRIM with `~` only ever drop whole
// nodes, exact trimming marks entries of the first node deleted, and XDEL only marks
// an entry deleted, freeing its node when the node's last live entry goes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/ds/listpack.h"
#include "engine/types/stream_group.h"
#include "engine/types/stream_id.h"

namespace redsim {

// stream-node-max-bytes / stream-node-max-entries, as XADD reads them (0 = unlimited).
struct StreamNodeLimits {
    size_t max_bytes = 4096;
    uint64_t max_entries = 100;
};

class Stream {
public:
    using Fields = std::vector<std::string>;     // field, value, field, value, …
    using Nodes = std::map<StreamID, Listpack>;  // master id -> node listpack

    // Default node limits (stream-node-max-bytes / stream-node-max-entries).
    static constexpr size_t kNodeMaxBytes = 4096;
    static constexpr size_t kNodeMaxEntries = 100;
    // STREAM_LISTPACK_MAX_SIZE: the byte limit when stream-node-max-bytes is 0 or above.
    static constexpr size_t kListpackMaxSize = size_t{1} << 30;
    // Entry flags, as Redis's STREAM_ITEM_FLAG_*.
    static constexpr long long kFlagDeleted = 1;
    static constexpr long long kFlagSameFields = 2;

    using NodeLimits = StreamNodeLimits;

    size_t length() const { return length_; }
    StreamID lastId() const { return last_id_; }
    // Id of the first / last live entry (0-0 when empty).
    StreamID firstId() const;
    StreamID lastEntryId() const;
    bool contains(StreamID id) const;

    // Walks the live entries with start <= id <= end, ascending, or descending when
    // `rev` (Redis's streamIterator), decoding each entry from its node:
    //     for (Stream::Iterator it(s, a, b, false); const Stream::Fields* f = it.next(id);) …
    // The stream must not change while an iterator is in use.
    class Iterator {
    public:
        Iterator(const Stream& s, StreamID start, StreamID end, bool rev);
        // The next entry's fields (id in `id`), or nullptr at the end. The pointer (a
        // buffer the iterator owns) stays valid until the next call.
        const Fields* next(StreamID& id);

    private:
        bool enterNode();
        // Decodes the fields of the entry whose field part starts at `p` into buf_;
        // returns the position after them (the entry's lp-count).
        size_t decodeFields(const Listpack& lp, size_t p, bool same, long long nfields);

        const Nodes* nodes_;
        Nodes::const_iterator node_, first_;
        StreamID start_, end_;
        bool rev_;
        bool started_ = false, in_node_ = false, done_ = false;
        StreamID master_;
        long long master_fields_ = 0;
        size_t master_fields_at_ = 0;  // offset of the first master field
        size_t ele_ = 0;               // cursor (forward: the last lp-count read)
        size_t flags_at_ = 0;          // flags of the entry last returned
        Fields buf_;
    };
    StreamID maxDeletedId() const { return max_deleted_; }
    uint64_t entriesAdded() const { return entries_added_; }
    size_t nodeCount() const { return nodes_.size(); }
    // Nodes of the radix tree Redis would index these nodes with (XINFO STREAM's
    // radix-tree-nodes): see raxNodes() in stream.cpp.
    size_t radixTreeNodes() const;

    // The nodes, read-only, in id order: (master id, listpack), for the inspector, the
    // GUI and RDB (which writes each as a 16-byte big-endian key and the listpack).
    const Nodes& nodes() const { return nodes_; }
    // A node's master entry header.
    struct NodeHeader {
        long long count = 0;              // live entries
        long long deleted = 0;            // entries flagged deleted
        std::vector<std::string> fields;  // master field names
    };
    static NodeHeader nodeHeader(const Listpack& lp);
    // Every entry a node holds, deleted ones included (the iterator skips those), for
    // drawing a node: its id, flags (kFlagDeleted, kFlagSameFields), the offset of its
    // flags element in lp.bytes() and how many listpack elements it takes (lp-count
    // + 1, the lp-count itself included).
    struct NodeEntry {
        StreamID id;
        long long flags = 0;
        size_t offset = 0;
        size_t elements = 0;
    };
    static std::vector<NodeEntry> nodeEntries(StreamID master, const Listpack& lp);
    // The 16-byte big-endian radix-tree key of a master id (streamEncodeID).
    static std::string encodeId(StreamID id);

    // Consumer groups (engine/types/stream_group.h).
    StreamGroups& groups() { return groups_; }
    const StreamGroups& groups() const { return groups_; }

    // RDB loading (engine/persist/rdb_load.cpp): a node exactly as the file holds it,
    // already validated, and the entry count the file states.
    void loadNode(StreamID master, Listpack lp) { nodes_.emplace(master, std::move(lp)); }
    void setLength(size_t n) { length_ = n; }
    void setLastId(StreamID id) { last_id_ = id; }
    void setMaxDeletedId(StreamID id) { max_deleted_ = id; }
    void setEntriesAdded(uint64_t n) { entries_added_ = n; }

    // Appends an entry with an id greater than lastId() (the caller checks), in the
    // last node or a new one as `limits` decide (streamAppendItem).
    void append(StreamID id, std::span<const std::string> fields, NodeLimits limits = {});
    // Deletes one entry (XDEL): flags it deleted, frees the node if it was the node's
    // last live entry; false if absent.
    bool remove(StreamID id);

    enum class Trim { MaxLen, MinId };
    // Redis's streamTrim: returns how many entries went. `limit` 0 = no limit.
    size_t trim(Trim how, uint64_t maxlen, StreamID minid, bool approx, uint64_t limit);

private:
    Nodes nodes_;  // keyed by master (first) id
    size_t length_ = 0;
    StreamID last_id_{};
    StreamID max_deleted_{};
    uint64_t entries_added_ = 0;
    StreamGroups groups_;
};

}  // namespace redsim
