// Keyspace notifications and the "a key changed" signal (Redis's notify.c and
// signalModifiedKey).
//
// Every command that changes a key tells the engine twice, as Redis's commands do:
//   Engine::signalModifiedKey(db, key)   "this key's value changed": breaks WATCHes on
//                                        it and invalidates client-side caches of it;
//   Engine::notifyKeyspaceEvent(class, event, key, db)
//                                        publishes the event ("lpush", "expire", "del"…)
//                                        on __keyspace@<db>__:<key> (message: the event)
//                                        and __keyevent@<db>__:<event> (message: the key)
//                                        when `notify-keyspace-events` enables its class.
// A learner subscribes to those channels (PSUBSCRIBE '__key*__:*') to watch every change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace redsim::notify {

// Event classes, with the letters `notify-keyspace-events` uses (Redis's NOTIFY_*).
enum Class : uint32_t {
    kKeyspace = 1u << 0,  // K  publish on __keyspace@<db>__:<key>
    kKeyevent = 1u << 1,  // E  publish on __keyevent@<db>__:<event>
    kGeneric = 1u << 2,   // g  DEL, EXPIRE, RENAME, COPY… (type-independent commands)
    kString = 1u << 3,    // $
    kList = 1u << 4,      // l
    kSet = 1u << 5,       // s
    kHash = 1u << 6,      // h
    kZSet = 1u << 7,      // z
    kExpired = 1u << 8,   // x  a key's TTL ran out (lazily or by the active cycle)
    kEvicted = 1u << 9,   // e  removed by maxmemory eviction: "evicted" for each key deleted,
                          //    in the key's db, after the key counts as modified
                          //    (engine/evict.cpp, as Redis's performEvictions).
    kStream = 1u << 10,   // t
    kKeyMiss = 1u << 11,  // m  a read found no key (not part of A)
    kLoaded = 1u << 12,   //    module key loaded (no letter)
    kModule = 1u << 13,   // d  module events
    kNew = 1u << 14,      // n  a key was created (not part of A)
    // A: every class of change, i.e. g$lshzxetd.
    kAll = kGeneric | kString | kList | kSet | kHash | kZSet | kExpired | kEvicted | kStream | kModule,
};

// "KEA" -> flags; nullopt for a character that is no class (CONFIG SET's error).
std::optional<uint32_t> parseClasses(std::string_view letters);
// flags -> letters in Redis's canonical order ("AKE", "gxE", "$lshzxetnKm").
std::string formatClasses(uint32_t flags);

}  // namespace redsim::notify
