// The persistence view's model: the timeline, the AOF tail, INFO persistence and the
// crash-and-restart experiment, on a GuiState whose engine writes into a temp dir.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "engine/config.h"
#include "engine/persist/aof.h"
#include "gui/model/persistence_model.h"

using namespace redsim;
using namespace redsim::gui;

namespace {

// A fresh directory under /tmp, removed at the end of the test.
struct TempDir {
    std::string path;
    TempDir() {
        std::string templ = (std::filesystem::temp_directory_path() / "redsim-gui-persist-XXXXXX").string();
        REQUIRE(mkdtemp(templ.data()) != nullptr);
        path = templ;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

// A GuiState on a virtual clock whose files go to `dir` (dir is a protected config:
// set directly, as a config file would).
void useDir(GuiState& s, const std::string& dir) {
    REQUIRE_FALSE(s.engine().config().set(*Config::find("dir"), dir).has_value());
}

bool hasKey(const CrashDiff& d, CrashDiff::Fate fate, const std::string& key) {
    for (const auto& r : d.rows)
        if (r.fate == fate && r.key == key) return true;
    return false;
}

size_t count(const std::deque<TimelineEntry>& t, TimelineEntry::Kind k) {
    size_t n = 0;
    for (const auto& e : t) n += e.kind == k;
    return n;
}

}  // namespace

TEST_SUITE("gui.persistence") {
    TEST_CASE("gui.persistence.timeline.pairs") {
        using K = TimelineEntry::Kind;
        std::deque<TimelineEntry> t;
        t.push_back({.kind = K::SaveStarted, .at_ms = 1000, .bytes = 0, .ok = true, .text = "started"});
        t.push_back({.kind = K::AofWrite, .at_ms = 1100, .bytes = 30, .ok = true, .text = {}});
        t.push_back({.kind = K::SaveFinished, .at_ms = 1500, .bytes = 0, .ok = true, .text = "done"});
        t.push_back({.kind = K::SaveFailed, .at_ms = 2000, .bytes = 0, .ok = false, .text = "SAVE failed"});
        t.push_back({.kind = K::RewriteStart, .at_ms = 2100, .bytes = 0, .ok = true, .text = {}});
        const TimelineLayout l = layoutTimeline(t, 3000);
        REQUIRE(l.bars.size() == 3);
        CHECK(l.bars[0].start_ms == 1000);
        CHECK(l.bars[0].end_ms == 1500);
        CHECK(l.bars[0].ok);
        CHECK(l.bars[0].text == "done");
        CHECK(l.bars[1].start_ms == l.bars[1].end_ms);  // a SAVE: no start event
        CHECK_FALSE(l.bars[1].ok);
        CHECK(l.bars[2].lane == TimelineLane::Rewrite);
        CHECK(l.bars[2].running);
        CHECK(l.bars[2].end_ms == 3000);
        REQUIRE(l.marks.size() == 1);
        CHECK(l.marks[0].lane == TimelineLane::AofWrite);

        const TimeWindow w = timeWindow(10'000, 4'000, 1'000);
        CHECK(w.start_ms == 5'000);
        CHECK(w.end_ms == 9'000);
        CHECK(w.x(7'000, 0, 100) == doctest::Approx(50));
        CHECK(tickStep(10'000, 10) == 1'000);
        CHECK(tickStep(9'000, 3) == 5'000);
    }

    TEST_CASE("gui.persistence.aof.decode") {
        const std::string text =
            "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhi yo\r\n*3\r\n$3\r\nSE";
        const auto lines = decodeAofText(text, 7);
        REQUIRE(lines.size() == 3);
        CHECK(lines[0].command == "SELECT 0");
        CHECK(lines[0].resp == "*2 $6 SELECT $1 0");
        CHECK(lines[1].command == "SET k \"hi yo\"");
        CHECK(lines[1].resp == "*3 $3 SET $1 k $5 \"hi yo\"");
        CHECK_FALSE(lines[1].cut);
        CHECK(lines[2].cut);
        CHECK(lines[2].at_ms == 7);
        CHECK(decodeAofText("garbage", 0).size() == 1);
        CHECK(decodeAofText("", 0).empty());
    }

    TEST_CASE("gui.persistence.aof.tail_and_timeline_from_engine") {
        TempDir tmp;
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        useDir(s, tmp.path);
        s.runLine(0, "CONFIG SET appendonly yes");
        s.runLine(0, ":time +1s");  // the first rewrite's child finishes
        // always: every write is written and fsynced before the reply (with everysec a
        // write may wait while the background fsync runs: not deterministic).
        s.runLine(0, "CONFIG SET appendfsync always");
        CHECK(count(s.timeline(), TimelineEntry::Kind::RewriteStart) == 1);
        CHECK(count(s.timeline(), TimelineEntry::Kind::RewriteEnd) == 1);
        s.runLine(0, "SET a 1");
        s.runLine(0, "RPUSH l x y");
        const auto tail = aofTail(s.timeline(), 10);
        REQUIRE(tail.size() >= 2);
        CHECK(tail.back().command == "RPUSH l x y");
        CHECK(tail[tail.size() - 2].command == "SET a 1");
        CHECK(aofTail(s.timeline(), 1).size() == 1);
        // Every write stays in the source tree's dir? No: in the temp dir.
        CHECK(std::filesystem::exists(tmp.path + "/appendonlydir"));

        s.runLine(0, "BGSAVE");
        s.runLine(0, ":time +1s");
        const TimelineLayout l = layoutTimeline(s.timeline(), s.engine().clock().nowMs());
        bool saved = false;
        for (const auto& b : l.bars)
            saved |= b.lane == TimelineLane::Rdb && b.ok && !b.running && b.end_ms > b.start_ms;
        CHECK(saved);
        CHECK(std::filesystem::exists(tmp.path + "/dump.rdb"));
        const auto info = persistenceInfo(s.engine());
        CHECK(infoField(info, "aof_enabled") == "1");
        CHECK(infoField(info, "rdb_last_bgsave_status") == "ok");
        CHECK(infoField(info, "nope").empty());
    }

    TEST_CASE("gui.persistence.crash.diff") {
        DatasetDigest a, b;
        a.keys[{0, "same"}] = {"string", 1, "x"};
        a.keys[{0, "lost"}] = {"string", 2, "y"};
        a.keys[{0, "older"}] = {"string", 3, "new"};
        b.keys[{0, "same"}] = {"string", 1, "x"};
        b.keys[{0, "older"}] = {"string", 4, "old"};
        b.keys[{1, "revived"}] = {"list", 5, ""};
        const CrashDiff d = diffDigests(a, b);
        CHECK(d.same == 1);
        CHECK(d.lost == 1);
        CHECK(d.older == 1);
        CHECK(d.revived == 1);
        REQUIRE(d.rows.size() == 4);
        CHECK(d.rows.back().fate == CrashDiff::Fate::Same);  // the changes first
        CHECK(hasKey(d, CrashDiff::Fate::Older, "older"));
        CHECK(hasKey(d, CrashDiff::Fate::Revived, "revived"));
    }

    TEST_CASE("gui.persistence.crash.aof_kill9_and_power_loss") {
        TempDir tmp;
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        useDir(s, tmp.path);
        s.runLine(0, ":client bob");
        s.runLine(s.currentTab(), ":client main");
        s.runLine(0, "CONFIG SET appendonly yes");
        s.runLine(0, ":time +1s");
        s.runLine(0, "SET a 1");
        s.runLine(0, "SET b 2");
        // Sets and hashes come back in another hash-table order: still the same value.
        s.runLine(0, "SADD s x y z w 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25");
        s.runLine(0, "HSET h f1 v1 f2 v2 f3 v3");
        s.runLine(0, "ZADD z 1 a 2 b");
        s.runLine(0, "RPUSH l a b c");
        s.runLine(0, ":time +2s");  // everysec: fsynced by now

        SUBCASE("kill -9: what was written survives") {
            s.runLine(0, "SET c 3");
            // A write waits at most 2 s while the background fsync runs (then is written).
            s.runLine(0, ":time +3s");
            const CrashReport r = crashAndRestart(s, false);
            CHECK(r.outcome.ok);
            CHECK(r.outcome.loaded_from == "AOF");
            CHECK(r.appendfsync == "everysec");
            CHECK(r.diff.lost == 0);
            CHECK(r.diff.same == 7);
            CHECK(s.tabs().size() == 2);  // the console tabs stay
            CHECK(s.generation() == 2);
            // The GUI goes on with the restarted engine, which appends to the AOF again.
            s.runLine(0, "SET d 4");
            s.runLine(0, ":time +3s");
            CHECK(s.engine().db(0).size() == 8);
            CHECK(aofTail(s.timeline(), 1).back().command == "SET d 4");
            const CrashReport again = crashAndRestart(s, false);
            CHECK(again.diff.same == 8);
        }
        SUBCASE("power loss with everysec: the last second is lost") {
            // The first write of a new second is fsynced at once (in the background);
            // the ones after it wait for the next second.
            s.runLine(0, "SET first 1");
            s.runLine(0, "SET c 3");
            s.runLine(0, "DEL a");
            const CrashReport r = crashAndRestart(s, true);
            CHECK(r.outcome.ok);
            // Written but not fsynced (cut from the file), or still in the buffer when a
            // background fsync was running: lost either way.
            CHECK(r.outcome.aof_bytes_cut + r.outcome.aof_buffer_lost > 0);
            CHECK(r.diff.lost == 1);
            CHECK(hasKey(r.diff, CrashDiff::Fate::Lost, "c"));
            CHECK(hasKey(r.diff, CrashDiff::Fate::Revived, "a"));
            CHECK(s.timeline().back().kind == TimelineEntry::Kind::Restart);
        }
        SUBCASE("the console's :crash") {
            s.runLine(0, ":crash sideways");
            CHECK(s.tabs()[0].lines.back().kind == ConsoleLine::Kind::Error);
            CHECK(s.lastCrash() == nullptr);
            s.runLine(0, "SET first 1");
            s.runLine(0, "SET c 3");
            s.runLine(0, ":crash power");
            REQUIRE(s.lastCrash() != nullptr);
            CHECK(s.lastCrash()->power_loss);
            CHECK(s.lastCrash()->diff.lost == 1);
            CHECK(s.tabs()[1].lines.back().text.find("1 lost") != std::string::npos);  // every tab says it
            s.serving = true;  // --serve: the server holds the engine
            CHECK(s.crash(false) == nullptr);
            CHECK(s.lastCrash()->power_loss);
            s.serving = false;
            s.runLine(0, ":crash kill9");
            CHECK_FALSE(s.lastCrash()->power_loss);
            CHECK(s.lastCrash()->diff.lost == 0);
        }
        SUBCASE("a corrupt AOF does not load: the GUI goes on with an empty engine") {
            const std::string incr = tmp.path + "/appendonlydir/" + s.engine().aof().syncedTail().file;
            s.runLine(0, "SET c 3");
            {
                // A bad byte where the first command starts (the size stays: a crash
                // keeps the file's length).
                std::fstream f(incr, std::ios::in | std::ios::out | std::ios::binary);
                f.seekp(0);
                f << 'X';
            }
            const CrashReport r = crashAndRestart(s, false);
            CHECK_FALSE(r.outcome.ok);
            CHECK(s.engine().db(0).size() == 0);
            CHECK(r.diff.same == 0);
            s.runLine(0, "SET after 1");  // still usable
            CHECK(s.engine().db(0).size() == 1);
        }
        SUBCASE("power loss with always: nothing acknowledged is lost") {
            s.runLine(0, "CONFIG SET appendfsync always");
            s.runLine(0, "SET c 3");
            s.runLine(0, "SET a 10");
            const CrashReport r = crashAndRestart(s, true);
            CHECK(r.outcome.aof_bytes_cut == 0);
            CHECK(r.diff.lost == 0);
            CHECK(r.diff.older == 0);
            CHECK(r.diff.same == 7);
        }
        SUBCASE("power loss with no: what the OS held is lost") {
            s.runLine(0, "CONFIG SET appendfsync no");
            s.runLine(0, "SET a 10");
            s.runLine(0, ":time +5s");
            const CrashReport r = crashAndRestart(s, true);
            CHECK(hasKey(r.diff, CrashDiff::Fate::Older, "a"));
        }
    }

    TEST_CASE("gui.persistence.crash.rdb_only") {
        TempDir tmp;
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        useDir(s, tmp.path);
        s.runLine(0, "SET a 1");
        s.runLine(0, "SET gone 1");
        s.runLine(0, "SAVE");
        s.runLine(0, "SET a 2");
        s.runLine(0, "SET b 1");
        s.runLine(0, "DEL gone");
        const CrashReport r = crashAndRestart(s, false);
        CHECK(r.outcome.loaded_from == "RDB");
        CHECK(hasKey(r.diff, CrashDiff::Fate::Older, "a"));
        CHECK(hasKey(r.diff, CrashDiff::Fate::Lost, "b"));
        CHECK(hasKey(r.diff, CrashDiff::Fate::Revived, "gone"));
        // Nothing on disk at all: an empty engine comes back.
        TempDir empty;
        GuiState t(GuiOptions{.seed = 1, .virtual_clock = true});
        useDir(t, empty.path);
        t.runLine(0, "SET x 1");
        const CrashReport e = crashAndRestart(t, true);
        CHECK(e.outcome.loaded_from.empty());
        CHECK(e.diff.lost == 1);
    }
}
