// Value snapshots (engine/inspect/value.h) and skiplist search paths: every encoding
// built directly from the structures, checked against the structures themselves
// (offsets and sizes add up, spans sum to ranks, chains sit in their buckets), limits
// respected with "more" counts, and no side effects on the engine.
#include "engine/inspect/value.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/types/geo.h"
#include "engine/types/hll.h"
#include "engine/util/numbers.h"
#include "tests/engine/test_util.h"

using redsim::Dict;
using redsim::Encoding;
using redsim::HashDict;
using redsim::Intset;
using redsim::Listpack;
using redsim::Object;
using redsim::ObjType;
using redsim::Quicklist;
using redsim::SetDict;
using redsim::SetMember;
using redsim::Skiplist;
using redsim::ZSetIndex;
namespace inspect = redsim::inspect;

namespace {

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

Object hashListpack(const std::vector<std::pair<std::string, std::string>>& pairs) {
    Listpack lp;
    for (const auto& [f, v] : pairs) {
        lp.append(f);
        lp.append(v);
    }
    return Object::hashListpack(std::move(lp));
}

std::unique_ptr<ZSetIndex> zsetIndex(redsim::Engine& e, size_t n) {
    auto z = std::make_unique<ZSetIndex>(e.hashSeed(), e.rng());
    for (size_t i = 0; i < n; ++i) {
        const std::string m = "m" + std::to_string(i);
        const double score = static_cast<double>(i / 2);  // pairs of equal scores: ties by member
        z->zsl.insert(m, score);
        z->dict.insert(m, score);
    }
    return z;
}

// Checks the path invariants: starts on the header at the top level; a move keeps the
// level and adds its span; a drop keeps the node and goes down one level; the rank of
// every step is the sum of the spans followed so far.
void requireWellFormed(const Skiplist::Path& p, int top) {
    REQUIRE(!p.steps.empty());
    REQUIRE(p.steps[0].rank == 0);
    REQUIRE(p.steps[0].level == top - 1);
    unsigned long sum = 0;
    for (size_t i = 1; i < p.steps.size(); ++i) {
        const auto& prev = p.steps[i - 1];
        const auto& st = p.steps[i];
        if (st.span == 0) {
            REQUIRE(st.level == prev.level - 1);
            REQUIRE(st.rank == prev.rank);
        } else {
            REQUIRE(st.level == prev.level);
            sum += st.span;
        }
        REQUIRE(st.rank == sum);
    }
}

unsigned long spanSum(const Skiplist::Path& p) {
    unsigned long s = 0;
    for (const auto& st : p.steps) s += st.span;
    return s;
}

}  // namespace

TEST_SUITE("inspect") {
    TEST_CASE("inspect.string.encodings_and_reasons") {
        redsim::ConfigValues cfg;
        auto i = inspect::inspectObject(Object::intString(42, true), cfg);
        CHECK(i.type == ObjType::String);
        CHECK(i.encoding == Encoding::Int);
        CHECK(i.string->bytes.text == "42");
        CHECK(i.length == 2);
        CHECK(i.string->shared);
        CHECK(contains(i.reason, "canonical"));
        CHECK(contains(i.reason, "2147483647"));

        auto e = inspect::inspectObject(Object::fromString(std::string(44, 'x')), cfg);
        CHECK(e.encoding == Encoding::EmbStr);
        CHECK(contains(e.reason, "44 bytes, at most 44"));

        auto r = inspect::inspectObject(Object::fromString(std::string(45, 'y')), cfg);
        CHECK(r.encoding == Encoding::Raw);
        CHECK(contains(r.reason, "45 bytes, more than the 44"));

        auto small_raw = inspect::inspectObject(Object::rawString("ab"), cfg);
        CHECK(contains(small_raw.reason, "changed in place"));

        inspect::Limits lim;
        lim.string_bytes = 10;
        auto big = inspect::inspectObject(Object::rawString(std::string(1000, 'z')), cfg, "k", lim);
        CHECK(big.string->bytes.text == std::string(10, 'z'));
        CHECK(big.string->bytes.full_size == 1000);
        CHECK(big.string->bytes.cut());
        CHECK(big.length == 1000);
        CHECK(big.key == "k");
    }

    TEST_CASE("inspect.listpack.offsets_encodings_sizes") {
        redsim::ConfigValues cfg;
        const std::string long_value(100, 'v');
        Object o = hashListpack({{"a", "1"}, {"n", "4000"}, {"big", long_value}, {"neg", "-70000"}});
        const Listpack& lp = o.listpack();
        auto s = inspect::inspectObject(o, cfg);
        REQUIRE(s.listpack);
        const auto& l = *s.listpack;
        CHECK(s.length == 4);
        CHECK(l.count == 8);
        CHECK(l.header_count == 8);
        CHECK(l.total_bytes == lp.byteSize());
        CHECK(l.header_bytes == 6);
        CHECK(l.terminator_offset == lp.byteSize() - 1);
        REQUIRE(l.entries.size() == 8);
        CHECK(l.more == 0);
        // Entries are back to back between the header and the terminator.
        size_t off = 6;
        for (const auto& e : l.entries) {
            CHECK(e.offset == off);
            off += e.total();
        }
        CHECK(off == l.terminator_offset);
        CHECK(l.entries[0].encoding == "6BIT_STR");
        CHECK(l.entries[0].role == "field");
        CHECK(l.entries[0].value.text == "a");
        CHECK(l.entries[0].total() == 3);  // tag+len, 1 byte, backlen
        CHECK(l.entries[0].raw == std::string("\x81"
                                              "a"
                                              "\x02",
                                              3));
        CHECK(l.header_raw == lp.bytes().substr(0, 6));
        CHECK(l.entries[1].encoding == "7BIT_UINT");
        CHECK(l.entries[1].role == "value");
        CHECK(l.entries[1].is_int);
        CHECK(l.entries[1].encoding_bytes == 1);
        CHECK(l.entries[1].data_bytes == 0);
        CHECK(l.entries[3].encoding == "13BIT_INT");
        CHECK(l.entries[3].value.text == "4000");
        CHECK(l.entries[5].encoding == "12BIT_STR");
        CHECK(l.entries[5].encoding_bytes == 2);
        CHECK(l.entries[5].data_bytes == 100);
        CHECK(l.entries[5].backlen_bytes == 1);
        CHECK(l.entries[5].raw == lp.bytes().substr(l.entries[5].offset, 6));  // cut at Limits::raw_bytes
        CHECK(l.entries[7].encoding == "24BIT_INT");
        CHECK(l.entries[7].value.text == "-70000");
        CHECK(contains(s.reason, "hash-max-listpack-entries (512)"));
        CHECK(contains(s.reason, "hash-max-listpack-value (64)"));
        CHECK(contains(s.reason, "longest string is 100 bytes"));
        CHECK(s.thresholds.size() == 2);
    }

    TEST_CASE("inspect.listpack.bounded_with_more_count") {
        redsim::ConfigValues cfg;
        std::vector<std::pair<std::string, std::string>> pairs;
        for (int i = 0; i < 20; ++i) pairs.emplace_back("f" + std::to_string(i), std::string(200, 'x'));
        inspect::Limits lim;
        lim.entries = 5;
        lim.string_bytes = 8;
        auto s = inspect::inspectObject(hashListpack(pairs), cfg, "h", lim);
        CHECK(s.listpack->entries.size() == 5);
        CHECK(s.listpack->more == 35);
        CHECK(s.listpack->entries[1].value.text == "xxxxxxxx");
        CHECK(s.listpack->entries[1].value.full_size == 200);
    }

    TEST_CASE("inspect.zset_listpack.roles") {
        redsim::ConfigValues cfg;
        Listpack lp;
        lp.append("a");
        lp.append(1LL);
        lp.append("b");
        lp.append("2.5");
        auto s = inspect::inspectObject(Object::zsetListpack(std::move(lp)), cfg);
        CHECK(s.type == ObjType::ZSet);
        CHECK(s.length == 2);
        CHECK(s.listpack->entries[0].role == "member");
        CHECK(s.listpack->entries[1].role == "score");
        CHECK(s.listpack->entries[3].value.text == "2.5");
        CHECK(contains(s.reason, "zset-max-listpack-entries (128)"));
    }

    TEST_CASE("inspect.quicklist.nodes_compression_plain") {
        redsim::ConfigValues cfg;
        Quicklist ql(4, 1);  // 4 elements per node, one raw node at each end
        for (int i = 0; i < 22; ++i) ql.pushTail(std::string(60, static_cast<char>('a' + i % 3)));
        REQUIRE(ql.setPackedThreshold(200));
        ql.pushTail(std::string(300, 'P'));  // a PLAIN node of its own
        const auto truth = ql.nodes();
        auto s = inspect::inspectObject(Object::list(std::move(ql)), cfg);
        REQUIRE(s.quicklist);
        const auto& q = *s.quicklist;
        CHECK(s.type == ObjType::List);
        CHECK(s.length == 23);
        CHECK(q.fill == 4);
        CHECK(q.fill_limit_bytes == 0);
        CHECK(q.compress_depth == 1);
        CHECK(q.node_count == truth.size());
        REQUIRE(q.nodes.size() == truth.size());
        size_t total = 0, compressed = 0;
        for (size_t i = 0; i < truth.size(); ++i) {
            CHECK(q.nodes[i].index == i);
            CHECK(q.nodes[i].count == truth[i].count);
            CHECK(q.nodes[i].bytes == truth[i].listpack_bytes);
            CHECK(q.nodes[i].compressed == truth[i].compressed);
            CHECK(q.nodes[i].compressed_bytes == truth[i].compressed_bytes);
            CHECK(q.nodes[i].plain == truth[i].plain);
            total += q.nodes[i].count;
            compressed += q.nodes[i].compressed;
        }
        CHECK(total == 23);
        CHECK(q.compressed_nodes == compressed);
        CHECK(compressed > 0);
        CHECK_FALSE(q.nodes.front().compressed);
        CHECK_FALSE(q.nodes.back().compressed);
        CHECK(q.nodes.back().plain);
        CHECK(q.nodes.back().bytes == 300);
        CHECK(q.packed_threshold == 200);
        CHECK(contains(s.reason, "list-compress-depth is 1"));
        CHECK(contains(s.reason, "an element of 200 bytes or more gets a PLAIN node"));
        CHECK(contains(s.reason, "a list keeps the settings it was created with"));

        inspect::Limits lim;
        lim.nodes = 2;
        Quicklist big(1, 0);
        for (int i = 0; i < 10; ++i) big.pushTail("x");
        auto b = inspect::inspectObject(Object::list(std::move(big)), cfg, "l", lim);
        CHECK(b.quicklist->nodes.size() == 2);
        CHECK(b.quicklist->more == 8);
        CHECK(b.quicklist->node_count == 10);
    }

    TEST_CASE("inspect.quicklist.first_and_last_elements") {
        redsim::ConfigValues cfg;
        inspect::Limits lim;
        lim.entries = 3;
        lim.string_bytes = 4;
        Quicklist ql(2, 0);
        for (int i = 0; i < 10; ++i) ql.pushTail("e" + std::to_string(i) + "xyz");
        auto s = inspect::inspectObject(Object::list(std::move(ql)), cfg, "l", lim);
        const auto& q = *s.quicklist;
        REQUIRE(q.first.size() == 3);
        REQUIRE(q.last.size() == 3);
        CHECK(q.first[0].text == "e0xy");
        CHECK(q.first[0].full_size == 5);
        CHECK(q.first[2].text == "e2xy");
        CHECK(q.last[0].text == "e7xy");
        CHECK(q.last[2].text == "e9xy");
        // Short lists: everything in `first`, nothing twice.
        Quicklist shortl(2, 0);
        for (int i = 0; i < 4; ++i) shortl.pushTail(std::to_string(i));
        auto t = inspect::inspectObject(Object::list(std::move(shortl)), cfg, "l", lim);
        CHECK(t.quicklist->first.size() == 3);
        CHECK(t.quicklist->last.size() == 1);
        CHECK(t.quicklist->last[0].text == "3");
    }

    TEST_CASE("inspect.quicklist.node_window_and_counts") {
        redsim::ConfigValues cfg;
        Quicklist ql(3, 1);  // 3 elements per node: 10 nodes for 28 elements, the last holds 1
        for (int i = 0; i < 28; ++i) ql.pushTail(std::string(60, static_cast<char>('a' + i % 5)));
        const auto truth = ql.nodes();
        REQUIRE(truth.size() == 10);
        inspect::Limits lim;
        lim.nodes = 3;
        lim.node_first = 4;
        auto s = inspect::inspectObject(Object::list(std::move(ql)), cfg, "l", lim);
        const auto& q = *s.quicklist;
        CHECK(q.first_node == 4);
        CHECK(q.first_element == 12);
        REQUIRE(q.nodes.size() == 3);
        for (size_t i = 0; i < 3; ++i) {
            CHECK(q.nodes[i].index == 4 + i);
            CHECK(q.nodes[i].count == truth[4 + i].count);
            CHECK(q.nodes[i].compressed == truth[4 + i].compressed);
        }
        CHECK(q.more == 3);
        CHECK(q.node_count == 10);
        CHECK(q.counts.empty());        // not asked for
        CHECK(q.compressed_nodes > 0);  // still over all nodes
        // Past the end: the last node; and every node's count on request.
        Quicklist ql2(3, 0);
        for (int i = 0; i < 28; ++i) ql2.pushTail("x");
        lim.node_first = 99;
        lim.node_counts = true;
        auto t = inspect::inspectObject(Object::list(std::move(ql2)), cfg, "l", lim);
        CHECK(t.quicklist->first_node == 9);
        CHECK(t.quicklist->first_element == 27);
        CHECK(t.quicklist->nodes.size() == 1);
        CHECK(t.quicklist->more == 0);
        REQUIRE(t.quicklist->counts.size() == 10);
        CHECK(t.quicklist->counts.front() == 3);
        CHECK(t.quicklist->counts.back() == 1);
    }

    TEST_CASE("inspect.intset.width_length_contents") {
        redsim::ConfigValues cfg;
        Intset is;
        for (int64_t v : {5, -3, 7}) is.add(v);
        auto s = inspect::inspectObject(Object::setIntset(is), cfg);
        CHECK(s.intset->width == 2);
        CHECK(s.intset->length == 3);
        CHECK(s.intset->blob_bytes == 8 + 3 * 2);
        CHECK(s.intset->members == std::vector<int64_t>{-3, 5, 7});
        CHECK(contains(s.reason, "set-max-intset-entries (512)"));
        CHECK(contains(s.reason, "2 bytes wide (int16)"));
        is.add(100000);
        CHECK(inspect::inspectObject(Object::setIntset(is), cfg).intset->width == 4);
        is.add(1LL << 40);
        auto w = inspect::inspectObject(Object::setIntset(is), cfg);
        CHECK(w.intset->width == 8);
        CHECK(w.intset->blob_bytes == 8 + 5 * 8);
        Intset many;
        for (int i = 0; i < 100; ++i) many.add(i * 3);
        inspect::Limits lim;
        lim.entries = 10;
        auto m = inspect::inspectObject(Object::setIntset(many), cfg, "s", lim);
        CHECK(m.intset->members.size() == 10);
        CHECK(m.intset->members[9] == 27);
        CHECK(m.intset->more == 90);
    }

    TEST_CASE("inspect.dict.tables_chains_histogram") {
        redsim::ConfigValues cfg;
        SetDict d(7);
        for (int i = 0; i < 100; ++i) d.insert("member:" + std::to_string(i), SetMember{});
        while (d.isRehashing()) d.rehash(100);
        const auto t0 = d.table(0);
        inspect::Limits lim;
        lim.chains = 3;
        lim.chain_keys = 2;
        auto s = inspect::inspectObject(Object::setTable(std::move(d)), cfg, "s", lim);
        REQUIRE(s.dict);
        const auto& dd = *s.dict;
        CHECK(s.length == 100);
        CHECK(dd.rehashidx == -1);
        CHECK(dd.tables[0].size == t0.size);
        CHECK(dd.tables[0].used == 100);
        CHECK(dd.tables[1].size == 0);
        CHECK(dd.tables[0].chain_lengths.size() == 16);
        CHECK(dd.tables[0].more_buckets == t0.size - 16);
        for (size_t b = 0; b < 16; ++b) CHECK(dd.tables[0].chain_lengths[b] == t0.chain_lengths[b]);
        size_t buckets = 0, entries = 0;
        for (size_t len = 0; len < dd.tables[0].histogram.size(); ++len) {
            buckets += dd.tables[0].histogram[len];
            entries += len * dd.tables[0].histogram[len];
        }
        CHECK(buckets == t0.size);
        CHECK(entries == 100);
        CHECK(dd.tables[0].longest == *std::max_element(t0.chain_lengths.begin(), t0.chain_lengths.end()));
        CHECK(dd.tables[0].chains.size() == 3);
        CHECK(contains(s.reason, "is not an integer"));
    }

    TEST_CASE("inspect.dict.bucket_window") {
        redsim::ConfigValues cfg;
        SetDict d(7);
        for (int i = 0; i < 1000; ++i) d.insert("member:" + std::to_string(i), SetMember{});
        while (d.isRehashing()) d.rehash(100);
        const auto t0 = d.table(0);
        std::map<std::string, uint64_t> where;
        d.forEach([&](const auto& e) { where[e.key] = d.bucketOf(e.key, 0); });
        inspect::Limits lim;
        lim.bucket_first = 500;
        lim.buckets = 40;
        lim.chains = 40;
        lim.chain_keys = 8;
        auto s = inspect::inspectObject(Object::setTable(std::move(d)), cfg, "s", lim);
        REQUIRE(s.dict);
        const auto& tb = s.dict->tables[0];
        CHECK(tb.first_bucket == 500);
        REQUIRE(tb.chain_lengths.size() == 40);
        CHECK(tb.more_buckets == t0.size - 40);
        for (size_t i = 0; i < 40; ++i) CHECK(tb.chain_lengths[i] == t0.chain_lengths[500 + i]);
        REQUIRE(!tb.chains.empty());
        for (const auto& c : tb.chains) {
            CHECK(c.bucket >= 500);
            CHECK(c.length == t0.chain_lengths[c.bucket]);
            CHECK(c.keys.size() == std::min<size_t>(c.length, 8));
            for (const auto& k : c.keys) CHECK(where.at(k) == c.bucket);
        }
        // A window past the end falls back to the start.
        lim.bucket_first = t0.size + 5;
        SetDict d2(7);
        d2.insert("x", SetMember{});
        auto s2 = inspect::inspectObject(Object::setTable(std::move(d2)), cfg, "s", lim);
        CHECK(s2.dict->tables[0].first_bucket == 0);
        CHECK(s2.dict->tables[0].chain_lengths.size() == 4);
    }

    TEST_CASE("inspect.dict.mid_rehash_shows_both_tables") {
        redsim::Engine engine(redsim::EngineOptions{.seed = 3, .virtual_clock = true});
        HashDict d(engine.hashSeed());
        for (int i = 0; i < 5; ++i) d.insert("f" + std::to_string(i), "v");  // the 5th starts a resize
        REQUIRE(d.isRehashing());
        d.rehash(1);
        REQUIRE(d.isRehashing());
        const long idx = d.rehashIndex();
        const auto t0 = d.table(0);
        const auto t1 = d.table(1);
        // Bucket of every key in each table, to check the chains the snapshot names.
        std::map<std::string, std::pair<uint64_t, uint64_t>> where;
        d.forEach([&](const auto& e) { where[e.key] = {d.bucketOf(e.key, 0), d.bucketOf(e.key, 1)}; });
        engine.db(0).add("h", Object::hashTable(std::move(d)));
        inspect::Limits lim;
        lim.chains = 8;
        lim.chain_keys = 8;
        auto s = inspect::inspectValue(engine, 0, "h", lim);
        REQUIRE(s);
        const auto& dd = *s->dict;
        CHECK(dd.rehashidx == idx);
        CHECK(dd.rehashidx > 0);
        CHECK(dd.size == 5);
        CHECK(dd.tables[0].size == 4);
        CHECK(dd.tables[1].size == 8);
        CHECK(dd.tables[0].used == t0.used);
        CHECK(dd.tables[1].used == t1.used);
        CHECK(dd.tables[0].used + dd.tables[1].used == 5);
        CHECK(dd.tables[1].used > 0);
        // Table 0 is empty below rehashidx.
        for (long b = 0; b < idx; ++b) CHECK(dd.tables[0].chain_lengths[static_cast<size_t>(b)] == 0);
        size_t seen = 0;
        for (int t = 0; t < 2; ++t) {
            for (const auto& c : dd.tables[t].chains) {
                CHECK(c.keys.size() == c.length);
                for (const auto& k : c.keys) {
                    ++seen;
                    const uint64_t bucket = t == 0 ? where.at(k).first : where.at(k).second;
                    CHECK(bucket == c.bucket);
                }
            }
        }
        CHECK(seen == 5);
        CHECK(contains(s->reason, "passed those limits earlier"));
    }

    TEST_CASE("inspect.skiplist.snapshot_and_dict") {
        redsim::Engine engine(redsim::EngineOptions{.seed = 11, .virtual_clock = true});
        auto z = zsetIndex(engine, 200);
        const Skiplist::View truth = z->zsl.view();
        engine.db(0).add("z", Object::zsetSkiplist(std::move(z)));
        auto s = inspect::inspectValue(engine, 0, "z");
        REQUIRE(s);
        REQUIRE(s->skiplist);
        REQUIRE(s->dict);
        const auto& sk = *s->skiplist;
        CHECK(s->length == 200);
        CHECK(sk.length == 200);
        CHECK(sk.level == truth.level);
        CHECK(sk.header.size() == static_cast<size_t>(truth.level));
        CHECK(sk.nodes.size() == 16);
        CHECK(sk.more == 184);
        CHECK(sk.tail_member == "m199");
        CHECK(sk.tail_score == 99);
        for (size_t i = 0; i < sk.nodes.size(); ++i) {
            CHECK(sk.nodes[i].rank == i + 1);
            CHECK(sk.nodes[i].member == truth.nodes[i].member);
            CHECK(sk.nodes[i].level == truth.nodes[i].level);
            CHECK(sk.nodes[i].links.size() == static_cast<size_t>(sk.nodes[i].level));
            for (size_t l = 0; l < sk.nodes[i].links.size(); ++l) {
                const auto& link = sk.nodes[i].links[l];
                if (link.to_rank != 0) CHECK(link.to_rank == sk.nodes[i].rank + link.span);
            }
        }
        CHECK(s->dict->size == 200);
        CHECK(contains(s->reason, "200 members, more than zset-max-listpack-entries (128)"));
    }

    TEST_CASE("inspect.path.rank_spans_sum_to_the_rank") {
        redsim::Engine engine(redsim::EngineOptions{.seed = 5, .virtual_clock = true});
        auto z = zsetIndex(engine, 500);
        const Skiplist& sl = z->zsl;
        for (unsigned long r = 1; r <= sl.size(); ++r) {
            const Skiplist::Path p = sl.pathToRank(r);
            requireWellFormed(p, sl.level());
            CHECK(spanSum(p) == r);
            CHECK(p.found == r);
            CHECK(p.steps.back().rank == r);
            CHECK(p.steps.back().member == sl.byRank(r)->member());
        }
        // Out of range: the walk ends at the tail (or the header) and finds nothing.
        CHECK(sl.pathToRank(0).found == 0);
        CHECK(sl.pathToRank(501).found == 0);
        CHECK(sl.pathToRank(501).steps.back().rank == 500);
    }

    TEST_CASE("inspect.path.member_is_zrank") {
        redsim::Engine engine(redsim::EngineOptions{.seed = 6, .virtual_clock = true});
        auto z = zsetIndex(engine, 300);
        const Skiplist& sl = z->zsl;
        size_t total_steps = 0;
        for (const Skiplist::Node& n : sl) {
            const Skiplist::Path p = sl.pathToMember(n.member(), n.score());
            requireWellFormed(p, sl.level());
            const unsigned long r = sl.rank(n.member(), n.score());
            CHECK(p.found == r);
            CHECK(spanSum(p) == r);
            CHECK(p.steps.back().member == n.member());
            total_steps += p.steps.size();
        }
        // O(log N): far fewer steps than a walk along level 0 (150 on average).
        CHECK(total_steps / 300 < 40);
        const Skiplist::Path missing = sl.pathToMember("nope", 3);
        requireWellFormed(missing, sl.level());
        CHECK(missing.found == 0);
    }

    TEST_CASE("inspect.path.score_is_first_in_range") {
        redsim::Engine engine(redsim::EngineOptions{.seed = 8, .virtual_clock = true});
        auto z = zsetIndex(engine, 100);  // scores 0,0,1,1,...,49,49
        const Skiplist& sl = z->zsl;
        for (double s = -1; s <= 50.5; s += 0.5) {
            for (bool ex : {false, true}) {
                const Skiplist::Path p = sl.pathToScore(s, ex);
                requireWellFormed(p, sl.level());
                unsigned long want = 0, r = 0;
                for (const Skiplist::Node& n : sl) {
                    ++r;
                    if (ex ? n.score() > s : n.score() >= s) {
                        want = r;
                        break;
                    }
                }
                INFO("score " << s << " exclusive " << ex);
                CHECK(p.found == want);
                if (want != 0) {
                    CHECK(p.steps.back().rank == want);
                    CHECK(p.steps.back().span == 1);
                    CHECK(p.steps.back().level == 0);
                    const redsim::ScoreRange range{s, 1e300, ex, false};
                    CHECK(sl.firstInRange(range) == sl.byRank(want));
                }
            }
        }
    }

    TEST_CASE("inspect.path.through_the_engine") {
        redsim::Engine engine(redsim::EngineOptions{.seed = 9, .virtual_clock = true});
        engine.db(0).add("z", Object::zsetSkiplist(zsetIndex(engine, 50)));
        engine.db(0).add("s", Object::fromString("x"));
        inspect::PathQuery q;
        q.kind = inspect::PathKind::Member;
        q.member = "m10";
        auto p = inspect::skiplistPath(engine, 0, "z", q);
        REQUIRE(p);
        CHECK(p->found == 11);
        q.member = "absent";
        CHECK_FALSE(inspect::skiplistPath(engine, 0, "z", q));
        q.kind = inspect::PathKind::Rank;
        q.rank = 7;
        CHECK(inspect::skiplistPath(engine, 0, "z", q)->found == 7);
        CHECK_FALSE(inspect::skiplistPath(engine, 0, "s", q));
        CHECK_FALSE(inspect::skiplistPath(engine, 0, "missing", q));
        CHECK_FALSE(inspect::skiplistPath(engine, 99, "z", q));
    }

    TEST_CASE("inspect.skiplist.window_from_a_rank") {
        redsim::Engine engine(redsim::EngineOptions{.seed = 12, .virtual_clock = true});
        auto z = zsetIndex(engine, 300);
        const Skiplist::View truth = z->zsl.view();
        engine.db(0).add("z", Object::zsetSkiplist(std::move(z)));
        engine.db(0).add("s", Object::fromString("x"));
        auto w = inspect::skiplistWindow(engine, 0, "z", 101, inspect::Limits{.entries = 40});
        REQUIRE(w);
        CHECK(w->length == 300);
        CHECK(w->level == truth.level);
        CHECK(w->header.size() == static_cast<size_t>(truth.level));
        REQUIRE(w->nodes.size() == 40);
        CHECK(w->more == 160);
        for (size_t i = 0; i < w->nodes.size(); ++i) {
            CHECK(w->nodes[i].rank == 101 + i);
            CHECK(w->nodes[i].member == truth.nodes[100 + i].member);
            CHECK(w->nodes[i].level == truth.nodes[100 + i].level);
        }
        // The end: fewer nodes, nothing more; past the end: none; rank 0 is rank 1.
        CHECK(inspect::skiplistWindow(engine, 0, "z", 281, inspect::Limits{.entries = 40})->nodes.size() == 20);
        CHECK(inspect::skiplistWindow(engine, 0, "z", 281, inspect::Limits{.entries = 40})->more == 0);
        CHECK(inspect::skiplistWindow(engine, 0, "z", 301)->nodes.empty());
        CHECK(inspect::skiplistWindow(engine, 0, "z", 0)->nodes.front().rank == 1);
        CHECK_FALSE(inspect::skiplistWindow(engine, 0, "s", 1));
        CHECK_FALSE(inspect::skiplistWindow(engine, 0, "missing", 1));
    }

    TEST_CASE("inspect.value.touches_nothing") {
        redsim::test::Harness h;
        h.run({"SET", "k", "hello"});
        h.engine.advanceTime(5 * 1000 * 1000);  // so an LRU touch would show
        const auto hits = h.engine.stats().keyspace_hits;
        const auto misses = h.engine.stats().keyspace_misses;
        const uint32_t lru = h.engine.db(0).peek("k")->lru();
        auto s = inspect::inspectValue(h.engine, 0, "k");
        REQUIRE(s);
        CHECK(s->encoding == Encoding::EmbStr);
        CHECK(h.engine.stats().keyspace_hits == hits);
        CHECK(h.engine.stats().keyspace_misses == misses);
        CHECK(h.engine.db(0).peek("k")->lru() == lru);
        // The views by meaning touch nothing either.
        h.run({"PFADD", "hll", "a"});
        h.run({"SETBIT", "bm", "7", "1"});
        h.run({"GEOADD", "g", "13.361389", "38.115556", "Palermo"});
        const auto hits2 = h.engine.stats().keyspace_hits;
        const std::string hll_bytes = h.engine.db(0).peek("hll")->stringValue();
        CHECK(inspect::inspectValue(h.engine, 0, "hll")->hll);
        CHECK(inspect::inspectValue(h.engine, 0, "bm")->bits);
        CHECK(inspect::inspectValue(h.engine, 0, "g")->geo);
        CHECK(inspect::bitsOf(h.engine, 0, "bm", 100));
        inspect::GeoQuery gq;
        CHECK(inspect::geoSearchOf(h.engine, 0, "g", gq));
        CHECK(h.engine.stats().keyspace_hits == hits2);
        CHECK(h.engine.db(0).peek("hll")->stringValue() == hll_bytes);
        CHECK_FALSE(inspect::inspectValue(h.engine, 0, "nope"));
        CHECK_FALSE(inspect::inspectValue(h.engine, -1, "k"));
        CHECK_FALSE(inspect::inspectValue(h.engine, 16, "k"));
    }

    TEST_CASE("inspect.value.expired_key_is_absent_but_not_deleted") {
        redsim::test::Harness h;
        redsim::Db& db = h.engine.db(0);
        db.add("k", Object::fromString("v"));
        db.setExpire("k", h.engine.nowMs() + 5);
        CHECK(inspect::inspectValue(h.engine, 0, "k"));
        dynamic_cast<redsim::VirtualClock&>(h.engine.clock()).advanceUs(10 * 1000);  // no tick runs
        h.run({"PING"});  // a command fixes the engine's "now" (Redis's server.mstime)
        CHECK(db.isExpired("k"));
        CHECK_FALSE(inspect::inspectValue(h.engine, 0, "k"));
        CHECK(db.keys().find(std::string_view("k")) != nullptr);  // still there: expiring is not ours
    }

    TEST_CASE("inspect.reason.quotes_current_config") {
        redsim::test::Harness h;
        h.engine.db(0).add("h", hashListpack({{"a", "b"}}));
        h.run({"CONFIG", "SET", "hash-max-listpack-entries", "7"});
        auto s = inspect::inspectValue(h.engine, 0, "h");
        CHECK(contains(s->reason, "hash-max-listpack-entries (7)"));
        CHECK(s->thresholds[0].name == "hash-max-listpack-entries");
        CHECK(s->thresholds[0].value == 7);
        CHECK_FALSE(contains(s->reason, "over a limit now"));
        h.run({"CONFIG", "SET", "hash-max-listpack-value", "0"});
        CHECK(contains(inspect::inspectValue(h.engine, 0, "h")->reason, "It is over a limit now"));
        h.run({"CONFIG", "SET", "hash-max-listpack-value", "64"});

        HashDict big_value(1);
        big_value.insert("f", std::string(100, 'x'));
        h.engine.db(0).add("hv", Object::hashTable(std::move(big_value)));
        CHECK(contains(inspect::inspectValue(h.engine, 0, "hv")->reason,
                       "100 bytes, longer than hash-max-listpack-value (64)"));

        SetDict ints(1);
        for (int i = 0; i < 3; ++i) ints.insert(std::to_string(i), SetMember{});
        h.engine.db(0).add("s", Object::setTable(std::move(ints)));
        CHECK(contains(inspect::inspectValue(h.engine, 0, "s")->reason, "passed those limits earlier"));
        h.run({"CONFIG", "SET", "set-max-intset-entries", "2"});
        CHECK(contains(inspect::inspectValue(h.engine, 0, "s")->reason,
                       "3 members, more than set-max-intset-entries (2)"));
    }

    TEST_CASE("inspect.stream.facts") {
        redsim::test::Harness h;
        h.run({"XADD", "s", "1-1", "a", "1"});
        h.run({"XADD", "s", "5-0", "b", "2"});
        h.run({"XDEL", "s", "1-1"});
        auto snap = inspect::inspectValue(h.engine, 0, "s");
        REQUIRE(snap);
        CHECK(snap->length == 1);
        REQUIRE(snap->stream);
        CHECK(snap->stream->first_id.str() == "5-0");
        CHECK(snap->stream->last_id.str() == "5-0");
        CHECK(snap->stream->max_deleted.str() == "1-1");
        CHECK(snap->stream->entries_added == 2);
        CHECK(contains(snap->reason, "SAMEFIELDS"));
    }
}
