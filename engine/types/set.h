// The set type (the lower half of Redis 7.0's t_set.c): create, add, remove, look up,
// iterate, pick at random, convert. Every set command, SORT, ZUNIONSTORE/ZINTERSTORE
// (which accept sets as inputs), the inspectors and RDB go through these functions, so
// the encoding rules live in one place.
//
// TWO ENCODINGS
//   intset     a sorted array of integers (engine/ds/intset.h): used while every member
//              is an integer *spelled canonically* and there are at most
//              set-max-intset-entries (512) members. Compact and ordered: SMEMBERS of an
//              intset set lists its members in ascending numeric order.
//   hashtable  a Dict whose keys are the members (values are empty): any members, any
//              size. Its iteration order depends on the hash seed and the table's history.
//   (Redis 7.2 added a third, listpack, for small sets of strings; 7.0 has none.)
//
// WHAT "AN INTEGER" MEANS
//   Redis asks string2ll: optional '-', digits, no leading zeros, no '+', no spaces, in
//   the int64 range. "12" is an integer; "012", "+12", " 12", "-0" and "1e3" are not,
//   because storing them as 12 (or 0, or 1000) would give back different bytes.
//
// WHEN A SET CHANGES ENCODING
//   - A new set is an intset if its first member is an integer, else a hashtable.
//   - Adding a non-integer to an intset converts it to a hashtable first.
//   - Adding an integer that makes the intset hold more than set-max-intset-entries
//     members converts it (the limit is capped at 2^30, as Redis caps it).
//   - The conversion presizes the dict for the intset's size, so it does not rehash
//     while the members are copied.
//   - Nothing ever converts back: removing the strings, or raising the limit again,
//     leaves a hashtable a hashtable.
//   - A hashtable set shrinks its table after a remove leaves it under 10 % full.
//
// Store commands (SINTERSTORE, SUNIONSTORE, SDIFFSTORE) start from an empty intset and
// add the results one by one, so their destination obeys the same rules.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/object.h"

namespace redsim {

class Engine;

// The encoding limits a write needs: taken from an Engine (its hash seed for new dicts,
// set-max-intset-entries from its config) or built by hand in tests.
struct SetLimits {
    uint64_t hash_seed = 0;
    size_t max_intset_entries = 512;

    static SetLimits of(const Engine& engine);
};

// One member as the set stores it: an integer in an intset, or the bytes of a dict key.
// `str` points into the set (dict key): valid until the next write to that set.
struct SetElement {
    bool is_int = false;
    int64_t num = 0;       // when is_int
    std::string_view str;  // when !is_int
    std::string toString() const { return is_int ? std::to_string(num) : std::string(str); }
};

// True if `s` is an integer by Redis's rule (string2ll); stores it in *out if not null.
bool setValueAsInteger(std::string_view s, int64_t* out = nullptr);

// setTypeCreate: an empty set that can hold `first` without converting: an intset if
// `first` is an integer, else a hashtable. The caller then adds `first` itself.
Object setTypeCreate(std::string_view first, const SetLimits& limits);

// An empty intset set (createIntsetObject): the start of every *STORE result.
Object setTypeCreateIntset();

// setTypeAdd: adds `value`; true if it was not a member. May convert intset ->
// hashtable (see the file comment). Requires: set is a set.
bool setTypeAdd(Object& set, std::string_view value, const SetLimits& limits);

// setTypeRemove: removes `value`; true if it was a member. A hashtable may shrink. Does
// not delete an emptied key: the caller does. Requires: set is a set.
bool setTypeRemove(Object& set, std::string_view value);

// setTypeIsMember. Requires: set is a set.
bool setTypeIsMember(const Object& set, std::string_view value);

// setTypeIsMember for a member taken from another set (SINTER's inner loop): an integer
// is looked up in an intset without going through text, as Redis does.
bool setTypeIsMemberElement(const Object& set, const SetElement& e);

// setTypeSize: number of members. Requires: set is a set.
size_t setTypeSize(const Object& set);

// setTypeConvert: intset -> hashtable (dict presized to the intset's length). No-op on
// a hashtable set. Requires: set is a set.
void setTypeConvertToTable(Object& set, uint64_t hash_seed);

// Calls fn(const SetElement&) once per member: ascending for an intset, dict order
// (table 0 then table 1, chain heads first) for a hashtable. Requires: fn does not
// change `set`.
template <class F>
void setTypeForEach(const Object& set, F&& fn) {
    if (set.encoding() == Encoding::IntSet) {
        SetElement e;
        e.is_int = true;
        for (int64_t v : set.intset()) {
            e.num = v;
            fn(static_cast<const SetElement&>(e));
        }
    } else {
        set.setDict().forEach([&](const SetDict::Entry& entry) {
            SetElement e;
            e.str = entry.key;
            fn(static_cast<const SetElement&>(e));
        });
    }
}

// Every member as a string, in setTypeForEach's order.
std::vector<std::string> setTypeMembers(const Object& set);

// setTypeRandomElement: a random member (intset: uniform; hashtable:
// dictGetFairRandomKey). Does not remove it. May do one rehash step. The returned
// `str` is valid until the next write to `set`. Requires: set is a non-empty set.
SetElement setTypeRandomElement(Object& set, Rng& rng);

// SPOP's single pop: removes a random member and returns it. Does not delete an emptied
// key. Requires: set is a non-empty set.
std::string setTypePopRandom(Object& set, Rng& rng);

}  // namespace redsim
