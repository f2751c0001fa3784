#include "gui/model/hll_layout.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace redsim::gui {

namespace {

std::string hexBytes(std::string_view s) {
    std::string out;
    char buf[4];
    for (size_t i = 0; i < s.size(); ++i) {
        std::snprintf(buf, sizeof buf, "%02X", static_cast<unsigned>(static_cast<uint8_t>(s[i])));
        if (i) out += ' ';
        out += buf;
    }
    return out;
}

}  // namespace

std::vector<HllHeaderField> hllHeaderFields(const inspect::HllSnap& h) {
    std::vector<HllHeaderField> out;
    const std::string_view hd = h.header;
    auto add = [&](std::string name, size_t off, size_t size, std::string meaning) {
        if (off >= hd.size()) return;
        const std::string_view b = hd.substr(off, size);
        out.push_back({std::move(name), off, size, hexBytes(b), std::move(meaning)});
    };
    add("magic", 0, 4, "\"" + std::string(hd.substr(0, std::min<size_t>(4, hd.size()))) + "\"");
    std::string enc = std::to_string(h.encoding_byte);
    enc += h.encoding_byte == 0 ? " = dense" : h.encoding_byte == 1 ? " = sparse" : " = unknown";
    add("encoding", 4, 1, enc);
    add("unused", 5, 3, "always 0");
    if (hd.size() >= 16)
        add("cardinality", 8, 8,
            h.cache_valid ? "cached " + std::to_string(h.cached) + " (valid)"
                          : std::string("stale: bit 7 of byte 15 set, PFCOUNT recomputes"));
    else
        add("cardinality", 8, 8, "cut short");
    return out;
}

HllHeatMap hllHeatMap(const inspect::HllSnap& h, float w, float h_px, float gap) {
    HllHeatMap m;
    const size_t n = inspect::HllSnap::heat_rows * inspect::HllSnap::heat_cols;
    if (h.heat_max.size() != n || h.heat_mean.size() != n) return m;
    m.rows = inspect::HllSnap::heat_rows;
    m.cols = inspect::HllSnap::heat_cols;
    m.per_cell = 16384 / static_cast<long>(n);
    for (uint8_t v : h.heat_max) m.top = std::max<int>(m.top, v);
    const float cw = w / static_cast<float>(m.cols), ch = h_px / static_cast<float>(m.rows);
    m.cell_w = cw;
    m.cell_h = ch;
    const float g = std::min({gap, cw * 0.25f, ch * 0.25f});
    m.cells.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        HllHeatCell c;
        const size_t r = i / m.cols, k = i % m.cols;
        c.x0 = static_cast<float>(k) * cw;
        c.y0 = static_cast<float>(r) * ch;
        c.x1 = c.x0 + cw - g;
        c.y1 = c.y0 + ch - g;
        c.max = h.heat_max[i];
        c.mean = h.heat_mean[i];
        c.empty = c.max == 0;
        c.t = m.top > 0 ? static_cast<double>(c.max) / m.top : 0.0;
        c.first_register = static_cast<long>(i) * m.per_cell;
        m.cells.push_back(c);
    }
    return m;
}

int hllHeatCellAt(const HllHeatMap& m, float x, float y) {
    if (m.cells.empty() || x < 0 || y < 0) return -1;
    const float cw = m.cell_w, ch = m.cell_h;
    if (cw <= 0 || ch <= 0) return -1;
    const auto k = static_cast<size_t>(x / cw), r = static_cast<size_t>(y / ch);
    if (k >= m.cols || r >= m.rows) return -1;
    return static_cast<int>(r * m.cols + k);
}

HllHistogram hllHistogram(const inspect::HllSnap& h) {
    HllHistogram out;
    int last = 0;
    for (int v = 0; v < 64; ++v)
        if (h.histogram[static_cast<size_t>(v)] > 0) last = v;
    last = std::max(last, 7);
    for (int v = 0; v <= last; ++v) {
        const auto n = static_cast<float>(h.histogram[static_cast<size_t>(v)]);
        out.values.push_back(n);
        out.top = std::max(out.top, n);
    }
    out.zeros = h.histogram[0];
    return out;
}

std::vector<HllOpSegment> hllOpStrip(const inspect::HllSnap& h, float width, float min_w, size_t max_ops) {
    std::vector<HllOpSegment> out;
    if (h.ops.empty() || width <= 0) return out;
    const size_t count = max_ops ? std::min(max_ops, h.ops.size()) : h.ops.size();
    const auto n = static_cast<float>(count);
    min_w = std::min(min_w, width / n);
    long covered = 0;
    for (size_t i = 0; i < count; ++i) covered += h.ops[i].len;
    const float spare = width - min_w * n;
    float x = 0;
    for (size_t i = 0; i < count; ++i) {
        const auto& op = h.ops[i];
        HllOpSegment s;
        s.kind = op.kind;
        s.first = op.first;
        s.len = op.len;
        s.value = op.value;
        s.bytes = op.size;
        const float share = covered > 0 ? spare * static_cast<float>(op.len) / static_cast<float>(covered) : 0;
        s.x0 = x;
        s.x1 = i + 1 == count ? width : x + min_w + share;
        x = s.x1;
        s.label = op.kind == 'z'   ? "ZERO:" + std::to_string(op.len)
                  : op.kind == 'Z' ? "XZERO:" + std::to_string(op.len)
                                   : "VAL:" + std::to_string(op.value) + "x" + std::to_string(op.len);
        s.kind_name = op.kind == 'z' ? "ZERO" : op.kind == 'Z' ? "XZERO" : "VAL";
        s.detail = op.kind == 'v' ? std::to_string(op.value) + " x" + std::to_string(op.len) : std::to_string(op.len);
        out.push_back(std::move(s));
    }
    return out;
}

std::string hllStandardErrorText() {
    char buf[64];
    std::snprintf(buf, sizeof buf, "1.04 / sqrt(16384) = %.2f%%", 104.0 / std::sqrt(16384.0));
    return buf;
}

std::string hllErrorBandText(uint64_t estimate) {
    const double e = static_cast<double>(estimate), d = e * 1.04 / std::sqrt(16384.0);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.0f .. %.0f", std::max(0.0, std::floor(e - d)), std::ceil(e + d));
    return buf;
}

double hllSparseFill(const inspect::HllSnap& h) {
    if (!h.sparse) return 1.0;
    if (h.sparse_max_bytes <= 0) return 1.0;
    return std::clamp(static_cast<double>(h.bytes) / static_cast<double>(h.sparse_max_bytes), 0.0, 1.0);
}

std::string hllPromotionText(const inspect::HllSnap& h) {
    const std::string limit = "hll-sparse-max-bytes = " + std::to_string(h.sparse_max_bytes);
    if (!h.valid) return "not a valid HyperLogLog: " + h.problem;
    if (h.sparse) {
        int top = 0;
        for (int v = 0; v < 64; ++v)
            if (h.histogram[static_cast<size_t>(v)] > 0) top = v;
        return "sparse: " + std::to_string(h.bytes) + " of " + limit +
               " bytes. PFADD promotes it to dense (12304 bytes) when an update would make it larger than that, "
               "or when a register needs a value above 32 (largest now: " +
               std::to_string(top) + ").";
    }
    return "dense: 16384 registers x 6 bits = 12288 bytes + 16 = 12304 bytes, whatever the count. It was "
           "promoted when the sparse form passed " +
           limit + " or a register passed 32 (or by PFMERGE / PFDEBUG TODENSE); it never goes back.";
}

std::vector<std::string> HllFeeder::pfadd(const std::string& key, int n) {
    std::vector<std::string> argv{"PFADD", key};
    argv.reserve(static_cast<size_t>(std::max(n, 0)) + 2);
    for (int i = 0; i < n; ++i) argv.push_back("e:" + std::to_string(next_++));
    return argv;
}

}  // namespace redsim::gui
