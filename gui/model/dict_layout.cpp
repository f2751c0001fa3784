#include "gui/model/dict_layout.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace redsim::gui {

namespace {

constexpr size_t kInitialSize = 4;       // DICT_HT_INITIAL_SIZE
constexpr size_t kForceResizeRatio = 5;  // dict_force_resize_ratio
constexpr size_t kMinFillPercent = 10;   // HASHTABLE_MIN_FILL

size_t nextPowerOfTwo(size_t n) {
    size_t p = kInitialSize;
    while (p < n) p *= 2;
    return p;
}

std::string fmt(const char* f, auto... args) {
    char buf[512];
    std::snprintf(buf, sizeof buf, f, args...);
    return buf;
}

}  // namespace

size_t dictRows(const inspect::DictSnap& d) { return std::max(d.tables[0].size, d.tables[1].size); }

BucketWindow bucketWindow(size_t rows, size_t first_visible, size_t visible, size_t align) {
    if (align == 0) align = 1;
    BucketWindow w;
    const size_t slack = align;
    const size_t start = first_visible > slack ? first_visible - slack : 0;
    w.first = start / align * align;
    const size_t end = first_visible + visible + slack;
    w.count = (end - w.first + align - 1) / align * align;
    if (rows > 0 && w.first >= rows) w.first = (rows - 1) / align * align;
    if (rows > 0 && w.first + w.count > rows) w.count = rows - w.first;
    return w;
}

BucketState bucketState(const inspect::DictSnap& d, int table, size_t bucket) {
    const auto& t = d.tables[table & 1];
    if (bucket >= t.size) return BucketState::Absent;
    if (table == 1 || d.rehashidx < 0) return BucketState::Live;
    const auto idx = static_cast<size_t>(d.rehashidx);
    if (bucket < idx) return BucketState::Moved;
    if (bucket == idx) return BucketState::Next;
    return BucketState::Pending;
}

std::optional<uint32_t> chainLength(const inspect::DictSnap& d, int table, size_t bucket) {
    const auto& t = d.tables[table & 1];
    if (bucket < t.first_bucket || bucket - t.first_bucket >= t.chain_lengths.size()) return std::nullopt;
    return t.chain_lengths[bucket - t.first_bucket];
}

const inspect::DictSnap::Chain* chainAt(const inspect::DictSnap& d, int table, size_t bucket) {
    const auto& chains = d.tables[table & 1].chains;
    auto it = std::lower_bound(chains.begin(), chains.end(), bucket,
                               [](const inspect::DictSnap::Chain& c, size_t b) { return c.bucket < b; });
    return it != chains.end() && it->bucket == bucket ? &*it : nullptr;
}

double loadFactor(const inspect::DictSnap::Table& t) {
    return t.size == 0 ? 0.0 : static_cast<double>(t.used) / static_cast<double>(t.size);
}

double rehashProgress(const inspect::DictSnap& d) {
    if (d.rehashidx < 0 || d.tables[0].size == 0) return 0.0;
    return std::min(1.0, static_cast<double>(d.rehashidx) / static_cast<double>(d.tables[0].size));
}

DictOutlook dictOutlook(const inspect::DictSnap& d, bool resize_allowed) {
    DictOutlook o;
    const auto& t0 = d.tables[0];
    const auto& t1 = d.tables[1];
    if (t0.size == 0) {
        o.state = "no table allocated yet";
        o.next = "The first insert allocates a table of 4 buckets.";
        o.inserts_to_grow = 0;
        o.grow_to = kInitialSize;
        return o;
    }
    if (d.rehashidx >= 0) {
        o.load_factor = static_cast<double>(d.size) / static_cast<double>(t1.size);
        const size_t nonempty = t0.size - (t0.histogram.empty() ? 0 : t0.histogram[0]);
        o.state =
            fmt("rehashing %zu -> %zu buckets: rehashidx %ld (%.0f%% of table 0 moved), %zu entries left in "
                "table 0, %zu in table 1",
                t0.size, t1.size, d.rehashidx, rehashProgress(d) * 100.0, t0.used, t1.used);
        o.next =
            fmt("Every lookup, insert or delete on this key first moves one bucket of table 0 to table 1 "
                "(skipping at most 10 empty ones); %zu non-empty buckets are left. New keys go to table 1. "
                "The cron's active rehashing only covers the keyspace, so ticks alone do not move it.",
                nonempty);
        return o;
    }
    o.load_factor = loadFactor(t0);
    o.state = fmt("%zu buckets, %zu entries: load factor %.2f", t0.size, t0.used, o.load_factor);
    // Grow: checked before each insert (dictExpandIfNeeded).
    if (resize_allowed) {
        o.inserts_to_grow = t0.used >= t0.size ? 0 : static_cast<long>(t0.size - t0.used);
        o.grow_to = nextPowerOfTwo(std::max(t0.used, t0.size) + 1);
    } else {
        const size_t limit = (kForceResizeRatio + 1) * t0.size;  // used / size > 5
        o.inserts_to_grow = t0.used >= limit ? 0 : static_cast<long>(limit - t0.used);
        o.grow_to = nextPowerOfTwo(std::max(t0.used, limit) + 1);
    }
    std::string grow;
    if (o.inserts_to_grow == 0)
        grow = fmt("The next new key starts a rehash into %zu buckets", o.grow_to);
    else if (resize_allowed)
        grow = fmt("After %ld more new key%s the load factor is 1 and the next one starts a rehash into %zu buckets",
                   o.inserts_to_grow, o.inserts_to_grow == 1 ? "" : "s", o.grow_to);
    else
        grow = fmt("A child process is saving: the table grows only past load factor 5, after %ld more new keys",
                   o.inserts_to_grow);
    // Shrink: after a delete leaves fewer than 10% of the buckets used (htNeedsResize).
    std::string shrink;
    if (t0.size > kInitialSize && resize_allowed) {
        // x entries shrink when x * 100 / size < 10, i.e. x * 10 < size.
        const size_t keep = (t0.size * kMinFillPercent + 99) / 100;  // fewest entries that stay
        const size_t below = keep == 0 ? 0 : keep - 1;
        o.deletes_to_shrink = t0.used > below ? static_cast<long>(t0.used - below) : 1;
        shrink = fmt("; %ld delete%s leave%s it under 10%% full and it shrinks to %zu buckets", o.deletes_to_shrink,
                     o.deletes_to_shrink == 1 ? "" : "s", o.deletes_to_shrink == 1 ? "s" : "",
                     nextPowerOfTwo(std::max(below, kInitialSize)));
    }
    o.next = grow + shrink + ".";
    return o;
}

std::string rehashDelta(const inspect::DictSnap& before, const inspect::DictSnap& after, std::string_view command) {
    std::string cmd(command.empty() ? "the last change" : command);
    if (before.rehashidx < 0 && after.rehashidx >= 0)
        return fmt("%s started a rehash: %zu -> %zu buckets, rehashidx %ld", cmd.c_str(), after.tables[0].size,
                   after.tables[1].size, after.rehashidx);
    if (before.rehashidx >= 0 && after.rehashidx < 0 && after.tables[0].size == before.tables[1].size)
        return fmt("%s finished the rehash: table 1 (%zu buckets) became table 0", cmd.c_str(), after.tables[0].size);
    if (before.rehashidx >= 0 && after.rehashidx >= 0 && before.tables[0].size == after.tables[0].size) {
        if (after.rehashidx == before.rehashidx)
            return fmt("%s did not move rehashidx (%ld)", cmd.c_str(), after.rehashidx);
        return fmt("%s moved rehashidx %ld -> %ld (%ld bucket%s visited)", cmd.c_str(), before.rehashidx,
                   after.rehashidx, after.rehashidx - before.rehashidx,
                   after.rehashidx - before.rehashidx == 1 ? "" : "s");
    }
    return "";
}

void MarkerAnim::retarget(double row, double now_s) {
    from = at(now_s);
    to = row;
    start_s = now_s;
}

double MarkerAnim::at(double now_s) const {
    if (duration_s <= 0) return to;
    const double t = std::clamp((now_s - start_s) / duration_s, 0.0, 1.0);
    const double ease = t * t * (3 - 2 * t);  // smoothstep
    return from + (to - from) * ease;
}

std::vector<std::string> dictAddCommand(ObjType type, std::string_view key, size_t first, size_t n) {
    std::vector<std::string> argv;
    const std::string k(key);
    switch (type) {
        case ObjType::Hash:
            argv = {"HSET", k};
            for (size_t i = first; i < first + n; ++i) {
                argv.push_back("field:" + std::to_string(i));
                argv.push_back("value:" + std::to_string(i));
            }
            break;
        case ObjType::Set:
            argv = {"SADD", k};
            for (size_t i = first; i < first + n; ++i) argv.push_back("member:" + std::to_string(i));
            break;
        case ObjType::ZSet:
            argv = {"ZADD", k};
            for (size_t i = first; i < first + n; ++i) {
                argv.push_back(std::to_string(i));
                argv.push_back("member:" + std::to_string(i));
            }
            break;
        default:
            break;
    }
    return argv;
}

std::vector<std::string> dictLookupCommand(ObjType type, std::string_view key, std::string_view name) {
    const std::string k(key), m(name);
    switch (type) {
        case ObjType::Hash:
            return {"HEXISTS", k, m};
        case ObjType::Set:
            return {"SISMEMBER", k, m};
        case ObjType::ZSet:
            return {"ZSCORE", k, m};
        default:
            return {};
    }
}

std::vector<float> histogramValues(const inspect::DictSnap::Table& t) {
    std::vector<float> v;
    v.reserve(t.histogram.size());
    for (size_t n : t.histogram) v.push_back(static_cast<float>(n));
    return v;
}

}  // namespace redsim::gui
