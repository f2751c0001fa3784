#include "gui/model/bits_layout.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <charconv>
#include <cstdio>

#include "engine/types/bits.h"
#include "engine/util/numbers.h"
#include "engine/util/text.h"

namespace redsim::gui {

namespace {}  // namespace

std::vector<EncodingRule> stringEncodingRules(const inspect::ValueSnapshot& v) {
    std::vector<EncodingRule> r;
    const bool shared = v.string && v.string->shared;
    r.push_back({"int",
                 "the value spells a 64-bit integer (at most 20 characters, no leading zero or '+'): the number "
                 "itself is stored; 0..9999 are shared objects" +
                     std::string(shared ? " (this one is)" : ""),
                 v.encoding == Encoding::Int});
    r.push_back({"embstr",
                 "at most 44 bytes: bytes and object header in one 64-byte allocation (read-only: any change "
                 "makes it raw)",
                 v.encoding == Encoding::EmbStr});
    r.push_back({"raw",
                 "longer than 44 bytes, or changed in place by APPEND / SETRANGE / SETBIT (an sds buffer of its "
                 "own that can grow)",
                 v.encoding == Encoding::Raw});
    return r;
}

std::vector<std::string> hexDumpLines(std::string_view bytes, size_t offset, size_t per_line) {
    std::vector<std::string> lines;
    if (per_line == 0) per_line = 16;
    for (size_t at = 0; at < bytes.size(); at += per_line) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%08zx ", offset + at);
        std::string hex = buf, ascii;
        for (size_t i = 0; i < per_line; ++i) {
            if (i % 8 == 0) hex += ' ';
            if (at + i < bytes.size()) {
                const auto c = static_cast<unsigned char>(bytes[at + i]);
                std::snprintf(buf, sizeof buf, "%02x ", c);
                hex += buf;
                ascii += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '.';
            } else {
                hex += "   ";
            }
        }
        lines.push_back(hex + " |" + ascii + "|");
    }
    return lines;
}

std::optional<BitOp> lastBitOp(const std::deque<CommandRecord>& commands, std::string_view key) {
    for (auto it = commands.rbegin(); it != commands.rend(); ++it) {
        const auto& a = it->argv;
        if (a.size() < 2 || a[1] != key) continue;
        const std::string cmd = toUpper(a[0]);
        if (cmd != "SETBIT" && cmd != "GETBIT" && cmd != "BITCOUNT" && cmd != "BITPOS") continue;
        BitOp op;
        op.command = cmd;
        for (const auto& w : a) op.text += (op.text.empty() ? "" : " ") + w;
        if (cmd == "SETBIT" || cmd == "GETBIT") {
            if (a.size() < 3) return std::nullopt;
            const auto off = parseInt64(a[2]);
            if (!off || *off < 0) return std::nullopt;
            op.bit = static_cast<uint64_t>(*off);
            if (cmd == "SETBIT") {
                if (a.size() < 4) return std::nullopt;
                const auto val = parseInt64(a[3]);
                if (!val || (*val != 0 && *val != 1)) return std::nullopt;
                op.value = static_cast<int>(*val);
            }
            return op;
        }
        size_t i = 2;
        if (cmd == "BITPOS") {
            if (a.size() < 3) return std::nullopt;
            const auto b = parseInt64(a[2]);
            if (!b || (*b != 0 && *b != 1)) return std::nullopt;
            op.value = static_cast<int>(*b);
            i = 3;
        }
        if (a.size() > i) {
            op.start = parseInt64(a[i]);
            if (!op.start) return std::nullopt;
        }
        if (a.size() > i + 1) {
            op.end = parseInt64(a[i + 1]);
            if (!op.end) return std::nullopt;
        }
        if (a.size() > i + 2) {
            const std::string unit = toUpper(a[i + 2]);
            if (unit != "BIT" && unit != "BYTE") return std::nullopt;
            op.bit_unit = unit == "BIT";
        }
        if (cmd == "BITCOUNT" && op.start && !op.end) return std::nullopt;  // a syntax error
        return op;
    }
    return std::nullopt;
}

std::optional<std::pair<uint64_t, uint64_t>> bitRange(const BitOp& op, size_t len) {
    const auto total_bytes = static_cast<long long>(len);
    if (len == 0) return std::nullopt;
    long long start = op.start.value_or(0);
    long long end = op.end.value_or(op.bit_unit ? total_bytes * 8 - 1 : total_bytes - 1);
    if (op.command == "BITCOUNT" && start < 0 && end < 0 && start > end) return std::nullopt;
    if (!bits::clampRange(start, end, op.bit_unit ? total_bytes * 8 : total_bytes)) return std::nullopt;
    if (op.bit_unit) return std::pair<uint64_t, uint64_t>{start, end};
    return std::pair<uint64_t, uint64_t>{static_cast<uint64_t>(start) * 8, static_cast<uint64_t>(end) * 8 + 7};
}

long long bitpos(std::string_view s, const BitOp& op) {
    const auto r = bitRange(op, s.size());
    if (!r) return -1;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const long long pos =
        bits::findBit(p, static_cast<long long>(r->first), static_cast<long long>(r->second), op.value);
    if (pos >= 0 || op.value == 1 || op.end) return pos;
    return static_cast<long long>(r->second + 1);  // no 0 bit: the one just past the range
}

size_t bitcount(std::string_view s, const BitOp& op) {
    const auto r = bitRange(op, s.size());
    if (!r) return 0;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    return static_cast<size_t>(
        bits::countInBitRange(p, static_cast<long long>(r->first), static_cast<long long>(r->second)));
}

std::string bitArithmetic(uint64_t bit, std::optional<uint8_t> byte) {
    const uint64_t index = bit / 8;
    const int shift = 7 - static_cast<int>(bit % 8);
    char buf[256];
    std::snprintf(buf, sizeof buf, "bit %llu -> byte %llu / 8 = %llu, bit 7 - %llu %% 8 = %d of it (mask 0x%02x)",
                  static_cast<unsigned long long>(bit), static_cast<unsigned long long>(bit),
                  static_cast<unsigned long long>(index), static_cast<unsigned long long>(bit), shift, 1u << shift);
    std::string s = buf;
    if (byte) {
        char bin[9];
        for (int i = 0; i < 8; ++i) bin[i] = ((*byte >> (7 - i)) & 1) ? '1' : '0';
        bin[8] = 0;
        std::snprintf(buf, sizeof buf, "; byte %llu = 0x%02x = %s, so the bit is %d",
                      static_cast<unsigned long long>(index), *byte, bin, (*byte >> shift) & 1);
        s += buf;
    } else {
        s += "; past the end of the string: reads as 0 (SETBIT would grow the string with zero bytes)";
    }
    return s;
}

std::vector<BitCell> bitGrid(const inspect::BitsSnap& b, size_t per_row) {
    std::vector<BitCell> cells;
    if (per_row == 0) per_row = 1;
    cells.reserve(b.window.size() * 8);
    for (size_t i = 0; i < b.window.size(); ++i) {
        const auto byte = static_cast<uint8_t>(b.window[i]);
        for (int k = 0; k < 8; ++k) {
            BitCell c;
            c.byte = b.window_first_byte + i;
            c.bit = static_cast<uint64_t>(c.byte) * 8 + static_cast<uint64_t>(k);
            c.shift = 7 - k;
            c.row = static_cast<int>(i / per_row);
            c.col = static_cast<int>(i % per_row) * 8 + k;
            c.set = ((byte >> c.shift) & 1) != 0;
            cells.push_back(c);
        }
    }
    return cells;
}

std::optional<std::pair<int, int>> bitCellOf(const inspect::BitsSnap& b, size_t per_row, uint64_t bit) {
    if (per_row == 0) per_row = 1;
    const uint64_t byte = bit / 8;
    if (byte < b.window_first_byte || byte >= b.window_first_byte + b.window.size()) return std::nullopt;
    const size_t i = static_cast<size_t>(byte - b.window_first_byte);
    return std::pair<int, int>{static_cast<int>(i / per_row),
                               static_cast<int>(i % per_row) * 8 + static_cast<int>(bit % 8)};
}

std::optional<uint64_t> focusBit(const BitOp& op, std::string_view s) {
    if (op.bit) return op.bit;
    if (op.command == "BITPOS") {
        const long long p = bitpos(s, op);
        if (p >= 0) return static_cast<uint64_t>(p);
    }
    if (const auto r = bitRange(op, s.size())) return r->first;
    return std::nullopt;
}

}  // namespace redsim::gui
