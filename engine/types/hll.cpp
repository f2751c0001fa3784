// HyperLogLog representation and estimator; see hll.h for the layout.
#include "engine/types/hll.h"

#include <cmath>
#include <cstring>

namespace redsim::hll {
namespace {

// Sparse opcode tests and fields (see hll.h for the bit layout).
bool isZero(uint8_t b) { return (b & 0xc0) == 0x00; }
bool isXZero(uint8_t b) { return (b & 0xc0) == 0x40; }
bool isVal(uint8_t b) { return (b & 0x80) != 0; }
int zeroLen(uint8_t b) { return (b & 0x3f) + 1; }
int xzeroLen(uint8_t b0, uint8_t b1) { return (((b0 & 0x3f) << 8) | b1) + 1; }
int valValue(uint8_t b) { return ((b >> 2) & 0x1f) + 1; }
int valLen(uint8_t b) { return (b & 0x03) + 1; }
uint8_t makeVal(int value, int len) { return static_cast<uint8_t>(0x80 | ((value - 1) << 2) | (len - 1)); }
uint8_t makeZero(int len) { return static_cast<uint8_t>(len - 1); }
void putXZero(uint8_t* out, int len) {
    const int l = len - 1;
    out[0] = static_cast<uint8_t>(0x40 | (l >> 8));
    out[1] = static_cast<uint8_t>(l & 0xff);
}

// Byte i of s, or 0 past the end. Redis relies on the NUL that ends every sds string
// when an XZERO opcode is cut short or the last dense register is read; we read a 0.
uint8_t byteAt(std::string_view s, size_t i) { return i < s.size() ? static_cast<uint8_t>(s[i]) : 0; }

// Decodes the sparse opcode at p: its run length, value (0 for zero runs) and size.
struct Op {
    int len;
    int value;
    size_t size;
};
Op opAt(std::string_view s, size_t p) {
    const uint8_t b = byteAt(s, p);
    if (isZero(b)) return {zeroLen(b), 0, 1};
    if (isXZero(b)) return {xzeroLen(b, byteAt(s, p + 1)), 0, 2};
    return {valLen(b), valValue(b), 1};
}

// Ertl's corrections for registers at 0 (sigma) and at the maximum q+1 (tau): series
// summed until adding a term no longer changes the double.
double sigma(double x) {
    if (x == 1.0) return INFINITY;
    double y = 1;
    double z = x;
    double previous;
    do {
        x *= x;
        previous = z;
        z += x * y;
        y += y;
    } while (previous != z);
    return z;
}

double tau(double x) {
    if (x == 0.0 || x == 1.0) return 0.0;
    double y = 1.0;
    double z = 1 - x;
    double previous;
    do {
        x = std::sqrt(x);
        previous = z;
        y *= 0.5;
        z -= std::pow(1 - x, 2) * y;
    } while (previous != z);
    return z / 3;
}

// Promotion target of sparseSet: dense, then the register set there.
int promoteAndSet(std::string& s, long index, uint8_t count) {
    if (!sparseToDense(s)) return -1;
    denseSet(s, index, count);  // count > old is guaranteed: sparse values never exceed 32
    return 1;
}

int sparseSet(std::string& s, long index, uint8_t count, size_t sparse_max_bytes) {
    // A VAL opcode holds at most 32: larger values need the dense form.
    if (count > kSparseValMaxValue) return promoteAndSet(s, index, count);

    // 1. Find the opcode covering register `index`, and the one before it.
    size_t p = kHeaderSize;
    size_t end = s.size();
    long first = 0;  // index of the first register the opcode at p covers
    long prev = -1;
    long span = 0;
    while (p < end) {
        const Op op = opAt(s, p);
        span = op.len;
        if (index <= first + span - 1) break;
        prev = static_cast<long>(p);
        p += op.size;
        first += span;
    }
    if (span == 0 || p >= end) return -1;  // the opcodes end before register `index`

    const uint8_t b = static_cast<uint8_t>(s[p]);
    const bool is_zero = isZero(b), is_xzero = isXZero(b), is_val = isVal(b);
    const long runlen = opAt(s, p).len;

    bool rewritten = false;
    // 2. The cheap cases: a VAL already as large (nothing to do), a run of one register.
    if (is_val) {
        if (valValue(b) >= count) return 0;
        if (runlen == 1) {
            s[p] = static_cast<char>(makeVal(count, 1));
            rewritten = true;
        }
    }
    if (!rewritten && is_zero && runlen == 1) {
        s[p] = static_cast<char>(makeVal(count, 1));
        rewritten = true;
    }

    if (!rewritten) {
        // 3. Split the run into (before, the register, after): at most 5 bytes.
        uint8_t seq[5];
        size_t n = 0;
        const long last = first + span - 1;
        auto zeros = [&](long len) {
            if (len > kSparseZeroMaxLen) {
                putXZero(seq + n, static_cast<int>(len));
                n += 2;
            } else {
                seq[n++] = makeZero(static_cast<int>(len));
            }
        };
        if (is_zero || is_xzero) {
            if (index != first) zeros(index - first);
            seq[n++] = makeVal(count, 1);
            if (index != last) zeros(last - index);
        } else {
            const int curval = valValue(b);
            if (index != first) seq[n++] = makeVal(curval, static_cast<int>(index - first));
            seq[n++] = makeVal(count, 1);
            if (index != last) seq[n++] = makeVal(curval, static_cast<int>(last - index));
        }
        const size_t oldlen = is_xzero ? 2 : 1;
        const long delta = static_cast<long>(n) - static_cast<long>(oldlen);
        if (delta > 0 && s.size() + static_cast<size_t>(delta) > sparse_max_bytes)
            return promoteAndSet(s, index, count);
        if (p + oldlen > end) {
            // A corrupted string ending in half an XZERO: Redis took the terminating NUL
            // as its second byte and its length grows by delta from there, which leaves
            // the new sequence without its last byte. Same bytes here.
            s.resize(p);
            s.append(reinterpret_cast<const char*>(seq), n - 1);
        } else {
            s.replace(p, oldlen, reinterpret_cast<const char*>(seq), n);
        }
        end = s.size();
    }

    // 4. Merge neighbouring VALs of equal value (up to 5 opcodes from the previous one):
    //    the split may have produced e.g. v:3,1 v:3,1 that fits in one v:3,2.
    p = prev >= 0 ? static_cast<size_t>(prev) : kHeaderSize;
    int scanlen = 5;
    while (p < end && scanlen--) {
        const uint8_t c = static_cast<uint8_t>(s[p]);
        if (isXZero(c)) {
            p += 2;
            continue;
        }
        if (isZero(c)) {
            p++;
            continue;
        }
        if (p + 1 < end && isVal(static_cast<uint8_t>(s[p + 1]))) {
            const uint8_t d = static_cast<uint8_t>(s[p + 1]);
            if (valValue(c) == valValue(d)) {
                const int len = valLen(c) + valLen(d);
                if (len <= kSparseValMaxLen) {
                    s[p + 1] = static_cast<char>(makeVal(valValue(c), len));
                    s.erase(p, 1);
                    end--;
                    continue;  // try again at the same place with the merged opcode
                }
            }
        }
        p++;
    }
    invalidateCache(s);
    return 1;
}

// Calls f(index, value) for every dense register, four registers per three bytes
// (the packing repeats every 24 bits), without the per-register shifts of denseGet.
template <class F>
void forEachDense(std::string_view s, F&& f) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data()) + kHeaderSize;
    for (long j = 0; j < kRegisters; j += 4, p += 3) {
        f(j, p[0] & 63);
        f(j + 1, ((p[0] >> 6) | (p[1] << 2)) & 63);
        f(j + 2, ((p[1] >> 4) | (p[2] << 4)) & 63);
        f(j + 3, p[2] >> 2);
    }
}

}  // namespace

uint64_t murmurHash64A(std::string_view data, uint64_t seed) {
    constexpr uint64_t m = 0xc6a4a7935bd1e995ULL;
    constexpr int r = 47;
    const size_t len = data.size();
    // Redis passes the length as an int and the seed as an unsigned int.
    uint64_t h = seed ^ (static_cast<uint64_t>(static_cast<int>(len)) * m);
    const auto* p = reinterpret_cast<const uint8_t*>(data.data());
    const uint8_t* stop = p + (len - (len & 7));
    for (; p != stop; p += 8) {
        uint64_t k = 0;
        for (int i = 7; i >= 0; --i) k = (k << 8) | p[i];  // little endian
        k *= m;
        k ^= k >> r;
        k *= m;
        h ^= k;
        h *= m;
    }
    const size_t tail = len & 7;
    if (tail) {
        for (size_t i = tail; i-- > 0;) h ^= static_cast<uint64_t>(p[i]) << (8 * i);
        h *= m;
    }
    h ^= h >> r;
    h *= m;
    h ^= h >> r;
    return h;
}

Pattern patternOf(std::string_view element) {
    uint64_t hash = murmurHash64A(element, kSeed);
    const long index = static_cast<long>(hash & (kRegisters - 1));
    // The run of zeros is counted in the bits above the index; a sentinel 1 at bit Q
    // bounds it at Q+1 = 51.
    hash >>= kP;
    hash |= 1ULL << kQ;
    uint8_t count = 1;
    for (uint64_t bit = 1; (hash & bit) == 0; bit <<= 1) ++count;
    return {index, count};
}

std::string createEmpty() {
    std::string s(kHeaderSize, '\0');
    std::memcpy(s.data(), "HYLL", 4);
    s[4] = static_cast<char>(kSparse);
    uint8_t op[2];
    putXZero(op, kRegisters);
    s.append(reinterpret_cast<const char*>(op), 2);
    return s;
}

bool looksValid(std::string_view s) {
    if (s.size() < kHeaderSize) return false;
    if (s.substr(0, 4) != "HYLL") return false;
    const uint8_t enc = encodingOf(s);
    if (enc > kSparse) return false;
    if (enc == kDense && s.size() != kDenseSize) return false;
    return true;
}

bool cacheValid(std::string_view s) { return (static_cast<uint8_t>(s[15]) & 0x80) == 0; }

uint64_t cachedCardinality(std::string_view s) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(s[8 + i]);
    return v;
}

void setCachedCardinality(std::string& s, uint64_t card) {
    for (int i = 0; i < 8; ++i) s[8 + i] = static_cast<char>((card >> (8 * i)) & 0xff);
}

uint8_t denseGet(std::string_view s, long index) {
    const size_t bit = static_cast<size_t>(index) * kBits;
    const size_t byte = kHeaderSize + bit / 8;
    const unsigned fb = bit & 7;
    const unsigned b0 = byteAt(s, byte), b1 = byteAt(s, byte + 1);
    return static_cast<uint8_t>(((b0 >> fb) | (b1 << (8 - fb))) & kRegisterMax);
}

void denseSet(std::string& s, long index, uint8_t value) {
    const size_t bit = static_cast<size_t>(index) * kBits;
    const size_t byte = kHeaderSize + bit / 8;
    const unsigned fb = bit & 7;
    auto* p = reinterpret_cast<uint8_t*>(s.data());
    p[byte] = static_cast<uint8_t>((p[byte] & ~(kRegisterMax << fb)) | (value << fb));
    // The register spills into the next byte only when fb > 2; the last register never does.
    if (fb > 8 - kBits) {
        const unsigned fb8 = 8 - fb;
        p[byte + 1] = static_cast<uint8_t>((p[byte + 1] & ~(kRegisterMax >> fb8)) | (value >> fb8));
    }
}

int setRegister(std::string& s, long index, uint8_t count, size_t sparse_max_bytes) {
    if (encodingOf(s) == kDense) {
        if (count <= denseGet(s, index)) return 0;
        denseSet(s, index, count);
        return 1;
    }
    if (encodingOf(s) == kSparse) return sparseSet(s, index, count, sparse_max_bytes);
    return -1;
}

int add(std::string& s, std::string_view element, size_t sparse_max_bytes) {
    const Pattern pat = patternOf(element);
    return setRegister(s, pat.index, pat.count, sparse_max_bytes);
}

bool sparseToDense(std::string& s) {
    if (encodingOf(s) == kDense) return true;
    std::string dense(kDenseSize, '\0');
    std::memcpy(dense.data(), s.data(), kHeaderSize);  // magic, unused bytes, cached card
    dense[4] = static_cast<char>(kDense);
    long idx = 0;
    for (size_t p = kHeaderSize; p < s.size();) {
        const Op op = opAt(s, p);
        if (op.value) {
            if (idx + op.len > kRegisters) break;  // would write past the last register
            for (int i = 0; i < op.len; ++i) denseSet(dense, idx++, static_cast<uint8_t>(op.value));
        } else {
            idx += op.len;
        }
        p += op.size;
    }
    if (idx != kRegisters) return false;
    s = std::move(dense);
    return true;
}

Histogram histogram(std::string_view s, bool* invalid) {
    Histogram h{};
    if (encodingOf(s) == kDense) {
        forEachDense(s, [&](long, int v) { h[v]++; });
        return h;
    }
    long idx = 0;
    for (size_t p = kHeaderSize; p < s.size();) {
        const Op op = opAt(s, p);
        idx += op.len;
        h[op.value] += op.len;
        p += op.size;
    }
    if (idx != kRegisters && invalid) *invalid = true;
    return h;
}

uint64_t countFromHistogram(const Histogram& h) {
    constexpr double kAlphaInf = 0.721347520444481703680;  // 1 / (2 ln 2)
    const double m = kRegisters;
    double z = m * tau((m - h[kQ + 1]) / m);
    for (int j = kQ; j >= 1; --j) {
        z += h[j];
        z *= 0.5;
    }
    z += m * sigma(h[0] / m);
    const double e = static_cast<double>(std::llroundl(kAlphaInf * m * m / z));
    return static_cast<uint64_t>(e);
}

uint64_t count(std::string_view s, bool* invalid) { return countFromHistogram(histogram(s, invalid)); }

bool mergeInto(std::array<uint8_t, kRegisters>& max, std::string_view s) {
    if (encodingOf(s) == kDense) {
        forEachDense(s, [&](long j, int v) {
            if (v > max[j]) max[j] = static_cast<uint8_t>(v);
        });
        return true;
    }
    long idx = 0;
    for (size_t p = kHeaderSize; p < s.size();) {
        const Op op = opAt(s, p);
        if (op.value) {
            if (idx + op.len > kRegisters) break;
            for (int i = 0; i < op.len; ++i, ++idx)
                if (op.value > max[idx]) max[idx] = static_cast<uint8_t>(op.value);
        } else {
            idx += op.len;
        }
        p += op.size;
    }
    return idx == kRegisters;
}

uint64_t countRaw(const std::array<uint8_t, kRegisters>& regs) {
    Histogram h{};
    for (uint8_t v : regs) h[v & 63]++;
    return countFromHistogram(h);
}

std::string decodeSparse(std::string_view s) {
    std::string out;
    for (size_t p = kHeaderSize; p < s.size();) {
        const uint8_t b = static_cast<uint8_t>(s[p]);
        const Op op = opAt(s, p);
        if (!out.empty()) out += ' ';
        if (isZero(b))
            out += "z:" + std::to_string(op.len);
        else if (isXZero(b))
            out += "Z:" + std::to_string(op.len);
        else
            out += "v:" + std::to_string(op.value) + "," + std::to_string(op.len);
        p += op.size;
    }
    return out;
}

SparseOp detail::sparseOpAt(std::string_view s, size_t p, long first) {
    const uint8_t b = byteAt(s, p);
    const Op op = opAt(s, p);
    SparseOp r;
    r.kind = isZero(b) ? SparseOp::Kind::Zero : isXZero(b) ? SparseOp::Kind::XZero : SparseOp::Kind::Val;
    r.offset = p;
    r.size = op.size;
    r.first = first;
    r.len = op.len;
    r.value = op.value;
    r.truncated = p + op.size > s.size();
    return r;
}

bool registers(std::string_view s, std::array<uint8_t, kRegisters>& out) {
    out.fill(0);
    return mergeInto(out, s);
}

}  // namespace redsim::hll
