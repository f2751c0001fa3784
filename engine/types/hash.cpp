// The hash type's encoding rules and accessors; see hash.h for the whole story.
#include "engine/types/hash.h"

#include <algorithm>
#include <cassert>

#include "engine/engine.h"

namespace redsim {

HashLimits HashLimits::of(const Engine& engine) {
    const ConfigValues& cfg = engine.cfg();
    return HashLimits{
        .max_listpack_entries = static_cast<size_t>(std::max(0LL, cfg.hash_max_listpack_entries)),
        .max_listpack_value = static_cast<size_t>(std::max(0LL, cfg.hash_max_listpack_value)),
        .hash_seed = engine.hashSeed(),
    };
}

Object hashTypeCreate() { return Object::hashListpack(); }

size_t hashTypeLength(const Object& o) {
    assert(o.type() == ObjType::Hash && "hashTypeLength");
    if (o.encoding() == Encoding::ListPack) return o.listpack().size() / 2;
    return o.hashDict().size();
}

namespace {

// Offset of the value that follows `field` in a listpack hash, or npos. Fields sit
// at even positions; lpFind's skip of 1 jumps over the values so a value that
// happens to equal `field` is never taken for a field.
size_t listpackValueOffset(const Listpack& lp, std::string_view field) {
    if (lp.empty()) return Listpack::npos;
    auto f = lp.find(field, 1);
    if (!f) return Listpack::npos;
    const size_t v = lp.next(*f);
    assert(v != Listpack::npos && "hash listpack with a field and no value");
    return v;
}

// Decimal length of an int64 without printing it (Redis's sdigits10).
size_t decimalLength(long long v) {
    size_t n = v < 0 ? 2 : 1;  // sign + first digit
    unsigned long long u = v < 0 ? 0ULL - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
    while (u >= 10) {
        u /= 10;
        ++n;
    }
    return n;
}

}  // namespace

std::optional<std::string> hashTypeGet(Object& o, std::string_view field) {
    if (o.encoding() == Encoding::ListPack) {
        const Listpack& lp = o.listpack();
        const size_t v = listpackValueOffset(lp, field);
        if (v == Listpack::npos) return std::nullopt;
        return lp.get(v).toString();
    }
    HashDict::Entry* e = o.hashDict().find(field);
    if (e == nullptr) return std::nullopt;
    return e->value;
}

bool hashTypeExists(Object& o, std::string_view field) {
    if (o.encoding() == Encoding::ListPack) return listpackValueOffset(o.listpack(), field) != Listpack::npos;
    return o.hashDict().find(field) != nullptr;
}

size_t hashTypeValueLength(Object& o, std::string_view field) {
    if (o.encoding() == Encoding::ListPack) {
        const Listpack& lp = o.listpack();
        const size_t v = listpackValueOffset(lp, field);
        if (v == Listpack::npos) return 0;
        const Listpack::Entry e = lp.get(v);
        return e.is_int ? decimalLength(e.ival) : e.sval.size();
    }
    HashDict::Entry* e = o.hashDict().find(field);
    return e == nullptr ? 0 : e->value.size();
}

void hashTypeTryConversion(Object& o, std::span<const std::string> fields_and_values, const HashLimits& limits) {
    if (o.encoding() != Encoding::ListPack) return;
    size_t sum = 0;
    for (const std::string& s : fields_and_values) {
        if (s.size() > limits.max_listpack_value) {
            hashTypeConvert(o, limits.hash_seed);
            return;
        }
        sum += s.size();
    }
    if (!Listpack::safeToAdd(o.listpack().byteSize(), sum)) hashTypeConvert(o, limits.hash_seed);
}

bool hashTypeSet(Object& o, std::string_view field, std::string value, const HashLimits& limits) {
    // Rule 1 again, for writers that did not call hashTypeTryConversion with this
    // exact value (HINCRBY and HINCRBYFLOAT compute theirs).
    if (o.encoding() == Encoding::ListPack &&
        (field.size() > limits.max_listpack_value || value.size() > limits.max_listpack_value)) {
        hashTypeConvert(o, limits.hash_seed);
    }
    if (o.encoding() == Encoding::ListPack) {
        Listpack& lp = o.listpack();
        const size_t v = listpackValueOffset(lp, field);
        const bool update = v != Listpack::npos;
        if (update) {
            lp.replaceAt(v, value);
        } else {
            // New pairs go to the tail, so a listpack hash keeps insertion order.
            lp.append(field);
            lp.append(value);
        }
        // Checked after updates too, as Redis does: if CONFIG SET lowered
        // hash-max-listpack-entries below the size, any write converts.
        if (hashTypeLength(o) > limits.max_listpack_entries) hashTypeConvert(o, limits.hash_seed);
        return update;
    }
    HashDict& d = o.hashDict();
    if (HashDict::Entry* e = d.find(field)) {
        e->value = std::move(value);
        return true;
    }
    d.insert(std::string(field), std::move(value));
    return false;
}

bool hashTypeDelete(Object& o, std::string_view field) {
    if (o.encoding() == Encoding::ListPack) {
        Listpack& lp = o.listpack();
        if (lp.empty()) return false;
        auto f = lp.find(field, 1);
        if (!f) return false;
        lp.eraseAt(*f, 2);  // the field and its value
        return true;
    }
    HashDict& d = o.hashDict();
    if (!d.erase(field)) return false;
    if (d.needsShrink()) d.shrinkToFit();
    return true;
}

void hashTypeConvert(Object& o, uint64_t hash_seed) {
    assert(o.encoding() == Encoding::ListPack && "hashTypeConvert: not a listpack");
    HashDict d(hash_seed);
    d.expand(hashTypeLength(o));  // pre-size: no rehash while filling
    const Listpack& lp = o.listpack();
    for (size_t f = lp.first(); f != Listpack::npos;) {
        const size_t v = lp.next(f);
        assert(v != Listpack::npos && "hash listpack with a field and no value");
        const bool added = d.insert(lp.get(f).toString(), lp.get(v).toString()).second;
        assert(added && "hashTypeConvert: duplicate field in listpack");
        (void)added;
        f = lp.next(v);
    }
    o.convert(Object::hashTable(std::move(d)));
}

std::vector<std::pair<std::string, std::string>> hashTypePairs(const Object& o) {
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(hashTypeLength(o));
    hashTypeForEach(o, [&](std::string_view f, std::string_view v) { out.emplace_back(f, v); });
    return out;
}

std::pair<std::string, std::string> hashTypeRandomElement(Object& o, Rng& rng) {
    if (o.encoding() == Encoding::ListPack) return listpackRandomPair(o.listpack(), rng);
    HashDict::Entry* e = o.hashDict().fairRandomEntry(rng);
    assert(e != nullptr && "hashTypeRandomElement on an empty hash");
    return {e->key, e->value};
}

// ---- Listpack random pairs --------------------------------------------------------

namespace {

std::pair<std::string, std::string> pairAt(const Listpack& lp, size_t key_off) {
    const size_t v = lp.next(key_off);
    assert(v != Listpack::npos && "listpack pair without a value");
    return {lp.get(key_off).toString(), lp.get(v).toString()};
}

}  // namespace

std::pair<std::string, std::string> listpackRandomPair(const Listpack& lp, Rng& rng) {
    const size_t pairs = lp.size() / 2;
    assert(pairs > 0 && "listpackRandomPair on an empty listpack");
    const size_t index = rng.below(pairs);
    return pairAt(lp, lp.seek(static_cast<long long>(index * 2)));
}

std::vector<std::pair<std::string, std::string>> listpackRandomPairs(const Listpack& lp, size_t count, Rng& rng) {
    std::vector<std::pair<std::string, std::string>> out(count);
    const size_t pairs = lp.size() / 2;
    if (count == 0) return out;
    assert(pairs > 0 && "listpackRandomPairs on an empty listpack");
    // (pair index, position in the reply), sorted by index for one forward walk.
    std::vector<std::pair<size_t, size_t>> picks(count);
    for (size_t i = 0; i < count; ++i) picks[i] = {rng.below(pairs), i};
    std::sort(picks.begin(), picks.end());
    size_t off = lp.first();
    size_t index = 0;
    for (const auto& [want, slot] : picks) {
        while (index < want) {
            off = lp.next(lp.next(off));
            ++index;
        }
        out[slot] = pairAt(lp, off);
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> listpackRandomPairsUnique(const Listpack& lp, size_t count, Rng& rng) {
    const size_t pairs = lp.size() / 2;
    if (count > pairs) count = pairs;
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(count);
    size_t remaining = count;
    size_t index = 0;
    for (size_t off = lp.first(); out.size() < count && off != Listpack::npos; ++index) {
        // Take this pair with probability remaining / pairs left: every subset of
        // `count` pairs is equally likely, and the reply keeps listpack order.
        const double threshold = static_cast<double>(remaining) / static_cast<double>(pairs - index);
        if (rng.unit() < threshold) {
            out.push_back(pairAt(lp, off));
            --remaining;
        }
        off = lp.next(lp.next(off));
    }
    return out;
}

}  // namespace redsim
