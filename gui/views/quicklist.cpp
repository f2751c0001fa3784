// The quicklist view: a Redis 7.0 list as what it is, a doubly linked list of
// listpack nodes. Each node is a box with its element count, its bytes and whether it
// is LZF-compressed (with the compressed size), raw because it is near an end
// (list-compress-depth), or PLAIN (one huge element); next/prev arrows link them, rows
// wrap. A long list is shown through a window of nodes: a slider moves it, "N before" /
// "N more" boxes keep the head and tail in sight (click them to page), and an overview
// strip of the whole list shows the raw ends, the compressed zone and the window (click
// it to move there). After an LPUSH/RPUSH/LPOP/RPOP/LINDEX/LSET/LINSERT on the key the
// window jumps to the node the command touched, which is outlined. Only the window is
// snapshotted (plus every node's count, read from the node headers), once per change of
// the value or the window. Beside it the list's first and last elements, as LRANGE
// gives them, with the node each one lives in. Hovering a node says why it is stored the
// way it is.
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
    void followCommand(Frame& f);
    // A window of node_limit_ nodes with `node` in its middle.
    size_t centredOn(size_t node, size_t node_count) const {
        return clampWindow(node > node_limit_ / 2 ? node - node_limit_ / 2 : 0, node_limit_, node_count);
    }
    void drawWindowBar(Frame& f, const inspect::QuicklistSnap& q);
    void drawOverview(Frame& f, const inspect::QuicklistSnap& q);
    void drawNodes(Frame& f, const inspect::QuicklistSnap& q);
    void drawElements(Frame& f, const inspect::QuicklistSnap& q);

    std::optional<inspect::ValueSnapshot> snap_;
    uint64_t stamp_ = ~0ull;
    std::string key_;
    int db_ = -1;
    size_t node_limit_ = 64;                           // nodes in the window (as many as fit)
    size_t window_first_ = 0;                          // the window's first node
    size_t snap_first_ = ~size_t{0}, snap_limit_ = 0;  // what snap_ was taken with
    uint64_t seen_seq_ = 0;                            // the last command looked at
    std::optional<size_t> touched_;                    // the node the last list command touched
    std::string touched_cmd_;                          // and that command, for the caption
    bool follow_ = false;                              // keep touched_ in the window (until the user moves it)
    std::optional<size_t> hovered_;                    // node under the mouse last frame
    size_t counter_ = 0;
    std::string counter_key_;
};

void QuicklistView::refresh(Frame& f) {
    GuiState& s = f.state;
    const uint64_t stamp = valueStamp(s, s.selected_key);
    if (stamp == stamp_ && key_ == s.selected_key && db_ == s.db && snap_first_ == window_first_ &&
        snap_limit_ == node_limit_)
        return;
    if (key_ != s.selected_key || db_ != s.db) {
        window_first_ = 0;
        touched_.reset();
    }
    stamp_ = stamp;
    key_ = s.selected_key;
    db_ = s.db;
    snap_first_ = window_first_;
    snap_limit_ = node_limit_;
    inspect::Limits lim;
    lim.nodes = node_limit_;
    lim.node_first = window_first_;
    lim.node_counts = true;  // node headers only: a few thousand numbers for a 1M-element list
    lim.entries = 12;
    lim.string_bytes = 40;
    snap_ = key_.empty() ? std::nullopt : inspect::inspectValue(s.engine(), s.db, key_, lim);
    if (snap_ && key_ != counter_key_) {
        counter_key_ = key_;
        counter_ = snap_->length;
    }
    if (snap_ && snap_->quicklist) window_first_ = snap_->quicklist->first_node;  // clamped by the snapshot
}

void QuicklistView::followCommand(Frame& f) {
    // A new LPUSH/RPUSH/LPOP/RPOP/LINDEX/LSET/LINSERT on this key: show the node it touched.
    const auto& cmds = f.state.commands();
    if (cmds.empty() || cmds.back().seq == seen_seq_ || !snap_ || !snap_->quicklist) return;
    seen_seq_ = cmds.back().seq;
    const inspect::QuicklistSnap& q = *snap_->quicklist;
    const auto node = nodeTouchedBy(cmds.back().argv, key_, q.counts);
    if (!node) return;
    touched_ = node;
    touched_cmd_.clear();
    for (const std::string& a : cmds.back().argv) {
        if (!touched_cmd_.empty()) touched_cmd_ += ' ';
        touched_cmd_ += ellipsize(a, 16);
        if (touched_cmd_.size() > 40) break;
    }
    follow_ = true;
    window_first_ = centredOn(*node, q.node_count);
    if (window_first_ != q.first_node) refresh(f);
}

void QuicklistView::drawWindowBar(Frame& f, const inspect::QuicklistSnap& q) {
    if (q.node_count <= node_limit_ && q.first_node == 0) return;
    uint64_t first = q.first_node;
    const uint64_t lo = 0, hi = q.node_count > node_limit_ ? q.node_count - node_limit_ : 0;
    const size_t last = std::min(q.node_count, q.first_node + q.nodes.size()) - (q.nodes.empty() ? 0 : 1);
    const std::string fmt = "nodes %llu-" + std::to_string(last) + " of " + std::to_string(q.node_count) +
                            " (elements " + std::to_string(q.first_element) + "-" +
                            std::to_string(q.first_element +
                                           [&] {
                                               size_t n = 0;
                                               for (const auto& node : q.nodes) n += node.count;
                                               return n;
                                           }() -
                                           (q.nodes.empty() ? 0 : 1)) +
                            ")";
    ImGui::SetNextItemWidth(-120 * f.scale);
    if (ImGui::SliderScalar("##window", ImGuiDataType_U64, &first, &lo, &hi, fmt.c_str())) {
        window_first_ = static_cast<size_t>(first);
        follow_ = false;
    }
    ImGui::SameLine();
    if (ImGui::Button("head")) {
        window_first_ = 0;
        follow_ = false;
    }
    ImGui::SameLine();
    if (ImGui::Button("tail")) {
        window_first_ = hi;
        follow_ = false;
    }
}

void QuicklistView::drawOverview(Frame& f, const inspect::QuicklistSnap& q) {
    // The whole list in one strip: the raw ends, the compressed zone between them (shaded
    // by the share of its nodes that are compressed), the window bracketed, the touched
    // node marked. A click moves the window there.
    if (q.node_count <= node_limit_ && q.first_node == 0) return;
    const Theme& t = f.theme;
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = 16 * f.scale;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const QlOverview ov = overview(q, q.nodes.size(), w);
    ImGui::InvisibleButton("##overview", ImVec2(w, h));
    if (ImGui::IsItemActive()) {
        window_first_ = centredOn(ov.nodeAt(ImGui::GetMousePos().x - o.x), q.node_count);
        follow_ = false;
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("node %zu of %zu: click to look there", ov.nodeAt(ImGui::GetMousePos().x - o.x),
                          q.node_count);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 e(o.x + w, o.y + h);
    dl->AddRectFilled(o, e, col(t.panel), 3.0f);
    if (ov.head_end < ov.tail_start) {
        dl->AddRectFilled(ImVec2(o.x + ov.head_end, o.y + 3 * f.scale), ImVec2(o.x + ov.tail_start, e.y - 3 * f.scale),
                          col(t.accent, 0.2f + 0.6f * static_cast<float>(ov.compressed_share)));
        dl->AddRectFilled(ImVec2(o.x, o.y + 3 * f.scale),
                          ImVec2(std::max(o.x + ov.head_end, o.x + 2), e.y - 3 * f.scale), col(t.ok, 0.8f));
        dl->AddRectFilled(ImVec2(std::min(o.x + ov.tail_start, e.x - 2), o.y + 3 * f.scale),
                          ImVec2(e.x, e.y - 3 * f.scale), col(t.ok, 0.8f));
    } else {
        dl->AddRectFilled(ImVec2(o.x, o.y + 3 * f.scale), ImVec2(e.x, e.y - 3 * f.scale), col(t.node_border, 0.5f));
    }
    if (static_cast<float>(q.node_count) * 4 * f.scale < w)  // node boundaries, when they are far enough apart
        for (size_t i = 1; i < q.node_count; ++i)
            dl->AddLine(ImVec2(o.x + ov.x(i), o.y + 3 * f.scale), ImVec2(o.x + ov.x(i), e.y - 3 * f.scale),
                        col(t.panel), 1.0f);
    const float x0 = o.x + ov.window_x0, x1 = std::max(o.x + ov.window_x1, x0 + 3);
    dl->AddRect(ImVec2(x0 - 1, o.y), ImVec2(x1 + 1, e.y), col(t.highlight), 2.0f, 0, 2.0f * f.scale);
    if (touched_ && *touched_ < q.node_count) {
        const float tx = o.x + (ov.x(*touched_) + ov.x(*touched_ + 1)) / 2;
        dl->AddTriangleFilled(ImVec2(tx - 4 * f.scale, e.y + 5 * f.scale), ImVec2(tx + 4 * f.scale, e.y + 5 * f.scale),
                              ImVec2(tx, e.y), col(t.highlight));
    }
    ImGui::Dummy(ImVec2(w, 4 * f.scale));
    char line[200];
    std::snprintf(line, sizeof line,
                  "head | %zu nodes: green = raw ends, blue = compressed zone (%zu compressed) | tail", q.node_count,
                  q.compressed_nodes);
    textColored(t.muted, line);
    if (touched_) {
        ImGui::SameLine();
        std::snprintf(line, sizeof line, "  %s -> node %zu", touched_cmd_.c_str(), *touched_);
        textColored(t.highlight, line);
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
    // At least two rows (the child scrolls when short): a window of one node would say little.
    g.max_rows = std::max(2, static_cast<int>((ImGui::GetContentRegionAvail().y * 0.72f) / (g.box_h + g.gap_y)));
    const QlLayout l =
        layoutNodes(q.nodes.size(), q.node_count - std::min(q.first_node, q.node_count), avail_w, g, q.first_node);
    // Ask for as many nodes as fit next time (the window may have grown or shrunk); the
    // window keeps two slots for the boxes before and after it.
    const int cols = std::max(1, static_cast<int>((avail_w + g.gap_x) / (g.box_w + g.gap_x)));
    const size_t want = std::max<size_t>(1, windowCapacity(cols, g.max_rows, ~size_t{0}));
    if (want != node_limit_) {  // refresh() re-snapshots next frame
        node_limit_ = want;
        if (follow_ && touched_) window_first_ = centredOn(*touched_, q.node_count);
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
        if (hot) hovered_ = n.index;
        const bool touched = touched_ && *touched_ == n.index;
        drawBox(dl, mn, mx, col(fill), col(hot || touched ? th.highlight : border), col(th.text), "",
                hot || touched ? 2.4f : 1.4f);
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
    // The boxes for the nodes outside the window: the head's side and the tail's side.
    // A click pages the window that way.
    auto outside = [&](const std::array<float, 2>& at, size_t n, bool before) {
        const ImVec2 mn = P(at), mx(mn.x + g.box_w, mn.y + g.box_h);
        const bool hot = ImGui::IsMouseHoveringRect(mn, mx);
        drawBox(dl, mn, mx, col(th.panel), col(hot ? th.highlight : th.muted), col(th.muted), "");
        char line[64];
        const float x = mn.x + 8 * f.scale;
        std::snprintf(line, sizeof line, before ? "head ... #%zu" : "#%zu ... tail", before ? n - 1 : q.node_count - n);
        dl->AddText(ImVec2(x, mn.y + 5 * f.scale), col(th.text), line);
        std::snprintf(line, sizeof line, "%zu node%s %s", n, n == 1 ? "" : "s", before ? "before" : "more");
        dl->AddText(ImVec2(x, mn.y + 5 * f.scale + lh), col(th.muted), line);
        dl->AddText(ImVec2(x, mn.y + 5 * f.scale + 2 * lh), col(th.muted),
                    before ? "click: page back" : "click: page on");
        if (hot && ImGui::IsMouseClicked(0)) {
            const size_t page = std::max<size_t>(1, q.nodes.size());
            window_first_ = before ? (q.first_node > page ? q.first_node - page : 0)
                                   : clampWindow(q.first_node + page, page, q.node_count);
            follow_ = false;
        }
    };
    if (l.less_at) {
        outside(*l.less_at, l.hidden_before, true);
        if (!l.boxes.empty() && l.boxes.front().y == (*l.less_at)[1]) {
            const QlBox& b = l.boxes.front();
            const ImVec2 a = P({(*l.less_at)[0] + g.box_w, b.y + g.box_h / 2});
            drawArrow(dl, ImVec2(a.x + 2, a.y - off), P({b.x - 2, b.y + g.box_h / 2 - off}), col(th.muted), 1.3f,
                      6 * f.scale);
            drawArrow(dl, P({b.x - 2, b.y + g.box_h / 2 + off}), ImVec2(a.x + 2, a.y + off), col(th.muted), 1.3f,
                      6 * f.scale);
        }
    }
    if (l.more_at) {
        outside(*l.more_at, l.hidden, false);
        const ImVec2 mn = P(*l.more_at);
        if (!l.boxes.empty() && l.boxes.back().y == (*l.more_at)[1]) {
            const QlBox& last = l.boxes.back();
            const ImVec2 a = P({last.x + g.box_w, last.y + g.box_h / 2});
            drawArrow(dl, ImVec2(a.x + 2, a.y - off), ImVec2(mn.x - 2, mn.y + g.box_h / 2 - off), col(th.muted), 1.3f,
                      6 * f.scale);
            drawArrow(dl, ImVec2(mn.x - 2, mn.y + g.box_h / 2 + off), ImVec2(a.x + 2, a.y + off), col(th.muted), 1.3f,
                      6 * f.scale);
        }
    }
    ImGui::Dummy(ImVec2(l.width + 2 * margin, l.height + 12 * f.scale));
    // What the hovered node (or the first interesting one) is, in words.
    const inspect::QuicklistSnap::Node* focus = nullptr;
    if (hovered_)
        for (const auto& n : q.nodes)
            if (n.index == *hovered_) focus = &n;
    if (!focus && touched_)
        for (const auto& n : q.nodes)
            if (n.index == *touched_) focus = &n;
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
        for (size_t i = 0; i < q.first.size(); ++i)
            row(static_cast<long long>(i), q.first[i], nodeOfIndex(q.counts, static_cast<long long>(i)));
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
                nodeOfIndex(q.counts, static_cast<long long>(index)));
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
    followCommand(f);
    if (!snap_ || !snap_->quicklist) return;  // deleted between the snapshots
    const inspect::ValueSnapshot& v = *snap_;
    drawValueHeader(f, v);
    drawControls(f, v);
    drawWindowBar(f, *v.quicklist);
    drawOverview(f, *v.quicklist);
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
