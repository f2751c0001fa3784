// List commands against a model: a long seeded run of random list commands, checked
// after every step against std::deque models (reply, LLEN, LRANGE 0 -1, key existence)
// and against the quicklist's own invariants (Quicklist::validate), while CONFIG SET
// keeps changing list-max-listpack-size and list-compress-depth so that nodes split,
// merge and compress. Plus the type layer (engine/types/list.h) and robustness cases.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "engine/types/list.h"
#include "tests/engine/test_util.h"

using redsim::resp::Reply;
using redsim::test::Harness;
using Model = std::map<std::string, std::deque<std::string>>;

namespace {

Reply bulk(const std::string& s) { return Reply::bulk(s); }
Reply integer(long long v) { return Reply::integerOf(v); }
Reply array(std::vector<Reply> items) { return Reply::aggregate(Reply::Type::Array, std::move(items)); }
Reply bulks(const std::vector<std::string>& v) {
    std::vector<Reply> items;
    for (const auto& s : v) items.push_back(bulk(s));
    return array(std::move(items));
}

// Checks one key of the engine against its model: existence, LLEN, LRANGE 0 -1, and
// the structure of the stored quicklist.
void checkKey(Harness& h, const Model& model, const std::string& key) {
    CAPTURE(key);
    auto it = model.find(key);
    const bool exists = it != model.end() && !it->second.empty();
    CHECK(h.run({"EXISTS", key}) == integer(exists ? 1 : 0));
    if (!exists) return;
    const std::deque<std::string>& m = it->second;
    CHECK(h.run({"LLEN", key}) == integer(static_cast<long long>(m.size())));
    CHECK(h.run({"LRANGE", key, "0", "-1"}) == bulks(std::vector<std::string>(m.begin(), m.end())));
    redsim::Object* o = h.engine.db(0).peek(key);
    REQUIRE(o != nullptr);
    CHECK(o->type() == redsim::ObjType::List);
    CHECK(o->encoding() == redsim::Encoding::QuickList);
    CHECK(o->quicklist().validate() == "");
}

// Normalises an index the way LINDEX does; -1 when out of range.
long long resolve(long long idx, size_t n) {
    const long long len = static_cast<long long>(n);
    if (idx < 0) idx += len;
    return idx >= 0 && idx < len ? idx : -1;
}

}  // namespace

TEST_SUITE("commands.lists") {
    TEST_CASE("commands.lists.random_against_deque_model") {
        Harness h(7);
        redsim::Rng rng(20240607);
        auto pick = [&](size_t n) { return static_cast<size_t>(rng.next() % n); };
        auto chance = [&](int percent) { return static_cast<int>(rng.next() % 100) < percent; };

        const std::array<std::string, 3> keys = {"l1", "l2", "l3"};
        // Short values, integers (stored as listpack ints) and long compressible ones, so
        // byte limits split nodes and inner nodes get LZF-compressed.
        const std::array<std::string, 10> values = {
            "a",
            "b",
            "c",
            "7",
            "-12",
            "123456789012",
            std::string(40, 'x'),
            std::string(90, 'y') + "z",
            std::string(300, 'q'),
            "",
        };
        auto value = [&] { return values[pick(values.size())]; };
        const std::array<std::string, 7> fills = {"1", "2", "3", "5", "-1", "-2", "0"};
        const std::array<std::string, 4> depths = {"0", "1", "2", "3"};

        Model model;
        size_t max_len = 0, max_nodes = 0, compressed_seen = 0;
        const int steps = 6000;
        for (int step = 0; step < steps; ++step) {
            CAPTURE(step);
            if (step % 150 == 0) {
                // New settings apply to lists created from now on; emptied lists come back
                // with them. Sometimes drop a key to force that.
                REQUIRE(h.run({"CONFIG", "SET", "list-max-listpack-size", fills[pick(fills.size())]}) ==
                        Reply::status("OK"));
                REQUIRE(h.run({"CONFIG", "SET", "list-compress-depth", depths[pick(depths.size())]}) ==
                        Reply::status("OK"));
                if (step % 600 == 0) {
                    const std::string& k = keys[pick(keys.size())];
                    h.run({"DEL", k});
                    model.erase(k);
                }
            }
            const std::string key = keys[pick(keys.size())];
            const std::string other = keys[pick(keys.size())];
            std::deque<std::string>& m = model[key];
            const size_t n = m.size();
            const long long len = static_cast<long long>(n);
            // Indexes a bit beyond both ends.
            auto randomIndex = [&] { return static_cast<long long>(pick(n * 2 + 6)) - len - 3; };

            // Phases of growth and of shrinking, so lists get long and then short again.
            const bool growing = (step / 500) % 2 == 0;
            size_t op = pick(16);
            if (growing && chance(25)) op = 0;
            switch (op) {
                case 0:
                case 1: {  // LPUSH / RPUSH (bias towards growing)
                    const bool left = chance(50);
                    std::vector<std::string> argv = {left ? "LPUSH" : "RPUSH", key};
                    const size_t k = 1 + pick(8);
                    for (size_t i = 0; i < k; ++i) {
                        argv.push_back(value());
                        if (left)
                            m.push_front(argv.back());
                        else
                            m.push_back(argv.back());
                    }
                    CHECK(h.run(argv) == integer(static_cast<long long>(m.size())));
                    break;
                }
                case 2: {  // LPUSHX / RPUSHX
                    const bool left = chance(50);
                    const std::string v = value();
                    const Reply r = h.run({left ? "LPUSHX" : "RPUSHX", key, v});
                    if (n == 0) {
                        CHECK(r == integer(0));
                    } else {
                        if (left)
                            m.push_front(v);
                        else
                            m.push_back(v);
                        CHECK(r == integer(static_cast<long long>(m.size())));
                    }
                    break;
                }
                case 3: {  // LPOP / RPOP without count
                    const bool left = chance(50);
                    const Reply r = h.run({left ? "LPOP" : "RPOP", key});
                    if (n == 0) {
                        CHECK(r == Reply::nil());
                    } else {
                        CHECK(r == bulk(left ? m.front() : m.back()));
                        if (left)
                            m.pop_front();
                        else
                            m.pop_back();
                    }
                    break;
                }
                case 4: {  // LPOP / RPOP with count
                    const bool left = chance(50);
                    const size_t c = chance(10) ? pick(n + 3) : pick(4);
                    const Reply r = h.run({left ? "LPOP" : "RPOP", key, std::to_string(c)});
                    if (n == 0) {
                        CHECK(r == Reply::nil());
                    } else {
                        std::vector<std::string> want;
                        for (size_t i = 0; i < c && !m.empty(); ++i) {
                            want.push_back(left ? m.front() : m.back());
                            if (left)
                                m.pop_front();
                            else
                                m.pop_back();
                        }
                        CHECK(r == bulks(want));
                    }
                    break;
                }
                case 5: {  // LINDEX
                    const long long idx = randomIndex();
                    const Reply r = h.run({"LINDEX", key, std::to_string(idx)});
                    const long long at = resolve(idx, n);
                    CHECK(r == (at < 0 ? Reply::nil() : bulk(m[static_cast<size_t>(at)])));
                    break;
                }
                case 6: {  // LSET
                    const long long idx = randomIndex();
                    const std::string v = value();
                    const Reply r = h.run({"LSET", key, std::to_string(idx), v});
                    const long long at = resolve(idx, n);
                    if (n == 0) {
                        CHECK(r == Reply::error("ERR no such key"));
                    } else if (at < 0) {
                        CHECK(r == Reply::error("ERR index out of range"));
                    } else {
                        CHECK(r == Reply::status("OK"));
                        m[static_cast<size_t>(at)] = v;
                    }
                    break;
                }
                case 7: {  // LINSERT
                    const bool after = chance(50);
                    const std::string pivot = value();
                    const std::string v = value();
                    const Reply r = h.run({"LINSERT", key, after ? "AFTER" : "BEFORE", pivot, v});
                    auto pos = std::find(m.begin(), m.end(), pivot);
                    if (n == 0) {
                        CHECK(r == integer(0));
                    } else if (pos == m.end()) {
                        CHECK(r == integer(-1));
                    } else {
                        m.insert(after ? pos + 1 : pos, v);
                        CHECK(r == integer(static_cast<long long>(m.size())));
                    }
                    break;
                }
                case 8: {  // LREM
                    const long long c = static_cast<long long>(pick(5)) - 2;
                    const std::string v = value();
                    const Reply r = h.run({"LREM", key, std::to_string(c), v});
                    long long removed = 0;
                    const long long limit = c < 0 ? -c : c;
                    if (c >= 0) {
                        for (auto it = m.begin(); it != m.end();) {
                            if (*it == v && (limit == 0 || removed < limit)) {
                                it = m.erase(it);
                                ++removed;
                            } else {
                                ++it;
                            }
                        }
                    } else {
                        for (size_t i = m.size(); i-- > 0;) {
                            if (m[i] == v && removed < limit) {
                                m.erase(m.begin() + static_cast<long>(i));
                                ++removed;
                            }
                        }
                    }
                    CHECK(r == integer(removed));
                    break;
                }
                case 9: {  // LTRIM
                    // Mostly trims a little from the ends; sometimes anything.
                    const bool wild = chance(15);
                    long long start = wild ? randomIndex() : static_cast<long long>(pick(3));
                    long long end = wild ? randomIndex() : -1 - static_cast<long long>(pick(3));
                    const Reply r = h.run({"LTRIM", key, std::to_string(start), std::to_string(end)});
                    CHECK(r == Reply::status("OK"));
                    if (start < 0) start += len;
                    if (end < 0) end += len;
                    if (start < 0) start = 0;
                    if (start > end || start >= len) {
                        m.clear();
                    } else {
                        if (end >= len) end = len - 1;
                        m = std::deque<std::string>(m.begin() + start, m.begin() + end + 1);
                    }
                    break;
                }
                case 10: {  // LRANGE with random bounds
                    long long start = randomIndex();
                    long long end = randomIndex();
                    const Reply r = h.run({"LRANGE", key, std::to_string(start), std::to_string(end)});
                    if (start < 0) start += len;
                    if (end < 0) end += len;
                    if (start < 0) start = 0;
                    std::vector<std::string> want;
                    if (!(start > end || start >= len)) {
                        if (end >= len) end = len - 1;
                        want.assign(m.begin() + start, m.begin() + end + 1);
                    }
                    CHECK(r == bulks(want));
                    break;
                }
                case 11: {  // LPOS with RANK / COUNT / MAXLEN
                    const std::string v = value();
                    long long rank = static_cast<long long>(pick(7)) - 3;
                    if (rank == 0) rank = 1;
                    const long long count = chance(50) ? -1 : static_cast<long long>(pick(4));
                    const long long maxlen = chance(70) ? 0 : static_cast<long long>(pick(n + 2));
                    std::vector<std::string> argv = {"LPOS", key, v, "RANK", std::to_string(rank)};
                    if (count >= 0) {
                        argv.push_back("COUNT");
                        argv.push_back(std::to_string(count));
                    }
                    argv.push_back("MAXLEN");
                    argv.push_back(std::to_string(maxlen));
                    const Reply r = h.run(argv);
                    std::vector<Reply> found;
                    long long matches = 0;
                    const long long skip = rank < 0 ? -rank : rank;
                    for (long long walked = 0; walked < len && (maxlen == 0 || walked < maxlen); ++walked) {
                        const long long i = rank < 0 ? len - 1 - walked : walked;
                        if (m[static_cast<size_t>(i)] != v) continue;
                        if (++matches < skip) continue;
                        found.push_back(integer(i));
                        if (count == -1 || (count != 0 && static_cast<long long>(found.size()) >= count)) break;
                    }
                    if (count == -1)
                        CHECK(r == (found.empty() ? Reply::nil() : found.front()));
                    else
                        CHECK(r == array(found));
                    break;
                }
                case 12:
                case 13: {  // LMOVE / RPOPLPUSH, possibly a list onto itself
                    const bool rpoplpush = chance(25);
                    const bool from_left = !rpoplpush && chance(50);
                    const bool to_left = rpoplpush || chance(50);
                    const Reply r =
                        rpoplpush
                            ? h.run({"RPOPLPUSH", key, other})
                            : h.run({"LMOVE", key, other, from_left ? "LEFT" : "RIGHT", to_left ? "LEFT" : "RIGHT"});
                    if (n == 0) {
                        CHECK(r == Reply::nil());
                        break;
                    }
                    const std::string v = from_left ? m.front() : m.back();
                    if (from_left)
                        m.pop_front();
                    else
                        m.pop_back();
                    std::deque<std::string>& d = model[other];
                    if (to_left)
                        d.push_front(v);
                    else
                        d.push_back(v);
                    CHECK(r == bulk(v));
                    break;
                }
                case 14: {  // LMPOP over two keys
                    const bool left = chance(50);
                    const long long count = 1 + static_cast<long long>(pick(4));
                    const Reply r =
                        h.run({"LMPOP", "2", key, other, left ? "LEFT" : "RIGHT", "COUNT", std::to_string(count)});
                    std::string from;
                    if (!model[key].empty())
                        from = key;
                    else if (!model[other].empty())
                        from = other;
                    if (from.empty()) {
                        CHECK(r == Reply::nil());
                        break;
                    }
                    std::deque<std::string>& src = model[from];
                    std::vector<std::string> want;
                    for (long long i = 0; i < count && !src.empty(); ++i) {
                        want.push_back(left ? src.front() : src.back());
                        if (left)
                            src.pop_front();
                        else
                            src.pop_back();
                    }
                    CHECK(r == array({bulk(from), bulks(want)}));
                    break;
                }
                default: {  // LLEN alone (cheap), and LINDEX at both ends
                    CHECK(h.run({"LLEN", key}) == integer(len));
                    CHECK(h.run({"LINDEX", key, "0"}) == (n ? bulk(m.front()) : Reply::nil()));
                    CHECK(h.run({"LINDEX", key, "-1"}) == (n ? bulk(m.back()) : Reply::nil()));
                    break;
                }
            }
            for (const auto& k : keys) {
                checkKey(h, model, k);
                if (const redsim::Object* o = h.engine.db(0).peek(k)) {
                    const redsim::Quicklist& ql = o->quicklist();
                    max_len = std::max(max_len, ql.size());
                    max_nodes = std::max(max_nodes, ql.nodeCount());
                    for (const auto& node : ql.nodes()) compressed_seen += node.compressed ? 1 : 0;
                }
            }
        }
        // The run must have reached the interesting shapes.
        CHECK(max_len >= 200);
        CHECK(max_nodes >= 20);
        CHECK(compressed_seen >= 1000);
    }

    // Node layout and compression after a random run, pinned against redis-server 7.0.15:
    // DEBUG OBJECT's serializedlength (the RDB size, which counts compressed nodes as
    // their LZF bytes), ql_nodes and ql_uncompressed_size. Reads (LRANGE, LINDEX, LPOS)
    // matter too: Redis's iterator re-applies the compression rule on the nodes it
    // leaves. REDSIM_LISTS_DUMP=1 prints each sequence to replay it on redis-cli.
    TEST_CASE("commands.lists.node_states_match_redis") {
        struct Case {
            uint64_t seed;
            const char* fill;
            const char* depth;
            const char* expected;  // the DEBUG OBJECT fields after the run
        };
        const Case cases[] = {
            {1, "2", "1",
             "serializedlength:1548 ql_nodes:84 ql_avg_node:1.35 ql_listpack_max:2 ql_compressed:1 "
             "ql_uncompressed_size:7311"},
            {2, "4", "2",
             "serializedlength:2359 ql_nodes:91 ql_avg_node:2.49 ql_listpack_max:4 ql_compressed:1 "
             "ql_uncompressed_size:12735"},
            {3, "-1", "1",
             "serializedlength:721 ql_nodes:5 ql_avg_node:33.40 ql_listpack_max:-1 ql_compressed:1 "
             "ql_uncompressed_size:12308"},
            {4, "1", "1",
             "serializedlength:4109 ql_nodes:235 ql_avg_node:1.00 ql_listpack_max:1 ql_compressed:1 "
             "ql_uncompressed_size:19948"},
            {5, "3", "3",
             "serializedlength:1932 ql_nodes:97 ql_avg_node:2.00 ql_listpack_max:3 ql_compressed:1 "
             "ql_uncompressed_size:6640"},
        };
        const std::array<std::string, 9> vals = {
            "a",     "b",           "7", "-12", std::string(40, 'x'), std::string(90, 'y') + "z", std::string(300, 'q'),
            "hello", "123456789012"};
        for (const Case& c : cases) {
            CAPTURE(c.seed);
            Harness h;
            redsim::Rng rng(c.seed);
            auto pick = [&](uint64_t n) { return static_cast<long long>(rng.next() % n); };
            std::vector<std::vector<std::string>> cmds;
            cmds.push_back({"CONFIG", "SET", "list-max-listpack-size", c.fill});
            cmds.push_back({"CONFIG", "SET", "list-compress-depth", c.depth});
            for (int i = 0; i < 400; ++i) {
                auto v = [&] { return vals[static_cast<size_t>(pick(vals.size()))]; };
                switch (pick(12)) {
                    case 0:
                    case 1:
                    case 2:
                    case 3: {
                        std::vector<std::string> argv = {pick(2) ? "LPUSH" : "RPUSH", "l"};
                        for (long long k = 1 + pick(5); k > 0; --k) argv.push_back(v());
                        cmds.push_back(argv);
                        break;
                    }
                    case 4:
                        cmds.push_back({pick(2) ? "LPOP" : "RPOP", "l", std::to_string(pick(3))});
                        break;
                    case 5:
                        cmds.push_back({"LINDEX", "l", std::to_string(pick(100) - 50)});
                        break;
                    case 6:
                        cmds.push_back({"LRANGE", "l", std::to_string(pick(100) - 50), std::to_string(pick(100) - 50)});
                        break;
                    case 7:
                        cmds.push_back({"LINSERT", "l", pick(2) ? "BEFORE" : "AFTER", v(), v()});
                        break;
                    case 8:
                        cmds.push_back({"LREM", "l", std::to_string(pick(5) - 2), v()});
                        break;
                    case 9:
                        cmds.push_back({"LSET", "l", std::to_string(pick(60) - 30), v()});
                        break;
                    case 10:
                        cmds.push_back(
                            {"LPOS", "l", v(), "RANK", pick(2) ? "-1" : "2", "COUNT", std::to_string(pick(3))});
                        break;
                    default:
                        cmds.push_back({"LTRIM", "l", std::to_string(pick(3)), std::to_string(-1 - pick(3))});
                        break;
                }
            }
            const bool dump = std::getenv("REDSIM_LISTS_DUMP") != nullptr;
            for (const auto& argv : cmds) {
                h.run(argv);
                if (dump) {
                    std::string line;
                    for (const auto& a : argv) line += (line.empty() ? "" : " ") + a;
                    std::printf("%s\n", line.c_str());
                }
            }
            const std::string info = h.run({"DEBUG", "OBJECT", "l"}).str;
            const size_t from = info.find("serializedlength:");
            REQUIRE(from != std::string::npos);
            // Without the LRU fields (they follow the clock).
            std::string fields = info.substr(from);
            const size_t lru = fields.find(" lru:");
            const size_t nodes = fields.find("ql_nodes:");
            if (lru != std::string::npos && nodes != std::string::npos) fields.erase(lru + 1, nodes - lru - 1);
            if (dump) std::printf("# %s\n", fields.c_str());
            CHECK(fields == c.expected);
            CHECK(h.engine.db(0).peek("l")->quicklist().validate() == "");
        }
    }

    TEST_CASE("commands.lists.settings_are_taken_at_creation") {
        Harness h;
        h.run({"CONFIG", "SET", "list-max-listpack-size", "2"});
        h.run({"CONFIG", "SET", "list-compress-depth", "1"});
        h.run({"RPUSH", "old", "a", "b", "c", "d", "e", "f"});
        h.run({"CONFIG", "SET", "list-max-listpack-size", "-2"});
        h.run({"CONFIG", "SET", "list-compress-depth", "0"});
        h.run({"RPUSH", "old", "g", "h"});
        h.run({"RPUSH", "new", "a", "b", "c", "d", "e", "f", "g", "h"});
        const redsim::Quicklist& old_ql = h.engine.db(0).peek("old")->quicklist();
        const redsim::Quicklist& new_ql = h.engine.db(0).peek("new")->quicklist();
        CHECK(old_ql.fill() == 2);
        CHECK(old_ql.compressDepth() == 1);
        CHECK(old_ql.nodeCount() == 4);
        CHECK(new_ql.fill() == -2);
        CHECK(new_ql.nodeCount() == 1);
        // LMOVE creates its destination with the current settings too.
        h.run({"CONFIG", "SET", "list-max-listpack-size", "1"});
        h.run({"LMOVE", "old", "moved", "LEFT", "RIGHT"});
        CHECK(h.engine.db(0).peek("moved")->quicklist().fill() == 1);
        CHECK(h.cli({"OBJECT", "ENCODING", "moved"}) == "\"quicklist\"");
    }

    TEST_CASE("commands.lists.compressed_inner_nodes_stay_readable") {
        Harness h;
        h.run({"CONFIG", "SET", "list-max-listpack-size", "4"});
        h.run({"CONFIG", "SET", "list-compress-depth", "1"});
        std::vector<std::string> argv = {"RPUSH", "l"};
        for (int i = 0; i < 64; ++i) argv.push_back(std::string(60, static_cast<char>('a' + i % 26)));
        h.run(argv);
        const redsim::Quicklist& ql = h.engine.db(0).peek("l")->quicklist();
        size_t compressed = 0;
        for (const auto& node : ql.nodes()) compressed += node.compressed ? 1 : 0;
        CHECK(compressed == ql.nodeCount() - 2);
        CHECK(h.run({"LINDEX", "l", "30"}) == bulk(std::string(60, static_cast<char>('a' + 30 % 26))));
        CHECK(h.run({"LPOS", "l", std::string(60, 'c'), "COUNT", "0"}) ==
              array({integer(2), integer(28), integer(54)}));
        CHECK(h.run({"LREM", "l", "0", std::string(60, 'c')}) == integer(3));
        CHECK(h.run({"LINSERT", "l", "AFTER", std::string(60, 'z'), "mid"}) == integer(62));
        CHECK(ql.validate() == "");
    }

    TEST_CASE("commands.lists.dirty_counts_elements") {
        Harness h;
        auto dirty = [&] { return h.engine.dirty; };
        uint64_t d0 = dirty();
        h.run({"RPUSH", "l", "a", "b", "c", "d", "e"});
        CHECK(dirty() - d0 == 5);
        d0 = dirty();
        h.run({"LPOP", "l", "2"});
        CHECK(dirty() - d0 == 2);
        d0 = dirty();
        h.run({"LTRIM", "l", "1", "1"});
        CHECK(dirty() - d0 == 2);
        d0 = dirty();
        h.run({"RPUSH", "l", "x", "x", "x"});
        h.run({"LREM", "l", "0", "x"});
        CHECK(dirty() - d0 == 6);
        d0 = dirty();
        h.run({"LPOP", "nokey", "3"});
        h.run({"LPOP", "l", "0"});
        h.run({"LINSERT", "l", "BEFORE", "nothere", "x"});
        h.run({"LREM", "l", "0", "nothere"});
        CHECK(dirty() == d0);
    }

    TEST_CASE("commands.lists.resp3_null_shapes") {
        Harness h;
        h.run({"HELLO", "3"});
        auto raw = [&](std::initializer_list<std::string> argv) {
            h.engine.execute(h.client, std::vector<std::string>(argv));
            return h.client.takeOutput();
        };
        CHECK(raw({"LPOP", "nokey"}) == "_\r\n");
        CHECK(raw({"LPOP", "nokey", "2"}) == "_\r\n");
        CHECK(raw({"LMPOP", "1", "nokey", "LEFT"}) == "_\r\n");
        CHECK(raw({"LPOS", "nokey", "a"}) == "_\r\n");
        h.run({"RPUSH", "l", "a"});
        CHECK(raw({"LPOP", "l", "0"}) == "*0\r\n");
        CHECK(raw({"LINDEX", "l", "5"}) == "_\r\n");
    }

    TEST_CASE("commands.lists.garbage_never_changes_data") {
        Harness h;
        h.run({"RPUSH", "l", "a", "b", "c"});
        const Reply before = h.run({"LRANGE", "l", "0", "-1"});
        const std::vector<std::vector<std::string>> bad = {
            {"LPOP", "l", "-1"},
            {"LPOP", "l", "-9223372036854775808"},
            {"RPOP", "l", "nan"},
            {"RPOP", "l", "1", "2"},
            {"LSET", "l", "99", "x"},
            {"LSET", "l", "-9223372036854775808", "x"},
            {"LSET", "l", "1e3", "x"},
            {"LINSERT", "l", "NEAR", "a", "x"},
            {"LREM", "l", "1.0", "a"},
            {"LTRIM", "l", "0", "inf"},
            {"LRANGE", "l", "-0x1", "2"},
            {"LPOS", "l", "a", "RANK", "0"},
            {"LPOS", "l", "a", "COUNT", "-9223372036854775808"},
            {"LPOS", "l", "a", "MAXLEN", "9223372036854775808"},
            {"LMOVE", "l", "l2", "UP", "LEFT"},
            {"LMPOP", "9223372036854775807", "l", "LEFT"},
            {"LMPOP", "-9223372036854775808", "l", "LEFT"},
            {"LMPOP", "1", "l", "LEFT", "COUNT", "0"},
            {"LMPOP", "1", "l", "LEFT", "COUNT", "9223372036854775808"},
            {"LMPOP", "3", "l", "LEFT"},
        };
        for (const auto& argv : bad) {
            CAPTURE(argv[0]);
            CHECK(h.run(argv).type == Reply::Type::Error);
        }
        CHECK(h.run({"LRANGE", "l", "0", "-1"}) == before);
        CHECK(h.run({"EXISTS", "l2"}) == integer(0));
        CHECK(h.engine.db(0).peek("l")->quicklist().validate() == "");
        // A huge count pops everything and deletes the key.
        CHECK(h.run({"RPOP", "l", "9223372036854775807"}) == bulks({"c", "b", "a"}));
        CHECK(h.run({"EXISTS", "l"}) == integer(0));
    }
}

TEST_SUITE("engine.types.list") {
    TEST_CASE("engine.types.list.helpers") {
        Harness h;
        h.run({"CONFIG", "SET", "list-max-listpack-size", "3"});
        h.run({"CONFIG", "SET", "list-compress-depth", "1"});
        std::vector<std::string> elements;
        for (int i = 0; i < 3000; ++i) elements.push_back("element-" + std::to_string(i) + std::string(50, 'p'));
        redsim::Object o = redsim::listFromElements(h.engine, elements);
        CHECK(o.type() == redsim::ObjType::List);
        CHECK(o.quicklist().fill() == 3);
        CHECK(o.quicklist().compressDepth() == 1);
        CHECK(redsim::listLength(o) == 3000);
        std::vector<std::string> walked;
        redsim::forEachListElement(o, [&](std::string_view e) { walked.emplace_back(e); });
        CHECK(walked == elements);
        CHECK(redsim::listElements(o) == elements);
        CHECK(redsim::listRange(o, 2998, 10) == std::vector<std::string>{elements[2998], elements[2999]});
        CHECK(*redsim::listIndex(o, -1) == elements.back());
        CHECK(!redsim::listIndex(o, 3000));
        redsim::listPush(o, "head", redsim::ListEnd::Head);
        redsim::listPush(o, "tail", redsim::ListEnd::Tail);
        CHECK(*redsim::listPop(o, redsim::ListEnd::Head) == "head");
        CHECK(*redsim::listPop(o, redsim::ListEnd::Tail) == "tail");
        CHECK(o.quicklist().validate() == "");
        // listWalk: from an index, either way, bounded by count and by the ends.
        std::vector<std::string> seen;
        auto collect = [&](std::string e) { seen.push_back(std::move(e)); };
        CHECK(redsim::listWalk(o, -2, 5, redsim::ListEnd::Tail, collect) == 2);
        CHECK(seen == std::vector<std::string>{elements[2998], elements[2999]});
        seen.clear();
        CHECK(redsim::listWalk(o, 2, 5, redsim::ListEnd::Head, collect) == 3);
        CHECK(seen == std::vector<std::string>{elements[2], elements[1], elements[0]});
        seen.clear();
        CHECK(redsim::listWalk(o, 1500, 3000, redsim::ListEnd::Tail, collect) == 1500);
        CHECK(seen.front() == elements[1500]);
        CHECK(redsim::listWalk(o, 3000, 1, redsim::ListEnd::Tail, collect) == 0);
        CHECK(redsim::listWalk(o, -3001, 1, redsim::ListEnd::Head, collect) == 0);
        CHECK(o.quicklist().validate() == "");
        // SORT ... STORE's lists ignore the config, as in Redis 7.0.
        redsim::Object sorted = redsim::listFromElements(h.engine, elements, redsim::ListSettings::RedisDefaults);
        CHECK(sorted.quicklist().fill() == -2);
        CHECK(sorted.quicklist().compressDepth() == 0);
        CHECK(redsim::listElements(sorted) == elements);
        redsim::Object empty = redsim::createListObject(h.engine);
        CHECK(redsim::listLength(empty) == 0);
        CHECK(!redsim::listPop(empty, redsim::ListEnd::Head));
        size_t calls = 0;
        redsim::forEachListElement(empty, [&](std::string_view) { ++calls; });
        CHECK(calls == 0);
    }
}
