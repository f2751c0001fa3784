// How many bytes a value takes in an RDB file (Redis's rdbSavedObjectLen), which
// DEBUG OBJECT reports as serializedlength: the size of what the RDB writer
// (engine/persist/rdb_save.h) produces for it, which for each encoding is:
//   string     small integers as 2/3/5-byte int encodings; strings over 20 bytes
//              LZF-compressed when that saves at least 4 bytes (rdbcompression yes);
//              otherwise a length prefix and the bytes.
//   listpack   (small hashes and zsets) and intset: the blob, saved as a string.
//   quicklist  a node count, then per node its container (1 byte) and its listpack,
//              or its LZF bytes as they are when the node is compressed.
//   hashtable  a count, then each field and value (or member) as a string.
//   skiplist   a count, then each member as a string and its score as 8 raw bytes,
//              written from the tail to the head.
#pragma once

#include <cstddef>
#include <string_view>

#include "engine/object.h"

namespace redsim {

// RDB's length prefix: 1, 2, 5 or 9 bytes.
size_t rdbLenSize(size_t len);
// rdbSaveRawString's size for these bytes (with rdbcompression on, as by default).
size_t rdbStringLength(std::string_view s);
// rdbSavedObjectLen for any value.
size_t rdbObjectLength(const Object& o);

}  // namespace redsim
