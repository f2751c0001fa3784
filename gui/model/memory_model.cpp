#include "gui/model/memory_model.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/engine.h"

namespace redsim::gui::memview {

std::string_view policyName(MaxmemoryPolicy p) {
    switch (p) {
        case MaxmemoryPolicy::VolatileLru:
            return "volatile-lru";
        case MaxmemoryPolicy::VolatileLfu:
            return "volatile-lfu";
        case MaxmemoryPolicy::VolatileRandom:
            return "volatile-random";
        case MaxmemoryPolicy::VolatileTtl:
            return "volatile-ttl";
        case MaxmemoryPolicy::AllkeysLru:
            return "allkeys-lru";
        case MaxmemoryPolicy::AllkeysLfu:
            return "allkeys-lfu";
        case MaxmemoryPolicy::AllkeysRandom:
            return "allkeys-random";
        case MaxmemoryPolicy::NoEviction:
            break;
    }
    return "noeviction";
}

// ---- the bar ------------------------------------------------------------------------

double MemoryBar::at(long long bytes) const {
    if (scale <= 0) return 0;
    return std::clamp(static_cast<double>(bytes) / static_cast<double>(scale), 0.0, 1.0);
}

MemoryBar memoryBar(const MemoryOverview& m, long long maxmemory) {
    MemoryBar b;
    b.used = m.used;
    b.peak = std::max(m.peak, m.used);
    b.maxmemory = std::max(0LL, maxmemory);
    long long keyspace = 0;
    for (const auto& d : m.dbs) keyspace += d.main + d.expires;
    using K = MemorySegment::Kind;
    long long left = m.used;
    auto add = [&](K kind, long long bytes, std::string_view label) {
        bytes = std::clamp(bytes, 0LL, left);
        left -= bytes;
        if (bytes > 0) b.segments.push_back({kind, bytes, label});
    };
    add(K::Base, m.startup, "empty server");
    add(K::Clients, m.clients_normal, "clients");
    add(K::Scripts, m.lua_caches + m.functions_caches, "scripts");
    add(K::Keyspace, keyspace, "keyspace dicts");
    add(K::Data, left, "keys");
    // Room on the right of the largest mark, so the limit line is never at the edge.
    const long long top = std::max({b.used, b.peak, b.maxmemory, 1LL});
    b.scale = top + top / 10;
    return b;
}

// ---- counters over time ----------------------------------------------------------

uint64_t counterDelta(uint64_t before, uint64_t after) { return after >= before ? after - before : after; }

MemorySeries seriesFromSamples(const std::deque<Sample>& samples, int64_t window_ms, int64_t bucket_ms) {
    MemorySeries out;
    out.bucket_ms = bucket_ms = std::max<int64_t>(1, bucket_ms);
    if (samples.empty()) return out;
    const int64_t end = samples.back().at_ms;
    const int64_t start = std::max(end - window_ms, samples.front().at_ms);
    // Whole buckets only: a partial first bucket would read as a lower rate.
    const size_t n = static_cast<size_t>(std::max<int64_t>(1, (end - start) / bucket_ms));
    // Bucket i covers (end - (n - i) * bucket, end - (n - i - 1) * bucket].
    const int64_t origin = end - static_cast<int64_t>(n) * bucket_ms;
    std::vector<double> evicted(n, 0), expired(n, 0);
    auto spread = [&](std::vector<double>& acc, int64_t t0, int64_t t1, double count) {
        if (count <= 0) return;
        if (t1 <= t0) {  // same instant: all in its bucket
            const int64_t i = std::clamp<int64_t>((t1 - origin - 1) / bucket_ms, 0, static_cast<int64_t>(n) - 1);
            if (t1 > origin) acc[static_cast<size_t>(i)] += count;
            return;
        }
        const double per_ms = count / static_cast<double>(t1 - t0);
        for (size_t i = 0; i < n; ++i) {
            const int64_t b0 = origin + static_cast<int64_t>(i) * bucket_ms, b1 = b0 + bucket_ms;
            const int64_t lo = std::max(b0, t0), hi = std::min(b1, t1);
            if (hi > lo) acc[i] += per_ms * static_cast<double>(hi - lo);
        }
    };
    for (size_t k = 1; k < samples.size(); ++k) {
        const Sample& a = samples[k - 1];
        const Sample& b = samples[k];
        if (b.at_ms <= origin) continue;
        spread(evicted, a.at_ms, b.at_ms, static_cast<double>(counterDelta(a.evicted, b.evicted)));
        spread(expired, a.at_ms, b.at_ms, static_cast<double>(counterDelta(a.expired, b.expired)));
    }
    auto finish = [&](Series& s, const std::vector<double>& acc) {
        for (double c : acc) s.values.push_back(static_cast<float>(c * 1000.0 / static_cast<double>(bucket_ms)));
        s.current = s.values.empty() ? 0 : s.values.back();
        for (float v : s.values) s.max = std::max(s.max, v);
    };
    finish(out.evicted_per_s, evicted);
    finish(out.expired_per_s, expired);
    // used_memory: the last reading at or before each bucket's end.
    size_t k = 0;
    for (size_t i = 0; i < n; ++i) {
        const int64_t b1 = origin + static_cast<int64_t>(i + 1) * bucket_ms;
        while (k + 1 < samples.size() && samples[k + 1].at_ms <= b1) ++k;
        const float v = static_cast<float>(samples[k].used_memory);
        out.used_memory.values.push_back(v);
        out.used_memory.max = std::max(out.used_memory.max, v);
    }
    out.used_memory.current = static_cast<float>(samples.back().used_memory);
    return out;
}

// ---- heat ---------------------------------------------------------------------------

HeatMode heatMode(MaxmemoryPolicy p) {
    if (p == MaxmemoryPolicy::AllkeysLfu || p == MaxmemoryPolicy::VolatileLfu) return HeatMode::Lfu;
    if (p == MaxmemoryPolicy::VolatileTtl) return HeatMode::Ttl;
    return HeatMode::Idle;
}

bool volatileOnly(MaxmemoryPolicy p) {
    return p == MaxmemoryPolicy::VolatileLru || p == MaxmemoryPolicy::VolatileLfu ||
           p == MaxmemoryPolicy::VolatileRandom || p == MaxmemoryPolicy::VolatileTtl;
}

double heatOf(HeatMode mode, const inspect::KeyAccess& a, int64_t now_ms, const HeatScale& scale) {
    auto logShare = [](double v, double max) {
        if (max <= 0) return 0.0;
        return std::clamp(std::log1p(std::max(0.0, v)) / std::log1p(max), 0.0, 1.0);
    };
    switch (mode) {
        case HeatMode::Idle:
            return logShare(static_cast<double>(a.idle_ms) / 1000.0,
                            static_cast<double>(std::max(scale.max_idle_ms, 1000LL)) / 1000.0);
        case HeatMode::Lfu:
            return 1.0 - logShare(static_cast<double>(std::min(a.lfu, 255u)),
                                  static_cast<double>(std::clamp(scale.max_lfu, 1u, 255u)));
        case HeatMode::Ttl: {
            if (a.expire_at_ms < 0) return 0;
            const long long span = scale.max_ttl_ms - scale.min_ttl_ms;
            if (span <= 0) return 1;
            return std::clamp(
                static_cast<double>(scale.max_ttl_ms - (a.expire_at_ms - now_ms)) / static_cast<double>(span), 0.0,
                1.0);
        }
    }
    return 0;
}

namespace {

std::string seconds(long long ms) {
    char buf[32];
    if (ms < 10000)
        std::snprintf(buf, sizeof buf, "%.1fs", static_cast<double>(ms) / 1000.0);
    else if (ms < 600000)
        std::snprintf(buf, sizeof buf, "%llds", ms / 1000);
    else if (ms < 36000000)
        std::snprintf(buf, sizeof buf, "%lldm%02llds", ms / 60000, ms / 1000 % 60);
    else
        std::snprintf(buf, sizeof buf, "%lldh%02lldm", ms / 3600000, ms / 60000 % 60);
    return buf;
}

}  // namespace

std::string accessText(HeatMode mode, const inspect::KeyAccess& a, int64_t now_ms) {
    switch (mode) {
        case HeatMode::Idle:
            return "idle " + seconds(a.idle_ms);
        case HeatMode::Lfu:
            return "freq " + std::to_string(a.lfu);
        case HeatMode::Ttl:
            if (a.expire_at_ms < 0) return "no ttl";
            return a.expire_at_ms <= now_ms ? "expired" : "ttl " + seconds(a.expire_at_ms - now_ms);
    }
    return "";
}

// ---- the key grid -------------------------------------------------------------------

std::optional<size_t> GridLayout::hit(float px, float py, size_t n) const {
    const float step = cell + gap;
    if (px < 0 || py < 0 || step <= 0) return std::nullopt;
    const auto c = static_cast<size_t>(px / step), r = static_cast<size_t>(py / step);
    if (c >= static_cast<size_t>(cols) || px - static_cast<float>(c) * step > cell ||
        py - static_cast<float>(r) * step > cell)
        return std::nullopt;
    const size_t i = r * static_cast<size_t>(cols) + c;
    if (i >= n) return std::nullopt;
    return i;
}

GridLayout gridLayout(size_t n, float width, float height, float max_cell, float min_cell) {
    GridLayout g;
    auto shape = [&](float cell) {
        g.cell = cell;
        g.gap = std::max(1.0f, std::floor(cell * 0.15f));
        g.cols = std::max(1, static_cast<int>((width + g.gap) / (cell + g.gap)));
        g.rows = static_cast<int>((n + static_cast<size_t>(g.cols) - 1) / static_cast<size_t>(g.cols));
    };
    for (float cell = max_cell; cell > min_cell; cell -= 0.5f) {
        shape(cell);
        if (g.height() <= height) return g;
    }
    shape(min_cell);
    return g;
}

bool naturalLess(std::string_view a, std::string_view b) {
    size_t i = 0, j = 0;
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    while (i < a.size() && j < b.size()) {
        if (digit(a[i]) && digit(b[j])) {
            size_t ie = i, je = j;
            while (ie < a.size() && digit(a[ie])) ++ie;
            while (je < b.size() && digit(b[je])) ++je;
            // Compare the runs as numbers: without leading zeros, longer is larger.
            size_t is = i, js = j;
            while (is + 1 < ie && a[is] == '0') ++is;
            while (js + 1 < je && b[js] == '0') ++js;
            if (ie - is != je - js) return ie - is < je - js;
            const int c = a.substr(is, ie - is).compare(b.substr(js, je - js));
            if (c != 0) return c < 0;
            if (ie - i != je - j) return ie - i < je - j;  // "01" after "1"
            i = ie;
            j = je;
        } else {
            if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
            ++i;
            ++j;
        }
    }
    return a.size() - i < b.size() - j;
}

void KeyGrid::reset() {
    cells_.clear();
    index_.clear();
    found_.clear();
    evicted_before_.clear();
    seen_.clear();
    ignore_before_seq_ = 0;
    stamp_ = ~0ull;
    cursor_ = 0;
    walking_ = false;
    present_ = 0;
}

void KeyGrid::finishWalk(Engine& engine) {
    walking_ = false;
    // Keys the walk did not meet are gone (expired, deleted) — unless the walk stopped
    // early because the sample was full.
    if (cursor_ == 0)
        for (size_t i = 0; i < cells_.size() && i < seen_.size(); ++i)
            if (!seen_[i]) cells_[i].present = false;
    for (const auto& [key, seq] : evicted_before_) found_.push_back(key);
    std::sort(found_.begin(), found_.end(),
              [](const std::string& a, const std::string& b) { return naturalLess(a, b); });
    found_.erase(std::unique(found_.begin(), found_.end()), found_.end());
    size_t hole = 0;
    for (auto& k : found_) {
        if (index_.count(k)) continue;
        if (cells_.size() < kMaxKeys) {
            index_[k] = cells_.size();
            Cell c;
            c.key = std::move(k);
            cells_.push_back(std::move(c));
            continue;
        }
        while (hole < cells_.size() && cells_[hole].present) ++hole;
        if (hole == cells_.size()) break;
        index_.erase(cells_[hole].key);
        index_[k] = hole;
        cells_[hole] = Cell{};
        cells_[hole].key = std::move(k);
    }
    found_.clear();
    // Keys evicted before the first walk: holes marked with their step, unless the walk
    // found the key again (written anew after its eviction).
    for (const auto& [key, seq] : evicted_before_) {
        auto f = index_.find(key);
        if (f == index_.end() || (f->second < seen_.size() && seen_[f->second])) continue;
        Cell& c = cells_[f->second];
        if (inspect::keyAccess(engine, db_, key)) continue;
        c.present = false;
        c.evicted_seq = std::max(c.evicted_seq, seq);
    }
    evicted_before_.clear();
}

void KeyGrid::update(Engine& engine, int db, uint64_t stamp, const std::deque<EvictionEvent>& evictions) {
    if (db != db_) {
        reset();
        db_ = db;
    }
    // An emptied database (FLUSHDB, FLUSHALL) starts the grid over, without the holes of
    // evictions that happened before.
    if (!cells_.empty() && db < engine.dbCount() && engine.db(db).size() == 0) {
        reset();
        ignore_before_seq_ = last_seq_;
        for (const auto& ev : evictions) ignore_before_seq_ = std::max(ignore_before_seq_, ev.seq);
    }
    // Evictions since the last call leave marked holes.
    uint64_t newest = last_seq_;
    for (auto it = evictions.rbegin(); it != evictions.rend() && it->seq > last_seq_; ++it) {
        newest = std::max(newest, it->seq);
        if (it->db != db) continue;
        if (auto f = index_.find(it->key); f != index_.end()) {
            Cell& c = cells_[f->second];
            c.present = false;
            c.evicted_seq = it->seq;
        }
    }
    last_seq_ = newest;

    // The walk that finds new keys (and notices deletions), a bounded step per update.
    size_t holes = 0;
    for (const auto& c : cells_) holes += c.present ? 0 : 1;
    if (!walking_ && stamp != stamp_ && (cells_.size() < kMaxKeys || holes > 0)) {
        stamp_ = stamp;
        walking_ = true;
        cursor_ = 0;
        found_.clear();
        seen_.assign(cells_.size(), 0);
        // The first walk also places the keys evicted before the grid existed (those
        // the history still holds), so the eviction pattern shows from the start.
        if (cells_.empty())
            for (const auto& ev : evictions)
                if (ev.db == db && ev.seq > ignore_before_seq_) evicted_before_.emplace_back(ev.key, ev.seq);
    }
    if (walking_) {
        std::vector<inspect::KeyInfo> batch;
        cursor_ = inspect::scanKeys(engine, db, cursor_, kScanPerUpdate, batch);
        for (auto& k : batch) {
            if (auto f = index_.find(k.key); f != index_.end()) {
                if (f->second < seen_.size()) seen_[f->second] = 1;
                Cell& c = cells_[f->second];
                if (!c.present) {  // back again (written after it went): a fresh cell
                    c.present = true;
                    c.evicted_seq = 0;
                }
            } else if (cells_.size() + found_.size() < kMaxKeys + holes) {
                found_.push_back(std::move(k.key));
            }
        }
        if (cursor_ == 0) finishWalk(engine);
    }

    // Access data and heat of every sampled key, read without touching it.
    const ConfigValues& cfg = engine.cfg();
    mode_ = heatMode(cfg.maxmemory_policy);
    const bool only_volatile = volatileOnly(cfg.maxmemory_policy);
    const int64_t now = engine.clock().nowMs();
    present_ = 0;
    HeatScale scale{.max_idle_ms = 10000, .max_lfu = 10, .min_ttl_ms = -1, .max_ttl_ms = 0};
    for (auto& c : cells_) {
        if (!c.present) continue;
        auto a = inspect::keyAccess(engine, db, c.key);
        if (!a) {
            c.present = false;
            continue;
        }
        c.access = *a;
        c.candidate = !only_volatile || a->expire_at_ms >= 0;
        ++present_;
        scale.max_idle_ms = std::max(scale.max_idle_ms, a->idle_ms);
        scale.max_lfu = std::max(scale.max_lfu, a->lfu);
        if (a->expire_at_ms >= 0) {
            const long long ttl = a->expire_at_ms - now;
            scale.max_ttl_ms = std::max(scale.max_ttl_ms, ttl);
            scale.min_ttl_ms = scale.min_ttl_ms < 0 ? ttl : std::min(scale.min_ttl_ms, ttl);
        }
    }
    scale.min_ttl_ms = std::max(0LL, scale.min_ttl_ms);
    scale_ = scale;
    for (auto& c : cells_)
        if (c.present) c.heat = heatOf(mode_, c.access, now, scale_);
}

std::vector<std::string> KeyGrid::spread(size_t n) const {
    std::vector<std::string> out;
    if (present_ == 0 || n == 0) return out;
    const size_t stride = std::max<size_t>(1, present_ / n);
    size_t k = 0;
    for (const auto& c : cells_) {
        if (!c.present) continue;
        if (k++ % stride == stride / 2 && out.size() < n) out.push_back(c.key);
    }
    return out;
}

// ---- one eviction step ---------------------------------------------------------------

std::string scoreText(std::string_view policy, unsigned long long score, int64_t now_ms) {
    if (policy.ends_with("+exact")) return "access #" + std::to_string(score);
    if (policy.ends_with("-lfu")) return "freq " + std::to_string(255 - std::min(score, 255ULL));
    if (policy == "volatile-ttl") {
        const long long deadline = static_cast<long long>(~0ULL - score);
        return deadline <= now_ms ? "expired" : "ttl " + seconds(deadline - now_ms);
    }
    return "idle " + seconds(static_cast<long long>(score));
}

StepText stepText(const EvictionEvent& ev, int64_t now_ms) {
    StepText t;
    const bool exact = std::string_view(ev.policy).ends_with("+exact");
    const bool lfu = std::string_view(ev.policy).ends_with("-lfu");
    const bool ttl = ev.policy == "volatile-ttl";
    // Bars: scores relative to the best of the step (a log scale of seconds for idle
    // times, which span seconds to days; LFU's inverted counter as it is; TTLs by rank).
    unsigned long long best = 1;
    for (const auto& c : ev.pool) best = std::max(best, c.score);
    for (const auto& c : ev.sampled) best = std::max(best, c.score);
    auto bar = [&](unsigned long long s, size_t rank, size_t n) {
        if (exact || ttl) return n ? static_cast<double>(rank + 1) / static_cast<double>(n) : 1.0;
        if (lfu) return static_cast<double>(std::min(s, 255ULL)) / 255.0;
        return std::log1p(static_cast<double>(s) / 1000.0) / std::log1p(static_cast<double>(best) / 1000.0);
    };
    for (size_t i = 0; i < ev.pool.size(); ++i) {
        const auto& c = ev.pool[i];
        t.pool.push_back({.key = c.key,
                          .score = scoreText(ev.policy, c.score, now_ms),
                          .bar = bar(c.score, i, ev.pool.size()),
                          .victim = c.key == ev.key && c.db == ev.db,
                          .pooled = true});
    }
    // Sampled keys: ranked by score for the TTL bars.
    for (const auto& c : ev.sampled) {
        size_t rank = 0;
        for (const auto& o : ev.sampled) rank += o.score < c.score ? 1 : 0;
        bool pooled = false;
        for (const auto& p : ev.pool) pooled = pooled || (p.key == c.key && p.db == c.db);
        t.sampled.push_back({.key = c.key,
                             .score = scoreText(ev.policy, c.score, now_ms),
                             .bar = bar(c.score, rank, ev.sampled.size()),
                             .victim = c.key == ev.key && c.db == ev.db,
                             .pooled = pooled});
    }
    return t;
}

}  // namespace redsim::gui::memview
