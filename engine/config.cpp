#include "engine/config.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>

#include "engine/util/glob.h"
#include "engine/util/numbers.h"

namespace redsim {

namespace {

constexpr std::array<std::string_view, 8> kPolicyNames = {
    "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
    "allkeys-lru",  "allkeys-lfu",  "allkeys-random",  "noeviction",
};
constexpr std::array<std::string_view, 3> kDebugModes = {"no", "yes", "local"};

using K = Config::Kind;
using V = ConfigValues;
constexpr long long kLongMax = LLONG_MAX;
const std::array<Config::Param, 19> kParams = {{
    {.name = "databases", .kind = K::Int, .modifiable = false, .min = 1, .max = INT_MAX, .field = &V::databases},
    {.name = "hz", .kind = K::Int, .modifiable = true, .min = 0, .max = INT_MAX, .field = &V::hz},
    {.name = "maxmemory", .kind = K::Memory, .modifiable = true, .min = 0, .max = kLongMax, .field = &V::maxmemory},
    {.name = "maxmemory-policy", .kind = K::Enum, .modifiable = true, .enum_names = kPolicyNames},
    {.name = "maxmemory-samples", .kind = K::Int, .modifiable = true, .min = 1, .max = INT_MAX, .field = &V::maxmemory_samples},
    {.name = "maxmemory-eviction-tenacity", .kind = K::Int, .modifiable = true, .min = 0, .max = 100, .field = &V::maxmemory_eviction_tenacity},
    {.name = "lfu-log-factor", .kind = K::Int, .modifiable = true, .min = 0, .max = INT_MAX, .field = &V::lfu_log_factor},
    {.name = "lfu-decay-time", .kind = K::Int, .modifiable = true, .min = 0, .max = INT_MAX, .field = &V::lfu_decay_time},
    {.name = "proto-max-bulk-len", .kind = K::Memory, .modifiable = true, .min = 1024 * 1024, .max = kLongMax, .field = &V::proto_max_bulk_len},
    {.name = "active-expire-effort", .kind = K::Int, .modifiable = true, .min = 1, .max = 10, .field = &V::active_expire_effort},
    {.name = "activerehashing", .kind = K::Bool, .modifiable = true},
    {.name = "enable-debug-command", .kind = K::Enum, .modifiable = false, .enum_names = kDebugModes},
    {.name = "hash-max-listpack-entries", .alias = "hash-max-ziplist-entries", .kind = K::Int, .modifiable = true, .min = 0, .max = kLongMax, .field = &V::hash_max_listpack_entries},
    {.name = "hash-max-listpack-value", .alias = "hash-max-ziplist-value", .kind = K::Int, .modifiable = true, .min = 0, .max = kLongMax, .field = &V::hash_max_listpack_value},
    {.name = "set-max-intset-entries", .kind = K::Int, .modifiable = true, .min = 0, .max = kLongMax, .field = &V::set_max_intset_entries},
    {.name = "zset-max-listpack-entries", .alias = "zset-max-ziplist-entries", .kind = K::Int, .modifiable = true, .min = 0, .max = kLongMax, .field = &V::zset_max_listpack_entries},
    {.name = "zset-max-listpack-value", .alias = "zset-max-ziplist-value", .kind = K::Int, .modifiable = true, .min = 0, .max = kLongMax, .field = &V::zset_max_listpack_value},
    {.name = "list-max-listpack-size", .alias = "list-max-ziplist-size", .kind = K::Int, .modifiable = true, .min = INT_MIN, .max = INT_MAX, .field = &V::list_max_listpack_size},
    {.name = "list-compress-depth", .kind = K::Int, .modifiable = true, .min = 0, .max = INT_MAX, .field = &V::list_compress_depth},
}};

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

std::span<const Config::Param> Config::params() { return kParams; }

const Config::Param* Config::find(std::string_view name) {
    for (const auto& p : kParams)
        if (iequals(p.name, name) || (!p.alias.empty() && iequals(p.alias, name))) return &p;
    return nullptr;
}

std::string Config::get(const Param& p) const {
    switch (p.kind) {
        case Kind::Int:
        case Kind::Memory: return std::to_string(values.*p.field);
        case Kind::Bool: return values.activerehashing ? "yes" : "no";
        case Kind::Enum:
            if (p.name == "maxmemory-policy") return std::string(kPolicyNames[static_cast<int>(values.maxmemory_policy)]);
            return std::string(kDebugModes[static_cast<int>(values.enable_debug_command)]);
    }
    return {};
}

std::vector<std::pair<std::string, std::string>> Config::getMatching(std::span<const std::string> patterns) const {
    std::vector<std::pair<std::string, std::string>> out;
    std::vector<const Param*> seen;
    auto add = [&](const Param& p, std::string shown) {
        if (std::find(seen.begin(), seen.end(), &p) != seen.end()) return;
        seen.push_back(&p);
        out.emplace_back(std::move(shown), get(p));
    };
    for (const auto& pat : patterns) {
        if (const Param* p = find(pat); p && pat.find_first_of("*?[") == std::string::npos) {
            add(*p, pat);
            continue;
        }
        for (const auto& p : kParams) {
            if (globMatch(pat, p.name, true)) add(p, std::string(p.name));
            else if (!p.alias.empty() && globMatch(pat, p.alias, true)) add(p, std::string(p.alias));
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
    if (unit.empty() || unit == "b") mul = 1;
    else if (unit == "k") mul = 1000;
    else if (unit == "kb") mul = 1024;
    else if (unit == "m") mul = 1000 * 1000;
    else if (unit == "mb") mul = 1024 * 1024;
    else if (unit == "g") mul = 1000LL * 1000 * 1000;
    else if (unit == "gb") mul = 1024LL * 1024 * 1024;
    else return std::nullopt;
    if (digits.empty() || digits[0] == '-') return std::nullopt;
    unsigned long long v = 0;
    for (char c : digits) {
        if (v > (ULLONG_MAX - 9) / 10) return std::nullopt;
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    if (v > static_cast<unsigned long long>(LLONG_MAX) / static_cast<unsigned long long>(mul)) return std::nullopt;
    return static_cast<long long>(v) * mul;
}

std::optional<std::string> Config::set(const Param& p, std::string_view value) {
    switch (p.kind) {
        case Kind::Bool: {
            if (iequals(value, "yes")) values.activerehashing = true;
            else if (iequals(value, "no")) values.activerehashing = false;
            else return "argument must be 'yes' or 'no'";
            return std::nullopt;
        }
        case Kind::Int:
        case Kind::Memory: {
            std::optional<long long> v;
            if (p.kind == Kind::Int) {
                v = parseInt64(value);
                if (!v) return "argument couldn't be parsed into an integer";
            } else {
                v = parseMemory(value);
                if (!v) return "argument must be a memory value";
            }
            if (*v < p.min || *v > p.max)
                return "argument must be between " + std::to_string(p.min) + " and " + std::to_string(p.max) +
                       " inclusive";
            long long stored = *v;
            if (p.name == "hz") stored = std::clamp(stored, 1LL, 500LL);  // Redis clamps the stored value
            values.*p.field = stored;
            return std::nullopt;
        }
        case Kind::Enum: {
            for (size_t i = 0; i < p.enum_names.size(); ++i) {
                if (iequals(p.enum_names[i], value)) {
                    if (p.name == "maxmemory-policy") values.maxmemory_policy = static_cast<MaxmemoryPolicy>(i);
                    else values.enable_debug_command = static_cast<DebugCommandMode>(i);
                    return std::nullopt;
                }
            }
            std::string msg = "argument(s) must be one of the following: ";
            for (size_t i = 0; i < p.enum_names.size(); ++i) {
                if (i) msg += ", ";
                msg += p.enum_names[i];
            }
            return msg;
        }
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
        // Redis 7.0 keeps an alias as an entry of its own, so "name 1 alias 2" is not a
        // duplicate (the last value wins) while "name 1 NAME 2" is.
        const bool via_alias = !iequals(p->name, nv[i]);
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
            return "ERR CONFIG SET failed (possibly related to argument '" + std::string(params[i]->name) + "') - " + *e;
        }
    }
    return std::nullopt;
}

}  // namespace redsim
