// The HyperLogLog view: a string PF* commands made, drawn as what it is — a 16-byte
// header (magic, encoding, cached cardinality) and 16384 registers, stored sparse
// (run-length opcodes) while that is small, dense (6 bits each, 12 KB) after. It shows
// the encoding and the rule that promotes it, PFCOUNT's estimate with its standard
// error next to the cached count, the registers as a heat map, their histogram (what
// the estimate is computed from) and, while sparse, the opcode runs as a strip. Buttons
// PFADD 1 / 100 / 1000 new elements, so a learner watches registers fill and the sparse
// form turn dense.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <optional>

#include "gui/draw.h"
#include "gui/model/hll_layout.h"
#include "gui/model/value_cache.h"
#include "gui/value_header.h"
#include "gui/views/views.h"

namespace redsim::gui {

namespace {

class HllView final : public View {
public:
    std::string_view name() const override { return "hll"; }
    std::string_view title() const override { return "HyperLogLog"; }
    bool keyed() const override { return true; }
    int fit(const inspect::ValueSnapshot& v) const override { return v.hll && v.hll->valid ? 100 : 0; }
    void drawContent(Frame& f) override;

private:
    void drawSummary(Frame& f, const inspect::ValueSnapshot& v, const inspect::HllSnap& h);
    void drawHeader(Frame& f, const inspect::HllSnap& h);
    void drawHeatMap(Frame& f, const inspect::HllSnap& h);
    void drawHistogram(Frame& f, const inspect::HllSnap& h, float width);
    void drawOps(Frame& f, const inspect::HllSnap& h, float width);

    HllFeeder feeder_;
    // Every opcode of a sparse HLL (at most hll-sparse-max-bytes of them); cheap.
    ValueCache cache_{inspect::Limits{.hll_ops = 4096}};
};

void HllView::drawSummary(Frame& f, const inspect::ValueSnapshot& v, const inspect::HllSnap& h) {
    const Theme& t = f.theme;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (!ImGui::BeginTable("##hllsummary", 2, ImGuiTableFlags_SizingStretchSame)) return;
    ImGui::TableNextColumn();
    // Encoding, with how far the sparse form is on its way to promotion.
    badge(h.sparse ? "SPARSE" : "DENSE", h.sparse ? t.ok : t.warning, t.background);
    ImGui::SameLine();
    ImGui::Text("%s bytes", std::to_string(h.bytes).c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("(encoding byte %u)", static_cast<unsigned>(h.encoding_byte));
    {
        const double fill = hllSparseFill(h);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float w = ImGui::GetContentRegionAvail().x - 8 * f.scale, bh = 14 * f.scale;
        dl->AddRectFilled(p, ImVec2(p.x + w, p.y + bh), col(t.node), 3);
        dl->AddRectFilled(p, ImVec2(p.x + w * static_cast<float>(fill), p.y + bh),
                          col(mix(t.node, h.sparse ? mix(t.ok, t.warning, fill) : t.warning, 0.55)), 3);
        dl->AddRect(p, ImVec2(p.x + w, p.y + bh), col(t.node_border), 3);
        char buf[96];
        if (h.sparse)
            std::snprintf(buf, sizeof buf, "%zu / %lld bytes (hll-sparse-max-bytes)", h.bytes, h.sparse_max_bytes);
        else
            std::snprintf(buf, sizeof buf, "dense: 12304 bytes");
        dl->AddText(ImVec2(p.x + 6 * f.scale, p.y + (bh - ImGui::GetTextLineHeight()) / 2), col(t.text), buf);
        ImGui::Dummy(ImVec2(w, bh));
    }
    ImGui::PushStyleColor(ImGuiCol_Text, vec(t.muted));
    ImGui::TextWrapped("%s", hllPromotionText(h).c_str());
    ImGui::PopStyleColor();

    ImGui::TableNextColumn();
    ImGui::TextDisabled("estimate (PFCOUNT)");
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, vec(t.highlight));
    ImGui::Text("%llu", static_cast<unsigned long long>(h.estimate));
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::TextDisabled("+/- 0.81%%: %s", hllErrorBandText(h.estimate).c_str());
    ImGui::TextDisabled("standard error");
    ImGui::SameLine();
    ImGui::TextUnformatted(hllStandardErrorText().c_str());
    ImGui::TextDisabled("cached cardinality");
    ImGui::SameLine();
    if (h.cache_valid) {
        textColored(t.ok, std::to_string(h.cached) + "  valid: PFCOUNT answers it without counting");
    } else {
        textColored(t.warning, "stale  (PFADD changed a register; the next PFCOUNT recounts and caches)");
    }
    ImGui::TextDisabled("elements added by the buttons: %llu", static_cast<unsigned long long>(feeder_.next() - 1));
    // The buttons: new elements e:N, e:N+1, ... so a run of clicks is repeatable.
    for (int n : {1, 100, 1000}) {
        const std::string label = "PFADD " + std::to_string(n) + (n == 1 ? " element" : " elements");
        if (ImGui::Button(label.c_str())) f.state.runCommand(feeder_.pfadd(v.key, n));
        ImGui::SameLine();
    }
    if (ImGui::Button("PFCOUNT")) {
        const std::vector<std::string> argv{"PFCOUNT", v.key};
        f.state.runCommand(argv);
    }
    ImGui::EndTable();
}

// The 16 header bytes as boxes, coloured by field and named underneath; what each field
// holds is listed beside them in the same colours.
void HllView::drawHeader(Frame& f, const inspect::HllSnap& h) {
    const Theme& t = f.theme;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const auto fields = hllHeaderFields(h);
    const Rgba field_cols[4] = {t.type_string, h.sparse ? t.ok : t.warning, t.muted, h.cache_valid ? t.ok : t.warning};
    ImGui::TextDisabled("header (16 bytes)");
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float line = ImGui::GetTextLineHeight();
    const float bw = 30 * f.scale, bh = line + 6 * f.scale;
    float x = p.x;
    for (size_t fi = 0; fi < fields.size() && fi < 4; ++fi) {
        const auto& fd = fields[fi];
        const float x0 = x;
        for (size_t b = 0; b < fd.size && fd.offset + b < h.header.size(); ++b) {
            const std::string hex = fd.hex.substr(b * 3, 2);
            drawBox(dl, ImVec2(x, p.y), ImVec2(x + bw - 3, p.y + bh), col(mix(t.panel, field_cols[fi], 0.3)),
                    col(field_cols[fi]), col(t.text), hex);
            x += bw;
        }
        const std::string name = fi == 1 ? "enc" : fd.name;
        dl->AddText(ImVec2(x0, p.y + bh + 2 * f.scale), col(field_cols[fi]), name.c_str());
        x += 8 * f.scale;
    }
    const float tx = x + 16 * f.scale;
    for (size_t fi = 0; fi < fields.size() && fi < 4; ++fi) {
        const auto& fd = fields[fi];
        char where[32];
        std::snprintf(where, sizeof where, "[%zu..%zu] ", fd.offset, fd.offset + fd.size - 1);
        const float y = p.y + static_cast<float>(fi) * line;
        dl->AddText(ImVec2(tx, y), col(t.muted), where);
        const float wx = tx + ImGui::CalcTextSize("[10..15] ").x;
        dl->AddText(ImVec2(wx, y), col(field_cols[fi]), (fd.name + ": ").c_str());
        dl->AddText(ImVec2(wx + ImGui::CalcTextSize("cardinality: ").x, y), col(t.text), fd.meaning.c_str());
    }
    ImGui::Dummy(ImVec2(x - p.x, std::max(bh + line + 4 * f.scale, 4 * line) + 4 * f.scale));
}

void HllView::drawHeatMap(Frame& f, const inspect::HllSnap& h) {
    const Theme& t = f.theme;
    ImGui::TextDisabled("registers: 16384 folded into 16 x 64 cells of 16, coloured by the largest value in each");
    const float w = ImGui::GetContentRegionAvail().x;
    const float hpx = std::clamp(w / 64.0f * 16.0f * 0.55f, 80.0f * f.scale, 220.0f * f.scale);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const HllHeatMap m = hllHeatMap(h, w, hpx, 1.0f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + hpx), col(t.panel));
    for (const auto& c : m.cells)
        dl->AddRectFilled(ImVec2(p.x + c.x0, p.y + c.y0), ImVec2(p.x + c.x1, p.y + c.y1),
                          c.empty ? col(t.grid, 0.6f) : col(t.heat(0.15 + 0.85 * c.t)));
    ImGui::InvisibleButton("##heat", ImVec2(w, hpx));
    if (ImGui::IsItemHovered()) {
        const ImVec2 mp = ImGui::GetIO().MousePos;
        const int i = hllHeatCellAt(m, mp.x - p.x, mp.y - p.y);
        if (i >= 0) {
            const auto& c = m.cells[static_cast<size_t>(i)];
            dl->AddRect(ImVec2(p.x + c.x0 - 1, p.y + c.y0 - 1), ImVec2(p.x + c.x1 + 1, p.y + c.y1 + 1),
                        col(t.highlight), 0, 0, 2);
            ImGui::BeginTooltip();
            ImGui::Text("registers %ld..%ld", c.first_register, c.first_register + m.per_cell - 1);
            ImGui::Text("largest %d, mean %.2f", c.max, c.mean);
            ImGui::EndTooltip();
        }
    }
    // The colour scale.
    const float sw = 160 * f.scale, sh = 10 * f.scale;
    ImGui::TextDisabled("0");
    ImGui::SameLine();
    const ImVec2 s0 = ImGui::GetCursorScreenPos();
    for (int i = 0; i < 32; ++i) {
        const float x0 = s0.x + sw * static_cast<float>(i) / 32, x1 = s0.x + sw * static_cast<float>(i + 1) / 32;
        dl->AddRectFilled(ImVec2(x0, s0.y + 3), ImVec2(x1, s0.y + 3 + sh), col(t.heat(0.15 + 0.85 * i / 31.0)));
    }
    ImGui::Dummy(ImVec2(sw, sh));
    ImGui::SameLine();
    ImGui::TextDisabled("%d (largest register)   empty cells: all 16 registers still 0", m.top);
}

void HllView::drawHistogram(Frame& f, const inspect::HllSnap& h, float width) {
    const HllHistogram hist = hllHistogram(h);
    ImGui::TextDisabled("register values (the estimate is computed from these counts)");
    ImGui::Text("%d registers hold 0 (not drawn), %d hold 1..%zu", hist.zeros, 16384 - hist.zeros,
                hist.values.size() - 1);
    // Zero dominates until the HLL is well filled: the bars start at 1 so the rest show.
    std::vector<float> bars(hist.values.begin() + 1, hist.values.end());
    float top = 1;
    for (float b : bars) top = std::max(top, b);
    const float ph = 100 * f.scale;
    ImGui::PlotHistogram("##hist", bars.data(), static_cast<int>(bars.size()), 0, nullptr, 0, top * 1.1f,
                         ImVec2(width, ph));
    // The values under the bars (PlotHistogram has no axis).
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    const float inner = b.x - a.x - 2 * pad.x;
    const float bw = inner / static_cast<float>(bars.size());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (size_t i = 0; i < bars.size(); ++i) {
        const std::string label = std::to_string(i + 1);
        const float tw = ImGui::CalcTextSize(label.c_str()).x;
        if (bw < tw + 2 && (i + 1) % 5 != 0) continue;
        dl->AddText(ImVec2(a.x + pad.x + bw * (static_cast<float>(i) + 0.5f) - tw / 2, b.y + 1), col(f.theme.muted),
                    label.c_str());
    }
    ImGui::Dummy(ImVec2(width, ImGui::GetTextLineHeight()));
}

void HllView::drawOps(Frame& f, const inspect::HllSnap& h, float width) {
    const Theme& t = f.theme;
    if (!h.sparse) {
        ImGui::TextDisabled("dense: no opcodes");
        ImGui::PushStyleColor(ImGuiCol_Text, vec(t.muted));
        ImGui::TextWrapped(
            "Each register is 6 bits in a row of 12288 bytes; register n sits at bit 6n. Nothing is compressed, "
            "so every PFADD is one read-modify-write of 6 bits.");
        ImGui::PopStyleColor();
        return;
    }
    ImGui::TextDisabled("sparse opcodes: %zu (%zu shown)", h.op_count, h.ops.size());
    ImGui::SameLine();
    badge("ZERO", t.grid, t.text);
    ImGui::SameLine();
    badge("XZERO", t.header, t.text);
    ImGui::SameLine();
    badge("VAL", t.heat(0.8), t.text);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    int top = 1;
    for (const auto& op : h.ops) top = std::max(top, op.value);
    auto colour = [&](const HllOpSegment& s) {
        return s.kind == 'v' ? t.heat(0.15 + 0.85 * s.value / top) : s.kind == 'Z' ? t.header : t.grid;
    };
    auto hover = [&](const std::vector<HllOpSegment>& strip, ImVec2 p) {
        if (!ImGui::IsItemHovered()) return;
        const float x = ImGui::GetIO().MousePos.x - p.x;
        for (const auto& s : strip)
            if (x >= s.x0 && x < s.x1) {
                ImGui::BeginTooltip();
                ImGui::Text("%s  registers %ld..%ld  (%zu byte%s)", s.label.c_str(), s.first, s.first + s.len - 1,
                            s.bytes, s.bytes == 1 ? "" : "s");
                ImGui::EndTooltip();
            }
    };
    // All listed opcodes over the 16384 registers (widths follow the registers covered).
    {
        const float sh = 14 * f.scale;
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const auto strip = hllOpStrip(h, width, 1.0f);
        for (const auto& s : strip)
            dl->AddRectFilled(ImVec2(p.x + s.x0, p.y), ImVec2(p.x + s.x1, p.y + sh), col(colour(s)));
        ImGui::InvisibleButton("##opsall", ImVec2(width, sh));
        hover(strip, p);
    }
    // The first opcodes one by one, as they sit in the string after the header.
    constexpr size_t kZoom = 16;
    ImGui::TextDisabled("the first %zu, in byte order from offset 16:", std::min(kZoom, h.ops.size()));
    {
        const float line = ImGui::GetTextLineHeight();
        const float sh = 2 * line + 6 * f.scale;
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const auto strip = hllOpStrip(h, width, width, kZoom);
        for (const auto& s : strip) {
            const ImVec2 a(p.x + s.x0, p.y), b(p.x + s.x1 - 2, p.y + sh);
            dl->AddRectFilled(a, b, col(mix(t.panel, colour(s), 0.75)), 3);
            dl->AddRect(a, b, col(colour(s)), 3);
            dl->PushClipRect(a, b, true);
            dl->AddText(ImVec2(a.x + 3, a.y + 3), col(t.text), s.kind_name.c_str());
            dl->AddText(ImVec2(a.x + 3, a.y + 3 + line), col(t.muted), s.detail.c_str());
            dl->PopClipRect();
        }
        ImGui::InvisibleButton("##opszoom", ImVec2(width, sh));
        hover(strip, p);
    }
    if (h.more) ImGui::TextDisabled("... %zu more opcodes", h.more);
    ImGui::PushStyleColor(ImGuiCol_Text, vec(t.muted));
    ImGui::TextWrapped(
        "ZERO (1 byte): 1..64 registers at 0. XZERO (2 bytes): 65..16384 registers at 0. VAL (1 byte): 1..4 "
        "registers holding the same value 1..32. The upper strip's widths follow the registers each run covers.");
    ImGui::PopStyleColor();
}

void HllView::drawContent(Frame& f) {
    const inspect::ValueSnapshot* v = cache_.get(f.state);
    if (!v || !v->hll) {
        drawNoKey(f, "a HyperLogLog (a string PFADD made)");
        return;
    }
    drawValueHeader(f, *v);
    const inspect::HllSnap& h = *v->hll;
    if (!h.valid) {
        textColored(f.theme.error, "Not a valid HyperLogLog: " + h.problem);
        drawHeader(f, h);
        return;
    }
    drawSummary(f, *v, h);
    ImGui::Spacing();
    drawHeader(f, h);
    drawHeatMap(f, h);
    ImGui::Spacing();
    const float w = ImGui::GetContentRegionAvail().x;
    const float left = std::max(200.0f * f.scale, w * 0.36f);
    ImGui::BeginGroup();
    drawHistogram(f, h, left);
    ImGui::EndGroup();
    ImGui::SameLine(0, 20 * f.scale);
    ImGui::BeginGroup();
    drawOps(f, h, std::max(100.0f, w - left - 20 * f.scale));
    ImGui::EndGroup();
}

}  // namespace

std::unique_ptr<View> makeHllView() { return std::make_unique<HllView>(); }

}  // namespace redsim::gui
