#include "engine/inspect/keyspace.h"

#include "engine/engine.h"

namespace redsim::inspect {

std::vector<std::string> keysWithPrefix(Engine& engine, int db, std::string_view prefix, size_t limit) {
    std::vector<std::string> out;
    if (db < 0 || db >= engine.dbCount()) return out;
    const Db& d = engine.db(db);
    d.keys().forEach([&](const auto& entry) {
        if (out.size() >= limit || !std::string_view(entry.key).starts_with(prefix)) return;
        if (d.isExpired(entry.key)) return;
        out.push_back(entry.key);
    });
    return out;
}

uint64_t scanKeys(Engine& engine, int db, uint64_t cursor, size_t count, std::vector<KeyInfo>& out) {
    if (db < 0 || db >= engine.dbCount()) return 0;
    const Db& d = engine.db(db);
    const size_t goal = out.size() + count;
    do {
        cursor = const_cast<Db&>(d).keys().scan(cursor, [&](const auto& entry) {
            if (d.isExpired(entry.key)) return;
            out.push_back({entry.key, entry.value.type(), d.expireAt(entry.key)});
        });
    } while (cursor != 0 && out.size() < goal);
    return cursor;
}

std::optional<KeyAccess> keyAccess(Engine& engine, int db, std::string_view key) {
    if (db < 0 || db >= engine.dbCount()) return std::nullopt;
    const Db& d = engine.db(db);
    const auto* e = d.keys().find(key);
    if (!e || d.isExpired(key)) return std::nullopt;
    return KeyAccess{.raw = e->value.lru(),
                     .idle_ms = d.idleMs(e->value),
                     .lfu = d.lfuDecrAndReturn(e->value),
                     .expire_at_ms = d.expireAt(key)};
}

}  // namespace redsim::inspect
