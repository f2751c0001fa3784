// The listpack view: the bytes of a small hash, sorted set or list node as they sit in
// memory — the 6-byte header (total bytes, count), every entry as its three parts
// (encoding, data, backlen) with widths proportional to their bytes, the 0xFF
// terminator — wrapped into rows with byte offsets, coloured by role (field / value,
// member / score); hovering a part shows its bytes in hex and what they decode to. An
// intset (a small set of integers) is drawn the same way: its 8-byte header and the
// fixed-width little-endian members. Beside it, the value's contents as a table.
#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "gui/draw.h"
#include "gui/model/listpack_layout.h"
#include "gui/model/value_stamp.h"
#include "gui/value_header.h"
#include "gui/views/views.h"

namespace redsim::gui {

namespace {

// What each BytePiece::Kind is, for the tooltip (in the enum's order).
constexpr const char* kPartNames[] = {"header: total bytes (u32, little endian)",
                                      "header: entry count (u16; 65535 = count them)",
                                      "entry encoding",
                                      "entry data",
                                      "backlen: the entry's length, read right to left (for LPOP/prev)",
                                      "terminator",
                                      "intset header: bytes per member (u32)",
                                      "intset header: member count (u32)",
                                      "intset member"};
constexpr size_t kEntries = 256;  // entries snapshotted (a listpack holds at most 128 by default)

class ListpackView final : public View {
public:
    std::string_view name() const override { return "listpack"; }
    std::string_view title() const override { return "Listpack"; }
    bool keyed() const override { return true; }
    int fit(const inspect::ValueSnapshot& v) const override {
        if (v.listpack) return 90;
        if (v.intset) return 80;
        return 0;
    }
    void drawContent(Frame& f) override;

private:
    void refresh(Frame& f);
    void drawStrip(Frame& f);
    void drawContents(Frame& f);
    Rgba pieceColor(const Theme& t, const BytePiece& p) const;

    std::optional<inspect::ValueSnapshot> snap_;
    uint64_t stamp_ = ~0ull;
    std::string key_;
    int db_ = -1;
    std::vector<BytePiece> pieces_;
    float laid_out_for_ = -1;
    int rows_ = 0;
};

void ListpackView::refresh(Frame& f) {
    GuiState& s = f.state;
    const uint64_t stamp = valueStamp(s, s.selected_key);
    if (stamp == stamp_ && key_ == s.selected_key && db_ == s.db) return;
    stamp_ = stamp;
    key_ = s.selected_key;
    db_ = s.db;
    snap_.reset();
    pieces_.clear();
    laid_out_for_ = -1;
    if (key_.empty()) return;
    snap_ = inspect::inspectValue(s.engine(), s.db, key_,
                                  inspect::Limits{.entries = kEntries, .string_bytes = 48, .raw_bytes = 32});
    if (!snap_) return;
    if (snap_->listpack)
        pieces_ = listpackPieces(*snap_->listpack);
    else if (snap_->intset)
        pieces_ = intsetPieces(*snap_->intset);
}

Rgba ListpackView::pieceColor(const Theme& t, const BytePiece& p) const {
    using K = BytePiece::Kind;
    switch (p.kind) {
        case K::Total:
        case K::Count:
        case K::IntsetEncoding:
        case K::IntsetLength:
            return t.header;
        case K::Terminator:
            return mix(t.panel, t.error, 0.45);
        case K::Encoding:
            return mix(t.node, t.accent, 0.25);
        case K::Backlen:
            return mix(t.node, t.muted, 0.25);
        case K::IntsetMember:
            return mix(t.node, t.type_set, 0.35);
        case K::Data:
            break;
    }
    std::string_view role;
    if (snap_ && snap_->listpack && p.entry < snap_->listpack->entries.size())
        role = snap_->listpack->entries[p.entry].role;
    if (role == "field" || role == "member") return mix(t.node, t.type_hash, 0.45);
    if (role == "value") return mix(t.node, t.type_list, 0.40);
    if (role == "score") return mix(t.node, t.type_zset, 0.45);
    return mix(t.node, t.type_list, 0.40);
}

void ListpackView::drawStrip(Frame& f) {
    const Theme& t = f.theme;
    const float fs = ImGui::GetFontSize();
    const float offset_w = 4 * f.scale;  // the ruler above the boxes gives the offsets
    const float budget = ImGui::GetContentRegionAvail().x - offset_w - ImGui::GetStyle().ScrollbarSize - 8 * f.scale;
    StripGeometry g;
    g.px_per_byte *= f.scale;
    g.min_w = std::max(g.min_w * f.scale, ImGui::CalcTextSize("FF").x + 10 * f.scale);
    g.max_w *= f.scale;
    g.gap *= f.scale;
    g.group_gap *= f.scale;
    if (budget != laid_out_for_) {
        rows_ = layoutPieces(pieces_, budget, g);
        laid_out_for_ = budget;
    }
    const float box_h = fs + 10 * f.scale;
    const float row_h = fs + box_h + fs + 14 * f.scale;  // offsets above, the box, its part's name under
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 mouse = ImGui::GetMousePos();
    const BytePiece* hovered = nullptr;
    size_t last_group = ~size_t{0};
    using K = BytePiece::Kind;
    const float clip_top = ImGui::GetWindowPos().y, clip_bottom = clip_top + ImGui::GetWindowHeight();
    for (const BytePiece& p : pieces_) {
        const float top = o.y + static_cast<float>(p.row) * row_h;
        const float y = top + fs + 2 * f.scale;
        const ImVec2 a(o.x + offset_w + p.x, y), b(a.x + p.w, y + box_h);
        if (b.y + fs < clip_top || top > clip_bottom) continue;  // scrolled out of sight: not drawn
        if (p.group != last_group || p.kind == K::Count || p.kind == K::IntsetLength) {
            // A byte ruler: where each entry (and each header field) starts.
            last_group = p.group;
            const std::string off = "@" + std::to_string(p.offset);
            dl->AddLine(ImVec2(a.x, top + fs), ImVec2(a.x, y), col(t.grid));
            dl->AddText(ImVec2(a.x + 2, top), col(t.muted), off.c_str());
        }
        const bool hover =
            ImGui::IsWindowHovered() && mouse.x >= a.x && mouse.x < b.x && mouse.y >= a.y && mouse.y < b.y;
        if (hover) hovered = &p;
        drawBox(dl, a, b, col(pieceColor(t, p)), col(hover ? t.highlight : t.node_border), col(t.text), p.label,
                hover ? 2.0f : 1.0f);
        // Under the box: which part it is.
        std::string under;
        switch (p.kind) {
            case K::Total:
                under = "total";
                break;
            case K::Count:
                under = "count";
                break;
            case K::Encoding:
                under = "#" + std::to_string(p.entry);
                break;
            case K::Data:
                if (snap_ && snap_->listpack) under = snap_->listpack->entries[p.entry].role;
                break;
            case K::Backlen:
                under = "back";
                break;
            case K::Terminator:
                under = "end";
                break;
            case K::IntsetEncoding:
                under = "width";
                break;
            case K::IntsetLength:
                under = "length";
                break;
            case K::IntsetMember:
                under = "[" + std::to_string(p.entry) + "]";
                break;
        }
        if (!under.empty()) {
            const std::string cut =
                ellipsize(under, static_cast<size_t>(std::max(2.0f, (p.w + g.group_gap) / (fs * 0.6f))));
            dl->AddText(ImVec2(a.x + 2, b.y + 2), col(t.muted), cut.c_str());
        }
    }
    ImGui::Dummy(ImVec2(offset_w + budget, static_cast<float>(rows_) * row_h));
    if (hovered) {
        const BytePiece& p = *hovered;
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(kPartNames[static_cast<int>(p.kind)]);
        ImGui::TextDisabled("offset %zu, %zu byte%s", p.offset, p.bytes, p.bytes == 1 ? "" : "s");
        if (!p.hex.empty()) textColored(t.accent, p.hex + (p.known < p.bytes ? "  (first bytes)" : ""));
        if (snap_ && snap_->listpack && (p.kind == K::Encoding || p.kind == K::Data || p.kind == K::Backlen)) {
            const inspect::ListpackSnap::Entry& e = snap_->listpack->entries[p.entry];
            ImGui::Text("entry #%zu: %s %s = %s%s", p.entry, e.role.c_str(), e.encoding.c_str(),
                        ellipsize(e.value.text, 48).c_str(), e.value.cut() ? ".." : "");
            ImGui::TextDisabled("encoding %zu + data %zu + backlen %zu = %zu bytes", e.encoding_bytes, e.data_bytes,
                                e.backlen_bytes, e.total());
        } else if (p.kind == K::IntsetMember) {
            ImGui::Text("member %s", p.label.c_str());
        }
        ImGui::EndTooltip();
    }
    if (snap_ && snap_->listpack && snap_->listpack->more)
        textColored(t.muted, "... " + std::to_string(snap_->listpack->more) + " more entries");
    if (snap_ && snap_->intset && snap_->intset->more)
        textColored(t.muted, "... " + std::to_string(snap_->intset->more) + " more members");
}

void ListpackView::drawContents(Frame& f) {
    const Theme& t = f.theme;
    const bool is_listpack = snap_->listpack.has_value();
    const bool pairs = is_listpack && (snap_->type == ObjType::Hash || snap_->type == ObjType::ZSet);
    const char* a = snap_->type == ObjType::Hash ? "field" : snap_->type == ObjType::ZSet ? "member" : "element";
    const char* b = snap_->type == ObjType::Hash ? "value" : "score";
    const int cols = pairs ? 3 : 2;
    if (!ImGui::BeginTable("##contents", cols,
                           ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp,
                           ImVec2(0, ImGui::GetContentRegionAvail().y)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, 36 * f.scale);
    ImGui::TableSetupColumn(is_listpack ? a : "member");
    if (pairs) ImGui::TableSetupColumn(b);
    ImGui::TableHeadersRow();
    const size_t n = is_listpack ? (pairs ? snap_->listpack->entries.size() / 2 : snap_->listpack->entries.size())
                                 : snap_->intset->members.size();
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(n));
    while (clip.Step()) {
        for (int r = clip.DisplayStart; r < clip.DisplayEnd; ++r) {
            const size_t i = static_cast<size_t>(r);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            textColored(t.muted, std::to_string(i));
            ImGui::TableNextColumn();
            if (!is_listpack) {
                ImGui::TextUnformatted(std::to_string(snap_->intset->members[i]).c_str());
                continue;
            }
            const auto& es = snap_->listpack->entries;
            const size_t k = pairs ? 2 * i : i;
            ImGui::TextUnformatted(ellipsize(es[k].value.text, 40).c_str());
            if (pairs) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(ellipsize(es[k + 1].value.text, 40).c_str());
            }
        }
    }
    ImGui::EndTable();
}

void ListpackView::drawContent(Frame& f) {
    refresh(f);
    if (!snap_) {
        drawNoKey(f, "a listpack's or an intset's bytes");
        return;
    }
    drawValueHeader(f, *snap_);
    if (pieces_.empty()) {
        textColored(f.theme.muted,
                    snap_->quicklist
                        ? "A list is a quicklist: a linked list of listpack nodes (see the quicklist view)."
                        : "This value has no listpack or intset: it is past the encoding's limits (see the reason "
                          "above).");
        return;
    }
    const Theme& t = f.theme;
    if (snap_->listpack) {
        const inspect::ListpackSnap& lp = *snap_->listpack;
        ImGui::Text("%zu bytes, %zu entries", lp.total_bytes, lp.count);
        ImGui::SameLine(0, 16 * f.scale);
        ImGui::TextDisabled("header %zu B + entries %zu B + terminator 1 B", lp.header_bytes,
                            lp.total_bytes - lp.header_bytes - 1);
    } else {
        const inspect::IntsetSnap& is = *snap_->intset;
        ImGui::Text("%zu bytes, %zu members of %u bytes", is.blob_bytes, is.length, is.width);
        ImGui::SameLine(0, 16 * f.scale);
        ImGui::TextDisabled("sorted, little endian; a member too wide for %u bytes upgrades them all", is.width);
    }
    // Legend of the colours.
    auto legend = [&](Rgba c, const char* what) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float s = ImGui::GetFontSize();
        ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + s, p.y + s), col(c), 2.0f);
        ImGui::Dummy(ImVec2(s, s));
        ImGui::SameLine();
        ImGui::TextUnformatted(what);
        ImGui::SameLine(0, 14 * f.scale);
    };
    if (snap_->listpack) {
        legend(t.header, "header");
        legend(mix(t.node, t.accent, 0.25), "encoding");
        if (snap_->type == ObjType::Hash) {
            legend(mix(t.node, t.type_hash, 0.45), "field");
            legend(mix(t.node, t.type_list, 0.40), "value");
        } else if (snap_->type == ObjType::ZSet) {
            legend(mix(t.node, t.type_hash, 0.45), "member");
            legend(mix(t.node, t.type_zset, 0.45), "score");
        } else {
            legend(mix(t.node, t.type_list, 0.40), "data");
        }
        legend(mix(t.node, t.muted, 0.25), "backlen");
        legend(mix(t.panel, t.error, 0.45), "0xFF end");
    } else {
        legend(t.header, "header");
        legend(mix(t.node, t.type_set, 0.35), "member");
    }
    ImGui::NewLine();
    // The strip's box: as tall as its rows (from the last frame's layout), at most 60%.
    const float avail = ImGui::GetContentRegionAvail().y;
    const float fs = ImGui::GetFontSize();
    const float want = static_cast<float>(std::max(1, rows_)) * (2 * fs + fs + 24 * f.scale) + 3 * fs;
    ImGui::BeginChild("##bytes", ImVec2(0, std::min(avail * 0.6f, want)), true);
    drawStrip(f);
    ImGui::EndChild();
    drawContents(f);
}

}  // namespace

std::unique_ptr<View> makeListpackView() { return std::make_unique<ListpackView>(); }

}  // namespace redsim::gui
