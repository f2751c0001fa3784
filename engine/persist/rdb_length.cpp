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
            // Consumer groups: name, last id, entries_read (as an unsigned number, so the
            // unknown -1 takes 9 bytes), the group PEL with each NACK's 16-byte id, 8-byte
            // delivery time and delivery count, then each consumer with its name, 8-byte
            // seen time and its own PEL as bare 16-byte ids.
            const StreamGroups& groups = st.groups();
            n += rdbLenSize(groups.size());
            for (const auto& [name, cg] : groups.all()) {
                n += rdbStringLength(name) + rdbLenSize(cg.last_id.ms) + rdbLenSize(cg.last_id.seq);
                n += rdbLenSize(static_cast<uint64_t>(cg.entries_read));
                n += rdbLenSize(cg.pel().size());
                for (const auto& [id, nack] : cg.pel()) n += 16 + 8 + rdbLenSize(nack->delivery_count);
                n += rdbLenSize(cg.consumers().size());
                for (const auto& [cname, c] : cg.consumers())
                    n += rdbStringLength(cname) + 8 + rdbLenSize(c.pel.size()) + 16 * c.pel.size();
            }
            return n;
        }
    }
    return 0;
}

}  // namespace redsim
