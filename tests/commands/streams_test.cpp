// Stream commands through Engine::execute: `*` ids on the virtual clock, a long seeded
// random sequence of XADD/XDEL/XTRIM checked against a std::map model after every step,
// the node rules of approximate trimming, COPY, dirty counting, and robustness against
// garbage arguments.
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "../engine/test_util.h"
#include "engine/clock.h"
#include "engine/engine.h"

using redsim::test::Harness;
using Reply = redsim::resp::Reply;
using Type = Reply::Type;

namespace {

using Model = std::map<std::pair<uint64_t, uint64_t>, std::vector<std::string>>;

std::string idStr(std::pair<uint64_t, uint64_t> id) {
    return std::to_string(id.first) + "-" + std::to_string(id.second);
}

// XRANGE's reply as (id, fields) pairs.
Model rangeOf(Harness& h, const std::string& key) {
    Model m;
    const Reply r = h.run({"XRANGE", key, "-", "+"});
    REQUIRE(r.type == Type::Array);
    for (const Reply& e : r.elements) {
        const std::string& id = e.elements.at(0).str;
        const size_t dash = id.find('-');
        std::vector<std::string> fields;
        for (const Reply& f : e.elements.at(1).elements) fields.push_back(f.str);
        m[{std::stoull(id.substr(0, dash)), std::stoull(id.substr(dash + 1))}] = fields;
    }
    return m;
}

redsim::VirtualClock& vclock(Harness& h) { return dynamic_cast<redsim::VirtualClock&>(h.engine.clock()); }

}  // namespace

TEST_SUITE("streams") {
    TEST_CASE("streams.xadd.star_ids_follow_the_virtual_clock") {
        Harness h;
        const std::string ms = std::to_string(h.engine.clock().nowMs());
        CHECK(h.run({"XADD", "s", "*", "a", "1"}).str == ms + "-0");
        CHECK(h.run({"XADD", "s", "*", "a", "2"}).str == ms + "-1");
        CHECK(h.run({"XADD", "s", ms + "-*", "a", "3"}).str == ms + "-2");
        vclock(h).advanceUs(5000);
        const std::string later = std::to_string(h.engine.clock().nowMs());
        CHECK(h.run({"XADD", "s", "*", "a", "4"}).str == later + "-0");
        // The clock going back never makes ids go back: the sequence goes on.
        vclock(h).setUs(1000);
        CHECK(h.run({"XADD", "s", "*", "a", "5"}).str == later + "-1");
        CHECK(h.run({"XLEN", "s"}).integer == 5);
        CHECK(h.run({"OBJECT", "ENCODING", "s"}).str == "stream");
        CHECK(h.run({"TYPE", "s"}).str == "stream");
        // The same commands on the same clock give the same ids.
        Harness h2;
        CHECK(h2.run({"XADD", "s", "*", "a", "1"}).str == ms + "-0");
    }

    TEST_CASE("streams.model.random_sequence") {
        Harness h;
        std::mt19937_64 rng(42);
        Model model;
        std::pair<uint64_t, uint64_t> last{0, 0};
        auto pick = [&](uint64_t n) { return std::uniform_int_distribution<uint64_t>(0, n - 1)(rng); };
        for (int step = 0; step < 3000; ++step) {
            CAPTURE(step);
            const uint64_t op = pick(10);
            if (op < 6) {
                // An explicit id, sometimes not above the top item (rejected).
                std::pair<uint64_t, uint64_t> id{last.first + pick(3), pick(4)};
                if (pick(4) == 0) id = {last.first, last.second};
                std::vector<std::string> argv{"XADD", "s", idStr(id)};
                std::vector<std::string> fields;
                for (uint64_t f = 0, n = 1 + pick(3); f < n; ++f) {
                    fields.push_back("f" + std::to_string(pick(5)));
                    fields.push_back(std::string(pick(20), 'v'));
                }
                argv.insert(argv.end(), fields.begin(), fields.end());
                const Reply r = h.run(argv);
                if (id > last) {
                    CHECK(r.str == idStr(id));
                    model[id] = fields;
                    last = id;
                } else {
                    CHECK(r.type == Type::Error);
                }
            } else if (op < 8 && !model.empty()) {
                auto it = model.begin();
                std::advance(it, static_cast<long>(pick(model.size())));
                const auto id = it->first;
                CHECK(h.run({"XDEL", "s", idStr(id), "999999-0"}).integer == 1);
                model.erase(id);
            } else if (op == 8) {
                const uint64_t maxlen = pick(model.size() + 2);
                const Reply r = h.run({"XTRIM", "s", "MAXLEN", std::to_string(maxlen)});
                const size_t before = model.size();
                while (model.size() > maxlen) model.erase(model.begin());
                CHECK(r.integer == static_cast<long long>(before - model.size()));
            } else {
                const std::pair<uint64_t, uint64_t> minid{pick(last.first + 1), pick(4)};
                const Reply r = h.run({"XTRIM", "s", "MINID", "=", idStr(minid)});
                const size_t before = model.size();
                while (!model.empty() && model.begin()->first < minid) model.erase(model.begin());
                CHECK(r.integer == static_cast<long long>(before - model.size()));
            }
            if (step % 7 == 0 || model.size() < 3) {
                CHECK(h.run({"XLEN", "s"}).integer == static_cast<long long>(model.size()));
                CHECK(rangeOf(h, "s") == model);
            }
        }
        CHECK(rangeOf(h, "s") == model);
    }

    TEST_CASE("streams.trim.approximate_drops_whole_nodes") {
        Harness h;
        for (int i = 0; i < 1000; ++i) h.run({"XADD", "s", "1-*", "f", "v"});
        // Ten nodes of 100: `~ 555` can drop four whole nodes.
        CHECK(h.run({"XTRIM", "s", "MAXLEN", "~", "555"}).integer == 400);
        CHECK(h.run({"XRANGE", "s", "-", "+", "COUNT", "1"}).elements.at(0).elements.at(0).str == "1-400");
        // Big values split nodes by bytes (stream-node-max-bytes): a node per entry here.
        Harness b;
        const std::string big(5000, 'x');
        for (int i = 0; i < 10; ++i) b.run({"XADD", "s", "1-*", "f", big});
        CHECK(b.run({"XTRIM", "s", "MAXLEN", "~", "3"}).integer == 7);
    }

    TEST_CASE("streams.copy_is_deep_and_debug_object_works") {
        Harness h;
        h.run({"XADD", "a", "1-1", "f", "v"});
        CHECK(h.run({"COPY", "a", "b"}).integer == 1);
        h.run({"XADD", "b", "2-2", "g", "w"});
        h.run({"XDEL", "a", "1-1"});
        CHECK(h.run({"XLEN", "a"}).integer == 0);
        CHECK(h.run({"XLEN", "b"}).integer == 2);
        CHECK(h.run({"DEBUG", "OBJECT", "b"}).type == Type::Status);
        CHECK(h.run({"EXISTS", "a"}).integer == 1);
    }

    TEST_CASE("streams.dirty") {
        Harness h;
        const uint64_t d0 = h.engine.dirty;
        h.run({"XADD", "s", "1-1", "f", "v"});
        h.run({"XADD", "s", "1-2", "f", "v"});
        h.run({"XADD", "s", "1-3", "f", "v"});
        CHECK(h.engine.dirty == d0 + 3);
        h.run({"XDEL", "s", "1-1", "1-2", "9-9"});
        CHECK(h.engine.dirty == d0 + 5);
        h.run({"XTRIM", "s", "MAXLEN", "0"});
        CHECK(h.engine.dirty == d0 + 6);
        h.run({"XSETID", "s", "5-5"});
        CHECK(h.engine.dirty == d0 + 7);
        h.run({"XADD", "s", "1-1", "f", "v"});  // rejected: no change
        CHECK(h.engine.dirty == d0 + 7);
    }

    TEST_CASE("streams.robustness.garbage_changes_nothing") {
        Harness h;
        h.run({"XADD", "s", "5-5", "a", "1", "b", "2"});
        h.run({"XADD", "s", "7-0", "c", "3"});
        const Model before = rangeOf(h, "s");
        const std::vector<std::string> junk{"",
                                            "-",
                                            "+",
                                            "(",
                                            "(-",
                                            "*",
                                            "-1",
                                            "1-",
                                            "-1-1",
                                            "1--1",
                                            "1-*-1",
                                            " 1",
                                            "1 ",
                                            "0x10",
                                            "1e3",
                                            "nan",
                                            "18446744073709551616",
                                            "18446744073709551615-18446744073709551616",
                                            "9223372036854775808",
                                            "-9223372036854775809",
                                            std::string(200, '9'),
                                            std::string("1\0-1", 4)};
        std::mt19937_64 rng(7);
        const std::vector<std::string> cmds{"XADD", "XRANGE", "XREVRANGE", "XDEL", "XTRIM", "XSETID", "XLEN"};
        const std::vector<std::string> words{"MAXLEN",       "MINID",        "~", "=", "LIMIT", "NOMKSTREAM", "COUNT",
                                             "ENTRIESADDED", "MAXDELETEDID", "f"};
        for (int i = 0; i < 5000; ++i) {
            std::vector<std::string> argv{cmds[rng() % cmds.size()], "s"};
            const size_t n = rng() % 6;
            for (size_t j = 0; j < n; ++j)
                argv.push_back(rng() % 2 ? junk[rng() % junk.size()] : words[rng() % words.size()]);
            const Reply r = h.run(argv);
            CAPTURE(argv);
            // Every line either fails or, for the commands that can write, is one we can
            // recognise; lines that wrote reset the stream for the next round.
            if (r.type != Type::Error &&
                (argv[0] == "XADD" || argv[0] == "XDEL" || argv[0] == "XTRIM" || argv[0] == "XSETID")) {
                h.run({"DEL", "s"});
                h.run({"XADD", "s", "5-5", "a", "1", "b", "2"});
                h.run({"XADD", "s", "7-0", "c", "3"});
            }
            REQUIRE(rangeOf(h, "s") == before);
        }
    }
}
