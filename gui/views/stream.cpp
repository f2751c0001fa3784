// The stream view: the entries in id order (deleted ones still in their node, struck
// through) with each consumer group's cursor — its last delivered id — drawn as a
// marker between them; the listpack nodes of the radix tree as boxes (master id, live and
// deleted counts, bytes, a cell per entry); and the consumer groups: entries read and
// lag, the consumers with their pending counts and idle times, and the pending entries
// list (PEL). Buttons run XADD, XREADGROUP ... > for a chosen group and consumer, and
// XACK of the oldest pending entry, so a learner watches a cursor move and a PEL fill
// and drain.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>

#include "gui/draw.h"
#include "gui/model/stream_layout.h"
#include "gui/model/value_cache.h"
#include "gui/value_header.h"
#include "gui/views/views.h"

namespace redsim::gui {

namespace {

class StreamView final : public View {
public:
    std::string_view name() const override { return "stream"; }
    std::string_view title() const override { return "Stream"; }
    bool keyed() const override { return true; }
    int fit(const inspect::ValueSnapshot& v) const override { return v.stream ? 100 : 0; }
    void drawContent(Frame& f) override;

private:
    // A line of the entry table: an entry, or a group's cursor between entries.
    struct Line {
        bool cursor = false;
        size_t index = 0;  // into rows_ or snap's groups
    };
    void refresh(GuiState& s);
    void drawButtons(Frame& f, const inspect::StreamSnap& st);
    void drawEntries(Frame& f, const inspect::StreamSnap& st, float height);
    void drawNodes(Frame& f, const inspect::StreamSnap& st);
    void drawGroups(Frame& f, const inspect::StreamSnap& st);

    // 48 nodes of up to 128 entries: a window of a big stream, counted when cut.
    ValueCache cache_{inspect::Limits{.entries = 128, .nodes = 48}};
    const inspect::ValueSnapshot* snap_ = nullptr;
    std::vector<StreamRow> rows_;
    std::vector<Line> lines_;
    std::map<StreamID, std::string> pending_;  // id -> "g/alice x2"
    std::string key_;
    std::string field_ = "type", value_ = "click";
    std::string consumer_ = "c1";
    int group_ = 0;
};

void StreamView::refresh(GuiState& s) {
    bool retaken = false;
    snap_ = cache_.get(s, &retaken);
    if (!retaken) return;
    key_ = s.selected_key;
    rows_.clear();
    lines_.clear();
    pending_.clear();
    if (!snap_ || !snap_->stream) return;
    const inspect::StreamSnap& st = *snap_->stream;
    rows_ = streamRows(st);
    const bool cut = streamRowsLeftOut(st) > 0 || st.more_nodes > 0;
    std::vector<std::pair<size_t, size_t>> cursors;  // (row index, group)
    for (size_t g = 0; g < st.groups.size(); ++g)
        cursors.emplace_back(cursorPosition(rows_, st.groups[g].last_id, cut).index, g);
    std::stable_sort(cursors.begin(), cursors.end());
    size_t c = 0;
    for (size_t i = 0; i <= rows_.size(); ++i) {
        // The cursor goes after the last delivered entry: before row i.
        for (; c < cursors.size() && cursors[c].first == i; ++c) lines_.push_back({true, cursors[c].second});
        if (i < rows_.size()) lines_.push_back({false, i});
    }
    for (const auto& g : st.groups)
        for (const auto& p : g.pel) {
            std::string& t = pending_[p.id];
            if (!t.empty()) t += ", ";
            t += g.name + "/" + p.consumer + " x" + std::to_string(p.deliveries);
        }
    if (group_ >= static_cast<int>(st.groups.size())) group_ = 0;
}

void StreamView::drawButtons(Frame& f, const inspect::StreamSnap& st) {
    GuiState& s = f.state;
    ImGui::SetNextItemWidth(90 * f.scale);
    ImGui::InputText("##field", &field_);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(90 * f.scale);
    ImGui::InputText("##value", &value_);
    ImGui::SameLine();
    if (ImGui::Button("XADD *")) s.runCommand(xaddCommand(key_, field_.empty() ? "field" : field_, value_));
    ImGui::SameLine(0, 24 * f.scale);
    if (st.groups.empty()) {
        if (ImGui::Button("XGROUP CREATE g1 0")) {
            const std::vector<std::string> argv{"XGROUP", "CREATE", key_, "g1", "0"};
            s.runCommand(argv);
        }
        return;
    }
    const auto& g = st.groups[static_cast<size_t>(group_)];
    ImGui::SetNextItemWidth(110 * f.scale);
    if (ImGui::BeginCombo("##group", g.name.c_str())) {
        for (size_t i = 0; i < st.groups.size(); ++i)
            if (ImGui::Selectable(st.groups[i].name.c_str(), static_cast<int>(i) == group_)) {
                group_ = static_cast<int>(i);
                consumer_ = defaultConsumer(st.groups[i]);
            }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(90 * f.scale);
    ImGui::InputText("##consumer", &consumer_);
    ImGui::SameLine();
    if (ImGui::Button("XREADGROUP COUNT 1 >"))
        s.runCommand(xreadgroupCommand(key_, g.name, consumer_.empty() ? defaultConsumer(g) : consumer_));
    ImGui::SameLine();
    const auto ack = xackOldestCommand(key_, g);
    ImGui::BeginDisabled(!ack);
    if (ImGui::Button("XACK oldest") && ack) s.runCommand(*ack);
    ImGui::EndDisabled();
}

void StreamView::drawEntries(Frame& f, const inspect::StreamSnap& st, float height) {
    const Theme& t = f.theme;
    const size_t left_out = streamRowsLeftOut(st);
    ImGui::TextDisabled("entries (%zu listed%s)", rows_.size(),
                        left_out ? (", " + std::to_string(left_out) + " more not shown").c_str() : "");
    if (!ImGui::BeginTable("##entries", 3,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV |
                               ImGuiTableFlags_SizingStretchProp,
                           ImVec2(0, height - ImGui::GetTextLineHeightWithSpacing())))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("id", ImGuiTableColumnFlags_WidthStretch, 1.1f);
    ImGui::TableSetupColumn("fields", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn("pending in", ImGuiTableColumnFlags_WidthStretch, 1.1f);
    ImGui::TableHeadersRow();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(lines_.size()));
    while (clip.Step())
        for (int li = clip.DisplayStart; li < clip.DisplayEnd; ++li) {
            const Line& line = lines_[static_cast<size_t>(li)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (line.cursor) {
                const auto& g = st.groups[line.index];
                // A marker across the row: the group's last delivered id.
                const ImVec2 p = ImGui::GetCursorScreenPos();
                const float y = p.y + ImGui::GetTextLineHeight() / 2;
                dl->AddTriangleFilled(ImVec2(p.x, y - 5), ImVec2(p.x, y + 5), ImVec2(p.x + 8, y), col(t.path));
                ImGui::SetCursorPosX(ImGui::GetCursorPosX() + 12 * f.scale);
                textColored(t.path, g.name);
                ImGui::TableNextColumn();
                std::string lag = g.lag ? std::to_string(*g.lag) : "?";
                textColored(t.path, "last delivered " + g.last_id.str() + "   lag " + lag);
                ImGui::TableNextColumn();
                continue;
            }
            const StreamRow& r = rows_[line.index];
            const std::string id = r.id.str();
            if (r.deleted) {
                ImGui::TextDisabled("%s", id.c_str());
                const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
                dl->AddLine(ImVec2(a.x, (a.y + b.y) / 2), ImVec2(b.x, (a.y + b.y) / 2), col(t.muted));
                ImGui::TableNextColumn();
                ImGui::TextDisabled("(deleted: flagged in its node)");
                ImGui::TableNextColumn();
                continue;
            }
            textColored(t.text, id);
            ImGui::TableNextColumn();
            std::string fields;
            if (r.fields)
                for (size_t i = 0; i < r.fields->size(); ++i) {
                    fields += (i % 2 == 0 ? (i ? "  " : "") : "=") + ellipsize((*r.fields)[i].text, 24);
                }
            ImGui::TextUnformatted(fields.c_str());
            ImGui::TableNextColumn();
            if (auto it = pending_.find(r.id); it != pending_.end()) textColored(t.warning, it->second);
        }
    ImGui::EndTable();
}

void StreamView::drawNodes(Frame& f, const inspect::StreamSnap& st) {
    const Theme& t = f.theme;
    ImGui::TextDisabled("radix tree: %zu nodes (%zu tree nodes), each a listpack of at most %lld entries / %s",
                        st.node_count, st.rax_nodes, st.node_max_entries, humanBytes(st.node_max_bytes).c_str());
    const float line = ImGui::GetTextLineHeight();
    const float box_w = 178 * f.scale, cell_h = 8 * f.scale;
    size_t most = 1;
    for (const auto& n : st.nodes) most = std::max(most, n.entries.size());
    // A cell per entry, 4 to 16 to a line (wider cells for small nodes).
    const size_t cols = std::clamp<size_t>(most, 4, 16);
    const float box_h =
        2 * line + 10 * f.scale + static_cast<float>((std::min<size_t>(most, 64) + cols - 1) / cols) * cell_h;
    const float avail = ImGui::GetContentRegionAvail().x;
    const NodeLayout l = layoutNodes(st.nodes.size(), avail, box_w, box_h, 8 * f.scale);
    const float shown_h = std::min(l.height, 3 * (box_h + 8 * f.scale));
    ImGui::BeginChild("##nodes", ImVec2(0, shown_h + 4 * f.scale), false);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const auto& b : l.boxes) {
        const auto& n = st.nodes[b.node];
        const ImVec2 a(p.x + b.x, p.y + b.y), z(a.x + b.w, a.y + b.h);
        dl->AddRectFilled(a, z, col(t.node), 4);
        dl->AddRect(a, z, col(t.node_border), 4);
        const float pad = 5 * f.scale;
        dl->AddText(ImVec2(a.x + pad, a.y + 3), col(t.text), ("master " + n.master.str()).c_str());
        char info[96];
        std::snprintf(info, sizeof info, "%lld live  %lld del  %s", n.live, n.deleted,
                      humanBytes(static_cast<long long>(n.bytes)).c_str());
        dl->AddText(ImVec2(a.x + pad, a.y + 3 + line), col(t.muted), info);
        const float strip_w = b.w - 2 * pad;
        const size_t shown = std::min<size_t>(n.entries.size(), 64);
        for (size_t i = 0; i < shown; ++i) {
            const EntryCell c = entryCell(i, cols, strip_w, cell_h, cols);
            const ImVec2 ca(a.x + pad + c.x0, a.y + 6 + 2 * line + c.y0),
                cz(a.x + pad + c.x1, a.y + 6 + 2 * line + c.y1);
            const auto& e = n.entries[i];
            if (e.deleted) {
                dl->AddRect(ca, cz, col(t.muted));
                dl->AddLine(ca, cz, col(t.muted));
            } else {
                dl->AddRectFilled(ca, cz, col(pending_.count(e.id) ? t.warning : t.type_stream));
            }
        }
    }
    ImGui::Dummy(ImVec2(avail, l.height));
    ImGui::EndChild();
    ImGui::TextDisabled("a cell per entry:");
    ImGui::SameLine();
    badge("live", t.type_stream, t.background);
    ImGui::SameLine();
    badge("pending", t.warning, t.background);
    ImGui::SameLine();
    badge("deleted", t.node, t.muted);
    if (st.more_nodes) {
        ImGui::SameLine();
        ImGui::TextDisabled("  ... %zu more nodes", st.more_nodes);
    }
}

void StreamView::drawGroups(Frame& f, const inspect::StreamSnap& st) {
    const Theme& t = f.theme;
    if (st.groups.empty()) {
        ImGui::TextDisabled("no consumer groups (XGROUP CREATE %s g1 0)", key_.c_str());
        return;
    }
    // Idle times count up between snapshots: the engine's clock now, not the snapshot's.
    const int64_t now = f.state.engine().clock().nowMs();
    for (const auto& g : st.groups) {
        ImGui::PushID(g.name.c_str());
        badge(g.name, t.path, t.background);
        ImGui::SameLine();
        ImGui::TextDisabled("last delivered");
        ImGui::SameLine();
        ImGui::TextUnformatted(g.last_id.str().c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("entries-read");
        ImGui::SameLine();
        ImGui::Text("%s", g.entries_read < 0 ? "?" : std::to_string(g.entries_read).c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("lag");
        ImGui::SameLine();
        ImGui::Text("%s", g.lag ? std::to_string(*g.lag).c_str() : "? (unknown after a deletion)");
        ImGui::SameLine();
        ImGui::TextDisabled("pending");
        ImGui::SameLine();
        textColored(g.pel_size ? t.warning : t.ok, std::to_string(g.pel_size));
        const float half = ImGui::GetContentRegionAvail().x * 0.42f;
        if (ImGui::BeginTable("##consumers", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp,
                              ImVec2(half, 0))) {
            ImGui::TableSetupColumn("consumer");
            ImGui::TableSetupColumn("pending");
            ImGui::TableSetupColumn("idle");
            ImGui::TableHeadersRow();
            for (const auto& c : g.consumers) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(ellipsize(c.name, 20).c_str());
                ImGui::TableNextColumn();
                textColored(c.pending ? t.warning : t.muted, std::to_string(c.pending));
                ImGui::TableNextColumn();
                ImGui::TextDisabled("%s", idleText(idleMs(now, c.seen_time)).c_str());
            }
            if (g.consumers.empty()) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextDisabled("none yet");
            }
            if (g.more_consumers) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextDisabled("... %zu more", g.more_consumers);
            }
            ImGui::EndTable();
        }
        ImGui::SameLine(0, 12 * f.scale);
        if (ImGui::BeginTable("##pel", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
            ImGui::TableSetupColumn("PEL id");
            ImGui::TableSetupColumn("consumer");
            ImGui::TableSetupColumn("deliveries");
            ImGui::TableSetupColumn("idle");
            ImGui::TableHeadersRow();
            for (const auto& p : g.pel) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                textColored(t.warning, p.id.str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(ellipsize(p.consumer, 20).c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%llu", static_cast<unsigned long long>(p.deliveries));
                ImGui::TableNextColumn();
                ImGui::TextDisabled("%s", idleText(idleMs(now, p.delivery_time)).c_str());
            }
            if (g.pel.empty()) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextDisabled("empty");
            }
            if (g.pel_size > g.pel.size()) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextDisabled("... %zu more", g.pel_size - g.pel.size());
            }
            ImGui::EndTable();
        }
        ImGui::PopID();
        ImGui::Spacing();
    }
    if (st.more_groups) ImGui::TextDisabled("... %zu more groups", st.more_groups);
}

void StreamView::drawContent(Frame& f) {
    refresh(f.state);
    if (!snap_ || !snap_->stream) {
        drawNoKey(f, "a stream");
        return;
    }
    drawValueHeader(f, *snap_);
    const inspect::StreamSnap& st = *snap_->stream;
    ImGui::TextDisabled("first");
    ImGui::SameLine();
    ImGui::TextUnformatted(st.first_id.str().c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("last");
    ImGui::SameLine();
    ImGui::TextUnformatted(st.last_id.str().c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("max deleted %s   entries added %llu", st.max_deleted.str().c_str(),
                        static_cast<unsigned long long>(st.entries_added));
    drawButtons(f, st);
    ImGui::Separator();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float left = std::max(320.0f * f.scale, avail.x * 0.46f);
    ImGui::BeginChild("##streamleft", ImVec2(left, 0), false);
    drawEntries(f, st, ImGui::GetContentRegionAvail().y);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("##streamright", ImVec2(0, 0), false);
    drawNodes(f, st);
    ImGui::Separator();
    drawGroups(f, st);
    ImGui::EndChild();
}

}  // namespace

std::unique_ptr<View> makeStreamView() { return std::make_unique<StreamView>(); }

}  // namespace redsim::gui
