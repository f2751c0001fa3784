#include "engine/persist/rdb_length.h"

#include <liblzf/lzf.h>

#include <cstdint>
#include <string>

#include "engine/util/numbers.h"

namespace redsim {

size_t rdbLenSize(size_t len) { return len < (1 << 6) ? 1 : len < (1 << 14) ? 2 : len <= UINT32_MAX ? 5 : 9; }

namespace {

// rdbSaveLzfBlob: the LZF marker byte, compressed and original lengths, the data.
size_t lzfBlobLength(size_t compressed, size_t original) {
    return 1 + rdbLenSize(compressed) + rdbLenSize(original) + compressed;
}

}  // namespace

size_t rdbStringLength(std::string_view s) {
    if (s.size() <= 11) {
        if (auto v = parseInt64(s)) {
            if (*v >= -(1 << 7) && *v <= (1 << 7) - 1) return 2;
            if (*v >= -(1 << 15) && *v <= (1 << 15) - 1) return 3;
            if (*v >= -(1LL << 31) && *v <= (1LL << 31) - 1) return 5;
        }
    }
    if (s.size() > 20) {
        std::string out(s.size() - 4, '\0');
        const unsigned n =
            lzf_compress(s.data(), static_cast<unsigned>(s.size()), out.data(), static_cast<unsigned>(out.size()));
        if (n > 0) return lzfBlobLength(n, s.size());
    }
    return rdbLenSize(s.size()) + s.size();
}

size_t rdbObjectLength(const Object& o) {
    switch (o.encoding()) {
        case Encoding::Int:
            return rdbStringLength(std::to_string(o.intValue()));
        case Encoding::Raw:
        case Encoding::EmbStr:
            return rdbStringLength(o.bytes());
        case Encoding::ListPack:
            return rdbStringLength(o.listpack().bytes());
        case Encoding::IntSet:
            return rdbStringLength(o.intset().bytes());
        case Encoding::QuickList: {
            const Quicklist& ql = o.quicklist();
            size_t n = rdbLenSize(ql.nodeCount());
            ql.forEachNodePayload([&](const Quicklist::NodePayload& p) {
                n += 1;  // container: PLAIN or PACKED, as a length
                n += p.compressed ? lzfBlobLength(p.bytes.size(), p.sz) : rdbStringLength(p.bytes);
            });
            return n;
        }
        case Encoding::HashTable:
            if (o.type() == ObjType::Hash) {
                const HashDict& d = o.hashDict();
                size_t n = rdbLenSize(d.size());
                d.forEach([&](const auto& e) { n += rdbStringLength(e.key) + rdbStringLength(e.value); });
                return n;
            } else {
                const SetDict& d = o.setDict();
                size_t n = rdbLenSize(d.size());
                d.forEach([&](const auto& e) { n += rdbStringLength(e.key); });
                return n;
            }
        case Encoding::SkipList: {
            const ZSetIndex& z = o.zsetIndex();
            size_t n = rdbLenSize(z.zsl.size());
            for (const Skiplist::Node& node : z.zsl) n += rdbStringLength(node.member()) + 8;
            return n;
        }
        case Encoding::Stream: {
            // rdbSaveObject for RDB_TYPE_STREAM_LISTPACKS_2 (Redis 7.0): the node count,
            // each node as its 16-byte master id and its listpack (both as strings, so
            // a big listpack may be LZF-compressed), the length, the last, first and
            // max-deleted ids and entries-added as lengths, then the consumer groups.
            const Stream& st = o.streamValue();
            size_t n = rdbLenSize(st.nodeCount());
            for (const auto& [master, lp] : st.nodes())
                n += rdbStringLength(Stream::encodeId(master)) + rdbStringLength(lp.bytes());
            const StreamID last = st.lastId(), first = st.firstId(), maxdel = st.maxDeletedId();
            n += rdbLenSize(st.length());
            n += rdbLenSize(last.ms) + rdbLenSize(last.seq) + rdbLenSize(first.ms) + rdbLenSize(first.seq);
            n += rdbLenSize(maxdel.ms) + rdbLenSize(maxdel.seq) + rdbLenSize(st.entriesAdded());
            // TODO(groups): once stream_group.h holds groups, replace the 0 below by the
            // group count and add per group (checked on 7.0.15 with DEBUG OBJECT):
            // rdbStringLength(name) + rdbLenSize(last_id.ms) + rdbLenSize(last_id.seq)
            // + rdbLenSize(entries_read as uint64: -1 "unknown" takes 9 bytes)
            // + rdbLenSize(PEL size) + per PEL entry (16-byte id + 8-byte delivery time
            //   + rdbLenSize(delivery count))
            // + rdbLenSize(consumer count) + per consumer (rdbStringLength(name)
            //   + 8-byte seen time + rdbLenSize(its PEL size) + 16 per PEL entry).
            n += rdbLenSize(0);
            return n;
        }
    }
    return 0;
}

}  // namespace redsim
