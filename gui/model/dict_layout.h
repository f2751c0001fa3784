// The dict view's model (gui/views/dict.cpp): which window of buckets to snapshot for
// what is on screen, the state of each bucket slot while rehashing, the load factor and
// the one-line forecast of the next resize, the rehash marker's animation, and the
// commands the "+1" / "+100" buttons run.
//
// The rules quoted here are the engine's (engine/ds/dict.h, Redis 7.0's dict.c):
//   - the first insert allocates 4 buckets;
//   - before an insert, a table holding as many entries as buckets (load factor 1)
//     grows to the next power of two >= used + 1 (it doubles); while a fork()ed child
//     saves, resizing is "avoided" and it grows only past load factor 5;
//   - deleting from a hash / set / zset shrinks its table when fewer than 10% of the
//     buckets are used (HASHTABLE_MIN_FILL), to the next power of two >= entries (min 4);
//   - a resize allocates table 1 and moves table 0's buckets over one at a time: every
//     lookup, insert or delete on the dict first moves one bucket (skipping at most 10
//     empty ones). The server cron's active rehashing (activerehashing: 1 ms per tick in
//     Redis, 10 batches of 100 buckets here) covers only the keyspace dicts, so a hash's
//     or set's own table moves on only when commands touch it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/inspect/value.h"

namespace redsim::gui {

// Buckets of both tables are drawn as rows: row i shows bucket i of table 0 and of
// table 1 (table 1 is twice as big when growing, so its rows go further).
size_t dictRows(const inspect::DictSnap& d);

// The bucket window a snapshot copies (Limits::bucket_first / buckets), for rows
// [first_visible, first_visible + visible) on screen: aligned down to `align` rows with
// slack on both sides, so scrolling a little does not take a new snapshot every frame.
struct BucketWindow {
    size_t first = 0, count = 0;
    // Whether rows [first_visible, first_visible + visible) lie inside the window.
    bool covers(size_t first_visible, size_t visible) const {
        return first_visible >= first && first_visible + visible <= first + count;
    }
    friend bool operator==(const BucketWindow&, const BucketWindow&) = default;
};
BucketWindow bucketWindow(size_t rows, size_t first_visible, size_t visible, size_t align = 32);

// What a bucket slot shows.
enum class BucketState {
    Absent,   // past the end of this table (or the table is not allocated)
    Moved,    // table 0 while rehashing, below rehashidx: already moved (empty, greyed)
    Next,     // table 0, bucket rehashidx: the next one a rehash step moves
    Pending,  // table 0 while rehashing, above rehashidx: still to move
    Live,     // a bucket of a table not being drained (table 0 at rest, table 1)
};
BucketState bucketState(const inspect::DictSnap& d, int table, size_t bucket);

// The chain length of `bucket` in table t if it lies in the snapshot's window.
std::optional<uint32_t> chainLength(const inspect::DictSnap& d, int table, size_t bucket);
// The chain of `bucket` with its first keys, if the snapshot copied it.
const inspect::DictSnap::Chain* chainAt(const inspect::DictSnap& d, int table, size_t bucket);

// used / size of a table (0 when not allocated).
double loadFactor(const inspect::DictSnap::Table& t);
// While rehashing: the share of table 0's buckets already moved (rehashidx / size0);
// 0 when not rehashing.
double rehashProgress(const inspect::DictSnap& d);

// The facts line and the forecast a learner reads above the tables.
struct DictOutlook {
    double load_factor = 0;       // of the table inserts go to... at rest table 0
    std::string state;            // "64 buckets, 60 entries: load factor 0.94"
    std::string next;             // one line: what happens next and why
    long inserts_to_grow = -1;    // new keys that fit before the next insert starts a resize
                                  // (-1 while rehashing); the one after starts it
    size_t grow_to = 0;           // the size it will grow to
    long deletes_to_shrink = -1;  // deletes after which a delete shrinks it (-1: never)
};
// `resize_allowed` false: a child process is saving (the table grows only past load
// factor 5 and never shrinks).
DictOutlook dictOutlook(const inspect::DictSnap& d, bool resize_allowed = true);

// The one-line summary of what the last change did to the rehash ("HSET moved 1 bucket:
// rehashidx 37 -> 38"), from the index before and after. "" when nothing to say.
std::string rehashDelta(const inspect::DictSnap& before, const inspect::DictSnap& after, std::string_view command);

// The rehash marker glides from one row to the next over `duration_s`.
struct MarkerAnim {
    double from = 0, to = 0, start_s = 0;
    double duration_s = 0.35;
    // Retargets to `row` at time `now_s` (starting from where the marker is now).
    void retarget(double row, double now_s);
    double at(double now_s) const;
};

// The command a "+n" button runs on a dict of this type: HSET key field:i value:i ...,
// SADD key member:i ..., ZADD key i member:i ... for i in [first, first + n).
std::vector<std::string> dictAddCommand(ObjType type, std::string_view key, size_t first, size_t n);
// A read that touches the dict (one rehash step, changes nothing): HEXISTS / SISMEMBER /
// ZSCORE key <name>.
std::vector<std::string> dictLookupCommand(ObjType type, std::string_view key, std::string_view name);

// The histogram as floats for ImGui::PlotHistogram (index = chain length).
std::vector<float> histogramValues(const inspect::DictSnap::Table& t);

}  // namespace redsim::gui
