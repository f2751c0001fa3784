// The set type's encoding rules: see set.h.
#include "engine/types/set.h"

#include <cassert>
#include <cstdio>

#include "engine/engine.h"
#include "engine/util/numbers.h"

namespace redsim {

namespace {

// Redis caps set-max-intset-entries at 2^30: an intset's length is a 32-bit field and
// the blob must stay addressable.
constexpr size_t kIntsetEntriesCap = size_t{1} << 30;

}  // namespace

SetLimits SetLimits::of(const Engine& engine) {
    const long long max = engine.cfg().set_max_intset_entries;
    return SetLimits{.hash_seed = engine.hashSeed(), .max_intset_entries = max < 0 ? 0 : static_cast<size_t>(max)};
}

bool setValueAsInteger(std::string_view s, int64_t* out) {
    auto v = parseInt64(s);
    if (!v) return false;
    if (out != nullptr) *out = *v;
    return true;
}

Object setTypeCreate(std::string_view first, const SetLimits& limits) {
    if (setValueAsInteger(first)) return Object::setIntset();
    return Object::setTable(SetDict(limits.hash_seed));
}

Object setTypeCreateIntset() { return Object::setIntset(); }

void setTypeConvertToTable(Object& set, uint64_t hash_seed) {
    assert(set.type() == ObjType::Set && "setTypeConvertToTable");
    if (set.encoding() != Encoding::IntSet) return;
    const Intset& is = set.intset();
    SetDict d(hash_seed);
    // Presized (dictExpand) so the copy below never triggers a rehash.
    d.expand(is.size());
    for (int64_t v : is) d.insert(std::to_string(v), SetMember{});
    set.convert(Object::setTable(std::move(d)));
}

bool setTypeAdd(Object& set, std::string_view value, const SetLimits& limits) {
    assert(set.type() == ObjType::Set && "setTypeAdd");
    if (set.encoding() == Encoding::IntSet) {
        int64_t v;
        if (setValueAsInteger(value, &v)) {
            if (!set.intset().add(v)) return false;
            const size_t max =
                limits.max_intset_entries < kIntsetEntriesCap ? limits.max_intset_entries : kIntsetEntriesCap;
            if (set.intset().size() > max) setTypeConvertToTable(set, limits.hash_seed);
            return true;
        }
        // A non-integer cannot live in an intset: convert, then it is surely new.
        setTypeConvertToTable(set, limits.hash_seed);
    }
    return set.setDict().insert(std::string(value), SetMember{}).second;
}

bool setTypeRemove(Object& set, std::string_view value) {
    assert(set.type() == ObjType::Set && "setTypeRemove");
    if (set.encoding() == Encoding::IntSet) {
        int64_t v;
        return setValueAsInteger(value, &v) && set.intset().remove(v);
    }
    SetDict& d = set.setDict();
    if (!d.erase(value)) return false;
    // Redis shrinks a set's table after a delete leaves it under 10 % full.
    if (d.needsShrink()) d.shrinkToFit();
    return true;
}

bool setTypeIsMember(const Object& set, std::string_view value) {
    assert(set.type() == ObjType::Set && "setTypeIsMember");
    if (set.encoding() == Encoding::IntSet) {
        int64_t v;
        return setValueAsInteger(value, &v) && set.intset().contains(v);
    }
    return set.setDict().find(value) != nullptr;
}

bool setTypeIsMemberElement(const Object& set, const SetElement& e) {
    if (!e.is_int) return setTypeIsMember(set, e.str);
    if (set.encoding() == Encoding::IntSet) return set.intset().contains(e.num);
    char buf[24];  // "-9223372036854775808" and a NUL
    const int n = std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(e.num));
    return set.setDict().find(std::string_view(buf, static_cast<size_t>(n))) != nullptr;
}

size_t setTypeSize(const Object& set) {
    assert(set.type() == ObjType::Set && "setTypeSize");
    return set.encoding() == Encoding::IntSet ? set.intset().size() : set.setDict().size();
}

std::vector<std::string> setTypeMembers(const Object& set) {
    std::vector<std::string> out;
    out.reserve(setTypeSize(set));
    setTypeForEach(set, [&](const SetElement& e) { out.push_back(e.toString()); });
    return out;
}

SetElement setTypeRandomElement(Object& set, Rng& rng) {
    assert(set.type() == ObjType::Set && setTypeSize(set) > 0 && "setTypeRandomElement");
    SetElement e;
    if (set.encoding() == Encoding::IntSet) {
        e.is_int = true;
        e.num = set.intset().random(rng);
    } else {
        e.str = set.setDict().fairRandomEntry(rng)->key;
    }
    return e;
}

std::string setTypePopRandom(Object& set, Rng& rng) {
    SetElement e = setTypeRandomElement(set, rng);
    std::string member = e.toString();
    if (e.is_int)
        set.intset().remove(e.num);
    else
        setTypeRemove(set, member);
    return member;
}

}  // namespace redsim
