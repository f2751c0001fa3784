// SHA-1 (FIPS 180-4), the digest Redis names scripts by.
//
// EVAL caches each script body under the SHA-1 of its text, EVALSHA runs it by that
// name, and scripts can hash strings themselves with redis.sha1hex. SHA-1 is no longer
// safe against deliberate collisions, but Redis only uses it as a cache key.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace redsim {

// The 20-byte digest of `data`.
std::array<uint8_t, 20> sha1(std::string_view data);
// The digest as 40 lower-case hex digits (what EVALSHA and redis.sha1hex use).
std::string sha1Hex(std::string_view data);

}  // namespace redsim
