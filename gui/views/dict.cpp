// The dict view: a hash table as Redis keeps big hashes and sets (and a sorted set's
// member -> score index). Both tables are drawn side by side, one row per bucket index:
// the bucket slot, then its chain of entries as linked boxes, newest first. While a
// resize is under way table 0 drains into table 1: buckets below rehashidx are greyed
// (moved), the marker between them glides down as commands run, and the line under the
// buttons says what the last command did to it. Above: the load factor and a one-line
// forecast of the next resize; at the side: the chain-length histogram.
//
// Big tables: only the rows on screen are drawn (ImGuiListClipper) and the snapshot
// copies chain lengths and keys for a window around them (Limits::bucket_first), taken
// again only when the value may have changed or the window moved (gui/model/dict_layout.h).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "engine/util/text.h"
#include "gui/draw.h"
#include "gui/model/dict_layout.h"
#include "gui/model/value_stamp.h"
#include "gui/value_header.h"
#include "gui/views/views.h"

namespace redsim::gui {

namespace {

class DictView final : public View {
public:
    std::string_view name() const override { return "dict"; }
    std::string_view title() const override { return "Dict"; }
    bool keyed() const override { return true; }
    int fit(const inspect::ValueSnapshot& v) const override {
        if (!v.dict) return 0;
        if (v.type == ObjType::Hash || v.type == ObjType::Set) return 100;
        if (v.type == ObjType::ZSet) return 30;  // the skiplist view shows more of it
        return 0;
    }
    void drawContent(Frame& f) override;

private:
    void refresh(Frame& f);
    void drawControls(Frame& f, const inspect::ValueSnapshot& v);
    void drawTables(Frame& f, const inspect::DictSnap& d);
    void drawRow(Frame& f, const inspect::DictSnap& d, size_t row, ImVec2 p, float width, float row_h);
    void drawSide(Frame& f, const inspect::DictSnap& d);

    std::optional<inspect::ValueSnapshot> snap_;
    uint64_t snap_stamp_ = ~0ull;
    std::string snap_key_;
    int snap_db_ = -1;
    BucketWindow window_;
    size_t first_visible_ = 0, visible_ = 40;  // rows on screen last frame

    std::optional<inspect::DictSnap> prev_;  // for what the last command did
    uint64_t seen_seq_ = 0;
    std::string delta_;
    MarkerAnim marker_;
    long marker_idx_ = -2;  // rehashidx the marker heads to (-2: none yet)
    bool follow_ = true;
    bool scroll_to_marker_ = false;
    bool scroll_top_ = false;  // another key: start at bucket 0
    size_t counter_ = 0;       // names of the fields the buttons add
    std::string counter_key_;
};

void DictView::refresh(Frame& f) {
    GuiState& s = f.state;
    const uint64_t stamp = valueStamp(s, s.selected_key);
    const bool same_key = snap_key_ == s.selected_key && snap_db_ == s.db;
    if (stamp == snap_stamp_ && same_key && window_.covers(first_visible_, visible_)) return;
    const size_t rows = snap_ && snap_->dict ? dictRows(*snap_->dict) : 0;
    window_ = bucketWindow(rows, first_visible_, visible_);
    inspect::Limits lim;
    lim.bucket_first = window_.first;
    lim.buckets = std::max<size_t>(window_.count, 1);
    lim.chains = lim.buckets;
    lim.chain_keys = 6;
    lim.string_bytes = 32;
    snap_stamp_ = stamp;
    snap_key_ = s.selected_key;
    snap_db_ = s.db;
    snap_ = s.selected_key.empty() ? std::nullopt : inspect::inspectValue(s.engine(), s.db, s.selected_key, lim);
    if (!snap_ || !snap_->dict) {
        prev_.reset();
        delta_.clear();
        return;
    }
    const inspect::DictSnap& d = *snap_->dict;
    // What the newest command did to the rehash (ticks alone leave a hash's table alone).
    const auto& cmds = s.commands();
    const uint64_t seq = cmds.empty() ? 0 : cmds.back().seq;
    if (!same_key) {
        delta_.clear();
        marker_idx_ = -2;
        scroll_top_ = true;
    } else if (prev_ && seq != seen_seq_) {
        const std::string what = cmds.empty() || cmds.back().argv.empty() ? "" : toUpper(cmds.back().argv[0]);
        const std::string t = rehashDelta(*prev_, d, what);
        if (!t.empty()) delta_ = t;
    }
    seen_seq_ = seq;
    prev_ = d;
    if (d.rehashidx != marker_idx_) {
        const double row = d.rehashidx < 0 ? 0.0 : static_cast<double>(d.rehashidx);
        if (marker_idx_ < 0) {
            marker_.from = marker_.to = row;
            marker_.start_s = f.time_s;
        } else {
            marker_.retarget(row, f.time_s);
        }
        scroll_to_marker_ = follow_ && d.rehashidx >= 0;
        marker_idx_ = d.rehashidx;
    }
    if (s.selected_key != counter_key_) {
        counter_key_ = s.selected_key;
        counter_ = snap_->length;
    }
}

void DictView::drawControls(Frame& f, const inspect::ValueSnapshot& v) {
    GuiState& s = f.state;
    const inspect::DictSnap& d = *v.dict;
    const DictOutlook o = dictOutlook(d);
    ImGui::TextUnformatted(o.state.c_str());
    if (d.rehashidx >= 0) {
        ImGui::SameLine();
        char label[64];
        std::snprintf(label, sizeof label, "%ld / %zu buckets moved", d.rehashidx, d.tables[0].size);
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImVec4(f.theme.path.r, f.theme.path.g, f.theme.path.b, 0.45f));
        ImGui::ProgressBar(static_cast<float>(rehashProgress(d)), ImVec2(220 * f.scale, 0), label);
        ImGui::PopStyleColor();
    }
    ImGui::PushStyleColor(ImGuiCol_Text, vec(d.rehashidx >= 0 ? f.theme.path : f.theme.accent));
    ImGui::TextWrapped("Next: %s", o.next.c_str());
    ImGui::PopStyleColor();

    const char* noun = v.type == ObjType::Hash ? "field" : "member";
    char b1[48], b100[48], look[48];
    std::snprintf(b1, sizeof b1, "+1 %s", noun);
    std::snprintf(b100, sizeof b100, "+100 %ss", noun);
    const std::vector<std::string> lookup =
        dictLookupCommand(v.type, v.key, v.type == ObjType::Hash ? "field:0" : "member:0");
    std::snprintf(look, sizeof look, "lookup (%s)", lookup.empty() ? "" : lookup[0].c_str());
    if (ImGui::Button(b1)) {
        s.runCommand(dictAddCommand(v.type, v.key, counter_, 1));
        counter_ += 1;
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Adds one new key with %s", v.type == ObjType::Hash  ? "HSET"
                                                      : v.type == ObjType::Set ? "SADD"
                                                                               : "ZADD");
    ImGui::SameLine();
    if (ImGui::Button(b100)) {
        s.runCommand(dictAddCommand(v.type, v.key, counter_, 100));
        counter_ += 100;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("One command adding 100 new keys: may grow the table and rehash");
    ImGui::SameLine();
    if (ImGui::Button(look) && !lookup.empty()) s.runCommand(lookup);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("A read changes nothing, but it still moves one bucket while rehashing");
    ImGui::SameLine();
    ImGui::Checkbox("follow rehashidx", &follow_);
    if (!delta_.empty()) {
        ImGui::SameLine(0, 16 * f.scale);
        textColored(f.theme.highlight, delta_);
    }
}

// One row: bucket `row` of table 0 and of table 1, each a slot with its chain.
void DictView::drawRow(Frame& f, const inspect::DictSnap& d, size_t row, ImVec2 p, float width, float row_h) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Theme& th = f.theme;
    const float idx_w = 64 * f.scale;
    const float col_w = (width - idx_w) / 2;
    const float pad = 3 * f.scale;
    const float slot_w = 22 * f.scale;
    const float entry_w = std::clamp(col_w / 4.2f, 56 * f.scale, 120 * f.scale);
    const float gap = 16 * f.scale;
    const bool next = d.rehashidx >= 0 && row == static_cast<size_t>(d.rehashidx);

    char num[32];
    std::snprintf(num, sizeof num, "%zu", row);
    const ImVec2 ts = ImGui::CalcTextSize(num);
    dl->AddText(ImVec2(p.x + idx_w - ts.x - 10 * f.scale, p.y + (row_h - ts.y) / 2), col(next ? th.path : th.muted),
                num);

    for (int t = 0; t < 2; ++t) {
        const float x0 = p.x + idx_w + static_cast<float>(t) * col_w;
        const BucketState st = bucketState(d, t, row);
        if (st == BucketState::Absent) continue;
        const ImVec2 smin(x0, p.y + pad), smax(x0 + slot_w, p.y + row_h - pad);
        const std::optional<uint32_t> len = chainLength(d, t, row);
        ImU32 fill = col(th.node), border = col(th.node_border);
        float thick = 1.0f;
        if (st == BucketState::Moved) {
            fill = col(th.grid, 0.35f);
            border = col(th.grid);
        } else if (st == BucketState::Next) {
            border = col(th.path);
            thick = 2.0f;
        } else if (t == 1) {
            border = col(th.accent, 0.8f);
        }
        drawBox(dl, smin, smax, fill, border, col(th.text), "", thick);
        if (!len) {  // outside the snapshot's window (scrolling): drawn on the next frame
            dl->AddText(ImVec2(smax.x + 6 * f.scale, smin.y), col(th.muted), "...");
            continue;
        }
        if (*len == 0) {  // NULL: a slash through the slot
            dl->AddLine(ImVec2(smin.x + 4, smax.y - 4), ImVec2(smax.x - 4, smin.y + 4),
                        col(st == BucketState::Moved ? th.grid : th.node_border));
            continue;
        }
        const inspect::DictSnap::Chain* c = chainAt(d, t, row);
        const float cy = (smin.y + smax.y) / 2;
        dl->AddCircleFilled(ImVec2((smin.x + smax.x) / 2, cy), 2.5f * f.scale, col(th.link));
        float x = smax.x;
        const float limit = x0 + col_w - 12 * f.scale;
        size_t shown = 0;
        const size_t keys = c ? c->keys.size() : 0;
        for (; shown < *len; ++shown) {
            const float bx = x + gap;
            const bool last_fits = bx + entry_w <= limit;
            if (!last_fits || shown >= keys) break;
            drawArrow(dl, ImVec2(shown == 0 ? (smin.x + smax.x) / 2 : x, cy), ImVec2(bx, cy), col(th.link), 1.2f,
                      5 * f.scale);
            const ImU32 eb = next ? col(th.path) : t == 1 ? col(th.accent, 0.8f) : col(th.node_border);
            drawBox(dl, ImVec2(bx, smin.y), ImVec2(bx + entry_w, smax.y), col(th.node), eb, col(th.text),
                    c->keys[shown]);
            if (ImGui::IsMouseHoveringRect(ImVec2(bx, smin.y), ImVec2(bx + entry_w, smax.y)))
                ImGui::SetTooltip("table %d, bucket %zu, entry %zu of %u:\n%s", t, row, shown + 1, *len,
                                  c->keys[shown].c_str());
            x = bx + entry_w;
        }
        if (shown < *len) {
            char more[32];
            std::snprintf(more, sizeof more, "+%zu", static_cast<size_t>(*len) - shown);
            dl->AddText(ImVec2(x + 6 * f.scale, cy - ImGui::GetTextLineHeight() / 2), col(th.warning), more);
        }
    }
}

void DictView::drawTables(Frame& f, const inspect::DictSnap& d) {
    const Theme& th = f.theme;
    const float width = ImGui::GetContentRegionAvail().x;
    const float idx_w = 64 * f.scale;
    const float col_w = (width - idx_w) / 2;
    // Column captions.
    const ImVec2 cp = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddText(ImVec2(cp.x + 4 * f.scale, cp.y), col(th.muted), "bucket");
    for (int t = 0; t < 2; ++t) {
        const auto& tb = d.tables[t];
        char cap[160];
        if (tb.size == 0)
            std::snprintf(cap, sizeof cap, "table %d: empty (used only while rehashing)", t);
        else
            std::snprintf(cap, sizeof cap, "table %d: %zu buckets, %zu entries, load %.2f", t, tb.size, tb.used,
                          loadFactor(tb));
        // Narrow windows get the short form, so the two captions never run together.
        if (ImGui::CalcTextSize(cap).x > col_w - 10 * f.scale) {
            if (tb.size == 0)
                std::snprintf(cap, sizeof cap, "table %d: empty", t);
            else
                std::snprintf(cap, sizeof cap, "table %d: %zu/%zu", t, tb.used, tb.size);
        }
        dl->AddText(ImVec2(cp.x + idx_w + static_cast<float>(t) * col_w, cp.y),
                    col(tb.size == 0 ? th.muted : (t == 1 ? th.accent : th.text)), cap);
    }
    ImGui::Dummy(ImVec2(width, ImGui::GetTextLineHeightWithSpacing()));

    const float row_h = ImGui::GetTextLineHeight() + 10 * f.scale;
    const size_t rows = dictRows(d);
    ImGui::BeginChild("##buckets", ImVec2(0, 0), false);
    // No spacing between rows: row i starts exactly at i * row_h (the marker relies on it).
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0));
    const float inner_w = ImGui::GetContentRegionAvail().x;
    const float view_h = ImGui::GetWindowHeight();
    if (scroll_top_) {
        ImGui::SetScrollY(0);
        scroll_top_ = false;
    }
    if (scroll_to_marker_ && d.rehashidx >= 0) {
        const float target = static_cast<float>(d.rehashidx) * row_h - view_h / 3;
        const float y = ImGui::GetScrollY();
        if (static_cast<float>(d.rehashidx) * row_h < y || static_cast<float>(d.rehashidx + 1) * row_h > y + view_h)
            ImGui::SetScrollY(std::max(0.0f, target));
        scroll_to_marker_ = false;
    }
    // Where row 0 is (GetCursorStartPos already counts the scroll).
    const ImVec2 origin(ImGui::GetWindowPos().x + ImGui::GetCursorStartPos().x,
                        ImGui::GetWindowPos().y + ImGui::GetCursorStartPos().y);
    first_visible_ = static_cast<size_t>(std::max(0.0f, ImGui::GetScrollY() / row_h));
    visible_ = static_cast<size_t>(view_h / row_h) + 2;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows), row_h);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const ImVec2 p = ImGui::GetCursorScreenPos();
            if (i % 2 == 1)
                ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + inner_w, p.y + row_h), col(th.grid, 0.18f));
            drawRow(f, d, static_cast<size_t>(i), p, inner_w, row_h);
            ImGui::Dummy(ImVec2(inner_w, row_h));
        }
    }
    clipper.End();
    // The rehash marker: a line between the buckets already moved and those to move.
    if (d.rehashidx >= 0) {
        const float y = origin.y + static_cast<float>(marker_.at(f.time_s)) * row_h;
        const float x0 = origin.x + 2 * f.scale, x1 = origin.x + idx_w + col_w - 8 * f.scale;
        ImDrawList* cdl = ImGui::GetWindowDrawList();
        cdl->AddLine(ImVec2(x0, y), ImVec2(x1, y), col(th.path), 2.0f * f.scale);
        cdl->AddTriangleFilled(ImVec2(x0, y - 5 * f.scale), ImVec2(x0, y + 5 * f.scale), ImVec2(x0 + 7 * f.scale, y),
                               col(th.path));
        char lab[48];
        std::snprintf(lab, sizeof lab, "rehashidx %ld", d.rehashidx);
        const ImVec2 ls = ImGui::CalcTextSize(lab);
        // Left, just past table 0's slots: the rows above the line are moved (empty).
        const ImVec2 lp(origin.x + idx_w + 30 * f.scale, y - ls.y - 2);
        cdl->AddRectFilled(ImVec2(lp.x - 3, lp.y), ImVec2(lp.x + ls.x + 3, lp.y + ls.y), col(th.background, 0.85f),
                           3.0f);
        cdl->AddText(lp, col(th.path), lab);
    }
    ImGui::PopStyleVar();
    ImGui::EndChild();
}

void DictView::drawSide(Frame& f, const inspect::DictSnap& d) {
    const Theme& th = f.theme;
    textColored(th.muted, "Chain lengths (buckets per length)");
    const float w = ImGui::GetContentRegionAvail().x;
    for (int t = 0; t < 2; ++t) {
        const auto& tb = d.tables[t];
        if (tb.size == 0) continue;
        const std::vector<float> h = histogramValues(tb);
        char overlay[64];
        std::snprintf(overlay, sizeof overlay, "table %d, longest %zu", t, tb.longest);
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, vec(t == 0 ? th.accent : th.ok));
        ImGui::PlotHistogram(t == 0 ? "##h0" : "##h1", h.data(), static_cast<int>(h.size()), 0, overlay, 0.0f, FLT_MAX,
                             ImVec2(w, 80 * f.scale));
        ImGui::PopStyleColor();
        std::string line;
        for (size_t n = 0; n < tb.histogram.size() && n < 8; ++n)
            line += (n ? "  " : "") + std::to_string(n) + ":" + std::to_string(tb.histogram[n]);
        if (tb.histogram.size() > 8) line += "  ...";
        ImGui::PushStyleColor(ImGuiCol_Text, vec(th.muted));
        ImGui::TextWrapped("%s", line.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::Spacing();
    ImGui::Separator();
    textColored(th.muted, "Legend");
    auto swatch = [&](Rgba fill, Rgba border, float alpha, const char* text) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float s = ImGui::GetTextLineHeight();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(p, ImVec2(p.x + s * 1.4f, p.y + s), col(fill, alpha), 3.0f);
        dl->AddRect(p, ImVec2(p.x + s * 1.4f, p.y + s), col(border), 3.0f, 0, 2.0f);
        ImGui::Dummy(ImVec2(s * 1.4f, s));
        ImGui::SameLine();
        ImGui::TextUnformatted(text);
    };
    swatch(th.grid, th.grid, 0.35f, "table 0, already moved (empty)");
    swatch(th.node, th.path, 1.0f, "bucket at rehashidx: moved next");
    swatch(th.node, th.node_border, 1.0f, "table 0 bucket / entry");
    swatch(th.node, th.accent, 1.0f, "table 1 bucket / entry");
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, vec(th.muted));
    ImGui::TextWrapped(
        "A key's bucket is the low bits of its hash (hash & (size-1)); a new key is pushed at the head of its "
        "chain. A slash is an empty bucket (NULL). Hover an entry for its full name.");
    ImGui::PopStyleColor();
}

void DictView::drawContent(Frame& f) {
    refresh(f);
    if (!snap_ || !snap_->dict) {
        drawNoKey(f, "a hash table (a hash or set in hashtable encoding, or a sorted set's dict)");
        return;
    }
    const inspect::ValueSnapshot& v = *snap_;
    drawValueHeader(f, v);
    drawControls(f, v);
    ImGui::Spacing();
    const float side_w = std::min(340 * f.scale, ImGui::GetContentRegionAvail().x * 0.3f);
    ImGui::BeginChild("##tables", ImVec2(ImGui::GetContentRegionAvail().x - side_w - 8 * f.scale, 0), false);
    drawTables(f, *v.dict);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##side", ImVec2(0, 0), false);
    drawSide(f, *v.dict);
    ImGui::EndChild();
}

}  // namespace

std::unique_ptr<View> makeDictView() { return std::make_unique<DictView>(); }

}  // namespace redsim::gui
