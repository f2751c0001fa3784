#include "engine/persist/rdb_save.h"

#include <fcntl.h>
#include <liblzf/lzf.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>

#include "engine/db.h"
#include "engine/engine.h"
#include "engine/persist/crc64.h"
#include "engine/scripting/scripting.h"
#include "engine/util/numbers.h"

namespace redsim {

namespace {

// Opcodes between values (rdb.h).
constexpr uint8_t kOpFunction2 = 245;
constexpr uint8_t kOpIdle = 248;
constexpr uint8_t kOpFreq = 249;
constexpr uint8_t kOpAux = 250;
constexpr uint8_t kOpResizeDb = 251;
constexpr uint8_t kOpExpireTimeMs = 252;
constexpr uint8_t kOpSelectDb = 254;
constexpr uint8_t kOpEof = 255;

// Special string encodings: the top two bits 11, then which one.
constexpr uint8_t kEncInt8 = 0xC0;
constexpr uint8_t kEncInt16 = 0xC1;
constexpr uint8_t kEncInt32 = 0xC2;
constexpr uint8_t kEncLzf = 0xC3;

// A quicklist node's container (quicklist.h): one big element, or a listpack.
constexpr uint8_t kContainerPlain = 1;
constexpr uint8_t kContainerPacked = 2;

void littleEndian(std::string& out, uint64_t v, int bytes) {
    char buf[8];
    for (int i = 0; i < bytes; ++i) buf[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
    out.append(buf, static_cast<size_t>(bytes));
}

// rdbTryIntegerEncoding: only strings that read back identically (no "+1", "01", " 1").
bool intEncoding(std::string_view s, std::string& out) {
    if (s.empty() || s.size() > 11) return false;
    auto v = parseInt64(s);
    if (!v) return false;
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, *v);
    if (std::string_view(buf, static_cast<size_t>(res.ptr - buf)) != s) return false;
    if (*v >= INT8_MIN && *v <= INT8_MAX) {
        out += static_cast<char>(kEncInt8);
        littleEndian(out, static_cast<uint64_t>(*v), 1);
    } else if (*v >= INT16_MIN && *v <= INT16_MAX) {
        out += static_cast<char>(kEncInt16);
        littleEndian(out, static_cast<uint64_t>(*v), 2);
    } else if (*v >= INT32_MIN && *v <= INT32_MAX) {
        out += static_cast<char>(kEncInt32);
        littleEndian(out, static_cast<uint64_t>(*v), 4);
    } else {
        return false;
    }
    return true;
}

}  // namespace

void RdbWriter::len(uint64_t n) {
    // Built in a small buffer and appended once: SAVE calls this for every key.
    char buf[9];
    size_t k = 0;
    if (n < (1 << 6)) {
        buf[k++] = static_cast<char>(n);
    } else if (n < (1 << 14)) {
        buf[k++] = static_cast<char>(0x40 | (n >> 8));
        buf[k++] = static_cast<char>(n & 0xFF);
    } else if (n <= UINT32_MAX) {
        buf[k++] = static_cast<char>(0x80);
        for (int i = 3; i >= 0; --i) buf[k++] = static_cast<char>((n >> (8 * i)) & 0xFF);
    } else {
        buf[k++] = static_cast<char>(0x81);
        for (int i = 7; i >= 0; --i) buf[k++] = static_cast<char>((n >> (8 * i)) & 0xFF);
    }
    out_.append(buf, k);
}

void RdbWriter::lzfBlob(std::string_view compressed, size_t original_len) {
    byte(kEncLzf);
    len(compressed.size());
    len(original_len);
    raw(compressed);
}

void RdbWriter::string(std::string_view s) {
    if (intEncoding(s, out_)) return;
    if (compression_ && s.size() > 20) {
        // Compress into place at the end of the output: room for the marker and two
        // 5-byte lengths, then at most len-4 bytes of LZF (less would not pay off).
        const size_t start = out_.size();
        const size_t header = 1 + 5 + 5;
        out_.resize(start + header + s.size() - 4);
        const unsigned n = lzf_compress(s.data(), static_cast<unsigned>(s.size()), out_.data() + start + header,
                                        static_cast<unsigned>(s.size() - 4));
        if (n > 0) {
            std::string data(out_.data() + start + header, n);
            out_.resize(start);
            lzfBlob(data, s.size());
            return;
        }
        out_.resize(start);
    }
    len(s.size());
    raw(s);
}

void RdbWriter::millis(int64_t ms) { littleEndian(out_, static_cast<uint64_t>(ms), 8); }

void RdbWriter::binaryDouble(double d) { littleEndian(out_, std::bit_cast<uint64_t>(d), 8); }

RdbType RdbWriter::typeOf(const Object& o) {
    switch (o.type()) {
        case ObjType::String:
            return RdbType::String;
        case ObjType::List:
            return RdbType::ListQuicklist2;
        case ObjType::Set:
            return o.encoding() == Encoding::IntSet ? RdbType::SetIntset : RdbType::Set;
        case ObjType::ZSet:
            return o.encoding() == Encoding::ListPack ? RdbType::ZSetListpack : RdbType::ZSet2;
        case ObjType::Hash:
            return o.encoding() == Encoding::ListPack ? RdbType::HashListpack : RdbType::Hash;
        case ObjType::Stream:
            return RdbType::StreamListpacks2;
    }
    return RdbType::String;
}

void RdbWriter::object(const Object& o) {
    switch (o.encoding()) {
        case Encoding::Int: {
            // rdbSaveLongLongAsStringObject: an int encoding if it fits 32 bits, else the
            // decimal text (never LZF: at most 20 bytes).
            char buf[24];
            const auto res = std::to_chars(buf, buf + sizeof buf, o.intValue());
            const std::string_view text(buf, static_cast<size_t>(res.ptr - buf));
            if (!intEncoding(text, out_)) {
                len(text.size());
                raw(text);
            }
            return;
        }
        case Encoding::Raw:
        case Encoding::EmbStr:
            string(o.bytes());
            return;
        case Encoding::ListPack:
            string(o.listpack().bytes());
            return;
        case Encoding::IntSet:
            string(o.intset().bytes());
            return;
        case Encoding::QuickList: {
            const Quicklist& ql = o.quicklist();
            len(ql.nodeCount());
            ql.forEachNodePayload([&](const Quicklist::NodePayload& p) {
                len(p.plain ? kContainerPlain : kContainerPacked);
                if (p.compressed)
                    lzfBlob(p.bytes, p.sz);
                else
                    string(p.bytes);
            });
            return;
        }
        case Encoding::HashTable:
            if (o.type() == ObjType::Hash) {
                const HashDict& d = o.hashDict();
                len(d.size());
                d.forEach([&](const auto& e) {
                    string(e.key);
                    string(e.value);
                });
            } else {
                const SetDict& d = o.setDict();
                len(d.size());
                d.forEach([&](const auto& e) { string(e.key); });
            }
            return;
        case Encoding::SkipList: {
            // From the tail to the head, so loading inserts each member at the head of
            // the new skiplist (cheap) instead of searching for its place.
            const Skiplist& zsl = o.zsetIndex().zsl;
            len(zsl.size());
            for (const Skiplist::Node* n = zsl.last(); n; n = n->prev()) {
                string(n->member());
                binaryDouble(n->score());
            }
            return;
        }
        case Encoding::Stream: {
            const Stream& st = o.streamValue();
            len(st.nodeCount());
            for (const auto& [master, lp] : st.nodes()) {
                string(Stream::encodeId(master));
                string(lp.bytes());
            }
            const StreamID last = st.lastId(), first = st.firstId(), maxdel = st.maxDeletedId();
            len(st.length());
            len(last.ms);
            len(last.seq);
            len(first.ms);
            len(first.seq);
            len(maxdel.ms);
            len(maxdel.seq);
            len(st.entriesAdded());
            const StreamGroups& groups = st.groups();
            len(groups.size());
            for (const auto& [name, cg] : groups.all()) {
                string(name);
                len(cg.last_id.ms);
                len(cg.last_id.seq);
                len(static_cast<uint64_t>(cg.entries_read));
                // The group PEL: raw 16-byte ids with delivery time and count.
                len(cg.pel().size());
                for (const auto& [id, nack] : cg.pel()) {
                    raw(Stream::encodeId(id));
                    millis(nack->delivery_time);
                    len(nack->delivery_count);
                }
                // Consumers: name, seen time, and their PEL as bare ids (the NACKs
                // themselves are in the group PEL above).
                len(cg.consumers().size());
                for (const auto& [cname, c] : cg.consumers()) {
                    string(cname);
                    millis(c.seen_time);
                    len(c.pel.size());
                    for (const auto& [id, nack] : c.pel) raw(Stream::encodeId(id));
                }
            }
            return;
        }
    }
}

std::string rdbSerializeValue(const Object& o, bool compression) {
    std::string out;
    RdbWriter w(out, compression);
    w.byte(static_cast<uint8_t>(RdbWriter::typeOf(o)));
    w.object(o);
    return out;
}

namespace {

// The file, written into `out` and handed to `flush` in pieces of about kChunk bytes
// (after a key: a value is never split across calls, which does not matter, but it
// keeps the check out of the per-element loops). `flush` returns false to stop (a write
// error). The CRC is computed over each piece as it leaves. Returns false if stopped.
constexpr size_t kChunk = 1 << 20;

template <class Flush>
bool writeRdb(Engine& engine, const RdbSaveOptions& opts, std::string& out, Flush&& flush, RdbSaveStats* stats) {
    uint64_t crc = 0;
    uint64_t bytes = 0;
    auto emit = [&] {
        if (opts.checksum) crc = crc64(crc, out);
        bytes += out.size();
        const bool ok = flush(std::string_view(out));
        out.clear();
        return ok;
    };
    RdbWriter w(out, opts.compression);
    w.raw("REDIS0010");
    auto aux = [&](std::string_view name, std::string_view value) {
        w.byte(kOpAux);
        w.string(name);
        w.string(value);
    };
    aux("redis-ver", "7.0.15");
    aux("redis-bits", "64");
    aux("ctime", std::to_string(opts.ctime_s));
    aux("used-mem", std::to_string(opts.used_mem));
    aux("aof-base", opts.aof_base ? "1" : "0");
    for (const auto& [name, lib] : engine.scripting().libraries()) {
        w.byte(kOpFunction2);
        w.string(lib.code);
    }

    const ConfigValues& cfg = engine.config().values;
    const bool save_lru =
        cfg.maxmemory_policy == MaxmemoryPolicy::VolatileLru || cfg.maxmemory_policy == MaxmemoryPolicy::AllkeysLru;
    const bool save_lfu = cfg.lfuPolicy();
    uint64_t keys = 0;
    bool ok = true;
    for (int i = 0; i < engine.dbCount() && ok; ++i) {
        const Db& db = engine.db(i);
        if (db.size() == 0) continue;
        w.byte(kOpSelectDb);
        w.len(static_cast<uint64_t>(i));
        w.byte(kOpResizeDb);
        w.len(db.size());
        w.len(db.expiresCount());
        const bool any_expires = db.expiresCount() > 0;
        db.keys().forEach([&](const auto& e) {
            if (!ok) return;
            if (any_expires) {
                const int64_t when = db.expireAt(e.key);
                if (when != -1) {
                    w.byte(kOpExpireTimeMs);
                    w.millis(when);
                }
            }
            if (save_lru) {
                w.byte(kOpIdle);
                w.len(static_cast<uint64_t>(db.idleMs(e.value) / 1000));
            } else if (save_lfu) {
                w.byte(kOpFreq);
                w.byte(static_cast<uint8_t>(db.lfuDecrAndReturn(e.value)));
            }
            w.byte(static_cast<uint8_t>(RdbWriter::typeOf(e.value)));
            w.string(e.key);
            w.object(e.value);
            ++keys;
            // rdb-key-save-delay: a test hook that slows the save down (Redis's
            // debugDelay; microseconds per key).
            if (opts.key_save_delay_us > 0) ::usleep(static_cast<useconds_t>(opts.key_save_delay_us));
            if (out.size() >= kChunk) ok = emit();
        });
    }
    if (!ok) return false;
    w.byte(kOpEof);
    if (opts.checksum) crc = crc64(crc, out);
    littleEndian(out, opts.checksum ? crc : 0, 8);
    bytes += out.size();
    ok = flush(std::string_view(out));
    out.clear();
    if (stats) {
        stats->keys = keys;
        stats->bytes = bytes;
    }
    return ok;
}

}  // namespace

std::string rdbSerialize(Engine& engine, const RdbSaveOptions& opts) {
    std::string result;
    std::string buf;
    writeRdb(
        engine, opts, buf,
        [&](std::string_view piece) {
            result.append(piece);
            return true;
        },
        nullptr);
    return result;
}

std::string rdbSaveToFile(Engine& engine, const std::string& path, const RdbSaveOptions& opts, RdbSaveStats* stats) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    // Redis's name: temp-<pid>.rdb next to the target (a BGSAVE child's own pid, so the
    // parent knows which file to remove if it kills the child).
    const fs::path temp = target.parent_path() / ("temp-" + std::to_string(::getpid()) + ".rdb");
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        const int err = errno;
        return "Failed opening the temp RDB file " + temp.filename().string() + " (in server root dir " +
               target.parent_path().string() + ") for saving: " + std::strerror(err);
    }
    int write_errno = 0;
    auto write_all = [&](std::string_view data) {
        size_t done = 0;
        while (done < data.size()) {
            const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
            if (n < 0) {
                if (errno == EINTR) continue;
                write_errno = errno;
                return false;
            }
            done += static_cast<size_t>(n);
        }
        return true;
    };
    auto fail = [&](int err) {
        ::close(fd);
        ::unlink(temp.c_str());
        return "Write error saving DB on disk: " + std::string(std::strerror(err));
    };
    std::string buf;
    buf.reserve(kChunk + (kChunk >> 2));
    if (!writeRdb(engine, opts, buf, write_all, stats)) return fail(write_errno);
    if (::fsync(fd) != 0) return fail(errno);
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        return "Write error saving DB on disk: " + std::string(std::strerror(err));
    }
    if (::rename(temp.c_str(), target.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        return "Error moving temp DB file " + temp.filename().string() + " on the final destination " +
               target.filename().string() + " (in server root dir " + target.parent_path().string() +
               "): " + std::strerror(err);
    }
    return {};
}

}  // namespace redsim
