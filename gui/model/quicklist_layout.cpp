#include "gui/model/quicklist_layout.h"

#include <algorithm>
#include <cstdio>

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
    size_t start = 0;
    for (size_t i = 0; i < q.nodes.size(); ++i) {
        if (index < start + q.nodes[i].count) return i;
        start += q.nodes[i].count;
    }
    return std::nullopt;
}

QlLayout layoutNodes(size_t listed, size_t total, float width, const QlGeometry& g) {
    QlLayout l;
    listed = std::min(listed, total);
    l.cols = std::max(1, static_cast<int>((width + g.gap_x) / (g.box_w + g.gap_x)));
    const size_t capacity = static_cast<size_t>(l.cols) * static_cast<size_t>(std::max(1, g.max_rows));
    size_t shown = std::min(listed, capacity);
    if (shown < total && shown == capacity && shown > 0) --shown;  // the last slot says "... N more"
    l.hidden = total - shown;
    const size_t slots = shown + (l.hidden > 0 ? 1 : 0);
    l.rows = static_cast<int>((slots + static_cast<size_t>(l.cols) - 1) / static_cast<size_t>(l.cols));
    auto at = [&](size_t i) {
        const int row = static_cast<int>(i / static_cast<size_t>(l.cols));
        const int c = static_cast<int>(i % static_cast<size_t>(l.cols));
        return std::array<float, 2>{static_cast<float>(c) * (g.box_w + g.gap_x),
                                    static_cast<float>(row) * (g.box_h + g.gap_y)};
    };
    for (size_t i = 0; i < shown; ++i) {
        const auto p = at(i);
        l.boxes.push_back(QlBox{i, static_cast<int>(i / static_cast<size_t>(l.cols)),
                                static_cast<int>(i % static_cast<size_t>(l.cols)), p[0], p[1]});
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
    if (l.hidden > 0) l.more_at = at(shown);
    const int used_cols = l.rows > 1 ? l.cols : static_cast<int>(slots);
    l.width = static_cast<float>(used_cols) * (g.box_w + g.gap_x) - g.gap_x;
    l.height = static_cast<float>(l.rows) * (g.box_h + g.gap_y) - g.gap_y;
    return l;
}

}  // namespace redsim::gui
