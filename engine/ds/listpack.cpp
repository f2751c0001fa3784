// Listpack: encoding, decoding, validation and the splice every mutation goes through.
// See listpack.h for the format in words and docs/formats/listpack.md for the bytes.
#include "engine/ds/listpack.h"

#include <cassert>
#include <cstring>
#include <limits>

#include "engine/util/buffer.h"

namespace redsim {
namespace {

using u8 = unsigned char;

// The nine entry encodings, told apart by the high bits of the first byte.
enum class Enc : uint8_t {
    k7BitUint,
    k6BitStr,
    k13BitInt,
    k12BitStr,
    k16BitInt,
    k24BitInt,
    k32BitInt,
    k64BitInt,
    k32BitStr,
    kInvalid,  // 0xF5..0xFE, and 0xFF (the terminator is not an entry)
};

const char* encName(Enc e) {
    switch (e) {
        case Enc::k7BitUint:
            return "7BIT_UINT";
        case Enc::k6BitStr:
            return "6BIT_STR";
        case Enc::k13BitInt:
            return "13BIT_INT";
        case Enc::k12BitStr:
            return "12BIT_STR";
        case Enc::k16BitInt:
            return "16BIT_INT";
        case Enc::k24BitInt:
            return "24BIT_INT";
        case Enc::k32BitInt:
            return "32BIT_INT";
        case Enc::k64BitInt:
            return "64BIT_INT";
        case Enc::k32BitStr:
            return "32BIT_STR";
        case Enc::kInvalid:
            break;
    }
    return "INVALID";
}

// First-byte tags (Redis's LP_ENCODING_* values).
constexpr u8 kTag6BitStr = 0x80;   // 10xxxxxx
constexpr u8 kTag13BitInt = 0xC0;  // 110xxxxx
constexpr u8 kTag12BitStr = 0xE0;  // 1110xxxx
constexpr u8 kTag32BitStr = 0xF0;
constexpr u8 kTag16BitInt = 0xF1;
constexpr u8 kTag24BitInt = 0xF2;
constexpr u8 kTag32BitInt = 0xF3;
constexpr u8 kTag64BitInt = 0xF4;

Enc classify(u8 b) {
    if ((b & 0x80) == 0) return Enc::k7BitUint;
    if ((b & 0xC0) == kTag6BitStr) return Enc::k6BitStr;
    if ((b & 0xE0) == kTag13BitInt) return Enc::k13BitInt;
    if ((b & 0xF0) == kTag12BitStr) return Enc::k12BitStr;
    switch (b) {
        case kTag32BitStr:
            return Enc::k32BitStr;
        case kTag16BitInt:
            return Enc::k16BitInt;
        case kTag24BitInt:
            return Enc::k24BitInt;
        case kTag32BitInt:
            return Enc::k32BitInt;
        case kTag64BitInt:
            return Enc::k64BitInt;
        default:
            return Enc::kInvalid;
    }
}

uint64_t readLE(const u8* p, int n) {
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

void writeLE(u8* p, uint64_t v, int n) {
    for (int i = 0; i < n; ++i) p[i] = static_cast<u8>(v >> (8 * i));
}

// Bytes the backlen of an entry whose encoding+data is `l` bytes long takes.
// Note the strict "<": Redis gives l = 16383 (which would fit 2 bytes) 3 bytes, and
// likewise at 2097151 and 268435455. We must do the same to be byte-identical.
size_t backlenSize(uint64_t l) {
    if (l <= 127) return 1;
    if (l < 16383) return 2;
    if (l < 2097151) return 3;
    if (l < 268435455) return 4;
    return 5;
}

// Leftmost byte: the highest 7-bit group, high bit clear. Every byte to its right:
// the next lower group with the high bit set. Read right to left, the set high bit
// says "keep going".
void writeBacklen(u8* out, uint64_t l, size_t n) {
    out[0] = static_cast<u8>(l >> (7 * (n - 1)));
    for (size_t i = 1; i < n; ++i) out[i] = static_cast<u8>(((l >> (7 * (n - 1 - i))) & 127) | 128);
}

// Reads a backlen leftwards from lp[end] (its rightmost byte), never below lp[floor].
// nullopt if more than 5 bytes would be needed (lpDecodeBacklen's UINT64_MAX).
std::optional<uint64_t> readBacklen(const u8* lp, size_t end, size_t floor) {
    uint64_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
        if (shift > 28 || end < floor) return std::nullopt;
        v |= static_cast<uint64_t>(lp[end] & 127) << shift;
        if ((lp[end] & 128) == 0) return v;
        --end;
    }
}

// Where one entry's bytes go.
struct Shape {
    Enc enc = Enc::kInvalid;
    size_t header = 0;   // tag + length bytes (lpCurrentEncodedSizeBytes)
    uint64_t data = 0;   // payload after the header
    size_t backlen = 0;  // backlen bytes
    uint64_t encoded() const { return header + data; }
    uint64_t total() const { return header + data + backlen; }
};

// Measures the entry at lp[off] of a `size`-byte listpack whose terminator is at
// size-1. False if the tag is not an entry tag, or the header or the whole entry
// would reach the terminator or beyond (lpValidateNext's OUT_OF_RANGE checks). Reads
// only bytes it has proven to be in range.
bool measure(const u8* lp, size_t size, size_t off, Shape* s) {
    if (off < Listpack::kHeaderSize || off >= size - 1) return false;
    const u8* p = lp + off;
    const size_t room = size - 1 - off;  // bytes before the terminator
    s->enc = classify(p[0]);
    switch (s->enc) {
        case Enc::k12BitStr:
            s->header = 2;
            break;
        case Enc::k32BitStr:
            s->header = 5;
            break;
        case Enc::kInvalid:
            return false;
        default:
            s->header = 1;
    }
    if (s->header > room) return false;
    switch (s->enc) {
        case Enc::k7BitUint:
            s->data = 0;
            break;
        case Enc::k6BitStr:
            s->data = p[0] & 0x3F;
            break;
        case Enc::k13BitInt:
            s->data = 1;
            break;
        case Enc::k12BitStr:
            s->data = (static_cast<uint64_t>(p[0] & 0x0F) << 8) | p[1];
            break;
        case Enc::k16BitInt:
            s->data = 2;
            break;
        case Enc::k24BitInt:
            s->data = 3;
            break;
        case Enc::k32BitInt:
            s->data = 4;
            break;
        case Enc::k64BitInt:
            s->data = 8;
            break;
        case Enc::k32BitStr:
            s->data = readLE(p + 1, 4);
            break;
        case Enc::kInvalid:
            return false;
    }
    s->backlen = backlenSize(s->encoded());
    return s->total() <= room;
}

// The complete bytes of an entry holding integer v: tag, payload, backlen.
std::string encodeInt(long long v) {
    u8 buf[9 + 5];
    size_t n;
    if (v >= 0 && v <= 127) {
        buf[0] = static_cast<u8>(v);
        n = 1;
    } else if (v >= -4096 && v <= 4095) {
        const uint64_t u = static_cast<uint64_t>(v) & 0x1FFF;  // 13-bit two's complement
        buf[0] = static_cast<u8>(kTag13BitInt | (u >> 8));
        buf[1] = static_cast<u8>(u);
        n = 2;
    } else {
        int width;
        if (v >= -32768 && v <= 32767) {
            buf[0] = kTag16BitInt, width = 2;
        } else if (v >= -8388608 && v <= 8388607) {
            buf[0] = kTag24BitInt, width = 3;
        } else if (v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max()) {
            buf[0] = kTag32BitInt, width = 4;
        } else {
            buf[0] = kTag64BitInt, width = 8;
        }
        writeLE(buf + 1, static_cast<uint64_t>(v), width);  // low bytes of two's complement
        n = 1 + static_cast<size_t>(width);
    }
    const size_t bl = backlenSize(n);
    writeBacklen(buf + n, n, bl);
    return std::string(reinterpret_cast<const char*>(buf), n + bl);
}

// The complete bytes of an entry holding string s (never checked for int-ness here).
std::string encodeString(std::string_view s) {
    assert(s.size() <= std::numeric_limits<uint32_t>::max() && "Listpack::encodeString");
    u8 head[5];
    size_t h;
    const size_t len = s.size();
    if (len < 64) {
        head[0] = static_cast<u8>(kTag6BitStr | len), h = 1;
    } else if (len < 4096) {
        head[0] = static_cast<u8>(kTag12BitStr | (len >> 8)), head[1] = static_cast<u8>(len), h = 2;
    } else {
        head[0] = kTag32BitStr, h = 5;
        writeLE(head + 1, len, 4);
    }
    u8 tail[5];
    const size_t bl = backlenSize(h + len);
    writeBacklen(tail, h + len, bl);
    std::string out;
    out.reserve(h + len + bl);
    out.append(reinterpret_cast<const char*>(head), h);
    out.append(s);
    out.append(reinterpret_cast<const char*>(tail), bl);
    return out;
}

// What lpInsert does with a string: integer if it is a canonical int64 spelling.
std::string encode(std::string_view s) {
    if (auto v = Listpack::parseInt(s)) return encodeInt(*v);
    return encodeString(s);
}

long long signExtend(uint64_t u, int bits) {
    const int shift = 64 - bits;
    return static_cast<long long>(u << shift) >> shift;  // C++20: arithmetic shift
}

// lpValidateIntegrity. Never reads outside `b`.
bool validate(const std::string& b, bool deep) {
    const size_t size = b.size();
    if (size < Listpack::kHeaderSize + 1) return false;  // header + terminator
    const u8* lp = reinterpret_cast<const u8*>(b.data());
    if (readLE(lp, 4) != size) return false;
    if (lp[size - 1] != Listpack::kEof) return false;
    if (!deep) return true;

    size_t off = Listpack::kHeaderSize;
    size_t count = 0;
    while (lp[off] != Listpack::kEof) {
        Shape s;
        if (!measure(lp, size, off, &s)) return false;
        off += s.total();  // still <= size - 1, measure checked
        // The backlen, read leftwards as lpPrev would, must give the forward length.
        const auto back = readBacklen(lp, off - 1, Listpack::kHeaderSize);
        if (!back || *back != s.encoded()) return false;
        ++count;
    }
    if (off != size - 1) return false;  // a 0xFF inside the body is not the end
    const uint64_t header = readLE(lp + 4, 2);
    return header == Listpack::kUnknownCount || header == count;
}

}  // namespace

std::string Listpack::Entry::toString() const { return is_int ? std::to_string(ival) : std::string(sval); }

Listpack::Listpack() : bytes_(kHeaderSize + 1, '\0') {
    bytes_[0] = static_cast<char>(kHeaderSize + 1);
    bytes_[kHeaderSize] = static_cast<char>(kEof);
}

std::optional<Listpack> Listpack::fromBytes(std::string bytes, bool deep_validate) {
    if (!validate(bytes, deep_validate)) return std::nullopt;
    Listpack lp;
    lp.bytes_ = std::move(bytes);
    return lp;
}

std::optional<long long> Listpack::parseInt(std::string_view s) {
    // 20 characters hold "-9223372036854775808"; Redis rejects slen >= LONG_STR_SIZE (21).
    if (s.empty() || s.size() > 20) return std::nullopt;
    if (s == "0") return 0;
    size_t i = 0;
    const bool negative = s[0] == '-';
    if (negative && ++i == s.size()) return std::nullopt;
    if (s[i] < '1' || s[i] > '9') return std::nullopt;  // no leading zeros, no "-0"
    uint64_t v = 0;
    for (; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
        const unsigned d = static_cast<unsigned>(s[i] - '0');
        if (v > (std::numeric_limits<uint64_t>::max() - d) / 10) return std::nullopt;
        v = v * 10 + d;
    }
    constexpr uint64_t kMaxPos = static_cast<uint64_t>(std::numeric_limits<long long>::max());
    if (negative) {
        if (v > kMaxPos + 1) return std::nullopt;
        return static_cast<long long>(0 - v);  // wraps to INT64_MIN for 2^63
    }
    if (v > kMaxPos) return std::nullopt;
    return static_cast<long long>(v);
}

uint16_t Listpack::headerCount() const {
    return static_cast<uint16_t>(readLE(reinterpret_cast<const u8*>(bytes_.data()) + 4, 2));
}

size_t Listpack::size() const {
    const uint16_t n = headerCount();
    if (n != kUnknownCount) return n;
    size_t count = 0;
    for (size_t off = first(); off != npos; off = next(off)) ++count;
    return count;
}

void Listpack::setCount(size_t n) { writeLE(reinterpret_cast<u8*>(bytes_.data()) + 4, n, 2); }

void Listpack::recountIfUnknown() {
    if (headerCount() != kUnknownCount) return;
    const size_t n = size();
    if (n < kUnknownCount) setCount(n);
}

size_t Listpack::entryBytes(size_t off) const {
    Shape s;
    const bool ok = measure(reinterpret_cast<const u8*>(bytes_.data()), bytes_.size(), off, &s);
    assert(ok && "Listpack::entryBytes: corrupt entry");
    (void)ok;
    return static_cast<size_t>(s.total());
}

void Listpack::splice(size_t off, size_t remove, std::string_view add, int delta) {
    const uint64_t total = bytes_.size() - remove + add.size();
    assert(total <= std::numeric_limits<uint32_t>::max() && "Listpack::splice: over 4 GB");
    reserveForGrowth(bytes_, total);
    bytes_.replace(off, remove, add);
    releaseSlack(bytes_);
    writeLE(reinterpret_cast<u8*>(bytes_.data()), total, 4);
    const uint16_t n = headerCount();
    if (n != kUnknownCount) setCount(static_cast<size_t>(n + delta));  // 65534+1 saturates
}

// ---- Iteration ----------------------------------------------------------------------

size_t Listpack::first() const { return bytes_[kHeaderSize] == static_cast<char>(kEof) ? npos : kHeaderSize; }

size_t Listpack::next(size_t off) const {
    off += entryBytes(off);
    return bytes_[off] == static_cast<char>(kEof) ? npos : off;
}

size_t Listpack::prev(size_t off) const {
    assert(off >= kHeaderSize && off < bytes_.size() && "Listpack::prev");
    if (off == kHeaderSize) return npos;
    const auto len = readBacklen(reinterpret_cast<const u8*>(bytes_.data()), off - 1, kHeaderSize);
    assert(len && "Listpack::prev: corrupt backlen");
    const uint64_t whole = *len + backlenSize(*len);
    assert(whole <= off - kHeaderSize && "Listpack::prev: corrupt backlen");
    return off - static_cast<size_t>(whole);
}

size_t Listpack::last() const { return prev(endOffset()); }

size_t Listpack::seek(long long index) const {
    const uint16_t n = headerCount();
    bool forward = true;
    if (n != kUnknownCount) {
        if (index < 0) index += n;
        if (index < 0 || index >= n) return npos;
        if (index > n / 2) {  // nearer the tail: walk back, with a negative index
            forward = false;
            index -= n;
        }
    } else if (index < 0) {
        forward = false;
    }
    size_t off;
    if (forward) {
        for (off = first(); index > 0 && off != npos; --index) off = next(off);
    } else {
        for (off = last(); index < -1 && off != npos; ++index) off = prev(off);
    }
    return off;
}

Listpack::Entry Listpack::get(size_t off) const {
    const u8* lp = reinterpret_cast<const u8*>(bytes_.data());
    Shape s;
    const bool ok = measure(lp, bytes_.size(), off, &s);
    assert(ok && "Listpack::get: corrupt entry");
    (void)ok;
    const u8* p = lp + off;
    Entry e;
    e.is_int = true;
    switch (s.enc) {
        case Enc::k7BitUint:
            e.ival = p[0];
            break;
        case Enc::k13BitInt:
            e.ival = signExtend((static_cast<uint64_t>(p[0] & 0x1F) << 8) | p[1], 13);
            break;
        case Enc::k16BitInt:
            e.ival = signExtend(readLE(p + 1, 2), 16);
            break;
        case Enc::k24BitInt:
            e.ival = signExtend(readLE(p + 1, 3), 24);
            break;
        case Enc::k32BitInt:
            e.ival = signExtend(readLE(p + 1, 4), 32);
            break;
        case Enc::k64BitInt:
            e.ival = signExtend(readLE(p + 1, 8), 64);
            break;
        default:  // a string: the bytes after its header
            e.is_int = false;
            e.sval = std::string_view(bytes_.data() + off + s.header, static_cast<size_t>(s.data));
    }
    return e;
}

Listpack::Entry Listpack::at(size_t index) const {
    const size_t off = seek(static_cast<long long>(index));
    assert(off != npos && "Listpack::at: index out of range");
    return get(off);
}

// ---- Mutation -----------------------------------------------------------------------

size_t Listpack::insertAt(size_t off, std::string_view s) {
    splice(off, 0, encode(s), +1);
    return off;
}

size_t Listpack::insertAt(size_t off, long long v) {
    splice(off, 0, encodeInt(v), +1);
    return off;
}

size_t Listpack::replaceAt(size_t off, std::string_view s) {
    splice(off, entryBytes(off), encode(s), 0);
    return off;
}

size_t Listpack::replaceAt(size_t off, long long v) {
    splice(off, entryBytes(off), encodeInt(v), 0);
    return off;
}

size_t Listpack::eraseAt(size_t off, size_t count) {
    size_t end = off;
    int deleted = 0;
    for (; count > 0 && bytes_[end] != static_cast<char>(kEof); --count, ++deleted) end += entryBytes(end);
    splice(off, end - off, {}, -deleted);
    recountIfUnknown();
    return bytes_[off] == static_cast<char>(kEof) ? npos : off;
}

void Listpack::append(std::string_view s) { insertAt(endOffset(), s); }
void Listpack::append(long long v) { insertAt(endOffset(), v); }
void Listpack::prepend(std::string_view s) { insertAt(kHeaderSize, s); }
void Listpack::prepend(long long v) { insertAt(kHeaderSize, v); }

void Listpack::insert(size_t index, std::string_view s) {
    const size_t n = size();
    assert(index <= n && "Listpack::insert: index out of range");
    insertAt(index == n ? endOffset() : seek(static_cast<long long>(index)), s);
}

void Listpack::insert(size_t index, long long v) {
    const size_t n = size();
    assert(index <= n && "Listpack::insert: index out of range");
    insertAt(index == n ? endOffset() : seek(static_cast<long long>(index)), v);
}

void Listpack::replace(size_t index, std::string_view s) {
    const size_t off = seek(static_cast<long long>(index));
    assert(off != npos && "Listpack::replace: index out of range");
    replaceAt(off, s);
}

void Listpack::replace(size_t index, long long v) {
    const size_t off = seek(static_cast<long long>(index));
    assert(off != npos && "Listpack::replace: index out of range");
    replaceAt(off, v);
}

void Listpack::erase(size_t index, size_t count) {
    const size_t n = size();
    assert(index <= n && "Listpack::erase: index out of range");
    if (index == n || count == 0) return;
    eraseAt(seek(static_cast<long long>(index)), count);
}

// ---- Search and introspection -------------------------------------------------------

bool Listpack::equals(size_t off, std::string_view s) const {
    const Entry e = get(off);
    if (!e.is_int) return e.sval == s;
    const auto v = parseInt(s);  // canonical spellings only, so this is string equality
    return v && *v == e.ival;
}

std::optional<size_t> Listpack::findFrom(size_t off, std::string_view s, size_t skip) const {
    size_t to_skip = 0;
    for (; off != npos; off = next(off)) {
        if (to_skip > 0) {
            --to_skip;
            continue;
        }
        if (equals(off, s)) return off;
        to_skip = skip;
    }
    return std::nullopt;
}

std::optional<size_t> Listpack::find(std::string_view s, size_t skip) const { return findFrom(first(), s, skip); }

std::vector<Listpack::EntryLayout> Listpack::layout() const {
    std::vector<EntryLayout> rows;
    const u8* lp = reinterpret_cast<const u8*>(bytes_.data());
    for (size_t off = first(); off != npos; off = next(off)) {
        Shape s;
        measure(lp, bytes_.size(), off, &s);  // next() has asserted it succeeds
        rows.push_back({off, encName(s.enc), s.header, static_cast<size_t>(s.data), s.backlen});
    }
    return rows;
}

std::string Listpack::backlenBytes(uint64_t len) {
    std::string out(backlenSize(len), '\0');
    writeBacklen(reinterpret_cast<u8*>(out.data()), len, out.size());
    return out;
}

}  // namespace redsim
