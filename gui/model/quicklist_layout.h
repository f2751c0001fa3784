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

// The node of element `index` (0 = head) if that node is among the listed ones.
std::optional<size_t> nodeOfElement(const inspect::QuicklistSnap& q, size_t index);

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
    size_t hidden = 0;  // nodes not drawn ("... N more")
    float width = 0, height = 0;
    std::optional<std::array<float, 2>> more_at;  // where the "... N more" box goes
};
struct QlGeometry {
    float box_w = 120, box_h = 64, gap_x = 36, gap_y = 30;
    int max_rows = 4;
};
// Lays out the first `listed` nodes of `total` in `width`. Leaves room for a "more"
// box in the last slot when nodes are cut.
QlLayout layoutNodes(size_t listed, size_t total, float width, const QlGeometry& g);

}  // namespace redsim::gui
