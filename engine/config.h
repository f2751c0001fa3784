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
    VolatileLru,
    VolatileLfu,
    VolatileRandom,
    VolatileTtl,
    AllkeysLru,
    AllkeysLfu,
    AllkeysRandom,
    NoEviction,
};

enum class DebugCommandMode : int { No, Yes, Local };

// The typed values the engine reads (defaults as Redis 7.0 unless marked).
struct ConfigValues {
    long long databases = 16;
    long long hz = 10;                      // effective value, clamped to 1..500
    long long busy_reply_threshold = 5000;  // ms a script runs before others get BUSY
    long long maxmemory = 0;
    MaxmemoryPolicy maxmemory_policy = MaxmemoryPolicy::NoEviction;
    long long maxmemory_samples = 5;
    long long maxmemory_eviction_tenacity = 10;
    long long lfu_log_factor = 10;
    long long lfu_decay_time = 1;
    // redsim-only: evict the truly least-recently-used key under the LRU policies
    // (engine/evict.h) instead of Redis's sampled approximation.
    bool maxmemory_exact_lru = false;
    long long tracking_table_max_keys = 1000000;
    long long proto_max_bulk_len = 512LL * 1024 * 1024;
    long long active_expire_effort = 1;
    bool activerehashing = true;
    // Whether expired keys / user deletions free in the background; redsim frees at once,
    // but the write stream names them as Redis does (UNLINK rather than DEL).
    bool lazyfree_lazy_expire = false;
    bool lazyfree_lazy_user_del = false;
    // Encoding thresholds of the collection types (Redis 7.0's compiled-in defaults).
    long long hash_max_listpack_entries = 512;
    long long hash_max_listpack_value = 64;
    long long set_max_intset_entries = 512;
    long long zset_max_listpack_entries = 128;
    long long zset_max_listpack_value = 64;
    long long list_max_listpack_size = -2;
    long long list_compress_depth = 0;
    long long hll_sparse_max_bytes = 3000;    // HLL sparse -> dense promotion size
    long long stream_node_max_bytes = 4096;   // a stream node's listpack size limit (0 = none)
    long long stream_node_max_entries = 100;  // entries per stream node (0 = no limit)
    // DIFFERS FROM REDIS: Redis 7.0 defaults to "no"; redsim's default is "local" so a
    // learner at the embedded REPL (a local client) can use DEBUG OBJECT / DEBUG SLEEP.
    DebugCommandMode enable_debug_command = DebugCommandMode::Local;

    // Networking (used by `redsim serve`).
    long long port = 6379;
    // DIFFERS FROM REDIS: redis-server without a config file binds every interface
    // ("* -::*"); redsim binds loopback, as the redis.conf Debian ships does.
    std::string bind = "127.0.0.1 -::1";
    long long maxclients = 10000;
    long long timeout = 0;
    long long tcp_keepalive = 300;
    long long tcp_backlog = 511;
    std::string requirepass;  // empty: the default user needs no password
    // ACL (engine/acl.h): the ACL file (startup only), the ACL LOG's length, and the
    // config file's `user <name> <rules…>` lines (name then rules, selectors merged).
    std::string aclfile;
    long long acllog_max_len = 128;
    std::vector<std::vector<std::string>> acl_users;
    // notify-keyspace-events: notify::Class bits (engine/notify.h); "" = off.
    long long notify_keyspace_events = 0;
    bool protected_mode = true;
    long long client_query_buffer_limit = 1024LL * 1024 * 1024;
    // client-output-buffer-limit: hard limit, soft limit, soft seconds per class.
    struct OutputLimit {
        long long hard = 0, soft = 0, seconds = 0;
    };
    OutputLimit obuf_normal{};
    OutputLimit obuf_replica{256LL * 1024 * 1024, 64LL * 1024 * 1024, 60};
    OutputLimit obuf_pubsub{32LL * 1024 * 1024, 8LL * 1024 * 1024, 60};
    std::string logfile;  // empty: standard output
    int loglevel = 2;     // debug verbose notice warning
    bool daemonize = false;
    // RDB persistence (engine/persist/rdb_save.h, rdb_load.h): SAVE writes and `redsim
    // serve` loads dir/dbfilename. `dir` empty means the process's working directory
    // (CONFIG GET prints it as an absolute path, as Redis does).
    std::string dir;
    std::string dbfilename = "dump.rdb";
    bool rdbcompression = true;
    bool rdbchecksum = true;
    // AOF persistence (engine/persist/aof.h): Redis 7's multi-part AOF under
    // dir/appenddirname. appendfsync: 0 everysec, 1 always, 2 no (Redis's listing order).
    bool appendonly = false;
    std::string appendfilename = "appendonly.aof";
    std::string appenddirname = "appendonlydir";
    int appendfsync = 0;
    bool no_appendfsync_on_rewrite = false;
    long long auto_aof_rewrite_percentage = 100;
    long long auto_aof_rewrite_min_size = 64LL * 1024 * 1024;
    bool aof_load_truncated = true;
    bool aof_use_rdb_preamble = true;
    bool aof_timestamp_enabled = false;
    bool aof_rewrite_incremental_fsync = true;
    bool aof_disable_auto_gc = false;
    // Save points (engine/persist/bgsave.h): BGSAVE after `seconds` if at least `changes`
    // writes. Default: redis-server's without a config file, "3600 1 300 100 60 10000".
    struct SaveParam {
        long long seconds = 0, changes = 0;
    };
    std::vector<SaveParam> save_params{{3600, 1}, {300, 100}, {60, 10000}};
    bool stop_writes_on_bgsave_error = true;
    long long rdb_key_save_delay = 0;  // µs slept after each key a save writes (tests)
    // Set while a config file is read: its first `save` line replaces the defaults, the
    // next ones add to it (as Redis's reading_config_file / save_loaded).
    bool reading_config_file = false;
    bool save_loaded_from_file = false;

    // LRU/LFU policies keep per-key access data, so shared integers are not used.
    bool noSharedIntegers() const {
        return maxmemory != 0 && maxmemory_policy != MaxmemoryPolicy::NoEviction &&
               maxmemory_policy != MaxmemoryPolicy::VolatileRandom &&
               maxmemory_policy != MaxmemoryPolicy::AllkeysRandom && maxmemory_policy != MaxmemoryPolicy::VolatileTtl;
    }
    bool lfuPolicy() const {
        return maxmemory_policy == MaxmemoryPolicy::VolatileLfu || maxmemory_policy == MaxmemoryPolicy::AllkeysLfu;
    }
};

class Config {
public:
    enum class Kind { Bool, Int, Memory, Enum, String, Special };
    struct Param {
        std::string_view name;
        std::string_view alias = {};  // older name Redis still accepts, or empty
        Kind kind = Kind::Int;
        bool modifiable = true;
        long long min = 0, max = 0;                         // Int / Memory
        std::span<const std::string_view> enum_names = {};  // Enum, in Redis's order
        long long ConfigValues::*field = nullptr;           // Int / Memory storage
        bool ConfigValues::*flag = nullptr;                 // Bool storage
        std::string ConfigValues::*text = nullptr;          // String storage
        // Enum and Special: read and write the typed value. `set` returns Redis's error
        // tail on failure and must leave the value unchanged then.
        std::string (*get)(const ConfigValues&) = nullptr;
        std::optional<std::string> (*set)(ConfigValues&, std::span<const std::string>) = nullptr;
        bool multi_arg = false;  // a config-file line may give several words (bind, save…)
        bool sensitive = false;  // never echoed in logs (requirepass)
        // PROTECTED_CONFIG (dir, dbfilename): CONFIG SET refuses it, as Redis 7.0 does with
        // its default enable-protected-configs no; config files and --options may set it.
        bool protected_config = false;
    };

    ConfigValues values;
    // The config file the server was started with ("" if none), for INFO and REWRITE.
    std::string config_file;

    // All parameters, in table order.
    static std::span<const Param> params();
    static const Param* find(std::string_view name);  // case-insensitive, aliases too

    // The current value as CONFIG GET prints it.
    std::string get(const Param& p) const;
    // (name, value) pairs for CONFIG GET's arguments: exact names (as typed) and glob
    // patterns (table order), each parameter once.
    std::vector<std::pair<std::string, std::string>> getMatching(std::span<const std::string> patterns) const;

    // Validates and applies one value. Returns Redis's error tail (e.g. "argument must be
    // 'yes' or 'no'") on failure, leaving the value unchanged. `words` is one value for
    // CONFIG SET, or the words after the name on a config-file line.
    std::optional<std::string> set(const Param& p, std::string_view value);
    std::optional<std::string> setWords(const Param& p, std::span<const std::string> words);

    // CONFIG SET with several name/value pairs: all or nothing, errors as Redis 7.0
    // ("Unknown option…", "… duplicate parameter", "… can't set immutable config").
    // Returns the full error line on failure.
    std::optional<std::string> setMany(std::span<const std::string> name_value_pairs);

    // Loads redis.conf text (a file's contents followed by argsToText of the command
    // line). Immutable parameters may be set here. On failure returns the message
    // redis-server prints ("*** FATAL CONFIG FILE ERROR …", the line number and text,
    // the reason) and leaves the values as they were.
    std::optional<std::string> loadText(std::string_view text);
    // redis-server's command-line options ("--port 7000 --save ''") as config text:
    // every "--name" starts a new line, the words after it follow, quoted.
    static std::string argsToText(std::span<const std::string> args);

    // Memory value ("1gb", "100k", "5mb", "1024"), as Redis's memtoull.
    static std::optional<long long> parseMemory(std::string_view s);
};

}  // namespace redsim
