// Pub/Sub: who listens to what, and messages travelling. Publishers on the left,
// channels, patterns and shard channels in the middle, subscribers on the right (console
// tabs by name, RESP clients of --serve by id); each message published animates as a
// dot from its publisher through the channel — or the pattern that matched it — to
// every client that received it. A message nobody listens to stops at its channel and
// fades: Pub/Sub keeps nothing. Below, the message log and a form that publishes
// through the console (the patterns the channel typed would match light up).
// The layout and the dots' positions are in gui/model/pubsub_model.h.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "engine/client.h"
#include "engine/config.h"
#include "engine/inspect/pubsub.h"
#include "gui/draw.h"
#include "gui/model/pubsub_model.h"
#include "gui/views/views.h"

namespace redsim::gui {

namespace {

constexpr double kTripSeconds = 1.6;  // publisher → channel → subscriber

class PubSubView final : public View {
public:
    std::string_view name() const override { return "pubsub"; }
    std::string_view title() const override { return "Pub/Sub"; }
    void drawContent(Frame& f) override;

private:
    void refresh(Frame& f);
    void drawGraph(Frame& f, ImVec2 size);
    void drawLog(Frame& f);
    void drawForm(Frame& f);

    uint64_t stamp_ = ~0ull;
    inspect::PubSubSnapshot snap_;
    std::map<uint64_t, std::string> names_;
    PubSubGraph graph_;
    std::vector<std::string> lit_patterns_;  // matching the channel in the form
    // When each message was first drawn (UI time), for its animation.
    std::map<uint64_t, double> seen_;
    bool first_frame_ = true;
    std::string channel_ = "news", message_ = "hello";
    bool follow_log_ = true;
};

void PubSubView::refresh(Frame& f) {
    GuiState& s = f.state;
    const uint64_t stamp = s.changeStamp() ^ (s.generation() << 48);
    if (stamp == stamp_) return;
    stamp_ = stamp;
    Engine& e = s.engine();
    snap_ = inspect::inspectPubSub(e);
    names_.clear();
    for (const auto& c : s.session().clientViews()) names_[c.id] = c.name;
    // RESP clients (--serve): their CLIENT SETNAME if they gave one.
    auto remote = [&](uint64_t id) {
        if (names_.count(id)) return;
        if (const Client* c = e.client(id); c && !c->name.empty()) names_[id] = c->name + " #" + std::to_string(id);
    };
    for (const auto* v : {&snap_.channels, &snap_.patterns, &snap_.shard_channels})
        for (const auto& entry : *v)
            for (uint64_t id : entry.subscribers) remote(id);
    for (const auto& m : s.messages()) remote(m.publisher_id);
    graph_ = layoutPubSub(snap_, names_, s.messages());
}

void PubSubView::drawGraph(Frame& f, ImVec2 size) {
    const Theme& t = f.theme;
    GuiState& s = f.state;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    dl->AddRectFilled(p0, ImVec2(p0.x + size.x, p0.y + size.y), col(t.panel), 4);
    const float fs = ImGui::GetFontSize();
    // Column titles.
    const char* titles[] = {"publishers", "channels / patterns", "subscribers"};
    const float title_x[] = {0.10f, 0.48f, 0.88f};
    for (int i = 0; i < 3; ++i) {
        const float w = ImGui::CalcTextSize(titles[i]).x;
        dl->AddText(ImVec2(p0.x + size.x * title_x[i] - w / 2, p0.y + 4), col(t.muted), titles[i]);
    }
    const float top = p0.y + fs * 1.6f;
    const float h = size.y - fs * 2.0f;
    auto pos = [&](const PubSubNode& n) { return ImVec2(p0.x + n.x * size.x, top + n.y * h); };
    const float box_w = std::min(size.x * 0.2f, fs * 11), box_h = fs * 1.7f;
    // Every edge is a cubic from the right side of one box to the left side of the next;
    // `at` is the point a fraction u along it (where a message dot is).
    auto ends = [&](const PubSubNode& a, const PubSubNode& b) {
        return std::make_pair(ImVec2(pos(a).x + box_w / 2, pos(a).y), ImVec2(pos(b).x - box_w / 2, pos(b).y));
    };
    auto at = [&](const PubSubNode& a, const PubSubNode& b, float u) {
        const auto [pa, pb] = ends(a, b);
        const float dx = (pb.x - pa.x) * 0.5f;
        const ImVec2 c1(pa.x + dx, pa.y), c2(pb.x - dx, pb.y);
        const float v = 1 - u;
        const float w0 = v * v * v, w1 = 3 * v * v * u, w2 = 3 * v * u * u, w3 = u * u * u;
        return ImVec2(w0 * pa.x + w1 * c1.x + w2 * c2.x + w3 * pb.x, w0 * pa.y + w1 * c1.y + w2 * c2.y + w3 * pb.y);
    };

    // Subscriptions: channel → subscriber curves.
    for (const PubSubEdge& e : graph_.edges) {
        const PubSubNode& a = graph_.nodes[e.from];
        const PubSubNode& b = graph_.nodes[e.to];
        const ImVec2 pa(pos(a).x + box_w / 2, pos(a).y), pb(pos(b).x - box_w / 2, pos(b).y);
        const float dx = (pb.x - pa.x) * 0.5f;
        const Rgba c = a.kind == PubSubNode::Kind::Pattern ? t.type_set
                       : a.kind == PubSubNode::Kind::Shard ? t.type_stream
                                                           : t.link;
        dl->AddBezierCubic(pa, ImVec2(pa.x + dx, pa.y), ImVec2(pb.x - dx, pb.y), pb, col(c, 0.8f), 1.5f);
    }
    // Publisher → channel lines for the recent messages (faint).
    const auto& msgs = s.messages();
    {
        std::set<std::pair<long, long>> drawn;
        size_t n = 0;
        for (auto it = msgs.rbegin(); it != msgs.rend() && n < 64; ++it, ++n) {
            const long p = graph_.findClient(PubSubNode::Kind::Publisher, it->publisher_id);
            std::vector<long> routes;
            routes.push_back(graph_.find(it->shard ? PubSubNode::Kind::Shard : PubSubNode::Kind::Channel, it->channel));
            for (const auto& d : it->deliveries)
                if (!d.pattern.empty()) routes.push_back(graph_.find(PubSubNode::Kind::Pattern, d.pattern));
            for (long r : routes) {
                if (p < 0 || r < 0 || !drawn.insert({p, r}).second) continue;
                const PubSubNode& a = graph_.nodes[static_cast<size_t>(p)];
                const PubSubNode& b = graph_.nodes[static_cast<size_t>(r)];
                const ImVec2 pa(pos(a).x + box_w / 2, pos(a).y), pb(pos(b).x - box_w / 2, pos(b).y);
                const float dx = (pb.x - pa.x) * 0.5f;
                dl->AddBezierCubic(pa, ImVec2(pa.x + dx, pa.y), ImVec2(pb.x - dx, pb.y), pb, col(t.grid), 1.2f);
            }
        }
    }
    // Nodes.
    for (const PubSubNode& n : graph_.nodes) {
        const ImVec2 c = pos(n);
        const ImVec2 a(c.x - box_w / 2, c.y - box_h / 2), z(c.x + box_w / 2, c.y + box_h / 2);
        using K = PubSubNode::Kind;
        Rgba border = t.node_border, fill = t.node;
        std::string label = n.label;
        switch (n.kind) {
            case K::Publisher:
                border = t.accent;
                break;
            case K::Channel:
                border = n.subscribers ? t.link : t.muted;
                label = ellipsize(n.label, 18) + "  (" + std::to_string(n.subscribers) + ")";
                break;
            case K::Pattern: {
                border = t.type_set;
                const bool lit = std::find(lit_patterns_.begin(), lit_patterns_.end(), n.label) != lit_patterns_.end();
                if (lit) fill = mix(t.node, t.type_set, 0.35);
                label = "pattern " + ellipsize(n.label, 14) + "  (" + std::to_string(n.subscribers) + ")";
                break;
            }
            case K::Shard:
                border = t.type_stream;
                label = "shard " + ellipsize(n.label, 15) + "  (" + std::to_string(n.subscribers) + ")";
                break;
            case K::Subscriber:
                border = t.console_push;
                break;
        }
        drawBox(dl, a, z, col(fill), col(border), col(n.kind == K::Channel && !n.subscribers ? t.muted : t.text), label,
                1.5f);
    }
    if (graph_.nodes.empty()) {
        const char* hint =
            "No subscribers yet. Try:  :client alice  SUBSCRIBE news   then   :client main  PUBLISH news hi";
        const float w = ImGui::CalcTextSize(hint).x;
        dl->AddText(ImVec2(p0.x + (size.x - w) / 2, p0.y + size.y / 2), col(t.muted), hint);
    }
    if (graph_.hidden_channels || graph_.hidden_subscribers) {
        char b[96];
        std::snprintf(b, sizeof b, "+%zu channels, +%zu subscribers not shown", graph_.hidden_channels,
                      graph_.hidden_subscribers);
        dl->AddText(ImVec2(p0.x + 6, p0.y + size.y - fs * 1.2f), col(t.muted), b);
    }

    // Messages in flight. A message is animated from the first frame it is seen; those
    // already there when the view first opens are staggered, so a script's messages are
    // seen on their way.
    const double now = f.time_s;
    size_t k = 0;
    for (auto it = msgs.rbegin(); it != msgs.rend(); ++it, ++k) {
        auto [slot, inserted] = seen_.try_emplace(it->seq, now);
        if (inserted && first_frame_) slot->second = now - 0.3 * kTripSeconds - 0.25 * static_cast<double>(k);
        if (now - slot->second > kTripSeconds && !inserted && k > 64) break;
    }
    first_frame_ = false;
    // Forget messages that left the record.
    if (!msgs.empty())
        for (auto it = seen_.begin(); it != seen_.end() && it->first < msgs.front().seq;) it = seen_.erase(it);
    for (auto it = msgs.rbegin(); it != msgs.rend(); ++it) {
        auto sit = seen_.find(it->seq);
        if (sit == seen_.end()) break;
        const double age = now - sit->second;
        if (age > kTripSeconds) continue;
        const auto dots = messageDots(graph_, *it, age, kTripSeconds);
        for (size_t i = 0; i < dots.size(); ++i) {
            const MessageDot& d = dots[i];
            const ImVec2 c = at(graph_.nodes[d.from], graph_.nodes[d.to], d.u);
            const float fade =
                d.dropped ? static_cast<float>(std::clamp(2.0 - 2.0 * age / kTripSeconds, 0.0, 1.0)) : 1.0f;
            const Rgba dc = d.dropped ? t.error : t.highlight;
            dl->AddCircleFilled(c, fs * 0.45f, col(dc, 0.25f * fade));
            dl->AddCircleFilled(c, fs * 0.28f, col(dc, fade));
            if (i == 0) {
                const std::string label = ellipsize(it->message, 20);
                dl->AddText(ImVec2(c.x + fs * 0.5f, c.y - fs * 1.25f),
                            col(d.dropped ? dc : (t.dark ? t.highlight : t.text), fade), label.c_str());
            }
        }
    }
    ImGui::Dummy(size);
}

void PubSubView::drawForm(Frame& f) {
    const Theme& t = f.theme;
    GuiState& s = f.state;
    const float fs = ImGui::GetFontSize();
    ImGui::SetNextItemWidth(fs * 9);
    ImGui::InputTextWithHint("##channel", "channel", &channel_);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 12);
    ImGui::InputTextWithHint("##message", "message", &message_);
    ImGui::SameLine();
    ImGui::BeginDisabled(channel_.empty());
    if (ImGui::Button("PUBLISH")) s.runCommand(std::vector<std::string>{"PUBLISH", channel_, message_});
    ImGui::SameLine();
    if (ImGui::Button("SUBSCRIBE")) s.runCommand(std::vector<std::string>{"SUBSCRIBE", channel_});
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("as the console's current client (%s)", s.session().clientName().c_str());
    lit_patterns_ = matchingPatterns(snap_, channel_);
    ImGui::SameLine();
    if (!lit_patterns_.empty()) {
        std::string p;
        for (const auto& x : lit_patterns_) p += (p.empty() ? "" : ", ") + x;
        textColored(t.type_set, "matches pattern " + ellipsize(p, 40));
    } else {
        textColored(t.muted, "no pattern matches");
    }
    ImGui::SameLine();
    const std::string notify = s.engine().config().get(*Config::find("notify-keyspace-events"));
    bool ks = !notify.empty();
    if (ImGui::Checkbox("keyspace events", &ks))
        s.runCommand(std::vector<std::string>{"CONFIG", "SET", "notify-keyspace-events", ks ? "KEA" : ""});
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "notify-keyspace-events KEA: every write publishes on __keyspace@db__:key and __keyevent@db__:event");
}

void PubSubView::drawLog(Frame& f) {
    const Theme& t = f.theme;
    GuiState& s = f.state;
    const auto& msgs = s.messages();
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##log", 5, flags, ImGui::GetContentRegionAvail())) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("time", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 4.5f);
    ImGui::TableSetupColumn("publisher", ImGuiTableColumnFlags_WidthStretch, 0.6f);
    ImGui::TableSetupColumn("channel", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("message", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn("received by", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableHeadersRow();
    const int64_t now_ms = s.engine().clock().nowMs();
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(msgs.size()));
    while (clip.Step()) {
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
            const MessageRecord& m = msgs[static_cast<size_t>(i)];
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            char b[32];
            std::snprintf(b, sizeof b, "-%.1fs", static_cast<double>(now_ms - m.at_ms) / 1000.0);
            textColored(t.muted, b);
            ImGui::TableSetColumnIndex(1);
            textColored(m.publisher_id ? t.accent : t.muted, clientLabel(names_, m.publisher_id));
            ImGui::TableSetColumnIndex(2);
            textColored(m.shard ? t.type_stream : t.text, (m.shard ? "shard " : "") + ellipsize(m.channel, 48));
            ImGui::TableSetColumnIndex(3);
            textColored(t.text, ellipsize(m.message, 60));
            ImGui::TableSetColumnIndex(4);
            if (m.deliveries.empty()) {
                textColored(t.error, "nobody (dropped)");
                continue;
            }
            std::string who;
            for (const auto& d : m.deliveries) {
                if (who.size() > 80) {
                    who += ", ...";
                    break;
                }
                who += (who.empty() ? "" : ", ") + clientLabel(names_, d.client);
                if (!d.pattern.empty()) who += " via " + d.pattern;
            }
            textColored(t.console_push, std::to_string(m.receivers) + ": " + who);
        }
    }
    if (follow_log_ && ImGui::GetScrollY() < ImGui::GetScrollMaxY()) ImGui::SetScrollY(ImGui::GetScrollMaxY());
    ImGui::EndTable();
}

void PubSubView::drawContent(Frame& f) {
    const Theme& t = f.theme;
    refresh(f);
    textColored(t.accent, "Pub/Sub");
    ImGui::SameLine();
    char b[160];
    std::snprintf(b, sizeof b, "%zu channels, %zu patterns, %zu shard channels, %zu messages recorded",
                  snap_.channels.size(), snap_.patterns.size(), snap_.shard_channels.size(), f.state.messages().size());
    textColored(t.muted, b);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float graph_h = std::max(avail.y * 0.6f, ImGui::GetFontSize() * 10);
    drawGraph(f, ImVec2(avail.x, graph_h));
    drawForm(f);
    ImGui::SameLine();
    ImGui::Checkbox("follow", &follow_log_);
    drawLog(f);
}

}  // namespace

std::unique_ptr<View> makePubSubView() { return std::make_unique<PubSubView>(); }

}  // namespace redsim::gui
