#include "engine/evict.h"

#include <algorithm>
#include <climits>
#include <cmath>

#include "engine/commands/command.h"
#include "engine/commands/table.h"
#include "engine/engine.h"
#include "engine/info.h"
#include "engine/notify.h"
#include "engine/scripting/scripting.h"

namespace redsim {

namespace {

bool isLru(MaxmemoryPolicy p) { return p == MaxmemoryPolicy::AllkeysLru || p == MaxmemoryPolicy::VolatileLru; }
bool isLfu(MaxmemoryPolicy p) { return p == MaxmemoryPolicy::AllkeysLfu || p == MaxmemoryPolicy::VolatileLfu; }
bool isAllkeys(MaxmemoryPolicy p) {
    return p == MaxmemoryPolicy::AllkeysLru || p == MaxmemoryPolicy::AllkeysLfu || p == MaxmemoryPolicy::AllkeysRandom;
}

// The commands whose flags depend on the script they run (Redis's getCommandFlags).
bool runsScript(std::string_view name) {
    for (std::string_view n : {"eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro"})
        if (name == n) return true;
    return false;
}

// Does this command line count as `denyoom`? A script that declares its flags (a shebang,
// or a function) replaces EVAL's/FCALL's own: it is denyoom unless it says allow-oom or
// no-writes. A pre-7.0 script (no shebang) keeps EVAL's flags, which have no denyoom.
bool deniesOom(Engine& engine, const CommandSpec& spec, const CommandSpec* parent, std::span<const std::string> argv) {
    if (parent == nullptr && runsScript(spec.name) && argv.size() >= 2) {
        if (auto flags = engine.scripting().declaredFlags(argv))
            return !(*flags & (script_flag::kAllowOom | script_flag::kNoWrites));
    }
    return spec.flags & cmd::kDenyOom;
}

}  // namespace

long long evictionUsedMemory(Engine& engine) {
    // Redis leaves out of this figure the memory of the AOF buffer and of the replicas'
    // output buffers beyond the backlog (freeMemoryGetNotCountedMemory): deleting keys
    // makes those grow (each eviction writes a DEL), which could feed eviction forever.
    // redsim's model counts neither yet, so nothing is subtracted.
    constexpr long long kNotCountedForEvict = 0;
    return usedMemory(engine) - kNotCountedForEvict;
}

Evictor::Evictor(Engine& engine) : engine_(engine) {}

uint64_t Evictor::timeLimitUs(long long tenacity) {
    // Redis's scale: 0..10 grows linearly to 500 µs, then 15 % per step (about two
    // minutes at 99), and 100 means no limit.
    if (tenacity <= 10) return static_cast<uint64_t>(50 * std::max(0LL, tenacity));
    if (tenacity < 100) return static_cast<uint64_t>(500.0 * std::pow(1.15, static_cast<double>(tenacity) - 10.0));
    return UINT64_MAX;
}

uint64_t Evictor::keyBudget(long long tenacity) {
    // DIFFERS FROM REDIS: Redis stops a call when its time limit has passed (checked every
    // 16 keys) and lets a timer continue. redsim stops after a number of keys derived from
    // the same limit, counting one eviction as 1 µs, so the same commands always evict the
    // same keys: tenacity 0 -> 16 keys, 10 (the default) -> 512 keys, 100 -> no limit.
    return timeLimitUs(tenacity);
}

uint64_t Evictor::onEviction(EvictionListener fn) {
    listeners_[next_listener_] = std::move(fn);
    return next_listener_++;
}

void Evictor::removeEvictionListener(uint64_t handle) { listeners_.erase(handle); }

// evictionPoolPopulate: sample keys of one database and merge the good ones into the pool,
// which stays sorted by score, worst (lowest) first; a full pool drops its worst entry.
template <class D>
void Evictor::populate(int dbid, D& sample_dict, EvictionEvent& report) {
    const ConfigValues& cfg = engine_.cfg();
    Db& db = engine_.db(dbid);
    std::vector<typename D::Entry*> samples;
    sample_dict.sampleEntries(engine_.rng(), static_cast<size_t>(cfg.maxmemory_samples), samples);
    for (auto* entry : samples) {
        unsigned long long score = 0;
        if (cfg.maxmemory_policy == MaxmemoryPolicy::VolatileTtl) {
            // The sooner the TTL ends, the better the candidate.
            if constexpr (std::is_same_v<D, Dict<int64_t>>)
                score = ULLONG_MAX - static_cast<unsigned long long>(entry->value);
        } else {
            const Object* o = nullptr;
            if constexpr (std::is_same_v<D, Dict<Object>>) {
                o = &entry->value;
            } else {
                const auto* e = db.keys().find(entry->key);
                if (!e) continue;
                o = &e->value;
            }
            // LRU: the idle time (ms). LFU: the inverted frequency, so that here too a
            // higher score is a better candidate.
            score = isLfu(cfg.maxmemory_policy) ? 255 - db.lfuDecrAndReturn(*o)
                                                : static_cast<unsigned long long>(db.idleMs(*o));
        }
        report.sampled.push_back({dbid, entry->key, score});

        // The first slot that is free or holds a lower score than ours.
        size_t k = 0;
        while (k < kEvictionPoolSize && pool_[k].used && pool_[k].idle < score) ++k;
        if (k == 0 && pool_[kEvictionPoolSize - 1].used) continue;  // worse than all, and no room
        if (k < kEvictionPoolSize && !pool_[k].used) {
            // A free slot: take it.
        } else if (!pool_[kEvictionPoolSize - 1].used) {
            // Room at the right end: shift the better entries right by one.
            std::move_backward(pool_.begin() + static_cast<long>(k), pool_.end() - 1, pool_.end());
        } else {
            // Full: drop the worst entry (slot 0), shifting the ones below us left.
            --k;
            std::move(pool_.begin() + 1, pool_.begin() + static_cast<long>(k) + 1, pool_.begin());
        }
        pool_[k] = PoolEntry{entry->key, score, dbid, true};
    }
}

Evictor::Pick Evictor::pickFromPool(EvictionEvent& report) {
    const MaxmemoryPolicy policy = engine_.cfg().maxmemory_policy;
    const bool allkeys = isAllkeys(policy);
    for (;;) {
        size_t total_keys = 0;
        // Sample every database, so the choice is not local to one of them.
        for (int i = 0; i < engine_.dbCount(); ++i) {
            Db& db = engine_.db(i);
            const size_t n = allkeys ? db.size() : db.expiresCount();
            if (n == 0) continue;
            if (allkeys)
                populate(i, db.keys(), report);
            else
                populate(i, db.expires(), report);
            total_keys += n;
        }
        if (total_keys == 0) return {};
        report.pool.clear();
        for (const auto& p : pool_)
            if (p.used) report.pool.push_back({p.db, p.key, p.idle});
        // From the best candidate down; a key deleted since it was pooled is a ghost.
        for (size_t k = kEvictionPoolSize; k-- > 0;) {
            if (!pool_[k].used) continue;
            PoolEntry e = std::move(pool_[k]);
            pool_[k] = PoolEntry{};
            Db& db = engine_.db(e.db);
            const bool exists = allkeys ? db.keys().find(e.key) != nullptr : db.expires().find(e.key) != nullptr;
            if (exists) return {e.db, std::move(e.key)};
        }
    }
}

Evictor::Pick Evictor::pickRandom() {
    const bool allkeys = isAllkeys(engine_.cfg().maxmemory_policy);
    const int n = engine_.dbCount();
    // One key from the next database that has any, visiting them in turn.
    for (int i = 0; i < n; ++i) {
        const int j = static_cast<int>(++next_db_ % static_cast<unsigned>(n));
        Db& db = engine_.db(j);
        if (allkeys && db.size() > 0) return {j, db.keys().randomEntry(engine_.rng())->key};
        if (!allkeys && db.expiresCount() > 0) return {j, db.expires().randomEntry(engine_.rng())->key};
    }
    return {};
}

// Exact LRU (redsim-only): every access got a number; the smallest number among the keys
// the policy may evict is the least recently used key.
void Evictor::syncExactMode() {
    const bool want = engine_.cfg().maxmemory_exact_lru;
    if (want == exact_on_) return;
    exact_on_ = want;
    lru_order_.clear();
    lru_seq_.clear();
    if (!want) return;
    // Keys that exist when the mode is turned on are ordered by their LRU clock (older
    // first), then by db and name: the approximation's data is all there is.
    struct K {
        long long idle;
        int db;
        std::string key;
    };
    std::vector<K> all;
    for (int i = 0; i < engine_.dbCount(); ++i) {
        Db& db = engine_.db(i);
        db.keys().forEach([&](const auto& e) { all.push_back({db.idleMs(e.value), i, e.key}); });
    }
    std::sort(all.begin(), all.end(), [](const K& a, const K& b) {
        if (a.idle != b.idle) return a.idle > b.idle;
        if (a.db != b.db) return a.db < b.db;
        return a.key < b.key;
    });
    for (auto& k : all) {
        lru_seq_[{k.db, k.key}] = ++access_seq_;
        lru_order_.emplace(access_seq_, k.db, std::move(k.key));
    }
}

void Evictor::noteAccess(int db, std::string_view key) {
    if (!exact_on_) {
        syncExactMode();
        if (!exact_on_) return;
    }
    auto [it, inserted] = lru_seq_.try_emplace({db, std::string(key)}, 0);
    if (!inserted) lru_order_.erase(std::make_tuple(it->second, db, std::string(key)));
    it->second = ++access_seq_;
    lru_order_.emplace(it->second, db, std::string(key));
}

Evictor::Pick Evictor::pickExactLru(EvictionEvent& report) {
    const bool allkeys = isAllkeys(engine_.cfg().maxmemory_policy);
    for (int attempt = 0; attempt < 2; ++attempt) {
        for (auto it = lru_order_.begin(); it != lru_order_.end();) {
            const auto& [seq, dbid, key] = *it;
            if (dbid >= engine_.dbCount() || !engine_.db(dbid).keys().find(key)) {
                // Deleted since its last access: forget it.
                lru_seq_.erase({dbid, key});
                it = lru_order_.erase(it);
                continue;
            }
            if (!allkeys && !engine_.db(dbid).expires().find(key)) {
                ++it;
                continue;
            }
            report.pool.push_back({dbid, key, seq});
            return {dbid, key};
        }
        // Keys the order does not know (moved by SWAPDB): start again from the LRU clocks.
        exact_on_ = false;
        syncExactMode();
    }
    return {};
}

void Evictor::evict(const Pick& p, long long freed, EvictionEvent& report) {
    const std::string key = p.key;  // the pick may point into the entry being deleted
    Db& db = engine_.db(p.db);
    db.remove(key);
    if (exact_on_) {
        auto it = lru_seq_.find({p.db, key});
        if (it != lru_seq_.end()) {
            lru_order_.erase(std::make_tuple(it->second, p.db, key));
            lru_seq_.erase(it);
        }
    }
    (void)freed;
    ++engine_.stats().evicted_keys;
    engine_.signalModifiedKey(p.db, key);
    engine_.notifyKeyspaceEvent(notify::kEvicted, "evicted", key, p.db);
    // Each eviction is its own entry in the write stream (Redis propagates it at once,
    // not inside the command that triggered eviction).
    engine_.propagator().add(p.db, {"DEL", key});
    engine_.propagator().flush();
    report.db = p.db;
    report.key = key;
}

Evictor::Result Evictor::performEvictions() {
    // No eviction while a script is past its time limit (its writes must not mix with
    // DELs) or while clients are paused (the data set must stay still). As in Redis this
    // "Ok" is not a measurement: the time-above-limit statistics ignore it.
    if (engine_.cfg().maxmemory == 0 || engine_.script.timed_out || engine_.paused()) return Result::Ok;
    return noteResult(evictOnce());
}

Evictor::Result Evictor::evictOnce() {
    const ConfigValues& cfg = engine_.cfg();
    long long used = evictionUsedMemory(engine_);
    if (used <= cfg.maxmemory) {
        running_ = false;
        return Result::Ok;
    }
    if (cfg.maxmemory_policy == MaxmemoryPolicy::NoEviction) return Result::Fail;
    syncExactMode();
    const uint64_t budget = keyBudget(cfg.maxmemory_eviction_tenacity);
    uint64_t evicted = 0;
    while (used > cfg.maxmemory) {
        EvictionEvent report;
        report.policy = engine_.config().get(*Config::find("maxmemory-policy"));
        Pick pick;
        if (exact_on_ && isLru(cfg.maxmemory_policy)) {
            report.policy += "+exact";
            pick = pickExactLru(report);
        } else if (isLru(cfg.maxmemory_policy) || isLfu(cfg.maxmemory_policy) ||
                   cfg.maxmemory_policy == MaxmemoryPolicy::VolatileTtl) {
            pick = pickFromPool(report);
        } else {
            pick = pickRandom();
        }
        if (pick.db < 0) {
            running_ = false;
            return Result::Fail;  // nothing the policy may evict
        }
        evict(pick, 0, report);
        const long long after = evictionUsedMemory(engine_);
        report.freed = used - after;
        used = after;
        report.seq = next_seq_++;
        if (reports_.size() == kEvictionReportsKept) reports_.pop_front();
        reports_.push_back(report);
        for (auto& [id, fn] : listeners_) fn(reports_.back());
        ++evicted;
        if (evicted % 16 == 0 && evicted >= budget && used > cfg.maxmemory) {
            running_ = true;  // the cron goes on (Redis's evictionTimeProc)
            return Result::Running;
        }
    }
    running_ = false;
    return Result::Ok;
}

// Redis's stat_last_eviction_exceeded_time: a stretch above the limit starts when a
// check cannot get under it, and ends at the first check that finds memory fine.
Evictor::Result Evictor::noteResult(Result r) {
    const int64_t now = engine_.nowMs();
    if (r != Result::Ok) {
        if (exceeded_since_ms_ < 0) exceeded_since_ms_ = now;
    } else if (exceeded_since_ms_ >= 0) {
        exceeded_total_ms_ += now - exceeded_since_ms_;
        exceeded_since_ms_ = -1;
    }
    return r;
}

long long Evictor::totalExceededMs() const { return exceeded_total_ms_; }
long long Evictor::currentExceededMs() const {
    return exceeded_since_ms_ < 0 ? 0 : engine_.nowMs() - exceeded_since_ms_;
}

void Evictor::tick() {
    if (running_) performEvictions();
}

std::optional<std::string> Evictor::beforeCommand(Client& c, const CommandSpec& spec, const CommandSpec* parent,
                                                  std::span<const std::string> argv) {
    if (engine_.cfg().maxmemory == 0 || engine_.script.timed_out) return std::nullopt;
    const bool out_of_memory = performEvictions() == Result::Fail;
    bool reject = deniesOom(engine_, spec, parent, argv);
    const bool top = parent == nullptr;
    if (top && spec.name == "exec") {
        // EXEC is refused when a queued command is.
        for (const auto& q : c.queued) {
            const CommandSpec* qs = engine_.commands().find(q[0]);
            const CommandSpec* qp = nullptr;
            if (qs && !qs->subcommands.empty() && q.size() >= 2) {
                qp = qs;
                qs = CommandTable::findSub(*qp, q[1]);
            }
            if (qs && deniesOom(engine_, *qs, qp, q)) reject = true;
        }
    }
    // Queueing in MULTI uses memory without limit, so while out of memory every command is
    // refused there, except those that end the transaction or the connection.
    if (c.in_multi &&
        !(top && (spec.name == "exec" || spec.name == "discard" || spec.name == "quit" || spec.name == "reset")))
        reject = true;
    if (out_of_memory && reject) {
        // A refused EXEC ends the transaction (Redis's execCommandAbort).
        if (top && spec.name == "exec" && c.in_multi) {
            engine_.discardTransaction(c);
            return "EXECABORT Transaction discarded because of: " + std::string(kOomError);
        }
        return std::string(kOomError);
    }
    // Scripts look at this when their first write comes (scriptRefusesOom).
    pre_command_oom_ = out_of_memory;
    return std::nullopt;
}

bool Evictor::scriptRefusesOom(const CommandSpec& spec, bool allow_oom, bool wrote) const {
    return engine_.cfg().maxmemory != 0 && !allow_oom && !wrote && pre_command_oom_ && (spec.flags & cmd::kDenyOom);
}

// ---- DEBUG EVICTIONS ----------------------------------------------------------------

void debugEvictions(CommandContext& ctx) {
    const auto& reports = ctx.engine.evictor().reports();
    size_t count = 10;
    if (ctx.argc() >= 3) {
        char* end = nullptr;
        const long long n = std::strtoll(ctx.arg(2).c_str(), &end, 10);
        if (ctx.arg(2).empty() || *end != '\0' || n < 0) {
            ctx.reply.error("ERR value is out of range, must be positive");
            return;
        }
        count = static_cast<size_t>(n);
    }
    count = std::min(count, reports.size());
    auto candidates = [&](const std::vector<EvictionEvent::Candidate>& list) {
        ctx.reply.arrayLen(list.size());
        for (const auto& c : list) {
            ctx.reply.arrayLen(3);
            ctx.reply.integer(c.db);
            ctx.reply.bulk(c.key);
            ctx.reply.bulk(std::to_string(c.score));
        }
    };
    ctx.reply.arrayLen(count);
    for (size_t i = reports.size() - count; i < reports.size(); ++i) {
        const EvictionEvent& r = reports[i];
        ctx.reply.mapLen(7);
        ctx.reply.bulk("seq");
        ctx.reply.integer(static_cast<long long>(r.seq));
        ctx.reply.bulk("policy");
        ctx.reply.bulk(r.policy);
        ctx.reply.bulk("db");
        ctx.reply.integer(r.db);
        ctx.reply.bulk("key");
        ctx.reply.bulk(r.key);
        ctx.reply.bulk("freed");
        ctx.reply.integer(r.freed);
        ctx.reply.bulk("sampled");
        candidates(r.sampled);
        ctx.reply.bulk("pool");
        candidates(r.pool);
    }
}

}  // namespace redsim
