#include <doctest/doctest.h>

#include "gui/model/value_cache.h"

using namespace redsim;
using namespace redsim::gui;

TEST_SUITE("gui.valuecache") {
    TEST_CASE("gui.valuecache.retake") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        ValueCache c(inspect::Limits{.geo_members = 2});
        bool again = false;
        CHECK(c.get(s, &again) == nullptr);  // no key selected
        s.runLine(0, "GEOADD g 13.36 38.11 a 15.08 37.50 b 12.49 41.90 c");
        s.runLine(0, "SET s v PX 500");
        s.selected_key = "g";
        const auto* v = c.get(s, &again);
        REQUIRE(v);
        CHECK(again);
        REQUIRE(v->geo);
        CHECK(v->geo->members.size() == 2);  // the cache's own limits
        CHECK(v->geo->more == 1);
        // Time passing (ticks) does not retake it.
        s.frame(300'000);
        CHECK(c.get(s, &again) == v);
        CHECK_FALSE(again);
        // A command does.
        s.runLine(0, "GEOADD g 14.26 40.85 d");
        v = c.get(s, &again);
        CHECK(again);
        REQUIRE(v);
        CHECK(v->geo->more == 2);
        // Another key, and a key that expires.
        s.selected_key = "s";
        v = c.get(s, &again);
        CHECK(again);
        REQUIRE(v);
        s.frame(1'000'000);
        CHECK(c.get(s, &again) == nullptr);
        CHECK(again);
        s.runLine(0, "DEL g");
        s.selected_key = "g";
        CHECK(c.get(s) == nullptr);
    }
}
