// Object: the value stored under a key (Redis's robj).
//
// Every value has a type (what TYPE answers) and an encoding (what OBJECT ENCODING
// answers): the same string can live as
//   int     a 64-bit integer, when the text is a canonical integer of at most 20 chars;
//   embstr  a short string (<= 44 bytes) that Redis allocates in the same block as the
//           object header: 16 bytes of robj + 3 bytes of sds header + 44 + 1 NUL = 64,
//           one jemalloc size class;
//   raw     any other string, in its own allocation; also the result of every in-place
//           change (APPEND, SETRANGE), because Redis must own a private, growable copy.
// Redis shares the integers 0..9999 between keys (OBJECT REFCOUNT says 2147483647)
// unless an LRU/LFU maxmemory policy needs per-key access data.
//
// The collections hold one of Redis 7.0's structures (engine/ds):
//   list   quicklist                      always (7.0 has no small-list encoding)
//   hash   listpack  field,value,...      while small (hash-max-listpack-*)
//          hashtable Dict field -> value
//   set    intset                         while every member is an integer (set-max-intset-entries)
//          hashtable Dict member -> nothing
//   zset   listpack  member,score,...     while small (zset-max-listpack-*)
//          skiplist  Dict member -> score + Skiplist ordered by (score, member)
//   stream stream    entries by id, in nodes (engine/types/stream.h)
// Which encoding a write produces, and when one converts to the next, is decided by the
// type code (engine/types/*); this file only holds the representation. Collection
// payloads live behind a pointer so a key's slot stays as small as a string's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <memory>
#include <variant>

#include "engine/ds/dict.h"
#include "engine/ds/intset.h"
#include "engine/ds/listpack.h"
#include "engine/ds/quicklist.h"
#include "engine/ds/skiplist.h"
#include "engine/types/stream.h"

namespace redsim {

enum class ObjType : uint8_t { String = 0, List = 1, Set = 2, ZSet = 3, Hash = 4, Stream = 6 };

enum class Encoding : uint8_t {
    Raw = 0,
    Int = 1,
    HashTable = 2,
    IntSet = 6,
    SkipList = 7,
    EmbStr = 8,
    QuickList = 9,
    Stream = 10,
    ListPack = 11,
};

// Longest string stored as embstr (see the file comment for the 64-byte arithmetic).
inline constexpr size_t kEmbstrSizeLimit = 44;
// Integers 0..kSharedIntegers-1 are shared objects in Redis.
inline constexpr long long kSharedIntegers = 10000;
// OBJECT REFCOUNT of a shared object (Redis's OBJ_SHARED_REFCOUNT = INT_MAX).
inline constexpr long long kSharedRefcount = 2147483647;

// The value type of a set's dict: Redis keeps members as keys with no value.
struct SetMember {};
using HashDict = Dict<std::string>;
using SetDict = Dict<SetMember>;

// The skiplist encoding of a sorted set: both structures hold every member. The dict
// answers ZSCORE in O(1); the skiplist keeps the order for ranks and ranges.
struct ZSetIndex {
    ZSetIndex(uint64_t hash_seed, Rng& rng) : dict(hash_seed), zsl(rng) {}
    Dict<double> dict;
    Skiplist zsl;
};

std::string_view typeName(ObjType t);
std::string_view encodingName(Encoding e);

class Object {
public:
    // String constructors. Use makeString* helpers to pick an encoding.
    static Object rawString(std::string s) { return Object(ObjType::String, Encoding::Raw, std::move(s)); }
    static Object embString(std::string s) { return Object(ObjType::String, Encoding::EmbStr, std::move(s)); }
    static Object intString(long long v, bool shared) {
        Object o(ObjType::String, Encoding::Int, v);
        o.shared_ = shared;
        return o;
    }
    // createStringObject: embstr when short enough, else raw.
    static Object fromString(std::string s) {
        return s.size() <= kEmbstrSizeLimit ? embString(std::move(s)) : rawString(std::move(s));
    }

    // Collection constructors: the type and encoding follow from the payload.
    static Object list(Quicklist ql);
    static Object hashListpack(Listpack lp = {});
    static Object hashTable(HashDict d);
    static Object setIntset(Intset is = {});
    static Object setTable(SetDict d);
    static Object zsetListpack(Listpack lp = {});
    static Object zsetSkiplist(std::unique_ptr<ZSetIndex> z);
    static Object stream(Stream s = {}) {
        return Object(ObjType::Stream, Encoding::Stream, std::make_unique<Stream>(std::move(s)));
    }

    ObjType type() const { return type_; }
    Encoding encoding() const { return encoding_; }
    bool isShared() const { return shared_; }
    long long refcount() const { return shared_ ? kSharedRefcount : 1; }

    // Strings. Requires: type() == ObjType::String.
    bool isInt() const { return encoding_ == Encoding::Int; }
    long long intValue() const { return std::get<long long>(value_); }
    // The string's bytes (decimal text for int encoding).
    std::string stringValue() const;
    size_t stringLength() const;
    // Mutable access to a raw string. Requires: encoding() == Raw.
    std::string& rawBytes() { return std::get<std::string>(value_); }
    const std::string& bytes() const { return std::get<std::string>(value_); }

    // Collections. Each requires the matching type and encoding.
    Quicklist& quicklist() { return *std::get<std::unique_ptr<Quicklist>>(value_); }
    const Quicklist& quicklist() const { return *std::get<std::unique_ptr<Quicklist>>(value_); }
    // A hash or zset in listpack encoding.
    Listpack& listpack() { return *std::get<std::unique_ptr<Listpack>>(value_); }
    const Listpack& listpack() const { return *std::get<std::unique_ptr<Listpack>>(value_); }
    Intset& intset() { return *std::get<std::unique_ptr<Intset>>(value_); }
    const Intset& intset() const { return *std::get<std::unique_ptr<Intset>>(value_); }
    HashDict& hashDict() { return *std::get<std::unique_ptr<HashDict>>(value_); }
    const HashDict& hashDict() const { return *std::get<std::unique_ptr<HashDict>>(value_); }
    SetDict& setDict() { return *std::get<std::unique_ptr<SetDict>>(value_); }
    const SetDict& setDict() const { return *std::get<std::unique_ptr<SetDict>>(value_); }
    ZSetIndex& zsetIndex() { return *std::get<std::unique_ptr<ZSetIndex>>(value_); }
    const ZSetIndex& zsetIndex() const { return *std::get<std::unique_ptr<ZSetIndex>>(value_); }
    Stream& streamValue() { return *std::get<std::unique_ptr<Stream>>(value_); }
    const Stream& streamValue() const { return *std::get<std::unique_ptr<Stream>>(value_); }

    // Replaces the payload of a collection with another encoding of the same type
    // (listpack -> hashtable, intset -> hashtable, listpack -> skiplist). Access data
    // (lru) is kept: conversion is not an access.
    void convert(Object&& other) {
        encoding_ = other.encoding_;
        value_ = std::move(other.value_);
    }

    // LRU clock (24 bits, seconds resolution) or LFU data, as Redis keeps in robj.lru.
    uint32_t lru() const { return lru_; }
    void setLru(uint32_t v) { lru_ = v & 0xFFFFFF; }

    // A private deep copy (dupStringObject, and COPY's per-type duplicates): same type
    // and encoding, never shared. A zset's new skiplist draws levels from `rng` and its
    // dicts use `hash_seed`; other types ignore both.
    Object duplicate(Rng& rng, uint64_t hash_seed) const;

    // The bytes this value (with its key's name) adds to used_memory, as last computed by
    // the memory model (engine/memory.h, DbMemory); 0 until then.
    long long mem_cost = 0;

    Object(Object&&) noexcept = default;
    Object& operator=(Object&&) noexcept = default;
    Object(const Object&) = delete;
    Object& operator=(const Object&) = delete;

private:
    template <class T>
    Object(ObjType t, Encoding e, T v) : type_(t), encoding_(e), value_(std::move(v)) {}

    ObjType type_;
    Encoding encoding_;
    bool shared_ = false;
    uint32_t lru_ = 0;
    std::variant<std::string, long long, std::unique_ptr<Quicklist>, std::unique_ptr<Listpack>, std::unique_ptr<Intset>,
                 std::unique_ptr<HashDict>, std::unique_ptr<SetDict>, std::unique_ptr<ZSetIndex>,
                 std::unique_ptr<Stream>>
        value_;
};

}  // namespace redsim
