// A string read as a row of bits, as SETBIT / BITCOUNT / BITPOS see it: bit 0 is the most
// significant bit of byte 0, bit 7 its least significant, bit 8 the top bit of byte 1.
// The counting and searching here is shared by the bitmap commands
// (engine/commands/bitmaps.cpp) and the GUI's string view, which works out what the last
// bit command did.
#pragma once

#include <cstddef>

namespace redsim::bits {

// Set bits in the n bytes at p.
long long popcount(const unsigned char* p, size_t n);

// Set bits in bits [from, to] of p. Requires: 0 <= from <= to < 8 * (bytes at p).
long long countInBitRange(const unsigned char* p, long long from, long long to);

// Turns the user's (start, end) into a range of units (bytes, or bits with BIT) inside a
// string of `total` units, as Redis does: negative values count from the end, then both
// are clamped into the string. Returns false for an empty range.
bool clampRange(long long& start, long long& end, long long total);

// The first bit equal to `bit` (0 or 1) in bits [from, to] of p, or -1.
long long findBit(const unsigned char* p, long long from, long long to, int bit);

}  // namespace redsim::bits
