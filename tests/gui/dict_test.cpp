// The dict view's model (gui/model/dict_layout.h): bucket windows, slot states while
// rehashing, the next-resize forecast, and a hash driven with HSET through a GuiState
// until a rehash starts, then moved on by lookups.
#include "gui/model/dict_layout.h"

#include <doctest/doctest.h>

#include <string>

#include "gui/model/state.h"
#include "gui/model/value_stamp.h"

using namespace redsim;
using namespace redsim::gui;

namespace {

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::optional<inspect::ValueSnapshot> snap(GuiState& s, const std::string& key, inspect::Limits lim = {}) {
    return inspect::inspectValue(s.engine(), 0, key, lim);
}

}  // namespace

TEST_SUITE("gui.dict") {
    TEST_CASE("gui.dict.window.aligned_with_slack") {
        const BucketWindow w = bucketWindow(100000, 1000, 30);
        CHECK(w.first % 32 == 0);
        CHECK(w.first <= 1000 - 32);
        CHECK(w.covers(1000, 30));
        CHECK(w.covers(990, 30));  // a small scroll keeps the same window
        CHECK(w.count <= 30 + 4 * 32);
        // Near the start and the end.
        const BucketWindow a = bucketWindow(100000, 0, 30);
        CHECK(a.first == 0);
        CHECK(a.covers(0, 30));
        const BucketWindow z = bucketWindow(64, 50, 30);
        CHECK(z.first + z.count == 64);
        CHECK(z.covers(50, 14));
    }

    TEST_CASE("gui.dict.outlook.rest_grow_and_shrink") {
        inspect::DictSnap d;
        d.tables[0].size = 64;
        d.tables[0].used = 60;
        d.tables[0].histogram = {20, 30, 14};
        d.size = 60;
        DictOutlook o = dictOutlook(d);
        CHECK(o.load_factor == doctest::Approx(60.0 / 64));
        CHECK(o.inserts_to_grow == 4);
        CHECK(o.grow_to == 128);
        CHECK(contains(o.next, "After 4 more new keys"));
        CHECK(contains(o.next, "128 buckets"));
        // 64 buckets: under 10% means at most 6 entries (6 * 100 / 64 = 9), so 54 deletes.
        CHECK(o.deletes_to_shrink == 54);
        CHECK(contains(o.next, "shrinks to 8 buckets"));
        // Full: the next insert grows.
        d.tables[0].used = 64;
        o = dictOutlook(d);
        CHECK(o.inserts_to_grow == 0);
        CHECK(contains(o.next, "next new key starts a rehash into 128"));
        // A child saving: only past load factor 5.
        o = dictOutlook(d, false);
        CHECK(o.inserts_to_grow == 6 * 64 - 64);
        CHECK(contains(o.next, "load factor 5"));
        CHECK(o.deletes_to_shrink == -1);
        // Nothing yet.
        o = dictOutlook(inspect::DictSnap{});
        CHECK(contains(o.next, "4 buckets"));
    }

    TEST_CASE("gui.dict.commands") {
        auto h = dictAddCommand(ObjType::Hash, "h", 5, 2);
        CHECK(h == std::vector<std::string>{"HSET", "h", "field:5", "value:5", "field:6", "value:6"});
        auto s = dictAddCommand(ObjType::Set, "s", 0, 100);
        CHECK(s.size() == 102);
        CHECK(s[101] == "member:99");
        auto z = dictAddCommand(ObjType::ZSet, "z", 1, 1);
        CHECK(z == std::vector<std::string>{"ZADD", "z", "1", "member:1"});
        CHECK(dictLookupCommand(ObjType::Set, "s", "m") == std::vector<std::string>{"SISMEMBER", "s", "m"});
        CHECK(dictAddCommand(ObjType::String, "x", 0, 3).empty());
    }

    TEST_CASE("gui.dict.marker.glides") {
        MarkerAnim m;
        m.retarget(10, 0.0);
        CHECK(m.at(10.0) == doctest::Approx(10));
        m.retarget(20, 10.0);
        CHECK(m.at(10.0) == doctest::Approx(10));
        const double mid = m.at(10.0 + m.duration_s / 2);
        CHECK(mid > 10);
        CHECK(mid < 20);
        CHECK(m.at(11.0) == doctest::Approx(20));
    }

    TEST_CASE("gui.dict.rehash.driven_by_hset") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        std::optional<inspect::ValueSnapshot> v;
        int i = 0;
        for (; i < 2000; ++i) {
            s.runLine(0, "HSET h field:" + std::to_string(i) + " v");
            v = snap(s, "h");
            REQUIRE(v);
            if (v->dict && v->dict->rehashidx >= 0) break;
        }
        REQUIRE(v->dict);
        const inspect::DictSnap before = *v->dict;
        REQUIRE(before.rehashidx >= 0);
        CHECK(before.tables[1].size == 2 * before.tables[0].size);
        CHECK(dictRows(before) == before.tables[1].size);
        const DictOutlook o = dictOutlook(before);
        CHECK(contains(o.state, "rehashing"));
        CHECK(contains(o.next, "moves one bucket"));
        CHECK(bucketState(before, 1, 0) == BucketState::Live);
        CHECK(bucketState(before, 0, static_cast<size_t>(before.rehashidx)) == BucketState::Next);
        CHECK(bucketState(before, 0, before.tables[0].size) == BucketState::Absent);
        CHECK(bucketState(before, 1, before.tables[1].size - 1) == BucketState::Live);
        // Lookups move it on, one bucket each; ticks alone do not (no cron rehash for a
        // hash's own table).
        s.step();
        s.step();
        v = snap(s, "h");
        CHECK(v->dict->rehashidx == before.rehashidx);
        s.runLine(0, "HEXISTS h field:0");
        v = snap(s, "h");
        const inspect::DictSnap after = *v->dict;
        if (after.rehashidx >= 0) {
            CHECK(after.rehashidx > before.rehashidx);
            CHECK(rehashProgress(after) > rehashProgress(before));
            for (size_t b = 0; b < static_cast<size_t>(after.rehashidx) && b < 16; ++b) {
                CHECK(bucketState(after, 0, b) == BucketState::Moved);
                CHECK(chainLength(after, 0, b) == 0u);
            }
            CHECK(contains(rehashDelta(before, after, "HEXISTS"), "HEXISTS moved rehashidx"));
        } else {
            CHECK(contains(rehashDelta(before, after, "HEXISTS"), "finished"));
        }
        // Keep looking up until it is done: table 1 becomes table 0.
        for (int n = 0; n < 10000 && v->dict->rehashidx >= 0; ++n) {
            s.runLine(0, "HEXISTS h field:1");
            v = snap(s, "h");
        }
        CHECK(v->dict->rehashidx == -1);
        CHECK(v->dict->tables[0].size == before.tables[1].size);
        CHECK(v->dict->tables[1].size == 0);
    }

    TEST_CASE("gui.dict.window.chains_match_lengths") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        auto argv = dictAddCommand(ObjType::Set, "s", 0, 3000);
        s.runCommand(argv);
        inspect::Limits lim;
        const BucketWindow w = bucketWindow(4096, 2000, 40);
        lim.bucket_first = w.first;
        lim.buckets = w.count;
        lim.chains = w.count;
        lim.chain_keys = 4;
        auto v = snap(s, "s", lim);
        REQUIRE(v);
        REQUIRE(v->dict);
        const auto& d = *v->dict;
        for (size_t b = 2000; b < 2040; ++b) {
            for (int t = 0; t < 2; ++t) {
                if (b >= d.tables[t].size) continue;
                const auto len = chainLength(d, t, b);
                REQUIRE(len);
                const auto* c = chainAt(d, t, b);
                if (*len == 0)
                    CHECK(c == nullptr);
                else {
                    REQUIRE(c);
                    CHECK(c->length == *len);
                    CHECK(c->keys.size() == std::min<size_t>(*len, 4));
                }
            }
        }
        CHECK(!chainLength(d, 0, w.first + w.count + 1));
        const auto hist = histogramValues(d.tables[0]);
        float total = 0;
        for (float x : hist) total += x;
        CHECK(total == doctest::Approx(static_cast<double>(d.tables[0].size)));
    }

    TEST_CASE("gui.dict.value_stamp.ignores_ticks") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        s.runLine(0, "HSET h a 1");
        const uint64_t a = valueStamp(s, "h");
        s.step();
        s.step();
        CHECK(valueStamp(s, "h") == a);
        s.runLine(0, "HEXISTS h a");  // a read: it moves a rehash on
        const uint64_t b = valueStamp(s, "h");
        CHECK(b != a);
        s.runLine(0, "PEXPIRE h 50");
        const uint64_t c = valueStamp(s, "h");
        s.runLine(0, ":time +1s");
        CHECK(valueStamp(s, "h") != c);
    }
}
