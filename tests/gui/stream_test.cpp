#include <doctest/doctest.h>

#include "gui/model/state.h"
#include "gui/model/stream_layout.h"

using namespace redsim;
using namespace redsim::gui;

namespace {
inspect::StreamSnap streamOf(GuiState& s, const char* key, inspect::Limits lim = {}) {
    const auto v = inspect::inspectValue(s.engine(), 0, key, lim);
    REQUIRE(v);
    REQUIRE(v->stream);
    return *v->stream;
}
}  // namespace

TEST_SUITE("gui.stream") {
    TEST_CASE("gui.stream.rows.and.cursor") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        for (int i = 1; i <= 5; ++i) s.runLine(0, "XADD st " + std::to_string(i) + "-0 f v" + std::to_string(i));
        s.runLine(0, "XDEL st 2-0");
        s.runLine(0, "XGROUP CREATE st g 0");
        s.runLine(0, "XREADGROUP GROUP g alice COUNT 2 STREAMS st >");
        const auto st = streamOf(s, "st");
        const auto rows = streamRows(st);
        REQUIRE(rows.size() == 5);  // the deleted entry is still in its node
        CHECK(rows[1].deleted);
        CHECK(rows[0].fields->size() == 2);
        CHECK(streamRowsLeftOut(st) == 0);
        REQUIRE(st.groups.size() == 1);
        const auto& g = st.groups[0];
        CHECK(g.last_id == StreamID{3, 0});  // 1-0 and 3-0 delivered, 2-0 skipped
        auto p = cursorPosition(rows, g.last_id, false);
        CHECK(p.index == 3);
        CHECK(p.exact);
        p = cursorPosition(rows, StreamID{0, 0}, false);
        CHECK(p.index == 0);
        CHECK_FALSE(p.exact);
        p = cursorPosition(rows, StreamID{9, 0}, true);
        CHECK(p.index == 5);
        CHECK(p.beyond);
        p = cursorPosition(rows, StreamID{5, 0}, true);
        CHECK_FALSE(p.beyond);
    }

    TEST_CASE("gui.stream.cut") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        s.runLine(0, "CONFIG SET stream-node-max-entries 4");
        for (int i = 1; i <= 20; ++i) s.runLine(0, "XADD st * n " + std::to_string(i));
        const auto st = streamOf(s, "st", inspect::Limits{.entries = 3, .nodes = 2});
        CHECK(st.nodes.size() == 2);
        const auto rows = streamRows(st);
        CHECK(rows.size() == 6);
        CHECK(streamRowsLeftOut(st) == 14);
        for (size_t i = 1; i < rows.size(); ++i) CHECK(rows[i - 1].id < rows[i].id);
    }

    TEST_CASE("gui.stream.node.layout") {
        const auto l = layoutNodes(7, 500, 150, 60, 10);
        CHECK(l.per_row == 3);
        REQUIRE(l.boxes.size() == 7);
        CHECK(l.boxes[3].x == 0);
        CHECK(l.boxes[3].y == 70);
        CHECK(l.boxes[2].x == 320);
        CHECK(l.height == 3 * 60 + 2 * 10);
        CHECK(layoutNodes(0, 500, 150, 60, 10).height == 0);
        CHECK(layoutNodes(2, 50, 150, 60, 10).per_row == 1);
        const auto c = entryCell(5, 10, 100, 8, 4);
        CHECK(c.x0 == 25);
        CHECK(c.y0 == 8);
        CHECK(entryCell(0, 1, 100, 8, 4).x1 == 99);
    }

    TEST_CASE("gui.stream.idle.text") {
        CHECK(idleText(0) == "0ms");
        CHECK(idleText(850) == "850ms");
        CHECK(idleText(12345) == "12.3s");
        CHECK(idleText(302000) == "5m02s");
        CHECK(idleText(7500000) == "2h05m");
        CHECK(idleText(3 * 86400000LL + 4 * 3600000LL) == "3d04h");
        CHECK(idleText(-1) == "-");
        CHECK(idleMs(1000, 400) == 600);
        CHECK(idleMs(1000, 2000) == 0);
    }

    TEST_CASE("gui.stream.buttons") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        s.runCommand(xaddCommand("st", "f", "v"));
        s.runCommand(xaddCommand("st", "f", "w"));
        s.runLine(0, "XGROUP CREATE st g 0");
        auto st = streamOf(s, "st");
        CHECK(defaultConsumer(st.groups[0]) == "c1");
        CHECK_FALSE(xackOldestCommand("st", st.groups[0]));
        s.runCommand(xreadgroupCommand("st", "g", "c1"));
        s.runCommand(xreadgroupCommand("st", "g", "c1"));
        st = streamOf(s, "st");
        CHECK(st.groups[0].pel_size == 2);
        CHECK(defaultConsumer(st.groups[0]) == "c1");
        const auto ack = xackOldestCommand("st", st.groups[0]);
        REQUIRE(ack);
        CHECK((*ack)[3] == st.nodes[0].entries[0].id.str());
        s.runCommand(*ack);
        st = streamOf(s, "st");
        CHECK(st.groups[0].pel_size == 1);
        CHECK(st.groups[0].pel[0].id == st.nodes[0].entries[1].id);
    }
}
