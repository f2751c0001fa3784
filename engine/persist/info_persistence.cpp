// INFO persistence: Redis 7.0.15's fields in its order. redsim never loads in the
// background nor measures copy-on-write, so loading, async_loading and the *cow* fields
// stay 0 (DIFFERS FROM REDIS: Redis reads the child's CoW bytes from /proc/…/smaps).
// current_save_keys_processed: Redis's child reports progress every 1024 keys; redsim's
// child reports only at its end, so on the real clock it is 0 while the save runs, and
// on a virtual clock it grows linearly over the modelled duration (engine/persist/child.h).
#include <algorithm>
#include <cstdio>

#include "engine/engine.h"
#include "engine/persist/aof.h"
#include "engine/persist/bgsave.h"

namespace redsim::persist {

namespace {

void field(std::string& out, const char* name, const std::string& value) {
    out += name;
    out += ':';
    out += value;
    out += "\r\n";
}

}  // namespace

// The aof_* fields (and module_fork_*, which Redis prints between the AOF's fields that
// are always there and those shown only while the AOF is on) come from the AOF.
void appendAofInfo(Engine& engine, std::string& out) {
    engine.aof().info([&out](std::string_view name, const std::string& value) {
        field(out, std::string(name).c_str(), value);
    });
}

void appendPersistenceInfo(Engine& engine, std::string& out) {
    PersistState& ps = engine.persist();
    const int64_t now_us = engine.clock().nowUs();
    const bool rdb_child = ps.child.type() == ChildType::Rdb;
    uint64_t processed = 0;
    if (const ChildResult* r = ps.child.pendingResult()) {
        const int64_t total_us = ChildRunner::modelledDurationUs(r->bytes) + r->extra_us;
        const int64_t elapsed = std::clamp<int64_t>(now_us - r->start_us, 0, total_us);
        processed = total_us > 0 ? static_cast<uint64_t>(static_cast<long double>(r->keys) * elapsed / total_us) : 0;
    }
    const uint64_t total = ps.child.active() ? ps.current_save_keys_total : 0;
    char perc[32];
    std::snprintf(perc, sizeof perc, "%.2f",
                  total ? static_cast<double>(processed) / static_cast<double>(total) * 100.0 : 0.0);
    const int64_t lastsave = engine.lastsave_s >= 0 ? engine.lastsave_s : engine.stats().start_time_ms / 1000;
    field(out, "loading", "0");
    field(out, "async_loading", "0");
    field(out, "current_cow_peak", "0");
    field(out, "current_cow_size", "0");
    field(out, "current_cow_size_age", "0");
    field(out, "current_fork_perc", perc);
    field(out, "current_save_keys_processed", std::to_string(processed));
    field(out, "current_save_keys_total", std::to_string(total));
    field(out, "rdb_changes_since_last_save", std::to_string(engine.dirty));
    field(out, "rdb_bgsave_in_progress", rdb_child ? "1" : "0");
    field(out, "rdb_last_save_time", std::to_string(lastsave));
    field(out, "rdb_last_bgsave_status", ps.lastbgsave_ok ? "ok" : "err");
    field(out, "rdb_last_bgsave_time_sec", std::to_string(ps.rdb_save_time_last));
    field(out, "rdb_current_bgsave_time_sec",
          std::to_string(rdb_child ? engine.clock().nowMs() / 1000 - ps.rdb_save_time_start : -1));
    field(out, "rdb_saves", std::to_string(ps.rdb_saves));
    field(out, "rdb_last_cow_size", "0");
    field(out, "rdb_last_load_keys_expired", std::to_string(ps.rdb_last_load_keys_expired));
    field(out, "rdb_last_load_keys_loaded", std::to_string(ps.rdb_last_load_keys_loaded));
    appendAofInfo(engine, out);
}

}  // namespace redsim::persist
