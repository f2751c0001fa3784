#include <doctest/doctest.h>

#include <algorithm>

#include "gui/model/hll_layout.h"
#include "gui/model/state.h"

using namespace redsim;
using namespace redsim::gui;

namespace {
inspect::HllSnap hllOfKey(GuiState& s, const char* key) {
    const auto v = inspect::inspectValue(s.engine(), 0, key, inspect::Limits{.hll_ops = 512});
    REQUIRE(v);
    REQUIRE(v->hll);
    return *v->hll;
}
}  // namespace

TEST_SUITE("gui.hll") {
    TEST_CASE("gui.hll.feeder.deterministic") {
        HllFeeder f;
        auto a = f.pfadd("h", 3);
        CHECK(a == std::vector<std::string>{"PFADD", "h", "e:1", "e:2", "e:3"});
        auto b = f.pfadd("h", 2);
        CHECK(b == std::vector<std::string>{"PFADD", "h", "e:4", "e:5"});
        CHECK(f.next() == 6);
        CHECK(f.pfadd("h", 0).size() == 2);
    }

    TEST_CASE("gui.hll.header.fields") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        s.runLine(0, "PFADD h a b c");
        auto h = hllOfKey(s, "h");
        auto f = hllHeaderFields(h);
        REQUIRE(f.size() == 4);
        CHECK(f[0].name == "magic");
        CHECK(f[0].hex == "48 59 4C 4C");
        CHECK(f[1].offset == 4);
        CHECK(f[1].meaning == "1 = sparse");
        CHECK(f[3].offset == 8);
        CHECK(f[3].size == 8);
        CHECK(f[3].meaning.find("stale") != std::string::npos);  // PFADD invalidated the cache
        s.runLine(0, "PFCOUNT h");
        h = hllOfKey(s, "h");
        f = hllHeaderFields(h);
        CHECK(f[3].meaning == "cached 3 (valid)");
    }

    TEST_CASE("gui.hll.heatmap.layout") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        s.runLine(0, "PFADD h a");
        const auto h = hllOfKey(s, "h");
        const auto m = hllHeatMap(h, 640, 160, 1);
        REQUIRE(m.cells.size() == 1024);
        CHECK(m.rows == 16);
        CHECK(m.cols == 64);
        CHECK(m.per_cell == 16);
        CHECK(m.cells[0].x0 == 0);
        CHECK(m.cells[65].x0 == doctest::Approx(10));
        CHECK(m.cells[65].y0 == doctest::Approx(10));
        CHECK(m.cells[65].first_register == 65 * 16);
        // One element sets one register: one cell is hot (t = 1), the rest are empty.
        int hot = 0;
        for (const auto& c : m.cells)
            if (!c.empty) {
                ++hot;
                CHECK(c.t == doctest::Approx(1.0));
            }
        CHECK(hot == 1);
        CHECK(hllHeatCellAt(m, 15, 15) == 65);
        CHECK(hllHeatCellAt(m, 700, 15) == -1);
        CHECK(hllHeatCellAt(m, -1, 0) == -1);
    }

    TEST_CASE("gui.hll.histogram.and.strip") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        HllFeeder f;
        s.runCommand(f.pfadd("h", 100));
        const auto h = hllOfKey(s, "h");
        const auto hist = hllHistogram(h);
        REQUIRE(hist.values.size() >= 8);
        float total = 0;
        for (float v : hist.values) total += v;
        CHECK(total == 16384);
        CHECK(hist.zeros > 16000);
        CHECK(hist.top == static_cast<float>(hist.zeros));
        const auto strip = hllOpStrip(h, 600, 4);
        REQUIRE(strip.size() == h.ops.size());
        CHECK(strip.front().x0 == 0);
        CHECK(strip.back().x1 == 600);
        long regs = 0;
        // Never below min_w, unless that many opcodes cannot fit at min_w.
        const float min_w = std::min(4.0f, 600.0f / static_cast<float>(strip.size()));
        for (size_t i = 0; i < strip.size(); ++i) {
            CHECK(strip[i].x1 - strip[i].x0 >= doctest::Approx(min_w).epsilon(0.01));
            if (i) CHECK(strip[i].x0 == strip[i - 1].x1);
            regs += strip[i].len;
        }
        CHECK(regs == 16384);
        bool has_val = false;
        for (const auto& seg : strip) has_val |= seg.kind == 'v' && seg.label.starts_with("VAL:");
        CHECK(has_val);
        // The zoomed strip: the first 10 opcodes, equal widths when min_w fills it.
        const auto zoom = hllOpStrip(h, 500, 50, 10);
        REQUIRE(zoom.size() == 10);
        CHECK(zoom[3].x1 - zoom[3].x0 == doctest::Approx(50));
        CHECK(zoom.back().x1 == 500);
        CHECK(zoom[0].kind_name == (zoom[0].kind == 'Z' ? "XZERO" : zoom[0].kind == 'z' ? "ZERO" : "VAL"));
    }

    TEST_CASE("gui.hll.promotion.texts") {
        CHECK(hllStandardErrorText() == "1.04 / sqrt(16384) = 0.81%");
        CHECK(hllErrorBandText(1000) == "991 .. 1009");
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        HllFeeder f;
        s.runCommand(f.pfadd("h", 10));
        auto h = hllOfKey(s, "h");
        CHECK(h.sparse);
        CHECK(hllSparseFill(h) > 0);
        CHECK(hllSparseFill(h) < 1);
        CHECK(hllPromotionText(h).starts_with("sparse: "));
        // Enough elements pass hll-sparse-max-bytes (3000): promoted to dense.
        for (int i = 0; i < 5; ++i) s.runCommand(f.pfadd("h", 1000));
        h = hllOfKey(s, "h");
        CHECK_FALSE(h.sparse);
        CHECK(h.bytes == 12304);
        CHECK(hllSparseFill(h) == 1.0);
        CHECK(hllPromotionText(h).starts_with("dense: "));
        CHECK(hllOpStrip(h, 100).empty());
        CHECK(h.estimate == doctest::Approx(5010).epsilon(0.03));
    }

    TEST_CASE("gui.hll.invalid") {
        inspect::HllSnap h;
        h.valid = false;
        h.header = "HYL";
        CHECK(hllHeatMap(h, 100, 100).cells.empty());
        CHECK(hllHeaderFields(h).size() == 1);
        CHECK(hllOpStrip(h, 100).empty());
    }
}
