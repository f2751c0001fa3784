// MULTI/EXEC and WATCH (Redis's multi.c): the engine side. The commands are in
// engine/commands/transactions.cpp; queueing happens in Engine::execute.
//
// A transaction is a list of commands a client queues between MULTI and EXEC; EXEC runs
// them back to back, so no other client's command comes in between. WATCH makes it
// optimistic: if any watched key changes before EXEC (by anyone, the client included),
// EXEC runs nothing and answers a null array, and the client retries. "Changes" means
// what Redis's signalModifiedKey reports: a write that really changed the value (SADD of
// a member already there does not), a deletion, an expiry, FLUSHDB/FLUSHALL/SWAPDB.
#include <algorithm>

#include "engine/db.h"
#include "engine/engine.h"

namespace redsim {

void Engine::watchKey(Client& c, int dbid, std::string_view key) {
    for (const Client::WatchedKey& wk : c.watched)
        if (wk.db == dbid && wk.key == key) return;  // already watched
    auto& by_key = watched_keys_[static_cast<size_t>(dbid)];
    auto it = by_key.find(key);
    if (it == by_key.end()) it = by_key.emplace(std::string(key), std::vector<uint64_t>{}).first;
    it->second.push_back(c.id);
    // A key already past its deadline counts as absent: its deletion will be no change.
    Db& d = db(dbid);
    const bool expired = d.peek(key) != nullptr && d.isExpired(key);
    c.watched.push_back({dbid, std::string(key), expired});
}

void Engine::unwatchAllKeys(Client& c) {
    for (const Client::WatchedKey& wk : c.watched) {
        auto& by_key = watched_keys_[static_cast<size_t>(wk.db)];
        auto it = by_key.find(wk.key);
        if (it == by_key.end()) continue;
        std::erase(it->second, c.id);
        if (it->second.empty()) by_key.erase(it);
    }
    c.watched.clear();
}

void Engine::touchWatchedKey(int dbid, std::string_view key) {
    if (dbid < 0 || static_cast<size_t>(dbid) >= watched_keys_.size()) return;
    auto& by_key = watched_keys_[static_cast<size_t>(dbid)];
    if (by_key.empty()) return;
    auto it = by_key.find(key);
    if (it == by_key.end()) return;
    const bool present = db(dbid).peek(key) != nullptr;
    for (uint64_t id : it->second) {
        Client* c = client(id);
        if (c == nullptr) continue;
        for (Client::WatchedKey& wk : c->watched) {
            if (wk.db != dbid || wk.key != key) continue;
            // Watched already expired, and now deleted: logically nothing changed.
            if (wk.expired && !present) {
                wk.expired = false;
                break;
            }
            c->dirty_cas = true;
            break;
        }
    }
}

void Engine::touchAllWatchedKeysInDb(int emptied, int replaced_with) {
    auto& by_key = watched_keys_[static_cast<size_t>(emptied)];
    if (by_key.empty()) return;
    Db& from = db(emptied);
    Db* to = replaced_with >= 0 ? &db(replaced_with) : nullptr;
    for (const auto& [key, ids] : by_key) {
        const bool in_emptied = from.peek(key) != nullptr;
        const bool in_replacement = to != nullptr && to->peek(key) != nullptr;
        if (!in_emptied && !in_replacement) continue;
        for (uint64_t id : ids) {
            Client* c = client(id);
            if (c == nullptr) continue;
            for (Client::WatchedKey& wk : c->watched) {
                if (wk.db != emptied || wk.key != key) continue;
                if (wk.expired) {
                    if (!in_replacement) {
                        wk.expired = false;  // an expired key is gone: no change
                        break;
                    }
                    if (to->isExpired(key)) break;  // expired before, expired after
                } else if (!in_emptied && to->isExpired(key)) {
                    wk.expired = true;  // absent before, an already expired key after
                    break;
                }
                c->dirty_cas = true;
                break;
            }
        }
    }
}

bool Engine::isWatchedKeyExpired(const Client& c) {
    for (const Client::WatchedKey& wk : c.watched) {
        if (wk.expired) continue;  // was expired when watched: not a change
        Db& d = db(wk.db);
        if (d.peek(wk.key) != nullptr && d.isExpired(wk.key)) return true;
    }
    return false;
}

void Engine::discardTransaction(Client& c) {
    c.queued.clear();
    c.in_multi = c.dirty_exec = c.dirty_cas = false;
    unwatchAllKeys(c);
}

}  // namespace redsim
