// The listpack view's model (gui/views/listpack.cpp), without ImGui: a listpack or an
// intset as a strip of byte ranges ("pieces": the header's fields, each entry's
// encoding / data / backlen, the 0xFF terminator; an intset's encoding, length and
// fixed-width members), laid out left to right with widths proportional to their bytes
// (at least a minimum, so one-byte parts stay legible) and wrapped into rows; and the
// bytes of each piece in hex, for the tooltip.
//
// Listpack (engine/ds/listpack.h):   intset (engine/ds/intset.h):
//   [total u32][count u16]             [encoding u32][length u32]
//   [enc][data][backlen] ...           [member: width bytes, little endian] ...
//   [0xFF]
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/inspect/value.h"

namespace redsim::gui {

struct BytePiece {
    enum class Kind { Total, Count, Encoding, Data, Backlen, Terminator, IntsetEncoding, IntsetLength, IntsetMember };
    Kind kind = Kind::Data;
    size_t group = 0;   // pieces of one group (an entry, the header) stay on one row if they can
    size_t entry = 0;   // index into the snapshot's entries / members (entries' pieces only)
    size_t offset = 0;  // of the first byte
    size_t bytes = 0;
    std::string label;  // what the box shows: the header's numbers, "str6", the value, hex
    std::string hex;    // the bytes in hex ("F5 0A ..") as far as the snapshot has them
    size_t known = 0;   // bytes `hex` is made of (< bytes: the snapshot cut them)
    // Placement (layoutPieces): x from the row's left, width, row index.
    float x = 0, w = 0;
    int row = 0;
};

// The pieces of a listpack snapshot, in byte order; `raw_bytes` is the Limits the
// snapshot was taken with (how many of each entry's bytes `raw` holds). Entries not
// listed (more > 0) are not pieces: the caller says "… N more".
std::vector<BytePiece> listpackPieces(const inspect::ListpackSnap& lp);
// The pieces of an intset snapshot: its 8-byte header and the listed members.
std::vector<BytePiece> intsetPieces(const inspect::IntsetSnap& is);

struct StripGeometry {
    float px_per_byte = 12;  // width of one byte
    float min_w = 44;        // no piece narrower
    float max_w = 220;       // no piece wider (long strings)
    float gap = 2;           // between pieces of a group
    float group_gap = 8;     // between groups
};
// Places the pieces in rows of at most `budget` pixels: a group moves to the next row
// when it does not fit; a group wider than a row is split between its pieces. Returns
// the number of rows (0 when there are no pieces).
int layoutPieces(std::vector<BytePiece>& pieces, float budget, const StripGeometry& g = {});

// "F5 0A 3C" for the bytes of s (at most max_bytes, then " .." when cut).
std::string hexBytes(std::string_view s, size_t max_bytes = 32);
// A listpack encoding's name short enough for a box: "6BIT_STR" -> "str6".
std::string shortEncoding(std::string_view name);
// An intset member as stored: `width` bytes (2, 4 or 8), little endian.
std::string littleEndian(int64_t v, uint32_t width);

}  // namespace redsim::gui
