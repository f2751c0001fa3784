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
const std::array<Config::Param, 12> kParams = {{
    {.name = "databases", .alias = "", .kind = K::Int, .modifiable = false, .min = 1, .max = INT_MAX},
    {.name = "hz", .alias = "", .kind = K::Int, .modifiable = true, .min = 0, .max = INT_MAX},
    {.name = "maxmemory", .alias = "", .kind = K::Memory, .modifiable = true, .min = 0, .max = LLONG_MAX},
    {.name = "maxmemory-policy", .alias = "", .kind = K::Enum, .modifiable = true, .enum_names = kPolicyNames},
    {.name = "maxmemory-samples", .alias = "", .kind = K::Int, .modifiable = true, .min = 1, .max = INT_MAX},
    {.name = "maxmemory-eviction-tenacity", .alias = "", .kind = K::Int, .modifiable = true, .min = 0, .max = 100},
    {.name = "lfu-log-factor", .alias = "", .kind = K::Int, .modifiable = true, .min = 0, .max = INT_MAX},
    {.name = "lfu-decay-time", .alias = "", .kind = K::Int, .modifiable = true, .min = 0, .max = INT_MAX},
    {.name = "proto-max-bulk-len", .alias = "", .kind = K::Memory, .modifiable = true, .min = 1024 * 1024, .max = LLONG_MAX},
    {.name = "active-expire-effort", .alias = "", .kind = K::Int, .modifiable = true, .min = 1, .max = 10},
    {.name = "activerehashing", .alias = "", .kind = K::Bool, .modifiable = true},
    {.name = "enable-debug-command", .alias = "", .kind = K::Enum, .modifiable = false, .enum_names = kDebugModes},
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

long long* Config::intField(const Param& p) {
    return const_cast<long long*>(static_cast<const Config*>(this)->intField(p));
}

const long long* Config::intField(const Param& p) const {
    const auto& v = values;
    if (p.name == "databases") return &v.databases;
    if (p.name == "hz") return &v.hz;
    if (p.name == "maxmemory") return &v.maxmemory;
    if (p.name == "maxmemory-samples") return &v.maxmemory_samples;
    if (p.name == "maxmemory-eviction-tenacity") return &v.maxmemory_eviction_tenacity;
    if (p.name == "lfu-log-factor") return &v.lfu_log_factor;
    if (p.name == "lfu-decay-time") return &v.lfu_decay_time;
    if (p.name == "proto-max-bulk-len") return &v.proto_max_bulk_len;
    if (p.name == "active-expire-effort") return &v.active_expire_effort;
    return nullptr;
}

std::string Config::get(const Param& p) const {
    switch (p.kind) {
        case Kind::Int:
        case Kind::Memory: return std::to_string(*intField(p));
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
            *intField(p) = stored;
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
        if (std::find(params.begin(), params.end(), p) != params.end()) {
            err_arg = &nv[i];
            errstr = "duplicate parameter";
            continue;
        }
        params.push_back(p);
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
