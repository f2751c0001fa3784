// Inspection views that give values a meaning (HyperLogLog, bitmap bits, geo) and the
// stream snapshot, each checked against what Redis's own commands report.
#include "engine/inspect/value.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/types/geo.h"
#include "engine/types/hll.h"
#include "engine/util/numbers.h"
#include "tests/engine/test_util.h"

using redsim::Dict;
using redsim::Encoding;
using redsim::HashDict;
using redsim::Intset;
using redsim::Listpack;
using redsim::Object;
using redsim::ObjType;
using redsim::Quicklist;
using redsim::SetDict;
using redsim::SetMember;
using redsim::Skiplist;
using redsim::ZSetIndex;
namespace inspect = redsim::inspect;

namespace {
bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }
}  // namespace

TEST_SUITE("inspect") {
    // ---- HyperLogLog ----------------------------------------------------------------

    TEST_CASE("inspect.hll.sparse_opcodes_match_pfdebug_decode") {
        redsim::test::Harness h;
        h.run({"PFADD", "h", "a", "b", "c"});
        const std::string before = h.engine.db(0).peek("h")->stringValue();
        auto s = inspect::inspectValue(h.engine, 0, "h");
        REQUIRE(s);
        REQUIRE(s->hll);
        CHECK_FALSE(s->bits);
        const inspect::HllSnap& hl = *s->hll;
        CHECK(hl.valid);
        CHECK(hl.sparse);
        CHECK(hl.bytes == 27);
        CHECK(hl.header.substr(0, 5) == std::string("HYLL\x01", 5));
        CHECK_FALSE(hl.cache_valid);  // PFADD invalidated it
        CHECK(hl.estimate == 3);
        CHECK(hl.sparse_max_bytes == 3000);
        // Redis 7.0.15: PFDEBUG DECODE h = "Z:8436 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603".
        CHECK(h.cli({"PFDEBUG", "DECODE", "h"}) == "\"Z:8436 v:1,1 Z:4274 v:2,1 Z:3068 v:1,1 Z:603\"");
        struct Want {
            char kind;
            size_t offset, size;
            long first;
            int len, value;
        };
        const std::vector<Want> want = {{'Z', 16, 2, 0, 8436, 0},     {'v', 18, 1, 8436, 1, 1},
                                        {'Z', 19, 2, 8437, 4274, 0},  {'v', 21, 1, 12711, 1, 2},
                                        {'Z', 22, 2, 12712, 3068, 0}, {'v', 24, 1, 15780, 1, 1},
                                        {'Z', 25, 2, 15781, 603, 0}};
        REQUIRE(hl.ops.size() == want.size());
        for (size_t i = 0; i < want.size(); ++i) {
            INFO(i);
            CHECK(hl.ops[i].kind == want[i].kind);
            CHECK(hl.ops[i].offset == want[i].offset);
            CHECK(hl.ops[i].size == want[i].size);
            CHECK(hl.ops[i].first == want[i].first);
            CHECK(hl.ops[i].len == want[i].len);
            CHECK(hl.ops[i].value == want[i].value);
        }
        CHECK(hl.op_count == 7);
        CHECK(hl.more == 0);
        CHECK(hl.registers_covered == 16384);
        CHECK(hl.histogram[0] == 16381);
        CHECK(hl.histogram[1] == 2);
        CHECK(hl.histogram[2] == 1);
        // Read-only: the cache stays stale and the bytes are the same.
        CHECK(h.engine.db(0).peek("h")->stringValue() == before);
        CHECK(contains(s->reason, "hll-sparse-max-bytes (3000)"));
        CHECK(contains(s->reason, "stale"));
        // PFCOUNT writes the cache; the snapshot then shows it valid.
        CHECK(h.cli({"PFCOUNT", "h"}) == "(integer) 3");
        s = inspect::inspectValue(h.engine, 0, "h");
        CHECK(s->hll->cache_valid);
        CHECK(s->hll->cached == 3);
        h.run({"CONFIG", "SET", "hll-sparse-max-bytes", "100"});
        CHECK(contains(inspect::inspectValue(h.engine, 0, "h")->reason, "hll-sparse-max-bytes (100)"));
        // Limits: the opcode list is cut with a count.
        inspect::Limits lim;
        lim.hll_ops = 3;
        s = inspect::inspectValue(h.engine, 0, "h", lim);
        CHECK(s->hll->ops.size() == 3);
        CHECK(s->hll->more == 4);
    }

    TEST_CASE("inspect.hll.dense_histogram_heatmap_estimate") {
        redsim::test::Harness h;
        std::vector<std::string> add = {"PFADD", "d"};
        for (int i = 0; i < 5000; ++i) add.push_back("element:" + std::to_string(i));
        h.run(add);
        CHECK(h.cli({"PFDEBUG", "ENCODING", "d"}) == "dense");  // past 3000 sparse bytes
        auto s = inspect::inspectValue(h.engine, 0, "d");
        REQUIRE(s);
        REQUIRE(s->hll);
        const inspect::HllSnap& hl = *s->hll;
        CHECK(hl.valid);
        CHECK_FALSE(hl.sparse);
        CHECK(hl.bytes == 12304);
        CHECK(hl.ops.empty());
        const std::string count = h.cli({"PFCOUNT", "d"});
        CHECK(count == "(integer) " + std::to_string(hl.estimate));
        // The histogram and the heat map agree with PFDEBUG GETREG's registers.
        const redsim::resp::Reply regs = h.run({"PFDEBUG", "GETREG", "d"});
        REQUIRE(regs.elements.size() == 16384);
        std::array<int, 64> hist{};
        std::vector<uint8_t> mx(1024, 0);
        std::vector<double> sum(1024, 0);
        for (size_t i = 0; i < 16384; ++i) {
            const auto v = static_cast<int>(regs.elements[i].integer);
            ++hist[static_cast<size_t>(v)];
            mx[i / 16] = std::max<uint8_t>(mx[i / 16], static_cast<uint8_t>(v));
            sum[i / 16] += v;
        }
        CHECK(hl.histogram == hist);
        REQUIRE(hl.heat_max.size() == 1024);
        CHECK(hl.heat_max == mx);
        for (size_t c = 0; c < 1024; ++c) CHECK(hl.heat_mean[c] == doctest::Approx(sum[c] / 16));
        CHECK(contains(s->reason, "12304 bytes"));
    }

    TEST_CASE("inspect.hll.corrupt_is_reported_never_crashes") {
        redsim::test::Harness h;
        const std::string header("HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", 16);
        auto snap = [&](const std::string& bytes) {
            h.engine.db(0).remove("x");
            h.engine.db(0).add("x", Object::fromString(bytes));
            auto s = inspect::inspectValue(h.engine, 0, "x");
            REQUIRE(s);
            REQUIRE(s->hll);
            return *s->hll;
        };
        // Valid magic, one XZERO covering 1 register: PFCOUNT says INVALIDOBJ.
        auto hl = snap(header + std::string("\x40\x00", 2));
        CHECK_FALSE(hl.valid);
        CHECK(hl.registers_covered == 1);
        CHECK(contains(hl.problem, "INVALIDOBJ"));
        CHECK(contains(hl.problem, "is valid, so PFCOUNT still answers it"));
        CHECK(h.cli({"PFCOUNT", "x"}) == "(integer) 0");  // Redis 7.0.15 too: the cache is valid
        const std::string stale = header.substr(0, 15) + "\x80";
        hl = snap(stale + std::string("\x40\x00", 2));
        CHECK(contains(hl.problem, "is stale"));
        CHECK(h.cli({"PFCOUNT", "x"}) == "(error) INVALIDOBJ Corrupted HLL object detected");
        CHECK(h.cli({"PFADD", "x", "zz"}) == "(error) INVALIDOBJ Corrupted HLL object detected");
        // Too many registers (two full XZEROs), a cut XZERO, VALs past the end.
        CHECK_FALSE(snap(header + std::string("\x7f\xff\x7f\xff", 4)).valid);
        CHECK_FALSE(snap(header + std::string("\x7f", 1)).valid);
        CHECK_FALSE(snap(header + std::string("\x7f\xfe\xff\xff", 4)).valid);
        // Not an HLL at all for the PF commands: WRONGTYPE.
        hl = snap(std::string("HYLL\x02", 5) + std::string(11, '\0'));
        CHECK_FALSE(hl.valid);
        CHECK(contains(hl.problem, "encoding byte is 2"));
        CHECK(contains(snap(std::string("HYLL\x00", 5) + std::string(100, '\0')).problem, "not 12304"));
        CHECK(contains(snap("HYLL").problem, "shorter than the 16-byte header"));
        // Random bodies behind a valid header: reported or valid, never a crash.
        std::mt19937 rng(7);
        for (int i = 0; i < 500; ++i) {
            std::string body(rng() % 40, '\0');
            for (char& c : body) c = static_cast<char>(rng());
            const auto r = snap(header + body);
            bool invalid = false;
            const auto est = redsim::hll::count(header + body, &invalid);
            CHECK(r.valid == !invalid);
            if (r.valid) CHECK(r.estimate == est);
        }
        // A string that does not start with HYLL has no HLL view.
        h.run({"SET", "plain", "HYL"});
        CHECK_FALSE(inspect::inspectValue(h.engine, 0, "plain")->hll);
    }

    // ---- Bitmaps ------------------------------------------------------------------------

    TEST_CASE("inspect.bits.counts_positions_window") {
        redsim::test::Harness h;
        h.run({"SETBIT", "b", "13", "1"});
        h.run({"SETBIT", "b", "3", "1"});
        auto s = inspect::inspectValue(h.engine, 0, "b");
        REQUIRE(s);
        REQUIRE(s->bits);  // not printable text
        CHECK(s->bits->bytes == 2);
        CHECK(s->bits->window == std::string("\x10\x04", 2));
        CHECK(s->bits->popcount == 2);
        CHECK(s->bits->first_set == 3);
        CHECK(s->bits->first_clear == 0);
        CHECK_FALSE(s->bits->focus);
        // Printable text and integers get no bit view unless asked.
        h.run({"SET", "t", "hello\tworld\n"});
        h.run({"SET", "n", "12"});
        CHECK_FALSE(inspect::inspectValue(h.engine, 0, "t")->bits);
        CHECK_FALSE(inspect::inspectValue(h.engine, 0, "n")->bits);
        auto t = inspect::bitsOf(h.engine, 0, "n", 3);
        REQUIRE(t);
        CHECK(t->window == "12");
        CHECK(*t->focus == 3);
        CHECK_FALSE(inspect::bitsOf(h.engine, 0, "missing", std::nullopt));
        h.run({"RPUSH", "l", "x"});
        CHECK_FALSE(inspect::bitsOf(h.engine, 0, "l", std::nullopt));
        // All ones: BITPOS 0 is the bit past the end; empty: none.
        auto ones = inspect::bitsOfString(std::string("\xff\xff", 2), std::nullopt);
        CHECK(ones.first_clear == 16);
        CHECK(ones.first_set == 0);
        auto zeros = inspect::bitsOfString(std::string(3, '\0'), std::nullopt);
        CHECK(zeros.first_set == -1);
        CHECK(zeros.first_clear == 0);
        auto empty = inspect::bitsOfString("", 5);
        CHECK(empty.first_set == -1);
        CHECK(empty.first_clear == -1);
        CHECK(empty.window.empty());
        // The window: 8 bytes around the focus, kept inside the string.
        std::string big(100, '\0');
        for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i);
        auto w = inspect::bitsOfString(big, 200);  // byte 25
        CHECK(w.window_first_byte == 21);
        CHECK(w.window == big.substr(21, 8));
        CHECK(inspect::bitsOfString(big, 3).window_first_byte == 0);
        CHECK(inspect::bitsOfString(big, 799).window_first_byte == 92);
        CHECK(inspect::bitsOfString(big, 1u << 31).window_first_byte == 92);  // past the end
    }

    TEST_CASE("inspect.bits.agree_with_bitcount_bitpos_getbit") {
        redsim::test::Harness h;
        std::mt19937 rng(3);
        for (int round = 0; round < 50; ++round) {
            std::string v(1 + rng() % 40, '\0');
            const int mode = round % 3;  // random, mostly zeros, mostly ones
            for (char& c : v) c = static_cast<char>(mode == 0 ? rng() : mode == 1 ? (rng() % 9 == 0) : 0xff);
            h.engine.db(0).remove("k");
            h.engine.db(0).add("k", Object::fromString(v));
            const uint64_t focus = rng() % (v.size() * 8 + 20);
            auto b = inspect::bitsOf(h.engine, 0, "k", focus);
            REQUIRE(b);
            CHECK(h.cli({"BITCOUNT", "k"}) == "(integer) " + std::to_string(b->popcount));
            CHECK(h.cli({"BITPOS", "k", "1"}) == "(integer) " + std::to_string(b->first_set));
            CHECK(h.cli({"BITPOS", "k", "0"}) == "(integer) " + std::to_string(b->first_clear));
            const std::string bit = h.cli({"GETBIT", "k", std::to_string(focus)});
            const uint64_t byte = focus / 8;
            if (byte >= b->window_first_byte && byte < b->window_first_byte + b->window.size()) {
                const auto c = static_cast<unsigned char>(b->window[byte - b->window_first_byte]);
                CHECK(bit == "(integer) " + std::to_string((c >> (7 - focus % 8)) & 1));
            } else {
                CHECK(byte >= v.size());
                CHECK(bit == "(integer) 0");
            }
        }
    }

    // ---- Geo ----------------------------------------------------------------------------

    TEST_CASE("inspect.geo.members_positions_geohashes") {
        redsim::test::Harness h;
        h.run({"GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"});
        auto s = inspect::inspectValue(h.engine, 0, "Sicily");
        REQUIRE(s);
        REQUIRE(s->geo);
        const auto& m = s->geo->members;
        REQUIRE(m.size() == 2);
        CHECK(m[0].member == "Palermo");
        CHECK(m[1].member == "Catania");
        CHECK(m[0].score == 3479099956230698.0);
        CHECK(m[1].score == 3479447370796909.0);
        CHECK(m[0].geohash == "sqc8b49rny0");
        CHECK(m[1].geohash == "sqdtr74hyu0");
        const redsim::resp::Reply pos = h.run({"GEOPOS", "Sicily", "Palermo", "Catania"});
        for (size_t i = 0; i < 2; ++i) {
            CHECK(pos.elements[i].elements[0].str == redsim::formatLongDoubleHuman(m[i].lon).value());
            CHECK(pos.elements[i].elements[1].str == redsim::formatLongDoubleHuman(m[i].lat).value());
            CHECK(m[i].cell[0] <= m[i].lon);
            CHECK(m[i].lon <= m[i].cell[2]);
            CHECK(m[i].cell[1] <= m[i].lat);
            CHECK(m[i].lat <= m[i].cell[3]);
            CHECK(m[i].cell[2] - m[i].cell[0] == doctest::Approx(360.0 / (1 << 26)));
        }
        CHECK(contains(s->reason, "geo index"));
        // Plain numbers are not read as positions; a limit cuts the list.
        h.run({"ZADD", "board", "10", "a", "20", "b"});
        CHECK_FALSE(inspect::inspectValue(h.engine, 0, "board")->geo);
        h.run({"ZADD", "half", "3479099956230698", "a", "1.5", "b"});
        CHECK_FALSE(inspect::inspectValue(h.engine, 0, "half")->geo);
        inspect::Limits lim;
        lim.geo_members = 1;
        s = inspect::inspectValue(h.engine, 0, "Sicily", lim);
        CHECK(s->geo->members.size() == 1);
        CHECK(s->geo->more == 1);
    }

    TEST_CASE("inspect.geo.recognised_near_the_corner_small_integers_not") {
        redsim::test::Harness h;
        // Geohash scores of the far south-west corner are small integers.
        CHECK(redsim::geo::encodeWGS84(-180, -85, redsim::geo::kStepMax)->bits < (1ull << 32));
        CHECK(redsim::geo::encodeWGS84(-179.9, -84.9, redsim::geo::kStepMax)->bits < (1ull << 32));
        CHECK(redsim::geo::encodeWGS84(0, 0, redsim::geo::kStepMax)->bits >= (1ull << 32));
        // A geo set with a member there is still a geo set.
        h.run({"GEOADD", "ice", "-180", "-85", "corner", "-179.9", "-84.9", "near", "166.67", "-77.85", "McMurdo"});
        auto s = inspect::inspectValue(h.engine, 0, "ice");
        REQUIRE(s);
        REQUIRE(s->geo);
        REQUIRE(s->geo->members.size() == 3);
        CHECK(s->geo->members[0].member == "corner");
        CHECK(s->geo->members[0].lon == doctest::Approx(-180).epsilon(1e-5));
        CHECK(s->geo->members[0].lat == doctest::Approx(-85).epsilon(1e-5));
        // Ordinary zsets of small integers (ranks, counters, Unix seconds) stay plain.
        h.run({"ZADD", "z", "1", "a", "2", "b"});
        CHECK_FALSE(inspect::inspectValue(h.engine, 0, "z")->geo);
        h.run({"ZADD", "z0", "0", "a"});
        CHECK_FALSE(inspect::inspectValue(h.engine, 0, "z0")->geo);
        h.run({"ZADD", "secs", "1700000000", "login", "4294967295", "max"});
        CHECK_FALSE(inspect::inspectValue(h.engine, 0, "secs")->geo);
        // Negative, fractional or too big scores are never geohashes.
        h.run({"ZADD", "neg", "-1", "a", "3479099956230698", "b"});
        CHECK_FALSE(inspect::inspectValue(h.engine, 0, "neg")->geo);
        h.run({"ZADD", "big", "4503599627370496", "a"});
        CHECK_FALSE(inspect::inspectValue(h.engine, 0, "big")->geo);
        // The pathological case: every member in the corner patch reads as plain numbers.
        h.run({"GEOADD", "patch", "-180", "-85", "a", "-179.9", "-84.95", "b"});
        CHECK_FALSE(inspect::inspectValue(h.engine, 0, "patch")->geo);
    }

    TEST_CASE("inspect.geo.search_plan_is_geosearch") {
        redsim::test::Harness h;
        h.run({"GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"});
        inspect::GeoQuery q;
        q.lon = 15;
        q.lat = 37;
        q.radius = 200;
        q.unit = "km";
        q.to_meters = 1000;
        auto g = inspect::geoSearchOf(h.engine, 0, "Sicily", q);
        REQUIRE(g);
        CHECK(g->estimated_step == 6);
        CHECK(g->step == 6);
        CHECK(g->radius_meters == 200000);
        REQUIRE(g->cells.size() == 9);
        const std::vector<std::string> names = {"centre",     "north",      "south",      "east",      "west",
                                                "north-east", "north-west", "south-east", "south-west"};
        const std::vector<std::string> skips = {
            "", "", "unreachable", "", "unreachable", "", "unreachable", "unreachable", "unreachable"};
        for (size_t i = 0; i < 9; ++i) {
            INFO(i);
            CHECK(g->cells[i].name == names[i]);
            CHECK(g->cells[i].skip == skips[i]);
        }
        // Centre cell: (15, 37) at step 6, its score range the cell's 12 bits << 40.
        const auto centre = redsim::geo::encodeWGS84(15, 37, 6);
        REQUIRE(centre);
        CHECK(g->cells[0].bits == centre->bits);
        CHECK(g->cells[0].min == centre->bits << 40);
        CHECK(g->cells[0].max == (centre->bits + 1) << 40);
        // Both members are in the north cell, both inside.
        REQUIRE(g->cells[1].candidates.size() == 2);
        CHECK(g->cells[1].candidates[0].member == "Palermo");
        CHECK(g->cells[1].candidates[0].inside);
        CHECK(g->cells[1].candidates[0].dist / 1000 == doctest::Approx(190.4424).epsilon(1e-6));
        CHECK(g->matches == 2);
        q.radius = 100;
        g = inspect::geoSearchOf(h.engine, 0, "Sicily", q);
        CHECK(g->matches == 1);  // Palermo is a candidate but outside
        CHECK_FALSE(inspect::geoSearchOf(h.engine, 0, "nokey", q));
        h.run({"SET", "str", "x"});
        CHECK_FALSE(inspect::geoSearchOf(h.engine, 0, "str", q));
    }

    TEST_CASE("inspect.geo.search_matches_geosearch_on_random_points") {
        redsim::test::Harness h;
        std::mt19937 rng(11);
        auto uniform = [&](double lo, double hi) { return lo + (hi - lo) * (rng() / 4294967296.0); };
        std::vector<std::string> add = {"GEOADD", "pts"};
        for (int i = 0; i < 400; ++i) {
            add.push_back(std::to_string(uniform(-20, 40)));
            add.push_back(std::to_string(uniform(20, 70)));
            add.push_back("p" + std::to_string(i));
        }
        h.run(add);
        bool saw_duplicate = false, saw_coarser = false;
        for (int round = 0; round < 60; ++round) {
            // The centre and sizes as the command will parse them from text.
            auto text = [](double v) { return std::to_string(v); };
            const std::string lon = text(uniform(-20, 40)), lat = text(uniform(20, 70));
            const double size = round % 10 == 9 ? 15000 : uniform(50, 1500);
            const std::string w = text(size), hgt = text(size * 0.7);
            inspect::GeoQuery q;
            q.lon = *redsim::parseDouble(lon);
            q.lat = *redsim::parseDouble(lat);
            q.box = round % 2 == 1;
            q.radius = q.width = *redsim::parseDouble(w);
            q.height = *redsim::parseDouble(hgt);
            q.unit = "km";
            q.to_meters = 1000;
            std::vector<std::string> cmd = {"GEOSEARCH", "pts", "FROMLONLAT", lon, lat};
            if (q.box)
                cmd.insert(cmd.end(), {"BYBOX", w, hgt, "km"});
            else
                cmd.insert(cmd.end(), {"BYRADIUS", w, "km"});
            inspect::Limits lim;
            lim.geo_members = 1000;
            auto g = inspect::geoSearchOf(h.engine, 0, "pts", q, lim);
            REQUIRE(g);
            if (g->step < g->estimated_step) saw_coarser = true;
            std::vector<std::string> inside;  // in scan order, as the unsorted reply
            for (const auto& c : g->cells) {
                if (c.skip == "duplicate") saw_duplicate = true;
                for (const auto& m : c.candidates)
                    if (m.inside) inside.push_back(m.member);
            }
            const redsim::resp::Reply r = h.run(cmd);
            std::vector<std::string> got;
            for (const auto& e : r.elements) got.push_back(e.str);
            INFO(round);
            CHECK(got == inside);
            CHECK(g->matches == got.size());
        }
        CHECK(saw_duplicate);  // the 15000 km searches
        CHECK(saw_coarser);    // a centre near its cell's edge
    }
}

TEST_SUITE("inspect.stream") {
    // The snapshot against what the commands themselves report: XRANGE for the live
    // entries, XINFO STREAM for the counts, XPENDING for every group's PEL.
    TEST_CASE("inspect.stream.agrees_with_xrange_xinfo_xpending") {
        redsim::test::Harness h;
        std::mt19937_64 rng(7);
        h.run({"CONFIG", "SET", "stream-node-max-entries", "4"});
        for (int i = 1; i <= 40; ++i) {
            std::vector<std::string> cmd = {"XADD", "s", std::to_string(i) + "-" + std::to_string(rng() % 3)};
            if (rng() % 3 == 0)
                cmd.insert(cmd.end(), {"other", std::to_string(i)});
            else
                cmd.insert(cmd.end(), {"a", std::to_string(i), "b", "x" + std::to_string(i)});
            h.run(cmd);
            if (rng() % 4 == 0) h.run({"XDEL", "s", std::to_string(1 + rng() % i) + "-0"});
        }
        h.run({"XGROUP", "CREATE", "s", "g1", "0"});
        h.run({"XGROUP", "CREATE", "s", "g2", "$"});
        h.run({"XREADGROUP", "GROUP", "g1", "alice", "COUNT", "5", "STREAMS", "s", ">"});
        h.run({"XREADGROUP", "GROUP", "g1", "bob", "COUNT", "3", "STREAMS", "s", ">"});
        h.run({"XACK", "s", "g1", h.run({"XPENDING", "s", "g1"}).elements[1].str});

        inspect::Limits lim;
        lim.nodes = 100;
        lim.entries = 100;
        auto snap = inspect::inspectValue(h.engine, 0, "s", lim);
        REQUIRE(snap);
        REQUIRE(snap->stream);
        const inspect::StreamSnap& st = *snap->stream;

        // Live entries in node order are XRANGE - +, with the same fields.
        std::vector<std::pair<std::string, std::vector<std::string>>> live;
        size_t deleted = 0;
        for (const auto& n : st.nodes) {
            long long live_in_node = 0;
            for (const auto& e : n.entries) {
                if (e.deleted) {
                    ++deleted;
                    continue;
                }
                ++live_in_node;
                std::vector<std::string> f;
                for (const auto& b : e.fields) f.push_back(b.text);
                live.emplace_back(e.id.str(), f);
                CHECK(e.same_fields == (f.size() == 2 * n.master_fields.size() && [&] {
                          for (size_t i = 0; i < n.master_fields.size(); ++i)
                              if (f[2 * i] != n.master_fields[i].text) return false;
                          return true;
                      }()));
            }
            CHECK(live_in_node == n.live);
        }
        const redsim::resp::Reply range = h.run({"XRANGE", "s", "-", "+"});
        REQUIRE(range.elements.size() == live.size());
        for (size_t i = 0; i < live.size(); ++i) {
            CHECK(range.elements[i].elements[0].str == live[i].first);
            std::vector<std::string> f;
            for (const auto& x : range.elements[i].elements[1].elements) f.push_back(x.str);
            CHECK(f == live[i].second);
        }
        CHECK(deleted > 0);

        const redsim::resp::Reply info = h.run({"XINFO", "STREAM", "s"});
        std::map<std::string, long long> num;
        for (size_t i = 0; i + 1 < info.elements.size(); i += 2)
            num[info.elements[i].str] = info.elements[i + 1].integer;
        CHECK(num["length"] == static_cast<long long>(st.length));
        CHECK(num["radix-tree-keys"] == static_cast<long long>(st.node_count));
        CHECK(num["radix-tree-nodes"] == static_cast<long long>(st.rax_nodes));
        CHECK(num["entries-added"] == static_cast<long long>(st.entries_added));
        CHECK(st.nodes.size() == st.node_count);

        REQUIRE(st.groups.size() == 2);
        CHECK(st.groups[0].name == "g1");
        CHECK(st.groups[1].pel_size == 0);
        const redsim::resp::Reply pending = h.run({"XPENDING", "s", "g1", "-", "+", "100"});
        REQUIRE(pending.elements.size() == st.groups[0].pel.size());
        CHECK(st.groups[0].pel_size == 7);
        for (size_t i = 0; i < st.groups[0].pel.size(); ++i) {
            CHECK(pending.elements[i].elements[0].str == st.groups[0].pel[i].id.str());
            CHECK(pending.elements[i].elements[1].str == st.groups[0].pel[i].consumer);
            CHECK(pending.elements[i].elements[3].integer == static_cast<long long>(st.groups[0].pel[i].deliveries));
        }
        REQUIRE(st.groups[0].consumers.size() == 2);
        CHECK(st.groups[0].consumers[0].name == "alice");
        CHECK(st.groups[0].consumers[0].pending + st.groups[0].consumers[1].pending == 7);

        // Limits cut, and say how much.
        inspect::Limits small;
        small.nodes = 2;
        small.entries = 1;
        auto cut = inspect::inspectValue(h.engine, 0, "s", small);
        CHECK(cut->stream->nodes.size() == 2);
        CHECK(cut->stream->more_nodes == st.node_count - 2);
        CHECK(cut->stream->nodes[0].entries.size() == 1);
        CHECK(cut->stream->groups[0].pel.size() == 1);
        CHECK(cut->stream->groups[0].more_consumers == 1);
    }
}
