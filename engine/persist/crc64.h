// CRC-64 as Redis computes it for RDB files and DUMP payloads (crc64.c): the "Jones"
// polynomial 0xad93d23594c935a9, bits reflected (least significant bit first), initial
// value 0 and no final XOR. Redis checks it with crc64(0, "123456789") = 0xe9c6d914c4b8d9ca.
//
// A CRC is the remainder of dividing the data (as a huge binary polynomial) by the
// generator polynomial. Processing one bit at a time is a shift and a conditional XOR;
// a 256-entry table precomputes the effect of a whole byte, and "slicing by 8" uses
// eight such tables to consume eight bytes per step (how Redis 7 speeds it up too).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace redsim {

// Continues the CRC `crc` over `n` bytes (start with 0).
uint64_t crc64(uint64_t crc, const void* data, size_t n);
inline uint64_t crc64(uint64_t crc, std::string_view s) { return crc64(crc, s.data(), s.size()); }

}  // namespace redsim
