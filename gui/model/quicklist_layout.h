// The quicklist view's model (gui/views/quicklist.cpp): where the node boxes go (rows
// that wrap, with the links between neighbours and a "... N more" cut), what kind each
// node is and why (head/tail kept raw by list-compress-depth, LZF-compressed, raw
// because too small or incompressible, PLAIN), and the fill / compress-depth rules in
// words, as engine/ds/quicklist.h states them.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/inspect/value.h"

namespace redsim::gui {

enum class QlNodeKind {
    End,           // within list-compress-depth of the head or tail: always raw
    Compressed,    // LZF
    Raw,           // inside, but raw: under 48 bytes, LZF saved too little, or not revisited
    Uncompressed,  // list-compress-depth 0: nothing is compressed
    Plain,         // one huge element stored as it is
};
QlNodeKind nodeKind(const inspect::QuicklistSnap& q, const inspect::QuicklistSnap::Node& n);
// One or two sentences for the node's tooltip / caption: its kind and why.
std::string nodeExplanation(const inspect::QuicklistSnap& q, const inspect::QuicklistSnap::Node& n);
// A short tag drawn in the box: "head", "tail", "LZF 61%", "raw", "PLAIN".
std::string nodeTag(const inspect::QuicklistSnap& q, const inspect::QuicklistSnap::Node& n);

// list-max-listpack-size in words ("-2: each node's listpack stays under 8 KB").
std::string fillText(const inspect::QuicklistSnap& q);
// list-compress-depth in words.
std::string compressText(const inspect::QuicklistSnap& q);

// The node (its index in the whole list) of element `index` (0 = head) if that node is
// among the listed ones (the window starts at element q.first_element).
std::optional<size_t> nodeOfElement(const inspect::QuicklistSnap& q, size_t index);

// ---- the window onto a long list ----------------------------------------------------
// The first node of a window of `count` nodes that starts at `first`, clamped so the
// window lies inside a list of `node_count` nodes (0 when the whole list fits).
size_t clampWindow(size_t first, size_t count, size_t node_count);
// A window of `count` nodes that shows node `node`, moved as little as possible from
// `first` (unchanged when the node is already inside); clamped.
size_t windowShowing(size_t node, size_t first, size_t count, size_t node_count);
// The node holding list index `index` (negative: from the tail, as LINDEX takes it),
// from every node's element count (QuicklistSnap::counts). nullopt when out of range.
std::optional<size_t> nodeOfIndex(const std::vector<uint32_t>& counts, long long index);
// The node the command in `argv` touched on list `key`: the head for LPUSH/LPUSHX/LPOP
// (and LINSERT, which searches for its pivot from the head: the view has no pivot
// position without walking the list), the tail for RPUSH/RPUSHX/RPOP, the node holding
// index N for LINDEX/LSET. nullopt for other commands or keys.
std::optional<size_t> nodeTouchedBy(const std::vector<std::string>& argv, std::string_view key,
                                    const std::vector<uint32_t>& counts);

// The overview strip: the whole list in `width` pixels. Node i covers [x(i), x(i+1)).
struct QlOverview {
    float width = 0;
    size_t node_count = 0;
    float x(size_t node) const;     // left edge of node `node` (x(node_count) = width)
    size_t nodeAt(float px) const;  // the node under a pixel (clamped)
    // The raw ends (list-compress-depth nodes at each end) and the zone between them,
    // where the compressed nodes are: [head_end, tail_start).
    float head_end = 0, tail_start = 0;
    double compressed_share = 0;         // compressed nodes / nodes of the inner zone (0..1)
    float window_x0 = 0, window_x1 = 0;  // the bracket of the listed nodes
};
QlOverview overview(const inspect::QuicklistSnap& q, size_t window_nodes, float width);

// Node boxes in rows of `cols`, left to right; row after row.
struct QlBox {
    size_t node = 0;  // index into QuicklistSnap::nodes
    int row = 0, col = 0;
    float x = 0, y = 0;  // top-left, relative to the drawing's origin
};
// The link between box i and box i+1: a straight segment on one row, or a path that
// leaves the end of a row and enters the start of the next one.
struct QlLink {
    std::vector<std::array<float, 2>> points;
    bool wraps = false;
};
struct QlLayout {
    std::vector<QlBox> boxes;
    std::vector<QlLink> links;  // boxes.size() - 1 of them
    int cols = 1, rows = 0;
    size_t hidden = 0;                            // nodes not drawn after the window ("... N more")
    size_t hidden_before = 0;                     // nodes not drawn before it ("N before ...")
    std::optional<std::array<float, 2>> less_at;  // where the "N before" box goes (slot 0)
    float width = 0, height = 0;
    std::optional<std::array<float, 2>> more_at;  // where the "... N more" box goes
};
struct QlGeometry {
    float box_w = 120, box_h = 64, gap_x = 36, gap_y = 30;
    int max_rows = 4;
};
// Lays out the first `listed` nodes of `total` (the nodes from the window's start to the
// tail) in `width`. Leaves room for a "more" box in the last slot when nodes are cut, and
// with `before` > 0 (nodes ahead of the window) puts a "before" box in the first slot.
QlLayout layoutNodes(size_t listed, size_t total, float width, const QlGeometry& g, size_t before = 0);
// How many nodes a window can list in `cols` x `rows` slots of a list of `node_count`
// nodes: all of them if they fit, else the slots less two (the boxes before and after).
size_t windowCapacity(int cols, int rows, size_t node_count);

}  // namespace redsim::gui
