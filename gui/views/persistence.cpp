// Persistence: when the data reaches the disk, and what a crash leaves of it.
//   - status: INFO persistence's fields that matter (changes since the last save, last
//     save, the save points, appendonly, appendfsync, AOF sizes, the last rewrite) with
//     controls that run SAVE / BGSAVE / BGREWRITEAOF / CONFIG SET through the console;
//   - the timeline in engine time: RDB saves as bars (failures red), save points, AOF
//     writes and fsyncs as ticks, rewrites as bars, crashes and restarts;
//   - the AOF tail: the last commands appended, as RESP and as typed;
//   - crash and restart: "kill -9" or "power loss", then a new engine loads what is on
//     disk (as `redsim serve` starts) and every key is compared with before the crash.
// The maths is in gui/model/persistence_model.h.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <optional>

#include "engine/config.h"
#include "engine/persist/aof.h"
#include "gui/draw.h"
#include "gui/model/persistence_model.h"
#include "gui/views/views.h"

namespace redsim::gui {

namespace {

constexpr std::array<std::pair<const char*, int64_t>, 6> kSpans = {
    {{"5 s", 5'000}, {"15 s", 15'000}, {"1 min", 60'000}, {"5 min", 300'000}, {"30 min", 1'800'000}, {"all", 0}}};
constexpr std::array<const char*, 3> kFsync = {"always", "everysec", "no"};

std::string secondsAgo(int64_t ms) {
    char b[32];
    if (ms < 0) return "never";
    if (ms < 60'000)
        std::snprintf(b, sizeof b, "%.1f s ago", static_cast<double>(ms) / 1000.0);
    else
        std::snprintf(b, sizeof b, "%lld min ago", static_cast<long long>(ms / 60'000));
    return b;
}

// "+1.5s" relative to the window's end, as an axis label.
std::string axisLabel(int64_t ms) {
    char b[32];
    if (ms % 1000 == 0)
        std::snprintf(b, sizeof b, "%llds", static_cast<long long>(ms / 1000));
    else
        std::snprintf(b, sizeof b, "%.1fs", static_cast<double>(ms) / 1000.0);
    return b;
}

class PersistenceView final : public View {
public:
    std::string_view name() const override { return "persistence"; }
    std::string_view title() const override { return "Persistence"; }
    void drawContent(Frame& f) override;

private:
    void refresh(Frame& f);
    void drawStatus(Frame& f);
    void drawTimeline(Frame& f, float height);
    void drawTail(Frame& f);
    void drawCrash(Frame& f);
    void run(Frame& f, std::vector<std::string> argv) { f.state.runCommand(argv); }

    // Cached per change stamp.
    uint64_t stamp_ = ~0ull;
    std::vector<std::pair<std::string, std::string>> info_;
    std::string save_points_, fsync_;
    bool appendonly_ = false;
    std::vector<AofLine> tail_;
    Aof::SyncedTail synced_;
    // Inputs.
    std::string save_input_;
    bool save_input_edited_ = false;
    int span_ = 1;
    float pan_s_ = 0;
    bool follow_tail_ = true;
};

void PersistenceView::refresh(Frame& f) {
    GuiState& s = f.state;
    const uint64_t stamp = s.changeStamp() ^ (s.generation() << 48);
    if (stamp == stamp_) return;
    stamp_ = stamp;
    Engine& e = s.engine();
    info_ = persistenceInfo(e);
    save_points_ = e.config().get(*Config::find("save"));
    fsync_ = e.config().get(*Config::find("appendfsync"));
    appendonly_ = e.cfg().appendonly;
    tail_ = aofTail(s.timeline(), 200);
    synced_ = e.aof().syncedTail();
    if (!save_input_edited_) save_input_ = save_points_;
}

void PersistenceView::drawStatus(Frame& f) {
    const Theme& t = f.theme;
    GuiState& s = f.state;
    const int64_t now_ms = s.engine().clock().nowMs();
    auto row = [&](const char* name, const std::string& value, Rgba c) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        textColored(t.muted, name);
        ImGui::TableSetColumnIndex(1);
        textColored(c, value);
    };
    const ImGuiTableFlags flags = ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##status", 3, flags)) return;
    ImGui::TableSetupColumn("rdb", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("aof", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("controls", ImGuiTableColumnFlags_WidthStretch, 1.15f);
    ImGui::TableNextRow();

    // RDB.
    ImGui::TableSetColumnIndex(0);
    textColored(t.accent, "RDB snapshots");
    if (ImGui::BeginTable("##rdb", 2, ImGuiTableFlags_SizingFixedFit)) {
        const std::string changes = infoField(info_, "rdb_changes_since_last_save");
        row("changes since last save", changes, changes == "0" ? t.ok : t.warning);
        const long long last = std::atoll(infoField(info_, "rdb_last_save_time").c_str());
        row("last save", secondsAgo(now_ms - last * 1000), t.text);
        const bool ok = infoField(info_, "rdb_last_bgsave_status") == "ok";
        row("last bgsave", ok ? "ok" : "err", ok ? t.ok : t.error);
        row("bgsave running", infoField(info_, "rdb_bgsave_in_progress") == "1" ? "yes" : "no", t.text);
        row("save points", save_points_.empty() ? "(none)" : save_points_, t.text);
        row("saves", infoField(info_, "rdb_saves"), t.text);
        ImGui::EndTable();
    }

    // AOF.
    ImGui::TableSetColumnIndex(1);
    textColored(t.accent, "Append-only file");
    if (ImGui::BeginTable("##aof", 2, ImGuiTableFlags_SizingFixedFit)) {
        row("appendonly", appendonly_ ? "yes" : "no", appendonly_ ? t.ok : t.muted);
        row("appendfsync", fsync_, t.text);
        const long long cur = std::atoll(infoField(info_, "aof_current_size").c_str());
        const long long base = std::atoll(infoField(info_, "aof_base_size").c_str());
        row("size (base)", appendonly_ ? humanBytes(cur) + "  (" + humanBytes(base) + ")" : "-", t.text);
        const long long unsynced = synced_.size - synced_.synced;
        row("not yet fsynced", appendonly_ ? humanBytes(unsynced) : "-", unsynced > 0 ? t.warning : t.ok);
        const bool rw_ok = infoField(info_, "aof_last_bgrewrite_status") != "err";
        row("last rewrite", rw_ok ? "ok" : "err", rw_ok ? t.ok : t.error);
        row("rewrite running", infoField(info_, "aof_rewrite_in_progress") == "1" ? "yes" : "no", t.text);
        ImGui::EndTable();
    }

    // Controls: every one runs a command in the console.
    ImGui::TableSetColumnIndex(2);
    textColored(t.accent, "Controls");
    if (ImGui::Button("SAVE")) run(f, {"SAVE"});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Write dump.rdb now, blocking the server");
    ImGui::SameLine();
    if (ImGui::Button("BGSAVE")) run(f, {"BGSAVE"});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Fork a child that writes dump.rdb");
    ImGui::SameLine();
    if (ImGui::Button("BGREWRITEAOF")) run(f, {"BGREWRITEAOF"});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Fork a child that writes a new AOF base");
    bool aof = appendonly_;
    if (ImGui::Checkbox("appendonly", &aof)) run(f, {"CONFIG", "SET", "appendonly", aof ? "yes" : "no"});
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6.5f);
    if (ImGui::BeginCombo("appendfsync", fsync_.c_str())) {
        for (const char* p : kFsync)
            if (ImGui::Selectable(p, fsync_ == p)) run(f, {"CONFIG", "SET", "appendfsync", p});
        ImGui::EndCombo();
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 11);
    if (ImGui::InputTextWithHint("##save", "3600 1 300 100", &save_input_)) save_input_edited_ = true;
    ImGui::SameLine();
    if (ImGui::Button("set save points")) {
        run(f, {"CONFIG", "SET", "save", save_input_});
        save_input_edited_ = false;
    }
    textColored(t.muted, "e.g. \"60 1\": save after 60 s if 1 change");
    ImGui::EndTable();
}

void PersistenceView::drawTimeline(Frame& f, float height) {
    const Theme& t = f.theme;
    GuiState& s = f.state;
    const int64_t now_ms = s.engine().clock().nowMs();
    const TimelineLayout layout = layoutTimeline(s.timeline(), now_ms);

    textColored(t.accent, "Timeline");
    ImGui::SameLine();
    textColored(t.muted, "(engine time)");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    if (ImGui::BeginCombo("##span", kSpans[static_cast<size_t>(span_)].first)) {
        for (size_t i = 0; i < kSpans.size(); ++i)
            if (ImGui::Selectable(kSpans[i].first, span_ == static_cast<int>(i))) span_ = static_cast<int>(i);
        ImGui::EndCombo();
    }
    int64_t span_ms = kSpans[static_cast<size_t>(span_)].second;
    int64_t oldest = now_ms;
    for (const auto& e : s.timeline()) oldest = std::min(oldest, e.at_ms);
    if (span_ms == 0) span_ms = std::max<int64_t>(1000, (now_ms - oldest) * 21 / 20);
    const float history_s = static_cast<float>(std::max<int64_t>(0, now_ms - oldest - span_ms)) / 1000.0f;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    ImGui::BeginDisabled(history_s <= 0);
    ImGui::SliderFloat("##pan", &pan_s_, 0, std::max(history_s, 0.001f), pan_s_ > 0 ? "%.1f s back" : "now");
    ImGui::EndDisabled();
    pan_s_ = std::clamp(pan_s_, 0.0f, history_s);
    // The legend.
    ImGui::SameLine();
    auto legend = [&](Rgba c, const char* label) {
        ImGui::SameLine();
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float h = ImGui::GetTextLineHeight();
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * 0.25f), ImVec2(p.x + h * 0.5f, p.y + h * 0.75f),
                                                  col(c), 2);
        ImGui::Dummy(ImVec2(h * 0.6f, h));
        ImGui::SameLine();
        textColored(t.muted, label);
    };
    legend(t.ok, "save ok");
    legend(t.error, "failed");
    legend(t.accent, "AOF write");
    legend(t.highlight, "fsync");
    legend(t.type_set, "rewrite");
    legend(t.warning, "save point");

    const TimeWindow w = timeWindow(now_ms, span_ms, static_cast<int64_t>(pan_s_ * 1000));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const float label_w = ImGui::CalcTextSize("AOF rewrite  ").x + 8;
    const float axis_h = ImGui::GetTextLineHeightWithSpacing();
    const float lane_h = (height - axis_h) / static_cast<float>(kTimelineLanes);
    const float x0 = p0.x + label_w, x1 = p0.x + width - 8;
    dl->AddRectFilled(p0, ImVec2(p0.x + width, p0.y + height), col(t.panel), 4);
    for (int i = 0; i < kTimelineLanes; ++i) {
        const float y = p0.y + lane_h * static_cast<float>(i);
        if (i % 2 == 1) dl->AddRectFilled(ImVec2(p0.x, y), ImVec2(p0.x + width, y + lane_h), col(t.grid, 0.35f));
        dl->AddText(ImVec2(p0.x + 6, y + (lane_h - ImGui::GetTextLineHeight()) / 2), col(t.muted),
                    std::string(laneName(static_cast<TimelineLane>(i))).c_str());
    }
    // The time axis: ticks relative to now.
    const float axis_y = p0.y + lane_h * kTimelineLanes;
    const int64_t step = tickStep(w.end_ms - w.start_ms, std::max(2, static_cast<int>((x1 - x0) / 90)));
    for (int64_t rel = -((now_ms - w.start_ms) / step) * step; now_ms + rel <= w.end_ms; rel += step) {
        const int64_t at = now_ms + rel;
        if (at < w.start_ms) continue;
        const float x = w.x(at, x0, x1);
        dl->AddLine(ImVec2(x, p0.y), ImVec2(x, axis_y), col(t.grid), 1);
        const std::string label = rel == 0 ? "now" : axisLabel(rel);
        dl->AddText(ImVec2(x - ImGui::CalcTextSize(label.c_str()).x / 2, axis_y + 2), col(t.muted), label.c_str());
    }
    dl->PushClipRect(ImVec2(x0, p0.y), ImVec2(x1 + 1, axis_y), true);
    auto laneY = [&](TimelineLane l) { return p0.y + lane_h * static_cast<float>(static_cast<int>(l)); };
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    std::string tip;
    // Bars: saves and rewrites (at least 4 px wide, so a SAVE shows).
    for (const TimelineBar& b : layout.bars) {
        if (b.end_ms < w.start_ms || b.start_ms > w.end_ms) continue;
        const float y = laneY(b.lane);
        float bx0 = w.x(b.start_ms, x0, x1), bx1 = w.x(b.end_ms, x0, x1);
        if (bx1 - bx0 < 6) bx1 = bx0 + 6;
        const Rgba c = !b.ok ? t.error : b.lane == TimelineLane::Rewrite ? t.type_set : t.ok;
        const ImVec2 a(bx0, y + lane_h * 0.2f), z(bx1, y + lane_h * 0.8f);
        dl->AddRectFilled(a, z, col(c, b.running ? 0.45f : 0.85f), 3);
        if (b.running) dl->AddRect(a, z, col(c), 3, 0, 1.5f);
        if (mouse.x >= a.x && mouse.x <= z.x && mouse.y >= a.y && mouse.y <= z.y)
            tip = (b.running ? "running: " : "") + b.text + "\n" + std::to_string(b.end_ms - b.start_ms) + " ms";
    }
    // Marks.
    for (const TimelineMark& m : layout.marks) {
        if (!w.contains(m.at_ms)) continue;
        const float x = w.x(m.at_ms, x0, x1), y = laneY(m.lane);
        const float cy = y + lane_h / 2;
        bool hover = std::abs(mouse.x - x) < 4 && mouse.y >= y && mouse.y < y + lane_h;
        switch (m.kind) {
            case TimelineEntry::Kind::AofWrite: {
                // Taller for bigger writes (log scale).
                const float k = std::clamp(std::log10(static_cast<float>(std::max(1LL, m.bytes))) / 4.0f, 0.5f, 1.0f);
                dl->AddLine(ImVec2(x, y + lane_h * (0.85f - 0.65f * k)), ImVec2(x, y + lane_h * 0.85f), col(t.accent),
                            2);
                if (hover) tip = "AOF write: " + std::to_string(m.bytes) + " bytes";
                break;
            }
            case TimelineEntry::Kind::AofFsync:
                dl->AddLine(ImVec2(x, y + lane_h * 0.2f), ImVec2(x, y + lane_h * 0.8f), col(t.highlight), 2);
                dl->AddCircleFilled(ImVec2(x, y + lane_h * 0.2f), 3, col(t.highlight));
                if (hover) tip = "fsync: " + humanBytes(m.bytes) + " of AOF safe on disk";
                break;
            case TimelineEntry::Kind::SavePoint: {
                const float r = lane_h * 0.22f;
                dl->AddQuadFilled(ImVec2(x, cy - r), ImVec2(x + r, cy), ImVec2(x, cy + r), ImVec2(x - r, cy),
                                  col(t.warning));
                if (hover) tip = m.text;
                break;
            }
            case TimelineEntry::Kind::Crash: {
                const float r = lane_h * 0.25f;
                dl->AddLine(ImVec2(x - r, cy - r), ImVec2(x + r, cy + r), col(t.error), 3);
                dl->AddLine(ImVec2(x - r, cy + r), ImVec2(x + r, cy - r), col(t.error), 3);
                dl->AddLine(ImVec2(x, p0.y), ImVec2(x, axis_y), col(t.error, 0.5f), 1);
                if (hover) tip = "crash: " + m.text;
                break;
            }
            case TimelineEntry::Kind::Restart: {
                const float r = lane_h * 0.25f;
                dl->AddTriangleFilled(ImVec2(x, cy - r), ImVec2(x + r * 1.4f, cy), ImVec2(x, cy + r),
                                      col(m.ok ? t.ok : t.error));
                if (hover) tip = m.text;
                break;
            }
            default:
                dl->AddCircleFilled(ImVec2(x, cy), 3, col(t.muted));
                if (hover) tip = m.text;
                break;
        }
    }
    dl->PopClipRect();
    ImGui::Dummy(ImVec2(width, height + 4));
    if (!tip.empty()) ImGui::SetTooltip("%s", tip.c_str());
}

void PersistenceView::drawTail(Frame& f) {
    const Theme& t = f.theme;
    textColored(t.accent, "AOF tail");
    ImGui::SameLine();
    textColored(t.muted,
                appendonly_ ? "the last commands appended, as written (RESP) and as typed" : "appendonly is no");
    ImGui::SameLine();
    ImGui::Checkbox("follow", &follow_tail_);
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##tail", 3, flags, ImGui::GetContentRegionAvail())) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("time", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 4.5f);
    ImGui::TableSetupColumn("RESP (\\r\\n as spaces)", ImGuiTableColumnFlags_WidthStretch, 1.3f);
    ImGui::TableSetupColumn("command", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    const int64_t now_ms = f.state.engine().clock().nowMs();
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(tail_.size()));
    while (clip.Step()) {
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
            const AofLine& l = tail_[static_cast<size_t>(i)];
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            char b[32];
            std::snprintf(b, sizeof b, "-%.1fs", static_cast<double>(now_ms - l.at_ms) / 1000.0);
            textColored(t.muted, b);
            ImGui::TableSetColumnIndex(1);
            textColored(t.console_input, l.resp);
            ImGui::TableSetColumnIndex(2);
            textColored(l.cut ? t.warning : t.text, l.command);
        }
    }
    if (follow_tail_ && ImGui::GetScrollY() < ImGui::GetScrollMaxY()) ImGui::SetScrollY(ImGui::GetScrollMaxY());
    ImGui::EndTable();
}

void PersistenceView::drawCrash(Frame& f) {
    const Theme& t = f.theme;
    GuiState& s = f.state;
    textColored(t.accent, "Crash and restart");
    ImGui::PushTextWrapPos(0);
    textColored(t.muted,
                "A new server starts from the files, as `redsim serve` does: the AOF with appendonly yes, else "
                "dump.rdb. Every key is then compared with before the crash.");
    ImGui::PopTextWrapPos();
    const bool serving = s.serving;
    ImGui::BeginDisabled(serving);
    ImGui::PushStyleColor(ImGuiCol_Button, vec(mix(t.error, t.panel, 0.45)));
    if (ImGui::Button("kill -9")) s.crash(false);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("The process dies: what write() gave the kernel survives, the AOF buffer is lost");
    ImGui::SameLine();
    if (ImGui::Button("power loss")) s.crash(true);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The machine dies: only what was fsynced survives");
    ImGui::PopStyleColor();
    ImGui::EndDisabled();
    if (serving) {
        ImGui::SameLine();
        textColored(t.muted, "(not while serving RESP clients)");
    }
    // What is at risk right now.
    const std::string changes = infoField(info_, "rdb_changes_since_last_save");
    ImGui::PushTextWrapPos(0);
    if (appendonly_) {
        const long long unsynced = synced_.size - synced_.synced;
        textColored(unsynced > 0 ? t.warning : t.ok,
                    unsynced > 0 ? "power loss now: " + humanBytes(unsynced) + " of AOF not fsynced would be lost"
                                 : "power loss now: the AOF is all on disk");
    } else {
        textColored(changes == "0" ? t.ok : t.warning,
                    "appendonly no: a crash loses the " + changes + " changes since the last RDB save");
    }
    ImGui::PopTextWrapPos();
    if (!s.lastCrash()) return;
    const CrashReport& r = *s.lastCrash();
    ImGui::Separator();
    const std::string what = std::string(r.power_loss ? "power loss" : "kill -9") + " with appendonly " + r.appendonly +
                             (r.appendonly == "yes" ? ", appendfsync " + r.appendfsync : "");
    textColored(t.text, what);
    textColored(r.outcome.ok ? t.ok : t.error,
                r.outcome.ok ? "restarted from " + (r.outcome.loaded_from.empty() ? std::string("nothing (no files)")
                                                                                  : r.outcome.loaded_from)
                             : "the files did not load: started empty");
    if (r.outcome.aof_bytes_cut > 0)
        textColored(t.warning,
                    std::to_string(r.outcome.aof_bytes_cut) + " bytes written to the AOF never reached the disk");
    if (r.outcome.aof_buffer_lost > 0)
        textColored(t.warning, std::to_string(r.outcome.aof_buffer_lost) +
                                   " bytes were still in the AOF buffer (a background fsync was running)");
    auto count = [&](Rgba c, size_t n, const char* label) {
        badge(std::to_string(n), c, t.background);
        ImGui::SameLine();
        textColored(t.text, label);
        ImGui::SameLine();
    };
    count(t.ok, r.diff.same, "came back");
    count(t.error, r.diff.lost, "lost");
    count(t.warning, r.diff.older, "older value");
    count(t.type_set, r.diff.revived, "deleted, came back");
    ImGui::NewLine();
    if (r.partial) textColored(t.muted, "(a big data set: only part of it was compared)");
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp |
                                  ImGuiTableFlags_BordersInnerV;
    if (!ImGui::BeginTable("##diff", 4, flags, ImGui::GetContentRegionAvail())) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("fate", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn("before crash", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("after restart", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(r.diff.rows.size()));
    while (clip.Step()) {
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
            const CrashDiff::Row& row = r.diff.rows[static_cast<size_t>(i)];
            Rgba c = t.ok;
            if (row.fate == CrashDiff::Fate::Lost) c = t.error;
            if (row.fate == CrashDiff::Fate::Older) c = t.warning;
            if (row.fate == CrashDiff::Fate::Revived) c = t.type_set;
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            textColored(t.text,
                        (row.db ? "[" + std::to_string(row.db) + "] " : std::string()) + ellipsize(row.key, 40));
            ImGui::TableSetColumnIndex(1);
            textColored(c, fateName(row.fate));
            auto value = [&](const KeyDigest& d) {
                if (d.type.empty())
                    textColored(t.muted, "-");
                else
                    textColored(t.typeColor(d.type), d.type + " " + d.preview);
            };
            ImGui::TableSetColumnIndex(2);
            value(row.before);
            ImGui::TableSetColumnIndex(3);
            value(row.after);
        }
    }
    ImGui::EndTable();
}

void PersistenceView::drawContent(Frame& f) {
    refresh(f);
    drawStatus(f);
    ImGui::Spacing();
    const float avail = ImGui::GetContentRegionAvail().y;
    drawTimeline(f, std::clamp(avail * 0.34f, ImGui::GetTextLineHeight() * 8, ImGui::GetTextLineHeight() * 14));
    const ImVec2 rest = ImGui::GetContentRegionAvail();
    if (ImGui::BeginTable("##bottom", 2, ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp, rest)) {
        ImGui::TableSetupColumn("tail", ImGuiTableColumnFlags_WidthStretch, 1.15f);
        ImGui::TableSetupColumn("crash", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableNextRow(0, rest.y);
        ImGui::TableSetColumnIndex(0);
        ImGui::BeginChild("##tailpane", ImVec2(0, rest.y - 4), false);
        drawTail(f);
        ImGui::EndChild();
        ImGui::TableSetColumnIndex(1);
        ImGui::BeginChild("##crashpane", ImVec2(0, rest.y - 4), false);
        drawCrash(f);
        ImGui::EndChild();
        ImGui::EndTable();
    }
}

}  // namespace

std::unique_ptr<View> makePersistenceView() { return std::make_unique<PersistenceView>(); }

}  // namespace redsim::gui
