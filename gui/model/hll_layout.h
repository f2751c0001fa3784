// View-model of the HyperLogLog view (gui/views/hll.cpp): the 16-byte header as
// labelled fields, the folded register heat map, the register histogram, the strip of
// sparse opcodes, the texts about the estimate's error and the sparse -> dense
// promotion, and the deterministic element names the view's PFADD buttons add. No ImGui.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/inspect/value.h"

namespace redsim::gui {

// One field of the 16-byte header ("HYLL", encoding, 3 unused bytes, cached count).
struct HllHeaderField {
    std::string name;     // "magic", "encoding", "unused", "cardinality"
    size_t offset = 0;    // first byte
    size_t size = 0;      // bytes
    std::string hex;      // the stored bytes, "48 59 4C 4C"
    std::string meaning;  // "\"HYLL\"", "1 = sparse", "cached 1003 (valid)"
};
// The header's fields; fewer bytes than 16 give the fields that are there.
std::vector<HllHeaderField> hllHeaderFields(const inspect::HllSnap& h);

// The heat map: HllSnap's heat_rows x heat_cols cells (each 16384 / 1024 = 16
// consecutive registers), row-major. `t` in [0, 1] is the cell's largest register on a
// scale whose top is the largest register of the whole HLL (so the picture uses the
// full colour range whatever the count); empty cells (all zero) are t = 0 and `empty`.
struct HllHeatCell {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // in the map's rectangle, from its top-left
    double t = 0;
    int max = 0;
    double mean = 0;
    bool empty = true;
    long first_register = 0;  // registers [first, first + per_cell)
};
struct HllHeatMap {
    size_t rows = 0, cols = 0;
    long per_cell = 0;
    int top = 0;                   // the largest register value
    float cell_w = 0, cell_h = 0;  // pitch (cell plus gap)
    std::vector<HllHeatCell> cells;
};
// Cells laid out in a w x h rectangle with `gap` pixels between them. Empty when the
// snapshot has no heat map (invalid HLL).
HllHeatMap hllHeatMap(const inspect::HllSnap& h, float w, float h_px, float gap = 1.0f);
// The cell under a point of the rectangle, or -1.
int hllHeatCellAt(const HllHeatMap& m, float x, float y);

// The register-value histogram for PlotHistogram: values[v] = registers holding v, for
// v = 0 .. last value held (at least 8 bars), plus the largest bar for the scale.
struct HllHistogram {
    std::vector<float> values;
    float top = 0;
    int zeros = 0;  // registers still 0
};
HllHistogram hllHistogram(const inspect::HllSnap& h);

// The sparse opcodes as a horizontal strip: each opcode a segment whose width grows with
// the registers it covers, but never below `min_w` so one-register VAL runs stay
// visible. Segments fill [0, width] exactly (when min_w * n <= width).
struct HllOpSegment {
    float x0 = 0, x1 = 0;
    char kind = 'z';  // 'z' ZERO, 'Z' XZERO, 'v' VAL
    long first = 0;
    int len = 0, value = 0;
    size_t bytes = 0;       // 1 for ZERO / VAL, 2 for XZERO
    std::string label;      // "ZERO:12", "XZERO:3000", "VAL:3x2"
    std::string kind_name;  // "ZERO", "XZERO", "VAL"
    std::string detail;     // "12 regs" / "value 3 x2"
};
// The first `max_ops` opcodes only (0: all the snapshot holds); they fill the width.
std::vector<HllOpSegment> hllOpStrip(const inspect::HllSnap& h, float width, float min_w = 6.0f, size_t max_ops = 0);

// "1.04 / sqrt(16384) = 0.81%".
std::string hllStandardErrorText();
// The band one standard error wide around the estimate: "992 .. 1008".
std::string hllErrorBandText(uint64_t estimate);
// Why the encoding is what it is, with the promotion rule: how full the sparse form is
// relative to hll-sparse-max-bytes, or why it is dense now.
std::string hllPromotionText(const inspect::HllSnap& h);
// How full a sparse HLL is on its way to promotion, in [0, 1] (1 for dense).
double hllSparseFill(const inspect::HllSnap& h);

// Element names for the PFADD buttons: "e:1", "e:2", ... from a counter the view keeps,
// so every run of the same clicks adds the same elements.
class HllFeeder {
public:
    // PFADD key e:<next> ... e:<next + n - 1>, and moves the counter past them.
    std::vector<std::string> pfadd(const std::string& key, int n);
    uint64_t next() const { return next_; }

private:
    uint64_t next_ = 1;
};

}  // namespace redsim::gui
