// Keyspace notifications: the class letters and the two publications (see notify.h).
#include "engine/notify.h"

#include <vector>

#include "engine/engine.h"

namespace redsim {
namespace notify {

std::optional<uint32_t> parseClasses(std::string_view letters) {
    uint32_t flags = 0;
    for (char c : letters) {
        switch (c) {
            case 'A':
                flags |= kAll;
                break;
            case 'g':
                flags |= kGeneric;
                break;
            case '$':
                flags |= kString;
                break;
            case 'l':
                flags |= kList;
                break;
            case 's':
                flags |= kSet;
                break;
            case 'h':
                flags |= kHash;
                break;
            case 'z':
                flags |= kZSet;
                break;
            case 'x':
                flags |= kExpired;
                break;
            case 'e':
                flags |= kEvicted;
                break;
            case 'K':
                flags |= kKeyspace;
                break;
            case 'E':
                flags |= kKeyevent;
                break;
            case 't':
                flags |= kStream;
                break;
            case 'm':
                flags |= kKeyMiss;
                break;
            case 'd':
                flags |= kModule;
                break;
            case 'n':
                flags |= kNew;
                break;
            default:
                return std::nullopt;
        }
    }
    return flags;
}

std::string formatClasses(uint32_t flags) {
    std::string s;
    // Redis prints "A" for the whole set and then nothing else of it (not even 'n').
    if ((flags & kAll) == kAll) {
        s = "A";
    } else {
        constexpr std::pair<uint32_t, char> kOrder[] = {
            {kGeneric, 'g'}, {kString, '$'},  {kList, 'l'},   {kSet, 's'},    {kHash, 'h'}, {kZSet, 'z'},
            {kExpired, 'x'}, {kEvicted, 'e'}, {kStream, 't'}, {kModule, 'd'}, {kNew, 'n'}};
        for (auto [bit, letter] : kOrder)
            if (flags & bit) s += letter;
    }
    if (flags & kKeyspace) s += 'K';
    if (flags & kKeyevent) s += 'E';
    if (flags & kKeyMiss) s += 'm';
    return s;
}

}  // namespace notify

void Engine::signalModifiedKey(int dbid, std::string_view key) {
    // Callers: every command that changes a key (next to its ctx.notify), and Db's expiry
    // (lazy and active) after the "expired" event.
    touchWatchedKey(dbid, key);    // WATCH (engine/multi.cpp)
    tracking_.invalidateKey(key);  // CLIENT TRACKING (engine/tracking.cpp), all dbs alike
    db(dbid).memTouch(key);        // used_memory recounts this key (engine/memory.h)
}

uint64_t Engine::onKeyspaceEvent(KeyspaceListener fn) {
    const uint64_t handle = next_listener_id_++;
    keyspace_listeners_.emplace(handle, std::move(fn));
    return handle;
}

void Engine::removeKeyspaceListener(uint64_t handle) { keyspace_listeners_.erase(handle); }

void Engine::notifyKeyspaceEvent(uint32_t type, std::string_view event, std::string_view key, int dbid) {
    const uint32_t enabled = static_cast<uint32_t>(config_.values.notify_keyspace_events);
    if (!(enabled & type)) return;
    // The event stream first (engine/events.h): listeners see the event once, typed,
    // whatever K and E say. A listener may remove itself, so iterate over a copy of the handles.
    if (!keyspace_listeners_.empty()) {
        const KeyspaceEvent ev{type, std::string(event), std::string(key), dbid};
        std::vector<uint64_t> handles;
        for (const auto& [h, fn] : keyspace_listeners_) handles.push_back(h);
        for (uint64_t h : handles) {
            auto it = keyspace_listeners_.find(h);
            if (it != keyspace_listeners_.end()) it->second(ev);
        }
    }
    const std::string db = std::to_string(dbid);
    if (enabled & notify::kKeyspace) {
        std::string channel = "__keyspace@" + db + "__:";
        channel += key;
        publish(channel, event);
    }
    if (enabled & notify::kKeyevent) {
        std::string channel = "__keyevent@" + db + "__:";
        channel += event;
        publish(channel, key);
    }
}

}  // namespace redsim
