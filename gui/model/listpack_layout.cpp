#include "gui/model/listpack_layout.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "engine/ds/listpack.h"

namespace redsim::gui {

namespace {

std::string sub(std::string_view s, size_t from, size_t n) {
    if (from >= s.size()) return {};
    return std::string(s.substr(from, n));
}

// Text for a box: printable ASCII kept, anything else as '.'.
std::string printable(std::string_view s) {
    std::string t;
    for (unsigned char c : s) t += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '.';
    return t;
}

}  // namespace

std::string hexBytes(std::string_view s, size_t max_bytes) {
    std::string t;
    char buf[4];
    for (size_t i = 0; i < s.size() && i < max_bytes; ++i) {
        std::snprintf(buf, sizeof buf, "%02X", static_cast<unsigned char>(s[i]));
        if (i) t += ' ';
        t += buf;
    }
    if (s.size() > max_bytes) t += " ..";
    return t;
}

std::string shortEncoding(std::string_view name) {
    // "6BIT_STR" -> "str6", "7BIT_UINT" -> "uint7", "13BIT_INT" -> "int13".
    const size_t bit = name.find("BIT_");
    if (bit == std::string_view::npos) return std::string(name);
    std::string kind(name.substr(bit + 4));
    for (char& c : kind) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return kind + std::string(name.substr(0, bit));
}

std::string littleEndian(int64_t v, uint32_t width) {
    std::string out;
    const uint64_t u = static_cast<uint64_t>(v);
    for (uint32_t i = 0; i < width && i < 8; ++i) out += static_cast<char>((u >> (8 * i)) & 0xff);
    return out;
}

namespace {

// One labelled run of bytes; `raw` holds the bytes known (hex shown for them).
BytePiece piece(BytePiece::Kind k, size_t group, size_t entry, size_t offset, size_t bytes, std::string label,
                const std::string& raw) {
    BytePiece p;
    p.kind = k;
    p.group = group;
    p.entry = entry;
    p.offset = offset;
    p.bytes = bytes;
    p.label = std::move(label);
    p.hex = hexBytes(raw);
    p.known = raw.size();
    return p;
}

}  // namespace

std::vector<BytePiece> listpackPieces(const inspect::ListpackSnap& lp) {
    std::vector<BytePiece> out;
    auto add = [&out](BytePiece::Kind k, size_t group, size_t entry, size_t offset, size_t bytes, std::string label,
                      std::string raw) { out.push_back(piece(k, group, entry, offset, bytes, std::move(label), raw)); };
    add(BytePiece::Kind::Total, 0, 0, 0, 4, std::to_string(lp.total_bytes), sub(lp.header_raw, 0, 4));
    add(BytePiece::Kind::Count, 0, 0, 4, 2,
        lp.header_count == 65535 ? std::string("?") : std::to_string(lp.header_count), sub(lp.header_raw, 4, 2));
    for (size_t i = 0; i < lp.entries.size(); ++i) {
        const inspect::ListpackSnap::Entry& e = lp.entries[i];
        const size_t g = i + 1;
        add(BytePiece::Kind::Encoding, g, i, e.offset, e.encoding_bytes, shortEncoding(e.encoding),
            sub(e.raw, 0, e.encoding_bytes));
        if (e.data_bytes > 0) {
            // Small ints (7BIT_UINT, 6BIT_STR's length) live in the encoding byte: no data.
            add(BytePiece::Kind::Data, g, i, e.offset + e.encoding_bytes, e.data_bytes,
                printable(e.value.text) + (e.value.cut() ? ".." : ""), sub(e.raw, e.encoding_bytes, e.data_bytes));
        }
        // The backlen is a function of the entry's length, so it is known even when
        // the snapshot's raw bytes stop short of it.
        const std::string bl = Listpack::backlenBytes(e.encoding_bytes + e.data_bytes);
        add(BytePiece::Kind::Backlen, g, i, e.offset + e.encoding_bytes + e.data_bytes, e.backlen_bytes, hexBytes(bl),
            bl);
    }
    add(BytePiece::Kind::Terminator, lp.entries.size() + 1, 0, lp.terminator_offset, 1, "FF", std::string(1, '\xff'));
    return out;
}

std::vector<BytePiece> intsetPieces(const inspect::IntsetSnap& is) {
    std::vector<BytePiece> out;
    auto add = [&out](BytePiece::Kind k, size_t group, size_t entry, size_t offset, size_t bytes, std::string label,
                      std::string raw) { out.push_back(piece(k, group, entry, offset, bytes, std::move(label), raw)); };
    add(BytePiece::Kind::IntsetEncoding, 0, 0, 0, 4, std::to_string(is.width), littleEndian(is.width, 4));
    add(BytePiece::Kind::IntsetLength, 0, 0, 4, 4, std::to_string(is.length),
        littleEndian(static_cast<int64_t>(is.length), 4));
    for (size_t i = 0; i < is.members.size(); ++i)
        add(BytePiece::Kind::IntsetMember, 1, i, 8 + i * is.width, is.width, std::to_string(is.members[i]),
            littleEndian(is.members[i], is.width));
    return out;
}

int layoutPieces(std::vector<BytePiece>& pieces, float budget, const StripGeometry& g) {
    if (pieces.empty()) return 0;
    budget = std::max(budget, g.min_w);
    for (BytePiece& p : pieces)
        p.w = std::clamp(static_cast<float>(p.bytes) * g.px_per_byte, g.min_w, std::min(g.max_w, budget));
    int row = 0;
    float x = 0;
    size_t i = 0;
    while (i < pieces.size()) {
        // The group starting at i: its width if kept together.
        size_t j = i;
        float gw = 0;
        while (j < pieces.size() && pieces[j].group == pieces[i].group) {
            gw += pieces[j].w + (j > i ? g.gap : 0);
            ++j;
        }
        const bool split = gw > budget;  // one group wider than a row: pieces wrap alone
        if (x > 0 && x + g.group_gap + (split ? pieces[i].w : gw) > budget) {
            ++row;
            x = 0;
        } else if (x > 0) {
            x += g.group_gap;
        }
        for (size_t k = i; k < j; ++k) {
            if (k > i) {
                if (split && x + g.gap + pieces[k].w > budget) {
                    ++row;
                    x = 0;
                } else {
                    x += g.gap;
                }
            }
            pieces[k].x = x;
            pieces[k].row = row;
            x += pieces[k].w;
        }
        i = j;
    }
    return row + 1;
}

}  // namespace redsim::gui
