// Stream nodes (engine/types/stream.h): node listpacks byte for byte as Redis 7.0 builds
// them (checked against bytes taken from a real redis-server's DUMP), and a long seeded
// random sequence of append / remove / trim (MAXLEN and MINID, `=` and `~`, LIMIT) with
// random node limits, checked after every step against a model that keeps the nodes as
// plain vectors: the live entries, length, first/last ids, node count, each node's
// master header, and each node's listpack re-encoded from the model; plus forward and
// backward iteration over random ranges.
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "../engine/test_util.h"
#include "engine/ds/listpack.h"
#include "engine/types/stream.h"

using redsim::Listpack;
using redsim::Stream;
using redsim::StreamID;

namespace {

std::string hex(const std::string& bytes) {
    static const char* d = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += d[c >> 4];
        out += d[c & 15];
    }
    return out;
}

// ---- The model: nodes as vectors, encoded independently of stream.cpp ----------------

struct MEntry {
    StreamID id;
    Stream::Fields fields;
    bool deleted = false;
    bool same = false;
};
struct MNode {
    std::vector<std::string> master_fields;
    std::vector<MEntry> entries;
    long long live() const {
        long long n = 0;
        for (const MEntry& e : entries) n += e.deleted ? 0 : 1;
        return n;
    }
};

struct Model {
    std::map<StreamID, MNode> nodes;
    size_t length = 0;

    // The node's listpack as the format says it must be.
    static std::string encode(StreamID master, const MNode& n) {
        Listpack lp;
        lp.append(n.live());
        lp.append(static_cast<long long>(n.entries.size()) - n.live());
        lp.append(static_cast<long long>(n.master_fields.size()));
        for (const std::string& f : n.master_fields) lp.append(std::string_view(f));
        lp.append(0LL);
        for (const MEntry& e : n.entries) {
            lp.append((e.deleted ? 1LL : 0LL) | (e.same ? 2LL : 0LL));
            lp.append(static_cast<long long>(e.id.ms - master.ms));
            lp.append(static_cast<long long>(e.id.seq - master.seq));
            const long long nf = static_cast<long long>(e.fields.size() / 2);
            if (!e.same) lp.append(nf);
            for (size_t i = 0; i < e.fields.size(); i += 2) {
                if (!e.same) lp.append(std::string_view(e.fields[i]));
                lp.append(std::string_view(e.fields[i + 1]));
            }
            lp.append(e.same ? 3 + nf : 4 + 2 * nf);
        }
        return lp.bytes();
    }

    void append(StreamID id, const Stream::Fields& fields, Stream::NodeLimits lim) {
        size_t total = 0;
        for (const std::string& f : fields) total += f.size();
        std::vector<std::string> names;
        for (size_t i = 0; i < fields.size(); i += 2) names.push_back(fields[i]);
        bool fresh = nodes.empty();
        if (!fresh) {
            const auto& [master, last] = *std::prev(nodes.end());
            const size_t max_bytes = lim.max_bytes == 0 ? Stream::kListpackMaxSize : lim.max_bytes;
            if (encode(master, last).size() + total >= max_bytes) fresh = true;
            if (lim.max_entries && last.entries.size() >= lim.max_entries) fresh = true;
        }
        if (fresh) nodes[id].master_fields = names;
        MNode& n = std::prev(nodes.end())->second;
        n.entries.push_back({id, fields, false, fresh || names == n.master_fields});
        ++length;
    }

    bool remove(StreamID id) {
        auto it = nodes.upper_bound(id);
        if (it == nodes.begin()) return false;
        --it;
        for (MEntry& e : it->second.entries) {
            if (e.id == id && !e.deleted) {
                e.deleted = true;
                --length;
                if (it->second.live() == 0) nodes.erase(it);
                return true;
            }
        }
        return false;
    }

    size_t trim(Stream::Trim how, uint64_t maxlen, StreamID minid, bool approx, uint64_t limit) {
        size_t gone = 0;
        for (auto it = nodes.begin(); it != nodes.end();) {
            if (how == Stream::Trim::MaxLen && length <= maxlen) break;
            const uint64_t live = static_cast<uint64_t>(it->second.live());
            if (limit && gone + live > limit) break;
            const bool whole =
                how == Stream::Trim::MaxLen ? length - live >= maxlen : it->second.entries.back().id < minid;
            if (whole) {
                length -= live;
                gone += live;
                it = nodes.erase(it);
                continue;
            }
            if (!approx) {
                for (MEntry& e : it->second.entries) {
                    if (how == Stream::Trim::MaxLen ? length <= maxlen : !(e.id < minid)) break;
                    if (!e.deleted) {
                        e.deleted = true;
                        --length;
                        ++gone;
                    }
                }
            }
            break;
        }
        return gone;
    }

    std::map<StreamID, Stream::Fields> live() const {
        std::map<StreamID, Stream::Fields> m;
        for (const auto& [master, n] : nodes)
            for (const MEntry& e : n.entries)
                if (!e.deleted) m[e.id] = e.fields;
        return m;
    }
};

void checkSame(const Stream& s, const Model& m, bool bytes) {
    REQUIRE(s.length() == m.length);
    REQUIRE(s.nodeCount() == m.nodes.size());
    auto it = m.nodes.begin();
    for (const auto& [master, lp] : s.nodes()) {
        REQUIRE(master == it->first);
        const Stream::NodeHeader h = Stream::nodeHeader(lp);
        REQUIRE(h.count == it->second.live());
        REQUIRE(h.deleted == static_cast<long long>(it->second.entries.size()) - it->second.live());
        REQUIRE(h.fields == it->second.master_fields);
        if (bytes) {
            REQUIRE(hex(lp.bytes()) == hex(Model::encode(it->first, it->second)));
            const auto entries = Stream::nodeEntries(master, lp);
            REQUIRE(entries.size() == it->second.entries.size());
            for (size_t i = 0; i < entries.size(); ++i) {
                const MEntry& e = it->second.entries[i];
                REQUIRE(entries[i].id == e.id);
                REQUIRE(entries[i].flags ==
                        ((e.deleted ? Stream::kFlagDeleted : 0) | (e.same ? Stream::kFlagSameFields : 0)));
            }
        }
        ++it;
    }
    const auto live = m.live();
    REQUIRE(s.firstId() == (live.empty() ? StreamID{} : live.begin()->first));
    REQUIRE(s.lastEntryId() == (live.empty() ? StreamID{} : std::prev(live.end())->first));
    std::vector<StreamID> got;
    StreamID id;
    for (Stream::Iterator i(s, redsim::kStreamMinID, redsim::kStreamMaxID, false);
         const Stream::Fields* f = i.next(id);) {
        REQUIRE(live.count(id) == 1);
        REQUIRE(*f == live.at(id));
        got.push_back(id);
    }
    REQUIRE(got.size() == live.size());
}

}  // namespace

TEST_CASE("stream nodes: listpack bytes equal Redis 7.0.15's (from DUMP)") {
    // CONFIG SET stream-node-max-entries 3; XADD s 1-1 a 1 b hello; XADD s 1-2 a 2 b x;
    // XADD s 1-3 c -7; XADD s 5-10 a 99999999999 b ""; XADD s 6-0 a 1 b 2; XADD s 6-1 c 300;
    // XDEL s 6-0; XTRIM s MAXLEN = 3 -> 2 (marks 1-1 and 1-2 deleted in the first node).
    redsim::test::Harness h;
    h.run({"CONFIG", "SET", "stream-node-max-entries", "3"});
    h.run({"XADD", "s", "1-1", "a", "1", "b", "hello"});
    h.run({"XADD", "s", "1-2", "a", "2", "b", "x"});
    h.run({"XADD", "s", "1-3", "c", "-7"});
    h.run({"XADD", "s", "5-10", "a", "99999999999", "b", ""});
    h.run({"XADD", "s", "6-0", "a", "1", "b", "2"});
    h.run({"XADD", "s", "6-1", "c", "300"});
    CHECK(h.cli({"XDEL", "s", "6-0"}) == "(integer) 1");
    CHECK(h.cli({"XTRIM", "s", "MAXLEN", "=", "3"}) == "(integer) 2");
    const Stream& s = h.engine.db(0).peek("s")->streamValue();
    REQUIRE(s.nodeCount() == 2);
    auto it = s.nodes().begin();
    CHECK(it->first == StreamID{1, 1});
    CHECK(hex(it->second.bytes()) ==
          "430000001900010102010201816102816202000103010001000101018568656c6c6f0605010301000101010201817802050100010001"
          "02010101816302dff9020601ff");
    ++it;
    CHECK(it->first == StreamID{5, 10});
    CHECK(
        hex(it->second.bytes()) ==
        "4700000019000201010102018161028162020001020100010001f4ffe7764817000000098001050103010101dff6020101020105010001"
        "0101dff7020101816302c12c020601ff");
    // The first node still holds 1-1 and 1-2, flagged deleted by the exact trim.
    const auto entries = Stream::nodeEntries(s.nodes().begin()->first, s.nodes().begin()->second);
    REQUIRE(entries.size() == 3);
    CHECK(entries[0].id == StreamID{1, 1});
    CHECK(entries[0].flags == (Stream::kFlagDeleted | Stream::kFlagSameFields));
    CHECK(entries[0].elements == 6);  // flags, 2 deltas, 2 values, lp-count
    CHECK(entries[1].flags == (Stream::kFlagDeleted | Stream::kFlagSameFields));
    CHECK(entries[2].id == StreamID{1, 3});
    CHECK(entries[2].flags == 0);
    CHECK(entries[2].elements == 7);  // flags, 2 deltas, field count, field, value, lp-count
    CHECK(s.firstId() == StreamID{1, 3});
    CHECK(s.lastEntryId() == StreamID{6, 1});
    CHECK(s.contains(StreamID{1, 3}));
    CHECK_FALSE(s.contains(StreamID{1, 2}));
    CHECK_FALSE(s.contains(StreamID{6, 0}));
    CHECK(h.cli({"XREVRANGE", "s", "+", "-", "COUNT", "2"}) ==
          "1) 1) \"6-1\"\n   2) 1) \"c\"\n      2) \"300\"\n2) 1) \"5-10\"\n   2) 1) \"a\"\n      2) \"99999999999\"\n"
          "      3) \"b\"\n      4) \"\"");
}

TEST_CASE("stream nodes: stream-node-max-bytes / -entries decide where a node starts") {
    redsim::test::Harness h;
    CHECK(h.cli({"CONFIG", "GET", "stream-node-max-bytes"}) == "1) \"stream-node-max-bytes\"\n2) \"4096\"");
    CHECK(h.cli({"CONFIG", "GET", "stream-node-max-entries"}) == "1) \"stream-node-max-entries\"\n2) \"100\"");
    CHECK(h.cli({"CONFIG", "SET", "stream-node-max-bytes", "1kb"}) == "OK");
    CHECK(h.cli({"CONFIG", "GET", "stream-node-max-bytes"}) == "1) \"stream-node-max-bytes\"\n2) \"1024\"");
    CHECK(h.cli({"CONFIG", "SET", "stream-node-max-entries", "-1"}) ==
          "(error) ERR CONFIG SET failed (possibly related to argument 'stream-node-max-entries') - argument must be "
          "between 0 and 9223372036854775807 inclusive");
    CHECK(h.cli({"CONFIG", "SET", "stream-node-max-bytes", "-1"}) ==
          "(error) ERR CONFIG SET failed (possibly related to argument 'stream-node-max-bytes') - argument must be a "
          "memory value");
    // 0 entries = no entry limit: only bytes split nodes.
    h.run({"CONFIG", "SET", "stream-node-max-entries", "0"});
    h.run({"CONFIG", "SET", "stream-node-max-bytes", "0"});
    for (int i = 1; i <= 500; ++i) h.run({"XADD", "s", std::to_string(i) + "-0", "f", "v"});
    CHECK(h.engine.db(0).peek("s")->streamValue().nodeCount() == 1);
    h.run({"CONFIG", "SET", "stream-node-max-entries", "10"});
    h.run({"XADD", "s", "501-0", "f", "v"});
    CHECK(h.engine.db(0).peek("s")->streamValue().nodeCount() == 2);
    // `~` drops whole nodes only, and its default LIMIT is 100 * max-entries.
    h.run({"CONFIG", "SET", "stream-node-max-bytes", "4096"});
    for (int i = 502; i <= 530; ++i) h.run({"XADD", "s", std::to_string(i) + "-0", "f", "v"});
    const Stream& s = h.engine.db(0).peek("s")->streamValue();
    CHECK(s.nodeCount() == 4);        // XINFO STREAM on Redis: radix-tree-keys 4
    CHECK(s.radixTreeNodes() == 11);  // radix-tree-nodes 11
    h.run({"CONFIG", "SET", "stream-node-max-entries", "4"});
    CHECK(h.cli({"XTRIM", "s", "MAXLEN", "~", "5"}) == "(integer) 0");  // LIMIT 400 < the 500-entry node
    CHECK(h.cli({"XLEN", "s"}) == "(integer) 530");
    h.run({"CONFIG", "SET", "stream-node-max-entries", "10"});
    CHECK(h.cli({"XTRIM", "s", "MAXLEN", "~", "5"}) == "(integer) 520");  // LIMIT 1000
    CHECK(h.cli({"XLEN", "s"}) == "(integer) 10");
}

TEST_CASE("stream nodes: seeded random append/remove/trim/iterate against a model") {
    for (uint64_t seed = 1; seed <= 4; ++seed) {
        CAPTURE(seed);
        std::mt19937_64 rng(seed);
        auto pick = [&](uint64_t n) { return static_cast<uint64_t>(rng() % n); };
        Stream s;
        Model m;
        std::vector<StreamID> ids;
        StreamID last{};
        Stream::NodeLimits lim;
        const std::vector<std::vector<std::string>> names = {{"a", "b"}, {"a", "b"}, {"a"},
                                                             {"b", "a"}, {"1", "2"}, {"x", "y", "z"}};
        auto value = [&]() -> std::string {
            switch (pick(6)) {
                case 0:
                    return std::to_string(static_cast<long long>(rng() >> pick(64)) * (pick(2) ? 1 : -1));
                case 1:
                    return std::string(pick(20), 'v');
                case 2:
                    return std::string(40 + pick(300), 'w');
                case 3:
                    return pick(20) == 0 ? std::string(4000 + pick(3000), 'B') : "012";
                case 4:
                    return std::to_string(pick(200));
                default:
                    return "s" + std::to_string(pick(1000));
            }
        };
        auto someId = [&]() {
            if (!ids.empty() && pick(5)) return ids[pick(ids.size())];
            return StreamID{pick(last.ms + 3), pick(4)};
        };
        for (int step = 0; step < 1500; ++step) {
            CAPTURE(step);
            const uint64_t r = pick(100);
            if (r < 50) {
                StreamID id = last;
                switch (pick(5)) {
                    case 0:
                        id.ms += 1 + pick(1000);
                        id.seq = pick(3);
                        break;
                    case 1:
                        id.ms += (1ULL << 33) + pick(1000);
                        id.seq = 0;
                        break;  // a big ms delta
                    case 2:
                        id.ms += 1;
                        id.seq = pick(2) ? 0 : (1ULL << 40);
                        break;  // seq below the master's
                    default:
                        id.seq += 1;
                        break;
                }
                Stream::Fields f;
                for (const std::string& n : names[pick(names.size())]) {
                    f.push_back(n);
                    f.push_back(value());
                }
                s.append(id, f, lim);
                m.append(id, f, lim);
                ids.push_back(id);
                last = id;
                REQUIRE(s.lastId() == id);
            } else if (r < 62) {
                const StreamID id = someId();
                REQUIRE(s.remove(id) == m.remove(id));
            } else if (r < 70) {
                const auto how = pick(2) ? Stream::Trim::MaxLen : Stream::Trim::MinId;
                const uint64_t maxlen = pick(3) ? pick(s.length() + 5) : pick(2000);
                const StreamID minid = ids.empty() ? StreamID{} : ids[pick(ids.size()) * pick(4) / 10];
                const bool approx = pick(2);
                const uint64_t limit = approx && pick(2) ? pick(300) : 0;
                REQUIRE(s.trim(how, maxlen, minid, approx, limit) == m.trim(how, maxlen, minid, approx, limit));
            } else if (r < 90) {
                StreamID a = someId(), b = someId();
                if (b < a) std::swap(a, b);
                const bool rev = pick(2);
                const auto live = m.live();
                std::vector<StreamID> want;
                for (auto it = live.lower_bound(a); it != live.end() && !(b < it->first); ++it)
                    want.push_back(it->first);
                if (rev) std::reverse(want.begin(), want.end());
                std::vector<StreamID> got;
                StreamID id;
                for (Stream::Iterator it(s, a, b, rev); const Stream::Fields* f = it.next(id);) {
                    REQUIRE(*f == live.at(id));
                    got.push_back(id);
                }
                REQUIRE(got == want);
                // An empty range (end < start) yields nothing.
                Stream::Iterator none(s, b, a, rev);
                if (a < b) REQUIRE(none.next(id) == nullptr);
            } else {
                const uint64_t e[] = {0, 1, 2, 3, 5, 10, 100};
                const size_t by[] = {0, 1, 60, 200, 500, 4096};
                lim = {by[pick(6)], e[pick(7)]};
            }
            checkSame(s, m, step % 4 == 0);
        }
    }
}
