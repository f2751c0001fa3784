// Db: one numbered database (SELECT n) — the keyspace and the expires table.
//
// As in Redis, a database is two dicts: `keys` maps every key to its value object,
// and `expires` maps the keys that have a time to live to their deadline (Unix ms).
// A key is expired when now > deadline. Expired keys disappear in two ways:
//   lazily    every lookup checks the deadline first (lookupRead/lookupWrite), and
//   actively  the engine's tick samples `expires` (see engine/expire.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/ds/dict.h"
#include "engine/memory.h"
#include "engine/object.h"

namespace redsim {

class Engine;

class Db {
public:
    Db(Engine& engine, int id, uint64_t hash_seed);

    int id() const { return id_; }
    size_t size() const { return keys_.size(); }
    size_t expiresCount() const { return expires_.size(); }

    // Lookups. Both delete the key first if it has expired. lookupRead also counts a
    // keyspace hit or miss and, unless `touch` is false (Redis's LOOKUP_NOTOUCH, used by
    // EXISTS, TYPE, TTL and OBJECT), refreshes the key's LRU/LFU data, as Redis's
    // lookupKeyRead does. Neither touches while a no-touch client's command runs
    // (Engine::noTouch, Redis 7.2's CLIENT NO-TOUCH). Returned pointers are valid until the next write to this db.
    // A miss publishes "keymiss" (class m) unless `notify_miss` is false (LOOKUP_NONOTIFY).
    Object* lookupRead(std::string_view key, bool touch = true, bool notify_miss = true);
    Object* lookupWrite(std::string_view key);
    // No expiry check, no stats: for inspection (OBJECT, DEBUG, tests).
    Object* peek(std::string_view key);

    // Adds or overwrites. `keep_ttl` keeps an existing TTL (SET KEEPTTL, SETRANGE…);
    // otherwise an overwrite removes it, as Redis's setKey does. An expired key is
    // expired first (its "expired" event), so the value stored is a new key.
    void set(std::string_view key, Object value, bool keep_ttl = false);
    // Adds a key that must not exist (dbAdd). Requires: key absent. A value moved from
    // another key (RENAME, MOVE) keeps its LRU/LFU data: `keep_access`. Publishes "new"
    // (class n), as dbAdd does; loading an RDB file must not (Redis's dbAddRDBLoad is silent).
    void add(std::string_view key, Object value, bool keep_access = false);
    // Replaces the value of a key keeping its TTL (dbOverwrite), or adds the key.
    // Returns true if the key existed.
    bool overwrite(std::string_view key, Object value);
    bool remove(std::string_view key);
    // Removes and returns the value (for RENAME/MOVE), with its TTL (or -1).
    std::optional<std::pair<Object, int64_t>> take(std::string_view key);

    // TTLs: deadline in Unix ms, or -1 for none.
    int64_t expireAt(std::string_view key) const;
    void setExpire(std::string_view key, int64_t when_ms);
    bool removeExpire(std::string_view key);

    // True (and the key deleted) if it had expired. Counts expired_keys.
    bool expireIfNeeded(std::string_view key);
    bool isExpired(std::string_view key) const;

    void clear();
    void swapWith(Db& other);  // SWAPDB: contents only, ids stay

    Dict<Object>& keys() { return keys_; }
    Dict<int64_t>& expires() { return expires_; }
    const Dict<Object>& keys() const { return keys_; }
    const Dict<int64_t>& expires() const { return expires_; }

    // The running total of the keys' memory (engine/memory.h).
    memory::DbMemory& memory() { return memory_; }
    void memTouch(std::string_view key) { memory_.touch(key); }

    // Cursor of the active expire cycle in `expires` (Redis's db->expires_cursor).
    uint64_t expires_cursor = 0;
    // Running average of TTLs sampled by the expire cycle (INFO keyspace avg_ttl).
    long long avg_ttl = 0;

    // OBJECT FREQ: the LFU counter after time decay. OBJECT IDLETIME: ms since last access.
    uint32_t lfuDecrAndReturn(const Object& o) const;
    long long idleMs(const Object& o) const;

private:
    void createdSignal(std::string_view key, ObjType type);
    void goneSignal(std::string_view key);
    void touchObject(Object& o);
    void noteAccess(std::string_view key);
    void keyCreated(std::string_view key);
    void initObjectAccess(Object& o);

    Engine& engine_;
    int id_;
    Dict<Object> keys_;
    Dict<int64_t> expires_;
    memory::DbMemory memory_;
};

}  // namespace redsim
