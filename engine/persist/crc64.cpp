#include "engine/persist/crc64.h"

#include <array>
#include <cstring>

namespace redsim {

namespace {

// The polynomial with its bits reversed, because the register shifts right.
constexpr uint64_t kPolyReflected = 0x95AC9329AC4BC9B5ull;

using Tables = std::array<std::array<uint64_t, 256>, 8>;

// T[0][b]: the register after feeding byte b into a zero register, bit by bit.
// T[k][b]: the same followed by k zero bytes, so eight input bytes can be folded into
// the register at once: each byte's contribution is looked up at its distance from the end.
constexpr Tables makeTables() {
    Tables t{};
    for (uint64_t b = 0; b < 256; ++b) {
        uint64_t c = b;
        for (int bit = 0; bit < 8; ++bit) c = (c & 1) ? (c >> 1) ^ kPolyReflected : c >> 1;
        t[0][b] = c;
    }
    for (size_t k = 1; k < 8; ++k)
        for (size_t b = 0; b < 256; ++b) t[k][b] = t[0][t[k - 1][b] & 0xFF] ^ (t[k - 1][b] >> 8);
    return t;
}

constexpr Tables kTables = makeTables();

}  // namespace

uint64_t crc64(uint64_t crc, const void* data, size_t n) {
    const auto* p = static_cast<const uint8_t*>(data);
    // Eight bytes per step: XOR them into the register (little-endian load) and look
    // up each resulting byte in the table for its position.
    while (n >= 8) {
        uint64_t w = 0;
        for (int i = 0; i < 8; ++i) w |= uint64_t(p[i]) << (8 * i);
        w ^= crc;
        crc = kTables[7][w & 0xFF] ^ kTables[6][(w >> 8) & 0xFF] ^ kTables[5][(w >> 16) & 0xFF] ^
              kTables[4][(w >> 24) & 0xFF] ^ kTables[3][(w >> 32) & 0xFF] ^ kTables[2][(w >> 40) & 0xFF] ^
              kTables[1][(w >> 48) & 0xFF] ^ kTables[0][w >> 56];
        p += 8;
        n -= 8;
    }
    while (n--) crc = kTables[0][(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return crc;
}

}  // namespace redsim
