// The memory & eviction view: used_memory against maxmemory (what an empty server
// takes, what the keys take, the peak), the controls a learner plays with (maxmemory,
// the policy, maxmemory-samples, exact-LRU mode, a button that writes keys past the
// limit and one that reads a few), every eviction step the engine reported (the keys
// it sampled with their scores, the pool of 16 candidates and the victim), the keys as
// a grid coloured by idle time / LFU counter / TTL with evicted keys left as marked
// holes, and evicted/expired keys per second and used_memory over time.
//
// Every control runs a command through the console (CONFIG SET, SET, GET, :time). The
// maths (bar segments, rates, heat, the grid, step text) is gui/model/memory_model.h.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/evict.h"
#include "gui/draw.h"
#include "gui/model/memory_model.h"
#include "gui/views/views.h"

namespace redsim::gui {

namespace {

using memview::MemorySegment;

constexpr double kFlashSeconds = 1.5;  // how long a just-evicted key's cell flashes
constexpr size_t kTouchKeys = 10;
constexpr size_t kFillValueBytes = 100;

class MemoryView final : public View {
public:
    std::string_view name() const override { return "memory"; }
    std::string_view title() const override { return "Memory & eviction"; }
    void drawContent(Frame& f) override;

private:
    void drawBar(Frame& f, const MemoryOverview& m);
    void drawControls(Frame& f);
    void drawSteps(Frame& f, float height);
    void drawStep(Frame& f, const EvictionEvent& ev);
    void drawCandidates(Frame& f, const char* id, const std::vector<memview::CandidateRow>& rows, float width);
    void drawGrid(Frame& f, float height);
    void drawPlots(Frame& f);
    void run(Frame& f, std::vector<std::string> argv) { f.state.runCommand(argv); }
    void fill(Frame& f, int n);

    std::string maxmemory_text_;
    uint64_t selected_seq_ = 0;  // 0: follow the newest step
    memview::KeyGrid grid_;
    uint64_t flash_after_seq_ = 0;  // cells evicted by steps after this one flash
    double flash_time_ = -1e9;
    long long fill_next_ = 0;
    memview::MemorySeries series_;
    int64_t series_at_ms_ = -1;
    size_t series_count_ = 0;
};

Rgba segmentColor(const Theme& t, MemorySegment::Kind k) {
    switch (k) {
        case MemorySegment::Kind::Base:
            return t.node;
        case MemorySegment::Kind::Clients:
            return t.type_set;
        case MemorySegment::Kind::Scripts:
            return t.type_hash;
        case MemorySegment::Kind::Keyspace:
            return t.type_stream;
        case MemorySegment::Kind::Data:
            return t.accent;
    }
    return t.muted;
}

void MemoryView::drawBar(Frame& f, const MemoryOverview& m) {
    const Theme& t = f.theme;
    Engine& e = f.state.engine();
    const memview::MemoryBar bar = memview::memoryBar(m, e.cfg().maxmemory);
    // The headline: used of the limit, the peak, keys and evictions.
    ImGui::TextUnformatted("used_memory");
    ImGui::SameLine();
    textColored(bar.over() ? t.error : t.text, humanBytes(bar.used));
    ImGui::SameLine();
    if (bar.maxmemory > 0) {
        char pct[32];
        std::snprintf(pct, sizeof pct, "(%.0f%%)", bar.ofLimit() * 100);
        ImGui::TextDisabled("of maxmemory");
        ImGui::SameLine();
        textColored(t.warning, humanBytes(bar.maxmemory));
        ImGui::SameLine();
        ImGui::TextDisabled("%s", pct);
    } else {
        ImGui::TextDisabled("no maxmemory (never evicts)");
    }
    ImGui::SameLine(0, 24 * f.scale);
    ImGui::TextDisabled("peak");
    ImGui::SameLine();
    textColored(t.highlight, humanBytes(bar.peak));
    ImGui::SameLine(0, 24 * f.scale);
    ImGui::TextDisabled("keys %lld   evicted %llu   expired %llu", m.keys,
                        static_cast<unsigned long long>(e.stats().evicted_keys),
                        static_cast<unsigned long long>(e.stats().expired_keys));

    // The bar.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x, h = 26 * f.scale;
    dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), col(t.panel), 3 * f.scale);
    long long at = 0;
    for (const auto& seg : bar.segments) {
        const float x0 = p.x + static_cast<float>(bar.at(at)) * w;
        at += seg.bytes;
        const float x1 = p.x + static_cast<float>(bar.at(at)) * w;
        dl->AddRectFilled(ImVec2(x0, p.y), ImVec2(x1, p.y + h), col(segmentColor(t, seg.kind)));
        const std::string label = std::string(seg.label) + " " + humanBytes(seg.bytes);
        const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
        if (ts.x + 8 * f.scale < x1 - x0)
            dl->AddText(ImVec2(x0 + 6 * f.scale, p.y + (h - ts.y) / 2),
                        col(seg.kind == MemorySegment::Kind::Base ? t.text : t.background), label.c_str());
    }
    // Over the limit: the part above it in red.
    if (bar.over()) {
        const float x0 = p.x + static_cast<float>(bar.at(bar.maxmemory)) * w;
        const float x1 = p.x + static_cast<float>(bar.at(bar.used)) * w;
        dl->AddRectFilled(ImVec2(x0, p.y), ImVec2(x1, p.y + h), col(t.error, 0.8f));
    }
    dl->AddRect(p, ImVec2(p.x + w, p.y + h), col(t.node_border), 3 * f.scale);
    // Marks below the bar; a label that would overlap the previous one is left out.
    std::vector<std::pair<float, float>> placed;  // labels drawn: [x0, x1]
    auto mark = [&](long long bytes, Rgba c, const char* text) {
        const float x = p.x + static_cast<float>(bar.at(bytes)) * w;
        dl->AddLine(ImVec2(x, p.y - 3 * f.scale), ImVec2(x, p.y + h + 3 * f.scale), col(c), 2.5f * f.scale);
        const ImVec2 ts = ImGui::CalcTextSize(text);
        const float x0 = std::clamp(x - ts.x / 2, p.x, p.x + w - ts.x), x1 = x0 + ts.x;
        const float pad = 6 * f.scale;
        for (const auto& [a, b] : placed)
            if (x0 < b + pad && x1 > a - pad) return;
        dl->AddText(ImVec2(x0, p.y + h + 3 * f.scale), col(c), text);
        placed.emplace_back(x0, x1);
    };
    ImGui::Dummy(ImVec2(w, h));
    if (bar.maxmemory > 0) mark(bar.maxmemory, t.warning, "maxmemory");
    if (bar.peak > bar.used) mark(bar.peak, t.highlight, "peak");
    // The legend, with each part's size.
    ImGui::Dummy(ImVec2(0, 2 * f.scale));
    for (const auto& seg : bar.segments) {
        const ImVec2 q = ImGui::GetCursorScreenPos();
        const float sz = ImGui::GetTextLineHeight() * 0.7f;
        const float dy = (ImGui::GetTextLineHeight() - sz) / 2;
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(q.x, q.y + dy), ImVec2(q.x + sz, q.y + dy + sz),
                                                  col(segmentColor(t, seg.kind)), 2);
        ImGui::Dummy(ImVec2(sz, sz));
        ImGui::SameLine();
        ImGui::TextDisabled("%.*s %s", static_cast<int>(seg.label.size()), seg.label.data(),
                            humanBytes(seg.bytes).c_str());
        ImGui::SameLine(0, 16 * f.scale);
    }
    ImGui::NewLine();
}

void MemoryView::fill(Frame& f, int n) {
    Engine& e = f.state.engine();
    const std::string value(kFillValueBytes, 'x');
    for (int i = 0; i < n; ++i) {
        // The next name not in use (a read-only peek: no access data touched).
        while (e.db(f.state.db).peek("fill:" + std::to_string(fill_next_))) ++fill_next_;
        run(f, {"SET", "fill:" + std::to_string(fill_next_++), value});
    }
}

void MemoryView::drawControls(Frame& f) {
    GuiState& s = f.state;
    const ConfigValues& cfg = s.engine().cfg();
    const Theme& t = f.theme;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("maxmemory");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(90 * f.scale);
    if (ImGui::InputTextWithHint("##maxmemory", "e.g. 1mb", &maxmemory_text_, ImGuiInputTextFlags_EnterReturnsTrue) &&
        !maxmemory_text_.empty())
        run(f, {"CONFIG", "SET", "maxmemory", maxmemory_text_});
    for (const char* preset : {"1mb", "2mb", "4mb", "0"}) {
        ImGui::SameLine();
        const std::string label = std::string(preset == std::string_view("0") ? "off" : preset) + "##mm";
        if (ImGui::SmallButton(label.c_str())) run(f, {"CONFIG", "SET", "maxmemory", preset});
    }
    ImGui::SameLine(0, 24 * f.scale);
    ImGui::TextUnformatted("policy");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(150 * f.scale);
    const std::string current(memview::policyName(cfg.maxmemory_policy));
    if (ImGui::BeginCombo("##policy", current.c_str())) {
        for (std::string_view p : memview::kPolicies)
            if (ImGui::Selectable(std::string(p).c_str(), p == current))
                run(f, {"CONFIG", "SET", "maxmemory-policy", std::string(p)});
        ImGui::EndCombo();
    }
    ImGui::SameLine(0, 24 * f.scale);
    ImGui::TextUnformatted("samples");
    for (int n : {1, 3, 5, 10}) {
        ImGui::SameLine();
        const bool on = cfg.maxmemory_samples == n;
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, vec(t.accent));
        if (on) ImGui::PushStyleColor(ImGuiCol_Text, vec(t.background));
        const std::string label = std::to_string(n) + "##samples";
        if (ImGui::SmallButton(label.c_str())) run(f, {"CONFIG", "SET", "maxmemory-samples", std::to_string(n)});
        if (on) ImGui::PopStyleColor(2);
    }
    ImGui::SameLine(0, 24 * f.scale);
    bool exact = cfg.maxmemory_exact_lru;
    if (ImGui::Checkbox("exact LRU (redsim)", &exact))
        run(f, {"CONFIG", "SET", "redsim-maxmemory-exact-lru", exact ? "yes" : "no"});
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "redsim-maxmemory-exact-lru: a teaching mode Redis does not have.\n"
            "LRU policies then evict the truly least-recently-used key.");

    if (ImGui::Button("+100 keys")) fill(f, 100);
    ImGui::SameLine();
    if (ImGui::Button("+1000 keys")) fill(f, 1000);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("SET fill:N with a %zu-byte value, N counting up", kFillValueBytes);
    ImGui::SameLine();
    const std::string touch = "touch " + std::to_string(kTouchKeys) + " keys";
    if (ImGui::Button(touch.c_str()))
        for (const auto& k : grid_.spread(kTouchKeys)) run(f, {"GET", k});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("GET a few keys spread over the grid: their idle time drops to 0");
    if (s.virtualClock()) {
        ImGui::SameLine();
        if (ImGui::Button(":time +5s")) s.runLine(s.currentTab(), ":time +5s");
    }
    ImGui::SameLine();
    if (ImGui::Button("reset grid")) grid_.reset();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Forget the holes evicted keys left; sort the keys again");
}

void MemoryView::drawSteps(Frame& f, float height) {
    const auto& evs = f.state.evictions();
    ImGui::TextUnformatted("Eviction steps");
    ImGui::SameLine();
    ImGui::TextDisabled("(newest first, %zu kept)", evs.size());
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##steps", 4, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, 50 * f.scale);
    ImGui::TableSetupColumn("evicted");
    ImGui::TableSetupColumn("freed", ImGuiTableColumnFlags_WidthFixed, 60 * f.scale);
    ImGui::TableSetupColumn("sampled", ImGuiTableColumnFlags_WidthFixed, 60 * f.scale);
    ImGui::TableHeadersRow();
    const uint64_t shown = selected_seq_ ? selected_seq_ : (evs.empty() ? 0 : evs.back().seq);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(evs.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const EvictionEvent& ev = evs[evs.size() - 1 - static_cast<size_t>(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const std::string label = "#" + std::to_string(ev.seq) + "##" + std::to_string(ev.seq);
            if (ImGui::Selectable(label.c_str(), ev.seq == shown, ImGuiSelectableFlags_SpanAllColumns))
                selected_seq_ = ev.seq == selected_seq_ ? 0 : ev.seq;
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(ellipsize(ev.key, 40).c_str());
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", humanBytes(ev.freed).c_str());
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%zu", ev.sampled.size());
        }
    }
    ImGui::EndTable();
}

void MemoryView::drawCandidates(Frame& f, const char* id, const std::vector<memview::CandidateRow>& rows, float width) {
    const Theme& t = f.theme;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float h = ImGui::GetTextLineHeight() + 3 * f.scale;
    ImGui::PushID(id);
    for (size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float bw = std::max(3.0f, static_cast<float>(r.bar) * width);
        dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h - 1), col(t.panel), 2);
        dl->AddRectFilled(p, ImVec2(p.x + bw, p.y + h - 1), col(t.heat(r.bar), r.pooled || r.victim ? 0.85f : 0.45f),
                          2);
        if (r.victim) dl->AddRect(p, ImVec2(p.x + width, p.y + h - 1), col(t.highlight), 2, 0, 2 * f.scale);
        const float pad = 4 * f.scale, ty = p.y + 1.5f * f.scale;
        const std::string key = (r.victim ? "victim  " : "") + ellipsize(r.key, 28);
        dl->AddText(ImVec2(p.x + pad, ty), col(r.victim ? t.highlight : t.text), key.c_str());
        const float sw = ImGui::CalcTextSize(r.score.c_str()).x;
        dl->AddText(ImVec2(p.x + width - sw - pad, ty), col(t.text), r.score.c_str());
        ImGui::Dummy(ImVec2(width, h));
    }
    ImGui::PopID();
}

void MemoryView::drawStep(Frame& f, const EvictionEvent& ev) {
    const Theme& t = f.theme;
    const memview::StepText st = memview::stepText(ev, f.state.engine().clock().nowMs());
    ImGui::TextUnformatted(("Step #" + std::to_string(ev.seq)).c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s evicted", ev.policy.c_str());
    ImGui::SameLine();
    textColored(t.highlight, ellipsize(ev.key, 40));
    ImGui::SameLine();
    ImGui::TextDisabled("freed %s", humanBytes(ev.freed).c_str());
    if (st.pool.empty() && st.sampled.empty()) {
        ImGui::TextDisabled("A random policy: one key picked at random, no sampling, no pool.");
        return;
    }
    const float gap = 12 * f.scale;
    const float w = (ImGui::GetContentRegionAvail().x - gap) / 2;
    ImGui::BeginGroup();
    ImGui::TextDisabled("sampled (%zu)", st.sampled.size());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The keys this step sampled; bright ones entered the pool");
    drawCandidates(f, "sampled", st.sampled, w);
    ImGui::EndGroup();
    ImGui::SameLine(0, gap);
    ImGui::BeginGroup();
    ImGui::TextDisabled("pool (%zu of %zu), worst first", st.pool.size(), kEvictionPoolSize);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("The best candidates kept across steps; the best still present is evicted");
    drawCandidates(f, "pool", st.pool, w);
    ImGui::EndGroup();
}

void MemoryView::drawGrid(Frame& f, float height) {
    GuiState& s = f.state;
    const Theme& t = f.theme;
    Engine& e = s.engine();
    const char* what = grid_.mode() == memview::HeatMode::Lfu   ? "Keys by LFU counter"
                       : grid_.mode() == memview::HeatMode::Ttl ? "Keys by TTL"
                                                                : "Keys by idle time";
    ImGui::TextUnformatted(what);
    ImGui::SameLine();
    ImGui::TextDisabled("(%zu of %zu shown%s)", grid_.present(), e.db(s.db).size(),
                        grid_.walking() ? ", scanning" : "");
    // The legend: a gradient from "kept" to "evicted first".
    const std::string lo = grid_.mode() == memview::HeatMode::Lfu   ? "freq " + std::to_string(grid_.scale().max_lfu)
                           : grid_.mode() == memview::HeatMode::Ttl ? "latest TTL"
                                                                    : "just used";
    std::string hi;
    if (grid_.mode() == memview::HeatMode::Lfu)
        hi = "freq 0";
    else if (grid_.mode() == memview::HeatMode::Ttl)
        hi = "soonest TTL";
    else
        hi = memview::accessText(memview::HeatMode::Idle, inspect::KeyAccess{.idle_ms = grid_.scale().max_idle_ms}, 0);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    {
        ImGui::TextDisabled("%s", lo.c_str());
        ImGui::SameLine();
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float lw = 160 * f.scale, lh = ImGui::GetTextLineHeight();
        constexpr int kSteps = 24;
        for (int i = 0; i < kSteps; ++i) {
            const float x0 = p.x + lw * static_cast<float>(i) / kSteps,
                        x1 = p.x + lw * static_cast<float>(i + 1) / kSteps;
            dl->AddRectFilled(ImVec2(x0, p.y + 2), ImVec2(x1, p.y + lh - 2), col(t.heat(i / double(kSteps - 1))));
        }
        ImGui::Dummy(ImVec2(lw, lh));
        ImGui::SameLine();
        ImGui::TextDisabled("%s (evicted first)", hi.c_str());
        ImGui::SameLine(0, 16 * f.scale);
        const ImVec2 q = ImGui::GetCursorScreenPos();
        const ImVec2 qa(q.x, q.y + 2), qb(q.x + lh - 4, q.y + lh - 2);
        dl->AddRect(qa, qb, col(t.error, 0.7f), 2, 0, 1.0f);
        dl->AddLine(ImVec2(qa.x + 3, qa.y + 3), ImVec2(qb.x - 3, qb.y - 3), col(t.error, 0.9f), 1.5f);
        dl->AddLine(ImVec2(qb.x - 3, qa.y + 3), ImVec2(qa.x + 3, qb.y - 3), col(t.error, 0.9f), 1.5f);
        ImGui::Dummy(ImVec2(lh - 4, lh));
        ImGui::SameLine();
        ImGui::TextDisabled("evicted");
    }
    const auto& cells = grid_.cells();
    const float width = ImGui::GetContentRegionAvail().x;
    const memview::GridLayout g = memview::gridLayout(cells.size(), width, height);
    ImGui::BeginChild("##grid", ImVec2(0, height), false);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    dl = ImGui::GetWindowDrawList();
    const double flash = std::clamp(1.0 - (f.time_s - flash_time_) / kFlashSeconds, 0.0, 1.0);
    for (size_t i = 0; i < cells.size(); ++i) {
        const auto& c = cells[i];
        const ImVec2 a(origin.x + g.x(i), origin.y + g.y(i));
        const ImVec2 b(a.x + g.cell, a.y + g.cell);
        if (b.y < ImGui::GetWindowPos().y || a.y > ImGui::GetWindowPos().y + ImGui::GetWindowHeight()) continue;
        if (c.present) {
            dl->AddRectFilled(a, b, col(t.heat(c.heat), c.candidate ? 1.0f : 0.3f), 2);
            if (c.key == s.selected_key) dl->AddRect(a, b, col(t.highlight), 2, 0, 2);
        } else if (c.evicted_seq) {
            // A hole with a cross; a fresh one flashes.
            if (c.evicted_seq > flash_after_seq_ && flash > 0)
                dl->AddRectFilled(a, b, col(t.highlight, static_cast<float>(flash)), 2);
            const float in = std::max(2.0f, g.cell * 0.25f);
            dl->AddLine(ImVec2(a.x + in, a.y + in), ImVec2(b.x - in, b.y - in), col(t.error, 0.9f), 1.5f);
            dl->AddLine(ImVec2(b.x - in, a.y + in), ImVec2(a.x + in, b.y - in), col(t.error, 0.9f), 1.5f);
            dl->AddRect(a, b, col(t.error, 0.7f), 2, 0, 1.0f);
        } else {
            dl->AddRect(a, b, col(t.grid), 2);
        }
    }
    ImGui::Dummy(ImVec2(width, g.height()));
    if (ImGui::IsWindowHovered()) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        if (auto i = g.hit(m.x - origin.x, m.y - origin.y, cells.size())) {
            const auto& c = cells[*i];
            ImGui::BeginTooltip();
            ImGui::TextUnformatted(ellipsize(c.key, 80).c_str());
            if (c.present) {
                const int64_t now = e.clock().nowMs();
                ImGui::TextDisabled("%s", memview::accessText(grid_.mode(), c.access, now).c_str());
                if (c.access.expire_at_ms >= 0 && grid_.mode() != memview::HeatMode::Ttl)
                    ImGui::TextDisabled("%s", memview::accessText(memview::HeatMode::Ttl, c.access, now).c_str());
                if (!c.candidate) ImGui::TextDisabled("no TTL: this policy never evicts it");
            } else if (c.evicted_seq) {
                textColored(t.error, "evicted by step #" + std::to_string(c.evicted_seq));
            } else {
                ImGui::TextDisabled("gone (deleted or expired)");
            }
            ImGui::EndTooltip();
            if (c.present && ImGui::IsMouseClicked(0)) s.selected_key = c.key;
        }
    }
    ImGui::EndChild();
}

void MemoryView::drawPlots(Frame& f) {
    const auto& samples = f.state.samples();
    if (!samples.empty() && (samples.back().at_ms != series_at_ms_ || samples.size() != series_count_)) {
        series_ = memview::seriesFromSamples(samples);
        series_at_ms_ = samples.back().at_ms;
        series_count_ = samples.size();
    }
    const Theme& t = f.theme;
    const float gap = 10 * f.scale;
    const float w = (ImGui::GetContentRegionAvail().x - 2 * gap) / 3, h = 64 * f.scale;
    auto plot = [&](const char* id, const char* label, const memview::Series& s, const std::string& current, Rgba c,
                    float lo, float hi) {
        ImGui::BeginGroup();
        ImGui::TextDisabled("%s", label);
        ImGui::SameLine();
        textColored(c, current);
        ImGui::PushStyleColor(ImGuiCol_PlotLines, vec(c));
        ImGui::PlotLines(id, s.values.empty() ? nullptr : s.values.data(), static_cast<int>(s.values.size()), 0,
                         nullptr, lo, hi, ImVec2(w, h));
        ImGui::PopStyleColor();
        ImGui::EndGroup();
    };
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(series_.evicted_per_s.current));
    plot("##evicted", "evicted keys/s", series_.evicted_per_s, buf, t.error, 0,
         std::max(1.0f, series_.evicted_per_s.max * 1.15f));
    ImGui::SameLine(0, gap);
    std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(series_.expired_per_s.current));
    plot("##expired", "expired keys/s", series_.expired_per_s, buf, t.warning, 0,
         std::max(1.0f, series_.expired_per_s.max * 1.15f));
    ImGui::SameLine(0, gap);
    float lo = series_.used_memory.max, hi = series_.used_memory.max;
    for (float v : series_.used_memory.values) lo = std::min(lo, v);
    const long long limit = f.state.engine().cfg().maxmemory;
    if (limit > 0) hi = std::max(hi, static_cast<float>(limit));
    plot("##used", "used_memory", series_.used_memory, humanBytes(static_cast<long long>(series_.used_memory.current)),
         t.accent, lo * 0.98f, std::max(hi * 1.02f, lo + 1));
    ImGui::TextDisabled("last %llds of engine time, per second",
                        static_cast<long long>(series_.used_memory.values.size()) * series_.bucket_ms / 1000);
}

void MemoryView::drawContent(Frame& f) {
    GuiState& s = f.state;
    Engine& e = s.engine();
    const MemoryOverview m = memoryOverview(e);
    drawBar(f, m);
    drawControls(f);
    ImGui::Separator();

    // The grid's sample follows writes, evictions and expiries; a new eviction flashes.
    const uint64_t before = grid_.lastEvictionSeq();
    const bool first = grid_.cells().empty();
    grid_.update(e, s.db, e.dirty + e.stats().expired_keys + e.stats().evicted_keys + e.db(s.db).size(), s.evictions());
    if (grid_.lastEvictionSeq() != before && !first) {
        flash_after_seq_ = before;
        flash_time_ = f.time_s;
    }

    const float gap = ImGui::GetStyle().ItemSpacing.x * 2;
    const float left_w = std::max(300 * f.scale, (ImGui::GetContentRegionAvail().x - gap) * 0.46f);
    ImGui::BeginChild("##left", ImVec2(left_w, 0), false);
    const auto& evs = s.evictions();
    drawSteps(f, std::min(190 * f.scale, ImGui::GetContentRegionAvail().y * 0.32f));
    ImGui::Spacing();
    const EvictionEvent* shown = evs.empty() ? nullptr : &evs.back();
    for (const auto& ev : evs)
        if (ev.seq == selected_seq_) shown = &ev;
    if (shown)
        drawStep(f, *shown);
    else
        ImGui::TextDisabled("No eviction yet: set maxmemory below used_memory, pick a policy, add keys.");
    ImGui::EndChild();

    ImGui::SameLine(0, gap);
    ImGui::BeginChild("##right", ImVec2(0, 0), false);
    // Below the grid: the plots and the paragraph on the approximation.
    const float plots_h = 64 * f.scale + 8.5f * ImGui::GetTextLineHeightWithSpacing();
    const float avail = ImGui::GetContentRegionAvail().y;
    drawGrid(f, std::max(avail * 0.5f, avail - plots_h - 2 * ImGui::GetTextLineHeightWithSpacing() - 8 * f.scale));
    ImGui::Spacing();
    drawPlots(f);
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled(
        "Redis keeps no list of keys in LRU order. While used_memory is above maxmemory, each step samples "
        "maxmemory-samples keys (%lld now) per database, scores them (idle time for LRU, 255 - LFU counter for "
        "LFU, how soon the TTL ends for volatile-ttl) and merges them into a pool of the %zu best candidates "
        "kept across steps; the best one still present is evicted. More samples come closer to true LRU for "
        "more work. redsim's teaching mode redsim-maxmemory-exact-lru evicts the truly least-recently-used key "
        "to compare (Redis has no such mode).",
        e.cfg().maxmemory_samples, kEvictionPoolSize);
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
}

}  // namespace

std::unique_ptr<View> makeMemoryView() { return std::make_unique<MemoryView>(); }

}  // namespace redsim::gui
