// The skiplist view: a sorted set in skiplist encoding drawn as in Pugh's paper — the
// header column, then one tower per node in rank order, every forward link an arrow
// along its level labelled with its span — and the search path of the last lookup on
// the key (ZSCORE, ZRANK, ZREVRANK, ZINCRBY, ZADD, ZRANGEBYSCORE, ZCOUNT, ZRANGE)
// replayed step by step: the links followed light up, the node stood on is
// highlighted, each step has a caption, and the summary adds the spans up to the rank.
//
// A big zset is shown through a window of consecutive ranks (inspect::skiplistWindow,
// O(log N + window)) that follows the animated step; links leaving the window end at
// its edge with their target rank. Everything derived is cached on the engine's change
// stamp, so a 100k-member zset costs no more per frame than a small one.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

#include "engine/util/numbers.h"
#include "gui/draw.h"
#include "gui/model/skiplist_layout.h"
#include "gui/model/value_stamp.h"
#include "gui/value_header.h"
#include "gui/views/views.h"

namespace redsim::gui {

namespace {

constexpr size_t kWindowNodes = 48;    // node columns snapshotted around the focus
constexpr double kStepSeconds = 0.35;  // one path step revealed every this long

SkiplistGeometry scaled(float s) {
    SkiplistGeometry g;
    g.pitch *= s;
    g.box_w *= s;
    g.box_h *= s;
    g.level_h *= s;
    g.header_w *= s;
    g.gap_w *= s;
    g.null_w *= s;
    g.margin *= s;
    g.label_h *= s;
    return g;
}

// A member as a label: control bytes (binary members) as '.', UTF-8 left alone.
std::string shown(std::string_view s) {
    std::string t(s);
    for (char& c : t)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '.';
    return t;
}

// `s` cut with ".." until it is at most `width` pixels wide in the current font.
std::string fitText(const std::string& s, float width) {
    if (ImGui::CalcTextSize(s.c_str()).x <= width) return s;
    // No glyph is narrower than ~0.4 em: start from the most characters that could fit.
    const size_t most = static_cast<size_t>(width / (0.4f * ImGui::GetFontSize())) + 2;
    for (size_t n = std::min(s.size(), most); n > 3; --n) {
        std::string t = ellipsize(s, n);
        if (ImGui::CalcTextSize(t.c_str()).x <= width) return t;
    }
    return ellipsize(s, 3);
}

class SkiplistView final : public View {
public:
    std::string_view name() const override { return "skiplist"; }
    std::string_view title() const override { return "Skiplist"; }
    bool keyed() const override { return true; }
    int fit(const inspect::ValueSnapshot& v) const override {
        return v.type == ObjType::ZSet && v.encoding == Encoding::SkipList ? 100 : 0;
    }
    void drawContent(Frame& f) override;

private:
    const std::optional<inspect::ValueSnapshot>& selected(GuiState& s);
    void refresh(Frame& f, const inspect::ValueSnapshot& v);
    void drawInputs(Frame& f, const std::string& key);
    void drawCaption(Frame& f, unsigned long length);
    void drawOverview(Frame& f, unsigned long length);
    void drawDiagram(Frame& f);
    void drawTables(Frame& f, const inspect::ValueSnapshot& v);
    bool visitedLink(unsigned long from, int level, unsigned long to) const;
    bool visitedBox(unsigned long rank, int level) const;

    // The selected value (header, reason, the dict's size), refreshed on writes only.
    std::optional<inspect::ValueSnapshot> snap_;
    uint64_t snap_stamp_ = ~0ull;
    std::string snap_key_;
    int snap_db_ = -1;
    // What the last lookup asked, and the path it takes now.
    std::optional<PathCommand> cmd_;
    std::optional<Skiplist::Path> path_;
    uint64_t path_stamp_ = ~0ull;
    std::string path_key_;
    // The animation of the path: which command it is and when it started (-1: show it
    // whole, for commands that ran before the view was first drawn).
    uint64_t anim_seq_ = 0;
    double anim_start_ = -1;
    bool drawn_before_ = false;
    size_t step_ = 0;  // the step showing this frame
    // The window of ranks on screen.
    unsigned long window_first_ = 1;
    bool follow_ = true;  // the window follows the animated step (off once the slider moved)
    std::optional<inspect::SkiplistSnap> win_;
    SkiplistLayout layout_;
    std::vector<LinkGeom> links_;
    uint64_t win_stamp_ = ~0ull;
    unsigned long win_first_ = 0;
    std::string win_key_;
    unsigned long scrolled_to_ = ~0ul;  // the focus the diagram last scrolled to
    std::string input_;
};

const std::optional<inspect::ValueSnapshot>& SkiplistView::selected(GuiState& s) {
    const uint64_t stamp = valueStamp(s, s.selected_key);
    if (stamp != snap_stamp_ || snap_key_ != s.selected_key || snap_db_ != s.db) {
        snap_stamp_ = stamp;
        snap_key_ = s.selected_key;
        snap_db_ = s.db;
        snap_.reset();
        // Nodes come from skiplistWindow: the snapshot itself needs none.
        if (!snap_key_.empty())
            snap_ = inspect::inspectValue(s.engine(), s.db, snap_key_,
                                          inspect::Limits{.entries = 1, .buckets = 1, .chains = 0});
    }
    return snap_;
}

void SkiplistView::refresh(Frame& f, const inspect::ValueSnapshot& v) {
    GuiState& s = f.state;
    // Lookups change no data but start a new path: the stamp counts commands too.
    const uint64_t stamp = valueStamp(s, s.selected_key) + (s.commands().empty() ? 0 : s.commands().back().seq);
    const unsigned long length = v.skiplist ? v.skiplist->length : v.length;
    if (stamp != path_stamp_ || path_key_ != v.key) {
        path_stamp_ = stamp;
        if (path_key_ != v.key) {
            window_first_ = 1;
            follow_ = true;
        }
        path_key_ = v.key;
        cmd_ = lastPathCommand(s.commands(), v.key, length);
        path_.reset();
        if (cmd_)
            path_ = inspect::skiplistPath(s.engine(), s.db, v.key, cmd_->query, inspect::Limits{.string_bytes = 32});
        if (path_ && path_->steps.empty()) path_.reset();
        const uint64_t seq = cmd_ ? cmd_->seq : 0;
        if (seq != anim_seq_) {
            anim_seq_ = seq;
            anim_start_ = drawn_before_ ? f.time_s : -1;
            follow_ = true;
        }
    }
    drawn_before_ = true;
    step_ = path_ ? stepAt(anim_start_ < 0 ? -1 : f.time_s - anim_start_, path_->steps.size(), kStepSeconds) : 0;
    // The list may have shrunk under a window the slider put near its end.
    window_first_ = std::min<unsigned long>(window_first_, length > kWindowNodes ? length - kWindowNodes + 1 : 1);
    if (follow_) {
        const unsigned long focus = path_ ? path_->steps[step_].rank : 0;
        window_first_ = windowFirst(focus, length, kWindowNodes, window_first_);
    }
    if (stamp != win_stamp_ || win_first_ != window_first_ || win_key_ != v.key) {
        win_stamp_ = stamp;
        win_first_ = window_first_;
        win_key_ = v.key;
        win_ = inspect::skiplistWindow(s.engine(), s.db, v.key, window_first_,
                                       inspect::Limits{.entries = kWindowNodes, .string_bytes = 32});
        if (win_) {
            layout_ = layoutWindow(*win_, scaled(f.scale));
            links_ = linkGeometry(layout_, *win_);
        }
    }
}

bool SkiplistView::visitedLink(unsigned long from, int level, unsigned long to) const {
    if (!path_) return false;
    for (size_t i = 1; i <= step_ && i < path_->steps.size(); ++i) {
        const Skiplist::PathStep& st = path_->steps[i];
        if (st.span != 0 && st.level == level && st.rank == to && path_->steps[i - 1].rank == from) return true;
    }
    return false;
}

bool SkiplistView::visitedBox(unsigned long rank, int level) const {
    if (!path_) return false;
    for (size_t i = 0; i <= step_ && i < path_->steps.size(); ++i)
        if (path_->steps[i].rank == rank && path_->steps[i].level == level) return true;
    return false;
}

void SkiplistView::drawInputs(Frame& f, const std::string& key) {
    GuiState& s = f.state;
    auto run = [&](std::vector<std::string> argv) { s.runCommand(argv); };
    ImGui::SetNextItemWidth(160 * f.scale);
    ImGui::InputTextWithHint("##lookup", "member or score", &input_);
    const bool empty = input_.empty();
    ImGui::BeginDisabled(empty);
    ImGui::SameLine();
    if (ImGui::Button("ZSCORE")) run({"ZSCORE", key, input_});
    ImGui::SameLine();
    if (ImGui::Button("ZRANK")) run({"ZRANK", key, input_});
    ImGui::SameLine();
    if (ImGui::Button("ZREVRANK")) run({"ZREVRANK", key, input_});
    ImGui::SameLine();
    const bool is_score = parseScoreBound(input_).has_value();
    ImGui::BeginDisabled(!is_score);
    const std::string by_score = "ZRANGEBYSCORE " + (is_score ? input_ : std::string("x")) + " +inf LIMIT 0 1";
    if (ImGui::Button(by_score.c_str())) run({"ZRANGEBYSCORE", key, input_, "+inf", "LIMIT", "0", "1"});
    ImGui::EndDisabled();
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!path_);
    if (ImGui::Button("Replay")) {
        anim_start_ = f.time_s;
        follow_ = true;
    }
    ImGui::EndDisabled();
}

void SkiplistView::drawCaption(Frame& f, unsigned long length) {
    if (!cmd_) {
        textColored(f.theme.muted,
                    "Run ZSCORE, ZRANK, ZRANGEBYSCORE, ZCOUNT or ZADD on this key (console or the buttons above) to "
                    "see the search walk the levels.");
        return;
    }
    if (!path_) {
        textColored(f.theme.warning, cmd_->text + ": no path (the member is not in the set).");
        return;
    }
    const size_t n = path_->steps.size();
    char head[64];
    std::snprintf(head, sizeof head, "step %zu/%zu  ", step_, n - 1);
    textColored(f.theme.accent, cmd_->text);
    ImGui::SameLine(0, 12 * f.scale);
    textColored(f.theme.muted, head);
    ImGui::SameLine(0, 0);
    textColored(f.theme.path, stepCaption(*path_, step_, win_ ? &*win_ : nullptr));
    const bool done = step_ + 1 == n;
    textColored(done ? f.theme.text : f.theme.muted, pathSummary(*path_, *cmd_, length));
}

void SkiplistView::drawOverview(Frame& f, unsigned long length) {
    // The whole list in one strip: the path's jumps over every rank, the window as a
    // bracket. A click moves the window there.
    const Theme& t = f.theme;
    const int levels = layout_.levels;
    const float row = 4 * f.scale;
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = static_cast<float>(levels) * row + 6 * f.scale;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##overview", ImVec2(w, h));
    if (ImGui::IsItemActive()) {
        const unsigned long r = rankAtX(ImGui::GetMousePos().x - o.x, length, w);
        window_first_ = r > kWindowNodes / 2 ? r - kWindowNodes / 2 : 1;
        window_first_ = std::min<unsigned long>(window_first_, length - kWindowNodes + 1);
        follow_ = false;
    }
    if (ImGui::IsItemHovered()) {
        const unsigned long r = rankAtX(ImGui::GetMousePos().x - o.x, length, w);
        ImGui::SetTooltip("rank %lu: click to look there", r);
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(o, ImVec2(o.x + w, o.y + h), col(t.panel), 3.0f);
    auto y = [&](int level) { return o.y + 3 * f.scale + static_cast<float>(levels - 1 - level) * row + row / 2; };
    const float x0 = o.x + rankX(layout_.first_rank, length, w), x1 = o.x + rankX(layout_.lastRank(), length, w);
    dl->AddRectFilled(ImVec2(x0 - 1, o.y), ImVec2(std::max(x1, x0 + 2) + 1, o.y + h), col(t.accent, 0.35f));
    if (path_) {
        for (size_t i = 1; i <= step_ && i < path_->steps.size(); ++i) {
            const Skiplist::PathStep& a = path_->steps[i - 1];
            const Skiplist::PathStep& b = path_->steps[i];
            dl->AddLine(ImVec2(o.x + rankX(a.rank, length, w), y(a.level)),
                        ImVec2(o.x + rankX(b.rank, length, w), y(b.level)), col(t.path), 2.0f * f.scale);
        }
        const Skiplist::PathStep& c = path_->steps[step_];
        dl->AddCircleFilled(ImVec2(o.x + rankX(c.rank, length, w), y(c.level)), 3.5f * f.scale, col(t.highlight));
    }
}

void SkiplistView::drawDiagram(Frame& f) {
    const Theme& t = f.theme;
    const SkiplistLayout& l = layout_;
    const float height = l.height() + ImGui::GetStyle().ScrollbarSize + 4 * f.scale;
    ImGui::BeginChild("##diagram", ImVec2(0, height), true, ImGuiWindowFlags_HorizontalScrollbar);
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(l.width(), l.height()));
    // Keep the focus in sight: scroll when it changed and lies outside the view.
    const unsigned long focus = path_ ? path_->steps[step_].rank : 0;
    if (focus != scrolled_to_) {
        scrolled_to_ = focus;
        const float fx = focus == 0 || !l.inWindow(focus) ? l.headerX() : l.columnX(focus);
        const float sx = ImGui::GetScrollX(), w = ImGui::GetWindowWidth();
        if (fx < sx + l.g.pitch || fx > sx + w - 2 * l.g.pitch) ImGui::SetScrollX(std::max(0.0f, fx - w / 3));
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    auto at = [&](float x, float y) { return ImVec2(o.x + x, o.y + y); };
    const float fs = ImGui::GetFontSize();
    const Skiplist::PathStep* cur = path_ ? &path_->steps[step_] : nullptr;
    const bool done = path_ && step_ + 1 == path_->steps.size();
    // Towers: the header, the gap, the nodes, the NULL column.
    auto box = [&](float x, float w, int level, unsigned long rank, std::string_view text, Rgba fill) {
        const bool here = cur && cur->rank == rank && cur->level == level;
        const bool seen = visitedBox(rank, level);
        Rgba c = fill;
        if (seen) c = mix(fill, t.path, 0.35);
        if (here) c = t.highlight;
        drawBox(dl, at(x, l.levelY(level)), at(x + w, l.levelY(level) + l.g.box_h), col(c),
                col(seen || here ? t.path : t.node_border), col(here ? t.background : t.text), text,
                seen || here ? 2.0f : 1.0f);
    };
    for (int i = 0; i < l.levels; ++i) box(l.headerX(), l.g.header_w, i, 0, "L" + std::to_string(i), t.header);
    dl->AddText(at(l.headerX(), l.labelY()), col(t.muted), "header");
    if (l.gap) {
        const ImVec2 a = at(l.gapX(), l.levelY(l.levels - 1)), b = at(l.gapX() + l.g.gap_w, l.levelY(0) + l.g.box_h);
        dl->AddRect(a, b, col(t.grid), 3.0f);
        dl->AddText(ImVec2(a.x + 4 * f.scale, (a.y + b.y - fs) / 2), col(t.muted), "...");
        const std::string hidden = "1-" + std::to_string(l.first_rank - 1);
        dl->AddText(at(l.gapX(), l.labelY()), col(t.muted), hidden.c_str());
    }
    if (win_) {
        for (const Skiplist::NodeView& n : win_->nodes) {
            const float x = l.columnX(n.rank);
            for (int i = 0; i < n.level && i < l.levels; ++i)
                box(x, l.g.box_w, i, n.rank, i == 0 ? "#" + std::to_string(n.rank) : std::string(),
                    done && path_->found == n.rank ? mix(t.node, t.ok, 0.5) : t.node);
            const std::string m = fitText(shown(n.member), l.g.pitch - 4 * f.scale);
            const std::string sc = fitText(formatDouble(n.score), l.g.pitch - 4 * f.scale);
            const bool on_path = cur && cur->rank == n.rank;
            dl->AddText(at(x, l.labelY()), col(on_path ? t.path : t.text), m.c_str());
            dl->AddText(at(x, l.labelY() + fs), col(t.muted), sc.c_str());
        }
    }
    if (l.reaches_end) {
        const ImVec2 a = at(l.endX(), l.levelY(l.levels - 1)), b = at(l.endX() + l.g.null_w, l.levelY(0) + l.g.box_h);
        dl->AddRectFilled(a, b, col(t.panel), 3.0f);
        dl->AddRect(a, b, col(t.node_border), 3.0f);
        const ImVec2 ts = ImGui::CalcTextSize("NULL");
        dl->AddText(ImVec2((a.x + b.x - ts.x) / 2, (a.y + b.y - ts.y) / 2), col(t.muted), "NULL");
    }
    // Links: grey, or the path's colour once the animation has followed them.
    for (const LinkGeom& g : links_) {
        const bool seen = visitedLink(g.from_rank, g.level, g.to_rank);
        const ImU32 c = col(seen ? t.path : t.link);
        const float x1 =
            g.end == LinkGeom::End::Node || (g.end == LinkGeom::End::Null && l.reaches_end) ? g.x1 - 1 : g.x1;
        drawArrow(dl, at(g.x0, g.y), at(x1, g.y), c, seen ? 2.5f * f.scale : 1.2f * f.scale, 6 * f.scale);
        // The span on the line, a little after its start.
        const std::string span = std::to_string(g.span);
        const ImVec2 ts = ImGui::CalcTextSize(span.c_str());
        const float sx = g.x0 + std::min(14 * f.scale, std::max(2.0f, (g.x1 - g.x0 - ts.x) / 2));
        const ImVec2 p = at(sx, g.y - ts.y / 2);
        dl->AddRectFilled(ImVec2(p.x - 2, p.y), ImVec2(p.x + ts.x + 2, p.y + ts.y), col(t.panel), 2.0f);
        dl->AddText(p, col(seen ? t.path : t.muted), span.c_str());
        if (g.end == LinkGeom::End::Right || (g.end == LinkGeom::End::Null && !l.reaches_end)) {
            const std::string to = g.end == LinkGeom::End::Null ? "NULL" : "#" + std::to_string(g.to_rank);
            dl->AddText(at(g.x1 + 3 * f.scale, g.y - fs / 2), col(seen ? t.path : t.muted), to.c_str());
        } else if (g.end == LinkGeom::End::Gap) {
            const std::string to = "#" + std::to_string(g.to_rank);
            dl->AddText(at(g.x1 + 3 * f.scale, g.y - fs / 2), col(t.muted), to.c_str());
        }
    }
    // The path's moves from outside the window and its drops, on top.
    if (path_) {
        for (size_t i = 1; i <= step_; ++i) {
            const Skiplist::PathStep& st = path_->steps[i];
            const Skiplist::PathStep& prev = path_->steps[i - 1];
            if (st.span == 0) {
                if (st.rank != 0 && !l.inWindow(st.rank)) continue;
                const float cx = st.rank == 0 ? l.headerX() + l.g.header_w / 2 : l.columnX(st.rank) + l.g.box_w / 2;
                drawArrow(dl, at(cx, l.levelY(st.level + 1) + l.g.box_h), at(cx, l.levelY(st.level) + 1), col(t.path),
                          2.0f * f.scale, 5 * f.scale);
            } else if (prev.rank != 0 && !l.inWindow(prev.rank)) {
                // Followed a link from a node outside the window: draw it from the edge.
                const float y = l.levelY(st.level) + l.g.box_h / 2;
                drawArrow(dl, at(l.leaveX(prev.rank), y), at(l.arriveX(st.rank), y), col(t.path), 2.5f * f.scale,
                          6 * f.scale);
            }
        }
    }
    // Hover: a node's whole story.
    if (ImGui::IsWindowHovered()) {
        const ImVec2 mp = ImGui::GetMousePos();
        if (auto r = l.rankAt(mp.x - o.x); r && *r != 0 && win_) {
            const Skiplist::NodeView& n = win_->nodes[*r - l.first_rank];
            ImGui::BeginTooltip();
            ImGui::Text("rank %lu (ZRANK %lu)", n.rank, n.rank - 1);
            ImGui::Text("member %s", ellipsize(shown(n.member), 48).c_str());
            ImGui::Text("score  %s", formatDouble(n.score).c_str());
            ImGui::Text("height %d", n.level);
            for (int i = n.level - 1; i >= 0; --i) {
                const Skiplist::LinkView& lv = n.links[static_cast<size_t>(i)];
                if (lv.to_rank == 0)
                    ImGui::TextDisabled("L%d -> NULL (span %lu)", i, lv.span);
                else
                    ImGui::TextDisabled("L%d -> rank %lu (span %lu)", i, lv.to_rank, lv.span);
            }
            ImGui::EndTooltip();
        }
    }
    ImGui::EndChild();
}

void SkiplistView::drawTables(Frame& f, const inspect::ValueSnapshot& v) {
    const Theme& t = f.theme;
    const float h = ImGui::GetContentRegionAvail().y;
    if (h < 40 * f.scale ||
        !ImGui::BeginTable("##below", 2, ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV, ImVec2(0, h)))
        return;
    ImGui::TableSetupColumn("members", ImGuiTableColumnFlags_WidthStretch, 0.42f);
    ImGui::TableSetupColumn("path", ImGuiTableColumnFlags_WidthStretch, 0.58f);
    ImGui::TableNextColumn();
    // The window's members with their scores, and the zset's other half: the dict.
    if (v.dict)
        ImGui::TextDisabled("dict: %zu members -> scores in %zu buckets%s", v.dict->size, v.dict->tables[0].size,
                            v.dict->rehashidx >= 0 ? " (rehashing)" : "");
    if (win_ && ImGui::BeginTable("##members", 4,
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp,
                                  ImVec2(0, ImGui::GetContentRegionAvail().y))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("rank", ImGuiTableColumnFlags_WidthFixed, 60 * f.scale);
        ImGui::TableSetupColumn("member");
        ImGui::TableSetupColumn("score");
        ImGui::TableSetupColumn("height", ImGuiTableColumnFlags_WidthFixed, 50 * f.scale);
        ImGui::TableHeadersRow();
        ImGuiListClipper clip;
        clip.Begin(static_cast<int>(win_->nodes.size()));
        while (clip.Step()) {
            for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
                const Skiplist::NodeView& n = win_->nodes[static_cast<size_t>(i)];
                const bool found = path_ && step_ + 1 == path_->steps.size() && path_->found == n.rank;
                const Rgba c = found ? t.path : t.text;
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                textColored(t.muted, std::to_string(n.rank));
                ImGui::TableNextColumn();
                textColored(c, ellipsize(shown(n.member), 40));
                ImGui::TableNextColumn();
                textColored(c, formatDouble(n.score));
                ImGui::TableNextColumn();
                textColored(t.muted, std::to_string(n.level));
            }
        }
        ImGui::EndTable();
    }
    ImGui::TableNextColumn();
    // Every step of the path so far, the current one highlighted.
    if (path_) {
        ImGui::BeginChild("##steps", ImVec2(0, 0), false);
        for (size_t i = 0; i <= step_ && i < path_->steps.size(); ++i) {
            char num[32];
            std::snprintf(num, sizeof num, "%2zu ", i);
            textColored(t.muted, num);
            ImGui::SameLine(0, 0);
            textColored(i == step_ ? t.path : t.text, stepCaption(*path_, i, win_ ? &*win_ : nullptr));
        }
        if (step_ + 1 < path_->steps.size()) ImGui::SetScrollHereY(1.0f);
        ImGui::EndChild();
    } else {
        textColored(t.muted, "The search path's steps show here.");
    }
    ImGui::EndTable();
}

void SkiplistView::drawContent(Frame& f) {
    GuiState& s = f.state;
    const auto& snap = selected(s);
    if (!snap) {
        drawNoKey(f, "a sorted set's skiplist");
        return;
    }
    drawValueHeader(f, *snap);
    if (fit(*snap) == 0) {
        textColored(f.theme.muted, snap->type == ObjType::ZSet
                                       ? "This sorted set is small enough to be a listpack (see the listpack view): "
                                         "it becomes a skiplist past zset-max-listpack-entries members or "
                                         "zset-max-listpack-value bytes."
                                       : "Not a sorted set: select one to see its skiplist.");
        return;
    }
    refresh(f, *snap);
    if (!win_) return;  // deleted between the snapshot and now
    drawInputs(f, snap->key);
    // The window of ranks: a slider moves it; the animation takes it back.
    const unsigned long length = win_->length;
    if (length > kWindowNodes) {
        uint64_t first = window_first_;
        const uint64_t lo = 1, hi = length - kWindowNodes + 1;
        ImGui::SetNextItemWidth(-220 * f.scale);
        const std::string fmt = "ranks %llu-" +
                                std::to_string(std::min<unsigned long>(length, window_first_ + kWindowNodes - 1)) +
                                " of " + std::to_string(length);
        if (ImGui::SliderScalar("##window", ImGuiDataType_U64, &first, &lo, &hi, fmt.c_str())) {
            window_first_ = static_cast<unsigned long>(first);
            follow_ = false;
        }
        ImGui::SameLine();
        if (ImGui::Checkbox("follow the path", &follow_) && follow_) scrolled_to_ = ~0ul;
    }
    drawCaption(f, length);
    if (length > kWindowNodes) drawOverview(f, length);
    drawDiagram(f);
    drawTables(f, *snap);
}

}  // namespace

std::unique_ptr<View> makeSkiplistView() { return std::make_unique<SkiplistView>(); }

}  // namespace redsim::gui
