// Set commands against a model: a long seeded random sequence of writes and reads on a
// few keys, checked after every step against std::set (members, set algebra with
// std::set_intersection / set_union / set_difference) and against the encoding rule
// (intset while every member is a canonical integer and the size is within
// set-max-intset-entries, which the sequence changes as it goes). Then the shapes of the
// random commands (SPOP / SRANDMEMBER cases), RESP3 reply types, and robustness: bad
// arguments answer an error and change nothing.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/ds/dict.h"
#include "engine/types/set.h"
#include "engine/util/numbers.h"
#include "tests/engine/test_util.h"

using redsim::resp::Reply;
using redsim::test::Harness;

namespace {

using Members = std::set<std::string>;

bool isInt(const std::string& s) { return redsim::parseInt64(s).has_value(); }

std::vector<std::string> strings(const Reply& r) {
    std::vector<std::string> out;
    for (const auto& e : r.elements) out.push_back(e.str);
    return out;
}

Members asSet(const Reply& r) {
    auto v = strings(r);
    return Members(v.begin(), v.end());
}

bool ascendingIntegers(const std::vector<std::string>& v) {
    for (size_t i = 1; i < v.size(); ++i)
        if (*redsim::parseInt64(v[i - 1]) >= *redsim::parseInt64(v[i])) return false;
    return true;
}

bool allInts(const Members& m) {
    return std::all_of(m.begin(), m.end(), [](const std::string& s) { return isInt(s); });
}

// The model of one key: its members and whether Redis would hold it as an intset.
struct ModelSet {
    Members members;
    bool intset = true;
};

struct Model {
    std::map<std::string, ModelSet> sets;
    size_t max_intset = 512;

    // setTypeAdd's rule.
    void add(ModelSet& m, const std::string& v) const {
        if (!m.members.insert(v).second) return;
        if (m.intset && (!isInt(v) || m.members.size() > max_intset)) m.intset = false;
    }
    // A result built by adds only, from an empty intset.
    ModelSet built(const Members& result) const {
        return ModelSet{result, allInts(result) && result.size() <= max_intset};
    }
    Members get(const std::string& k) const {
        auto it = sets.find(k);
        return it == sets.end() ? Members{} : it->second.members;
    }
    void store(const std::string& dst, ModelSet m) {
        if (m.members.empty())
            sets.erase(dst);
        else
            sets[dst] = std::move(m);
    }
};

Members intersect(const Members& a, const Members& b) {
    Members out;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
    return out;
}
Members unite(const Members& a, const Members& b) {
    Members out;
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
    return out;
}
Members subtract(const Members& a, const Members& b) {
    Members out;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
    return out;
}

// Checks one key of the engine against the model: existence, members, encoding, and
// ascending order for intsets.
void checkKey(Harness& h, const Model& model, const std::string& key) {
    CAPTURE(key);
    auto it = model.sets.find(key);
    if (it == model.sets.end()) {
        CHECK(h.run({"EXISTS", key}).integer == 0);
        return;
    }
    const Reply members = h.run({"SMEMBERS", key});
    REQUIRE(members.type == Reply::Type::Array);
    const auto v = strings(members);
    CHECK(v.size() == it->second.members.size());
    CHECK(Members(v.begin(), v.end()) == it->second.members);
    CHECK(h.run({"SCARD", key}).integer == static_cast<long long>(it->second.members.size()));
    const std::string enc = h.run({"OBJECT", "ENCODING", key}).str;
    CHECK(enc == (it->second.intset ? "intset" : "hashtable"));
    if (enc == "intset") CHECK(ascendingIntegers(v));
    // The dict itself stays well formed through every write.
    redsim::Object* o = h.engine.db(0).peek(key);
    REQUIRE(o != nullptr);
    if (o->encoding() == redsim::Encoding::HashTable) {
        std::string why;
        CHECK_MESSAGE(o->setDict().checkInvariants(&why), why);
    }
}

}  // namespace

TEST_SUITE("sets") {
    TEST_CASE("sets.model.random_sequence") {
        Harness h(7);
        redsim::Rng rng(20240607);
        Model model;
        const std::vector<std::string> keys = {"s0", "s1", "s2", "s3"};
        h.run({"SET", "str", "v"});
        // Mostly canonical integers (so intsets live long), a few strings and
        // non-canonical spellings that must stay strings.
        std::vector<std::string> pool;
        for (int i = -3; i <= 24; ++i) pool.push_back(std::to_string(i));
        for (const char* s : {"9223372036854775807", "-9223372036854775808", "70000", "-40000", "07", "-0", "+3", " 1",
                              "1.0", "a", "b", "c", "", "zz"})
            pool.push_back(s);
        auto member = [&]() -> std::string {
            // 85 % from the integers, else anything.
            if (rng.below(100) < 85) return pool[rng.below(28)];
            return pool[rng.below(pool.size())];
        };
        auto key = [&]() -> std::string { return keys[rng.below(keys.size())]; };
        auto someKeys = [&](size_t min) {
            std::vector<std::string> out;
            const size_t n = min + rng.below(3);
            for (size_t i = 0; i < n; ++i) out.push_back(rng.below(12) == 0 ? "missing" : key());
            return out;
        };

        for (int step = 0; step < 4000; ++step) {
            CAPTURE(step);
            const uint64_t op = rng.below(100);
            if (op < 30) {  // SADD
                const std::string k = key();
                std::vector<std::string> argv = {"SADD", k};
                const size_t n = 1 + rng.below(4);
                for (size_t i = 0; i < n; ++i) argv.push_back(member());
                auto it = model.sets.find(k);
                ModelSet m = it == model.sets.end() ? ModelSet{{}, isInt(argv[2])} : it->second;
                const size_t before = m.members.size();
                for (size_t i = 2; i < argv.size(); ++i) model.add(m, argv[i]);
                CHECK(h.run(argv).integer == static_cast<long long>(m.members.size() - before));
                model.sets[k] = m;
            } else if (op < 45) {  // SREM
                const std::string k = key();
                std::vector<std::string> argv = {"SREM", k};
                const size_t n = 1 + rng.below(4);
                for (size_t i = 0; i < n; ++i) argv.push_back(member());
                long long removed = 0;
                auto it = model.sets.find(k);
                if (it != model.sets.end()) {
                    for (size_t i = 2; i < argv.size(); ++i) removed += it->second.members.erase(argv[i]);
                    if (it->second.members.empty()) model.sets.erase(it);
                }
                CHECK(h.run(argv).integer == removed);
            } else if (op < 52) {  // SMOVE
                const std::string src = key(), dst = key(), m = member();
                long long expect = 0;
                auto s = model.sets.find(src);
                if (s != model.sets.end() && s->second.members.count(m)) {
                    expect = 1;
                    if (src != dst) {
                        s->second.members.erase(m);
                        if (s->second.members.empty()) model.sets.erase(s);
                        auto d = model.sets.find(dst);
                        ModelSet ds = d == model.sets.end() ? ModelSet{{}, isInt(m)} : d->second;
                        model.add(ds, m);
                        model.sets[dst] = ds;
                    }
                }
                CHECK(h.run({"SMOVE", src, dst, m}).integer == expect);
            } else if (op < 58) {  // SPOP without count
                const std::string k = key();
                const Reply r = h.run({"SPOP", k});
                auto it = model.sets.find(k);
                if (it == model.sets.end()) {
                    CHECK(r.type == Reply::Type::Nil);
                } else {
                    REQUIRE(r.type == Reply::Type::Bulk);
                    CHECK(it->second.members.erase(r.str) == 1);
                    if (it->second.members.empty()) model.sets.erase(it);
                }
            } else if (op < 64) {  // SPOP with count: the three cases
                const std::string k = key();
                const size_t count = rng.below(14);
                const Reply r = h.run({"SPOP", k, std::to_string(count)});
                REQUIRE(r.type == Reply::Type::Array);
                auto it = model.sets.find(k);
                const size_t size = it == model.sets.end() ? 0 : it->second.members.size();
                const auto v = strings(r);
                CHECK(v.size() == std::min(count, size));
                CHECK(Members(v.begin(), v.end()).size() == v.size());  // distinct
                if (it != model.sets.end() && count > 0) {
                    for (const auto& m : v) CHECK(it->second.members.erase(m) == 1);
                    const size_t remaining = size - v.size();
                    if (remaining == 0) {
                        model.sets.erase(it);
                    } else if (remaining * 5 <= count) {
                        // CASE 3: the survivors were moved into a new set, built by adds.
                        it->second = model.built(it->second.members);
                    }
                }
            } else if (op < 72) {  // SINTERSTORE / SUNIONSTORE / SDIFFSTORE
                const std::string dst = rng.below(6) == 0 ? "str" : key();
                auto srcs = someKeys(1);
                const int which = static_cast<int>(rng.below(3));
                std::vector<std::string> argv = {which == 0   ? "SINTERSTORE"
                                                 : which == 1 ? "SUNIONSTORE"
                                                              : "SDIFFSTORE",
                                                 dst};
                argv.insert(argv.end(), srcs.begin(), srcs.end());
                Members result = model.get(srcs[0]);
                for (size_t i = 1; i < srcs.size(); ++i) {
                    const Members other = model.get(srcs[i]);
                    result = which == 0   ? intersect(result, other)
                             : which == 1 ? unite(result, other)
                                          : subtract(result, other);
                }
                ModelSet built = model.built(result);
                if (which == 2 && model.sets.count(srcs[0])) {
                    // Redis's choice of difference algorithm decides the encoding: algorithm
                    // 2 first copies the whole first set into the result.
                    bool sameset = false;
                    long long one = 0, two = 0;
                    for (size_t i = 0; i < srcs.size(); ++i) {
                        if (i > 0 && srcs[i] == srcs[0]) sameset = true;
                        if (!model.sets.count(srcs[i])) continue;
                        one += static_cast<long long>(model.get(srcs[0]).size());
                        two += static_cast<long long>(model.get(srcs[i]).size());
                    }
                    if (!sameset && one / 2 > two) {
                        const Members first = model.get(srcs[0]);
                        built.intset = allInts(first) && first.size() <= model.max_intset;
                    }
                }
                CHECK(h.run(argv).integer == static_cast<long long>(result.size()));
                if (result.empty() && dst == "str") {
                    h.run({"SET", "str", "v"});  // deleted as Redis does; put it back
                } else if (dst == "str") {
                    model.sets["str"] = built;
                    checkKey(h, model, "str");
                    model.sets.erase("str");
                    h.run({"SET", "str", "v"});
                } else {
                    model.store(dst, built);
                }
            } else if (op < 84) {  // SINTER / SUNION / SDIFF / SINTERCARD replies
                auto srcs = someKeys(1);
                const int which = static_cast<int>(rng.below(4));
                Members result = model.get(srcs[0]);
                for (size_t i = 1; i < srcs.size(); ++i) {
                    const Members other = model.get(srcs[i]);
                    result = which == 0 || which == 3 ? intersect(result, other)
                             : which == 1             ? unite(result, other)
                                                      : subtract(result, other);
                }
                if (which == 3) {
                    const long long limit = static_cast<long long>(rng.below(5));
                    std::vector<std::string> argv = {"SINTERCARD", std::to_string(srcs.size())};
                    argv.insert(argv.end(), srcs.begin(), srcs.end());
                    argv.push_back("LIMIT");
                    argv.push_back(std::to_string(limit));
                    const long long n = static_cast<long long>(result.size());
                    CHECK(h.run(argv).integer == (limit == 0 ? n : std::min(n, limit)));
                } else {
                    std::vector<std::string> argv = {which == 0 ? "SINTER" : which == 1 ? "SUNION" : "SDIFF"};
                    argv.insert(argv.end(), srcs.begin(), srcs.end());
                    const Reply r = h.run(argv);
                    const auto v = strings(r);
                    CHECK(Members(v.begin(), v.end()) == result);
                    CHECK(v.size() == result.size());
                    // A union's result set of integers within the limit is an intset: sorted.
                    if (which == 1 && model.built(result).intset) CHECK(ascendingIntegers(v));
                }
            } else if (op < 94) {  // SISMEMBER / SMISMEMBER
                const std::string k = key();
                const Members m = model.get(k);
                const std::string a = member(), b = member();
                CHECK(h.run({"SISMEMBER", k, a}).integer == static_cast<long long>(m.count(a)));
                const Reply r = h.run({"SMISMEMBER", k, a, b});
                REQUIRE(r.elements.size() == 2);
                CHECK(r.elements[0].integer == static_cast<long long>(m.count(a)));
                CHECK(r.elements[1].integer == static_cast<long long>(m.count(b)));
            } else if (op < 97) {  // SRANDMEMBER: members of the set, never a change
                const std::string k = key();
                const Members m = model.get(k);
                const long long count = static_cast<long long>(rng.below(21)) - 10;
                const auto v = strings(h.run({"SRANDMEMBER", k, std::to_string(count)}));
                for (const auto& x : v) CHECK(m.count(x) == 1);
                if (m.empty() || count == 0)
                    CHECK(v.empty());
                else if (count < 0)
                    CHECK(v.size() == static_cast<size_t>(-count));
                else
                    CHECK(v.size() == std::min(static_cast<size_t>(count), m.size()));
            } else {  // change the limit: affects only later writes
                const std::vector<size_t> limits = {0, 1, 3, 5, 8, 512};
                model.max_intset = limits[rng.below(limits.size())];
                CHECK(h.run({"CONFIG", "SET", "set-max-intset-entries", std::to_string(model.max_intset)}).str == "OK");
            }
            for (const auto& k : keys) checkKey(h, model, k);
            CHECK(h.run({"TYPE", "str"}).str == "string");
        }
    }

    TEST_CASE("sets.encoding.threshold_exact") {
        Harness h;
        h.run({"CONFIG", "SET", "set-max-intset-entries", "16"});
        for (int i = 0; i < 16; ++i) h.run({"SADD", "k", std::to_string(i * 3)});
        CHECK(h.cli({"OBJECT", "ENCODING", "k"}) == "\"intset\"");
        h.run({"SADD", "k", "0"});  // already there: no change
        CHECK(h.cli({"OBJECT", "ENCODING", "k"}) == "\"intset\"");
        h.run({"SADD", "k", "1"});  // the 17th member
        CHECK(h.cli({"OBJECT", "ENCODING", "k"}) == "\"hashtable\"");
        h.run({"SREM", "k", "1", "3", "6"});
        CHECK(h.cli({"OBJECT", "ENCODING", "k"}) == "\"hashtable\"");
        // The converted dict was presized for the intset: 16 members -> 16 buckets, then
        // the 17th insert grows it once.
        CHECK(h.engine.db(0).peek("k")->setDict().buckets() >= 16);
    }

    TEST_CASE("sets.type.layer") {
        redsim::Rng rng(3);
        const redsim::SetLimits limits{.hash_seed = 11, .max_intset_entries = 4};
        redsim::Object s = redsim::setTypeCreate("5", limits);
        CHECK(s.encoding() == redsim::Encoding::IntSet);
        CHECK(redsim::setTypeAdd(s, "5", limits));
        CHECK_FALSE(redsim::setTypeAdd(s, "5", limits));
        CHECK(redsim::setTypeAdd(s, "-1", limits));
        CHECK(redsim::setTypeIsMember(s, "-1"));
        CHECK_FALSE(redsim::setTypeIsMember(s, "-01"));
        CHECK_FALSE(redsim::setTypeIsMember(s, "x"));
        CHECK(redsim::setTypeMembers(s) == std::vector<std::string>{"-1", "5"});
        CHECK_FALSE(redsim::setTypeRemove(s, "x"));
        CHECK(redsim::setTypeAdd(s, "x", limits));
        CHECK(s.encoding() == redsim::Encoding::HashTable);
        CHECK(redsim::setTypeSize(s) == 3);
        CHECK(redsim::setTypeIsMember(s, "5"));
        CHECK_FALSE(redsim::setTypeIsMember(s, "05"));
        const std::string popped = redsim::setTypePopRandom(s, rng);
        CHECK(redsim::setTypeSize(s) == 2);
        CHECK_FALSE(redsim::setTypeIsMember(s, popped));

        redsim::Object t = redsim::setTypeCreate("abc", limits);
        CHECK(t.encoding() == redsim::Encoding::HashTable);
        redsim::Object u = redsim::setTypeCreate("007", limits);
        CHECK(u.encoding() == redsim::Encoding::HashTable);
        redsim::Object w = redsim::setTypeCreateIntset();
        for (int i = 0; i < 4; ++i) redsim::setTypeAdd(w, std::to_string(i), limits);
        CHECK(w.encoding() == redsim::Encoding::IntSet);
        redsim::setTypeAdd(w, "4", limits);
        CHECK(w.encoding() == redsim::Encoding::HashTable);
        // Shrinks when a remove leaves the table under 10 % full.
        redsim::Object big = redsim::setTypeCreate("m", limits);
        for (int i = 0; i < 200; ++i) redsim::setTypeAdd(big, "m" + std::to_string(i), limits);
        const size_t buckets = big.setDict().buckets();
        for (int i = 0; i < 195; ++i) redsim::setTypeRemove(big, "m" + std::to_string(i));
        while (big.setDict().isRehashing()) big.setDict().rehash(100);
        CHECK(big.setDict().buckets() < buckets);
        CHECK(redsim::setTypeSize(big) == 5);
    }

    TEST_CASE("sets.spop.cases") {
        for (const bool strings_too : {false, true}) {
            CAPTURE(strings_too);
            for (size_t count : {1, 2, 5, 15, 16, 17, 19, 20, 21, 100}) {
                CAPTURE(count);
                Harness h(count);
                std::vector<std::string> argv = {"SADD", "k"};
                for (int i = 0; i < 20; ++i) argv.push_back((strings_too ? "m" : "") + std::to_string(i));
                h.run(argv);
                const Members before = asSet(h.run({"SMEMBERS", "k"}));
                const auto v = strings(h.run({"SPOP", "k", std::to_string(count)}));
                CHECK(v.size() == std::min<size_t>(count, 20));
                const Members popped(v.begin(), v.end());
                CHECK(popped.size() == v.size());
                const Members after = asSet(h.run({"SMEMBERS", "k"}));
                CHECK(intersect(popped, after).empty());
                CHECK(unite(popped, after) == before);
                if (count >= 20) {
                    CHECK(h.run({"EXISTS", "k"}).integer == 0);
                    if (!strings_too) CHECK(ascendingIntegers(v));  // SUNION of an intset
                }
            }
        }
        // CASE 3 builds the survivors into a new set: a hashtable of integers becomes an
        // intset again; CASE 2 leaves the encoding alone.
        Harness h;
        h.run({"CONFIG", "SET", "set-max-intset-entries", "4"});
        h.run({"SADD", "k", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"});
        CHECK(h.cli({"OBJECT", "ENCODING", "k"}) == "\"hashtable\"");
        h.run({"SPOP", "k", "9"});
        CHECK(h.cli({"OBJECT", "ENCODING", "k"}) == "\"intset\"");
        h.run({"SADD", "k2", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"});
        h.run({"SPOP", "k2", "8"});  // 2 * 5 > 8: CASE 2
        CHECK(h.cli({"OBJECT", "ENCODING", "k2"}) == "\"hashtable\"");
        // The TTL survives CASE 3's replacement of the value.
        h.run({"SADD", "k3", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"});
        h.run({"EXPIRE", "k3", "100"});
        h.run({"SPOP", "k3", "9"});
        CHECK(h.run({"TTL", "k3"}).integer == 100);
    }

    TEST_CASE("sets.srandmember.cases") {
        for (const bool strings_too : {false, true}) {
            CAPTURE(strings_too);
            Harness h(5);
            std::vector<std::string> argv = {"SADD", "k"};
            for (int i = 0; i < 30; ++i) argv.push_back((strings_too ? "m" : "") + std::to_string(i));
            h.run(argv);
            const Members all = asSet(h.run({"SMEMBERS", "k"}));
            // Positive counts: distinct members; CASE 2 (>= size), CASE 3 (count*3 > size),
            // CASE 4 (small count).
            for (long long count : {1, 2, 5, 9, 10, 11, 20, 29, 30, 31, 1000}) {
                CAPTURE(count);
                const auto v = strings(h.run({"SRANDMEMBER", "k", std::to_string(count)}));
                CHECK(v.size() == std::min<size_t>(static_cast<size_t>(count), 30));
                const Members got(v.begin(), v.end());
                CHECK(got.size() == v.size());
                for (const auto& m : got) CHECK(all.count(m) == 1);
                if (count >= 30 && !strings_too) CHECK(ascendingIntegers(v));
            }
            // Negative counts: exactly |count| picks, repeats allowed (and, over 300 picks
            // from 30 members, certain).
            const auto v = strings(h.run({"SRANDMEMBER", "k", "-300"}));
            CHECK(v.size() == 300);
            for (const auto& m : v) CHECK(all.count(m) == 1);
            CHECK(Members(v.begin(), v.end()).size() < v.size());
            // Over many draws every member shows up: the picks cover the set.
            Members seen;
            for (int i = 0; i < 50; ++i)
                for (const auto& m : strings(h.run({"SRANDMEMBER", "k", "-20"}))) seen.insert(m);
            CHECK(seen == all);
            // Nothing changed.
            CHECK(asSet(h.run({"SMEMBERS", "k"})) == all);
        }
    }

    TEST_CASE("sets.sinter.iterates_the_smallest_set") {
        Harness h;
        h.run({"SADD", "big", "9", "1", "5", "3", "7", "x"});  // hashtable
        h.run({"SADD", "small", "7", "5", "3", "1"});          // intset, smaller
        // The smallest set (an intset) is walked: ascending whatever the argument order.
        CHECK(strings(h.run({"SINTER", "big", "small"})) == std::vector<std::string>{"1", "3", "5", "7"});
        CHECK(strings(h.run({"SINTER", "small", "big"})) == std::vector<std::string>{"1", "3", "5", "7"});
        CHECK(h.run({"SINTERSTORE", "d", "big", "small"}).integer == 4);
        CHECK(h.cli({"OBJECT", "ENCODING", "d"}) == "\"intset\"");
        // SINTERCARD stops at the limit.
        CHECK(h.run({"SINTERCARD", "2", "big", "small", "LIMIT", "2"}).integer == 2);
    }

    TEST_CASE("sets.resp3.reply_types") {
        Harness h;
        h.run({"HELLO", "3"});
        h.run({"SADD", "k", "1", "2", "3"});
        auto type = [&](std::initializer_list<std::string> argv) { return h.run(argv).type; };
        CHECK(type({"SMEMBERS", "k"}) == Reply::Type::Set);
        CHECK(type({"SMEMBERS", "nokey"}) == Reply::Type::Set);
        CHECK(type({"SINTER", "k", "k"}) == Reply::Type::Set);
        CHECK(type({"SINTER", "k", "nokey"}) == Reply::Type::Set);
        CHECK(type({"SUNION", "k"}) == Reply::Type::Set);
        CHECK(type({"SDIFF", "k"}) == Reply::Type::Set);
        CHECK(type({"SRANDMEMBER", "k", "2"}) == Reply::Type::Array);
        CHECK(type({"SRANDMEMBER", "k", "-2"}) == Reply::Type::Array);
        CHECK(type({"SRANDMEMBER", "k", "5"}) == Reply::Type::Array);
        CHECK(type({"SRANDMEMBER", "nokey", "5"}) == Reply::Type::Array);
        CHECK(type({"SRANDMEMBER", "nokey"}) == Reply::Type::Nil);
        CHECK(type({"SPOP", "nokey", "2"}) == Reply::Type::Set);
        CHECK(type({"SPOP", "k", "0"}) == Reply::Type::Set);
        CHECK(type({"SPOP", "k", "1"}) == Reply::Type::Set);
        CHECK(type({"SPOP", "k", "5"}) == Reply::Type::Set);
        CHECK(type({"SPOP", "nokey"}) == Reply::Type::Nil);
        CHECK(type({"SMISMEMBER", "k", "1"}) == Reply::Type::Array);
        CHECK(type({"SSCAN", "nokey", "0"}) == Reply::Type::Array);
    }

    TEST_CASE("sets.robustness.bad_arguments_change_nothing") {
        Harness h(9);
        h.run({"SADD", "i", "1", "2", "3"});
        h.run({"SADD", "h", "a", "b", "1"});
        h.run({"SET", "str", "v"});
        auto snapshot = [&]() {
            std::vector<std::string> out;
            for (const char* k : {"i", "h", "str", "nokey"}) {
                out.push_back(h.cli({"TYPE", k}));
                out.push_back(h.cli({"OBJECT", "ENCODING", k}));
                auto m = strings(h.run({"SMEMBERS", k}));
                std::sort(m.begin(), m.end());
                for (auto& x : m) out.push_back(std::move(x));
            }
            return out;
        };
        const auto before = snapshot();
        const std::vector<std::string> bad_numbers = {"",
                                                      " ",
                                                      "1 ",
                                                      " 1",
                                                      "+1",
                                                      "0x10",
                                                      "1e3",
                                                      "1.5",
                                                      "-0",
                                                      "nan",
                                                      "inf",
                                                      "-inf",
                                                      "9223372036854775808",
                                                      "-9223372036854775809",
                                                      "99999999999999999999999",
                                                      std::string(1000, '9'),
                                                      std::string("1\0", 2)};
        for (const auto& n : bad_numbers) {
            CAPTURE(n);
            // Which of these are errors is pinned against Redis by sets_numbers.redis; here
            // they must only leave the data alone.
            for (const char* k : {"i", "h", "nokey", "str"}) {
                for (const auto& argv : std::vector<std::vector<std::string>>{{"SPOP", k, n},
                                                                              {"SRANDMEMBER", k, n},
                                                                              {"SSCAN", k, n},
                                                                              {"SSCAN", k, "0", "COUNT", n},
                                                                              {"SINTERCARD", n, k},
                                                                              {"SINTERCARD", "1", k, "LIMIT", n}}) {
                    const Reply r = h.run(argv);
                    if (argv[0] == "SPOP" && r.type != Reply::Type::Error) CHECK(std::string(k) == "nokey");
                }
            }
        }
        const std::vector<std::vector<std::string>> bad = {
            {"SPOP", "i", "-1"},
            {"SPOP", "i", "-9223372036854775808"},
            {"SPOP", "i", "1", "2"},
            {"SRANDMEMBER", "i", "-9223372036854775808"},
            {"SRANDMEMBER", "i", "1", "2"},
            {"SADD", "i"},
            {"SADD", "str", "1"},
            {"SREM", "str", "1"},
            {"SREM", "i"},
            {"SMOVE", "i", "str", "1"},
            {"SMOVE", "str", "i", "1"},
            {"SMOVE", "i", "h"},
            {"SINTERSTORE", "i", "h", "str"},
            {"SUNIONSTORE", "i", "str"},
            {"SDIFFSTORE", "h", "i", "str"},
            {"SDIFFSTORE", "h", "nokey", "str"},
            {"SINTERCARD", "0", "i"},
            {"SINTERCARD", "-1", "i"},
            {"SINTERCARD", "3", "i", "h"},
            {"SINTERCARD", "9223372036854775807", "i"},
            {"SINTERCARD", "1", "i", "LIMIT"},
            {"SINTERCARD", "1", "i", "LIMIT", "-1"},
            {"SINTERCARD", "1", "i", "LIMIT", "1", "EXTRA"},
            {"SINTERCARD", "2", "i", "str"},
            {"SSCAN", "i", "0", "MATCH"},
            {"SSCAN", "i", "0", "COUNT", "0"},
            {"SSCAN", "i", "0", "TYPE", "set"},
            {"SSCAN", "str", "0"},
            {"SMISMEMBER", "str", "a"},
            {"SISMEMBER", "str", "a"},
            {"SCARD", "str"},
            {"SMEMBERS", "str"},
            {"SINTER", "i", "str"},
            {"SUNION", "str"},
            {"SDIFF", "nokey", "str"},
        };
        for (const auto& argv : bad) {
            CAPTURE(argv);
            CHECK(h.run(argv).type == Reply::Type::Error);
        }
        CHECK(snapshot() == before);
    }

    TEST_CASE("sets.robustness.huge_negative_count_closes_the_client") {
        Harness h;
        h.run({"SADD", "k", "a"});
        CHECK(h.run({"CONFIG", "SET", "client-output-buffer-limit", "normal 1mb 0 0"}).str == "OK");
        // Redis would keep writing; past the hard limit the client is closed instead.
        h.run({"SRANDMEMBER", "k", "-9223372036854775807"});
        CHECK(h.client.close_asap);
        CHECK(h.client.out.empty());
        Harness fresh;
        fresh.run({"SADD", "k", "a"});
        CHECK(strings(fresh.run({"SRANDMEMBER", "k", "-3"})) == std::vector<std::string>{"a", "a", "a"});
        CHECK(fresh.run({"SCARD", "k"}).integer == 1);
    }

    TEST_CASE("sets.dirty.counts_changes_as_redis") {
        Harness h;
        auto dirty = [&](std::initializer_list<std::string> argv) {
            const uint64_t before = h.engine.dirty;
            h.run(argv);
            return h.engine.dirty - before;
        };
        CHECK(dirty({"SADD", "k", "1", "2", "3", "3"}) == 3);
        CHECK(dirty({"SADD", "k", "1"}) == 0);
        CHECK(dirty({"SREM", "k", "1", "9"}) == 1);
        CHECK(dirty({"SREM", "k", "9"}) == 0);
        CHECK(dirty({"SMOVE", "k", "d", "2"}) == 2);  // removed from k, added to d
        CHECK(dirty({"SADD", "k", "2"}) == 1);
        CHECK(dirty({"SMOVE", "k", "d", "2"}) == 1);  // d already had it
        CHECK(dirty({"SMOVE", "k", "d", "9"}) == 0);
        CHECK(dirty({"SMOVE", "k", "k", "3"}) == 0);
        CHECK(dirty({"SADD", "p", "1", "2", "3", "4", "5"}) == 5);
        CHECK(dirty({"SPOP", "p"}) == 1);
        CHECK(dirty({"SPOP", "p", "2"}) == 2);
        CHECK(dirty({"SPOP", "p", "10"}) == 2);  // only what there was
        CHECK(dirty({"SPOP", "p", "10"}) == 0);
        CHECK(dirty({"SPOP", "p"}) == 0);
        CHECK(dirty({"SINTERSTORE", "dst", "k", "k"}) == 1);
        CHECK(dirty({"SUNIONSTORE", "dst", "k", "d"}) == 1);
        CHECK(dirty({"SDIFFSTORE", "dst", "k", "k"}) == 1);  // empty result deletes dst
        CHECK(dirty({"SDIFFSTORE", "dst", "k", "k"}) == 0);  // nothing to delete
        CHECK(dirty({"SINTERSTORE", "d", "k", "missing"}) == 1);
        CHECK(dirty({"SINTERSTORE", "d", "k", "missing"}) == 0);
        CHECK(dirty({"SRANDMEMBER", "k", "-5"}) == 0);
        CHECK(dirty({"SINTER", "k", "k"}) == 0);
    }

    TEST_CASE("sets.keyspec.sintercard_getkeys") {
        Harness h;
        CHECK(strings(h.run({"COMMAND", "GETKEYS", "SINTERCARD", "2", "a", "b", "LIMIT", "1"})) ==
              std::vector<std::string>{"a", "b"});
        CHECK(h.run({"COMMAND", "GETKEYS", "SINTERCARD", "5", "a"}).str ==
              "ERR Invalid arguments specified for command");
        CHECK(h.run({"COMMAND", "GETKEYS", "SINTERCARD", "x", "a"}).str ==
              "ERR Invalid arguments specified for command");
        const Reply info = h.run({"COMMAND", "INFO", "SINTERCARD"});
        REQUIRE(info.elements.size() == 1);
        CHECK(info.elements[0].elements[3].integer == 0);  // legacy first key
    }
}
