// :explain's ASCII drawings (see explain.h). Plain ASCII only, so that column
// arithmetic is byte arithmetic: bytes outside printable ASCII are shown as \xHH.
#include "repl/explain.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "engine/engine.h"
#include "engine/util/numbers.h"
#include "engine/util/text.h"

namespace redsim::repl {

namespace {

using inspect::Bytes;

std::string n2s(size_t v) { return std::to_string(v); }

// "hello", with \" \\ and \xHH escapes; `cut` adds "..." after the closing quote.
std::string quote(std::string_view s, bool cut = false) {
    std::string r = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            r += '\\';
            r += static_cast<char>(c);
        } else if (c >= 0x20 && c < 0x7f) {
            r += static_cast<char>(c);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            r += buf;
        }
    }
    r += '"';
    if (cut) r += "...";
    return r;
}

std::string quote(const Bytes& b) { return quote(b.text, b.cut()); }

// A node label for the skiplist rows: printable, at most `max` columns.
std::string label(std::string_view member, size_t max) {
    std::string r;
    for (unsigned char c : member) r += (c >= 0x21 && c < 0x7f) ? static_cast<char>(c) : '.';
    if (r.empty()) r = "\"\"";
    if (r.size() > max) r = r.substr(0, max - 1) + "~";
    return r;
}

std::string human(size_t bytes) {
    if (bytes < 1024) return n2s(bytes) + "B";
    const char* units[] = {"KB", "MB", "GB", "TB"};
    double v = static_cast<double>(bytes) / 1024;
    int u = 0;
    while (v >= 1024 && u < 3) {
        v /= 1024;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%s", v, units[u]);
    return buf;
}

// Greedy word wrap of one paragraph.
std::string wrap(std::string_view text, size_t width) {
    std::string out, line;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        size_t j = text.find(' ', i);
        if (j == std::string_view::npos) j = text.size();
        const std::string_view word = text.substr(i, j - i);
        if (word.empty()) break;
        if (!line.empty() && line.size() + 1 + word.size() > width) {
            out += line + "\n";
            line.clear();
        }
        if (!line.empty()) line += ' ';
        line += word;
        i = j;
    }
    if (!line.empty()) out += line + "\n";
    return out;
}

// wrap() with every line indented by `indent` spaces.
std::string wrapIndented(std::string_view text, size_t width, size_t indent) {
    const std::string body = wrap(text, width - indent);
    std::string out;
    size_t start = 0;
    while (start < body.size()) {
        const size_t end = body.find('\n', start);
        out += std::string(indent, ' ') + body.substr(start, end - start + 1);
        start = end + 1;
    }
    return out;
}

std::string pad(std::string s, size_t w) {
    if (s.size() < w) s.resize(w, ' ');
    return s;
}
std::string rpad(const std::string& s, size_t w) { return s.size() < w ? std::string(w - s.size(), ' ') + s : s; }

std::string moreLine(size_t more, const char* what) {
    return more == 0 ? "" : "  ... " + n2s(more) + " more " + what + "\n";
}

// Cuts a line to the width (values are already bounded; this only guards the edge).
std::string fit(std::string line, size_t width) {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (line.size() > width) line = line.substr(0, width - 3) + "...";
    return line + "\n";
}

const char* lengthNoun(ObjType t) {
    switch (t) {
        case ObjType::String:
            return "bytes";
        case ObjType::List:
            return "elements";
        case ObjType::Hash:
            return "fields";
        case ObjType::Stream:
            return "entries";
        default:
            return "members";
    }
}

// ---- Strings ---------------------------------------------------------------------------

std::string drawString(const inspect::ValueSnapshot& s, size_t width) {
    const inspect::StringSnap& str = *s.string;
    std::string out;
    if (s.encoding == Encoding::Int) {
        out += "  int " + str.bytes.text + ": a 64-bit integer held in the object's pointer field, no string" +
               (str.shared ? " (a shared object)" : "") + "\n";
        return out;
    }
    out += fit("  " + quote(str.bytes), width);
    if (str.bytes.cut()) out += "  ... " + n2s(str.bytes.full_size - str.bytes.text.size()) + " more bytes\n";
    return out;
}

// ---- Listpack --------------------------------------------------------------------------

std::string hex(std::string_view raw, size_t full) {
    std::string r;
    for (unsigned char c : raw) {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%02x ", c);
        r += buf;
    }
    if (!r.empty()) r.pop_back();
    if (full > raw.size()) r += " ..";
    return r;
}

std::string drawListpack(const inspect::ListpackSnap& lp, size_t width, const char* title) {
    std::string out = std::string(title) + ": " + n2s(lp.total_bytes) + " bytes, " + n2s(lp.count) + " entries";
    if (lp.header_count == Listpack::kUnknownCount) out += " (header count 65535 = unknown, counted by walking)";
    out += "\n";
    out += "  offset  bytes  encoding   parts     first bytes (hex)    value\n";
    auto row = [&](size_t off, size_t bytes, const std::string& part, const std::string& sizes, const std::string& raw,
                   const std::string& value) {
        out +=
            fit(rpad(n2s(off), 8) + rpad(n2s(bytes), 7) + "  " + pad(part, 11) + pad(sizes, 10) + pad(raw, 21) + value,
                width);
    };
    row(0, lp.header_bytes, "header", "4+2", hex(lp.header_raw, lp.header_raw.size()),
        "total " + n2s(lp.total_bytes) + ", count " + n2s(lp.header_count));
    for (const auto& e : lp.entries) {
        std::string v = e.is_int ? e.value.text : quote(e.value);
        if (!e.role.empty()) v = pad(e.role, 7) + v;
        row(e.offset, e.total(), e.encoding,
            n2s(e.encoding_bytes) + "+" + n2s(e.data_bytes) + "+" + n2s(e.backlen_bytes), hex(e.raw, e.total()), v);
    }
    out += moreLine(lp.more, "entries");
    row(lp.terminator_offset, 1, "end", "", "ff", "");
    out += "  parts: encoding byte(s) + data + backlen (the entry's length, read right to left)\n";
    return out;
}

// ---- Quicklist -------------------------------------------------------------------------

std::string drawQuicklist(const inspect::QuicklistSnap& q, size_t width) {
    std::string out =
        "quicklist: " + n2s(q.count) + " elements in " + n2s(q.node_count) + " nodes, fill " + std::to_string(q.fill);
    out += q.fill < 0 ? " (" + human(q.fill_limit_bytes) + " per node)" : " (entries per node)";
    out += ", compress depth " + std::to_string(q.compress_depth) + " (" + n2s(q.compressed_nodes) + " compressed)\n";
    std::vector<std::string> boxes;
    for (const auto& n : q.nodes) {
        const std::string entries = n2s(n.count) + (n.count == 1 ? " entry " : " entries ");
        if (n.plain && !n.compressed)
            boxes.push_back("[PLAIN " + human(n.bytes) + "]");
        else if (n.compressed)
            boxes.push_back(std::string("[LZF ") + (n.plain ? "PLAIN " : "") + entries + human(n.bytes) + "->" +
                            human(n.compressed_bytes) + "]");
        else
            boxes.push_back("[lp " + entries + human(n.bytes) + "]");
    }
    if (q.more != 0) boxes.push_back("[... " + n2s(q.more) + " more nodes]");
    std::string line = "  head ";
    for (size_t i = 0; i < boxes.size(); ++i) {
        const std::string piece = (i == 0 ? "" : "<->") + boxes[i];
        if (line.size() + piece.size() > width && line.size() > 2) {
            out += line + "\n";
            line = "  ";
        }
        line += piece;
    }
    if (q.more == 0 && !boxes.empty()) line += line.size() + 5 > width ? "\n  tail" : " tail";
    out += line + "\n";
    return out;
}

// ---- Intset ----------------------------------------------------------------------------

std::string drawIntset(const inspect::IntsetSnap& is, size_t width) {
    std::string out = "intset: " + n2s(is.length) + " members, int" + n2s(is.width * 8) + " (" + n2s(is.width) +
                      " bytes each), " + n2s(is.blob_bytes) + " bytes = 8 header + " + n2s(is.length) + " x " +
                      n2s(is.width) + "\n";
    std::string line = "  | encoding " + n2s(is.width) + " | length " + n2s(is.length) + " |";
    for (int64_t v : is.members) {
        const std::string cell = " " + std::to_string(v) + " |";
        if (line.size() + cell.size() > width) {
            out += line + "\n";
            line = "  |";
        }
        line += cell;
    }
    if (is.more != 0) line += " ...";
    out += line + "\n";
    out += "  member i is at byte 8 + " + n2s(is.width) + "*i; sorted, so a lookup is a binary search\n";
    out += moreLine(is.more, "members");
    return out;
}

// ---- Dict ------------------------------------------------------------------------------

std::string drawDict(const inspect::DictSnap& d, size_t width, const char* title) {
    std::string head = std::string(title) + ": " + n2s(d.size) + " entries, ";
    if (d.rehashidx == -1)
        head += "not rehashing (rehashidx -1)";
    else if (d.rehashidx == 0)
        head += "rehashing: rehashidx 0 (no bucket of table 0 moved yet)";
    else
        head += "rehashing: rehashidx " + std::to_string(d.rehashidx) + " (table 0's buckets 0.." +
                std::to_string(d.rehashidx - 1) + " moved to table 1)";
    std::string out = fit(head, width);
    for (int t = 0; t < 2; ++t) {
        const auto& tab = d.tables[t];
        if (tab.size == 0) {
            out += "  table " + std::to_string(t) + ": not allocated" + (t == 1 ? " (only used while rehashing)" : "") +
                   "\n";
            continue;
        }
        char load[32];
        std::snprintf(load, sizeof load, "%.2f", static_cast<double>(tab.used) / static_cast<double>(tab.size));
        out += "  table " + std::to_string(t) + ": " + n2s(tab.size) + " buckets, " + n2s(tab.used) +
               " entries, load factor " + load + ", longest chain " + n2s(tab.longest) + "\n";
        // Bucket numbers over chain lengths, in columns wide enough for both.
        size_t cw = 2;
        for (size_t b = 0; b < tab.chain_lengths.size(); ++b)
            cw = std::max({cw, n2s(b).size() + 1, n2s(tab.chain_lengths[b]).size() + 1});
        std::string l1 = "    bucket", l2 = "    chain ";
        for (size_t b = 0; b < tab.chain_lengths.size(); ++b) {
            if (l1.size() + cw > width) break;
            l1 += rpad(n2s(b), cw);
            l2 += rpad(n2s(tab.chain_lengths[b]), cw);
        }
        if (tab.more_buckets != 0) l1 += "  ... " + n2s(tab.more_buckets) + " more buckets";
        out += l1 + "\n" + l2 + "\n";
        std::string hist = "    chains of length";
        for (size_t len = 0; len < tab.histogram.size(); ++len)
            if (tab.histogram[len] != 0) hist += "  " + n2s(len) + ": " + n2s(tab.histogram[len]);
        out += fit(hist + " (buckets)", width);
        for (const auto& c : tab.chains) {
            std::string line = "    [" + n2s(c.bucket) + "] ";
            for (size_t i = 0; i < c.keys.size(); ++i) line += (i == 0 ? "" : " -> ") + quote(c.keys[i]);
            if (c.length > c.keys.size()) line += " -> ... " + n2s(c.length - c.keys.size()) + " more";
            out += fit(line + " -> NULL", width);
        }
    }
    return out;
}

// ---- Skiplist --------------------------------------------------------------------------

std::string drawSkiplist(const inspect::SkiplistSnap& s, size_t width) {
    std::string out = "skiplist: " + n2s(s.length) + " nodes, level " + std::to_string(s.level);
    if (s.length != 0) out += ", tail " + quote(s.tail_member) + " (" + formatDouble(s.tail_score) + ")";
    out += "\n";
    constexpr size_t kPrefix = 6;  // "  L0  "
    constexpr size_t kGap = 4;     // " -> "
    constexpr size_t kLabel = 8;
    // Columns: H, then as many nodes as fit before the end marker.
    std::vector<std::string> labels;
    std::vector<size_t> x;
    size_t end = kPrefix + 1;  // just after "H"
    for (const auto& n : s.nodes) {
        std::string l = label(n.member, kLabel);
        if (end + kGap + l.size() + kGap + 4 > width) break;
        x.push_back(end + kGap);
        end = x.back() + l.size();
        labels.push_back(std::move(l));
    }
    const size_t drawn = labels.size();
    const bool all = drawn == s.length;
    const std::string marker = all ? "NULL" : "...";
    const size_t xm = end + kGap;
    auto link = [&](std::string& row, size_t from_end, const Skiplist::LinkView& l) {
        const size_t to = (l.to_rank == 0 || l.to_rank > drawn) ? xm : x[l.to_rank - 1];
        for (size_t c = from_end + 1; c + 2 < to; ++c) row[c] = '-';
        row[to - 2] = '>';
        const std::string sp = "(" + std::to_string(l.span) + ")";
        const size_t run = to - 2 - (from_end + 1);  // dashes
        if (l.span != 1 && run >= sp.size() + 2) row.replace(from_end + 1 + (run - sp.size()) / 2, sp.size(), sp);
    };
    for (int i = s.level - 1; i >= 0; --i) {
        std::string row(xm + marker.size(), ' ');
        const std::string name = "L" + std::to_string(i);
        row.replace(2, name.size(), name);
        row[kPrefix] = 'H';
        link(row, kPrefix + 1, s.header[static_cast<size_t>(i)]);
        for (size_t j = 0; j < drawn; ++j) {
            const auto& n = s.nodes[j];
            if (n.level <= i) continue;
            row.replace(x[j], labels[j].size(), labels[j]);
            link(row, x[j] + labels[j].size(), n.links[static_cast<size_t>(i)]);
        }
        row.replace(xm, marker.size(), marker);
        while (!row.empty() && row.back() == ' ') row.pop_back();
        out += row + "\n";
    }
    if (s.length == 0) return out;
    out += "  (a link with no number has span 1; the spans followed to a node add up to its rank)\n";
    out += "  rank  height  score                 member\n";
    for (size_t j = 0; j < drawn; ++j) {
        const auto& n = s.nodes[j];
        out += fit(rpad(n2s(n.rank), 6) + rpad(std::to_string(n.level), 8) + "  " + pad(formatDouble(n.score), 22) +
                       quote(n.member),
                   width);
    }
    out += moreLine(s.length - drawn, "nodes");
    return out;
}

// ---- HyperLogLog -----------------------------------------------------------------------

std::string hexBytes(std::string_view raw) { return hex(raw, raw.size()); }

// A bar for a count, on a log scale so that 1 and 16384 both show.
std::string logBar(size_t count, size_t max_count, size_t width) {
    if (count == 0) return "";
    const double f = std::log2(1.0 + static_cast<double>(count)) / std::log2(1.0 + static_cast<double>(max_count));
    return std::string(std::max<size_t>(1, static_cast<size_t>(f * static_cast<double>(width) + 0.5)), '#');
}

// One character per heat-map cell: '.' for 0, 1-9, then a = 10, b = 11, ... z = 35, '#' above.
char heatChar(uint8_t v) {
    if (v == 0) return '.';
    if (v < 10) return static_cast<char>('0' + v);
    if (v < 36) return static_cast<char>('a' + (v - 10));
    return '#';
}

std::string drawHll(const inspect::HllSnap& h, size_t width) {
    std::string out = "HyperLogLog: " + std::string(h.sparse ? "sparse" : "dense") + ", " + n2s(h.bytes) +
                      " bytes, hll-sparse-max-bytes " + std::to_string(h.sparse_max_bytes) + "\n";
    if (h.header.size() == 16) {
        auto row = [&](const char* where, size_t from, size_t n, const std::string& what) {
            out += "  " + pad(where, 12) + pad(hexBytes(h.header.substr(from, n)), 25) + what + "\n";
        };
        row("bytes 0-3", 0, 4, "magic \"HYLL\"");
        row("byte 4", 4, 1,
            std::string("encoding: ") + (h.encoding_byte == 0   ? "dense"
                                         : h.encoding_byte == 1 ? "sparse"
                                                                : "unknown"));
        row("bytes 5-7", 5, 3, "unused");
        row("bytes 8-15", 8, 8,
            "cached cardinality: " + (h.cache_valid ? std::to_string(h.cached) + " (valid, little endian)"
                                                    : std::string("stale (bit 7 of byte 15 set)")));
    }
    if (!h.valid) {
        out += wrapIndented("CORRUPT: " + h.problem, width, 2);
        if (!h.ops.empty()) out += "  opcodes as far as they go:\n";
    } else {
        out += "  estimate " + std::to_string(h.estimate) +
               " (what PFCOUNT answers; computed here, the cache is untouched)\n";
        size_t top = 0;
        for (int c : h.histogram) top = std::max(top, static_cast<size_t>(c));
        out += "register histogram (value: registers holding it; bars on a log scale):\n";
        for (size_t v = 0; v < h.histogram.size(); ++v) {
            if (h.histogram[v] == 0) continue;
            out += fit(rpad(n2s(v), 5) + " |" + rpad(n2s(static_cast<size_t>(h.histogram[v])), 6) + " " +
                           logBar(static_cast<size_t>(h.histogram[v]), top, 50),
                       width);
        }
    }
    if (h.sparse && !h.ops.empty()) {
        if (h.valid) out += "sparse opcodes (" + n2s(h.op_count) + "):\n";
        out += "  offset  bytes  opcode  registers      meaning\n";
        for (const auto& op : h.ops) {
            const std::string regs = op.len == 1
                                         ? std::to_string(op.first)
                                         : std::to_string(op.first) + ".." + std::to_string(op.first + op.len - 1);
            std::string what;
            if (op.kind == 'v')
                what = std::to_string(op.len) + (op.len == 1 ? " register" : " registers") + " = " +
                       std::to_string(op.value);
            else
                what = std::to_string(op.len) + (op.len == 1 ? " register" : " registers") + " = 0";
            const char* name = op.kind == 'z' ? "ZERO" : op.kind == 'Z' ? "XZERO" : "VAL";
            out += fit(rpad(n2s(op.offset), 8) + rpad(n2s(op.size), 7) + "  " + pad(name, 8) + pad(regs, 15) + what,
                       width);
        }
        out += moreLine(h.more, "opcodes");
    }
    if (h.valid && !h.sparse && !h.heat_max.empty()) {
        const size_t per = 16384 / (h.heat_rows * h.heat_cols);
        out += "registers, " + n2s(per) + " per character (the largest; . = 0, 1-9, a = 10, b = 11, ...):\n";
        for (size_t r = 0; r < h.heat_rows; ++r) {
            std::string line = rpad(n2s(r * h.heat_cols * per), 7) + "  ";
            for (size_t c = 0; c < h.heat_cols; ++c) line += heatChar(h.heat_max[r * h.heat_cols + c]);
            out += fit(line, width);
        }
    }
    return out;
}

// ---- Bits -------------------------------------------------------------------------------

std::string bitsOfByte(unsigned char c) {
    std::string r(8, '0');
    for (int i = 0; i < 8; ++i)
        if (c & (0x80 >> i)) r[static_cast<size_t>(i)] = '1';
    return r;
}

// ---- Geo ---------------------------------------------------------------------------------

std::string fixed(double v, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

std::string geopos(double v) { return formatLongDoubleHuman(static_cast<long double>(v)).value_or("?"); }

std::string drawGeo(const inspect::GeoSnap& g, size_t width) {
    std::string out = "geo: members in score (= geohash) order; position = the centre of the 52-bit cell (GEOPOS)\n";
    out += "  member        score             longitude             latitude              GEOHASH\n";
    for (const auto& m : g.members)
        out += fit("  " + pad(label(m.member, 12), 14) + pad(std::to_string(static_cast<uint64_t>(m.score)), 18) +
                       pad(geopos(m.lon), 22) + pad(geopos(m.lat), 22) + m.geohash,
                   width);
    out += moreLine(g.more, "members");
    out += wrapIndented(
        "a 52-bit cell is 360/2^26 deg of longitude x 170.1/2^26 deg of latitude (about 0.6 m x 0.3 m at the "
        "equator); the snapshot holds each member's cell bounds",
        width, 2);
    return out;
}

}  // namespace

std::string renderBits(const inspect::BitsSnap& b, size_t width) {
    std::string out =
        "bits: " + n2s(b.bytes) + " bytes = " + n2s(b.bytes * 8) + " bits, " + n2s(b.popcount) + " set (BITCOUNT)";
    out += b.first_set < 0 ? ", no 1 bit (BITPOS 1: -1)"
                           : ", first 1 at bit " + std::to_string(b.first_set) + " (BITPOS 1)";
    if (b.first_clear >= 0)
        out += ", first 0 at bit " + std::to_string(b.first_clear) + " (BITPOS 0)" +
               (b.first_clear == static_cast<long long>(b.bytes * 8) ? ", just past the end" : "");
    out = wrap(out, width);
    if (b.window.empty()) return out;
    constexpr size_t kCol = 10;
    std::string l_byte = "  byte     ", l_hex = "  hex      ", l_bits = "  bits     ", l_no = "  bit      ",
                l_mark = "           ";
    bool marked = false;
    for (size_t i = 0; i < b.window.size(); ++i) {
        const size_t byte = b.window_first_byte + i;
        const auto c = static_cast<unsigned char>(b.window[i]);
        char hx[4];
        std::snprintf(hx, sizeof hx, "%02x", c);
        l_byte += pad(n2s(byte), kCol);
        l_hex += pad(hx, kCol);
        l_bits += pad(bitsOfByte(c), kCol);
        l_no += pad(n2s(byte * 8), kCol);
        std::string mark(kCol, ' ');
        if (b.focus && *b.focus / 8 == byte) {
            mark[*b.focus % 8] = '^';
            marked = true;
        }
        l_mark += mark;
    }
    const size_t after = b.bytes - b.window_first_byte - b.window.size();
    if (b.window_first_byte) l_byte += " (" + n2s(b.window_first_byte) + " bytes before)";
    if (after) l_byte += " (" + n2s(after) + " more bytes)";
    out += fit(l_byte, width) + fit(l_hex, width) + fit(l_bits, width);
    if (marked) out += fit(l_mark, width);
    out += fit(l_no, width);
    out +=
        "  bit n is bit 7 - n%8 (counting from the right, 0 = least significant) of byte n/8: bit 0 is the\n"
        "  first byte's most significant bit, as SETBIT, GETBIT, BITCOUNT and BITPOS number them\n";
    if (b.focus) {
        const uint64_t n = *b.focus, byte = n / 8, pos = n % 8;
        char mask[8];
        std::snprintf(mask, sizeof mask, "0x%02x", 0x80u >> pos);
        std::string t = "bit " + std::to_string(n) + ": byte " + std::to_string(n) + "/8 = " + std::to_string(byte) +
                        ", bit 7 - " + std::to_string(n) + "%8 = " + std::to_string(7 - pos) +
                        " from the right (mask " + mask + ").";
        if (byte < b.bytes) {
            const size_t i = static_cast<size_t>(byte) - b.window_first_byte;
            const int v = (static_cast<unsigned char>(b.window[i]) >> (7 - pos)) & 1;
            t += " GETBIT answers " + std::to_string(v) + ".";
        } else {
            t += " It is past the end of the string (" +
                 (b.bytes ? "bits 0.." + std::to_string(b.bytes * 8 - 1) : std::string("no bits")) +
                 "): GETBIT answers 0, and SETBIT with it grows the string to " + std::to_string(byte + 1) +
                 " bytes, filled with zeros.";
        }
        out += wrapIndented(t, width, 2);
    }
    return out;
}

std::string renderGeoSearch(const inspect::GeoSearchSnap& g, size_t width) {
    auto deg = [](double v) { return fixed(v, 6); };
    std::string out = "GEOSEARCH FROMLONLAT " + formatDouble(g.lon) + " " + formatDouble(g.lat) + " " +
                      (g.box ? "BYBOX " + formatDouble(g.width) + " " + formatDouble(g.height)
                             : "BYRADIUS " + formatDouble(g.radius)) +
                      " " + g.unit + "\n";
    out += fit("  bounding box: longitude " + deg(g.bounds[0]) + " .. " + deg(g.bounds[2]) + ", latitude " +
                   deg(g.bounds[1]) + " .. " + deg(g.bounds[3]),
               width);
    std::string step = "  step: estimateStepsByRadius(" + fixed(g.radius_meters, 2) + " m" +
                       (g.box ? ", the box's half diagonal" : "") + ") = " + std::to_string(g.estimated_step);
    if (g.step < g.estimated_step)
        step +=
            "; the centre is so near its cell's edge that a neighbour would end before the search area, so "
            "one step coarser: " +
            std::to_string(g.step);
    step += ". Cells of step " + std::to_string(g.step) + " are 2^" + std::to_string(g.step) + " x 2^" +
            std::to_string(g.step) + " per world: " + fixed(360.0 / std::ldexp(1.0, g.step), 6) + " deg x " +
            fixed((85.05112878 * 2) / std::ldexp(1.0, g.step), 6) + " deg.";
    out += wrapIndented(step.substr(2), width, 2);
    out += "  the 9 cells in scanning order (scores [min, max) = the cell's bits << " +
           std::to_string(52 - 2 * g.step) + "):\n";
    for (const auto& c : g.cells) {
        std::string head = "  " + pad(c.name, 11);
        if (c.skip == "unreachable") {
            out += head + "skipped: the search area does not reach it\n";
            continue;
        }
        char bits[32];
        std::snprintf(bits, sizeof bits, "0x%llx", static_cast<unsigned long long>(c.bits));
        if (c.skip == "duplicate") {
            out += fit(head + pad(bits, 12) + "skipped: the same cell as the one scanned just before", width);
            continue;
        }
        out += fit(head + pad(bits, 12) + std::to_string(c.min) + " .. " + std::to_string(c.max) + "  lon " +
                       fixed(c.area[0], 3) + ".." + fixed(c.area[2], 3) + " lat " + fixed(c.area[1], 3) + ".." +
                       fixed(c.area[3], 3),
                   width);
        if (c.candidates.empty()) {
            out += "               no member\n";
            continue;
        }
        for (const auto& m : c.candidates)
            out += fit("               " + pad(label(m.member, 16), 18) + rpad(fixed(m.dist / 1000, 3) + " km", 14) +
                           (m.inside ? "  inside" : "  outside: dropped by the distance test"),
                       width);
        out += moreLine(c.more, "members in this cell");
    }
    out += "  " + n2s(g.matches) + " matches; then ASC/DESC sorts them by distance and COUNT keeps the first\n";
    return out;
}

// ---- Streams ---------------------------------------------------------------------------

std::string idDelta(StreamID id, StreamID master) {
    // What the listpack stores for the entry's id: the difference from the master id.
    const long long dms = static_cast<long long>(id.ms - master.ms);
    const long long dseq = static_cast<long long>(id.seq - master.seq);
    return "+" + std::to_string(dms) + "," + (dseq < 0 ? std::to_string(dseq) : "+" + std::to_string(dseq));
}

std::string ago(int64_t now_ms, int64_t then_ms) {
    if (now_ms == 0) return "at " + std::to_string(then_ms) + " ms";
    return std::to_string(std::max<int64_t>(0, now_ms - then_ms)) + " ms ago";
}

std::string drawStream(const inspect::StreamSnap& st, size_t width) {
    std::string out =
        fit("stream: " + n2s(st.length) + " entries in " + n2s(st.node_count) +
                " listpack nodes; radix tree: " + n2s(st.node_count) + " keys, " + n2s(st.rax_nodes) + " nodes",
            width);
    out += fit("  last id " + st.last_id.str() + ", first id " + st.first_id.str() + ", max deleted id " +
                   st.max_deleted.str() + ", " + std::to_string(st.entries_added) + " entries ever added",
               width);
    for (const auto& n : st.nodes) {
        std::string fields;
        for (const auto& f : n.master_fields) fields += " " + quote(f);
        out += fit("node " + n.master.str() + ": " + n2s(n.bytes) + " bytes, " + std::to_string(n.live) + " live, " +
                       std::to_string(n.deleted) + " deleted; master fields" + fields,
                   width);
        for (const auto& e : n.entries) {
            std::string line = "  " + pad(e.id.str(), 22) + pad(idDelta(e.id, n.master), 12) + "@" +
                               pad(n2s(e.offset), 6) + pad(n2s(e.elements) + " el", 7);
            if (e.deleted) {
                line += "DELETED (still in the node)";
            } else {
                line += e.same_fields ? "SAMEFIELDS " : "";
                for (size_t i = 0; i + 1 < e.fields.size(); i += 2)
                    line += quote(e.fields[i]) + "=" + quote(e.fields[i + 1]) + " ";
            }
            out += fit(line, width);
        }
        out += moreLine(n.more, "entries in this node");
    }
    if (st.more_nodes) out += "... " + n2s(st.more_nodes) + " more nodes\n";
    out += "  columns: id, id stored as +ms,+seq from the node's master, offset of its flags element, listpack\n";
    out += "  elements it takes, its fields (SAMEFIELDS: only the values are stored)\n";
    if (st.groups.empty() && st.more_groups == 0) return out + "no consumer groups\n";
    out += "consumer groups (" + n2s(st.groups.size() + st.more_groups) + "):\n";
    for (const auto& g : st.groups) {
        out += fit("  " + quote(g.name) + ": last delivered id " + g.last_id.str() + ", entries read " +
                       (g.entries_read < 0 ? std::string("unknown") : std::to_string(g.entries_read)) + ", lag " +
                       (g.lag ? std::to_string(*g.lag) : std::string("unknown")) + ", " + n2s(g.pel_size) + " pending",
                   width);
        for (const auto& c : g.consumers)
            out += fit("    consumer " + quote(c.name) + ": " + n2s(c.pending) + " pending, seen " +
                           ago(st.now_ms, c.seen_time),
                       width);
        out += moreLine(g.more_consumers, "consumers");
        for (const auto& p : g.pel)
            out += fit("    PEL " + pad(p.id.str(), 22) + "owner " + pad(quote(p.consumer), 12) + "delivered " +
                           std::to_string(p.deliveries) + "x, last " + ago(st.now_ms, p.delivery_time),
                       width);
        if (g.pel_size > g.pel.size()) out += "    ... " + n2s(g.pel_size - g.pel.size()) + " more pending entries\n";
    }
    out += moreLine(st.more_groups, "groups");
    return out;
}

std::string renderExplain(const inspect::ValueSnapshot& s, size_t width) {
    std::string out = "type " + std::string(typeName(s.type)) + ", encoding " + std::string(encodingName(s.encoding)) +
                      ", " + n2s(s.length) + " " + lengthNoun(s.type) + "\n";
    if (!s.thresholds.empty()) {
        std::string t = "config:";
        for (size_t i = 0; i < s.thresholds.size(); ++i)
            t += (i == 0 ? " " : ", ") + s.thresholds[i].name + " " + std::to_string(s.thresholds[i].value);
        out += fit(t, width);
    }
    out += "\n" + wrap(s.reason, width) + "\n";
    if (s.string) out += drawString(s, width);
    if (s.listpack) out += drawListpack(*s.listpack, width, "listpack");
    if (s.quicklist) out += drawQuicklist(*s.quicklist, width);
    if (s.intset) out += drawIntset(*s.intset, width);
    if (s.skiplist) out += drawSkiplist(*s.skiplist, width) + "\n";
    if (s.dict) out += drawDict(*s.dict, width, s.skiplist ? "dict (member -> score)" : "dict");
    if (s.hll) out += "\n" + drawHll(*s.hll, width);
    if (s.bits) out += "\n" + renderBits(*s.bits, width);
    if (s.geo) out += "\n" + drawGeo(*s.geo, width);
    if (s.stream) out += drawStream(*s.stream, width);
    return out;
}

std::string renderPath(const Skiplist::Path& p, const std::string& what, size_t width) {
    constexpr size_t kMaxSteps = 40;
    std::string out = fit("search path to " + what + ":", width);
    std::string sum;
    size_t shown = 0;
    for (size_t i = 0; i < p.steps.size(); ++i) {
        const auto& st = p.steps[i];
        if (st.span != 0) sum += (sum.empty() ? "" : " + ") + std::to_string(st.span);
        if (shown == kMaxSteps) continue;  // keep summing, stop printing
        ++shown;
        std::string line;
        if (i == 0) {
            line = "  start on the header H (rank 0) at L" + std::to_string(st.level);
        } else if (st.span == 0) {
            line = "  drop to L" + std::to_string(st.level) + " on rank " + n2s(st.rank);
        } else {
            line = pad("  L" + std::to_string(st.level) + "  rank " + n2s(p.steps[i - 1].rank) + " -(" +
                           std::to_string(st.span) + ")-> rank " + n2s(st.rank),
                       34) +
                   pad("score " + formatDouble(st.score), 20) + quote(st.member);
        }
        out += fit(line, width);
    }
    if (p.steps.size() > shown) out += "  ... " + n2s(p.steps.size() - shown) + " more steps\n";
    const unsigned long last = p.steps.empty() ? 0 : p.steps.back().rank;
    out += fit("  spans followed: " + (sum.empty() ? std::string("none") : sum) + " = " + std::to_string(last), width);
    out += p.found == 0 ? "  not found\n" : "  found rank " + std::to_string(p.found) + "\n";
    return out;
}

bool isViewOption(std::string_view w) {
    return equalsIgnoreCase(w, "bits") || equalsIgnoreCase(w, "bit") || equalsIgnoreCase(w, "geo");
}

std::string explainView(Engine& engine, int db, std::span<const std::string> argv, size_t width) {
    const std::string& key = argv[1];
    auto noKey = [&] { return "no such key '" + key + "' in db " + std::to_string(db) + "\n"; };
    if (!equalsIgnoreCase(argv[2], "geo")) {
        // BITS [n] | BIT n
        const bool bit = equalsIgnoreCase(argv[2], "bit");
        if (argv.size() > 4 || (bit && argv.size() != 4))
            return "usage: :explain KEY BITS (the first bytes as bits) | BIT n (the bits around bit n)\n";
        std::optional<uint64_t> around;
        if (argv.size() == 4) {
            const auto n = parseInt64(argv[3]);
            // SETBIT's limit: offsets address a string of at most 512 MB.
            if (!n || *n < 0 || *n >= 4294967296LL) return "BIT takes a bit offset from 0 to 4294967295\n";
            around = static_cast<uint64_t>(*n);
        }
        if (!inspect::inspectValue(engine, db, key)) return noKey();
        const auto b = inspect::bitsOf(engine, db, key, around);
        if (!b) return "bits are drawn for strings; '" + key + "' is not a string\n";
        return renderBits(*b, width);
    }
    constexpr const char* kGeoUsage =
        "usage: :explain KEY GEO lon lat radius unit | GEO lon lat width height unit (unit: m, km, ft, mi)\n";
    if (argv.size() != 7 && argv.size() != 8) return kGeoUsage;
    inspect::GeoQuery q;
    q.box = argv.size() == 8;
    std::vector<double> v;
    for (size_t i = 3; i + 1 < argv.size(); ++i) {
        const auto d = parseDouble(argv[i]);
        if (!d || std::isnan(*d)) return kGeoUsage;
        v.push_back(*d);
    }
    q.lon = v[0];
    q.lat = v[1];
    if (q.lon < -180 || q.lon > 180 || q.lat < -85.05112878 || q.lat > 85.05112878)
        return "the centre must be within GEOADD's limits: longitude -180..180, latitude -85.05112878..85.05112878\n";
    if (q.box) {
        q.width = v[2];
        q.height = v[3];
    } else {
        q.radius = v[2];
    }
    if (v[2] < 0 || (q.box && v[3] < 0) || !std::isfinite(v[2]) || (q.box && !std::isfinite(v[3])))
        return "the radius, width and height must be finite and not negative\n";
    const std::string& unit = argv.back();
    if (equalsIgnoreCase(unit, "m"))
        q.to_meters = 1;
    else if (equalsIgnoreCase(unit, "km"))
        q.to_meters = 1000;
    else if (equalsIgnoreCase(unit, "ft"))
        q.to_meters = 0.3048;
    else if (equalsIgnoreCase(unit, "mi"))
        q.to_meters = 1609.34;
    else
        return kGeoUsage;
    q.unit = unit;
    if (!inspect::inspectValue(engine, db, key)) return noKey();
    const auto g = inspect::geoSearchOf(engine, db, key, q);
    if (!g) return "geo searches run on sorted sets; '" + key + "' is not one\n";
    return renderGeoSearch(*g, width);
}

}  // namespace redsim::repl
