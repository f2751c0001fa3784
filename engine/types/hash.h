// The hash type: Redis 7.0's t_hash.c lower half (the hashType* functions), shared by
// the hash commands, SORT's `key->field` patterns, the inspectors and RDB.
//
// TWO ENCODINGS
//   listpack   One Listpack holding field,value,field,value,... in insertion order
//              (engine/ds/listpack.h). A lookup walks the fields (skipping values),
//              so it is O(n), but n is small and the whole hash is one allocation of
//              a few bytes per entry. HGETALL on a listpack hash answers in the order
//              the fields were first added; an update replaces the value in place.
//   hashtable  A Dict field -> value (HashDict in engine/object.h): O(1) lookups,
//              tens of bytes of overhead per entry, and an order that depends on the
//              hash seed and the table size.
//   Every hash starts as a listpack (hashTypeCreate) and becomes a hashtable the
//   first time it would break one of the two limits below. It never goes back, not
//   even when HDEL leaves a single field: Redis 7.0 does not convert down.
//
// WHEN A LISTPACK BECOMES A HASHTABLE (all checks are Redis's, in Redis's places)
//   1. hash-max-listpack-value: before a write, the command hands every field and
//      value it is about to store to hashTypeTryConversion. One string longer than
//      the limit (in bytes) converts the hash first, so the long string is never
//      written into the listpack. hashTypeSet checks its own field and value again,
//      which matters for HINCRBY/HINCRBYFLOAT: they compute the value they store,
//      so "9999" + 1 = "10000" can cross a limit of 4.
//   2. The 1 GB listpack safety limit (lpSafeToAdd): if the listpack plus the bytes
//      of all those arguments could pass 1 GB, convert first.
//   3. hash-max-listpack-entries: after an insert, if the hash has more fields than
//      the limit, convert. So with the limit at 4, the 5th field converts; and an
//      HSET with 3 pairs that repeat one field ("HSET h a 1 a 2 a 3") adds one
//      field and stays a listpack (Redis 7.0 does not guess from argument counts).
//   A converted dict is pre-sized to the number of fields (dictExpand), so the
//   conversion itself never rehashes.
//
// DELETES ON A HASHTABLE may shrink it: after each successful delete, a table
// less than 10% full is resized to fit (htNeedsResize + dictResize), as Redis does.
//
// RANDOM FIELDS
//   A hashtable picks with the dict's fair random entry (dictGetFairRandomKey). A
//   listpack has no buckets: Redis draws random pair indexes (lpRandomPair,
//   lpRandomPairs, lpRandomPairsUnique); the listpackRandom* helpers below do the
//   same with the engine's Rng, so HRANDFIELD's replies have Redis's shapes
//   (repeats allowed or not, order) even though the picks differ.
//
// DIFFERS FROM REDIS: reads take Object& and may do one incremental rehash step on
// a hashtable, exactly as dictFind does in Redis; there is no const lookup except
// through hashTypeForEach. Values come back as std::string copies, not as
// (pointer, length, long long) triples.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/object.h"
#include "engine/rng.h"

namespace redsim {

class Engine;

// What the encoding rules need: the two thresholds (CONFIG hash-max-listpack-entries
// and hash-max-listpack-value) and the seed for a dict created by a conversion.
// Read it from the engine once per command; it holds no references.
struct HashLimits {
    size_t max_listpack_entries = 512;
    size_t max_listpack_value = 64;
    uint64_t hash_seed = 0;
    static HashLimits of(const Engine& engine);
};

// A new, empty hash in listpack encoding (hashTypeCreate). The caller adds it to a db.
Object hashTypeCreate();

// Number of fields. Requires (all functions below): o.type() == ObjType::Hash.
size_t hashTypeLength(const Object& o);

// The value stored under `field`, or nullopt (hashTypeGetValue). Integers stored
// compactly in a listpack come back in decimal, exactly as they were written.
std::optional<std::string> hashTypeGet(Object& o, std::string_view field);
bool hashTypeExists(Object& o, std::string_view field);
// Length in bytes of the value under `field`; 0 when absent (HSTRLEN).
size_t hashTypeValueLength(Object& o, std::string_view field);

// hashTypeTryConversion: called with every field and value a command is about to
// write, before writing any. Converts a listpack hash to a hashtable if one of them
// is longer than limits.max_listpack_value, or if their total could push the
// listpack past the 1 GB safety limit. Does nothing to a hashtable.
void hashTypeTryConversion(Object& o, std::span<const std::string> fields_and_values, const HashLimits& limits);

// hashTypeSet: sets field to value, inserting the field if it is new. Returns true
// when the field already existed (its value was replaced), false when it was added.
// Redis's HASH_SET_TAKE_FIELD/TAKE_VALUE/COPY flags only say who owns the sds
// strings; here the value is taken by value (move it in to hand it over) and the
// field is copied when needed. Applies rules 1 (for this field and value) and 3 of
// the file comment, so the encoding may change.
bool hashTypeSet(Object& o, std::string_view field, std::string value, const HashLimits& limits);

// hashTypeDelete: removes field; true if it was there. A hashtable may shrink. The
// caller deletes the key when the hash becomes empty.
bool hashTypeDelete(Object& o, std::string_view field);

// hashTypeConvert: listpack -> hashtable, keeping every pair. Requires: listpack
// encoding. (Redis 7.0 has no hashtable -> listpack conversion.)
void hashTypeConvert(Object& o, uint64_t hash_seed);

// Calls fn(std::string_view field, std::string_view value) for every pair in storage
// order: listpack order (insertion order of the fields), or the dict's order (table
// 0 bucket by bucket, then table 1; see Dict::forEach). The views are valid only
// during the call. Requires: fn does not modify the hash.
template <class F>
void hashTypeForEach(const Object& o, F&& fn) {
    if (o.encoding() == Encoding::ListPack) {
        const Listpack& lp = o.listpack();
        for (size_t f = lp.first(); f != Listpack::npos;) {
            const size_t v = lp.next(f);
            const std::string field = lp.get(f).toString();
            const std::string value = lp.get(v).toString();
            fn(std::string_view(field), std::string_view(value));
            f = lp.next(v);
        }
    } else {
        o.hashDict().forEach([&](const HashDict::Entry& e) { fn(std::string_view(e.key), std::string_view(e.value)); });
    }
}

// All pairs in storage order (see hashTypeForEach).
std::vector<std::pair<std::string, std::string>> hashTypePairs(const Object& o);

// hashTypeRandomElement: one random pair (a fair dict pick, or a uniform listpack
// pair). Requires: the hash is not empty.
std::pair<std::string, std::string> hashTypeRandomElement(Object& o, Rng& rng);

// ---- Random pairs of a listpack that holds key,value,key,value,... --------------
// Used by HRANDFIELD (and usable by ZRANDMEMBER, whose listpack has the same shape).
// Requires: lp.size() is even.

// lpRandomPair: one uniformly random pair.
std::pair<std::string, std::string> listpackRandomPair(const Listpack& lp, Rng& rng);
// lpRandomPairs: `count` independent uniform picks (repeats possible), in the order
// drawn. The listpack is walked once: the drawn indexes are sorted, read in one
// pass, and put back in draw order.
std::vector<std::pair<std::string, std::string>> listpackRandomPairs(const Listpack& lp, size_t count, Rng& rng);
// lpRandomPairsUnique: up to `count` distinct pairs in listpack order, by selection
// sampling (Knuth's algorithm S): pair i of n is taken with probability
// remaining / (n - i). Returns min(count, pairs) pairs.
std::vector<std::pair<std::string, std::string>> listpackRandomPairsUnique(const Listpack& lp, size_t count, Rng& rng);

}  // namespace redsim
