// Hash commands through Engine::execute: a long seeded random sequence checked against a
// std::map model (contents, listpack order and OBJECT ENCODING after every step),
// HRANDFIELD's reply shapes for both encodings and protocols, dirty counting, and
// robustness against garbage arguments.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "../engine/test_util.h"

using redsim::test::Harness;
using Reply = redsim::resp::Reply;
using Type = Reply::Type;

namespace {

// A model hash: the fields in listpack order (first insertion), their values, and
// whether the real hash must have become a hashtable.
struct ModelHash {
    std::vector<std::string> order;
    std::map<std::string, std::string> values;
    bool hashtable = false;

    void set(const std::string& f, const std::string& v) {
        if (!values.count(f)) order.push_back(f);
        values[f] = v;
    }
    void erase(const std::string& f) {
        values.erase(f);
        order.erase(std::find(order.begin(), order.end(), f));
    }
};

struct Limits {
    size_t entries;
    size_t value;
};

std::vector<std::string> strings(const Reply& r) {
    std::vector<std::string> out;
    for (const Reply& e : r.elements) out.push_back(e.str);
    return out;
}

// Checks one key of the engine against the model.
void checkKey(Harness& h, const std::string& key, const std::map<std::string, ModelHash>& model) {
    CAPTURE(key);
    auto it = model.find(key);
    if (it == model.end()) {
        CHECK(h.run({"EXISTS", key}).integer == 0);
        return;
    }
    const ModelHash& m = it->second;
    REQUIRE(h.run({"EXISTS", key}).integer == 1);
    CHECK(h.run({"OBJECT", "ENCODING", key}).str == (m.hashtable ? "hashtable" : "listpack"));
    CHECK(h.run({"HLEN", key}).integer == static_cast<long long>(m.values.size()));
    const std::vector<std::string> flat = strings(h.run({"HGETALL", key}));
    REQUIRE(flat.size() == m.values.size() * 2);
    std::map<std::string, std::string> got;
    std::vector<std::string> order;
    for (size_t i = 0; i < flat.size(); i += 2) {
        got[flat[i]] = flat[i + 1];
        order.push_back(flat[i]);
    }
    CHECK(got == m.values);
    if (!m.hashtable) CHECK(order == m.order);  // a listpack keeps insertion order
}

}  // namespace

TEST_SUITE("hashes") {
    TEST_CASE("hashes.model.random_sequence") {
        Harness h(42);
        std::mt19937_64 rng(20240601);
        auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
        Limits lim{8, 6};
        h.run({"CONFIG", "SET", "hash-max-listpack-entries", std::to_string(lim.entries)});
        h.run({"CONFIG", "SET", "hash-max-listpack-value", std::to_string(lim.value)});
        std::map<std::string, ModelHash> model;
        const std::vector<std::string> keys{"k0", "k1", "k2", "k3"};
        // Mostly short fields and values; a few longer than the value limit.
        auto token = [&](bool numeric_ok) {
            const size_t r = pick(100);
            if (r < 3) return std::string(lim.value + 1 + pick(4), 'L');
            if (numeric_ok && r < 20) return std::to_string(static_cast<long long>(pick(2000)) - 1000);
            return std::string(1, static_cast<char>('a' + pick(14))) + (r % 2 ? "" : std::to_string(pick(3)));
        };
        // The model's encoding rules (see engine/types/hash.h).
        auto tryConvert = [&](ModelHash& m, const std::vector<std::string>& args) {
            for (const auto& s : args)
                if (s.size() > lim.value) m.hashtable = true;
        };
        auto afterInsert = [&](ModelHash& m) {
            if (m.values.size() > lim.entries) m.hashtable = true;
        };

        for (int step = 0; step < 6000; ++step) {
            CAPTURE(step);
            const std::string& key = keys[pick(keys.size())];
            const size_t op = pick(100);
            if (op < 35) {  // HSET / HMSET with 1-4 pairs
                std::vector<std::string> argv{op < 30 ? "HSET" : "HMSET", key};
                const size_t pairs = 1 + pick(4);
                std::vector<std::string> args;
                for (size_t i = 0; i < pairs; ++i) {
                    args.push_back(token(false));
                    args.push_back(token(true));
                }
                argv.insert(argv.end(), args.begin(), args.end());
                ModelHash& m = model[key];
                tryConvert(m, args);
                long long added = 0;
                for (size_t i = 0; i < args.size(); i += 2) {
                    const bool fresh = !m.values.count(args[i]);
                    // hashTypeSet's own check, then the insert, then the count.
                    if (args[i].size() > lim.value || args[i + 1].size() > lim.value) m.hashtable = true;
                    m.set(args[i], args[i + 1]);
                    if (fresh) {
                        ++added;
                        afterInsert(m);
                    }
                }
                const Reply r = h.run(argv);
                if (argv[0] == "HSET")
                    CHECK(r.integer == added);
                else
                    CHECK(r.str == "OK");
            } else if (op < 45) {  // HSETNX
                const std::string f = token(false), v = token(true);
                const bool exists = model.count(key) && model[key].values.count(f);
                CHECK(h.run({"HSETNX", key, f, v}).integer == (exists ? 0 : 1));
                if (!exists) {
                    ModelHash& m = model[key];
                    tryConvert(m, {f, v});
                    m.set(f, v);
                    afterInsert(m);
                }
            } else if (op < 70) {  // HDEL 1-3 fields
                std::vector<std::string> argv{"HDEL", key};
                for (size_t n = 1 + pick(3); n > 0; --n) argv.push_back(token(false));
                long long removed = 0;
                if (model.count(key)) {
                    ModelHash& m = model[key];
                    for (size_t i = 2; i < argv.size(); ++i) {
                        if (m.values.count(argv[i])) {
                            m.erase(argv[i]);
                            ++removed;
                        }
                        if (m.values.empty()) break;
                    }
                    if (m.values.empty()) model.erase(key);
                }
                CHECK(h.run(argv).integer == removed);
            } else if (op < 85) {  // HINCRBY
                const std::string f = token(false);
                const long long by = static_cast<long long>(pick(200001)) - 100000;
                const bool had = model.count(key) && model[key].values.count(f);
                const std::string old = had ? model[key].values[f] : "0";
                long long cur = 0;
                bool numeric = true;
                try {
                    size_t used = 0;
                    cur = std::stoll(old, &used);
                    numeric = used == old.size() && std::to_string(cur) == old;
                } catch (...) {
                    numeric = false;
                }
                const Reply r = h.run({"HINCRBY", key, f, std::to_string(by)});
                if (!numeric) {
                    CHECK(r.str == "ERR hash value is not an integer");
                    // The key existed (the field did): nothing was created.
                } else {
                    CHECK(r.integer == cur + by);
                    ModelHash& m = model[key];
                    const std::string nv = std::to_string(cur + by);
                    if (f.size() > lim.value || nv.size() > lim.value) m.hashtable = true;
                    m.set(f, nv);
                    if (!had) afterInsert(m);
                }
            } else if (op < 90) {  // read-only probes
                const std::string f = token(false);
                const bool has = model.count(key) && model[key].values.count(f);
                const Reply g = h.run({"HGET", key, f});
                if (has)
                    CHECK(g.str == model[key].values[f]);
                else
                    CHECK(g.type == Type::Nil);
                CHECK(h.run({"HEXISTS", key, f}).integer == (has ? 1 : 0));
                CHECK(h.run({"HSTRLEN", key, f}).integer ==
                      static_cast<long long>(has ? model[key].values[f].size() : 0));
            } else if (op < 93) {  // change the limits: applies from the next write on
                lim = Limits{1 + pick(20), 1 + pick(12)};
                h.run({"CONFIG", "SET", "hash-max-listpack-entries", std::to_string(lim.entries)});
                h.run({"CONFIG", "SET", "hash-max-listpack-value", std::to_string(lim.value)});
            } else if (op < 95) {  // DEL resets the encoding
                h.run({"DEL", key});
                model.erase(key);
            } else {  // HKEYS/HVALS agree with HGETALL
                const auto flat = strings(h.run({"HGETALL", key}));
                const auto ks = strings(h.run({"HKEYS", key}));
                const auto vs = strings(h.run({"HVALS", key}));
                REQUIRE(ks.size() * 2 == flat.size());
                REQUIRE(vs.size() * 2 == flat.size());
                for (size_t i = 0; i < ks.size(); ++i) {
                    CHECK(ks[i] == flat[2 * i]);
                    CHECK(vs[i] == flat[2 * i + 1]);
                }
            }
            checkKey(h, key, model);
        }
        for (const auto& k : keys) checkKey(h, k, model);
    }

    TEST_CASE("hashes.model.hincrbyfloat") {
        Harness h(3);
        long double expect = 0;
        std::mt19937_64 rng(9);
        for (int i = 0; i < 200; ++i) {
            const long long whole = static_cast<long long>(rng() % 2001) - 1000;
            const std::string incr = std::to_string(whole) + ".25";
            expect += std::stold(incr);
            const Reply r = h.run({"HINCRBYFLOAT", "f", "x", incr});
            REQUIRE(r.type == Type::Bulk);
            CHECK(std::stold(r.str) == expect);  // quarters are exact
            CHECK(h.run({"HGET", "f", "x"}).str == r.str);
        }
    }

    TEST_CASE("hashes.hrandfield.shapes") {
        for (const bool hashtable : {false, true}) {
            for (const int proto : {2, 3}) {
                CAPTURE(hashtable);
                CAPTURE(proto);
                Harness h(7);
                h.run({"HELLO", std::to_string(proto)});
                if (hashtable) h.run({"CONFIG", "SET", "hash-max-listpack-entries", "0"});
                std::map<std::string, std::string> all;
                std::vector<std::string> argv{"HSET", "h"};
                for (int i = 0; i < 30; ++i) {
                    all["f" + std::to_string(i)] = "v" + std::to_string(i * 7);
                    argv.push_back("f" + std::to_string(i));
                    argv.push_back("v" + std::to_string(i * 7));
                }
                h.run(argv);
                CHECK(h.run({"OBJECT", "ENCODING", "h"}).str == (hashtable ? "hashtable" : "listpack"));

                // Splits a reply into (field, value) picks; checks every pair is real.
                auto picks = [&](const Reply& r, bool withvalues) {
                    std::vector<std::pair<std::string, std::string>> out;
                    REQUIRE(r.type == Type::Array);
                    if (!withvalues) {
                        for (const Reply& e : r.elements) out.emplace_back(e.str, all.at(e.str));
                    } else if (proto == 3) {
                        for (const Reply& e : r.elements) {
                            REQUIRE(e.type == Type::Array);
                            REQUIRE(e.elements.size() == 2);
                            out.emplace_back(e.elements[0].str, e.elements[1].str);
                        }
                    } else {
                        REQUIRE(r.elements.size() % 2 == 0);
                        for (size_t i = 0; i < r.elements.size(); i += 2)
                            out.emplace_back(r.elements[i].str, r.elements[i + 1].str);
                    }
                    size_t wrong = 0;  // counted, not CHECKed one by one: replies are long
                    for (const auto& [f, v] : out) wrong += all.count(f) == 1 && all.at(f) == v ? 0 : 1;
                    CHECK(wrong == 0);
                    return out;
                };

                std::set<std::string> ever;
                for (int round = 0; round < 10; ++round) {
                    // Positive counts: distinct fields, min(count, size) of them. 5 hits
                    // CASE 4 (size >= 3*count), 15 CASE 3, 30 and 50 CASE 2.
                    for (long long count : {1LL, 2LL, 5LL, 15LL, 29LL, 30LL, 50LL}) {
                        for (bool wv : {false, true}) {
                            CAPTURE(count);
                            std::vector<std::string> cmd{"HRANDFIELD", "h", std::to_string(count)};
                            if (wv) cmd.push_back("WITHVALUES");
                            const auto got = picks(h.run(cmd), wv);
                            CHECK(got.size() == std::min<size_t>(static_cast<size_t>(count), 30));
                            std::set<std::string> distinct;
                            for (const auto& p : got) distinct.insert(p.first);
                            CHECK(distinct.size() == got.size());
                            ever.insert(distinct.begin(), distinct.end());
                        }
                    }
                    // Negative counts: exactly |count| picks, repeats allowed (and
                    // forced when |count| > size).
                    for (long long count : {-1LL, -7LL, -45LL, -1500LL}) {
                        for (bool wv : {false, true}) {
                            std::vector<std::string> cmd{"HRANDFIELD", "h", std::to_string(count)};
                            if (wv) cmd.push_back("WITHVALUES");
                            const auto got = picks(h.run(cmd), wv);
                            CHECK(got.size() == static_cast<size_t>(-count));
                            if (-count > 30) {
                                std::set<std::string> distinct;
                                for (const auto& p : got) distinct.insert(p.first);
                                CHECK(distinct.size() < got.size());
                            }
                        }
                    }
                    const Reply one = h.run({"HRANDFIELD", "h"});
                    REQUIRE(one.type == Type::Bulk);
                    CHECK(all.count(one.str) == 1);
                }
                CHECK(ever.size() == 30);  // every field shows up sooner or later

                // CASE 4 on a listpack samples in one pass: distinct and in listpack order.
                if (!hashtable) {
                    for (int round = 0; round < 20; ++round) {
                        const auto got = picks(h.run({"HRANDFIELD", "h", "6", "WITHVALUES"}), true);
                        REQUIRE(got.size() == 6);
                        for (size_t i = 1; i < got.size(); ++i)
                            CHECK(std::stoi(got[i - 1].first.substr(1)) < std::stoi(got[i].first.substr(1)));
                    }
                }
                // count >= size on a listpack: the whole hash in insertion order.
                if (!hashtable) {
                    const auto whole = picks(h.run({"HRANDFIELD", "h", "30", "WITHVALUES"}), true);
                    REQUIRE(whole.size() == 30);
                    for (size_t i = 0; i < 30; ++i) CHECK(whole[i].first == "f" + std::to_string(i));
                }
                // Nothing was changed by reading.
                CHECK(h.run({"HLEN", "h"}).integer == 30);
            }
        }
    }

    TEST_CASE("hashes.hashtable.reads_while_rehashing") {
        // A growing hashtable spends much of its time between two tables: every read
        // must see both, and a full HSCAN must return every field at least once.
        Harness h(5);
        std::set<std::string> fields;
        for (int i = 0; i < 3000; ++i) {
            const std::string f = "field:" + std::to_string(i);
            fields.insert(f);
            REQUIRE(h.run({"HSET", "big", f, std::to_string(i)}).integer == 1);
            if (i % 211 != 0) continue;
            CAPTURE(i);
            CHECK(h.run({"HLEN", "big"}).integer == i + 1);
            CHECK(h.run({"HGET", "big", "field:0"}).str == "0");
            CHECK(strings(h.run({"HKEYS", "big"})).size() == fields.size());
            std::set<std::string> seen;
            std::string cursor = "0";
            do {
                const Reply r = h.run({"HSCAN", "big", cursor, "COUNT", "7"});
                REQUIRE(r.elements.size() == 2);
                cursor = r.elements[0].str;
                const auto flat = strings(r.elements[1]);
                for (size_t j = 0; j < flat.size(); j += 2) seen.insert(flat[j]);
            } while (cursor != "0");
            CHECK(seen == fields);
        }
        CHECK(h.run({"OBJECT", "ENCODING", "big"}).str == "hashtable");
        // Deleting down to one field shrinks the table; the survivor is still there.
        for (int i = 1; i < 3000; ++i) h.run({"HDEL", "big", "field:" + std::to_string(i)});
        CHECK(strings(h.run({"HGETALL", "big"})) == std::vector<std::string>{"field:0", "0"});
    }

    TEST_CASE("hashes.hrandfield.same_seed_same_reply") {
        auto run = [](uint64_t seed) {
            Harness h(seed);
            h.run({"HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5", "f", "6"});
            std::vector<std::string> out;
            for (const char* c : {"-10", "2", "4"}) {
                for (const auto& s : strings(h.run({"HRANDFIELD", "h", c, "WITHVALUES"}))) out.push_back(s);
            }
            return out;
        };
        CHECK(run(5) == run(5));
    }

    TEST_CASE("hashes.hrandfield.huge_negative_count_is_refused") {
        Harness h;
        h.run({"HSET", "h", "a", "1"});
        const Reply r = h.run({"HRANDFIELD", "h", "-4611686018427387903", "WITHVALUES"});
        CHECK(r.type == Type::Error);
        CHECK(r.str.rfind("ERR out of memory", 0) == 0);
        CHECK(h.run({"HRANDFIELD", "h", "-9223372036854775807"}).type == Type::Error);
        CHECK(h.run({"HLEN", "h"}).integer == 1);
        // A positive count of any size is the whole hash.
        CHECK(strings(h.run({"HRANDFIELD", "h", "9223372036854775807"})) == std::vector<std::string>{"a"});
    }

    TEST_CASE("hashes.resp3") {
        Harness h;
        h.run({"HELLO", "3"});
        h.run({"HSET", "h", "a", "1", "b", "2"});
        const Reply all = h.run({"HGETALL", "h"});
        CHECK(all.type == Type::Map);
        CHECK(strings(all) == std::vector<std::string>{"a", "1", "b", "2"});
        CHECK(h.run({"HGETALL", "nokey"}).type == Type::Map);
        CHECK(h.run({"HKEYS", "nokey"}).type == Type::Array);
        CHECK(h.run({"HGET", "nokey", "a"}).type == Type::Nil);
        CHECK(h.run({"HRANDFIELD", "nokey"}).type == Type::Nil);
        CHECK(h.run({"HRANDFIELD", "nokey", "3"}).type == Type::Array);
        const Reply pairs = h.run({"HRANDFIELD", "h", "-3", "WITHVALUES"});
        REQUIRE(pairs.elements.size() == 3);
        for (const Reply& p : pairs.elements) CHECK(p.elements.size() == 2);
    }

    TEST_CASE("hashes.dirty") {
        Harness h;
        auto dirty = [&] { return h.engine.dirty; };
        uint64_t d0 = dirty();
        h.run({"HSET", "h", "a", "1", "b", "2"});
        CHECK(dirty() == d0 + 2);
        h.run({"HSET", "h", "a", "1"});  // an update counts too
        CHECK(dirty() == d0 + 3);
        h.run({"HSETNX", "h", "a", "x"});
        CHECK(dirty() == d0 + 3);
        h.run({"HSETNX", "h", "c", "x"});
        CHECK(dirty() == d0 + 4);
        h.run({"HDEL", "h", "a", "zz", "b"});
        CHECK(dirty() == d0 + 6);
        h.run({"HINCRBY", "h", "n", "1"});
        h.run({"HINCRBYFLOAT", "h", "n", "1.5"});
        CHECK(dirty() == d0 + 8);
        h.run({"HINCRBY", "h", "c", "1"});  // error: no change
        h.run({"HGET", "h", "c"});
        CHECK(dirty() == d0 + 8);
    }

    TEST_CASE("hashes.robustness.garbage_changes_nothing") {
        for (const bool hashtable : {false, true}) {
            CAPTURE(hashtable);
            Harness h;
            if (hashtable) h.run({"CONFIG", "SET", "hash-max-listpack-entries", "1"});
            h.run({"HSET", "h", "a", "1", "n", "10", "f", "1.5", "s", "text"});
            const auto before = strings(h.run({"HGETALL", "h"}));
            const std::string enc = h.run({"OBJECT", "ENCODING", "h"}).str;
            const std::vector<std::string> numbers{"",
                                                   " 1",
                                                   "1 ",
                                                   "+1",
                                                   "-0",
                                                   "0x10",
                                                   "1e3",
                                                   "nan",
                                                   "-nan",
                                                   "inf",
                                                   "-inf",
                                                   "1.5",
                                                   "abc",
                                                   "\x00",
                                                   "9223372036854775808",
                                                   "-9223372036854775809",
                                                   "99999999999999999999999",
                                                   "1e5000",
                                                   std::string(6000, '9')};
            const std::vector<std::vector<std::string>> bad_shapes{{"HSET", "h"},
                                                                   {"HSET", "h", "a"},
                                                                   {"HSET", "h", "a", "1", "b"},
                                                                   {"HMSET", "h", "a"},
                                                                   {"HGET", "h"},
                                                                   {"HDEL", "h"},
                                                                   {"HSETNX", "h", "a"},
                                                                   {"HRANDFIELD"},
                                                                   {"HSCAN", "h"},
                                                                   {"HINCRBY", "h", "a"},
                                                                   {"HINCRBYFLOAT", "h"},
                                                                   {"HSTRLEN", "h"},
                                                                   {"HRANDFIELD", "h", "1", "WITHVALUES", "x"},
                                                                   {"HSCAN", "h", "0", "COUNT"},
                                                                   {"HSCAN", "h", "0", "MATCH"},
                                                                   {"HSCAN", "h", "0", "TYPE", "hash"}};
            for (const auto& argv : bad_shapes) {
                CAPTURE(argv[0]);
                CHECK(h.run(argv).type == Type::Error);
            }
            for (const std::string& n : numbers) {
                CAPTURE(n);
                // Increments that are not numbers, and stored values that are not.
                const Reply r1 = h.run({"HINCRBY", "h", "n", n});
                if (r1.type != Type::Error) h.run({"HINCRBY", "h", "n", std::to_string(-r1.integer + 10)});
                CHECK(h.run({"HINCRBY", "h", "s", "1"}).type == Type::Error);
                CHECK(h.run({"HINCRBY", "h", "f", "1"}).type == Type::Error);
                CHECK(h.run({"HINCRBYFLOAT", "h", "s", n}).type == Type::Error);
                CHECK(h.run({"HRANDFIELD", "h", n == "" ? "x" : n, "WITHVALUES"}).type != Type::Nil);
                CHECK(h.run({"HSCAN", "h", n.empty() ? "x" : n}).type != Type::Nil);
                CHECK(h.run({"HSCAN", "h", "0", "COUNT", n}).type == Type::Error);
            }
            for (const char* c : {"-9223372036854775808", "-9223372036854775807", "9223372036854775807"}) {
                CHECK(h.run({"HINCRBY", "h", "n", c}).type != Type::Nil);  // reply, no crash
                h.run({"HSET", "h", "n", "10"});
            }
            // A sum that would be infinite is refused and leaves the old value.
            CHECK(h.run({"HINCRBYFLOAT", "g", "f", "1e4932"}).type == Type::Bulk);
            const std::string big = h.run({"HGET", "g", "f"}).str;
            CHECK(h.run({"HINCRBYFLOAT", "g", "f", "1e4932"}).str == "ERR increment would produce NaN or Infinity");
            CHECK(h.run({"HGET", "g", "f"}).str == big);
            CHECK(strings(h.run({"HGETALL", "h"})) == before);
            CHECK(h.run({"OBJECT", "ENCODING", "h"}).str == enc);
        }
    }

    TEST_CASE("hashes.robustness.random_arguments") {
        Harness h(11);
        std::mt19937_64 rng(77);
        const std::vector<std::string> cmds{"HSET",         "HSETNX",  "HGET",       "HMSET", "HMGET", "HGETALL",
                                            "HDEL",         "HEXISTS", "HLEN",       "HKEYS", "HVALS", "HINCRBY",
                                            "HINCRBYFLOAT", "HSTRLEN", "HRANDFIELD", "HSCAN"};
        const std::vector<std::string> words{"h",
                                             "s",
                                             "0",
                                             "1",
                                             "-1",
                                             "3",
                                             "-3",
                                             "x",
                                             "a",
                                             "COUNT",
                                             "MATCH",
                                             "*",
                                             "WITHVALUES",
                                             "1.5",
                                             "inf",
                                             "nan",
                                             "-0",
                                             "",
                                             "9223372036854775807",
                                             "-9223372036854775807",
                                             "99999"};
        h.run({"SET", "s", "string"});
        for (int i = 0; i < 20000; ++i) {
            std::vector<std::string> argv{cmds[rng() % cmds.size()]};
            for (size_t n = rng() % 6; n > 0; --n) argv.push_back(words[rng() % words.size()]);
            h.run(argv);  // any reply; must not crash or hang
            if (i % 500 == 0) {
                // The hash stays self-consistent.
                const long long len = h.run({"HLEN", "h"}).integer;
                CHECK(strings(h.run({"HKEYS", "h"})).size() == static_cast<size_t>(len));
                CHECK(h.run({"GET", "s"}).str == "string");
            }
        }
    }
}
