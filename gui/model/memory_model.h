// The memory & eviction view's model (gui/views/memory.cpp draws it): the used-memory
// bar split into what an empty server takes and what the keys take, counters over time
// turned into per-second rates, the heat scale that colours keys by idle time / LFU
// counter / TTL, the key grid (a bounded, incrementally refreshed sample of keys with
// their access data) and the text of one eviction step's candidates.
//
// No ImGui here: tests/gui/memory_test.cpp drives a GuiState and checks all of it.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/config.h"
#include "engine/events.h"
#include "engine/inspect/keyspace.h"
#include "engine/memory.h"
#include "gui/model/state.h"

namespace redsim {
class Engine;
}

namespace redsim::gui::memview {

// The eight maxmemory policies, in the selector's order.
inline constexpr std::string_view kPolicies[] = {"noeviction",   "allkeys-lru",  "allkeys-lfu",     "allkeys-random",
                                                 "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"};
std::string_view policyName(MaxmemoryPolicy p);

// ---- the bar ------------------------------------------------------------------------

struct MemorySegment {
    enum class Kind { Base, Clients, Scripts, Keyspace, Data };
    Kind kind = Kind::Base;
    long long bytes = 0;
    std::string_view label;  // "empty server", "clients", "scripts", "keyspace dicts", "keys"
};

// used_memory as a bar: segments left to right (they add up to `used`), the limit and
// the peak as marks. `scale` is what the full width stands for.
struct MemoryBar {
    std::vector<MemorySegment> segments;
    long long used = 0, peak = 0, maxmemory = 0, scale = 1;
    // Where `bytes` falls along the bar, 0..1 (clamped).
    double at(long long bytes) const;
    bool over() const { return maxmemory > 0 && used > maxmemory; }
    // used / maxmemory; 0 without a limit.
    double ofLimit() const { return maxmemory > 0 ? static_cast<double>(used) / static_cast<double>(maxmemory) : 0; }
};
// Requires nothing; `m` as memoryOverview gives it (MEMORY STATS' figures).
MemoryBar memoryBar(const MemoryOverview& m, long long maxmemory);

// ---- counters over time ----------------------------------------------------------

// A counter's increase between two readings. A counter that went down was reset
// (CONFIG RESETSTAT) in between: everything it counts now happened since.
uint64_t counterDelta(uint64_t before, uint64_t after);

struct Series {
    std::vector<float> values;  // oldest first, one per bucket
    float current = 0;          // the last bucket
    float max = 0;
};
struct MemorySeries {
    Series evicted_per_s, expired_per_s, used_memory;
    int64_t bucket_ms = 1000;
};
// Rates per second over the last `window_ms` of engine time in buckets of `bucket_ms`:
// each pair of consecutive samples spreads its counter increase evenly over the time
// between them. used_memory is the last reading at or before each bucket's end.
MemorySeries seriesFromSamples(const std::deque<Sample>& samples, int64_t window_ms = 60000, int64_t bucket_ms = 1000);

// ---- heat ---------------------------------------------------------------------------

// What colours a key: idle time (the LRU clock: every policy but the LFU ones keeps it),
// the LFU counter, or the TTL (volatile-ttl).
enum class HeatMode { Idle, Lfu, Ttl };
HeatMode heatMode(MaxmemoryPolicy p);
// Policies that evict only keys with a TTL.
bool volatileOnly(MaxmemoryPolicy p);

// The ends of the scale, from the keys shown (KeyGrid takes them from its sample).
struct HeatScale {
    long long max_idle_ms = 10000;                 // the idle time shown fully hot (at least 10 s)
    uint32_t max_lfu = 255;                        // the counter shown fully cold (at least 10 in KeyGrid)
    long long min_ttl_ms = 0, max_ttl_ms = 10000;  // the TTLs shown fully hot / cold
};
// The heat of a key, 0..1: how good an eviction candidate it is under `mode` (1: evicted
// first). Idle: log(1 + idle s) / log(1 + max idle s), a log scale since idle times span
// seconds to days. LFU: 1 - log(1 + counter) / log(1 + max counter) (the counter is
// already logarithmic in hits, 0..255). TTL: where the TTL falls between the longest
// (0) and the shortest (1), linearly; a key without TTL is 0.
double heatOf(HeatMode mode, const inspect::KeyAccess& a, int64_t now_ms, const HeatScale& scale);
// "idle 12s", "freq 7", "ttl 3.2s", "no ttl".
std::string accessText(HeatMode mode, const inspect::KeyAccess& a, int64_t now_ms);

// ---- the key grid -------------------------------------------------------------------

// Cells in rows: the largest square cell (between min_cell and max_cell, with a gap)
// that fits n cells into width x height; at min_cell the grid may be taller.
struct GridLayout {
    int cols = 1, rows = 0;
    float cell = 0, gap = 0;
    float x(size_t i) const { return static_cast<float>(i % static_cast<size_t>(cols)) * (cell + gap); }
    float y(size_t i) const { return static_cast<float>(i / static_cast<size_t>(cols)) * (cell + gap); }
    float height() const { return static_cast<float>(rows) * (cell + gap); }
    // The cell under (x, y) relative to the grid's origin, if any of the n.
    std::optional<size_t> hit(float x, float y, size_t n) const;
};
GridLayout gridLayout(size_t n, float width, float height, float max_cell = 22, float min_cell = 5);

// "fill:9" before "fill:10": digit runs compare as numbers.
bool naturalLess(std::string_view a, std::string_view b);

// A bounded sample of one database's keys with their access data. The first walk sorts
// keys naturally; keys that appear later are appended (or take holes once full); a key
// that disappears leaves a hole in place, marked with the eviction that took it, so
// the eviction pattern stays visible. Work per update is bounded.
class KeyGrid {
public:
    static constexpr size_t kMaxKeys = 2000;
    static constexpr size_t kScanPerUpdate = 1024;
    struct Cell {
        std::string key;
        inspect::KeyAccess access;
        double heat = 0;
        bool present = true;
        bool candidate = true;     // the policy may evict it (volatile-*: has a TTL)
        uint64_t evicted_seq = 0;  // the eviction that took it (0: none or deleted)
    };
    // Refreshes access data of the sampled keys and heat under `policy`; marks keys
    // evicted since the last call (events newer than any seen); continues the walk that
    // finds new keys when `stamp` changed (something was written) and there is room.
    void update(Engine& engine, int db, uint64_t stamp, const std::deque<EvictionEvent>& evictions);
    // Forgets everything; the next update starts over (sorted, no holes).
    void reset();
    const std::vector<Cell>& cells() const { return cells_; }
    size_t present() const { return present_; }
    bool walking() const { return walking_; }
    HeatMode mode() const { return mode_; }
    const HeatScale& scale() const { return scale_; }
    uint64_t lastEvictionSeq() const { return last_seq_; }
    // Up to n present keys spread evenly over the grid (for "touch some keys").
    std::vector<std::string> spread(size_t n) const;

private:
    void finishWalk(Engine& engine);
    std::vector<Cell> cells_;
    std::unordered_map<std::string, size_t> index_;
    std::vector<std::string> found_;                                // new keys of the current walk
    std::vector<uint8_t> seen_;                                     // cells seen by the current walk
    std::vector<std::pair<std::string, uint64_t>> evicted_before_;  // first walk: (key, step)
    int db_ = -1;
    uint64_t stamp_ = ~0ull, cursor_ = 0, last_seq_ = 0;
    uint64_t ignore_before_seq_ = 0;  // after the db was emptied: older evictions are history
    bool walking_ = false;
    size_t present_ = 0;
    HeatMode mode_ = HeatMode::Idle;
    HeatScale scale_;
};

// ---- one eviction step ---------------------------------------------------------------

struct CandidateRow {
    std::string key;
    std::string score;  // "idle 12.0s", "freq 5", "ttl 3.2s", "access #41"
    double bar = 0;     // 0..1: the score relative to the step's best
    bool victim = false;
    bool pooled = false;  // sampled: it is in the pool when the victim was chosen
};
struct StepText {
    std::vector<CandidateRow> sampled, pool;  // pool worst first, as the engine keeps it
};
// The score as the policy means it (scores: higher = better to evict).
std::string scoreText(std::string_view policy, unsigned long long score, int64_t now_ms);
StepText stepText(const EvictionEvent& ev, int64_t now_ms);

}  // namespace redsim::gui::memview
