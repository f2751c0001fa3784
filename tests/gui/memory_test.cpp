// The memory & eviction view's model (gui/model/memory_model.h), without a window: a
// GuiState on the virtual clock filled past maxmemory, then the bar, the rates, the
// heat of keys, the key grid and an eviction step's text.
#include "gui/model/memory_model.h"

#include <doctest/doctest.h>

#include <string>

#include "engine/engine.h"
#include "gui/model/state.h"

using namespace redsim;
using namespace redsim::gui;

namespace {

GuiState makeState() { return GuiState(GuiOptions{.seed = 1, .virtual_clock = true}); }

// SET fill:<from>..fill:<to-1> with 100-byte values, as the view's "fill" button does.
void fill(GuiState& s, int from, int to) {
    for (int i = from; i < to; ++i) s.runLine(0, "SET fill:" + std::to_string(i) + " " + std::string(100, 'x'));
}

// Moves the virtual clock and lets the GUI sample, as frames do.
void pass(GuiState& s, int64_t ms) {
    for (int64_t t = 0; t < ms; t += 100) s.frame(100'000);
}

}  // namespace

TEST_SUITE("gui.memory") {
    TEST_CASE("gui.memory.bar.segments_add_up_and_marks") {
        GuiState s = makeState();
        fill(s, 0, 50);
        const MemoryOverview m = memoryOverview(s.engine());
        const memview::MemoryBar b = memview::memoryBar(m, 1024 * 1024);
        long long sum = 0;
        for (const auto& seg : b.segments) sum += seg.bytes;
        CHECK(sum == b.used);
        REQUIRE(b.segments.size() >= 3);
        CHECK(b.segments.front().kind == memview::MemorySegment::Kind::Base);
        CHECK(b.segments.front().bytes == memory::kStartupMemory);
        CHECK(b.segments.back().kind == memview::MemorySegment::Kind::Data);
        CHECK(b.maxmemory == 1024 * 1024);
        CHECK_FALSE(b.over());
        CHECK(b.at(b.maxmemory) < 1.0);  // room on the right of the limit
        CHECK(b.at(0) == 0.0);
        CHECK(b.at(b.used) < b.at(b.maxmemory));
        // Without a limit the bar is scaled to the peak.
        const memview::MemoryBar nolimit = memview::memoryBar(m, 0);
        CHECK(nolimit.ofLimit() == 0.0);
        CHECK(nolimit.scale >= nolimit.peak);
        // Over the limit.
        CHECK(memview::memoryBar(m, 900 * 1000).over());
    }

    TEST_CASE("gui.memory.rates.per_second_and_reset") {
        std::deque<Sample> samples;
        // 10 evictions per second for 5 s, then a reset (CONFIG RESETSTAT) and 3 more.
        for (int i = 0; i <= 10; ++i)
            samples.push_back(
                Sample{.at_ms = i * 500, .used_memory = 1000 + i, .evicted = static_cast<uint64_t>(i * 5)});
        samples.push_back(Sample{.at_ms = 5500, .used_memory = 900, .evicted = 3});
        const memview::MemorySeries s = memview::seriesFromSamples(samples, 60000, 1000);
        // Whole buckets back from the newest sample: (500, 1500], …, (4500, 5500].
        REQUIRE(s.evicted_per_s.values.size() == 5);
        for (size_t i = 0; i < 4; ++i) CHECK(s.evicted_per_s.values[i] == doctest::Approx(10));
        CHECK(s.evicted_per_s.current == doctest::Approx(8));  // 5, then 3 after the reset
        CHECK(s.expired_per_s.max == 0);
        CHECK(s.used_memory.current == 900);
        CHECK(s.used_memory.values.front() == 1003);  // the reading at 1500
        CHECK(memview::counterDelta(5, 8) == 3);
        CHECK(memview::counterDelta(50, 3) == 3);
        // A window shorter than the history keeps the newest buckets.
        CHECK(memview::seriesFromSamples(samples, 2000, 1000).evicted_per_s.values.size() == 2);
        CHECK(memview::seriesFromSamples({}, 60000, 1000).evicted_per_s.values.empty());
    }

    TEST_CASE("gui.memory.evictions_recorded_and_rates_from_state") {
        GuiState s = makeState();
        s.runLine(0, "CONFIG SET maxmemory 1mb");
        s.runLine(0, "CONFIG SET maxmemory-policy allkeys-lru");
        pass(s, 1000);
        fill(s, 0, 1500);
        pass(s, 1000);
        REQUIRE_FALSE(s.evictions().empty());
        const EvictionEvent& ev = s.evictions().back();
        CHECK(ev.policy == "allkeys-lru");
        CHECK(ev.freed > 0);
        CHECK_FALSE(ev.sampled.empty());
        CHECK(s.engine().stats().evicted_keys > 0);
        const memview::MemorySeries series = memview::seriesFromSamples(s.samples(), 60000, 1000);
        CHECK(series.evicted_per_s.max > 0);
        CHECK(series.used_memory.current <= 1024 * 1024 + 1024);
        // CONFIG RESETSTAT: rates stay non-negative.
        s.runLine(0, "CONFIG RESETSTAT");
        pass(s, 500);
        for (float v : memview::seriesFromSamples(s.samples(), 60000, 1000).evicted_per_s.values) CHECK(v >= 0);
    }

    TEST_CASE("gui.memory.heat.scale_per_policy") {
        inspect::KeyAccess fresh{.idle_ms = 0, .lfu = 200}, old{.idle_ms = 60000, .lfu = 5};
        memview::HeatScale scale{.max_idle_ms = 60000, .max_lfu = 255, .min_ttl_ms = 1000, .max_ttl_ms = 91000};
        using memview::HeatMode;
        CHECK(memview::heatOf(HeatMode::Idle, fresh, 0, scale) == 0.0);
        CHECK(memview::heatOf(HeatMode::Idle, old, 0, scale) == doctest::Approx(1.0));
        const inspect::KeyAccess mid{.idle_ms = 7000};
        const double h = memview::heatOf(HeatMode::Idle, mid, 0, scale);
        CHECK(h > 0.4);  // a log scale: 7 s of 60 s is already half way
        CHECK(h < 0.6);
        CHECK(memview::heatOf(HeatMode::Lfu, old, 0, scale) > memview::heatOf(HeatMode::Lfu, fresh, 0, scale));
        CHECK(memview::heatOf(HeatMode::Lfu, inspect::KeyAccess{.lfu = 255}, 0, scale) == doctest::Approx(0.0));
        CHECK(memview::heatOf(HeatMode::Lfu, inspect::KeyAccess{.lfu = 0}, 0, scale) == doctest::Approx(1.0));
        const inspect::KeyAccess soon{.expire_at_ms = 1000}, late{.expire_at_ms = 90000}, none{};
        CHECK(memview::heatOf(HeatMode::Ttl, soon, 0, scale) > memview::heatOf(HeatMode::Ttl, late, 0, scale));
        CHECK(memview::heatOf(HeatMode::Ttl, none, 0, scale) == 0.0);
        CHECK(memview::heatOf(HeatMode::Ttl, soon, 0, scale) == doctest::Approx(1.0));  // linear between
        CHECK(memview::heatOf(HeatMode::Ttl, inspect::KeyAccess{.expire_at_ms = 46000}, 0, scale) ==
              doctest::Approx(0.5));
        // LFU relative to the hottest key shown: counters seldom get far from 5.
        memview::HeatScale small = scale;
        small.max_lfu = 10;
        CHECK(memview::heatOf(HeatMode::Lfu, inspect::KeyAccess{.lfu = 10}, 0, small) == doctest::Approx(0.0));
        CHECK(memview::heatOf(HeatMode::Lfu, inspect::KeyAccess{.lfu = 2}, 0, small) > 0.5);
        CHECK(memview::heatMode(MaxmemoryPolicy::AllkeysLfu) == HeatMode::Lfu);
        CHECK(memview::heatMode(MaxmemoryPolicy::VolatileTtl) == HeatMode::Ttl);
        CHECK(memview::heatMode(MaxmemoryPolicy::AllkeysRandom) == HeatMode::Idle);
        CHECK(memview::accessText(HeatMode::Idle, mid, 0) == "idle 7.0s");
        CHECK(memview::accessText(HeatMode::Lfu, old, 0) == "freq 5");
        CHECK(memview::accessText(HeatMode::Ttl, none, 0) == "no ttl");
        for (auto p : memview::kPolicies) CHECK_FALSE(p.empty());
        CHECK(memview::policyName(MaxmemoryPolicy::VolatileTtl) == "volatile-ttl");
    }

    TEST_CASE("gui.memory.grid.idle_key_hotter_than_touched_key_under_lru") {
        GuiState s = makeState();
        s.runLine(0, "CONFIG SET maxmemory-policy allkeys-lru");
        fill(s, 0, 20);
        s.runLine(0, ":time +30s");
        s.runLine(0, "GET fill:7");
        memview::KeyGrid g;
        g.update(s.engine(), 0, s.changeStamp(), s.evictions());
        REQUIRE(g.cells().size() == 20);
        // Sorted naturally on the first walk.
        CHECK(g.cells()[2].key == "fill:2");
        CHECK(g.cells()[10].key == "fill:10");
        const auto& idle = g.cells()[3];
        const auto& touched = g.cells()[7];
        CHECK(idle.access.idle_ms == 30000);
        CHECK(touched.access.idle_ms == 0);
        CHECK(idle.heat > touched.heat);
        CHECK(g.mode() == memview::HeatMode::Idle);
        // The grid reads without touching: idle time keeps growing.
        s.runLine(0, ":time +5s");
        g.update(s.engine(), 0, s.changeStamp(), s.evictions());
        CHECK(g.cells()[3].access.idle_ms == 35000);
        // LFU: a key hit often is colder than one never read again.
        s.runLine(0, "CONFIG SET maxmemory-policy allkeys-lfu");
        s.runLine(0, "SET a 1");
        s.runLine(0, "SET b 1");
        for (int i = 0; i < 100; ++i) s.runLine(0, "GET a");
        g.update(s.engine(), 0, s.changeStamp(), s.evictions());
        g.update(s.engine(), 0, s.changeStamp(), s.evictions());
        const auto find = [&](const std::string& k) {
            for (const auto& c : g.cells())
                if (c.key == k) return c;
            FAIL("no cell for " << k);
            return memview::KeyGrid::Cell{};
        };
        CHECK(g.mode() == memview::HeatMode::Lfu);
        CHECK(find("b").heat > find("a").heat);
    }

    TEST_CASE("gui.memory.grid.evicted_keys_leave_marked_holes") {
        GuiState s = makeState();
        s.runLine(0, "CONFIG SET maxmemory-policy allkeys-lru");
        fill(s, 0, 300);
        memview::KeyGrid g;
        g.update(s.engine(), 0, s.changeStamp(), s.evictions());
        REQUIRE(g.cells().size() == 300);
        s.runLine(0, ":time +10s");
        s.runLine(0, "CONFIG SET maxmemory 1mb");
        fill(s, 300, 1200);
        REQUIRE_FALSE(s.evictions().empty());
        for (int i = 0; i < 4; ++i) g.update(s.engine(), 0, s.changeStamp(), s.evictions());
        size_t evicted = 0;
        for (const auto& c : g.cells()) evicted += c.evicted_seq ? 1 : 0;
        CHECK(evicted > 0);
        CHECK(g.cells()[0].key == "fill:0");  // holes stay in place
        CHECK(g.lastEvictionSeq() == s.evictions().back().seq);
        CHECK(g.present() == s.engine().db(0).size());
        const auto touch = g.spread(10);
        CHECK(touch.size() == 10);
        // Deleted keys are noticed too, and a reset starts over without holes.
        s.runLine(0, "FLUSHALL");
        g.update(s.engine(), 0, s.changeStamp(), s.evictions());
        CHECK(g.present() == 0);
        CHECK(g.cells().empty());  // an emptied db starts over, without old holes
        s.runLine(0, "SET again 1");
        g.update(s.engine(), 0, s.changeStamp(), s.evictions());
        REQUIRE(g.cells().size() == 1);
        CHECK(g.cells()[0].key == "again");
        s.runLine(0, "FLUSHALL");
        // After a reset the first walk places the keys the history says were evicted.
        g.reset();
        g.update(s.engine(), 0, s.changeStamp(), s.evictions());
        CHECK(g.present() == 0);
        CHECK(g.cells().size() == s.evictions().size());  // each evicted once
        for (const auto& c : g.cells()) CHECK(c.evicted_seq > 0);
    }

    TEST_CASE("gui.memory.grid.layout") {
        const memview::GridLayout g = memview::gridLayout(100, 300, 300);
        CHECK(g.cell <= 22);
        CHECK(g.cols * (g.rows - 1) < 100);
        CHECK(g.cols * g.rows >= 100);
        CHECK(g.height() <= 300);
        CHECK(g.hit(1, 1, 100) == std::optional<size_t>(0));
        CHECK(g.hit(g.x(57) + 1, g.y(57) + 1, 100) == std::optional<size_t>(57));
        CHECK_FALSE(g.hit(g.x(57) + g.cell + 0.5f, g.y(57) + 1, 100));  // the gap
        CHECK_FALSE(g.hit(-1, 1, 100));
        // Too many for the space: the smallest cell, taller than asked.
        const memview::GridLayout big = memview::gridLayout(100000, 100, 100);
        CHECK(big.cell == 5);
        CHECK(big.height() > 100);
        CHECK(memview::gridLayout(0, 100, 100).rows == 0);
        CHECK(memview::naturalLess("fill:9", "fill:10"));
        CHECK_FALSE(memview::naturalLess("fill:10", "fill:9"));
        CHECK(memview::naturalLess("a", "b"));
        CHECK(memview::naturalLess("k", "k1"));
        CHECK_FALSE(memview::naturalLess("k1", "k1"));
    }

    TEST_CASE("gui.memory.step.candidates_text") {
        EvictionEvent ev;
        ev.seq = 3;
        ev.policy = "allkeys-lru";
        ev.key = "b";
        ev.sampled = {{0, "a", 1500}, {0, "b", 60000}, {0, "c", 10}};
        ev.pool = {{0, "x", 100}, {0, "a", 1500}, {0, "b", 60000}};
        const memview::StepText t = memview::stepText(ev, 0);
        REQUIRE(t.pool.size() == 3);
        CHECK(t.pool[2].victim);
        CHECK(t.pool[2].score == "idle 60s");
        CHECK(t.pool[2].bar == doctest::Approx(1.0));
        CHECK(t.pool[0].bar < t.pool[1].bar);
        REQUIRE(t.sampled.size() == 3);
        CHECK(t.sampled[0].score == "idle 1.5s");
        CHECK(t.sampled[0].pooled);
        CHECK_FALSE(t.sampled[2].pooled);
        CHECK(t.sampled[1].victim);
        CHECK(memview::scoreText("allkeys-lfu", 250, 0) == "freq 5");
        CHECK(memview::scoreText("volatile-ttl", ~0ULL - 5000, 2000) == "ttl 3.0s");
        CHECK(memview::scoreText("volatile-ttl", ~0ULL - 5000, 9000) == "expired");
        CHECK(memview::scoreText("allkeys-lru+exact", 41, 0) == "access #41");
        // An empty step (a random policy) formats to nothing, without failing.
        EvictionEvent random;
        random.policy = "allkeys-random";
        CHECK(memview::stepText(random, 0).pool.empty());
    }
}
