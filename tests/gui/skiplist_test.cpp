// The skiplist view's model (gui/model/skiplist_layout.h): column and level positions
// of a window, link geometry inside and out of the window, the window that follows a
// search, the animation step for a time, and the lookup commands parsed into path
// queries — all against a real GuiState.
#include "gui/model/skiplist_layout.h"

#include <doctest/doctest.h>

#include <limits>
#include <string>

#include "gui/model/state.h"

using namespace redsim;
using namespace redsim::gui;

namespace {

// A zset of n members m0..m{n-1} with scores 0..n-1, in skiplist encoding.
void fill(GuiState& s, const std::string& key, int n) {
    s.runLine(0, "CONFIG SET zset-max-listpack-entries 4");
    for (int i = 0; i < n; i += 50) {
        std::string line = "ZADD " + key;
        for (int j = i; j < n && j < i + 50; ++j) line += " " + std::to_string(j) + " m" + std::to_string(j);
        s.runLine(0, line);
    }
}

CommandRecord rec(std::vector<std::string> argv, uint64_t seq = 1) {
    CommandRecord c;
    c.seq = seq;
    c.argv = std::move(argv);
    return c;
}

}  // namespace

TEST_SUITE("gui.skiplist") {
    TEST_CASE("gui.skiplist.layout.columns_and_levels") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        fill(s, "z", 20);
        auto w = inspect::skiplistWindow(s.engine(), 0, "z", 1, inspect::Limits{.entries = 10});
        REQUIRE(w);
        SkiplistGeometry g;
        const SkiplistLayout l = layoutWindow(*w, g);
        CHECK(l.first_rank == 1);
        CHECK(l.columns == 10);
        CHECK(l.lastRank() == 10);
        CHECK_FALSE(l.gap);
        CHECK_FALSE(l.reaches_end);
        CHECK(l.levels == w->level);
        // Columns are pitch apart, after the header; level 0 is the bottom row.
        CHECK(l.columnX(1) > l.headerX() + g.header_w);
        CHECK(l.columnX(2) - l.columnX(1) == doctest::Approx(g.pitch));
        CHECK(l.levelY(0) > l.levelY(l.levels - 1));
        if (l.levels > 1) CHECK(l.levelY(0) - l.levelY(1) == doctest::Approx(g.level_h));
        CHECK(l.endX() == doctest::Approx(l.columnX(10) + g.pitch));
        CHECK(l.rankAt(l.columnX(3) + 1) == 3ul);
        CHECK(l.rankAt(l.headerX() + 1) == 0ul);
        CHECK_FALSE(l.rankAt(l.endX() + 5));
        // A window further on has a gap column for the hidden ranks.
        auto w2 = inspect::skiplistWindow(s.engine(), 0, "z", 11, inspect::Limits{.entries = 10});
        const SkiplistLayout l2 = layoutWindow(*w2, g);
        CHECK(l2.gap);
        CHECK(l2.reaches_end);
        CHECK(l2.first_rank == 11);
        CHECK(l2.gapX() > l2.headerX());
        CHECK(l2.columnX(11) > l2.gapX() + g.gap_w);
        CHECK(l2.arriveX(3) == doctest::Approx(l2.gapX()));
        CHECK(l2.leaveX(3) == doctest::Approx(l2.gapX() + g.gap_w));
    }

    TEST_CASE("gui.skiplist.layout.links_inside_and_leaving_the_window") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        fill(s, "z", 200);
        auto w = inspect::skiplistWindow(s.engine(), 0, "z", 50, inspect::Limits{.entries = 20});
        REQUIRE(w);
        const SkiplistLayout l = layoutWindow(*w);
        const auto links = linkGeometry(l, *w);
        size_t expected = static_cast<size_t>(w->level);
        for (const auto& n : w->nodes) expected += static_cast<size_t>(n.level);
        CHECK(links.size() == expected);
        bool right = false;
        for (const LinkGeom& g : links) {
            CHECK(g.x1 >= g.x0);
            CHECK(g.y == doctest::Approx(l.levelY(g.level) + l.g.box_h / 2));
            if (g.to_rank != 0) CHECK(g.to_rank == g.from_rank + g.span);
            switch (g.end) {
                case LinkGeom::End::Node:
                    CHECK(l.inWindow(g.to_rank));
                    CHECK(g.x1 == doctest::Approx(l.columnX(g.to_rank)));
                    break;
                case LinkGeom::End::Right:
                    CHECK(g.to_rank > l.lastRank());
                    CHECK(g.x1 == doctest::Approx(l.endX()));
                    right = true;
                    break;
                case LinkGeom::End::Gap:
                    CHECK(g.from_rank == 0);  // only the header reaches into hidden ranks
                    CHECK(g.to_rank < l.first_rank);
                    break;
                case LinkGeom::End::Null:
                    CHECK(g.to_rank == 0);
                    break;
            }
        }
        CHECK(right);  // rank 69's level-0 link at least leaves to rank 70
    }

    TEST_CASE("gui.skiplist.layout.empty_and_past_the_end") {
        // Nothing crashes on a snapshot with no nodes (a window past the end).
        inspect::SkiplistSnap empty;
        const SkiplistLayout l = layoutWindow(empty);
        CHECK(l.columns == 0);
        CHECK(l.reaches_end);
        CHECK(l.width() > 0);
        CHECK(linkGeometry(l, empty).empty());
        CHECK_FALSE(l.rankAt(l.endX() + 1));
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        fill(s, "z", 10);
        auto w = inspect::skiplistWindow(s.engine(), 0, "z", 50);
        REQUIRE(w);
        const SkiplistLayout past = layoutWindow(*w);
        CHECK(past.columns == 0);
        for (const LinkGeom& g : linkGeometry(past, *w)) CHECK(g.from_rank == 0);
        Skiplist::Path none;
        CHECK(stepCaption(none, 0).empty());
        CHECK(stepAt(1, none.steps.size(), 0.35) == 0);
    }

    TEST_CASE("gui.skiplist.window.follows_the_focus") {
        // Inside with room to spare: keep the window.
        CHECK(windowFirst(20, 1000, 48, 1) == 1);
        // Near or past the right end: the focus goes a third of the way in.
        CHECK(windowFirst(47, 1000, 48, 1) == 47 - 16);
        CHECK(windowFirst(900, 1000, 48, 1) == 900 - 16);
        // Near the list's ends the window is clamped.
        CHECK(windowFirst(999, 1000, 48, 500) == 953);
        CHECK(windowFirst(1000, 1000, 48, 953) == 953);
        CHECK(windowFirst(2, 1000, 48, 953) == 1);
        CHECK(windowFirst(0, 1000, 48, 500) == 1);  // the header
        // A short list: one window.
        CHECK(windowFirst(7, 10, 48, 1) == 1);
        CHECK(windowFirst(7, 10, 48, 5) == 1);
    }

    TEST_CASE("gui.skiplist.overview.rank_x") {
        CHECK(rankX(0, 100000, 1000) == 0);
        CHECK(rankX(50000, 100000, 1000) == doctest::Approx(500));
        CHECK(rankX(100000, 100000, 1000) == doctest::Approx(1000));
        CHECK(rankX(5, 0, 1000) == 0);
        CHECK(rankAtX(500, 100000, 1000) == 50000);
        CHECK(rankAtX(-5, 100000, 1000) == 1);
        CHECK(rankAtX(2000, 100000, 1000) == 100000);
        CHECK(rankAtX(3, 0, 1000) == 1);
    }

    TEST_CASE("gui.skiplist.animation.step_for_a_time") {
        CHECK(stepAt(0, 9, 0.35) == 0);
        CHECK(stepAt(0.34, 9, 0.35) == 0);
        CHECK(stepAt(0.36, 9, 0.35) == 1);
        CHECK(stepAt(1.0, 9, 0.35) == 2);
        CHECK(stepAt(100, 9, 0.35) == 8);
        CHECK(stepAt(-1, 9, 0.35) == 8);  // shown whole
        CHECK(stepAt(5, 0, 0.35) == 0);
    }

    TEST_CASE("gui.skiplist.command.parsed_into_a_query") {
        CHECK_FALSE(pathCommandOf(rec({"ZSCORE", "other", "m"}), "z", 10));
        CHECK_FALSE(pathCommandOf(rec({"GET", "z"}), "z", 10));
        auto p = pathCommandOf(rec({"zscore", "z", "m3"}, 7), "z", 10);
        REQUIRE(p);
        CHECK(p->seq == 7);
        CHECK(p->name == "ZSCORE");
        CHECK(p->query.kind == inspect::PathKind::Member);
        CHECK(p->query.member == "m3");
        CHECK(p->text == "zscore z m3");
        p = pathCommandOf(rec({"ZREVRANK", "z", "m3"}), "z", 10);
        REQUIRE(p);
        CHECK(p->reverse);
        CHECK(pathCommandOf(rec({"ZINCRBY", "z", "2", "m4"}), "z", 10)->query.member == "m4");
        CHECK(pathCommandOf(rec({"ZADD", "z", "NX", "1", "a", "2", "b"}), "z", 10)->query.member == "b");
        p = pathCommandOf(rec({"ZRANGEBYSCORE", "z", "(5", "+inf"}), "z", 10);
        REQUIRE(p);
        CHECK(p->query.kind == inspect::PathKind::Score);
        CHECK(p->query.score == 5);
        CHECK(p->query.exclusive);
        p = pathCommandOf(rec({"ZCOUNT", "z", "-inf", "3"}), "z", 10);
        REQUIRE(p);
        CHECK(p->query.score == -std::numeric_limits<double>::infinity());
        CHECK_FALSE(p->query.exclusive);
        CHECK_FALSE(pathCommandOf(rec({"ZCOUNT", "z", "x", "3"}), "z", 10));
        // ZRANGE: start index -> rank, negatives from the end, REV from the tail.
        CHECK(pathCommandOf(rec({"ZRANGE", "z", "0", "3"}), "z", 10)->query.rank == 1);
        CHECK(pathCommandOf(rec({"ZRANGE", "z", "4", "-1"}), "z", 10)->query.rank == 5);
        CHECK(pathCommandOf(rec({"ZRANGE", "z", "-2", "-1"}), "z", 10)->query.rank == 9);
        CHECK(pathCommandOf(rec({"ZRANGE", "z", "0", "0", "REV"}), "z", 10)->query.rank == 10);
        CHECK(pathCommandOf(rec({"ZRANGE", "z", "2", "5", "rev"}), "z", 10)->query.rank == 8);
        p = pathCommandOf(rec({"ZRANGE", "z", "(1.5", "9", "BYSCORE"}), "z", 10);
        REQUIRE(p);
        CHECK(p->query.kind == inspect::PathKind::Score);
        CHECK(p->query.score == 1.5);
        CHECK_FALSE(pathCommandOf(rec({"ZRANGE", "z", "[a", "[b", "BYLEX"}), "z", 10));
        CHECK(parseScoreBound("+inf")->value == std::numeric_limits<double>::infinity());
        CHECK_FALSE(parseScoreBound("nan"));
        CHECK_FALSE(parseScoreBound("("));
    }

    TEST_CASE("gui.skiplist.command.newest_lookup_and_its_path") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        fill(s, "z", 300);
        s.runLine(0, "HSET decoy f v");
        s.runLine(0, "ZSCORE z m120");
        s.runLine(0, "ZCARD z");
        s.runLine(0, "HGET decoy f");
        auto p = lastPathCommand(s.commands(), "z", 300);
        REQUIRE(p);
        CHECK(p->name == "ZSCORE");
        auto path = inspect::skiplistPath(s.engine(), 0, "z", p->query);
        REQUIRE(path);
        CHECK(path->found == 121);
        // The captions read as steps; the summary adds the spans up to the rank.
        CHECK(stepCaption(*path, 0).find("start on the header") == 0);
        bool drop = false, move = false;
        for (size_t i = 1; i < path->steps.size(); ++i) {
            const std::string c = stepCaption(*path, i);
            drop |= c.find("drop to level") != std::string::npos;
            move |= c.find("move right") != std::string::npos;
        }
        CHECK(move);
        CHECK(drop);
        // With the window, a drop names what lies ahead on the level above.
        auto win = inspect::skiplistWindow(s.engine(), 0, "z", 1, inspect::Limits{.entries = 300});
        bool named = false;
        for (size_t i = 1; i < path->steps.size(); ++i)
            if (path->steps[i].span == 0) {
                const std::string c = stepCaption(*path, i, &*win);
                named |= c.find("next rank") != std::string::npos || c.find("NULL") != std::string::npos;
                CHECK(c.find("drop to level " + std::to_string(path->steps[i].level)) != std::string::npos);
            }
        CHECK(named);
        CHECK(stepCaption(*path, path->steps.size() - 1).find("found it") != std::string::npos);
        const std::string sum = pathSummary(*path, *p, 300);
        CHECK(sum.find("= 121") != std::string::npos);
        CHECK(sum.find("for 300 nodes") != std::string::npos);
        // A later write that is not a lookup ends the story.
        s.runLine(0, "ZREM z m5");
        CHECK_FALSE(lastPathCommand(s.commands(), "z", 299));
        s.runLine(0, "ZRANK z m200");
        p = lastPathCommand(s.commands(), "z", 299);
        REQUIRE(p);
        path = inspect::skiplistPath(s.engine(), 0, "z", p->query);
        CHECK(pathSummary(*path, *p, 299).find("ZRANK replies 199") != std::string::npos);
    }

    TEST_CASE("gui.skiplist.window.big_zset_is_cheap") {
        // 100k members: a window at any rank is 48 nodes, whatever the size.
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        for (int i = 0; i < 100000; i += 1000) {
            std::string line = "ZADD big";
            for (int j = i; j < i + 1000; ++j) line += " " + std::to_string(j) + " m" + std::to_string(j);
            s.runLine(0, line);
        }
        auto w = inspect::skiplistWindow(s.engine(), 0, "big", 70000, inspect::Limits{.entries = 48});
        REQUIRE(w);
        CHECK(w->length == 100000);
        CHECK(w->nodes.size() == 48);
        CHECK(w->nodes.front().member == "m69999");
        const SkiplistLayout l = layoutWindow(*w);
        CHECK(l.gap);
        CHECK(l.width() < 48 * l.g.pitch + 400);
    }
}
