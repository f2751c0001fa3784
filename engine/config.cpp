#include "engine/config.h"

#include "engine/acl.h"
#include "engine/notify.h"
#include "engine/persist/save_config.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <filesystem>

#include "engine/resp/args.h"
#include "engine/util/glob.h"
#include "engine/util/numbers.h"
#include "engine/util/text.h"

namespace redsim {

namespace {

constexpr std::array<std::string_view, 8> kPolicyNames = {
    "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
    "allkeys-lru",  "allkeys-lfu",  "allkeys-random",  "noeviction",
};
constexpr std::array<std::string_view, 3> kDebugModes = {"no", "yes", "local"};
constexpr std::array<std::string_view, 3> kFsyncPolicies = {"everysec", "always", "no"};
constexpr std::array<std::string_view, 4> kLogLevels = {"debug", "verbose", "notice", "warning"};

std::string enumError(std::span<const std::string_view> names) {
    std::string msg = "argument(s) must be one of the following: ";
    for (size_t i = 0; i < names.size(); ++i) {
        if (i) msg += ", ";
        msg += names[i];
    }
    return msg;
}

// An enum parameter stored as an enum (or int): the index in `Names` is the value.
template <class E, E ConfigValues::*Field, size_t N, const std::array<std::string_view, N>& Names>
struct EnumParam {
    static std::string get(const ConfigValues& v) { return std::string(Names[static_cast<size_t>(v.*Field)]); }
    static std::optional<std::string> set(ConfigValues& v, std::span<const std::string> words) {
        if (words.size() != 1) return std::string("wrong number of arguments");
        for (size_t i = 0; i < N; ++i) {
            if (equalsIgnoreCase(Names[i], words[0])) {
                v.*Field = static_cast<E>(i);
                return std::nullopt;
            }
        }
        return enumError(Names);
    }
};

using PolicyParam = EnumParam<MaxmemoryPolicy, &ConfigValues::maxmemory_policy, 8, kPolicyNames>;
using DebugParam = EnumParam<DebugCommandMode, &ConfigValues::enable_debug_command, 3, kDebugModes>;
using FsyncParam = EnumParam<int, &ConfigValues::appendfsync, 3, kFsyncPolicies>;
using LogLevelParam = EnumParam<int, &ConfigValues::loglevel, 4, kLogLevels>;

std::string joinWords(std::span<const std::string> words) {
    std::string s;
    for (const auto& w : words) {
        if (!s.empty()) s += ' ';
        s += w;
    }
    return s;
}

// bind: one or more addresses ("127.0.0.1 -::1"; a leading '-' means "skip if the
// address is not available").
std::string getBind(const ConfigValues& v) { return v.bind; }
std::optional<std::string> setBind(ConfigValues& v, std::span<const std::string> words) {
    std::vector<std::string> parts;
    for (const auto& w : words) {
        auto more = resp::splitArgs(w);
        if (!more) return std::string("Unbalanced quotes in configuration line");
        for (auto& p : *more) parts.push_back(std::move(p));
    }
    if (parts.empty()) return std::string("wrong number of arguments");
    if (parts.size() > 16) return std::string("Too many bind addresses specified.");
    v.bind = joinWords(parts);
    return std::nullopt;
}

// client-output-buffer-limit <class> <hard> <soft> <seconds> [<class> …]
std::string getObuf(const ConfigValues& v) {
    auto one = [](const char* cls, const ConfigValues::OutputLimit& l) {
        return std::string(cls) + " " + std::to_string(l.hard) + " " + std::to_string(l.soft) + " " +
               std::to_string(l.seconds);
    };
    return one("normal", v.obuf_normal) + " " + one("slave", v.obuf_replica) + " " + one("pubsub", v.obuf_pubsub);
}
std::optional<std::string> setObuf(ConfigValues& v, std::span<const std::string> words) {
    std::vector<std::string> parts;
    for (const auto& w : words) {
        auto more = resp::splitArgs(w);
        if (!more) return std::string("Unbalanced quotes in configuration line");
        for (auto& p : *more) parts.push_back(std::move(p));
    }
    if (parts.empty() || parts.size() % 4 != 0)
        return std::string("Wrong number of arguments in buffer limit configuration.");
    ConfigValues next = v;
    for (size_t i = 0; i < parts.size(); i += 4) {
        ConfigValues::OutputLimit* target = nullptr;
        if (equalsIgnoreCase(parts[i], "normal"))
            target = &next.obuf_normal;
        else if (equalsIgnoreCase(parts[i], "replica") || equalsIgnoreCase(parts[i], "slave"))
            target = &next.obuf_replica;
        else if (equalsIgnoreCase(parts[i], "pubsub"))
            target = &next.obuf_pubsub;
        else
            return std::string("Invalid client class specified in buffer limit configuration.");
        auto hard = Config::parseMemory(parts[i + 1]);
        auto soft = Config::parseMemory(parts[i + 2]);
        auto secs = parseInt64(parts[i + 3]);
        if (!hard || !soft || !secs || *secs < 0)
            return std::string("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
        *target = {*hard, *soft, *secs};
    }
    v = next;
    return std::nullopt;
}

std::string getNotify(const ConfigValues& v) {
    return notify::formatClasses(static_cast<uint32_t>(v.notify_keyspace_events));
}
std::optional<std::string> setNotify(ConfigValues& v, std::span<const std::string> words) {
    auto flags = notify::parseClasses(words.empty() ? std::string_view{} : std::string_view(words[0]));
    if (!flags) return "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
    v.notify_keyspace_events = *flags;
    return std::nullopt;
}

// dir: where SAVE writes. Redis chdir()s into it; redsim keeps the absolute path
// instead (an embedded engine must not move its host process's working directory).
std::string getDir(const ConfigValues& v) {
    if (!v.dir.empty()) return v.dir;
    std::error_code ec;
    return std::filesystem::current_path(ec).string();
}
std::optional<std::string> setDir(ConfigValues& v, std::span<const std::string> words) {
    if (words.size() != 1) return std::string("wrong number of arguments");
    std::error_code ec;
    if (!std::filesystem::is_directory(words[0], ec)) return std::string("No such file or directory");
    v.dir = std::filesystem::absolute(words[0], ec).lexically_normal().string();
    while (v.dir.size() > 1 && v.dir.back() == '/') v.dir.pop_back();
    return std::nullopt;
}
// dbfilename: a bare file name inside `dir`.
std::string getDbfilename(const ConfigValues& v) { return v.dbfilename; }
std::optional<std::string> setDbfilename(ConfigValues& v, std::span<const std::string> words) {
    if (words.size() != 1) return std::string("wrong number of arguments");
    if (words[0].find('/') != std::string::npos) return std::string("dbfilename can't be a path, just a filename");
    v.dbfilename = words[0];
    return std::nullopt;
}

using K = Config::Kind;
using V = ConfigValues;
constexpr long long kLongMax = LLONG_MAX;
// One row per parameter, in the order CONFIG GET * lists them.
const Config::Param kParams[] = {
    {.name = "databases", .kind = K::Int, .modifiable = false, .min = 1, .max = INT_MAX, .field = &V::databases},
    {.name = "hz", .kind = K::Int, .min = 0, .max = INT_MAX, .field = &V::hz},
    // How long a script may run before other clients get BUSY (ms); 0 disables the check.
    {.name = "busy-reply-threshold",
     .alias = "lua-time-limit",
     .kind = K::Int,
     .min = 0,
     .max = kLongMax,
     .field = &V::busy_reply_threshold},
    {.name = "maxmemory", .kind = K::Memory, .min = 0, .max = kLongMax, .field = &V::maxmemory},
    {.name = "maxmemory-policy",
     .kind = K::Enum,
     .enum_names = kPolicyNames,
     .get = PolicyParam::get,
     .set = PolicyParam::set},
    {.name = "maxmemory-samples", .kind = K::Int, .min = 1, .max = INT_MAX, .field = &V::maxmemory_samples},
    {.name = "maxmemory-eviction-tenacity",
     .kind = K::Int,
     .min = 0,
     .max = 100,
     .field = &V::maxmemory_eviction_tenacity},
    {.name = "lfu-log-factor", .kind = K::Int, .min = 0, .max = INT_MAX, .field = &V::lfu_log_factor},
    {.name = "lfu-decay-time", .kind = K::Int, .min = 0, .max = INT_MAX, .field = &V::lfu_decay_time},
    // redsim-only (docs/eviction.md): exact LRU instead of the sampled approximation.
    {.name = "redsim-maxmemory-exact-lru", .kind = K::Bool, .flag = &V::maxmemory_exact_lru},
    {.name = "tracking-table-max-keys",
     .kind = K::Int,
     .min = 0,
     .max = kLongMax,
     .field = &V::tracking_table_max_keys},
    {.name = "proto-max-bulk-len",
     .kind = K::Memory,
     .min = 1024 * 1024,
     .max = kLongMax,
     .field = &V::proto_max_bulk_len},
    {.name = "active-expire-effort", .kind = K::Int, .min = 1, .max = 10, .field = &V::active_expire_effort},
    {.name = "activerehashing", .kind = K::Bool, .flag = &V::activerehashing},
    {.name = "lazyfree-lazy-expire", .kind = K::Bool, .flag = &V::lazyfree_lazy_expire},
    {.name = "lazyfree-lazy-user-del", .kind = K::Bool, .flag = &V::lazyfree_lazy_user_del},
    {.name = "enable-debug-command",
     .kind = K::Enum,
     .modifiable = false,
     .enum_names = kDebugModes,
     .get = DebugParam::get,
     .set = DebugParam::set},
    {.name = "hash-max-listpack-entries",
     .alias = "hash-max-ziplist-entries",
     .kind = K::Int,
     .min = 0,
     .max = kLongMax,
     .field = &V::hash_max_listpack_entries},
    {.name = "hash-max-listpack-value",
     .alias = "hash-max-ziplist-value",
     .kind = K::Memory,  // Redis 7.0 parses it as a memory value ("1kb", "" = 0)
     .min = 0,
     .max = kLongMax,
     .field = &V::hash_max_listpack_value},
    {.name = "set-max-intset-entries", .kind = K::Int, .min = 0, .max = kLongMax, .field = &V::set_max_intset_entries},
    {.name = "zset-max-listpack-entries",
     .alias = "zset-max-ziplist-entries",
     .kind = K::Int,
     .min = 0,
     .max = kLongMax,
     .field = &V::zset_max_listpack_entries},
    {.name = "zset-max-listpack-value",
     .alias = "zset-max-ziplist-value",
     .kind = K::Memory,  // Redis 7.0 parses it as a memory value ("1kb", "" = 0)
     .min = 0,
     .max = kLongMax,
     .field = &V::zset_max_listpack_value},
    {.name = "list-max-listpack-size",
     .alias = "list-max-ziplist-size",
     .kind = K::Int,
     .min = INT_MIN,
     .max = INT_MAX,
     .field = &V::list_max_listpack_size},
    {.name = "list-compress-depth", .kind = K::Int, .min = 0, .max = INT_MAX, .field = &V::list_compress_depth},
    {.name = "hll-sparse-max-bytes", .kind = K::Memory, .min = 0, .max = kLongMax, .field = &V::hll_sparse_max_bytes},
    {.name = "stream-node-max-bytes", .kind = K::Memory, .min = 0, .max = kLongMax, .field = &V::stream_node_max_bytes},
    {.name = "stream-node-max-entries",
     .kind = K::Int,
     .min = 0,
     .max = LLONG_MAX,
     .field = &V::stream_node_max_entries},
    // DIFFERS FROM REDIS: port is fixed once the server runs (Redis re-binds on CONFIG SET).
    {.name = "port", .kind = K::Int, .modifiable = false, .min = 0, .max = 65535, .field = &V::port},
    {.name = "bind", .kind = K::Special, .modifiable = false, .get = getBind, .set = setBind, .multi_arg = true},
    {.name = "maxclients", .kind = K::Int, .min = 1, .max = UINT_MAX, .field = &V::maxclients},
    {.name = "timeout", .kind = K::Int, .min = 0, .max = INT_MAX, .field = &V::timeout},
    {.name = "tcp-keepalive", .kind = K::Int, .min = 0, .max = INT_MAX, .field = &V::tcp_keepalive},
    {.name = "tcp-backlog", .kind = K::Int, .modifiable = false, .min = 0, .max = INT_MAX, .field = &V::tcp_backlog},
    {.name = "requirepass", .kind = K::String, .text = &V::requirepass, .sensitive = true},
    {.name = "aclfile", .kind = K::String, .modifiable = false, .text = &V::aclfile},
    {.name = "acllog-max-len", .kind = K::Int, .min = 0, .max = LLONG_MAX, .field = &V::acllog_max_len},
    {.name = "protected-mode", .kind = K::Bool, .flag = &V::protected_mode},
    {.name = "client-query-buffer-limit",
     .kind = K::Memory,
     .min = 1024 * 1024,
     .max = kLongMax,
     .field = &V::client_query_buffer_limit},
    {.name = "client-output-buffer-limit", .kind = K::Special, .get = getObuf, .set = setObuf, .multi_arg = true},
    {.name = "logfile", .kind = K::String, .modifiable = false, .text = &V::logfile},
    {.name = "loglevel",
     .kind = K::Enum,
     .enum_names = kLogLevels,
     .get = LogLevelParam::get,
     .set = LogLevelParam::set},
    {.name = "daemonize", .kind = K::Bool, .modifiable = false, .flag = &V::daemonize},
    {.name = "notify-keyspace-events", .kind = K::Special, .get = getNotify, .set = setNotify},
    {.name = "dir", .kind = K::Special, .get = getDir, .set = setDir, .protected_config = true},
    {.name = "dbfilename", .kind = K::Special, .get = getDbfilename, .set = setDbfilename, .protected_config = true},
    {.name = "rdbcompression", .kind = K::Bool, .flag = &V::rdbcompression},
    {.name = "rdbchecksum", .kind = K::Bool, .modifiable = false, .flag = &V::rdbchecksum},
    // AOF (engine/persist/aof.h). CONFIG SET appendonly starts or stops it: the command
    // calls into the AOF after the value changed (engine/commands/server.cpp).
    {.name = "appendonly", .kind = K::Bool, .flag = &V::appendonly},
    {.name = "appendfilename", .kind = K::String, .modifiable = false, .text = &V::appendfilename},
    {.name = "appenddirname", .kind = K::String, .modifiable = false, .text = &V::appenddirname},
    {.name = "appendfsync",
     .kind = K::Enum,
     .enum_names = kFsyncPolicies,
     .get = FsyncParam::get,
     .set = FsyncParam::set},
    {.name = "no-appendfsync-on-rewrite", .kind = K::Bool, .flag = &V::no_appendfsync_on_rewrite},
    {.name = "auto-aof-rewrite-percentage",
     .kind = K::Int,
     .min = 0,
     .max = INT_MAX,
     .field = &V::auto_aof_rewrite_percentage},
    {.name = "auto-aof-rewrite-min-size",
     .kind = K::Memory,
     .min = 0,
     .max = kLongMax,
     .field = &V::auto_aof_rewrite_min_size},
    {.name = "aof-load-truncated", .kind = K::Bool, .flag = &V::aof_load_truncated},
    {.name = "aof-use-rdb-preamble", .kind = K::Bool, .flag = &V::aof_use_rdb_preamble},
    {.name = "aof-timestamp-enabled", .kind = K::Bool, .flag = &V::aof_timestamp_enabled},
    {.name = "aof-rewrite-incremental-fsync", .kind = K::Bool, .flag = &V::aof_rewrite_incremental_fsync},
    {.name = "aof-disable-auto-gc", .kind = K::Bool, .flag = &V::aof_disable_auto_gc},
    {.name = "save",
     .kind = K::Special,
     .get = persist::getSaveParams,
     .set = persist::setSaveParams,
     .multi_arg = true},
    {.name = "stop-writes-on-bgsave-error", .kind = K::Bool, .flag = &V::stop_writes_on_bgsave_error},
    {.name = "rdb-key-save-delay", .kind = K::Int, .min = INT_MIN, .max = INT_MAX, .field = &V::rdb_key_save_delay},
};

}  // namespace

std::span<const Config::Param> Config::params() { return kParams; }

const Config::Param* Config::find(std::string_view name) {
    for (const auto& p : kParams)
        if (equalsIgnoreCase(p.name, name) || (!p.alias.empty() && equalsIgnoreCase(p.alias, name))) return &p;
    return nullptr;
}

std::string Config::get(const Param& p) const {
    switch (p.kind) {
        case Kind::Int:
        case Kind::Memory:
            return std::to_string(values.*p.field);
        case Kind::Bool:
            return values.*p.flag ? "yes" : "no";
        case Kind::String:
            return values.*p.text;
        case Kind::Enum:
        case Kind::Special:
            return p.get(values);
    }
    return {};
}

std::vector<std::pair<std::string, std::string>> Config::getMatching(std::span<const std::string> patterns) const {
    // Redis 7.0 keeps an alias as an entry of its own, so a glob lists both the name and
    // the alias when both match; each (entry) is listed once however many patterns match.
    std::vector<std::pair<std::string, std::string>> out;
    std::vector<std::string> seen;
    auto add = [&](const Param& p, std::string shown) {
        const std::string lower = toLower(shown);
        if (std::find(seen.begin(), seen.end(), lower) != seen.end()) return;
        seen.push_back(lower);
        out.emplace_back(std::move(shown), get(p));
    };
    for (const auto& pat : patterns) {
        if (const Param* p = find(pat); p && pat.find_first_of("*?[") == std::string::npos) {
            add(*p, pat);
            continue;
        }
        for (const auto& p : kParams) {
            if (globMatch(pat, p.name, true)) add(p, std::string(p.name));
            if (!p.alias.empty() && globMatch(pat, p.alias, true)) add(p, std::string(p.alias));
        }
    }
    return out;
}

std::optional<long long> Config::parseMemory(std::string_view s) {
    // Split digits and unit.
    size_t i = 0;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || (i == 0 && s[i] == '-'))) ++i;
    std::string_view digits = s.substr(0, i);
    std::string unit(s.substr(i));
    for (auto& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    long long mul;
    if (unit.empty() || unit == "b")
        mul = 1;
    else if (unit == "k")
        mul = 1000;
    else if (unit == "kb")
        mul = 1024;
    else if (unit == "m")
        mul = 1000 * 1000;
    else if (unit == "mb")
        mul = 1024 * 1024;
    else if (unit == "g")
        mul = 1000LL * 1000 * 1000;
    else if (unit == "gb")
        mul = 1024LL * 1024 * 1024;
    else
        return std::nullopt;
    if (!digits.empty() && digits[0] == '-') return std::nullopt;  // "" and "kb" are 0, as Redis
    unsigned long long v = 0;
    for (char c : digits) {
        if (v > (ULLONG_MAX - 9) / 10) return std::nullopt;
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    if (v > static_cast<unsigned long long>(LLONG_MAX) / static_cast<unsigned long long>(mul)) return std::nullopt;
    return static_cast<long long>(v) * mul;
}

std::optional<std::string> Config::set(const Param& p, std::string_view value) {
    const std::string one(value);
    return setWords(p, std::span<const std::string>(&one, 1));
}

std::optional<std::string> Config::setWords(const Param& p, std::span<const std::string> words) {
    if (p.kind == Kind::Enum || p.kind == Kind::Special) return p.set(values, words);
    if (words.size() != 1) return std::string("wrong number of arguments");
    const std::string& value = words[0];
    switch (p.kind) {
        case Kind::Bool: {
            if (equalsIgnoreCase(value, "yes"))
                values.*p.flag = true;
            else if (equalsIgnoreCase(value, "no"))
                values.*p.flag = false;
            else
                return std::string("argument must be 'yes' or 'no'");
            // DIFFERS FROM REDIS: redsim runs in the foreground, always.
            if (p.flag == &V::daemonize && values.daemonize) {
                values.daemonize = false;
                return std::string("redsim does not daemonize; run it under a supervisor instead");
            }
            return std::nullopt;
        }
        case Kind::String:
            values.*p.text = value;
            return std::nullopt;
        case Kind::Int:
        case Kind::Memory: {
            std::optional<long long> v;
            if (p.kind == Kind::Int) {
                v = parseInt64(value);
                if (!v) return std::string("argument couldn't be parsed into an integer");
            } else {
                v = parseMemory(value);
                if (!v) return std::string("argument must be a memory value");
            }
            if (*v < p.min || *v > p.max)
                return "argument must be between " + std::to_string(p.min) + " and " + std::to_string(p.max) +
                       " inclusive";
            long long stored = *v;
            if (p.field == &V::hz) stored = std::clamp(stored, 1LL, 500LL);  // Redis clamps the stored value
            values.*p.field = stored;
            return std::nullopt;
        }
        case Kind::Enum:
        case Kind::Special:
            break;
    }
    return std::nullopt;
}

std::optional<std::string> Config::setMany(std::span<const std::string> nv) {
    std::vector<const Param*> params;
    std::vector<bool> aliased;
    const std::string* unknown = nullptr;
    const std::string* err_arg = nullptr;
    std::string errstr;
    for (size_t i = 0; i + 1 < nv.size(); i += 2) {
        const Param* p = find(nv[i]);
        if (!p) {
            if (!unknown && !err_arg) unknown = &nv[i];
            continue;
        }
        if (unknown || err_arg) continue;
        if (!p->modifiable) {
            err_arg = &nv[i];
            errstr = "can't set immutable config";
            continue;
        }
        if (p->protected_config) {
            err_arg = &nv[i];
            errstr = "can't set protected config";
            continue;
        }
        // Redis 7.0 keeps an alias as an entry of its own, so "name 1 alias 2" is not a
        // duplicate (the last value wins) while "name 1 NAME 2" is.
        const bool via_alias = !equalsIgnoreCase(p->name, nv[i]);
        bool dup = false;
        for (size_t k = 0; k < params.size(); ++k)
            if (params[k] == p && aliased[k] == via_alias) dup = true;
        if (dup) {
            err_arg = &nv[i];
            errstr = "duplicate parameter";
            continue;
        }
        params.push_back(p);
        aliased.push_back(via_alias);
    }
    if (unknown) return "ERR Unknown option or number of arguments for CONFIG SET - '" + *unknown + "'";
    if (err_arg) return "ERR CONFIG SET failed (possibly related to argument '" + *err_arg + "') - " + errstr;
    // Apply all or nothing: keep the old values to restore on failure.
    const ConfigValues saved = values;
    for (size_t i = 0; i < params.size(); ++i) {
        if (auto e = set(*params[i], nv[2 * i + 1])) {
            values = saved;
            return "ERR CONFIG SET failed (possibly related to argument '" + nv[2 * i] + "') - " + *e;
        }
    }
    return std::nullopt;
}

std::string Config::argsToText(std::span<const std::string> args) {
    std::string text;
    for (const auto& a : args) {
        if (a.size() >= 2 && a[0] == '-' && a[1] == '-') {
            text += '\n';
            text += a.substr(2);
            text += ' ';
        } else {
            text += resp::repr(a);
            text += ' ';
        }
    }
    return text;
}

std::optional<std::string> Config::loadText(std::string_view text) {
    const ConfigValues saved = values;
    values.reading_config_file = true;  // `save` lines add up (engine/persist/save_config.h)
    struct Done {
        ConfigValues& v;
        ~Done() { v.reading_config_file = false; }
    } done{values};
    size_t lineno = 0;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view raw = text.substr(pos, end - pos);
        pos = end + 1;
        ++lineno;
        // Trim spaces, tabs and CRs at both ends, as sdstrim(" \t\r\n").
        while (!raw.empty() && std::string_view(" \t\r\n").find(raw.front()) != std::string_view::npos)
            raw.remove_prefix(1);
        while (!raw.empty() && std::string_view(" \t\r\n").find(raw.back()) != std::string_view::npos)
            raw.remove_suffix(1);
        if (raw.empty() || raw[0] == '#') {
            if (end == text.size()) break;
            continue;
        }
        auto fail = [&](std::string_view why) {
            values = saved;
            return "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line " +
                   std::to_string(lineno) + "\n>>> '" + std::string(raw) + "'\n" + std::string(why) + "\n";
        };
        auto words = resp::splitArgs(raw);
        if (!words) return fail("Unbalanced quotes in configuration line");
        if (words->empty()) continue;
        if (equalsIgnoreCase((*words)[0], "user") && words->size() >= 2) {
            // ACL users: checked now (syntax), created when the engine starts.
            for (const auto& u : values.acl_users)
                if (u[0] == (*words)[1])
                    return fail("Error in user declaration '" + (*words)[1] +
                                "': Duplicate user found. A user can only be defined once in config files");
            if (auto e = acl::validateUserLine(*words)) return fail(*e);
            size_t bad = 0;
            auto rules = acl::Acl::mergeSelectorArgs(std::span<const std::string>(*words).subspan(2), bad);
            std::vector<std::string> line{(*words)[1]};
            line.insert(line.end(), rules->begin(), rules->end());
            values.acl_users.push_back(std::move(line));
            if (end == text.size()) break;
            continue;
        }
        const Param* p = find((*words)[0]);
        if (!p) return fail("Bad directive or wrong number of arguments");
        std::span<const std::string> args(words->data() + 1, words->size() - 1);
        if (args.empty() || (args.size() > 1 && !p->multi_arg)) return fail("wrong number of arguments");
        if (auto e = setWords(*p, args)) return fail(*e);
        if (end == text.size()) break;
    }
    return std::nullopt;
}

}  // namespace redsim
