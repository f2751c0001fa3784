#include "gui/model/quicklist_layout.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>

#include "engine/util/text.h"

namespace redsim::gui {

namespace {

constexpr size_t kMinCompressBytes = 48;  // MIN_COMPRESS_BYTES (engine/ds/quicklist.h)

std::string fmt(const char* f, auto... args) {
    char buf[512];
    std::snprintf(buf, sizeof buf, f, args...);
    return buf;
}

bool nearEnd(const inspect::QuicklistSnap& q, size_t index) {
    const auto depth = static_cast<size_t>(std::max(0, q.compress_depth));
    return index < depth || index + depth >= q.node_count;
}

}  // namespace

QlNodeKind nodeKind(const inspect::QuicklistSnap& q, const inspect::QuicklistSnap::Node& n) {
    if (n.plain) return QlNodeKind::Plain;
    if (n.compressed) return QlNodeKind::Compressed;
    if (q.compress_depth <= 0) return QlNodeKind::Uncompressed;
    if (nearEnd(q, n.index)) return QlNodeKind::End;
    return QlNodeKind::Raw;
}

std::string nodeTag(const inspect::QuicklistSnap& q, const inspect::QuicklistSnap::Node& n) {
    switch (nodeKind(q, n)) {
        case QlNodeKind::Plain:
            return "PLAIN";
        case QlNodeKind::Compressed:
            return fmt("LZF %zuB", n.compressed_bytes);
        case QlNodeKind::End:
            if (n.index == 0) return "head";
            if (n.index + 1 == q.node_count) return "tail";
            return n.index < q.node_count / 2 ? "near head" : "near tail";
        case QlNodeKind::Raw:
            return "raw";
        case QlNodeKind::Uncompressed:
            if (q.node_count == 1) return "head = tail";
            if (n.index == 0) return "head";
            if (n.index + 1 == q.node_count) return "tail";
            return "";
    }
    return "";
}

std::string nodeExplanation(const inspect::QuicklistSnap& q, const inspect::QuicklistSnap::Node& n) {
    const auto depth = q.compress_depth;
    switch (nodeKind(q, n)) {
        case QlNodeKind::Plain:
            return fmt(
                "Node %zu is PLAIN: one element of %zu bytes, at least the packed threshold (%zu bytes), "
                "stored as it is instead of in a listpack. Nothing is added to or merged with it.",
                n.index, n.bytes, q.packed_threshold);
        case QlNodeKind::Compressed:
            return fmt(
                "Node %zu is LZF-compressed: its %zu-byte listpack takes %zu bytes (%.0f%%). It is more than "
                "list-compress-depth (%d) nodes from either end, so pushes and pops never touch it; a read "
                "decompresses a copy.",
                n.index, n.bytes, n.compressed_bytes,
                n.bytes ? 100.0 * static_cast<double>(n.compressed_bytes) / static_cast<double>(n.bytes) : 0.0, depth);
        case QlNodeKind::End:
            return fmt(
                "Node %zu is within list-compress-depth (%d) of the %s, so it stays raw: LPUSH/RPUSH and "
                "LPOP/RPOP work on the end nodes without decompressing.",
                n.index, depth, n.index < q.node_count / 2 ? "head" : "tail");
        case QlNodeKind::Raw:
            if (n.bytes < kMinCompressBytes)
                return fmt(
                    "Node %zu is inside the compressed zone but raw: its listpack (%zu bytes) is under the "
                    "48-byte minimum LZF is tried on.",
                    n.index, n.bytes);
            return fmt(
                "Node %zu is inside the compressed zone but raw: LZF would save less than 8 bytes on its "
                "%zu bytes, or it grew in place since it was last compressed.",
                n.index, n.bytes);
        case QlNodeKind::Uncompressed:
            return fmt(
                "Node %zu: a listpack of %zu elements in %zu bytes. list-compress-depth is 0, so no node is "
                "compressed.",
                n.index, n.count, n.bytes);
    }
    return "";
}

std::string fillText(const inspect::QuicklistSnap& q) {
    if (q.fill < 0)
        return fmt("list-max-listpack-size %d: a node's listpack grows to at most %zu KB, then a new node starts.",
                   q.fill, q.fill_limit_bytes / 1024);
    return fmt(
        "list-max-listpack-size %d: at most %d elements per node (and at most 8 KB once it holds more than "
        "one).",
        q.fill, q.fill);
}

std::string compressText(const inspect::QuicklistSnap& q) {
    if (q.compress_depth <= 0) return "list-compress-depth 0: no node is compressed (the default).";
    return fmt(
        "list-compress-depth %d: the %d node%s at each end stay raw for pushes and pops; the %zu inner "
        "node%s are LZF-compressed when that saves at least 8 bytes (%zu are now).",
        q.compress_depth, q.compress_depth, q.compress_depth == 1 ? "" : "s",
        q.node_count > 2 * static_cast<size_t>(q.compress_depth)
            ? q.node_count - 2 * static_cast<size_t>(q.compress_depth)
            : 0,
        q.node_count > 2 * static_cast<size_t>(q.compress_depth) + 1 ? "s" : "", q.compressed_nodes);
}

std::optional<size_t> nodeOfElement(const inspect::QuicklistSnap& q, size_t index) {
    size_t start = q.first_element;
    if (index < start) return std::nullopt;
    for (const auto& n : q.nodes) {
        if (index < start + n.count) return n.index;
        start += n.count;
    }
    return std::nullopt;
}

size_t clampWindow(size_t first, size_t count, size_t node_count) {
    if (count >= node_count) return 0;
    return std::min(first, node_count - count);
}

size_t windowShowing(size_t node, size_t first, size_t count, size_t node_count) {
    if (count == 0) return clampWindow(node, 1, node_count);
    if (node < first)
        first = node;
    else if (node >= first + count)
        first = node + 1 - count;
    return clampWindow(first, count, node_count);
}

std::optional<size_t> nodeOfIndex(const std::vector<uint32_t>& counts, long long index) {
    size_t total = 0;
    for (uint32_t c : counts) total += c;
    if (index < 0) index += static_cast<long long>(total);
    if (index < 0 || static_cast<size_t>(index) >= total) return std::nullopt;
    size_t start = 0;
    for (size_t i = 0; i < counts.size(); ++i) {
        if (static_cast<size_t>(index) < start + counts[i]) return i;
        start += counts[i];
    }
    return std::nullopt;
}

std::optional<size_t> nodeTouchedBy(const std::vector<std::string>& argv, std::string_view key,
                                    const std::vector<uint32_t>& counts) {
    if (argv.size() < 2 || argv[1] != key || counts.empty()) return std::nullopt;
    const std::string cmd = toUpper(argv[0]);
    if (cmd == "LPUSH" || cmd == "LPUSHX" || cmd == "LPOP" || cmd == "LINSERT") return 0;
    if (cmd == "RPUSH" || cmd == "RPUSHX" || cmd == "RPOP") return counts.size() - 1;
    if ((cmd == "LINDEX" || cmd == "LSET") && argv.size() >= 3) {
        long long n = 0;
        const std::string& a = argv[2];
        const auto r = std::from_chars(a.data(), a.data() + a.size(), n);
        if (r.ec != std::errc() || r.ptr != a.data() + a.size()) return std::nullopt;
        return nodeOfIndex(counts, n);
    }
    return std::nullopt;
}

float QlOverview::x(size_t node) const {
    if (node_count == 0) return 0;
    return width * static_cast<float>(std::min(node, node_count)) / static_cast<float>(node_count);
}

size_t QlOverview::nodeAt(float px) const {
    if (node_count == 0 || width <= 0) return 0;
    const float t = std::clamp(px / width, 0.0f, 1.0f);
    return std::min(node_count - 1, static_cast<size_t>(t * static_cast<float>(node_count)));
}

QlOverview overview(const inspect::QuicklistSnap& q, size_t window_nodes, float width) {
    QlOverview o;
    o.width = width;
    o.node_count = q.node_count;
    const size_t depth = static_cast<size_t>(std::max(0, q.compress_depth));
    if (depth > 0 && q.node_count > 2 * depth) {
        o.head_end = o.x(depth);
        o.tail_start = o.x(q.node_count - depth);
        o.compressed_share = static_cast<double>(q.compressed_nodes) / static_cast<double>(q.node_count - 2 * depth);
    } else {
        o.head_end = o.tail_start = width;  // nothing can be compressed: all "ends"
    }
    o.window_x0 = o.x(q.first_node);
    o.window_x1 = o.x(q.first_node + window_nodes);
    return o;
}

size_t windowCapacity(int cols, int rows, size_t node_count) {
    const size_t slots = static_cast<size_t>(std::max(1, cols)) * static_cast<size_t>(std::max(1, rows));
    if (node_count <= slots) return node_count;
    return slots > 3 ? slots - 2 : 1;
}

QlLayout layoutNodes(size_t listed, size_t total, float width, const QlGeometry& g, size_t before) {
    QlLayout l;
    listed = std::min(listed, total);
    l.hidden_before = before;
    const size_t lead = before > 0 ? 1 : 0;  // the "before" box's slot
    l.cols = std::max(1, static_cast<int>((width + g.gap_x) / (g.box_w + g.gap_x)));
    const size_t slots_all = static_cast<size_t>(l.cols) * static_cast<size_t>(std::max(1, g.max_rows));
    const size_t capacity = slots_all > lead ? slots_all - lead : 1;
    size_t shown = std::min(listed, capacity);
    if (shown < total && shown == capacity && shown > 1) --shown;  // the last slot says "... N more"
    l.hidden = total - shown;
    const size_t slots = lead + shown + (l.hidden > 0 ? 1 : 0);
    l.rows = static_cast<int>((slots + static_cast<size_t>(l.cols) - 1) / static_cast<size_t>(l.cols));
    auto at = [&](size_t i) {
        const int row = static_cast<int>(i / static_cast<size_t>(l.cols));
        const int c = static_cast<int>(i % static_cast<size_t>(l.cols));
        return std::array<float, 2>{static_cast<float>(c) * (g.box_w + g.gap_x),
                                    static_cast<float>(row) * (g.box_h + g.gap_y)};
    };
    if (lead > 0) l.less_at = at(0);
    for (size_t i = 0; i < shown; ++i) {
        const size_t slot = lead + i;
        const auto p = at(slot);
        l.boxes.push_back(QlBox{i, static_cast<int>(slot / static_cast<size_t>(l.cols)),
                                static_cast<int>(slot % static_cast<size_t>(l.cols)), p[0], p[1]});
    }
    for (size_t i = 0; i + 1 < l.boxes.size(); ++i) {
        const QlBox& a = l.boxes[i];
        const QlBox& b = l.boxes[i + 1];
        QlLink link;
        const float ay = a.y + g.box_h / 2, by = b.y + g.box_h / 2;
        if (a.row == b.row) {
            link.points = {{a.x + g.box_w, ay}, {b.x, by}};
        } else {
            // Out of the row's end, down into the gap, back to the left, into the next row.
            link.wraps = true;
            const float right = a.x + g.box_w + g.gap_x / 2;
            const float mid = a.y + g.box_h + g.gap_y / 2;
            const float left = b.x - g.gap_x / 3;
            link.points = {{a.x + g.box_w, ay}, {right, ay}, {right, mid}, {left, mid}, {left, by}, {b.x, by}};
        }
        l.links.push_back(std::move(link));
    }
    if (l.hidden > 0) l.more_at = at(lead + shown);
    const int used_cols = l.rows > 1 ? l.cols : static_cast<int>(slots);
    l.width = static_cast<float>(used_cols) * (g.box_w + g.gap_x) - g.gap_x;
    l.height = static_cast<float>(l.rows) * (g.box_h + g.gap_y) - g.gap_y;
    return l;
}

}  // namespace redsim::gui
