// Intset: Redis 7.0's sorted array of integers (src/intset.c), byte for byte.
//
// A set whose members are all integers (and that stays under set-max-intset-entries,
// 512 by default) is stored by Redis not as a hash table but as one flat blob:
//
//   +----------------+----------------+------------------------------------+
//   | encoding (u32) | length (u32)   | length integers, sorted ascending, |
//   | 2, 4 or 8      | member count   | each `encoding` bytes wide         |
//   +----------------+----------------+------------------------------------+
//
// Every field is little-endian. docs/formats/intset.md has the full byte table and a
// worked example taken from a real Redis DUMP. What a learner should take away:
//
// ONE WIDTH FOR ALL MEMBERS
//   All members share the narrowest width that fits the widest member: int16 while
//   every value is in [-32768, 32767], then int32, then int64. Fixed-width slots mean
//   member i lives at byte 8 + i*encoding, so reading the i-th member is O(1) and a
//   lookup is a binary search: O(log N) with no pointers and no per-member overhead.
//   Three members 1, 2, 3 cost 8 + 3*2 = 14 bytes.
//
// UPGRADES, NEVER DOWNGRADES
//   Adding a value that does not fit the current width rewrites the whole array at
//   the wider width (intsetUpgradeAndAdd). The rewrite walks from the last member to
//   the first so that no wide slot overwrites a narrow value not yet moved. The new
//   value needs no search: since it did not fit the old width it is either below
//   every member (negative: it goes first) or above every member (it goes last).
//   Removing the wide value later does not shrink the width back: Redis never
//   downgrades, so DUMP keeps showing encoding 4 or 8.
//
// INSERTS AND REMOVES MOVE THE TAIL
//   Keeping the array sorted means an insert at position p shifts members p.. one
//   slot right (intsetMoveTail) and a remove shifts them left: O(N) per write. That
//   is fine for a few hundred members and is why Redis converts the set to a
//   hash table once it grows past set-max-intset-entries (the set commands decide).
//
// DIFFERS FROM REDIS: random() draws a uniform index from the injected Rng; Redis's
// intsetRandom uses rand() % length (libc's unseeded generator, slightly biased).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "engine/rng.h"

namespace redsim {

class Intset {
public:
    static constexpr size_t kHeaderSize = 8;  // sizeof(intset): encoding + length
    // Encodings are the width of one member in bytes, so they order by size
    // (INTSET_ENC_INT16 < INTSET_ENC_INT32 < INTSET_ENC_INT64).
    static constexpr uint32_t kEncInt16 = 2;
    static constexpr uint32_t kEncInt32 = 4;
    static constexpr uint32_t kEncInt64 = 8;

    // An empty set: encoding int16, length 0, 8 bytes (intsetNew).
    Intset();

    // Adds v; true if it was not there (intsetAdd). May upgrade the encoding (see the
    // file comment). O(N). Requires: size() < UINT32_MAX.
    bool add(int64_t v);

    // Removes v; true if it was there (intsetRemove). Never changes the encoding. O(N).
    bool remove(int64_t v);

    // True if v is a member (intsetFind): a value wider than the encoding cannot be
    // one; otherwise a binary search. O(log N).
    bool contains(int64_t v) const;

    size_t size() const;  // intsetLen
    bool empty() const { return size() == 0; }

    // The i-th smallest member. Requires: i < size().
    int64_t at(size_t i) const;
    // Smallest / largest member (intsetMin / intsetMax). Requires: !empty().
    int64_t min() const { return at(0); }
    int64_t max() const { return at(size() - 1); }

    // A uniformly chosen member (intsetRandom). Requires: !empty(). One rng.below call.
    int64_t random(Rng& rng) const;

    // Width of one member in bytes: 2, 4 or 8.
    uint32_t encodingBytes() const;

    // The blob exactly as Redis lays it out in memory and in RDB (type 11, intset).
    // Valid until the next add/remove or the destruction of this set.
    const std::string& bytes() const { return blob_; }
    // Bytes used by the blob: 8 + size() * encodingBytes() (intsetBlobLen).
    size_t blobLen() const { return blob_.size(); }

    // Position of v if it is a member, else nullopt. For the GUI, which highlights the
    // binary search. O(log N).
    std::optional<size_t> search(int64_t v) const;
    // Where v is or would be inserted: the number of members smaller than v.
    size_t lowerBound(int64_t v) const;

    // The narrowest encoding that holds v (_intsetValueEncoding).
    static uint32_t valueEncoding(int64_t v);

    // intsetValidateIntegrity: true if `blob` can be used as an intset without reading
    // out of bounds: at least a header, encoding 2/4/8, exactly 8 + length*encoding
    // bytes, length > 0; and when `deep`, members strictly ascending (no duplicates).
    // A shallow check is O(1) and never reads members.
    static bool validate(std::string_view blob, bool deep);

    // Takes ownership of `blob` (as loaded from RDB or RESTORE) if validate(blob, deep)
    // passes; nullopt otherwise. A set accepted with deep=false may be unsorted: then
    // lookups can miss members, but no operation reads out of bounds.
    static std::optional<Intset> fromBytes(std::string blob, bool deep);

    // Walks the members in ascending order: `for (int64_t v : set)`. An iterator is
    // invalidated by add/remove (positions shift), like any index into the array.
    class Iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = int64_t;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = int64_t;

        Iterator() = default;
        int64_t operator*() const { return set_->at(pos_); }
        Iterator& operator++() {
            ++pos_;
            return *this;
        }
        Iterator operator++(int) {
            Iterator old = *this;
            ++pos_;
            return old;
        }
        bool operator==(const Iterator& o) const { return pos_ == o.pos_; }

    private:
        friend class Intset;
        Iterator(const Intset* set, size_t pos) : set_(set), pos_(pos) {}
        const Intset* set_ = nullptr;
        size_t pos_ = 0;
    };
    Iterator begin() const { return Iterator(this, 0); }
    Iterator end() const { return Iterator(this, size()); }

    bool operator==(const Intset& o) const { return blob_ == o.blob_; }

private:
    explicit Intset(std::string blob) : blob_(std::move(blob)) {}

    // intsetSearch: true and *pos = index if found; false and *pos = insert position.
    bool find(int64_t v, size_t* pos) const;
    // Upgrades to valueEncoding(v) and puts v first or last (intsetUpgradeAndAdd).
    void upgradeAndAdd(int64_t v);

    int64_t get(size_t i, uint32_t enc) const;                    // member i read at width enc
    static int64_t decode(const unsigned char* p, uint32_t enc);  // one LE member
    void set(size_t i, int64_t v, uint32_t enc);                  // member i written at width enc
    uint32_t readU32(size_t off) const;
    void writeU32(size_t off, uint32_t v);
    void setLength(size_t n) { writeU32(4, static_cast<uint32_t>(n)); }

    std::string blob_;  // header + members, exactly Redis's layout
};

}  // namespace redsim
