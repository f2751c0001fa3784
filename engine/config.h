// Config: the server parameters CONFIG GET/SET and redis.conf files work on.
//
// One table row per parameter (name, kind, range or enum values, default, whether
// CONFIG SET may change it) next to the typed field the engine reads. Parsing,
// validation and the error texts follow Redis 7.0's config.c, so CONFIG SET answers
// what Redis answers for the same input.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace redsim {

enum class MaxmemoryPolicy : int {
    VolatileLru, VolatileLfu, VolatileRandom, VolatileTtl,
    AllkeysLru, AllkeysLfu, AllkeysRandom, NoEviction,
};

enum class DebugCommandMode : int { No, Yes, Local };

// The typed values the engine reads (defaults as Redis 7.0 unless marked).
struct ConfigValues {
    long long databases = 16;
    long long hz = 10;                       // effective value, clamped to 1..500
    long long maxmemory = 0;
    MaxmemoryPolicy maxmemory_policy = MaxmemoryPolicy::NoEviction;
    long long maxmemory_samples = 5;
    long long maxmemory_eviction_tenacity = 10;
    long long lfu_log_factor = 10;
    long long lfu_decay_time = 1;
    long long proto_max_bulk_len = 512LL * 1024 * 1024;
    long long active_expire_effort = 1;
    bool activerehashing = true;
    // Encoding thresholds of the collection types (Redis 7.0's compiled-in defaults).
    long long hash_max_listpack_entries = 512;
    long long hash_max_listpack_value = 64;
    long long set_max_intset_entries = 512;
    long long zset_max_listpack_entries = 128;
    long long zset_max_listpack_value = 64;
    long long list_max_listpack_size = -2;
    long long list_compress_depth = 0;
    // DIFFERS FROM REDIS: Redis 7.0 defaults to "no"; redsim's default is "local" so a
    // learner at the embedded REPL (a local client) can use DEBUG OBJECT / DEBUG SLEEP.
    DebugCommandMode enable_debug_command = DebugCommandMode::Local;

    // LRU/LFU policies keep per-key access data, so shared integers are not used.
    bool noSharedIntegers() const {
        return maxmemory != 0 && maxmemory_policy != MaxmemoryPolicy::NoEviction &&
               maxmemory_policy != MaxmemoryPolicy::VolatileRandom &&
               maxmemory_policy != MaxmemoryPolicy::AllkeysRandom &&
               maxmemory_policy != MaxmemoryPolicy::VolatileTtl;
    }
    bool lfuPolicy() const {
        return maxmemory_policy == MaxmemoryPolicy::VolatileLfu ||
               maxmemory_policy == MaxmemoryPolicy::AllkeysLfu;
    }
};

class Config {
public:
    enum class Kind { Bool, Int, Memory, Enum };
    struct Param {
        std::string_view name;
        std::string_view alias = {};  // older name Redis still accepts, or empty
        Kind kind;
        bool modifiable;
        long long min = 0, max = 0;                   // Int / Memory
        std::span<const std::string_view> enum_names = {};  // Enum, in Redis's order
        long long ConfigValues::*field = nullptr;             // Int / Memory storage
    };

    ConfigValues values;

    // All parameters, in table order.
    static std::span<const Param> params();
    static const Param* find(std::string_view name);  // case-insensitive, aliases too

    // The current value as CONFIG GET prints it.
    std::string get(const Param& p) const;
    // (name, value) pairs for CONFIG GET's arguments: exact names (as typed) and glob
    // patterns (table order), each parameter once.
    std::vector<std::pair<std::string, std::string>> getMatching(std::span<const std::string> patterns) const;

    // Validates and applies one value. Returns Redis's error tail (e.g. "argument must be
    // 'yes' or 'no'") on failure, leaving the value unchanged.
    std::optional<std::string> set(const Param& p, std::string_view value);

    // CONFIG SET with several name/value pairs: all or nothing, errors as Redis 7.0
    // ("Unknown option…", "… duplicate parameter", "… can't set immutable config").
    // Returns the full error line on failure.
    std::optional<std::string> setMany(std::span<const std::string> name_value_pairs);

    // Memory value ("1gb", "100k", "5mb", "1024"), as Redis's memtoull.
    static std::optional<long long> parseMemory(std::string_view s);

};

}  // namespace redsim
