#include "engine/persist/rdb_load.h"

#include <liblzf/lzf.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <unordered_set>
#include <vector>

#include "engine/commands/util.h"
#include "engine/db.h"
#include "engine/engine.h"
#include "engine/memory.h"
#include "engine/persist/crc64.h"
#include "engine/persist/rdb_legacy.h"
#include "engine/scripting/scripting.h"
#include "engine/types/hash.h"
#include "engine/types/list.h"
#include "engine/types/set.h"
#include "engine/types/stream.h"
#include "engine/types/zset.h"

namespace redsim {

namespace {

// Opcodes and value types (Redis 7.0's rdb.h).
constexpr int kOpFunction2 = 245, kOpFunctionPreGa = 246, kOpModuleAux = 247, kOpIdle = 248, kOpFreq = 249,
              kOpAux = 250, kOpResizeDb = 251, kOpExpireMs = 252, kOpExpireSec = 253, kOpSelectDb = 254, kOpEof = 255;
constexpr int kTypeString = 0, kTypeList = 1, kTypeSet = 2, kTypeZset = 3, kTypeHash = 4, kTypeZset2 = 5,
              kTypeModule = 6, kTypeModule2 = 7, kTypeSetIntset = 11, kTypeListQuicklist2 = 18, kTypeHashListpack = 16,
              kTypeZsetListpack = 17, kTypeStreamListpacks = 15, kTypeStreamListpacks2 = 19;
// Written by Redis before 7.0 (engine/persist/rdb_legacy.h); converted to listpacks.
constexpr int kTypeHashZipmap = 9, kTypeListZiplist = 10, kTypeZsetZiplist = 12, kTypeHashZiplist = 13,
              kTypeListQuicklist = 14;
constexpr int kRdbVersion = 10;

struct LoadError {
    size_t offset;
    std::string what;
};

// A cursor over the file's bytes. Every read checks the bytes left and throws
// LoadError (caught in rdbLoad) instead of reading past the end.
class Reader {
public:
    explicit Reader(std::string_view data) : d_(data) {}
    size_t pos() const { return pos_; }
    size_t left() const { return d_.size() - pos_; }

    [[noreturn]] void fail(size_t at, std::string what) const { throw LoadError{at, std::move(what)}; }
    void need(size_t n, std::string_view what) const {
        if (left() < n) throw LoadError{d_.size(), "unexpected end of file while reading " + std::string(what)};
    }
    std::string_view bytes(size_t n, std::string_view what) {
        need(n, what);
        std::string_view v = d_.substr(pos_, n);
        pos_ += n;
        return v;
    }
    uint8_t u8(std::string_view what) { return static_cast<uint8_t>(bytes(1, what)[0]); }
    uint64_t le(size_t n, std::string_view what) {
        std::string_view b = bytes(n, what);
        uint64_t v = 0;
        for (size_t i = n; i-- > 0;) v = (v << 8) | static_cast<uint8_t>(b[i]);
        return v;
    }

    // rdbLoadLenByRef: a length, or (when `encoded` is not null) a string's special
    // encoding marker (top two bits 11).
    uint64_t length(std::string_view what, bool* encoded = nullptr) {
        const size_t at = pos_;
        const uint8_t first = u8(what);
        const int kind = first >> 6;
        if (encoded) *encoded = false;
        switch (kind) {
            case 0:
                return first & 0x3f;
            case 1:
                return (static_cast<uint64_t>(first & 0x3f) << 8) | u8(what);
            case 2:
                if (first == 0x80) return be(4, what);
                if (first == 0x81) return be(8, what);
                fail(at, "bad length encoding 0x" + hex(first) + " while reading " + std::string(what));
            default:
                if (!encoded) fail(at, "unexpected string encoding while reading " + std::string(what));
                *encoded = true;
                return first & 0x3f;
        }
    }

    // rdbGenericLoadStringObject: plain bytes, an integer (8/16/32 bits), or LZF.
    std::string string(std::string_view what) {
        const size_t at = pos_;
        bool encoded = false;
        const uint64_t len = length(what, &encoded);
        if (encoded) {
            switch (len) {
                case 0:
                    return std::to_string(static_cast<int8_t>(le(1, what)));
                case 1:
                    return std::to_string(static_cast<int16_t>(le(2, what)));
                case 2:
                    return std::to_string(static_cast<int32_t>(le(4, what)));
                case 3: {
                    const uint64_t clen = length(what), ulen = length(what);
                    std::string_view in = bytes(clen, what);
                    // An LZF block expands at most about 100x; a larger claim is corrupt
                    // (and must not make us allocate gigabytes).
                    if (ulen == 0 || ulen > clen * 128 + 64)
                        fail(at, "bad LZF lengths while reading " + std::string(what));
                    std::string out(ulen, '\0');
                    const unsigned n =
                        lzf_decompress(in.data(), static_cast<unsigned>(clen), out.data(), static_cast<unsigned>(ulen));
                    if (n != ulen) fail(at, "invalid LZF compressed string while reading " + std::string(what));
                    return out;
                }
                default:
                    fail(at, "unknown string encoding " + std::to_string(len) + " while reading " + std::string(what));
            }
        }
        return std::string(bytes(len, what));
    }

    static std::string hex(uint64_t v) {
        char buf[24];
        std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v));
        return buf;
    }

private:
    uint64_t be(size_t n, std::string_view what) {
        std::string_view b = bytes(n, what);
        uint64_t v = 0;
        for (size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<uint8_t>(b[i]);
        return v;
    }

    std::string_view d_;
    size_t pos_ = 0;
};

// Keys in error messages: printable bytes as they are, others as \xNN, at most 64.
std::string showKey(std::string_view k) {
    std::string out;
    for (size_t i = 0; i < k.size() && i < 64; ++i) {
        const auto c = static_cast<unsigned char>(k[i]);
        if (c >= 32 && c < 127 && c != '\'' && c != '\\') {
            out += static_cast<char>(c);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
    }
    if (k.size() > 64) out += "...";
    return out;
}

// An integer element of a validated listpack (stream metadata is always stored as ints).
std::optional<long long> lpInt(const Listpack& lp, size_t off) {
    if (off == Listpack::npos) return std::nullopt;
    const Listpack::Entry e = lp.get(off);
    if (!e.is_int) return std::nullopt;
    return e.ival;
}

// streamValidateListpackIntegrity (deep): the master entry, then entries of the form
// flags, ms-delta, seq-delta, [nfields, field, value…] | [value…], lp-count, whose counts
// agree with the master entry. Returns the node's live entry count, or nullopt.
std::optional<long long> validateStreamNode(const Listpack& lp) {
    size_t p = lp.first();
    auto next = [&]() -> std::optional<long long> {
        auto v = lpInt(lp, p);
        if (p != Listpack::npos) p = lp.next(p);
        return v;
    };
    auto skip = [&](long long n) {
        for (long long i = 0; i < n; ++i) {
            if (p == Listpack::npos) return false;
            p = lp.next(p);
        }
        return true;
    };
    const auto count = next(), deleted = next(), master_fields = next();
    if (!count || !deleted || !master_fields || *count < 0 || *deleted < 0 || *master_fields < 0) return std::nullopt;
    if (*master_fields > 65536 || !skip(*master_fields)) return std::nullopt;
    if (auto zero = next(); !zero || *zero != 0) return std::nullopt;
    long long live = 0, dead = 0;
    if (p == Listpack::npos) return std::nullopt;  // a node holds at least one entry
    while (p != Listpack::npos) {
        const auto flags = next(), ms = next(), seq = next();
        if (!flags || !ms || !seq) return std::nullopt;
        long long elements = 3;
        if (*flags & Stream::kFlagSameFields) {
            if (!skip(*master_fields)) return std::nullopt;
            elements += *master_fields;
        } else {
            const auto nf = next();
            if (!nf || *nf < 0 || *nf > (1LL << 30) || !skip(*nf * 2)) return std::nullopt;
            elements += 1 + *nf * 2;
        }
        const auto lp_count = next();
        if (!lp_count || *lp_count != elements) return std::nullopt;
        (*flags & Stream::kFlagDeleted) ? ++dead : ++live;
    }
    if (live != *count || dead != *deleted) return std::nullopt;
    return live;
}

StreamID decodeStreamId(std::string_view raw) {
    StreamID id{};
    for (size_t i = 0; i < 8; ++i) id.ms = (id.ms << 8) | static_cast<uint8_t>(raw[i]);
    for (size_t i = 8; i < 16; ++i) id.seq = (id.seq << 8) | static_cast<uint8_t>(raw[i]);
    return id;
}

// A score stored in a listpack: an integer, or text strtod reads completely (not NaN).
bool validListpackScore(const Listpack::Entry& e) {
    if (e.is_int) return true;
    if (e.sval.empty() || e.sval.size() > 128) return false;
    std::string s(e.sval);
    char* end = nullptr;
    const double d = std::strtod(s.c_str(), &end);
    return end == s.c_str() + s.size() && !std::isnan(d);
}

class Loader {
public:
    Loader(Engine& engine, std::string_view data, RdbLoadStats& stats)
        : e_(engine), r_(data), data_(data), st_(stats) {}

    // Reads the whole file into fresh databases; they replace the engine's at the end.
    void run() {
        std::string_view magic = r_.bytes(9, "the RDB header");
        if (magic.substr(0, 5) != "REDIS") r_.fail(0, "wrong signature trying to load DB from file");
        int version = 0;
        for (char c : magic.substr(5)) {
            if (c < '0' || c > '9') r_.fail(5, "bad RDB version number");
            version = version * 10 + (c - '0');
        }
        if (version < 1 || version > kRdbVersion)
            r_.fail(5, "can't handle RDB format version " + std::to_string(version));
        st_.rdb_version = version;

        for (int i = 0; i < e_.dbCount(); ++i) dbs_.push_back(std::make_unique<Db>(e_, i, e_.hashSeed()));
        const int64_t now = e_.clock().nowMs();
        int db = 0;
        int64_t expire = -1;
        long long lru_idle = -1, lfu_freq = -1;
        for (;;) {
            const size_t at = r_.pos();
            const int type = r_.u8("a record type");
            switch (type) {
                case kOpExpireSec:
                    expire = static_cast<int64_t>(static_cast<int32_t>(r_.le(4, "an expire time"))) * 1000;
                    continue;
                case kOpExpireMs:
                    expire = static_cast<int64_t>(r_.le(8, "an expire time"));
                    continue;
                case kOpFreq:
                    lfu_freq = r_.u8("an LFU frequency");
                    continue;
                case kOpIdle: {
                    const uint64_t idle = r_.length("an LRU idle time");
                    lru_idle = idle > (1ULL << 40) ? (1LL << 40) : static_cast<long long>(idle);
                    continue;
                }
                case kOpEof:
                    finish(version);
                    return;
                case kOpSelectDb: {
                    const uint64_t id = r_.length("a database number");
                    if (id >= static_cast<uint64_t>(e_.dbCount()))
                        r_.fail(at, "data file was created with a Redis server configured to handle more than " +
                                        std::to_string(e_.dbCount()) + " databases (SELECTDB " + std::to_string(id) +
                                        ")");
                    db = static_cast<int>(id);
                    continue;
                }
                case kOpResizeDb:
                    r_.length("a RESIZEDB size");
                    r_.length("a RESIZEDB size");
                    continue;
                case kOpAux: {
                    std::string key = r_.string("an AUX field name");
                    std::string value = r_.string("an AUX field value");
                    if (key == "redis-ver") st_.redis_ver = value;
                    if (key == "ctime") st_.ctime = std::atoll(value.c_str());
                    continue;  // others (redis-bits, used-mem, aof-base, repl-*) are only facts
                }
                case kOpModuleAux:
                    r_.fail(at, "the file holds module data (MODULE_AUX), and redsim has no modules");
                case kOpFunction2:
                    // A function library, as its source code: it is compiled once the
                    // whole file has been read (rdbLoad), so a bad file changes nothing.
                    functions_.push_back({at, r_.string("a function library's code")});
                    continue;
                case kOpFunctionPreGa:
                    r_.fail(at, "the file holds functions in the pre-release 7.0 format, which 7.0 no longer reads");
                default:
                    break;
            }
            std::string key = r_.string("a key");
            key_ = key;
            std::optional<Object> value = readObject(type, at);
            Db& d = *dbs_[static_cast<size_t>(db)];
            if (!value) {
                ++st_.empty_keys_skipped;
            } else if (expire != -1 && expire < now) {
                ++st_.keys_expired;  // as a master does: an expired key is not loaded
            } else {
                setAccess(*value, lru_idle, lfu_freq);
                // used_memory: costed now, while the value is in cache (engine/memory.h).
                value->mem_cost = memory::keyCost(key, *value);
                d.memory().counted(value->mem_cost);
                if (!d.keys().insert(key, std::move(*value)).second)
                    r_.fail(at, "duplicate key '" + showKey(key) + "' in DB " + std::to_string(db));
                if (expire != -1) d.expires().insert(key, expire);
                ++st_.keys_loaded;
            }
            expire = -1;
            lru_idle = lfu_freq = -1;
        }
    }

    // One value at the start of a DUMP payload (RESTORE): a type byte and the value,
    // with the access data RESTORE's IDLETIME / FREQ give (-1: none). Throws LoadError.
    // Bytes after the value (the payload's footer) are not looked at, as in Redis.
    std::optional<Object> readValue(long long lru_idle, long long lfu_freq) {
        const size_t at = r_.pos();
        const int type = r_.u8("a value type");
        std::optional<Object> value = readObject(type, at);
        if (value) setAccess(*value, lru_idle, lfu_freq);
        return value;
    }

    std::vector<std::unique_ptr<Db>> dbs_;
    struct FunctionLibrary {
        size_t offset;
        std::string code;
    };
    std::vector<FunctionLibrary> functions_;

private:
    void finish(int version) {
        const size_t end = r_.pos();
        if (version >= 5) {
            const uint64_t stored = r_.le(8, "the checksum");
            if (stored != 0) {
                const uint64_t computed = crc64(0, data_.data(), end);
                if (computed != stored)
                    r_.fail(end, "checksum mismatch: the file says " + Reader::hex(stored) + ", the data gives " +
                                     Reader::hex(computed));
            }
        }
        if (r_.left() != 0) r_.fail(r_.pos(), "unexpected bytes after the end of the RDB data");
    }

    // objectSetLRUOrLFU: IDLE sets the LRU clock back by the idle seconds; FREQ sets the
    // LFU counter (with the current minute as its last decrement time).
    void setAccess(Object& o, long long lru_idle, long long lfu_freq) {
        const bool lfu = e_.cfg().lfuPolicy();
        if (lfu) {
            const uint32_t minutes = static_cast<uint32_t>((e_.nowMs() / 1000 / 60) & 65535);
            const uint32_t counter = lfu_freq >= 0 ? static_cast<uint32_t>(lfu_freq) : 5;
            o.setLru((minutes << 8) | counter);
        } else {
            const long long clock = e_.lruClock();
            constexpr long long kLruMax = (1 << 24) - 1;
            long long v = clock;
            if (lru_idle >= 0) {
                v = clock - lru_idle;
                if (v < 0) v = (clock + kLruMax / 2) % kLruMax;
            }
            o.setLru(static_cast<uint32_t>(v));
        }
    }

    [[noreturn]] void badValue(size_t at, std::string what) { r_.fail(at, what + " for key '" + showKey(key_) + "'"); }

    Listpack loadListpack(const std::string& blob, size_t at, std::string_view what) {
        auto lp = Listpack::fromBytes(blob, true);
        if (!lp) badValue(at, "bad " + std::string(what) + " listpack");
        return std::move(*lp);
    }

    // A pre-7.0 blob (ziplist, or zipmap for type 9) as the listpack Redis 7.0 makes of it.
    Listpack legacyListpack(std::string_view what, bool zipmap) {
        const size_t at = r_.pos();
        const std::string blob = r_.string(what);
        auto entries = zipmap ? decodeZipmap(blob) : decodeZiplist(blob);
        if (!entries) badValue(at, "bad " + std::string(what));
        Listpack lp;
        for (const auto& e : *entries) lp.append(e);
        return lp;
    }

    // rdbLoadObject. nullopt: an empty collection, skipped as Redis 7.0 skips it.
    std::optional<Object> readObject(int type, size_t type_at) {
        const ConfigValues& cfg = e_.cfg();
        const size_t at = r_.pos();
        switch (type) {
            case kTypeString:
                return encodeStringValue(e_, r_.string("a string value"));
            case kTypeList: {
                const uint64_t n = r_.length("a list length");
                if (n == 0) return std::nullopt;
                Object o = createListObject(e_);
                for (uint64_t i = 0; i < n; ++i) listPush(o, r_.string("a list element"), ListEnd::Tail);
                return o;
            }
            case kTypeListQuicklist2: {
                const uint64_t nodes = r_.length("a quicklist node count");
                Object o = createListObject(e_);
                for (uint64_t i = 0; i < nodes; ++i) {
                    const size_t node_at = r_.pos();
                    const uint64_t container = r_.length("a quicklist node container");
                    std::string blob = r_.string("a quicklist node");
                    if (container == 1) {
                        o.quicklist().appendPlainNode(std::move(blob));
                    } else if (container == 2) {
                        Listpack lp = loadListpack(blob, node_at, "quicklist node");
                        if (lp.empty()) continue;  // Redis drops empty nodes
                        o.quicklist().appendListpackNode(std::move(lp));
                    } else {
                        badValue(node_at, "bad quicklist node container " + std::to_string(container));
                    }
                }
                if (o.quicklist().empty()) return std::nullopt;
                return o;
            }
            case kTypeListZiplist:
            case kTypeListQuicklist: {
                // One ziplist (type 10), or a quicklist of them (type 14): each becomes
                // one listpack node.
                const uint64_t nodes = type == kTypeListZiplist ? 1 : r_.length("a quicklist node count");
                Object o = createListObject(e_);
                for (uint64_t i = 0; i < nodes; ++i) {
                    Listpack lp = legacyListpack("list ziplist", false);
                    if (!lp.empty()) o.quicklist().appendListpackNode(std::move(lp));
                }
                if (o.quicklist().empty()) return std::nullopt;
                return o;
            }
            case kTypeSet: {
                const uint64_t n = r_.length("a set length");
                if (n == 0) return std::nullopt;
                SetLimits limits = SetLimits::of(e_);
                Object o = n > static_cast<uint64_t>(cfg.set_max_intset_entries)
                               ? Object::setTable(SetDict(e_.hashSeed()))
                               : setTypeCreateIntset();
                for (uint64_t i = 0; i < n; ++i) {
                    const size_t el_at = r_.pos();
                    std::string m = r_.string("a set member");
                    if (!setTypeAdd(o, m, limits)) badValue(el_at, "duplicate set member");
                }
                return o;
            }
            case kTypeSetIntset: {
                std::string blob = r_.string("an intset");
                auto is = Intset::fromBytes(std::move(blob), true);
                if (!is) badValue(at, "bad intset");
                if (is->size() == 0) return std::nullopt;
                const size_t size = is->size();
                Object o = Object::setIntset(std::move(*is));
                if (size > static_cast<size_t>(cfg.set_max_intset_entries)) setTypeConvertToTable(o, e_.hashSeed());
                return o;
            }
            case kTypeZset:
            case kTypeZset2: {
                const uint64_t n = r_.length("a sorted set length");
                if (n == 0) return std::nullopt;
                Object o = zset::createSkiplist(e_, 0);
                size_t maxlen = 0, total = 0;
                for (uint64_t i = 0; i < n; ++i) {
                    const size_t el_at = r_.pos();
                    std::string m = r_.string("a sorted set member");
                    double score = 0;
                    if (type == kTypeZset2) {
                        const uint64_t bits = r_.le(8, "a score");
                        std::memcpy(&score, &bits, 8);
                    } else {
                        score = oldScore();
                    }
                    if (std::isnan(score)) badValue(el_at, "NaN score");
                    maxlen = std::max(maxlen, m.size());
                    total += m.size();
                    unsigned out = 0;
                    zset::add(e_, o, score, m, 0, out);
                    if (!(out & zset::kOutAdded)) badValue(el_at, "duplicate sorted set member");
                }
                zset::convertToListpackIfNeeded(e_, o, maxlen, total);
                return o;
            }
            case kTypeZsetListpack:
            case kTypeZsetZiplist: {
                Listpack lp = type == kTypeZsetZiplist
                                  ? legacyListpack("sorted set ziplist", false)
                                  : loadListpack(r_.string("a sorted set listpack"), at, "sorted set");
                checkPairs(lp, at, true);
                if (lp.empty()) return std::nullopt;
                const size_t pairs = lp.size() / 2;
                Object o = Object::zsetListpack(std::move(lp));
                if (pairs > static_cast<size_t>(cfg.zset_max_listpack_entries)) zset::convertToSkiplist(e_, o);
                return o;
            }
            case kTypeHash: {
                const uint64_t n = r_.length("a hash length");
                if (n == 0) return std::nullopt;
                const bool table = n > static_cast<uint64_t>(cfg.hash_max_listpack_entries);
                Object o = table ? Object::hashTable(HashDict(e_.hashSeed())) : hashTypeCreate();
                std::unordered_set<std::string> seen;
                for (uint64_t i = 0; i < n; ++i) {
                    const size_t el_at = r_.pos();
                    std::string f = r_.string("a hash field");
                    std::string v = r_.string("a hash value");
                    if (o.encoding() == Encoding::ListPack) {
                        if (!seen.insert(f).second) badValue(el_at, "duplicate hash field");
                        const auto lim = static_cast<size_t>(cfg.hash_max_listpack_value);
                        if (f.size() > lim || v.size() > lim ||
                            !Listpack::safeToAdd(o.listpack().byteSize(), f.size() + v.size())) {
                            hashTypeConvert(o, e_.hashSeed());
                            seen.clear();
                        } else {
                            o.listpack().append(f);
                            o.listpack().append(v);
                            continue;
                        }
                    }
                    if (!o.hashDict().insert(std::move(f), std::move(v)).second)
                        badValue(el_at, "duplicate hash field");
                }
                return o;
            }
            case kTypeHashListpack:
            case kTypeHashZiplist:
            case kTypeHashZipmap: {
                Listpack lp = type == kTypeHashListpack
                                  ? loadListpack(r_.string("a hash listpack"), at, "hash")
                                  : legacyListpack(type == kTypeHashZipmap ? "hash zipmap" : "hash ziplist",
                                                   type == kTypeHashZipmap);
                checkPairs(lp, at, false);
                if (lp.empty()) return std::nullopt;
                const size_t pairs = lp.size() / 2;
                // A zipmap's values may be longer than a listpack hash allows today.
                size_t maxlen = 0;
                if (type == kTypeHashZipmap)
                    for (size_t p = lp.first(); p != Listpack::npos; p = lp.next(p))
                        maxlen = std::max(maxlen, lp.get(p).toString().size());
                Object o = Object::hashListpack(std::move(lp));
                if (pairs > static_cast<size_t>(cfg.hash_max_listpack_entries) ||
                    maxlen > static_cast<size_t>(cfg.hash_max_listpack_value))
                    hashTypeConvert(o, e_.hashSeed());
                return o;
            }
            case kTypeStreamListpacks:
            case kTypeStreamListpacks2:
                return readStream(type == kTypeStreamListpacks2);
            case kTypeModule:
            case kTypeModule2:
                r_.fail(type_at, "the file holds a module value, and redsim has no modules");
            default:
                r_.fail(type_at, "unknown RDB value type " + std::to_string(type));
        }
    }

    // The score of an RDB_TYPE_ZSET member: a length byte then text (253 NaN, 254 +inf,
    // 255 -inf).
    double oldScore() {
        const size_t at = r_.pos();
        const uint8_t len = r_.u8("a score");
        if (len == 253) return NAN;
        if (len == 254) return INFINITY;
        if (len == 255) return -INFINITY;
        std::string s(r_.bytes(len, "a score"));
        char* end = nullptr;
        const double d = std::strtod(s.c_str(), &end);
        if (s.empty() || end != s.c_str() + s.size()) badValue(at, "bad score text");
        return d;
    }

    // lpPairsValidateIntegrityAndDups: an even count, no field twice; for a zset every
    // second entry must be a score.
    void checkPairs(const Listpack& lp, size_t at, bool scores) {
        std::unordered_set<std::string> seen;
        size_t i = 0;
        for (size_t p = lp.first(); p != Listpack::npos; p = lp.next(p), ++i) {
            const Listpack::Entry e = lp.get(p);
            if (i % 2 == 0) {
                if (!seen.insert(e.toString()).second) badValue(at, "duplicate member in listpack");
            } else if (scores && !validListpackScore(e)) {
                badValue(at, "bad score in listpack");
            }
        }
        if (i % 2 != 0) badValue(at, "odd number of listpack entries");
    }

    std::optional<Object> readStream(bool v2) {
        Stream s;
        const uint64_t nodes = r_.length("a stream node count");
        size_t live_total = 0;
        std::optional<StreamID> prev;
        for (uint64_t i = 0; i < nodes; ++i) {
            const size_t node_at = r_.pos();
            std::string key = r_.string("a stream node key");
            if (key.size() != 16) badValue(node_at, "stream node key is not a 16-byte id");
            const StreamID master = decodeStreamId(key);
            if (prev && !(*prev < master)) badValue(node_at, "stream nodes out of order");
            prev = master;
            const size_t lp_at = r_.pos();
            Listpack lp = loadListpack(r_.string("a stream node listpack"), lp_at, "stream node");
            const auto live = validateStreamNode(lp);
            if (!live) badValue(lp_at, "bad stream node listpack");
            live_total += static_cast<size_t>(*live);
            s.loadNode(master, std::move(lp));
        }
        const size_t meta_at = r_.pos();
        const uint64_t length = r_.length("a stream length");
        if (length != live_total) badValue(meta_at, "stream length does not match its nodes");
        s.setLength(length);
        StreamID last{r_.length("a stream id"), r_.length("a stream id")};
        s.setLastId(last);
        if (v2) {
            r_.length("a stream id");  // first id: recomputed from the nodes
            r_.length("a stream id");
            StreamID maxdel{r_.length("a stream id"), r_.length("a stream id")};
            s.setMaxDeletedId(maxdel);
            s.setEntriesAdded(r_.length("a stream counter"));
        } else {
            s.setEntriesAdded(length);
        }
        if (length && s.lastEntryId() > last) badValue(meta_at, "stream last id below its entries");

        const int64_t now = e_.clock().nowMs();
        const uint64_t groups = r_.length("a consumer group count");
        for (uint64_t g = 0; g < groups; ++g) {
            const size_t g_at = r_.pos();
            std::string name = r_.string("a consumer group name");
            StreamID gid{r_.length("a stream id"), r_.length("a stream id")};
            // Version 1 streams have no read counters: Redis estimates them from the id.
            const int64_t entries_read =
                v2 ? static_cast<int64_t>(r_.length("a group counter")) : streamEstimateDistance(s, gid);
            StreamCG* cg = s.groups().create(name, gid, entries_read);
            if (!cg) badValue(g_at, "duplicate consumer group");
            const uint64_t pel = r_.length("a PEL size");
            for (uint64_t k = 0; k < pel; ++k) {
                const size_t n_at = r_.pos();
                const StreamID id = decodeStreamId(r_.bytes(16, "a pending entry id"));
                const int64_t delivered = static_cast<int64_t>(r_.le(8, "a delivery time"));
                const uint64_t count = r_.length("a delivery count");
                if (cg->findNack(id)) badValue(n_at, "duplicate pending entry");
                StreamNACK& nack = cg->createUnowned(id, delivered);
                nack.delivery_count = count;
            }
            const uint64_t consumers = r_.length("a consumer count");
            for (uint64_t c = 0; c < consumers; ++c) {
                const size_t c_at = r_.pos();
                std::string cname = r_.string("a consumer name");
                const int64_t seen = static_cast<int64_t>(r_.le(8, "a consumer seen time"));
                StreamConsumer* consumer = cg->createConsumer(cname, now);
                if (!consumer) badValue(c_at, "duplicate consumer");
                consumer->seen_time = seen;
                const uint64_t owned = r_.length("a consumer PEL size");
                for (uint64_t k = 0; k < owned; ++k) {
                    const size_t n_at = r_.pos();
                    const StreamID id = decodeStreamId(r_.bytes(16, "a pending entry id"));
                    StreamNACK* nack = cg->findNack(id);
                    if (!nack) badValue(n_at, "consumer pending entry missing from the group PEL");
                    if (nack->consumer) badValue(n_at, "pending entry owned by two consumers");
                    cg->assign(id, *nack, *consumer);
                }
            }
            for (const auto& [id, nack] : cg->pel())
                if (!nack->consumer) badValue(g_at, "pending entry with no consumer");
        }
        return Object::stream(std::move(s));
    }

    Engine& e_;
    Reader r_;
    std::string_view data_;
    RdbLoadStats& st_;
    std::string key_;
};

}  // namespace

std::optional<std::string> rdbLoad(Engine& engine, std::string_view bytes, std::string_view filename,
                                   RdbLoadStats* stats, int functions) {
    RdbLoadStats local;
    RdbLoadStats& st = stats ? *stats : local;
    st = {};
    Loader loader(engine, bytes, st);
    try {
        loader.run();
    } catch (const LoadError& err) {
        st = {};
        return "'" + std::string(filename) + "' at offset " + std::to_string(err.offset) + ": " + err.what;
    }
    // The libraries go in first, all or nothing (a library that exists already, or code
    // that does not compile, refuses the file); then the databases are swapped in.
    if (!loader.functions_.empty() || functions == 2) {
        std::vector<std::string> codes;
        for (auto& f : loader.functions_) codes.push_back(std::move(f.code));
        if (auto err = engine.scripting().loadLibraries(codes, functions)) {
            st = {};
            const size_t at = loader.functions_.empty() ? 0 : loader.functions_.front().offset;
            return "'" + std::string(filename) + "' at offset " + std::to_string(at) +
                   ": a function library failed to load: " + *err;
        }
    }
    for (int i = 0; i < engine.dbCount(); ++i) {
        engine.db(i).swapWith(*loader.dbs_[static_cast<size_t>(i)]);
    }
    return std::nullopt;
}

bool rdbVerifyDumpPayload(std::string_view payload) {
    if (payload.size() < 10) return false;
    const size_t body = payload.size() - 10;
    const int version = static_cast<uint8_t>(payload[body]) | (static_cast<uint8_t>(payload[body + 1]) << 8);
    if (version > kRdbVersion) return false;
    uint64_t stored = 0;
    for (int i = 7; i >= 0; --i)
        stored = (stored << 8) | static_cast<uint8_t>(payload[body + 2 + static_cast<size_t>(i)]);
    return crc64(0, payload.data(), payload.size() - 8) == stored;
}

std::optional<Object> rdbLoadValue(Engine& engine, std::string_view payload, std::string& err, long long lru_idle,
                                   long long lfu_freq) {
    RdbLoadStats unused;
    Loader loader(engine, payload, unused);
    try {
        auto value = loader.readValue(lru_idle, lfu_freq);
        if (!value) err = "an empty collection";
        return value;
    } catch (const LoadError& e) {
        err = "at offset " + std::to_string(e.offset) + ": " + e.what;
        return std::nullopt;
    }
}

std::optional<std::string> rdbLoadFile(Engine& engine, const std::string& path, RdbLoadStats* stats, int functions) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) return "can't open '" + path + "': " + std::strerror(errno);
    // One read into a buffer of the file's size (no stream copies: a dump can be GBs).
    const std::streamoff size = in.tellg();
    if (size < 0) return "error reading '" + path + "'";
    std::string data(static_cast<size_t>(size), '\0');
    in.seekg(0);
    if (!in.read(data.data(), size)) return "error reading '" + path + "'";
    return rdbLoad(engine, data, path, stats, functions);
}

}  // namespace redsim
