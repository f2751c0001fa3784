// Quicklist: Redis 7.0's list type (src/quicklist.c), a doubly linked list of
// listpacks. Every Redis 7.0 list, however short, is one of these. The node layout and
// the rules below are drawn in docs/formats/quicklist.md.
//
// WHY A LIST OF LISTPACKS
//   A plain linked list costs two pointers and an allocation per element; one huge
//   listpack makes every push in the middle move megabytes. A quicklist is the middle
//   road: a linked list whose nodes each hold a small listpack of consecutive
//   elements. LPUSH/RPUSH touch only the head or tail node; LINDEX skips whole nodes
//   by their element counts and then walks one listpack.
//
// HOW BIG A NODE MAY GROW: list-max-listpack-size ("fill")
//   Negative fill limits a node's listpack by bytes: -1..-5 = 4, 8, 16, 32, 64 KB.
//   Positive fill limits it by entries, with a safety cap: a node with more than one
//   entry stays at most 8 KB (SIZE_SAFETY_LIMIT) whatever the count allows. Before
//   adding an element of `sz` bytes Redis estimates the new size as node bytes + sz +
//   8 (SIZE_ESTIMATE_OVERHEAD, an overestimate of the entry's header and backlen) and
//   refuses when that passes the limit; a refused push starts a new node. Two
//   neighbours are merged when their estimated merged size (a + b - 11 bytes) fits the
//   same rule; 7.0 only merges after an insert had to split a full node. The limit is
//   not absolute in 7.0: LSET replaces in place without checking, and the half of a
//   split node that receives the new element is not checked either, so a node can
//   pass its limit by about one element.
//
// HUGE ELEMENTS: PLAIN NODES
//   An element of packed_threshold bytes or more (1 GB by default; Redis's
//   DEBUG QUICKLIST-PACKED-THRESHOLD lowers it) gets a node of its own whose payload
//   is the raw bytes, not a listpack (container PLAIN). Nothing is ever added to or
//   merged with a PLAIN node.
//
// COMPRESSION: list-compress-depth
//   With depth d > 0, the d nodes at each end stay plain bytes (pushes and pops work
//   there) and every node farther inside is LZF-compressed - if its listpack has at
//   least 48 bytes (MIN_COMPRESS_BYTES) and compression saves at least 8 bytes
//   (MIN_COMPRESS_IMPROVE); otherwise it just stays raw. A compressed node is
//   decompressed to be read or changed and compressed again afterwards (Redis's
//   `recompress` flag marks "decompressed only for this operation"). Only the node
//   that changed and the nodes at the depth boundary are looked at, so keeping the
//   rule costs O(depth) per operation, not O(nodes). A consequence Redis has too: a
//   node once too small to compress stays raw when an insert then grows it in place,
//   until an operation that recompresses it passes by. So "beyond the depth" means
//   "compressed, or raw because small, incompressible or not revisited yet".
//
// DIFFERS FROM REDIS:
//   - packed_threshold is per quicklist (setPackedThreshold); Redis keeps one
//     process-wide value that DEBUG QUICKLIST-PACKED-THRESHOLD changes for every list.
//   - No bookmarks (Redis uses them only for its incremental defrag).
//   - Read-only access (index, range, nodes) on a compressed node decompresses a copy
//     and leaves the node compressed; Redis decompresses it in place and compresses it
//     again when the read ends. The resulting list is the same.
//   - lpMerge copies the smaller listpack's bytes; we re-append its entries, which
//     gives the same bytes because listpack encodings are canonical.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/ds/listpack.h"

namespace redsim {

class Quicklist {
    struct Node;

public:
    static constexpr int kDefaultFill = -2;                      // list-max-listpack-size
    static constexpr int kMinFill = -5;                          // quicklistSetFill clamps
    static constexpr int kMaxFill = (1 << 15) - 1;               // FILL_MAX: 16-bit field
    static constexpr int kMaxCompressDepth = (1 << 16) - 1;      // COMPRESS_MAX
    static constexpr size_t kSizeSafetyLimit = 8192;             // SIZE_SAFETY_LIMIT
    static constexpr size_t kSizeEstimateOverhead = 8;           // SIZE_ESTIMATE_OVERHEAD
    static constexpr size_t kMinCompressBytes = 48;              // MIN_COMPRESS_BYTES
    static constexpr size_t kMinCompressImprove = 8;             // MIN_COMPRESS_IMPROVE
    static constexpr size_t kDefaultPackedThreshold = 1u << 30;  // 1 GB
    // Redis refuses thresholds above 4 GB - 1 MB (a listpack's hard limit is 4 GB).
    static constexpr uint64_t kMaxPackedThreshold = (1ull << 32) - (1ull << 20);

    // The byte limit of a node for negative fill -1..-5 (optimization_level[]).
    static size_t byteLimitForFill(int fill);

    enum class Direction { FromHead, FromTail };

    // One node as the GUI draws it. listpack_bytes is the uncompressed size (for a PLAIN
    // node, the element's size); compressed_bytes is the LZF size, 0 when not compressed.
    struct NodeView {
        size_t count = 0;
        size_t listpack_bytes = 0;
        bool compressed = false;
        size_t compressed_bytes = 0;
        bool plain = false;
    };

    // Walks the list and may delete the element it stands on (quicklistIter). Obtained
    // from iterate()/iterateAt(); it holds a pointer to its Quicklist, which must
    // outlive it and must not be changed meanwhile except through erase(), or through
    // insertBefore/insertAfter/replace, after which the iterator is finished (next()
    // returns false), as Redis resets its iterator after an insert. Move-only. While it
    // stands on a compressed node that node is kept decompressed; it is compressed
    // again when the iterator moves on or is destroyed.
    class Iterator {
    public:
        Iterator(Iterator&& o) noexcept;
        Iterator& operator=(Iterator&& o) noexcept;
        Iterator(const Iterator&) = delete;
        Iterator& operator=(const Iterator&) = delete;
        ~Iterator();

        // Moves to the next element in the iterator's direction (the first call yields
        // the first one). False when there are no more.
        bool next();
        // The current element. Requires: the last next() returned true and nothing
        // changed the list since (erase() included).
        std::string value() const;
        // Does the current element equal `s` (byte-wise; an int entry compares by its
        // decimal text)? Same requirement as value().
        bool equals(std::string_view s) const;
        // Deletes the current element (quicklistDelEntry); the following next() yields
        // the element after it in the iterator's direction. Requires as value().
        void erase();

    private:
        friend class Quicklist;
        Iterator(Quicklist* ql, Direction dir) : ql_(ql), dir_(dir) {}
        void release();

        Quicklist* ql_ = nullptr;
        Direction dir_ = Direction::FromHead;
        Node* current_ = nullptr;
        long long offset_ = 0;     // index in current_'s listpack, negative from its tail
        bool positioned_ = false;  // Redis: iter->zi != NULL
        size_t off_ = 0;           // byte offset of the entry when positioned_ (packed)
    };

    // An empty list with the given list-max-listpack-size and list-compress-depth
    // (clamped as setFill / setCompressDepth do).
    explicit Quicklist(int fill = kDefaultFill, int compress_depth = 0);
    ~Quicklist();
    Quicklist(Quicklist&& o) noexcept;
    Quicklist& operator=(Quicklist&& o) noexcept;
    Quicklist(const Quicklist&) = delete;
    Quicklist& operator=(const Quicklist&) = delete;

    // A deep copy, node for node, compressed nodes copied compressed (quicklistDup).
    Quicklist clone() const;

    // ---- Configuration: applies to later operations, existing nodes are left alone ----
    void setFill(int fill);  // clamped to [-5, 32767]
    int fill() const { return fill_; }
    void setCompressDepth(int depth);  // clamped to [0, 65535]
    int compressDepth() const { return depth_; }
    // 0 restores the 1 GB default; false (and no change) above kMaxPackedThreshold.
    [[nodiscard]] bool setPackedThreshold(uint64_t bytes);
    size_t packedThreshold() const { return packed_threshold_; }

    // ---- Size -------------------------------------------------------------------------
    size_t size() const { return count_; }  // elements (quicklistCount)
    bool empty() const { return count_ == 0; }
    size_t nodeCount() const { return len_; }

    // ---- Ends (LPUSH RPUSH LPOP RPOP LMOVE) ------------------------------------------
    void pushHead(std::string_view value);
    void pushTail(std::string_view value);
    // Removes and returns the first / last element; nullopt when empty.
    std::optional<std::string> popHead();
    std::optional<std::string> popTail();

    // ---- By index (LINDEX LSET LTRIM LRANGE) -------------------------------------------
    // Negative indexes count from the tail (-1 = last). nullopt when out of range.
    std::optional<std::string> index(long long idx) const;
    // quicklistReplaceAtIndex; false (and no change) when out of range.
    bool replaceAtIndex(long long idx, std::string_view value);
    // quicklistDelRange: deletes up to `count` elements starting at `start` (negative
    // from the tail), stopping at the end of the list. False when nothing was deleted.
    bool delRange(long long start, long long count);
    // Up to `count` elements starting at index `start` (0-based from the head).
    std::vector<std::string> range(size_t start, size_t count) const;
    std::vector<std::string> toVector() const { return range(0, count_); }

    // ---- Iteration (LREM LINSERT LPOS) -------------------------------------------------
    Iterator iterate(Direction dir);
    // An iterator whose first next() yields element `idx` (negative from the tail) and
    // then goes on in direction `dir`; its first next() returns false if idx is out of
    // range (Redis returns no iterator).
    Iterator iterateAt(Direction dir, long long idx);
    // Insert next to the element the iterator stands on, with Redis's node policy
    // (_quicklistInsert). On an empty list (the iterator never stood on anything) the
    // value becomes the only element. Finishes the iterator.
    void insertBefore(Iterator& it, std::string_view value);
    void insertAfter(Iterator& it, std::string_view value);
    // Replaces the element the iterator stands on (quicklistReplaceEntry). Requires:
    // the iterator stands on an element. Finishes the iterator.
    void replace(Iterator& it, std::string_view value);

    // ---- Loading (RDB) -----------------------------------------------------------------
    // Appends a whole node as RDB's quicklist-2 encoding stores it (quicklistAppendListpack
    // / quicklistAppendPlainNode). Requires: lp is not empty.
    void appendListpackNode(Listpack lp);
    void appendPlainNode(std::string value);

    // ---- Inspection --------------------------------------------------------------------
    std::vector<NodeView> nodes() const;  // head to tail, a copy

    // What one node stores, as RDB writes it: `bytes` is the LZF data when `compressed`
    // (then `sz` is the uncompressed size), otherwise the listpack or, for a PLAIN node,
    // the element. The view is valid until the list changes.
    struct NodePayload {
        bool plain = false;
        bool compressed = false;
        std::string_view bytes;
        size_t sz = 0;
    };
    template <class F>
    void forEachNodePayload(F&& fn) const {
        for (const Node* n = head_; n != nullptr; n = n->next) {
            std::string_view b = n->compressed ? std::string_view(n->lzf)
                                 : n->plain    ? std::string_view(n->raw)
                                               : std::string_view(n->lp.bytes());
            fn(NodePayload{n->plain, n->compressed, b, n->sz});
        }
    }
    // Walks every node and checks the structure: prev/next links and head/tail, node and
    // element counts, no empty node, PLAIN nodes hold one element, each node's size and
    // count agree with its payload, no node left marked for recompression, and a node
    // is compressed only beyond the depth (not "every node beyond it is compressed":
    // Redis leaves some raw, see COMPRESSION above). Returns "" or what is wrong.
    [[nodiscard]] std::string validate() const;

private:
    struct Node {
        Node* prev = nullptr;
        Node* next = nullptr;
        Listpack lp;      // packed and not compressed
        std::string raw;  // plain and not compressed: the element
        std::string lzf;  // compressed: the LZF bytes of lp (or of raw)
        size_t count = 0;
        size_t sz = 0;  // uncompressed payload bytes (quicklistNode.sz)
        bool plain = false;
        bool compressed = false;
        bool recompress = false;  // decompressed for one operation only
    };

    struct Position {  // an element: its node and its index there (negative from the tail)
        Node* node = nullptr;
        long long offset = 0;
    };

    bool isLarge(size_t sz) const { return sz >= packed_threshold_; }
    bool sizeMeetsFill(size_t sz) const;
    bool allowInsert(const Node* n, size_t sz) const;
    bool allowMerge(const Node* a, const Node* b) const;

    static Node* newPacked();
    static Node* newPlain(std::string_view value);
    static void updateSz(Node* n) { n->sz = n->lp.byteSize(); }
    static bool compressNode(Node* n);  // __quicklistCompressNode; Requires: raw
    static void decompressNode(Node* n);
    static void decompressForUse(Node* n);
    static Listpack readableCopy(const Node* n);  // a node's listpack, decompressed
    static std::string elementAt(const Node* n, const Listpack& lp, size_t off);
    void compressAround(Node* node);  // __quicklistCompress
    void compress(Node* n);           // quicklistCompress
    static void recompressOnly(Node* n) {
        if (n->recompress && !n->compressed) compressNode(n);
    }

    void linkNode(Node* old_node, Node* new_node, bool after);  // __quicklistInsertNode
    void unlinkAndFree(Node* n);                                // __quicklistDelNode
    bool delIndex(Node* n, size_t& off);                        // quicklistDelIndex
    Node* split(Node* n, long long offset, bool after);         // _quicklistSplitNode
    Node* mergePair(Node* a, Node* b);                          // _quicklistListpackMerge
    void mergeAround(Node* center);                             // _quicklistMergeNodes
    void insertPlain(Node* old_node, std::string_view value, bool after);
    void insertNear(Node* node, long long offset, size_t off, std::string_view value, bool after);
    void insertAtIterator(Iterator& it, std::string_view value, bool after);
    std::optional<std::string> pop(bool head);
    Position locate(long long idx) const;  // quicklistGetIteratorAtIdx's seek
    void freeAll();

    Node* head_ = nullptr;
    Node* tail_ = nullptr;
    size_t count_ = 0;  // elements
    size_t len_ = 0;    // nodes
    int fill_ = kDefaultFill;
    int depth_ = 0;
    size_t packed_threshold_ = kDefaultPackedThreshold;
};

}  // namespace redsim
