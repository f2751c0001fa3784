// Listpack: Redis 7.0's compact list of strings and integers (src/listpack.c),
// byte for byte. The byte table is in docs/formats/listpack.md.
//
// Small hashes, small sorted sets and every node of a quicklist are stored as one
// listpack: a single contiguous buffer instead of a web of pointers. What a learner
// should take away:
//
// ONE BUFFER, NO POINTERS
//   A listpack is a 6-byte header, the entries back to back, and a 0xFF terminator:
//     [total bytes: u32 LE][entry count: u16 LE] entry entry ... entry [FF]
//   An empty listpack is 7 bytes. The count saturates at 65535, which then means
//   "unknown, walk the entries to count them". Every byte is accounted for, which is
//   why Redis prefers listpacks for small objects: a 3-field hash costs tens of bytes
//   where a dict costs hundreds. The price is O(n) lookups and O(n) inserts (the tail
//   is moved with memmove), so objects switch to a real hash table / skiplist once
//   they pass hash-max-listpack-entries / -value and friends.
//
// AN ENTRY: ENCODING, DATA, BACKLEN
//   Each entry starts with an encoding byte whose high bits say what follows:
//     0xxxxxxx            7-bit unsigned int (0..127), the value is in the byte
//     10xxxxxx            string of up to 63 bytes, length in the low 6 bits
//     110xxxxx + 1 byte   13-bit signed int (-4096..4095)
//     1110xxxx + 1 byte   string of up to 4095 bytes, 12-bit length
//     F1/F2/F3/F4         16/24/32/64-bit signed int, little endian, follows
//     F0 + 4 bytes        string of up to 2^32-1 bytes, 32-bit length
//   After the data comes the "backlen": the length of encoding+data, written so it
//   can be read from right to left - 7 bits per byte, the byte nearest the next
//   entry holds the lowest bits, and every byte except the leftmost has its high bit
//   set ("more to the left"). That is what makes a listpack walkable backwards
//   without a "previous entry length" field in front (ziplist's design, whose
//   cascading updates listpack was invented to remove).
//
// STRINGS THAT LOOK LIKE INTEGERS ARE STORED AS INTEGERS
//   Inserting "1234" stores the 13-bit int 1234 (2 bytes) instead of a 5-byte string,
//   but only when the text is the canonical spelling of an int64: "0123", "-0", "+1",
//   " 1" and "9223372036854775808" stay strings. Because of that strictness an int
//   entry always prints back to exactly the text that was inserted.
//
// VALIDATION
//   A listpack read from an RDB file or a RESTORE payload is untrusted. fromBytes()
//   does what lpValidateIntegrity does: a shallow check of header size, total bytes
//   and terminator, or (deep) a walk over every entry checking that each one stays
//   inside the buffer, that its backlen agrees with its forward length, that the walk
//   ends exactly on the terminator and that the count matches.
//
// DIFFERS FROM REDIS:
//   - Redis asserts (crashes) when its walkers meet a corrupt entry; we assert too,
//     which only a listpack loaded with fromBytes(.., false) can trigger. Where Redis
//     would return its 12345678900000000+byte marker for an unknown encoding, we
//     assert.
//   - lpLength writes a recount back into the header whenever some caller asks for
//     the length; our size() is const, and instead every removal recounts a saturated
//     (65535) header and writes the count back when it fits. That matches real Redis
//     after HDEL (checked: it asks for the length after deleting); a command that
//     deletes without asking could leave 65535 in Redis's header where we don't.
//   - Mutations that would pass 4 GB assert instead of returning NULL (callers check
//     safeToAdd first, as Redis's t_hash.c and friends check lpSafeToAdd).
//   - No lpMerge, batch delete or random-pair helpers yet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redsim {

class Listpack {
public:
    static constexpr size_t npos = static_cast<size_t>(-1);
    static constexpr size_t kHeaderSize = 6;            // LP_HDR_SIZE
    static constexpr uint16_t kUnknownCount = 65535;    // LP_HDR_NUMELE_UNKNOWN
    static constexpr uint8_t kEof = 0xFF;               // LP_EOF
    static constexpr size_t kMaxSafetySize = 1u << 30;  // LISTPACK_MAX_SAFETY_SIZE

    // One decoded entry. For strings `sval` points into this listpack's buffer: it
    // stays valid until the next mutation, move or destruction of the listpack.
    struct Entry {
        bool is_int = false;
        long long ival = 0;     // when is_int
        std::string_view sval;  // when !is_int
        // The entry as Redis would reply it (ints in decimal).
        std::string toString() const;
    };

    // Where one entry's bytes are, for the GUI and :explain. Split as Redis's lpRepr
    // splits it: encoding_bytes is the tag plus any length bytes (1 for every int,
    // 1/2/5 for strings); data_bytes is the rest (0 for a 7-bit uint, whose value
    // lives in the tag byte; 1 for a 13-bit int, whose high bits live in the tag).
    struct EntryLayout {
        size_t offset = 0;
        std::string encoding;  // "7BIT_UINT", "6BIT_STR", "13BIT_INT", "12BIT_STR",
                               // "16BIT_INT", "24BIT_INT", "32BIT_INT", "64BIT_INT",
                               // "32BIT_STR"
        size_t encoding_bytes = 0, data_bytes = 0, backlen_bytes = 0;
        size_t total() const { return encoding_bytes + data_bytes + backlen_bytes; }
    };

    // An empty listpack: 07 00 00 00 00 00 FF.
    Listpack();

    // Takes ownership of `bytes` if they form a valid listpack, else nullopt (never
    // crashes, whatever the input). deep=false checks only the header and terminator
    // (Redis's shallow lpValidateIntegrity), so later walks may assert on a corrupt
    // body; deep=true checks every entry, after which every operation is safe.
    static std::optional<Listpack> fromBytes(std::string bytes, bool deep_validate);

    // The whole encoded listpack, exactly as Redis stores it (and as RDB carries it).
    // Valid until the next mutation, move or destruction.
    const std::string& bytes() const { return bytes_; }
    size_t byteSize() const { return bytes_.size(); }
    // The raw header count (65535 when unknown).
    uint16_t headerCount() const;
    // Number of entries: the header count, or a full walk when it is 65535 (lpLength,
    // without writing the result back).
    size_t size() const;
    bool empty() const { return static_cast<uint8_t>(bytes_[kHeaderSize]) == kEof; }

    // ---- Mutation by index ---------------------------------------------------------
    // Strings are stored as integers when parseInt() accepts them. Every mutation
    // invalidates Entry views and offsets at or after the change.
    // Requires for all: safeToAdd(byteSize(), added length) - the 4 GB hard limit
    // asserts; the 1 GB policy limit is the caller's to check.

    void append(std::string_view s);
    void append(long long v);
    void prepend(std::string_view s);
    void prepend(long long v);
    // Inserts before the entry at `index`; index == size() appends.
    // Requires: index <= size().
    void insert(size_t index, std::string_view s);
    void insert(size_t index, long long v);
    // Requires: index < size().
    void replace(size_t index, std::string_view s);
    void replace(size_t index, long long v);
    // Removes `count` entries starting at `index`, fewer if the list ends first.
    // Requires: index <= size().
    void erase(size_t index, size_t count = 1);

    // The entry at `index`. Requires: index < size().
    Entry at(size_t index) const;

    // ---- Iteration by byte offset (lpFirst / lpNext / lpPrev / lpLast / lpSeek) --
    // An offset names an entry by the position of its encoding byte in bytes(). All
    // return npos where Redis returns NULL. Offsets are invalidated by mutations.

    size_t first() const;
    size_t last() const;
    // Requires: off is an entry offset.
    size_t next(size_t off) const;
    size_t prev(size_t off) const;
    // lpSeek: 0 = first, -1 = last; npos when out of range. Walks from the nearer end
    // when the count is known.
    size_t seek(long long index) const;
    // Requires: off is an entry offset.
    Entry get(size_t off) const;
    // Offset of the terminator: pass to insertAt() to append.
    size_t endOffset() const { return bytes_.size() - 1; }

    // ---- Mutation by offset (what the type code uses while iterating) -------------

    // Inserts before the entry at `off` (or appends if off == endOffset()). Returns
    // the new entry's offset.
    size_t insertAt(size_t off, std::string_view s);
    size_t insertAt(size_t off, long long v);
    // Replaces the entry at `off`; returns `off` (the replacement starts there).
    size_t replaceAt(size_t off, std::string_view s);
    size_t replaceAt(size_t off, long long v);
    // Removes up to `count` entries starting at `off` (lpDeleteRangeWithEntry).
    // Returns the offset of the entry that followed them, or npos if none did.
    size_t eraseAt(size_t off, size_t count = 1);

    // ---- Search ---------------------------------------------------------------------

    // lpFind from the first entry: compares entries 0, skip+1, 2(skip+1), ... with `s`
    // (an int entry equals s when s is its canonical spelling) and returns the offset
    // of the first match. Hashes store field,value,field,value... and search with
    // skip=1 so values are never mistaken for fields.
    std::optional<size_t> find(std::string_view s, size_t skip = 0) const;
    // Same, starting at entry offset `off` (which is compared first).
    std::optional<size_t> findFrom(size_t off, std::string_view s, size_t skip = 0) const;
    // lpCompare: does the entry at `off` equal s?
    bool equals(size_t off, std::string_view s) const;

    // ---- Introspection and helpers --------------------------------------------------

    // One row per entry, first to last.
    std::vector<EntryLayout> layout() const;

    // lpSafeToAdd: may a listpack of current_bytes grow by `add` bytes without passing
    // the 1 GB safety limit?
    static bool safeToAdd(size_t current_bytes, size_t add) { return current_bytes + add <= kMaxSafetySize; }
    // lpStringToInt64: the int64 that `s` spells canonically ("0", "-5", "42"; not
    // "007", "-0", "+1", " 1", "1e3", or anything longer than 20 characters).
    static std::optional<long long> parseInt(std::string_view s);
    // The backlen bytes that follow an entry whose encoding + data is `len` bytes long.
    static std::string backlenBytes(uint64_t len);

private:
    // Offset-level splice: replaces `remove` bytes at `off` with `add`, fixes the
    // total-bytes field, and moves the count by `delta` unless it is unknown.
    void splice(size_t off, size_t remove, std::string_view add, int delta);
    size_t entryBytes(size_t off) const;  // encoding + data + backlen; asserts bounds
    void setCount(size_t n);
    void recountIfUnknown();

    std::string bytes_;
};

}  // namespace redsim
