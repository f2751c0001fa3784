// The quicklist view's model (gui/model/quicklist_layout.h): wrapping node layout with
// links and a "more" cut, node kinds and explanations checked on lists built with
// commands through a GuiState (compress depth, PLAIN nodes are engine facts).
#include "gui/model/quicklist_layout.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "gui/model/state.h"

using namespace redsim;
using namespace redsim::gui;

namespace {

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

TEST_SUITE("gui.quicklist") {
    TEST_CASE("gui.quicklist.layout.wraps_rows") {
        QlGeometry g{.box_w = 100, .box_h = 50, .gap_x = 20, .gap_y = 30, .max_rows = 10};
        // 500 wide: 4 columns (4 * 120 - 20 = 460).
        const QlLayout l = layoutNodes(10, 10, 500, g);
        CHECK(l.cols == 4);
        CHECK(l.rows == 3);
        CHECK(l.hidden == 0);
        REQUIRE(l.boxes.size() == 10);
        REQUIRE(l.links.size() == 9);
        CHECK(l.boxes[4].row == 1);
        CHECK(l.boxes[4].col == 0);
        CHECK(l.boxes[4].x == 0);
        CHECK(l.boxes[4].y == 80);
        CHECK(l.boxes[5].x == 120);
        CHECK_FALSE(l.links[0].wraps);
        CHECK(l.links[3].wraps);  // 3 -> 4 leaves row 0
        // A straight link runs from the right edge of one box to the left edge of the next.
        CHECK(l.links[0].points.front()[0] == 100);
        CHECK(l.links[0].points.back()[0] == 120);
        // The wrap ends at the next box's left edge, mid-height.
        CHECK(l.links[3].points.back()[0] == 0);
        CHECK(l.links[3].points.back()[1] == 80 + 25);
        CHECK(l.width == 460);
        CHECK(l.height == 3 * 80 - 30);
        CHECK_FALSE(l.more_at);
    }

    TEST_CASE("gui.quicklist.layout.more_slot") {
        QlGeometry g{.box_w = 100, .box_h = 50, .gap_x = 20, .gap_y = 30, .max_rows = 2};
        // 8 slots; 30 nodes listed of 500: 7 drawn and "... 493 more" in the 8th.
        const QlLayout l = layoutNodes(30, 500, 500, g);
        CHECK(l.boxes.size() == 7);
        CHECK(l.hidden == 493);
        REQUIRE(l.more_at);
        CHECK((*l.more_at)[0] == 360);
        CHECK((*l.more_at)[1] == 80);
        // Fewer listed than fit, but more exist (the snapshot's limit).
        const QlLayout m = layoutNodes(3, 9, 500, g);
        CHECK(m.boxes.size() == 3);
        CHECK(m.hidden == 6);
        // A narrow window still shows one column.
        const QlLayout n = layoutNodes(3, 3, 10, g);
        CHECK(n.cols == 1);
        CHECK(layoutNodes(0, 0, 500, g).boxes.empty());
    }

    TEST_CASE("gui.quicklist.kinds_from_commands") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        s.runLine(0, "CONFIG SET list-compress-depth 1");
        s.runLine(0, "CONFIG SET list-max-listpack-size 4");
        std::string push = "RPUSH l";
        for (int i = 0; i < 24; ++i) push += " " + std::string(40, static_cast<char>('a' + i % 2));
        s.runLine(0, push);
        inspect::Limits lim;
        lim.nodes = 64;
        auto v = inspect::inspectValue(s.engine(), 0, "l", lim);
        REQUIRE(v);
        REQUIRE(v->quicklist);
        const auto& q = *v->quicklist;
        REQUIRE(q.node_count == 6);
        CHECK(nodeKind(q, q.nodes.front()) == QlNodeKind::End);
        CHECK(nodeKind(q, q.nodes.back()) == QlNodeKind::End);
        CHECK(nodeTag(q, q.nodes.front()) == "head");
        CHECK(nodeTag(q, q.nodes.back()) == "tail");
        CHECK(nodeKind(q, q.nodes[2]) == QlNodeKind::Compressed);
        CHECK(contains(nodeTag(q, q.nodes[2]), "LZF"));
        CHECK(contains(nodeExplanation(q, q.nodes[2]), "LZF-compressed"));
        CHECK(contains(nodeExplanation(q, q.nodes[0]), "within list-compress-depth (1) of the head"));
        CHECK(contains(nodeExplanation(q, q.nodes[5]), "of the tail"));
        CHECK(contains(fillText(q), "at most 4 elements per node"));
        CHECK(contains(compressText(q), "the 4 inner nodes"));
        CHECK(nodeOfElement(q, 0) == 0u);
        CHECK(nodeOfElement(q, 5) == 1u);
        CHECK(nodeOfElement(q, 23) == 5u);
        CHECK(!nodeOfElement(q, 24));

        s.runLine(0, "CONFIG SET list-compress-depth 0");
        s.runLine(0, "CONFIG SET list-max-listpack-size -2");
        s.runLine(0, "RPUSH m a b c");
        v = inspect::inspectValue(s.engine(), 0, "m", lim);
        const auto& m = *v->quicklist;
        CHECK(nodeKind(m, m.nodes[0]) == QlNodeKind::Uncompressed);
        CHECK(nodeTag(m, m.nodes[0]) == "head = tail");
        CHECK(contains(fillText(m), "8 KB"));
        CHECK(contains(compressText(m), "no node is compressed"));
    }

    TEST_CASE("gui.quicklist.plain_and_small_raw") {
        inspect::QuicklistSnap q;
        q.compress_depth = 1;
        q.node_count = 5;
        q.packed_threshold = 100;
        inspect::QuicklistSnap::Node plain{.index = 2, .count = 1, .bytes = 500, .plain = true};
        CHECK(nodeKind(q, plain) == QlNodeKind::Plain);
        CHECK(contains(nodeExplanation(q, plain), "PLAIN"));
        inspect::QuicklistSnap::Node small{.index = 1, .count = 2, .bytes = 20};
        CHECK(nodeKind(q, small) == QlNodeKind::Raw);
        CHECK(contains(nodeExplanation(q, small), "48-byte"));
        inspect::QuicklistSnap::Node nearTail{.index = 4, .count = 2, .bytes = 200};
        CHECK(nodeKind(q, nearTail) == QlNodeKind::End);
    }

    TEST_CASE("gui.quicklist.window.clamp_and_show") {
        CHECK(clampWindow(0, 10, 100) == 0);
        CHECK(clampWindow(50, 10, 100) == 50);
        CHECK(clampWindow(95, 10, 100) == 90);  // the window stays inside the list
        CHECK(clampWindow(7, 10, 5) == 0);      // the whole list fits
        CHECK(clampWindow(3, 0, 0) == 0);
        CHECK(windowShowing(55, 50, 10, 100) == 50);  // inside: unchanged
        CHECK(windowShowing(75, 50, 10, 100) == 66);  // after: the node becomes the last one
        CHECK(windowShowing(20, 50, 10, 100) == 20);  // before: it becomes the first
        CHECK(windowShowing(99, 0, 10, 100) == 90);
        CHECK(windowCapacity(4, 2, 5) == 5);
        CHECK(windowCapacity(4, 2, 500) == 6);  // 8 slots less the two "..." boxes
        CHECK(windowCapacity(1, 1, 500) == 1);
    }

    TEST_CASE("gui.quicklist.window.node_of_index_and_commands") {
        const std::vector<uint32_t> counts{4, 4, 3, 4, 1};  // 16 elements
        CHECK(nodeOfIndex(counts, 0) == 0u);
        CHECK(nodeOfIndex(counts, 3) == 0u);
        CHECK(nodeOfIndex(counts, 4) == 1u);
        CHECK(nodeOfIndex(counts, 10) == 2u);
        CHECK(nodeOfIndex(counts, 11) == 3u);
        CHECK(nodeOfIndex(counts, 15) == 4u);
        CHECK(nodeOfIndex(counts, -1) == 4u);
        CHECK(nodeOfIndex(counts, -2) == 3u);
        CHECK(!nodeOfIndex(counts, 16));
        CHECK(!nodeOfIndex(counts, -17));
        CHECK(!nodeOfIndex({}, 0));
        using V = std::vector<std::string>;
        CHECK(nodeTouchedBy(V{"LPUSH", "l", "x"}, "l", counts) == 0u);
        CHECK(nodeTouchedBy(V{"rpop", "l"}, "l", counts) == 4u);
        CHECK(nodeTouchedBy(V{"RPUSH", "l", "x"}, "l", counts) == 4u);
        CHECK(nodeTouchedBy(V{"LINDEX", "l", "10"}, "l", counts) == 2u);
        CHECK(nodeTouchedBy(V{"LSET", "l", "-5", "v"}, "l", counts) == 3u);
        CHECK(!nodeTouchedBy(V{"LINDEX", "l", "x1"}, "l", counts));
        CHECK(!nodeTouchedBy(V{"LINDEX", "l", "99"}, "l", counts));
        CHECK(!nodeTouchedBy(V{"RPUSH", "other", "x"}, "l", counts));
        CHECK(!nodeTouchedBy(V{"LLEN", "l"}, "l", counts));
        CHECK(!nodeTouchedBy(V{"LPUSH"}, "l", counts));
    }

    TEST_CASE("gui.quicklist.window.from_a_long_list") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        s.runLine(0, "CONFIG SET list-compress-depth 2");
        s.runLine(0, "CONFIG SET list-max-listpack-size 4");
        for (int i = 0; i < 10; ++i) {
            std::string push = "RPUSH l";
            for (int j = 0; j < 10; ++j) push += " " + std::string(30, static_cast<char>('a' + j % 3));
            s.runLine(0, push);
        }
        s.runLine(0, "LINDEX l 57");
        inspect::Limits lim;
        lim.nodes = 5;
        lim.node_counts = true;
        auto v = inspect::inspectValue(s.engine(), 0, "l", lim);
        REQUIRE(v);
        const auto& all = *v->quicklist;
        REQUIRE(all.node_count == 25);
        REQUIRE(all.counts.size() == 25);
        const auto touched = nodeTouchedBy(s.commands().back().argv, "l", all.counts);
        REQUIRE(touched);
        CHECK(*touched == 14u);  // 4 elements per node: index 57 is in node 14
        lim.node_first = windowShowing(*touched, 0, 5, all.node_count);
        CHECK(lim.node_first == 10u);
        v = inspect::inspectValue(s.engine(), 0, "l", lim);
        const auto& q = *v->quicklist;
        CHECK(q.first_node == 10u);
        CHECK(q.first_element == 40u);
        CHECK(nodeOfElement(q, 57) == 14u);
        CHECK(!nodeOfElement(q, 3));
        // The layout: a "before" box, the window, a "more" box.
        QlGeometry g{.box_w = 100, .box_h = 50, .gap_x = 20, .gap_y = 30, .max_rows = 2};
        const QlLayout l = layoutNodes(q.nodes.size(), q.node_count - q.first_node, 500, g, q.first_node);
        REQUIRE(l.less_at);
        CHECK((*l.less_at)[0] == 0);
        CHECK(l.hidden_before == 10u);
        CHECK(l.boxes.size() == 5);
        CHECK(l.boxes[0].x == 120);  // after the "before" box
        CHECK(l.hidden == 10u);
        REQUIRE(l.more_at);
        CHECK((*l.more_at)[0] == 240);  // slot 6: row 1, column 2
        CHECK((*l.more_at)[1] == 80);
        // The overview: 25 nodes in 250 px, raw ends of 2 nodes, the window bracketed.
        const QlOverview o = overview(q, q.nodes.size(), 250);
        CHECK(o.x(10) == 100);
        CHECK(o.window_x0 == 100);
        CHECK(o.window_x1 == 150);
        CHECK(o.head_end == 20);
        CHECK(o.tail_start == 230);
        CHECK(o.compressed_share > 0.5);
        CHECK(o.compressed_share <= 1.0);
        CHECK(o.nodeAt(0) == 0u);
        CHECK(o.nodeAt(105) == 10u);
        CHECK(o.nodeAt(1000) == 24u);
        CHECK(o.nodeAt(-5) == 0u);
    }
}
