// :explain's ASCII drawings (see explain.h). Plain ASCII only, so that column
// arithmetic is byte arithmetic: bytes outside printable ASCII are shown as \xHH.
#include "repl/explain.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "engine/util/numbers.h"

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

}  // namespace

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

}  // namespace redsim::repl
