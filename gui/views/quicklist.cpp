// The quicklist view: a Redis 7.0 list as what it is, a doubly linked list of
// listpack nodes. Each node is a box with its element count, its bytes and whether it
// is LZF-compressed (with the compressed size), raw because it is near an end
// (list-compress-depth), or PLAIN (one huge element); next/prev arrows link them, rows
// wrap, and a long list ends with "... N more". Beside it the list's first and last
// elements, as LRANGE gives them, with the node each one lives in. Hovering a node
// says why it is stored the way it is.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "gui/draw.h"
#include "gui/model/quicklist_layout.h"
#include "gui/model/value_stamp.h"
#include "gui/value_header.h"
#include "gui/views/views.h"

namespace redsim::gui {

namespace {

class QuicklistView final : public View {
public:
    std::string_view name() const override { return "quicklist"; }
    std::string_view title() const override { return "Quicklist"; }
    bool keyed() const override { return true; }
    int fit(const inspect::ValueSnapshot& v) const override { return v.quicklist ? 100 : 0; }
    void drawContent(Frame& f) override;

private:
    void refresh(Frame& f);
    void drawControls(Frame& f, const inspect::ValueSnapshot& v);
    void drawNodes(Frame& f, const inspect::QuicklistSnap& q);
    void drawElements(Frame& f, const inspect::QuicklistSnap& q);

    std::optional<inspect::ValueSnapshot> snap_;
    uint64_t stamp_ = ~0ull;
    std::string key_;
    int db_ = -1;
    size_t node_limit_ = 64;
    std::optional<size_t> hovered_;  // node under the mouse last frame
    size_t counter_ = 0;
    std::string counter_key_;
};

void QuicklistView::refresh(Frame& f) {
    GuiState& s = f.state;
    const uint64_t stamp = valueStamp(s, s.selected_key);
    if (stamp == stamp_ && key_ == s.selected_key && db_ == s.db) return;
    stamp_ = stamp;
    key_ = s.selected_key;
    db_ = s.db;
    inspect::Limits lim;
    lim.nodes = node_limit_;
    lim.entries = 12;
    lim.string_bytes = 40;
    snap_ = key_.empty() ? std::nullopt : inspect::inspectValue(s.engine(), s.db, key_, lim);
    if (snap_ && key_ != counter_key_) {
        counter_key_ = key_;
        counter_ = snap_->length;
    }
}

void QuicklistView::drawControls(Frame& f, const inspect::ValueSnapshot& v) {
    const inspect::QuicklistSnap& q = *v.quicklist;
    ImGui::Text("%zu elements in %zu node%s, %zu compressed", q.count, q.node_count, q.node_count == 1 ? "" : "s",
                q.compressed_nodes);
    textColored(f.theme.accent, fillText(q));
    textColored(q.compress_depth > 0 ? f.theme.ok : f.theme.muted, compressText(q));
    GuiState& s = f.state;
    auto push = [&](const char* cmd, size_t n) {
        std::vector<std::string> argv{cmd, v.key};
        for (size_t i = 0; i < n; ++i) argv.push_back("item:" + std::to_string(counter_++));
        s.runCommand(argv);
    };
    if (ImGui::Button("LPUSH 1")) push("LPUSH", 1);
    ImGui::SameLine();
    if (ImGui::Button("RPUSH 1")) push("RPUSH", 1);
    ImGui::SameLine();
    if (ImGui::Button("RPUSH 100")) push("RPUSH", 100);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Fills the tail node until it is full, then starts new nodes");
    ImGui::SameLine();
    if (ImGui::Button("LPOP")) s.runCommand(std::vector<std::string>{"LPOP", v.key});
    ImGui::SameLine();
    if (ImGui::Button("RPOP")) s.runCommand(std::vector<std::string>{"RPOP", v.key});
}

void QuicklistView::drawNodes(Frame& f, const inspect::QuicklistSnap& q) {
    const Theme& th = f.theme;
    QlGeometry g;
    g.box_w = 132 * f.scale;
    g.box_h = 3 * ImGui::GetTextLineHeight() + 14 * f.scale;
    g.gap_x = 34 * f.scale;
    g.gap_y = 30 * f.scale;
    const float margin = 14 * f.scale;
    const float avail_w = ImGui::GetContentRegionAvail().x - 2 * margin;
    g.max_rows = std::max(1, static_cast<int>((ImGui::GetContentRegionAvail().y * 0.72f) / (g.box_h + g.gap_y)));
    const QlLayout l = layoutNodes(q.nodes.size(), q.node_count, avail_w, g);
    // Ask for as many nodes as fit next time (the window may have grown).
    const size_t want = static_cast<size_t>(l.cols) * static_cast<size_t>(g.max_rows);
    if (want > node_limit_ || (want < node_limit_ / 2 && node_limit_ > 64)) {
        node_limit_ = std::max<size_t>(want, 16);
        stamp_ = ~0ull;
    }
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const ImVec2 origin(o.x + margin, o.y + 6 * f.scale);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    auto P = [&](const std::array<float, 2>& p) { return ImVec2(origin.x + p[0], origin.y + p[1]); };
    const ImU32 link = col(th.link);
    const float off = 5 * f.scale;
    for (const QlLink& k : l.links) {
        if (!k.wraps) {
            const ImVec2 a = P(k.points[0]), b = P(k.points[1]);
            drawArrow(dl, ImVec2(a.x + 2, a.y - off), ImVec2(b.x - 2, b.y - off), link, 1.3f, 6 * f.scale);  // next
            drawArrow(dl, ImVec2(b.x - 2, b.y + off), ImVec2(a.x + 2, a.y + off), link, 1.3f, 6 * f.scale);  // prev
        } else {
            for (size_t i = 1; i + 1 < k.points.size(); ++i)
                dl->AddLine(P(k.points[i - 1]), P(k.points[i]), link, 1.3f);
            drawArrow(dl, P(k.points[k.points.size() - 2]), P(k.points.back()), link, 1.3f, 6 * f.scale);
            drawArrow(dl, P(k.points[1]), P(k.points[0]), link, 1.3f, 6 * f.scale);
        }
    }
    hovered_.reset();
    const float lh = ImGui::GetTextLineHeight();
    for (const QlBox& b : l.boxes) {
        const inspect::QuicklistSnap::Node& n = q.nodes[b.node];
        const QlNodeKind kind = nodeKind(q, n);
        const ImVec2 mn = P({b.x, b.y}), mx(mn.x + g.box_w, mn.y + g.box_h);
        Rgba fill = th.node, border = th.node_border, tag = th.muted;
        switch (kind) {
            case QlNodeKind::Compressed:
                fill = mix(th.node, th.accent, 0.22);
                border = th.accent;
                tag = th.accent;
                break;
            case QlNodeKind::End:
                border = th.ok;
                tag = th.ok;
                break;
            case QlNodeKind::Plain:
                fill = mix(th.node, th.warning, 0.18);
                border = th.warning;
                tag = th.warning;
                break;
            case QlNodeKind::Raw:
                tag = th.text;
                break;
            case QlNodeKind::Uncompressed:
                break;
        }
        const bool hot = ImGui::IsMouseHoveringRect(mn, mx);
        if (hot) hovered_ = b.node;
        drawBox(dl, mn, mx, col(fill), col(hot ? th.highlight : border), col(th.text), "", hot ? 2.0f : 1.4f);
        const float x = mn.x + 8 * f.scale;
        char line[64];
        std::snprintf(line, sizeof line, "#%zu  %zu elem%s", n.index, n.count, n.count == 1 ? "" : "s");
        dl->AddText(ImVec2(x, mn.y + 5 * f.scale), col(th.text), line);
        std::snprintf(line, sizeof line, "%s", humanBytes(static_cast<long long>(n.bytes)).c_str());
        dl->AddText(ImVec2(x, mn.y + 5 * f.scale + lh), col(th.muted), line);
        const std::string t = nodeTag(q, n);
        dl->AddText(ImVec2(x, mn.y + 5 * f.scale + 2 * lh), col(tag), t.c_str());
        if (kind == QlNodeKind::Compressed && n.bytes > 0) {
            // A bar: the compressed share of the listpack's bytes.
            const float w = g.box_w - 16 * f.scale;
            const float share = std::min(1.0f, static_cast<float>(n.compressed_bytes) / static_cast<float>(n.bytes));
            const float y = mx.y - 5 * f.scale;
            dl->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + 2 * f.scale), col(th.grid));
            dl->AddRectFilled(ImVec2(x, y), ImVec2(x + w * share, y + 2 * f.scale), col(th.accent));
        }
        if (hot) ImGui::SetTooltip("%s", nodeExplanation(q, n).c_str());
    }
    if (l.more_at) {
        const ImVec2 mn = P(*l.more_at), mx(mn.x + g.box_w, mn.y + g.box_h);
        char more[64];
        std::snprintf(more, sizeof more, "... %zu more", l.hidden);
        drawBox(dl, mn, mx, col(th.panel), col(th.muted), col(th.muted), more);
        if (!l.boxes.empty() && l.boxes.back().y == (*l.more_at)[1]) {
            const QlBox& last = l.boxes.back();
            dl->AddLine(P({last.x + g.box_w, last.y + g.box_h / 2}), ImVec2(mn.x, mn.y + g.box_h / 2), col(th.muted));
        }
    }
    ImGui::Dummy(ImVec2(l.width + 2 * margin, l.height + 12 * f.scale));
    // What the hovered node (or the first interesting one) is, in words.
    const inspect::QuicklistSnap::Node* focus = nullptr;
    if (hovered_) focus = &q.nodes[*hovered_];
    if (!focus)
        for (const auto& n : q.nodes)
            if (nodeKind(q, n) == QlNodeKind::Compressed || nodeKind(q, n) == QlNodeKind::Plain) {
                focus = &n;
                break;
            }
    if (!focus && !q.nodes.empty()) focus = &q.nodes.front();
    if (focus) {
        ImGui::PushStyleColor(ImGuiCol_Text, vec(th.text));
        ImGui::TextWrapped("%s", nodeExplanation(q, *focus).c_str());
        ImGui::PopStyleColor();
    }
    textColored(th.muted,
                "Legend: green border = kept raw near an end, blue = LZF-compressed (bar: compressed "
                "size), grey = raw, amber = PLAIN. Hover a node.");
}

void QuicklistView::drawElements(Frame& f, const inspect::QuicklistSnap& q) {
    const Theme& th = f.theme;
    textColored(th.muted, "LRANGE (the ends)");
    if (ImGui::BeginTable("##elems", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
        ImGui::TableSetupColumn("index", ImGuiTableColumnFlags_WidthFixed, 44 * f.scale);
        ImGui::TableSetupColumn("element", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("node", ImGuiTableColumnFlags_WidthFixed, 40 * f.scale);
        ImGui::TableHeadersRow();
        auto row = [&](long long index, const inspect::Bytes& b, std::optional<size_t> node) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%lld", index);
            ImGui::TableNextColumn();
            const bool hot = node && hovered_ && *node == *hovered_;
            textColored(hot ? th.highlight : th.text, ellipsize(b.text, 26) + (b.cut() ? ".." : ""));
            ImGui::TableNextColumn();
            if (node)
                ImGui::TextDisabled("#%zu", *node);
            else
                ImGui::TextDisabled("-");
        };
        for (size_t i = 0; i < q.first.size(); ++i) row(static_cast<long long>(i), q.first[i], nodeOfElement(q, i));
        const size_t gap = q.count - q.first.size() - q.last.size();
        if (gap > 0) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("... %zu more", gap);
        }
        for (size_t i = 0; i < q.last.size(); ++i) {
            const size_t index = q.count - q.last.size() + i;
            row(static_cast<long long>(index) - static_cast<long long>(q.count), q.last[i],
                q.more == 0 ? nodeOfElement(q, index) : std::nullopt);
        }
        ImGui::EndTable();
    }
}

void QuicklistView::drawContent(Frame& f) {
    refresh(f);
    if (!snap_ || !snap_->quicklist) {
        drawNoKey(f, "a list's quicklist");
        return;
    }
    const inspect::ValueSnapshot& v = *snap_;
    drawValueHeader(f, v);
    drawControls(f, v);
    ImGui::Spacing();
    const float side_w = std::min(330 * f.scale, ImGui::GetContentRegionAvail().x * 0.3f);
    ImGui::BeginChild("##nodes", ImVec2(ImGui::GetContentRegionAvail().x - side_w - 8 * f.scale, 0), false);
    drawNodes(f, *v.quicklist);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##elements", ImVec2(0, 0), false);
    drawElements(f, *v.quicklist);
    ImGui::EndChild();
}

}  // namespace

std::unique_ptr<View> makeQuicklistView() { return std::make_unique<QuicklistView>(); }

}  // namespace redsim::gui
