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
// Which encoding a write produces is decided by the commands (see strings.cpp); this
// file only holds the representation.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

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

    // LRU clock (24 bits, seconds resolution) or LFU data, as Redis keeps in robj.lru.
    uint32_t lru() const { return lru_; }
    void setLru(uint32_t v) { lru_ = v & 0xFFFFFF; }

    // A private copy (dupStringObject): same encoding, never shared.
    Object duplicate() const;

private:
    template <class T>
    Object(ObjType t, Encoding e, T v) : type_(t), encoding_(e), value_(std::move(v)) {}

    ObjType type_;
    Encoding encoding_;
    bool shared_ = false;
    uint32_t lru_ = 0;
    std::variant<std::string, long long> value_;
};

}  // namespace redsim
