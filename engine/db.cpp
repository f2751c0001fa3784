#include "engine/db.h"

#include "engine/engine.h"
#include "engine/evict.h"
#include "engine/notify.h"

namespace redsim {

Db::Db(Engine& engine, int id, uint64_t hash_seed) : engine_(engine), id_(id), keys_(hash_seed), expires_(hash_seed) {}

int64_t Db::expireAt(std::string_view key) const {
    const auto* e = expires_.find(key);
    return e ? e->value : -1;
}

bool Db::isExpired(std::string_view key) const {
    const int64_t when = expireAt(key);
    return when >= 0 && engine_.nowMs() > when;
}

bool Db::expireIfNeeded(std::string_view key) {
    if (!isExpired(key)) return false;
    // While CLIENT PAUSE holds writes back the key reads as gone but stays (nothing may
    // change the data set, not even expiry).
    if (engine_.paused()) return true;
    // The key may be a view into the dict entry we are about to free.
    const std::string name(key);
    goneSignal(name);
    if (auto* e = keys_.find(name)) memory_.forget(e->value);
    keys_.erase(name);
    expires_.erase(name);
    ++engine_.stats().expired_keys;
    // Redis's deleteExpiredKeyAndPropagate: the "expired" event (class x), then the
    // key counts as modified (WATCH breaks, tracking invalidates). Both lazy expiry and
    // the active cycle come through here.
    engine_.notifyKeyspaceEvent(notify::kExpired, "expired", name, id_);
    engine_.signalModifiedKey(id_, name);
    // The AOF and replicas learn of it as a DEL (UNLINK with lazyfree-lazy-expire).
    engine_.propagator().addDeletion(id_, name, engine_.cfg().lazyfree_lazy_expire);
    return true;
}

// LRU and LFU access data, kept in the object's 24 lru bits as Redis does:
//   LRU policies: the 24-bit LRU clock (seconds) of the last access;
//   LFU policies: 16 bits of "last decrement time" in minutes, then an 8-bit
//                 logarithmic counter (new keys start at 5 so they are not evicted at once).
namespace {
constexpr uint32_t kLfuInitVal = 5;
uint32_t lfuMinutes(const Engine& e) { return static_cast<uint32_t>((e.nowMs() / 1000 / 60) & 65535); }
}  // namespace

uint32_t Db::lfuDecrAndReturn(const Object& o) const {
    const uint32_t ldt = o.lru() >> 8;
    uint32_t counter = o.lru() & 255;
    const uint32_t now = lfuMinutes(engine_);
    const uint32_t elapsed = now >= ldt ? now - ldt : 65535 - ldt + now;
    const long long decay = engine_.cfg().lfu_decay_time;
    const uint32_t periods = decay ? static_cast<uint32_t>(elapsed / static_cast<uint32_t>(decay)) : 0;
    if (periods) counter = periods > counter ? 0 : counter - periods;
    return counter;
}

void Db::initObjectAccess(Object& o) {
    if (engine_.cfg().lfuPolicy())
        o.setLru((lfuMinutes(engine_) << 8) | kLfuInitVal);
    else
        o.setLru(engine_.lruClock());
}

void Db::touchObject(Object& o) {
    if (!engine_.cfg().lfuPolicy()) {
        o.setLru(engine_.lruClock());
        return;
    }
    uint32_t counter = lfuDecrAndReturn(o);
    if (counter < 255) {
        // LFULogIncr: the more hits a key has, the less likely the next one counts.
        const double r = engine_.rng().unit();
        const double base = counter > kLfuInitVal ? counter - kLfuInitVal : 0;
        const double p = 1.0 / (base * static_cast<double>(engine_.cfg().lfu_log_factor) + 1);
        if (r < p) ++counter;
    }
    o.setLru((lfuMinutes(engine_) << 8) | counter);
}

long long Db::idleMs(const Object& o) const {
    const uint32_t now = engine_.lruClock();
    const uint32_t lru = o.lru();
    const uint32_t diff = now >= lru ? now - lru : now + (0xFFFFFF - lru);
    return static_cast<long long>(diff) * 1000;
}

// The exact-LRU mode (redsim-only, engine/evict.h) orders keys by their last access.
void Db::noteAccess(std::string_view key) {
    if (engine_.cfg().maxmemory_exact_lru) engine_.evictor().noteAccess(id_, key);
}

Object* Db::lookupRead(std::string_view key, bool touch, bool notify_miss) {
    auto* e = expireIfNeeded(key) ? nullptr : keys_.find(key);
    if (!e) {
        ++engine_.stats().keyspace_misses;
        // A read that finds nothing is a "keymiss" event (class m), unless the caller
        // asked for none (Redis's LOOKUP_NONOTIFY). Writes never report misses.
        if (notify_miss) engine_.notifyKeyspaceEvent(notify::kKeyMiss, "keymiss", key, id_);
        return nullptr;
    }
    ++engine_.stats().keyspace_hits;
    if (touch && !engine_.noTouch()) {
        touchObject(e->value);
        noteAccess(key);
    }
    if (memory::changesOnRead(e->value)) memTouch(key);  // see memory::changesOnRead
    return &e->value;
}

Object* Db::lookupWrite(std::string_view key) {
    auto* e = expireIfNeeded(key) ? nullptr : keys_.find(key);
    if (!e) return nullptr;
    if (!engine_.noTouch()) {
        touchObject(e->value);
        noteAccess(key);
    }
    if (memory::changesOnRead(e->value)) memTouch(key);
    return &e->value;
}

Object* Db::peek(std::string_view key) {
    auto* e = keys_.find(key);
    return e ? &e->value : nullptr;
}

void Db::set(std::string_view key, Object value, bool keep_ttl) {
    // setKey looks the key up for writing first: a stale value expires ("expired"), and
    // the new one is then a "new" key.
    expireIfNeeded(key);
    if (!overwrite(key, std::move(value)) || keep_ttl) return;
    expires_.erase(key);  // a new value starts without a TTL, as Redis's setKey
}

void Db::add(std::string_view key, Object value, bool keep_access) {
    if (!keep_access) initObjectAccess(value);
    const ObjType type = value.type();
    value.mem_cost = 0;  // a copy (COPY) carries its source's: counted by the touch below
    keys_.insert(std::string(key), std::move(value));
    memTouch(key);
    noteAccess(key);
    keyCreated(key);
    createdSignal(key, type);
}

// Redis's dbAdd: a new list, sorted set or stream may be what blocked clients wait for.
void Db::createdSignal(std::string_view key, ObjType type) {
    if (type == ObjType::List || type == ObjType::ZSet || type == ObjType::Stream) engine_.signalKeyAsReady(id_, key);
}

// A stream that goes away (deleted, replaced, expired, renamed) wakes the group
// readers blocked on it: they are told it no longer exists. Call before removing.
void Db::goneSignal(std::string_view key) {
    if (!engine_.anyBlockedOnKeys()) return;
    const auto* e = keys_.find(key);
    if (e && e->value.type() == ObjType::Stream) engine_.signalKeyAsReady(id_, key);
}

// Redis's dbAdd announces every key it creates: the "new" event (class n). It fires
// before the command's own event ("new" then "lpush"), since the key is added first.
void Db::keyCreated(std::string_view key) { engine_.notifyKeyspaceEvent(notify::kNew, "new", key, id_); }

bool Db::overwrite(std::string_view key, Object value) {
    initObjectAccess(value);
    value.mem_cost = 0;
    memTouch(key);
    auto* e = keys_.find(key);
    if (!e) {
        const ObjType type = value.type();
        keys_.insert(std::string(key), std::move(value));
        noteAccess(key);
        keyCreated(key);
        createdSignal(key, type);
        return false;
    }
    goneSignal(key);
    if (engine_.cfg().lfuPolicy()) value.setLru(e->value.lru());  // an overwrite keeps LFU data
    memory_.forget(e->value);
    e->value = std::move(value);
    noteAccess(key);
    return true;
}

bool Db::remove(std::string_view key) {
    goneSignal(key);
    auto* e = keys_.find(key);
    if (!e) return false;
    memory_.forget(e->value);
    keys_.erase(key);
    expires_.erase(key);
    return true;
}

std::optional<std::pair<Object, int64_t>> Db::take(std::string_view key) {
    goneSignal(key);
    auto v = keys_.take(key);
    if (!v) return std::nullopt;
    memory_.forget(*v);  // RENAME / MOVE add it again, uncounted
    int64_t when = -1;
    if (auto t = expires_.take(key)) when = *t;
    return std::make_pair(std::move(*v), when);
}

void Db::setExpire(std::string_view key, int64_t when_ms) {
    auto* e = expires_.find(key);
    if (e)
        e->value = when_ms;
    else
        expires_.insert(std::string(key), when_ms);
}

bool Db::removeExpire(std::string_view key) { return expires_.erase(key); }

void Db::clear() {
    engine_.signalAllBlockingKeys(id_);
    keys_.clear();
    expires_.clear();
    memory_.reset();
    avg_ttl = 0;
    expires_cursor = 0;
}

void Db::swapWith(Db& other) {
    engine_.signalAllBlockingKeys(id_);
    engine_.signalAllBlockingKeys(other.id_);
    std::swap(keys_, other.keys_);
    std::swap(expires_, other.expires_);
    std::swap(memory_, other.memory_);
    std::swap(avg_ttl, other.avg_ttl);
    std::swap(expires_cursor, other.expires_cursor);
}

}  // namespace redsim
