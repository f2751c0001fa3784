// Intset: see intset.h for the layout and the upgrade rule.
#include "engine/ds/intset.h"

#include <cassert>
#include <cstdint>

#include "engine/util/buffer.h"

namespace redsim {

Intset::Intset() : blob_(kHeaderSize, '\0') { writeU32(0, kEncInt16); }

uint32_t Intset::valueEncoding(int64_t v) {
    if (v < INT32_MIN || v > INT32_MAX) return kEncInt64;
    if (v < INT16_MIN || v > INT16_MAX) return kEncInt32;
    return kEncInt16;
}

uint32_t Intset::encodingBytes() const { return readU32(0); }
size_t Intset::size() const { return readU32(4); }

int64_t Intset::at(size_t i) const {
    assert(i < size() && "Intset::at");
    return get(i, encodingBytes());
}

int64_t Intset::random(Rng& rng) const {
    assert(!empty() && "Intset::random");
    return at(rng.below(size()));
}

bool Intset::add(int64_t v) {
    const uint32_t enc = encodingBytes();
    // A value wider than the encoding is outside the range of every member, so it
    // cannot already be present and goes first or last: no search needed.
    if (valueEncoding(v) > enc) {
        upgradeAndAdd(v);
        return true;
    }
    size_t pos = 0;
    if (find(v, &pos)) return false;
    assert(size() < UINT32_MAX && "Intset::add");
    // Opening a slot at pos shifts the tail right by one member (intsetMoveTail).
    reserveForGrowth(blob_, blob_.size() + enc);
    blob_.insert(kHeaderSize + pos * enc, enc, '\0');
    set(pos, v, enc);
    setLength(size() + 1);
    return true;
}

bool Intset::remove(int64_t v) {
    const uint32_t enc = encodingBytes();
    size_t pos = 0;
    if (valueEncoding(v) > enc || !find(v, &pos)) return false;
    // Closing the slot shifts the tail left; the encoding stays as it is.
    blob_.erase(kHeaderSize + pos * enc, enc);
    releaseSlack(blob_);
    setLength(size() - 1);
    return true;
}

bool Intset::contains(int64_t v) const { return valueEncoding(v) <= encodingBytes() && find(v, nullptr); }

std::optional<size_t> Intset::search(int64_t v) const {
    size_t pos = 0;
    if (valueEncoding(v) > encodingBytes() || !find(v, &pos)) return std::nullopt;
    return pos;
}

size_t Intset::lowerBound(int64_t v) const {
    if (valueEncoding(v) > encodingBytes()) return v < 0 ? 0 : size();
    size_t pos = 0;
    find(v, &pos);
    return pos;
}

bool Intset::find(int64_t v, size_t* pos) const {
    const size_t n = size();
    size_t where = 0;
    bool found = false;
    // Appending and prepending are common (ids that only grow), so check the ends
    // before bisecting, as intsetSearch does.
    if (n == 0) {
        where = 0;
    } else if (v > at(n - 1)) {
        where = n;
    } else if (v < at(0)) {
        where = 0;
    } else {
        size_t lo = 0, hi = n;  // the answer is in [lo, hi)
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            const int64_t cur = at(mid);
            if (cur < v) {
                lo = mid + 1;
            } else if (cur > v) {
                hi = mid;
            } else {
                lo = mid;
                found = true;
                break;
            }
        }
        where = lo;
    }
    if (pos != nullptr) *pos = where;
    return found;
}

void Intset::upgradeAndAdd(int64_t v) {
    const uint32_t old_enc = encodingBytes();
    const uint32_t new_enc = valueEncoding(v);
    const size_t n = size();
    assert(n < UINT32_MAX && "Intset::upgradeAndAdd");
    const size_t prepend = v < 0 ? 1 : 0;
    reserveForGrowth(blob_, kHeaderSize + (n + 1) * new_enc);
    blob_.resize(kHeaderSize + (n + 1) * new_enc);
    writeU32(0, new_enc);
    // Back to front: member i moves from byte i*old_enc to (i+prepend)*new_enc, which
    // is never before its old place, so walking down never clobbers an unread member.
    for (size_t i = n; i-- > 0;) set(i + prepend, get(i, old_enc), new_enc);
    set(prepend ? 0 : n, v, new_enc);
    setLength(n + 1);
}

int64_t Intset::get(size_t i, uint32_t enc) const {
    return decode(reinterpret_cast<const unsigned char*>(blob_.data()) + kHeaderSize + i * enc, enc);
}

int64_t Intset::decode(const unsigned char* p, uint32_t enc) {
    uint64_t u = 0;
    for (uint32_t b = 0; b < enc; ++b) u |= static_cast<uint64_t>(p[b]) << (8 * b);
    if (enc == 8) return static_cast<int64_t>(u);
    // Sign-extend the enc*8-bit two's complement value (>> of a negative value is an
    // arithmetic shift since C++20).
    const int shift = 64 - 8 * static_cast<int>(enc);
    return static_cast<int64_t>(u << shift) >> shift;
}

void Intset::set(size_t i, int64_t v, uint32_t enc) {
    auto* p = reinterpret_cast<unsigned char*>(blob_.data()) + kHeaderSize + i * enc;
    const auto u = static_cast<uint64_t>(v);
    for (uint32_t b = 0; b < enc; ++b) p[b] = static_cast<unsigned char>(u >> (8 * b));
}

uint32_t Intset::readU32(size_t off) const {
    const auto* p = reinterpret_cast<const unsigned char*>(blob_.data()) + off;
    return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 | static_cast<uint32_t>(p[2]) << 16 |
           static_cast<uint32_t>(p[3]) << 24;
}

void Intset::writeU32(size_t off, uint32_t v) {
    for (int b = 0; b < 4; ++b) blob_[off + b] = static_cast<char>(static_cast<unsigned char>(v >> (8 * b)));
}

bool Intset::validate(std::string_view blob, bool deep) {
    if (blob.size() < kHeaderSize) return false;
    const auto* p = reinterpret_cast<const unsigned char*>(blob.data());
    auto u32 = [p](size_t off) {
        return static_cast<uint32_t>(p[off]) | static_cast<uint32_t>(p[off + 1]) << 8 |
               static_cast<uint32_t>(p[off + 2]) << 16 | static_cast<uint32_t>(p[off + 3]) << 24;
    };
    const uint32_t enc = u32(0);
    if (enc != kEncInt16 && enc != kEncInt32 && enc != kEncInt64) return false;
    const uint64_t count = u32(4);
    // 64-bit arithmetic: count * 8 cannot overflow, so a huge length simply mismatches.
    if (kHeaderSize + count * enc != blob.size()) return false;
    if (count == 0) return false;  // Redis never stores an empty set
    if (!deep) return true;
    const unsigned char* members = p + kHeaderSize;
    int64_t prev = decode(members, enc);
    for (size_t i = 1; i < count; ++i) {
        const int64_t cur = decode(members + i * enc, enc);
        if (cur <= prev) return false;
        prev = cur;
    }
    return true;
}

std::optional<Intset> Intset::fromBytes(std::string blob, bool deep) {
    if (!validate(blob, deep)) return std::nullopt;
    return Intset(std::move(blob));
}

}  // namespace redsim
