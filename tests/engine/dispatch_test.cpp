// The dispatcher: unknown commands, arity, subcommands, stats, RESP2/RESP3 replies.
#include <doctest/doctest.h>

#include <set>

#include "engine/info.h"
#include "tests/engine/test_util.h"

using redsim::test::Harness;

TEST_SUITE("dispatch") {
    TEST_CASE("dispatch.errors_match_redis") {
        Harness h;
        CHECK(h.cli({"NOPE", "a", "b"}) == "(error) ERR unknown command 'NOPE', with args beginning with: 'a' 'b' ");
        CHECK(h.cli({"GET"}) == "(error) ERR wrong number of arguments for 'get' command");
        CHECK(h.cli({"CONFIG", "NOPE"}) == "(error) ERR unknown subcommand 'NOPE'. Try CONFIG HELP.");
        CHECK(h.cli({"config", "get"}) == "(error) ERR wrong number of arguments for 'config|get' command");
        // Newlines in arguments never break the protocol.
        CHECK(h.cli({"NO\r\nPE"}) == "(error) ERR unknown command 'NO  PE', with args beginning with: ");
    }

    TEST_CASE("dispatch.stats_count_calls_and_errors") {
        Harness h;
        h.run({"SET", "k", "v"});
        h.run({"GET", "k"});
        h.run({"GET", "missing"});
        h.run({"INCR", "k"});  // not an integer: a failed call
        h.run({"GET"});        // arity: a rejected call
        const auto& st = h.engine.stats();
        CHECK(st.keyspace_hits == 1);
        CHECK(st.keyspace_misses == 1);
        CHECK(st.total_error_replies == 2);
        CHECK(st.errors.at("ERR") == 2);
        const auto info = redsim::infoString(h.engine, std::vector<std::string>{"commandstats"});
        CHECK(info.find("cmdstat_get:calls=2,") != std::string::npos);
        CHECK(info.find("rejected_calls=1,failed_calls=0") != std::string::npos);
        CHECK(info.find("cmdstat_incr:calls=1,") != std::string::npos);
        h.run({"CONFIG", "RESETSTAT"});
        CHECK(h.engine.stats().keyspace_hits == 0);
    }

    TEST_CASE("dispatch.resp3_replies") {
        Harness h;
        h.run({"HELLO", "3"});
        CHECK(h.client.resp == 3);
        h.engine.execute(h.client, std::vector<std::string>{"GET", "missing"});
        CHECK(h.client.takeOutput() == "_\r\n");
        h.engine.execute(h.client, std::vector<std::string>{"CONFIG", "GET", "hz"});
        CHECK(h.client.takeOutput() == "%1\r\n$2\r\nhz\r\n$2\r\n10\r\n");
        h.run({"HELLO", "2"});
        h.engine.execute(h.client, std::vector<std::string>{"GET", "missing"});
        CHECK(h.client.takeOutput() == "$-1\r\n");
    }

    TEST_CASE("dispatch.same_seed_same_randomkey") {
        auto picks = [](uint64_t seed) {
            Harness h(seed);
            for (int i = 0; i < 100; ++i) h.run({"SET", "k" + std::to_string(i), "v"});
            std::vector<std::string> out;
            for (int i = 0; i < 20; ++i) out.push_back(h.run({"RANDOMKEY"}).str);
            return out;
        };
        CHECK(picks(3) == picks(3));
        CHECK(picks(3) != picks(4));
    }

    TEST_CASE("dispatch.scan_covers_every_key_while_the_keyspace_grows") {
        Harness h;
        for (int i = 0; i < 200; ++i) h.run({"SET", "old" + std::to_string(i), "v"});
        std::set<std::string> seen;
        std::string cursor = "0";
        int added = 0;
        do {
            auto r = h.run({"SCAN", cursor, "COUNT", "7"});
            cursor = r.elements[0].str;
            for (const auto& k : r.elements[1].elements) seen.insert(k.str);
            // Grow the table between calls so it rehashes mid-scan.
            for (int j = 0; j < 20; ++j) h.run({"SET", "new" + std::to_string(added++), "v"});
        } while (cursor != "0");
        for (int i = 0; i < 200; ++i) CHECK(seen.count("old" + std::to_string(i)) == 1);
    }

    TEST_CASE("dispatch.info_sections") {
        Harness h;
        h.run({"SET", "a", "1"});
        h.run({"SET", "b", "2", "EX", "100"});
        const auto info = redsim::infoString(h.engine, {});
        CHECK(info.rfind("# Server\r\nredis_version:7.0.15\r\n", 0) == 0);
        CHECK(info.find("\r\n\r\n# Clients\r\n") != std::string::npos);
        CHECK(info.find("db0:keys=2,expires=1,avg_ttl=0\r\n") != std::string::npos);
        CHECK(info.find("# Commandstats") == std::string::npos);  // not a default section
        const auto one = redsim::infoString(h.engine, std::vector<std::string>{"KEYSPACE"});
        CHECK(one == "# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\n");
    }
}
