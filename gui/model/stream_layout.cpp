#include "gui/model/stream_layout.h"

#include <algorithm>
#include <cstdio>

namespace redsim::gui {

std::vector<StreamRow> streamRows(const inspect::StreamSnap& s) {
    std::vector<StreamRow> out;
    for (size_t n = 0; n < s.nodes.size(); ++n)
        for (size_t e = 0; e < s.nodes[n].entries.size(); ++e) {
            const auto& x = s.nodes[n].entries[e];
            out.push_back({x.id, n, e, x.deleted, x.same_fields, &x.fields});
        }
    return out;
}

size_t streamRowsLeftOut(const inspect::StreamSnap& s) {
    size_t shown_live = 0;
    for (const auto& n : s.nodes)
        for (const auto& e : n.entries) shown_live += e.deleted ? 0 : 1;
    return s.length > shown_live ? s.length - shown_live : 0;
}

CursorPos cursorPosition(const std::vector<StreamRow>& rows, StreamID last_id, bool rows_cut) {
    CursorPos p;
    const auto it =
        std::upper_bound(rows.begin(), rows.end(), last_id, [](StreamID id, const StreamRow& r) { return id < r.id; });
    p.index = static_cast<size_t>(it - rows.begin());
    p.exact = p.index > 0 && rows[p.index - 1].id == last_id;
    p.beyond = rows_cut && p.index == rows.size() && !(p.exact);
    return p;
}

NodeLayout layoutNodes(size_t nodes, float width, float box_w, float box_h, float gap) {
    NodeLayout l;
    if (width <= 0) return l;
    box_w = std::min(box_w, width);
    l.per_row = std::max<size_t>(1, static_cast<size_t>((width + gap) / (box_w + gap)));
    for (size_t i = 0; i < nodes; ++i) {
        const size_t r = i / l.per_row, c = i % l.per_row;
        l.boxes.push_back(
            {static_cast<float>(c) * (box_w + gap), static_cast<float>(r) * (box_h + gap), box_w, box_h, i});
    }
    const size_t rows = (nodes + l.per_row - 1) / l.per_row;
    l.height = rows ? static_cast<float>(rows) * (box_h + gap) - gap : 0;
    return l;
}

EntryCell entryCell(size_t i, size_t n, float strip_w, float cell_h, size_t cols) {
    EntryCell c;
    cols = std::max<size_t>(1, std::min(cols, std::max<size_t>(n, 1)));
    const float w = strip_w / static_cast<float>(cols);
    const size_t r = i / cols, k = i % cols;
    c.x0 = static_cast<float>(k) * w;
    c.x1 = c.x0 + std::max(w - 1.0f, 1.0f);
    c.y0 = static_cast<float>(r) * cell_h;
    c.y1 = c.y0 + std::max(cell_h - 1.0f, 1.0f);
    return c;
}

std::string idleText(int64_t ms) {
    if (ms < 0) return "-";
    char buf[32];
    if (ms < 1000)
        std::snprintf(buf, sizeof buf, "%lldms", static_cast<long long>(ms));
    else if (ms < 60'000)
        std::snprintf(buf, sizeof buf, "%.1fs", static_cast<double>(ms) / 1000.0);
    else if (ms < 3'600'000)
        std::snprintf(buf, sizeof buf, "%lldm%02llds", static_cast<long long>(ms / 60'000),
                      static_cast<long long>(ms / 1000 % 60));
    else if (ms < 86'400'000)
        std::snprintf(buf, sizeof buf, "%lldh%02lldm", static_cast<long long>(ms / 3'600'000),
                      static_cast<long long>(ms / 60'000 % 60));
    else
        std::snprintf(buf, sizeof buf, "%lldd%02lldh", static_cast<long long>(ms / 86'400'000),
                      static_cast<long long>(ms / 3'600'000 % 24));
    return buf;
}

int64_t idleMs(int64_t now_ms, int64_t at_ms) {
    if (at_ms <= 0) return 0;
    return std::max<int64_t>(0, now_ms - at_ms);
}

std::vector<std::string> xaddCommand(const std::string& key, const std::string& field, const std::string& value) {
    return {"XADD", key, "*", field, value};
}

std::vector<std::string> xreadgroupCommand(const std::string& key, const std::string& group,
                                           const std::string& consumer, long count) {
    return {"XREADGROUP", "GROUP", group, consumer, "COUNT", std::to_string(std::max(count, 1L)), "STREAMS", key, ">"};
}

std::optional<std::vector<std::string>> xackOldestCommand(const std::string& key, const inspect::StreamSnap::Group& g) {
    if (g.pel.empty()) return std::nullopt;
    // The PEL is ordered by id, so its first entry is the oldest delivered.
    return std::vector<std::string>{"XACK", key, g.name, g.pel.front().id.str()};
}

std::string defaultConsumer(const inspect::StreamSnap::Group& g) {
    return g.consumers.empty() ? "c1" : g.consumers.front().name;
}

}  // namespace redsim::gui
