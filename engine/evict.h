// Eviction: what Redis does when `maxmemory` is reached (Redis 7.0's evict.c).
//
// Before every command a client sends, when `maxmemory` is set, the engine asks whether
// used memory is above the limit. If it is, keys are deleted ("evicted") until it is not,
// picked by `maxmemory-policy`:
//   noeviction        nothing is deleted; commands flagged `denyoom` (those that may
//                     grow memory: SET, LPUSH, …) get the OOM error instead.
//   allkeys-lru       the key not used for the longest time,     among all keys;
//   volatile-lru      the same,                                  among keys with a TTL;
//   allkeys-lfu       the key used least often,                  among all keys;
//   volatile-lfu      the same,                                  among keys with a TTL;
//   volatile-ttl      the key whose TTL ends soonest;
//   allkeys-random / volatile-random   any key (with a TTL).
//
// "Longest unused" and "least often" are approximations, because keeping every key in
// an ordered list would cost memory on every key and time on every access:
//   - every value carries 24 bits (Object::lru). Under LRU they hold a clock in seconds
//     (wrapping after 194 days); under LFU the top 16 bits hold a time in minutes and the
//     low 8 bits a logarithmic hit counter (see engine/db.cpp, touchObject) that decays
//     by one every `lfu-decay-time` minutes without hits;
//   - to evict, Redis samples `maxmemory-samples` keys from each database, scores them
//     (idle time, 255 - frequency, or "how soon the TTL ends") and merges them into a
//     pool of the 16 best candidates kept across calls. The best candidate that still
//     exists is evicted. More samples give a better approximation at a higher cost.
// The random policies skip the pool: one random key, visiting the databases in turn.
//
// Each eviction deletes the key, counts `evicted_keys`, publishes the `evicted`
// keyspace event, breaks WATCH and invalidates client-side caches, and propagates a DEL.
//
// redsim additions (see docs/eviction.md): an exact-LRU mode (`redsim-maxmemory-exact-lru yes`,
// redsim-only) that evicts the truly least-recently-used key, for comparing with the
// approximation; and a report of every eviction step (EvictionEvent, DEBUG EVICTIONS).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "engine/events.h"

namespace redsim {

class Engine;
struct Client;
struct CommandSpec;
struct CommandContext;

// Redis's shared.oomerr.
inline constexpr std::string_view kOomError = "OOM command not allowed when used memory > 'maxmemory'.";
// EVPOOL_SIZE: candidates kept between eviction calls.
inline constexpr size_t kEvictionPoolSize = 16;
// How many eviction reports DEBUG EVICTIONS can show.
inline constexpr size_t kEvictionReportsKept = 128;

// The memory figure eviction compares with `maxmemory`. Today the INFO model's
// used_memory (engine/info.h), minus what Redis does not count for eviction.
long long evictionUsedMemory(Engine& engine);

class Evictor {
public:
    explicit Evictor(Engine& engine);

    // performEvictions' answers: Ok (under the limit, or evicting is not allowed now),
    // Running (some keys were evicted, the budget ran out, the cron continues), Fail
    // (over the limit and nothing left that the policy may evict).
    enum class Result { Ok, Running, Fail };
    Result performEvictions();

    // processCommand's maxmemory step for a top-level command: evicts, then returns the
    // OOM error when the command must be refused (a `denyoom` command, any command
    // queued in MULTI, an EXEC with a queued `denyoom` command, a script that may write).
    std::optional<std::string> beforeCommand(Client& c, const CommandSpec& spec, const CommandSpec* parent,
                                             std::span<const std::string> argv);
    // scriptVerifyOOM, for each redis.call: a `denyoom` command is refused if the script
    // started out of memory and has not written yet, unless its flags allow OOM.
    bool scriptRefusesOom(const CommandSpec& spec, bool allow_oom, bool wrote) const;

    // The engine's cron: keeps evicting while a previous call ran out of budget.
    void tick();

    // Exact-LRU mode: the engine calls this on every access of a key (a read, a write, a
    // creation) while `redsim-maxmemory-exact-lru` is on.
    void noteAccess(int db, std::string_view key);

    // The last kEvictionReportsKept evictions, oldest first.
    const std::deque<EvictionEvent>& reports() const { return reports_; }
    uint64_t onEviction(EvictionListener fn);
    void removeEvictionListener(uint64_t handle);

    // The time budget of one performEvictions call, as Redis computes it from
    // maxmemory-eviction-tenacity (µs; UINT64_MAX at 100).
    static uint64_t timeLimitUs(long long tenacity);
    // DIFFERS FROM REDIS: the keys one call may evict before handing over to the cron.
    static uint64_t keyBudget(long long tenacity);

    // INFO stats: ms spent above maxmemory, in total and in the current stretch (0 if
    // under the limit), as measured at each eviction check (engine clock).
    long long totalExceededMs() const;
    long long currentExceededMs() const;

private:
    struct PoolEntry {
        std::string key;  // empty: unused slot
        unsigned long long idle = 0;
        int db = 0;
        bool used = false;
    };
    struct Pick {
        int db = -1;
        std::string key;
    };
    template <class D>
    void populate(int db, D& sample_dict, EvictionEvent& report);
    Pick pickFromPool(EvictionEvent& report);
    Pick pickRandom();
    Pick pickExactLru(EvictionEvent& report);
    void syncExactMode();
    void evict(const Pick& p, long long freed, EvictionEvent& report);

    Engine& engine_;
    std::array<PoolEntry, kEvictionPoolSize> pool_{};
    unsigned next_db_ = 0;            // the random policies' round robin over databases
    bool running_ = false;            // the cron continues evicting (Redis's evictionTimeProc)
    bool pre_command_oom_ = false;    // server.pre_command_oom_state
    int64_t exceeded_since_ms_ = -1;  // when used memory went over the limit (-1: under)
    long long exceeded_total_ms_ = 0;
    Result noteResult(Result r);
    Result evictOnce();
    uint64_t next_seq_ = 1;
    std::deque<EvictionEvent> reports_;
    std::map<uint64_t, EvictionListener> listeners_;
    uint64_t next_listener_ = 1;
    // Exact LRU: the order of last accesses (access number, db, key) and each key's number.
    bool exact_on_ = false;
    uint64_t access_seq_ = 0;
    std::set<std::tuple<uint64_t, int, std::string>, std::less<>> lru_order_;
    std::map<std::pair<int, std::string>, uint64_t, std::less<>> lru_seq_;
};

// DEBUG EVICTIONS [count]: the last evictions (redsim-only).
void debugEvictions(CommandContext& ctx);

}  // namespace redsim
