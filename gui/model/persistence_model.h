// The persistence view's model (gui/views/persistence.cpp): the RDB/AOF timeline laid
// out in lanes, the AOF tail decoded from RESP, INFO persistence's fields, and the
// "crash and restart" experiment — a digest of the data set before the crash, the
// restart from disk (GuiState::restartFromDisk) and what came back compared key by key.
//
// No ImGui here: tests (tests/gui/persistence_test.cpp) check all of it.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gui/model/state.h"

namespace redsim::gui {

// ---- Timeline ----------------------------------------------------------------------

// The lanes of the timeline, top to bottom.
enum class TimelineLane { Rdb = 0, AofWrite, AofFsync, Rewrite, Server };
inline constexpr int kTimelineLanes = 5;
std::string_view laneName(TimelineLane l);

// Something with a duration: a save (SAVE is instant: start == end), a rewrite.
struct TimelineBar {
    TimelineLane lane = TimelineLane::Rdb;
    int64_t start_ms = 0, end_ms = 0;
    bool running = false;  // not finished yet (end_ms is "now")
    bool ok = true;
    std::string text;  // the log line that ended it (or started it, while running)
};

// Something at one instant: a save point firing, an AOF write, an fsync, a crash…
struct TimelineMark {
    TimelineLane lane = TimelineLane::Server;
    TimelineEntry::Kind kind = TimelineEntry::Kind::Log;
    int64_t at_ms = 0;
    long long bytes = 0;
    bool ok = true;
    std::string text;
};

struct TimelineLayout {
    std::vector<TimelineBar> bars;
    std::vector<TimelineMark> marks;
};

// Pairs starts with ends (SaveStarted → SaveFinished/SaveFailed, RewriteStart →
// RewriteEnd); an end without a start is a synchronous SAVE (a bar of no length); a
// start without an end is still running at `now_ms`. A crash ends whatever ran.
TimelineLayout layoutTimeline(const std::deque<TimelineEntry>& entries, int64_t now_ms);

// The span of engine time the timeline shows: the last `span_ms` up to `now_ms`, moved
// back by `pan_ms` (>= 0).
struct TimeWindow {
    int64_t start_ms = 0, end_ms = 1;
    // x of time `t` when the window spans [x0, x1] (times outside map outside).
    float x(int64_t t, float x0, float x1) const;
    bool contains(int64_t t) const { return t >= start_ms && t <= end_ms; }
};
TimeWindow timeWindow(int64_t now_ms, int64_t span_ms, int64_t pan_ms);
// A tick step for axis labels: 1, 2, 5 × 10^k ms, giving at most about `max_ticks`.
int64_t tickStep(int64_t span_ms, int max_ticks);

// ---- AOF tail ----------------------------------------------------------------------

struct AofLine {
    int64_t at_ms = 0;
    std::string resp;     // the RESP with \r\n as spaces: "*3 $3 SET $1 k $1 v"
    std::string command;  // the words as typed: SET k v
    bool cut = false;     // the write's text was capped here: the command is incomplete
};

// Splits RESP commands (multibulk of bulk strings, as the AOF stores them) into lines.
// Anything that does not parse becomes one line with the rest, `cut` set.
std::vector<AofLine> decodeAofText(std::string_view text, int64_t at_ms);
// The last `max` commands the AOF writes appended (the timeline's AofWrite entries),
// oldest first.
std::vector<AofLine> aofTail(const std::deque<TimelineEntry>& entries, size_t max);

// ---- INFO persistence ----------------------------------------------------------------

// INFO persistence's name:value fields, in order (read from the engine, not through a
// command: the console stays clean).
std::vector<std::pair<std::string, std::string>> persistenceInfo(Engine& engine);
// A field's value, "" when absent.
std::string infoField(const std::vector<std::pair<std::string, std::string>>& info, std::string_view name);

// ---- Crash and restart ---------------------------------------------------------------

// One key of a data set digest: its type, a fingerprint of its value (its DUMP
// serialisation hashed) and a short preview (a string's value, else its size).
struct KeyDigest {
    std::string type;
    uint64_t fingerprint = 0;
    std::string preview;
    friend bool operator==(const KeyDigest&, const KeyDigest&) = default;
};
// (db, key) → digest, over every database; at most `limit` keys (a big data set is
// digested in part: the crash report says so).
struct DatasetDigest {
    std::map<std::pair<int, std::string>, KeyDigest> keys;
    bool partial = false;
};
DatasetDigest digestDataset(Engine& engine, size_t limit = 200000);

struct CrashDiff {
    enum class Fate {
        Same,     // came back as it was
        Lost,     // existed before the crash, not after
        Older,    // came back with another (older) value
        Revived,  // did not exist before the crash but came back (its DEL was lost)
    };
    struct Row {
        int db = 0;
        std::string key;
        Fate fate = Fate::Same;
        KeyDigest before, after;
    };
    std::vector<Row> rows;  // every key not Same, in (db, key) order, then the Same ones
    size_t same = 0, lost = 0, older = 0, revived = 0;
};
CrashDiff diffDigests(const DatasetDigest& before, const DatasetDigest& after);
std::string_view fateName(CrashDiff::Fate f);

struct CrashReport {
    bool power_loss = false;
    std::string appendonly, appendfsync;  // the config at the crash
    int64_t at_ms = 0;
    RestartOutcome outcome;
    CrashDiff diff;
    bool partial = false;  // the digests cover only part of the data set
};
// Digest, restartFromDisk(power_loss), digest again, compare. (GuiState::crash runs
// this and keeps the report.)
CrashReport crashAndRestart(GuiState& state, bool power_loss);
// One line: "power loss (appendfsync everysec): restarted from AOF — 4 came back, 1 lost…".
std::string crashSummary(const CrashReport& r);

}  // namespace redsim::gui
