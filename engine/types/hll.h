// HyperLogLog: counting distinct elements in at most 12 KB (Redis's hyperloglog.c).
//
// The idea. Hash every element to 64 random-looking bits. The low 14 bits choose one of
// 16384 "registers"; in the remaining 50 bits, count the position of the first 1 bit
// (1 = the very first bit is set, 2 = one zero before it, …). A run of k zeros happens
// about once every 2^k distinct elements, so the longest run seen in a register is a
// rough log2 of how many distinct elements landed there. Each register keeps only its
// maximum (6 bits are enough: values 0..51). Adding the same element twice changes
// nothing, which is why duplicates are not counted. The estimate combines the 16384
// registers through their histogram (how many registers hold 0, 1, 2, …) with Otmar
// Ertl's improved estimator (tau/sigma corrections), giving a standard error of 0.81 %.
//
// The value is an ordinary string, so GET/SET/DUMP see its bytes, laid out exactly as
// Redis 7.0 lays them out:
//
//   offset 0   "HYLL"                         magic
//   offset 4   encoding                       0 = dense, 1 = sparse
//   offset 5   3 unused bytes (zero)
//   offset 8   cached cardinality, 8 bytes little endian. Bit 7 of byte 15 set means
//              "stale": the registers changed since the last PFCOUNT.
//   offset 16  the registers, in one of two encodings:
//
// dense: 16384 registers of 6 bits, packed from the least significant bit of each byte
//        up (register 0 = bits 0..5 of byte 0, register 1 = bits 6..7 of byte 0 and
//        0..3 of byte 1, …): always 12288 bytes, 12304 with the header.
// sparse: a run-length code, for HLLs where most registers are still 0. Three opcodes:
//        ZERO  00xxxxxx           1..64 registers set to 0 (length = xxxxxx + 1)
//        XZERO 01xxxxxx yyyyyyyy  1..16384 zero registers (14-bit length + 1)
//        VAL   1vvvvvxx           1..4 registers set to value vvvvv + 1 (1..32)
//        A new HLL is a single XZERO covering all 16384 registers (18 bytes). Setting a
//        register splits the opcode that covers it into up to three; adjacent VALs with
//        the same value are merged again. The sparse form is converted ("promoted") to
//        dense for good when it would grow past `hll-sparse-max-bytes` (3000 by
//        default) or when a register needs a value above 32.
//
// Every function here works on the string's bytes; the commands live in
// engine/commands/hyperloglog.cpp.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace redsim::hll {

constexpr int kP = 14;               // index bits
constexpr int kRegisters = 1 << kP;  // 16384
constexpr int kQ = 64 - kP;          // bits left for the run of zeros: 50
constexpr int kBits = 6;             // bits per dense register
constexpr int kRegisterMax = (1 << kBits) - 1;
constexpr size_t kHeaderSize = 16;
constexpr size_t kDenseSize = kHeaderSize + (kRegisters * kBits + 7) / 8;  // 12304
constexpr uint8_t kDense = 0;
constexpr uint8_t kSparse = 1;
constexpr int kSparseValMaxValue = 32;
constexpr int kSparseValMaxLen = 4;
constexpr int kSparseZeroMaxLen = 64;
constexpr int kSparseXZeroMaxLen = 16384;
constexpr uint64_t kSeed = 0xadc83b19ULL;

// Histogram of register values: counts[v] = number of registers holding v.
using Histogram = std::array<int, 64>;

// MurmurHash2, 64-bit version (MurmurHash64A), little-endian reads on every platform.
uint64_t murmurHash64A(std::string_view data, uint64_t seed);

// The register an element goes to and the length of its run (1..51).
struct Pattern {
    long index;
    uint8_t count;
};
Pattern patternOf(std::string_view element);

// A new, empty HLL: sparse, one XZERO opcode, cached cardinality 0 (valid).
std::string createEmpty();

// A string PF* commands accept as an HLL (isHLLObjectOrReply): long enough, magic,
// known encoding, dense ones exactly kDenseSize bytes.
bool looksValid(std::string_view s);

inline uint8_t encodingOf(std::string_view s) { return static_cast<uint8_t>(s[4]); }
bool cacheValid(std::string_view s);
uint64_t cachedCardinality(std::string_view s);
void setCachedCardinality(std::string& s, uint64_t card);
inline void invalidateCache(std::string& s) { s[15] = static_cast<char>(static_cast<uint8_t>(s[15]) | 0x80); }

// Dense register access (bounds-safe for the last register).
uint8_t denseGet(std::string_view s, long index);
void denseSet(std::string& s, long index, uint8_t value);

// Adds one element: 1 if a register changed, 0 if not, -1 if the sparse form is corrupt.
// `sparse_max_bytes` is hll-sparse-max-bytes.
int add(std::string& s, std::string_view element, size_t sparse_max_bytes);
// Sets register `index` to max(old, count) (hllSparseSet / hllDenseSet). Same result codes.
int setRegister(std::string& s, long index, uint8_t count, size_t sparse_max_bytes);

// Converts a sparse HLL to dense in place (no-op for dense). False if the sparse data is
// corrupt (the string is then unchanged).
bool sparseToDense(std::string& s);

// The estimate (hllCount). `invalid` is set if sparse data does not cover exactly 16384
// registers.
uint64_t count(std::string_view s, bool* invalid);
// The estimate from a histogram (the "new" estimator of Redis 4.0+).
uint64_t countFromHistogram(const Histogram& h);

// Register histogram of a dense or sparse HLL (sparse: `invalid` as for count()).
Histogram histogram(std::string_view s, bool* invalid);

// Merges `s`'s registers into `max` (max[i] = max(max[i], reg[i])). False if corrupt.
bool mergeInto(std::array<uint8_t, kRegisters>& max, std::string_view s);
// The estimate of a register array (hllCount with the internal "raw" encoding).
uint64_t countRaw(const std::array<uint8_t, kRegisters>& regs);

// PFDEBUG DECODE's text: "z:N", "Z:N", "v:value,len" separated by spaces.
std::string decodeSparse(std::string_view s);

// One sparse opcode as stored (for the inspectors): where it is, what it says.
struct SparseOp {
    enum class Kind : uint8_t { Zero, XZero, Val } kind = Kind::Zero;
    size_t offset = 0;       // of its first byte, from the start of the string
    size_t size = 0;         // 1 or 2 bytes
    long first = 0;          // the first register it covers
    int len = 0;             // registers covered
    int value = 0;           // 0 for ZERO/XZERO
    bool truncated = false;  // an XZERO whose second byte is missing
};
// Calls f(op) for every opcode of a sparse HLL, in order, stopping early when f returns
// false. Read-only; a corrupt body is walked as far as it goes (the caller compares the
// registers covered with kRegisters).
template <class F>
void forEachSparseOp(std::string_view s, F&& f);
// The 16384 register values (dense or sparse), or false if a sparse body does not cover
// exactly 16384 registers.
bool registers(std::string_view s, std::array<uint8_t, kRegisters>& out);

namespace detail {
SparseOp sparseOpAt(std::string_view s, size_t p, long first);
}

template <class F>
void forEachSparseOp(std::string_view s, F&& f) {
    long idx = 0;
    for (size_t p = kHeaderSize; p < s.size();) {
        const SparseOp op = detail::sparseOpAt(s, p, idx);
        if (!f(op)) return;
        idx += op.len;
        p += op.size;
    }
}

}  // namespace redsim::hll
