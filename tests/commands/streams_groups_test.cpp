// Consumer groups through Engine::execute: a long seeded random sequence of XADD,
// XREADGROUP (new entries and history), XACK, XCLAIM, XAUTOCLAIM, XDEL and XGROUP checked
// after every step against a simple model of the group PELs (group PEL == union of the
// consumer PELs, owners, delivery counts, idle times, last ids), plus the idle-time
// options on the virtual clock, RESP3 shapes and robustness.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "../engine/test_util.h"
#include "engine/clock.h"
#include "engine/engine.h"

using redsim::test::Harness;
using Reply = redsim::resp::Reply;
using Type = Reply::Type;

namespace {

redsim::VirtualClock& vclock(Harness& h) { return dynamic_cast<redsim::VirtualClock&>(h.engine.clock()); }
long long nowMs(Harness& h) { return h.engine.clock().nowMs(); }

std::string idStr(long long ms) { return std::to_string(ms) + "-0"; }
long long idMs(const std::string& id) { return std::stoll(id.substr(0, id.find('-'))); }

struct Nack {
    std::string consumer;
    long long count = 1;
    long long time = 0;
};

struct Group {
    long long last = 0;               // last delivered id (ms part; seq is always 0)
    std::map<long long, Nack> pel;    // id -> pending record
    std::set<std::string> consumers;  // names
};

struct Model {
    std::set<long long> live;  // entry ids (ms-0)
    long long top = 0;         // last id ever added
    std::map<std::string, Group> groups;
};

// Checks XPENDING (summary and extended), per-consumer XPENDING, XINFO GROUPS and
// XINFO CONSUMERS against the model.
void checkGroup(Harness& h, const Model& m, const std::string& name) {
    const Group& g = m.groups.at(name);
    const long long now = nowMs(h);
    const Reply all = h.run({"XPENDING", "s", name, "-", "+", "1000000"});
    REQUIRE(all.type == Type::Array);
    REQUIRE(all.elements.size() == g.pel.size());
    size_t i = 0;
    std::map<std::string, size_t> per_consumer;
    for (const auto& [id, nack] : g.pel) {
        const Reply& row = all.elements[i++];
        CHECK(row.elements.at(0).str == idStr(id));
        CHECK(row.elements.at(1).str == nack.consumer);
        CHECK(row.elements.at(2).integer == std::max(0LL, now - nack.time));
        CHECK(row.elements.at(3).integer == nack.count);
        ++per_consumer[nack.consumer];
    }
    // The group PEL is exactly the union of the consumers' PELs.
    size_t union_size = 0;
    for (const std::string& c : g.consumers) {
        const Reply mine = h.run({"XPENDING", "s", name, "-", "+", "1000000", c});
        union_size += mine.elements.size();
        CHECK(mine.elements.size() == per_consumer[c]);
        for (const Reply& row : mine.elements) CHECK(g.pel.at(idMs(row.elements.at(0).str)).consumer == c);
    }
    CHECK(union_size == g.pel.size());
    const Reply summary = h.run({"XPENDING", "s", name});
    CHECK(summary.elements.at(0).integer == static_cast<long long>(g.pel.size()));
    if (!g.pel.empty()) {
        CHECK(summary.elements.at(1).str == idStr(g.pel.begin()->first));
        CHECK(summary.elements.at(2).str == idStr(g.pel.rbegin()->first));
        size_t holders = 0;
        for (const auto& [c, n] : per_consumer) holders += n ? 1 : 0;
        CHECK(summary.elements.at(3).elements.size() == holders);
    }
    const Reply consumers = h.run({"XINFO", "CONSUMERS", "s", name});
    REQUIRE(consumers.elements.size() == g.consumers.size());
    size_t k = 0;
    for (const std::string& c : g.consumers) {
        const Reply& row = consumers.elements[k++];
        CHECK(row.elements.at(1).str == c);
        CHECK(row.elements.at(3).integer == static_cast<long long>(per_consumer[c]));
    }
    const Reply groups = h.run({"XINFO", "GROUPS", "s"});
    bool found = false;
    for (const Reply& row : groups.elements) {
        if (row.elements.at(1).str != name) continue;
        found = true;
        CHECK(row.elements.at(3).integer == static_cast<long long>(g.consumers.size()));
        CHECK(row.elements.at(5).integer == static_cast<long long>(g.pel.size()));
        CHECK(row.elements.at(7).str == idStr(g.last));
    }
    CHECK(found);
}

// The ids of an XREADGROUP/XCLAIM entry list (JUSTID lists are ids already).
std::vector<long long> idsOf(const Reply& list) {
    std::vector<long long> ids;
    for (const Reply& e : list.elements) ids.push_back(idMs(e.type == Type::Array ? e.elements.at(0).str : e.str));
    return ids;
}

}  // namespace

TEST_SUITE("streams_groups") {
    TEST_CASE("streams_groups.random_model") {
        Harness h(7);
        std::mt19937_64 rng(20240607);
        auto pick = [&](long long n) { return static_cast<long long>(rng() % static_cast<uint64_t>(n)); };
        Model m;
        const std::vector<std::string> names = {"alice", "bob", "carol"};
        for (const std::string g : {"g1", "g2"}) {
            CHECK(h.run({"XGROUP", "CREATE", "s", g, "0", "MKSTREAM"}).str == "OK");
            m.groups[g];
        }
        // How often the interesting cases happened (so the checks are not vacuous).
        size_t delivered = 0, claimed_total = 0, autoclaim_deleted = 0, max_pel = 0;
        for (int step = 0; step < 3000; ++step) {
            const std::string gname = pick(2) ? "g1" : "g2";
            Group& g = m.groups[gname];
            const std::string c = names[static_cast<size_t>(pick(3))];
            const long long now = nowMs(h);
            const int op = static_cast<int>(pick(100));
            if (op < 25) {  // XADD
                const long long id = m.top + 1 + pick(3);
                CHECK(h.run({"XADD", "s", idStr(id), "f", std::to_string(step)}).str == idStr(id));
                m.live.insert(id);
                m.top = id;
            } else if (op < 45) {  // XREADGROUP >, maybe NOACK
                const long long count = pick(4);
                const bool noack = pick(5) == 0;
                std::vector<std::string> argv = {"XREADGROUP", "GROUP", gname, c, "COUNT", std::to_string(count)};
                if (noack) argv.push_back("NOACK");
                for (const std::string a : {"STREAMS", "s", ">"}) argv.push_back(a);
                const Reply r = h.run(argv);
                std::vector<long long> expect;
                for (auto it = m.live.upper_bound(g.last); it != m.live.end(); ++it) {
                    if (count && static_cast<long long>(expect.size()) == count) break;
                    expect.push_back(*it);
                }
                if (expect.empty()) {
                    CHECK(r.type == Type::Nil);
                } else {
                    REQUIRE(r.elements.size() == 1);
                    CHECK(idsOf(r.elements[0].elements.at(1)) == expect);
                    g.consumers.insert(c);
                    delivered += expect.size();
                    for (long long id : expect) {
                        if (!noack) g.pel[id] = Nack{c, 1, now};
                        g.last = id;
                    }
                }
            } else if (op < 55) {  // XREADGROUP history
                const Reply r = h.run({"XREADGROUP", "GROUP", gname, c, "STREAMS", "s", "0"});
                REQUIRE(r.elements.size() == 1);
                g.consumers.insert(c);
                const Reply& list = r.elements[0].elements.at(1);
                std::vector<long long> expect;
                for (auto& [id, nack] : g.pel) {
                    if (nack.consumer != c) continue;
                    expect.push_back(id);
                    if (m.live.count(id)) {
                        nack.count++;
                        nack.time = now;
                    }
                }
                REQUIRE(idsOf(list) == expect);
                for (size_t i = 0; i < expect.size(); ++i)
                    CHECK((list.elements[i].elements.at(1).type == Type::Nil) == (m.live.count(expect[i]) == 0));
            } else if (op < 65) {  // XACK
                std::vector<std::string> argv = {"XACK", "s", gname};
                std::set<long long> ids;
                for (int i = 0; i < 3; ++i) ids.insert(1 + pick(m.top + 1));
                long long acked = 0;
                for (long long id : ids) {
                    argv.push_back(idStr(id));
                    acked += static_cast<long long>(g.pel.erase(id));
                }
                CHECK(h.run(argv).integer == acked);
            } else if (op < 75) {  // XCLAIM
                const long long minidle = pick(3) * 50;
                const bool justid = pick(2);
                std::vector<std::string> argv = {"XCLAIM", "s", gname, c, std::to_string(minidle)};
                std::set<long long> ids;
                for (int i = 0; i < 3; ++i) ids.insert(1 + pick(m.top + 1));
                for (long long id : ids) argv.push_back(idStr(id));
                if (justid) argv.push_back("JUSTID");
                std::vector<long long> expect;
                for (long long id : ids) {
                    auto it = g.pel.find(id);
                    if (!m.live.count(id)) {
                        if (it != g.pel.end()) g.pel.erase(it);
                        continue;
                    }
                    if (it == g.pel.end()) continue;
                    if (minidle && now - it->second.time < minidle) continue;
                    g.consumers.insert(c);
                    it->second.consumer = c;
                    it->second.time = now;
                    if (!justid) it->second.count++;
                    expect.push_back(id);
                }
                CHECK(idsOf(h.run(argv)) == expect);
                claimed_total += expect.size();
            } else if (op < 82) {  // XAUTOCLAIM
                const long long minidle = pick(3) * 50;
                const long long count = 1 + pick(4);
                const long long start = pick(m.top + 2);
                const Reply r = h.run({"XAUTOCLAIM", "s", gname, c, std::to_string(minidle), idStr(start), "COUNT",
                                       std::to_string(count), "JUSTID"});
                std::vector<long long> claimed, deleted;
                long long left = count, attempts = count * 10;
                auto it = g.pel.lower_bound(start);
                while (attempts-- && left && it != g.pel.end()) {
                    const long long id = it->first;
                    if (!m.live.count(id)) {
                        it = g.pel.erase(it);
                        deleted.push_back(id);
                        --left;
                        continue;
                    }
                    if (minidle && now - it->second.time < minidle) {
                        ++it;
                        continue;
                    }
                    g.consumers.insert(c);
                    it->second.consumer = c;
                    it->second.time = now;
                    claimed.push_back(id);
                    --left;
                    ++it;
                }
                const std::string cursor = it == g.pel.end() ? "0-0" : idStr(it->first);
                REQUIRE(r.elements.size() == 3);
                CHECK(r.elements[0].str == cursor);
                CHECK(idsOf(r.elements[1]) == claimed);
                CHECK(idsOf(r.elements[2]) == deleted);
                claimed_total += claimed.size();
                autoclaim_deleted += deleted.size();
            } else if (op < 90) {  // XDEL (PELs keep their records)
                if (!m.live.empty()) {
                    auto it = m.live.begin();
                    std::advance(it, pick(static_cast<long long>(m.live.size())));
                    CHECK(h.run({"XDEL", "s", idStr(*it)}).integer == 1);
                    m.live.erase(it);
                }
            } else if (op < 93) {  // XGROUP DELCONSUMER
                long long pending = 0;
                for (auto it = g.pel.begin(); it != g.pel.end();) {
                    if (it->second.consumer == c) {
                        it = g.pel.erase(it);
                        ++pending;
                    } else {
                        ++it;
                    }
                }
                CHECK(h.run({"XGROUP", "DELCONSUMER", "s", gname, c}).integer == pending);
                g.consumers.erase(c);
            } else if (op < 95) {  // XGROUP SETID back: pending entries get re-delivered
                CHECK(h.run({"XGROUP", "SETID", "s", gname, "0"}).str == "OK");
                g.last = 0;
            } else if (op < 97) {  // XGROUP CREATECONSUMER
                CHECK(h.run({"XGROUP", "CREATECONSUMER", "s", gname, c}).integer == (g.consumers.count(c) ? 0 : 1));
                g.consumers.insert(c);
            } else {
                vclock(h).advanceUs(static_cast<int64_t>(1000 * pick(120)));
            }
            if (pick(3) == 0) vclock(h).advanceUs(static_cast<int64_t>(1000 * pick(40)));
            checkGroup(h, m, gname);
            max_pel = std::max(max_pel, g.pel.size());
        }
        CHECK(delivered > 300);
        CHECK(claimed_total > 100);
        CHECK(autoclaim_deleted > 5);
        CHECK(max_pel > 10);
        checkGroup(h, m, "g1");
        checkGroup(h, m, "g2");
    }

    TEST_CASE("streams_groups.dirty_counts_as_redis") {
        // Deltas of rdb_changes_since_last_save measured on Redis 7.0.15 for this sequence.
        Harness h;
        const std::vector<std::pair<std::vector<std::string>, uint64_t>> steps = {
            {{"XADD", "s", "1-0", "a", "1"}, 1},
            {{"XADD", "s", "2-0", "b", "2"}, 1},
            {{"XGROUP", "CREATE", "s", "g", "0"}, 1},
            {{"XGROUP", "CREATE", "s2", "g", "0", "MKSTREAM"}, 1},
            {{"XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", "s2", ">", ">"}, 2},
            {{"XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "0"}, 1},
            {{"XREADGROUP", "GROUP", "g", "d", "NOACK", "STREAMS", "s", ">"}, 2},
            {{"XACK", "s", "g", "1-0", "2-0"}, 1},
            {{"XGROUP", "CREATECONSUMER", "s", "g", "e"}, 1},
            {{"XGROUP", "CREATECONSUMER", "s", "g", "e"}, 0},
            {{"XGROUP", "SETID", "s", "g", "0"}, 1},
            {{"XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"}, 1},
            {{"XDEL", "s", "1-0"}, 1},
            {{"XCLAIM", "s", "g", "e", "0", "1-0", "2-0", "LASTID", "5-0"}, 2},
            {{"XCLAIM", "s", "g", "e", "0", "9-0", "LASTID", "6-0"}, 1},
            {{"XAUTOCLAIM", "s", "g", "f", "0", "0"}, 2},
            {{"XGROUP", "DELCONSUMER", "s", "g", "e"}, 1},
            {{"XGROUP", "DELCONSUMER", "s", "g", "e"}, 0},
            {{"XGROUP", "DESTROY", "s", "g"}, 1},
            {{"XGROUP", "DESTROY", "s", "g"}, 0},
        };
        for (const auto& [argv, delta] : steps) {
            const uint64_t before = h.engine.dirty;
            h.run(argv);
            INFO(argv[0] << " " << argv[1]);
            CHECK(h.engine.dirty - before == delta);
        }
    }

    TEST_CASE("streams_groups.idle_times_follow_the_virtual_clock") {
        Harness h;
        h.run({"XADD", "s", "1-0", "a", "1"});
        h.run({"XADD", "s", "2-0", "b", "2"});
        h.run({"XGROUP", "CREATE", "s", "g", "0"});
        const long long t0 = nowMs(h);
        CHECK(h.run({"XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"}).elements.size() == 1);
        vclock(h).advanceUs(250'000);
        // XPENDING's idle column and its IDLE filter.
        Reply p = h.run({"XPENDING", "s", "g", "-", "+", "10"});
        CHECK(p.elements.at(0).elements.at(2).integer == 250);
        CHECK(h.run({"XPENDING", "s", "g", "IDLE", "250", "-", "+", "10"}).elements.size() == 2);
        CHECK(h.run({"XPENDING", "s", "g", "IDLE", "251", "-", "+", "10"}).elements.empty());
        // XINFO CONSUMERS idle = now - seen-time; XINFO STREAM FULL shows the raw times.
        CHECK(h.run({"XINFO", "CONSUMERS", "s", "g"}).elements.at(0).elements.at(5).integer == 250);
        Reply full = h.run({"XINFO", "STREAM", "s", "FULL"});
        const Reply& group = full.elements.at(17).elements.at(0);
        CHECK(group.elements.at(11).elements.at(0).elements.at(2).integer == t0);  // delivery time
        CHECK(group.elements.at(13).elements.at(0).elements.at(3).integer == t0);  // seen-time
        // min-idle-time: not idle enough, then enough.
        CHECK(h.run({"XCLAIM", "s", "g", "bob", "300", "1-0", "JUSTID"}).elements.empty());
        CHECK(h.run({"XINFO", "CONSUMERS", "s", "g"}).elements.size() == 1);  // bob not created
        vclock(h).advanceUs(50'000);
        CHECK(h.run({"XCLAIM", "s", "g", "bob", "300", "1-0", "JUSTID"}).elements.size() == 1);
        p = h.run({"XPENDING", "s", "g", "-", "+", "10"});
        CHECK(p.elements.at(0).elements.at(1).str == "bob");
        CHECK(p.elements.at(0).elements.at(2).integer == 0);
        CHECK(p.elements.at(1).elements.at(2).integer == 300);
        // IDLE and TIME set the delivery time; bogus values mean now.
        h.run({"XCLAIM", "s", "g", "bob", "0", "1-0", "IDLE", "1234", "JUSTID"});
        CHECK(h.run({"XPENDING", "s", "g", "-", "+", "1"}).elements.at(0).elements.at(2).integer == 1234);
        h.run({"XCLAIM", "s", "g", "bob", "0", "1-0", "TIME", std::to_string(nowMs(h) - 77), "JUSTID"});
        CHECK(h.run({"XPENDING", "s", "g", "-", "+", "1"}).elements.at(0).elements.at(2).integer == 77);
        h.run({"XCLAIM", "s", "g", "bob", "0", "1-0", "TIME", std::to_string(nowMs(h) + 5000), "JUSTID"});
        CHECK(h.run({"XPENDING", "s", "g", "-", "+", "1"}).elements.at(0).elements.at(2).integer == 0);
        h.run({"XCLAIM", "s", "g", "bob", "0", "1-0", "IDLE", "-5", "JUSTID"});
        CHECK(h.run({"XPENDING", "s", "g", "-", "+", "1"}).elements.at(0).elements.at(2).integer == 0);
        // XAUTOCLAIM's min-idle-time.
        vclock(h).advanceUs(100'000);
        Reply a = h.run({"XAUTOCLAIM", "s", "g", "carol", "350", "0", "JUSTID"});
        CHECK(a.elements.at(1).elements.size() == 1);  // only 2-0 (idle 400)
        CHECK(a.elements.at(1).elements.at(0).str == "2-0");
        a = h.run({"XAUTOCLAIM", "s", "g", "carol", "100", "0", "JUSTID"});
        CHECK(a.elements.at(1).elements.size() == 1);  // 1-0 (idle 100); 2-0 was just claimed
        // History reads refresh the delivery time and count.
        vclock(h).advanceUs(10'000);
        h.run({"XREADGROUP", "GROUP", "g", "carol", "STREAMS", "s", "0"});
        p = h.run({"XPENDING", "s", "g", "-", "+", "10"});
        CHECK(p.elements.at(0).elements.at(2).integer == 0);
        CHECK(p.elements.at(1).elements.at(3).integer == 2);  // read, history (JUSTID claims do not count)
    }

    TEST_CASE("streams_groups.resp3_and_block") {
        Harness h;
        h.run({"XADD", "s", "1-0", "a", "1"});
        h.run({"XGROUP", "CREATE", "s", "g", "$"});
        // Nothing to read: BLOCK waits; CLIENT UNBLOCK or the timeout answers a null array.
        redsim::Client& other = h.engine.createClient();
        h.engine.execute(h.client, std::vector<std::string>{"XREAD", "BLOCK", "0", "STREAMS", "s", "$"});
        CHECK(h.client.blocked());
        CHECK(h.client.out.empty());
        h.engine.execute(other, std::vector<std::string>{"CLIENT", "UNBLOCK", std::to_string(h.client.id)});
        CHECK(other.takeOutput() == ":1\r\n");
        CHECK(h.client.takeOutput() == "*-1\r\n");
        h.engine.execute(h.client, std::vector<std::string>{"XREADGROUP", "GROUP", "g", "c", "BLOCK", "100", "STREAMS",
                                                            "s", ">"});
        CHECK(h.client.blocked());
        h.engine.advanceTime(50'000);
        CHECK(h.client.blocked());
        h.engine.advanceTime(100'000);
        CHECK(!h.client.blocked());
        CHECK(h.client.takeOutput() == "*-1\r\n");
        h.run({"HELLO", "3"});
        Reply r = h.run({"XREAD", "STREAMS", "s", "0"});
        CHECK(r.type == Type::Map);
        CHECK(h.run({"XREAD", "STREAMS", "s", "$"}).type == Type::Nil);
        h.run({"XADD", "s", "2-0", "b", "2"});
        r = h.run({"XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"});
        CHECK(r.type == Type::Map);
        CHECK(h.run({"XINFO", "GROUPS", "s"}).elements.at(0).type == Type::Map);
        h.run({"XDEL", "s", "2-0"});
        r = h.run({"XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "0"});
        REQUIRE(r.type == Type::Map);
    }

    TEST_CASE("streams_groups.copy_is_independent") {
        Harness h;
        h.run({"XADD", "s", "1-0", "a", "1"});
        h.run({"XADD", "s", "2-0", "a", "2"});
        h.run({"XGROUP", "CREATE", "s", "g", "0"});
        h.run({"XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"});
        CHECK(h.run({"COPY", "s", "t"}).integer == 1);
        CHECK(h.run({"XCLAIM", "t", "g", "d", "0", "1-0", "JUSTID"}).elements.size() == 1);
        CHECK(h.run({"XPENDING", "t", "g", "-", "+", "10", "d"}).elements.size() == 1);
        CHECK(h.run({"XPENDING", "s", "g", "-", "+", "10", "d"}).elements.empty());
        CHECK(h.run({"XPENDING", "s", "g", "-", "+", "10", "c"}).elements.size() == 2);
        h.run({"DEL", "s"});
        CHECK(h.run({"XPENDING", "t", "g"}).elements.at(0).integer == 2);
        CHECK(h.run({"XACK", "t", "g", "1-0", "2-0"}).integer == 2);
    }

    TEST_CASE("streams_groups.garbage_never_changes_data") {
        Harness h(3);
        h.run({"XADD", "s", "1-0", "a", "1"});
        h.run({"XGROUP", "CREATE", "s", "g", "0"});
        h.run({"XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"});
        const std::string before = h.cli({"XINFO", "STREAM", "s", "FULL"});
        const std::vector<std::string> junk = {"",
                                               "-1",
                                               "9223372036854775808",
                                               "-9223372036854775808",
                                               "nan",
                                               "(",
                                               "(-",
                                               "18446744073709551616-0",
                                               "1-18446744073709551616",
                                               ">",
                                               "$",
                                               "+",
                                               "-",
                                               "COUNT",
                                               "FORCE",
                                               "JUSTID",
                                               "g",
                                               "s"};
        std::mt19937_64 rng(99);
        const std::vector<std::vector<std::string>> shapes = {
            {"XCLAIM", "s", "g", "c", "?", "?", "?", "?"},
            {"XAUTOCLAIM", "s", "g", "c", "?", "?", "?", "?"},
            {"XPENDING", "s", "g", "?", "?", "?", "?"},
            {"XINFO", "STREAM", "s", "?", "?", "?"},
            {"XREAD", "?", "?", "?", "?", "?"},
            {"XGROUP", "SETID", "s", "?", "?", "?"},
            {"XACK", "s", "g", "?", "?"},
            {"XREADGROUP", "?", "?", "?", "?", "?", "?", "?"},
        };
        int errors = 0;
        for (int i = 0; i < 4000; ++i) {
            std::vector<std::string> argv = shapes[rng() % shapes.size()];
            for (std::string& a : argv)
                if (a == "?") a = junk[rng() % junk.size()];
            // Only commands that could not have changed anything are compared: the reply
            // must be an error or leave the stream as it was.
            const bool may_write = argv[0] == "XCLAIM" || argv[0] == "XAUTOCLAIM" || argv[0] == "XACK" ||
                                   argv[0] == "XGROUP" || argv[0] == "XREADGROUP";
            const Reply r = h.run(argv);
            if (r.type == Type::Error) {
                ++errors;
                CHECK(h.cli({"XINFO", "STREAM", "s", "FULL"}) == before);
            } else if (may_write) {
                // Put things back as they were for the next attempt.
                h.run({"DEL", "s"});
                h.run({"XADD", "s", "1-0", "a", "1"});
                h.run({"XGROUP", "CREATE", "s", "g", "0"});
                h.run({"XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"});
            }
        }
        CHECK(errors > 1000);
    }
}
