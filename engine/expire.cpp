// The active expire cycle (Redis 7.0's activeExpireCycle, slow mode).
//
// Lazy expiry alone would keep keys nobody reads forever, so every tick samples the
// keys that have a TTL and deletes the expired ones:
//   - for each database (up to 16 per tick, resuming where the last tick stopped),
//   - walk the `expires` dict from a saved cursor, bucket by bucket, until 20 keys are
//     sampled (20 + 5 per extra point of active-expire-effort),
//   - delete those past their deadline, and
//   - repeat on the same database while more than 10 % of the sample was stale
//     (10 - effort + 1 %): many stale keys suggest many more.
// The cursor walks the dict with the reverse-binary SCAN cursor, so the sweep still
// covers every bucket while the table grows or shrinks between ticks.
#include <algorithm>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace redsim {

void Engine::activeExpireCycle() {
    const long long effort = config_.values.active_expire_effort - 1;  // 0..9
    const size_t keys_per_loop = static_cast<size_t>(20 + 20 / 4 * effort);
    const long long acceptable_stale = 10 - effort;
    const long long hz = std::clamp<long long>(config_.values.hz, 1, 500);
    // DIFFERS FROM REDIS: Redis stops after 25 % of a cron period of CPU time
    // (timelimit_us = 1000000*25/hz/100). redsim counts sampled keys instead, one key
    // standing for one microsecond, so the same data expires the same way everywhere.
    const long long budget = 1000000LL * 25 / hz / 100;
    long long spent = 0;
    const int n = dbCount();
    const int dbs_per_call = std::min(n, 16);
    uint64_t total_sampled = 0, total_expired = 0;
    bool cap_reached = false;

    for (int j = 0; j < dbs_per_call && !cap_reached; ++j) {
        Db& d = db(expire_db_cursor_);
        expire_db_cursor_ = (expire_db_cursor_ + 1) % n;
        for (;;) {
            const size_t num_all = d.expires().size();
            if (num_all == 0) {
                d.avg_ttl = 0;
                break;
            }
            const size_t num = std::min(num_all, keys_per_loop);
            const size_t max_buckets = num * 20;
            size_t sampled = 0, expired = 0, checked_buckets = 0;
            long long ttl_sum = 0, ttl_samples = 0;
            std::vector<std::string> stale;
            while (sampled < num && checked_buckets < max_buckets) {
                stale.clear();
                d.expires_cursor = d.expires().scan(d.expires_cursor, [&](const auto& entry) {
                    ++sampled;
                    const long long ttl = entry.value - cmd_time_ms_;
                    if (cmd_time_ms_ > entry.value)
                        stale.push_back(entry.key);
                    else if (ttl > 0) {
                        ttl_sum += ttl;
                        ++ttl_samples;
                    }
                });
                for (const auto& k : stale) {
                    if (d.expireIfNeeded(k)) ++expired;
                }
                ++checked_buckets;
                if (d.expires_cursor == 0) break;  // wrapped around: sampled the whole table
            }
            total_sampled += sampled;
            total_expired += expired;
            spent += static_cast<long long>(sampled) + static_cast<long long>(checked_buckets);
            if (ttl_samples) {
                const long long avg = ttl_sum / ttl_samples;
                d.avg_ttl = d.avg_ttl == 0 ? avg : (d.avg_ttl / 50) * 49 + (avg / 50);
            }
            if (spent >= budget) {
                cap_reached = true;
                ++stats_.expired_time_cap_reached_count;
                break;
            }
            const bool repeat = sampled == 0 || static_cast<long long>(expired * 100 / sampled) > acceptable_stale;
            if (!repeat) break;
        }
    }
    const double current =
        total_sampled ? static_cast<double>(total_expired) / static_cast<double>(total_sampled) : 0.0;
    const double prev = static_cast<double>(stats_.expired_stale_perc_x100) / 10000.0;
    stats_.expired_stale_perc_x100 = static_cast<uint64_t>((current * 0.05 + prev * 0.95) * 10000.0);
}

}  // namespace redsim
