// The encodings Redis used before 7.0, which a dump from Redis 6 (or older) still holds:
//
//   ziplist  (RDB types 10, 12, 13, and each node of type 14): the small-collection
//            blob that listpack replaced in 7.0. Layout:
//              zlbytes u32 | zltail u32 | zllen u16 | entry... | 0xFF
//            each entry is  prevlen | encoding | data.  prevlen is the previous entry's
//            size (1 byte, or 0xFE + u32 when >= 254), which is what lets a ziplist be
//            walked backwards, and why one insert could "cascade" size changes through
//            every following entry: the flaw listpack was designed to remove (a listpack
//            entry stores its own length at its end instead).
//   zipmap   (RDB type 9): the small-hash blob of Redis <= 2.4:
//              zmlen u8 | (len key len free value free-bytes)... | 0xFF
//
// Redis 7.0 converts both to listpacks when it loads them; so does redsim. The decoders
// trust nothing: every length is checked against the blob, every ziplist prevlen against
// the entry before it, the header's byte count, tail offset and entry count against what
// the walk found. All numbers in the headers are little-endian, except the 14-bit and
// 32-bit string lengths of a ziplist entry, which are big-endian.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace redsim {

// The entries of a ziplist blob, integers as their decimal text; nullopt if the blob is
// not a valid ziplist.
std::optional<std::vector<std::string>> decodeZiplist(std::string_view blob);

// The field, value, field, value... of a zipmap blob; nullopt if it is not valid.
std::optional<std::vector<std::string>> decodeZipmap(std::string_view blob);

}  // namespace redsim
