#include "engine/commands/table.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

namespace redsim {

namespace cmd {
std::span<const std::string_view> flagNames() {
    static constexpr std::array<std::string_view, 18> kNames = {
        "write",        "readonly",    "denyoom",    "admin",         "pubsub",
        "noscript",     "blocking",    "loading",    "stale",         "skip_monitor",
        "skip_slowlog", "fast",        "no_auth",    "may_replicate", "no_mandatory_keys",
        "no_multi",     "movablekeys", "allow_busy",
    };
    return kNames;
}
}  // namespace cmd

namespace acl {
std::span<const std::string_view> categoryNames() {
    static constexpr std::array<std::string_view, 21> kNames = {
        "keyspace", "read",   "write",       "set",       "sortedset",  "list",        "hash",
        "string",   "bitmap", "hyperloglog", "geo",       "stream",     "pubsub",      "admin",
        "fast",     "slow",   "blocking",    "dangerous", "connection", "transaction", "scripting",
    };
    return kNames;
}
}  // namespace acl

CommandTable::CommandTable() {
    for (auto family :
         {keyCommands(),        stringCommands(),        bitmapCommands(),      hllCommands(),    listCommands(),
          listPosCommands(),    hashCommands(),          setCommands(),         zsetCommands(),   zsetPopCommands(),
          zsetOpCommands(),     geoCommands(),           sortCommands(),        streamCommands(), streamGroupCommands(),
          streamReadCommands(), streamInfoCommands(),    transactionCommands(), serverCommands(), expireCommands(),
          clientCommands(),     introspectionCommands(), scriptingCommands(),   pubsubCommands(), monitorCommands(),
          aclCommands(),        persistCommands(),       memoryCommands(),      aofCommands(),    dumpCommands()}) {
        for (const auto& spec : family) {
            by_name_.emplace(spec.name, &spec);
            sorted_.push_back(&spec);
        }
    }
    std::sort(sorted_.begin(), sorted_.end(), [](auto* a, auto* b) { return a->name < b->name; });
}

const CommandSpec* CommandTable::find(std::string_view name) const {
    // Lower-case into a stack buffer: this runs for every command, so no allocation.
    char buf[64] = {};
    if (name.size() > sizeof buf) return nullptr;  // no command name is that long
    for (size_t i = 0; i < name.size(); ++i) buf[i] = asciiLower(name[i]);
    auto it = by_name_.find(std::string_view(buf, name.size()));
    return it == by_name_.end() ? nullptr : it->second;
}

const CommandSpec* CommandTable::findSub(const CommandSpec& parent, std::string_view sub) {
    for (const auto& s : parent.subcommands)
        if (equalsIgnoreCase(s.name, sub)) return &s;
    return nullptr;
}

bool CommandTable::mayReplicate(const CommandSpec& spec, const CommandSpec* parent) {
    if (spec.flags & (cmd::kWrite | cmd::kMayReplicate)) return true;
    if (parent != nullptr) return false;
    for (std::string_view n : {"eval", "evalsha", "fcall", "pfcount", "publish", "spublish"})
        if (spec.name == n) return true;
    return false;
}

std::string CommandTable::fullName(const CommandSpec& spec, const CommandSpec* parent) {
    if (!parent) return std::string(spec.name);
    return std::string(parent->name) + "|" + std::string(spec.name);
}

CommandTable::LegacyKeys CommandTable::legacyKeys(const CommandSpec& spec) {
    // Only "range" specs have a legacy (first, last, step) form; keynum specs are left out
    // (as Redis's populateCommandLegacyRangeSpec), so SINTERCARD reports 0 0 0.
    std::vector<const KeySpec*> ranges;
    for (const auto& ks : spec.keys)
        if (ks.keynum_index < 0 && !ks.unknown && ks.keyword.empty()) ranges.push_back(&ks);
    if (ranges.empty()) return {};
    const KeySpec& first = *ranges.front();
    if (ranges.size() == 1) {
        const int last = first.last_key < 0 ? first.last_key : first.begin_index + first.last_key;
        return {first.begin_index, last, first.key_step};
    }
    const KeySpec& back = *ranges.back();
    const int last = back.last_key < 0 ? back.last_key : back.begin_index + back.last_key;
    return {first.begin_index, last, 1};
}

uint32_t CommandTable::aclCategories(const CommandSpec& spec) {
    uint32_t a = spec.acl;
    if (spec.flags & cmd::kWrite) a |= acl::kWrite;
    // Scripting commands (EVAL_RO, FCALL_RO…) are left out of @read, as in Redis.
    if ((spec.flags & cmd::kReadonly) && !(spec.acl & acl::kScripting)) a |= acl::kRead;
    if (spec.flags & cmd::kAdmin) a |= acl::kAdmin | acl::kDangerous;
    if (spec.flags & cmd::kPubsub) a |= acl::kPubsub;
    if (spec.flags & cmd::kFast) a |= acl::kFast;
    if (spec.flags & cmd::kBlocking) a |= acl::kBlocking;
    if (!(a & acl::kFast)) a |= acl::kSlow;
    return a;
}

std::vector<size_t> CommandTable::keyPositions(const CommandSpec& spec, std::span<const std::string> argv) {
    std::vector<size_t> out;
    if (spec.get_keys) {
        for (const KeyRef& k : spec.get_keys(argv)) out.push_back(k.pos);
        return out;
    }
    const int argc = static_cast<int>(argv.size());
    for (const auto& ks : spec.keys) {
        if (ks.unknown) continue;
        int first = ks.begin_index;
        if (!ks.keyword.empty()) {
            // The first argument equal to the keyword, searched in startfrom's direction.
            first = -1;
            const int from = ks.startfrom > 0 ? ks.startfrom : argc + ks.startfrom;
            const int step = ks.startfrom > 0 ? 1 : -1;
            for (int i = from; i >= 1 && i < argc; i += step) {
                if (equalsIgnoreCase(argv[static_cast<size_t>(i)], ks.keyword)) {
                    first = i + 1;
                    break;
                }
            }
            if (first < 0) continue;
        }
        if (first >= argc) continue;
        int last;
        if (ks.keynum_index >= 0) {
            // As the getkeys procedures of Redis 7.0's keynum commands (genericGetKeys,
            // zunionInterDiffGetKeys): the count is read with atoi ("2x" is 2); fewer than
            // one key, or more than the line holds, invalidates the whole line (Redis then
            // reports no keys at all).
            const int at = first + ks.keynum_index;
            const int step = std::max(1, ks.key_step);
            const int start = first + ks.first_key;
            const int n =
                at < argc ? static_cast<int>(std::strtol(argv[static_cast<size_t>(at)].c_str(), nullptr, 10)) : 0;
            if (n < 1 || start > argc || n > (argc - start) / step) return {};
            for (int k = 0; k < n; ++k) out.push_back(static_cast<size_t>(start + k * step));
            continue;
        }
        if (ks.last_key >= 0)
            last = first + ks.last_key;
        else if (ks.limit)
            last = first + (argc - first) / ks.limit + ks.last_key;  // XREAD … STREAMS: the first 1/limit of the rest
        else
            last = argc + ks.last_key;  // -1 → the last argument
        for (int i = first; i <= last && i < argc; i += std::max(1, ks.key_step)) out.push_back(static_cast<size_t>(i));
    }
    return out;
}

}  // namespace redsim
