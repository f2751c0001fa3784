// The string view's model (gui/views/string.cpp): the encoding rules with the one that
// applies, a hex + ASCII dump, and the string as a bitmap — a grid of a byte window
// (bit n is bit 7 - n%8 of byte n/8, as SETBIT numbers them), the last
// SETBIT/GETBIT/BITCOUNT/BITPOS on the key parsed into the bit or range to highlight,
// and the byte/bit arithmetic in words.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/inspect/value.h"
#include "gui/model/state.h"

namespace redsim::gui {

// One encoding rule of a string and whether it is the one that decided this value.
struct EncodingRule {
    std::string name;  // "int", "embstr", "raw"
    std::string rule;
    bool applies = false;
};
std::vector<EncodingRule> stringEncodingRules(const inspect::ValueSnapshot& v);

// "00000010  68 65 6c 6c 6f 20 77 6f  72 6c 64 0a 00 00 00 00  |hello world.....|":
// `bytes` starting at byte `offset` of the value, `per_line` bytes a line.
std::vector<std::string> hexDumpLines(std::string_view bytes, size_t offset, size_t per_line = 16);

// SETBIT / GETBIT / BITCOUNT / BITPOS as the view highlights them.
struct BitOp {
    std::string command;          // upper case
    std::optional<uint64_t> bit;  // SETBIT/GETBIT offset
    int value = -1;               // SETBIT value, BITPOS bit
    // BITCOUNT / BITPOS range as given (bytes unless `bit_unit`), and whether end was given.
    std::optional<long long> start, end;
    bool bit_unit = false;
    std::string text;  // the command as typed, for the caption
};
// The newest of those commands naming `key` (nullopt when none, or it does not parse).
std::optional<BitOp> lastBitOp(const std::deque<CommandRecord>& commands, std::string_view key);

// A [first, last] bit range (inclusive) for BITCOUNT / BITPOS over a string of `len`
// bytes, with Redis's negative indexes and clamping; nullopt when empty.
std::optional<std::pair<uint64_t, uint64_t>> bitRange(const BitOp& op, size_t len);
// BITPOS's answer on `s` (Redis's rules: looking for 0 with no end given answers the
// first bit past the end when every bit is 1; an empty range answers -1).
long long bitpos(std::string_view s, const BitOp& op);
// BITCOUNT's answer on `s`.
size_t bitcount(std::string_view s, const BitOp& op);

// The arithmetic a learner follows: "bit 13 -> byte 13 / 8 = 1, bit 7 - 13 % 8 = 2 of it
// (mask 0x04); byte 1 = 0x44 = 01000100, so the bit is 1". `byte` is the byte's value
// now (nullopt past the end of the string: reads as 0).
std::string bitArithmetic(uint64_t bit, std::optional<uint8_t> byte);

// The grid: `per_row` bytes a row, 8 columns each.
struct BitCell {
    uint64_t bit = 0;
    size_t byte = 0;  // index in the value
    int shift = 0;    // 7 - bit % 8: the bit's place in its byte (7 = most significant)
    int row = 0, col = 0;
    bool set = false;
};
std::vector<BitCell> bitGrid(const inspect::BitsSnap& b, size_t per_row);
// Where bit `bit` is in that grid (nullopt outside the window).
std::optional<std::pair<int, int>> bitCellOf(const inspect::BitsSnap& b, size_t per_row, uint64_t bit);

// The bit a window should be taken around for the last op (its bit, BITPOS's answer,
// the start of a BITCOUNT range).
std::optional<uint64_t> focusBit(const BitOp& op, std::string_view s);

}  // namespace redsim::gui
