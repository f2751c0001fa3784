// The engine's event stream (DESIGN.md, "an event stream"): typed events a face, a
// lesson check or a test can watch without subscribing over pub/sub.
//
// It carries keyspace notifications and persistence events (PersistEvent, below). Engine::notifyKeyspaceEvent
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

// AOF events (engine/persist/aof.h) for the GUI's timeline: bytes written to the incr
// file, an fsync, a rewrite's start and end.
struct AofEvent {
    enum Kind { Write, Fsync, RewriteStart, RewriteEnd } kind = Write;
    long long bytes = 0;  // Write: bytes written; Fsync: the AOF size now on disk
    bool ok = true;       // RewriteEnd: success
    std::string detail;   // RewriteEnd: the new base file's name
    // Write: the bytes written (RESP commands), at most kAofEventTextCap of them (the
    // GUI's AOF tail); `text.size() < bytes` when cut. Write and Fsync: the incr file
    // and its size after the write / the size now safe on disk (the GUI's "power loss"
    // keeps only that much of the file).
    std::string text;
    std::string file;
    long long file_size = 0;
};
inline constexpr size_t kAofEventTextCap = 4096;

using AofListener = std::function<void(const AofEvent&)>;
// Persistence events (engine/persist/bgsave.h): a save started, finished or failed, a
// save point fired. `log` is the line redis-server logs for it (the server prints it;
// the GUI shows it on its timeline), `warning` its level (# instead of *).
struct PersistEvent {
    enum class Kind {
        SaveStarted,     // BGSAVE forked a child (pid)
        SaveFinished,    // a SAVE or a background save succeeded
        SaveFailed,      // a SAVE or a background save failed (or was killed)
        SavePointFired,  // a save point's changes and seconds were reached
        Loaded,          // DEBUG RELOAD read the file back
        Log,             // any other line (shutdown's steps)
    };
    Kind kind = Kind::Log;
    bool background = false;  // BGSAVE's child, not a SAVE in the main process
    long long pid = 0;        // the child's pid, for background saves
    bool warning = false;
    std::string log;
};

using PersistListener = std::function<void(const PersistEvent&)>;

// One PUBLISH / SPUBLISH, or a keyspace notification published by the engine
// (Engine::onPublish), for the GUI's Pub/Sub view: who published, and every delivery
// in the order made. Listeners run inside the publishing command: record, don't run
// commands.
struct PublishEvent {
    struct Delivery {
        uint64_t client = 0;  // the receiving client's id
        std::string pattern;  // the pattern that matched ("" for a channel subscription)
    };
    std::string channel;
    std::string message;
    bool shard = false;
    uint64_t publisher = 0;  // the publishing client's id; 0: the engine (keyspace events)
    std::vector<Delivery> deliveries;
};

using PublishListener = std::function<void(const PublishEvent&)>;
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
