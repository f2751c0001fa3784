// CLIENT REPLY and CLIENT NO-EVICT. redis-cli waits for replies that never come after
// CLIENT REPLY OFF, so this is not a transcript: the expected bytes were captured from
// Redis 7.0.15 on a raw socket (the same commands pipelined).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/engine.h"
#include "tests/engine/test_util.h"

TEST_SUITE("client.reply") {
    TEST_CASE("client.reply.on_off_skip_bytes") {
        redsim::test::Harness h;
        std::string out;
        for (std::vector<std::string> argv : std::vector<std::vector<std::string>>{
                 {"CLIENT", "REPLY", "SKIP"},  // no reply, and none for SET
                 {"SET", "a", "1"},
                 {"GET", "a"},
                 {"CLIENT", "REPLY", "OFF"},  // silent from here
                 {"GET", "a"},
                 {"PING"},
                 {"CLIENT", "REPLY", "ON"},
                 {"GET", "a"},
                 {"CLIENT", "NO-EVICT", "on"},
                 {"CLIENT", "REPLY", "OFF"},
                 {"CLIENT", "REPLY", "SKIP"},  // ignored while OFF
                 {"PING"},
                 {"CLIENT", "REPLY", "ON"},
                 {"CLIENT", "REPLY", "SKIP"},  // ON clears it: ON is answered
                 {"CLIENT", "REPLY", "ON"},
                 {"PING"},
                 {"CLIENT", "REPLY", "SKIP"},
                 {"INCR", "nope"},  // an error is dropped too
                 {"CLIENT", "REPLY", "MAYBE"},
             }) {
            h.engine.execute(h.client, argv);
            out += h.client.takeOutput();
        }
        CHECK(out == "$1\r\n1\r\n+OK\r\n$1\r\n1\r\n+OK\r\n+OK\r\n+OK\r\n+PONG\r\n-ERR syntax error\r\n");
        CHECK(h.run({"INCR", "nope"}).integer == 2);  // the dropped INCR ran
    }

    TEST_CASE("client.reply.no_evict_flag_and_errors") {
        redsim::test::Harness h;
        CHECK(h.run({"CLIENT", "INFO"}).str.find(" flags=N ") != std::string::npos);
        CHECK(h.run({"CLIENT", "NO-EVICT", "ON"}).str == "OK");
        CHECK(h.run({"CLIENT", "INFO"}).str.find(" flags=e ") != std::string::npos);
        CHECK(h.run({"CLIENT", "NO-EVICT", "maybe"}).str == "ERR syntax error");
        CHECK(h.run({"CLIENT", "NO-EVICT"}).str == "ERR wrong number of arguments for 'client|no-evict' command");
        CHECK(h.run({"CLIENT", "REPLY", "on", "x"}).str == "ERR wrong number of arguments for 'client|reply' command");
        CHECK(h.run({"CLIENT", "NO-EVICT", "off"}).str == "OK");
        CHECK(h.run({"CLIENT", "INFO"}).str.find(" flags=N ") != std::string::npos);
    }
}
