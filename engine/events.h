// The engine's event stream (DESIGN.md, "an event stream"): typed events a face, a
// lesson check or a test can watch without subscribing over pub/sub.
//
// For now it carries one kind of event: keyspace notifications. Engine::notifyKeyspaceEvent
// hands every event whose class `notify-keyspace-events` enables to the listeners, with
// the same filter as publishing: the class (g, $, l, …, x, e, n, m) must be enabled.
// Unlike publishing, the K and E letters do not matter here: a listener sees each event
// once, typed, and can build both channel names itself (__keyspace@<db>__:<key> with
// message <event>, __keyevent@<db>__:<event> with message <key>).
// Listeners run inside the command that caused the event, before its reply is complete:
// they may read what they are given and record it, but must not run commands on the
// engine (the keyspace is mid-change).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace redsim {

struct KeyspaceEvent {
    uint32_t type = 0;  // one notify::Class bit ("lpush" is notify::kList)
    std::string event;  // Redis's event name: "set", "lpush", "expired", "new", "keymiss"…
    std::string key;
    int db = 0;
};

using KeyspaceListener = std::function<void(const KeyspaceEvent&)>;

// One eviction (engine/evict.h): which key maxmemory-policy chose and what it chose
// from, so a lesson or the GUI can show the approximation at work. Listeners run after
// the key is gone, before the command that triggered eviction runs.
struct EvictionEvent {
    struct Candidate {
        int db = 0;
        std::string key;
        unsigned long long score = 0;  // higher = better to evict: idle ms, 255-freq, or the TTL inverted
    };
    uint64_t seq = 0;    // 1, 2, … since the engine started
    std::string policy;  // maxmemory-policy ("allkeys-lru"…), "+exact" in exact-LRU mode
    int db = 0;          // the key evicted
    std::string key;
    long long freed = 0;             // used memory before minus after (bytes)
    std::vector<Candidate> sampled;  // keys sampled (with their score) to refill the pool
    std::vector<Candidate> pool;     // the pool when the key was chosen, worst first
};

using EvictionListener = std::function<void(const EvictionEvent&)>;

}  // namespace redsim
