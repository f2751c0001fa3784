// MONITOR: the exact lines monitors receive on the virtual clock (format, quoting, db,
// `lua`, order around EXEC and scripts), which commands are hidden or redacted, what a
// monitor client may still run, and garbage that must not crash or leak state.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/monitor.h"
#include "tests/engine/test_util.h"

namespace redsim {
namespace {

struct World {
    Engine engine{EngineOptions{.seed = 5, .virtual_clock = true}};
    Client& m = engine.createClient();
    Client& c = engine.createClient();

    World() {
        c.addr = "127.0.0.1:5000";
        engine.execute(m, std::vector<std::string>{"MONITOR"});
        REQUIRE(m.takeOutput() == "+OK\r\n");
    }
    std::string run(Client& who, std::vector<std::string> argv) {
        engine.execute(who, argv);
        return who.takeOutput();
    }
};

// The virtual clock starts at 2024-01-01T00:00:00Z.
const std::string kT0 = "+1704067200.000000 ";

TEST_CASE("monitor.format") {
    CHECK(monitor::formatLine(1700000000123456, 3, "1.2.3.4:5", std::vector<std::string>{"set", "k", "v"}) ==
          "+1700000000.123456 [3 1.2.3.4:5] \"set\" \"k\" \"v\"\r\n");
    CHECK(monitor::formatLine(1000000, 0, "lua", std::vector<std::string>{"SET", "a b\"\\\n\r\t\a\b\x01\xff", ""}) ==
          "+1.000000 [0 lua] \"SET\" \"a b\\\"\\\\\\n\\r\\t\\a\\b\\x01\\xff\" \"\"\r\n");
    CHECK(monitor::formatLine(5, 0, "x", std::vector<std::string>{"AUTH", "u", "p"}) ==
          "+0.000005 [0 x] \"AUTH\" \"(redacted)\" \"(redacted)\"\r\n");
    CHECK(monitor::formatLine(0, 0, "x", std::vector<std::string>{"HELLO", "3", "SETNAME", "n", "AUTH", "u", "p"}) ==
          "+0.000000 [0 x] \"HELLO\" \"3\" \"SETNAME\" \"n\" \"AUTH\" \"(redacted)\" \"(redacted)\"\r\n");
    // a HELLO whose version is refused never reads its options: nothing hidden
    CHECK(monitor::formatLine(0, 0, "x", std::vector<std::string>{"HELLO", "4", "AUTH", "u", "p"}) ==
          "+0.000000 [0 x] \"HELLO\" \"4\" \"AUTH\" \"u\" \"p\"\r\n");
}

TEST_CASE("monitor.what_is_shown") {
    World w;
    const std::string at = kT0 + "[0 127.0.0.1:5000] ";
    CHECK(w.run(w.c, {"SET", "a", "1"}) == "+OK\r\n");
    CHECK(w.m.takeOutput() == at + "\"SET\" \"a\" \"1\"\r\n");
    CHECK(w.engine.pushed_clients.back() == w.m.id);
    // refused before running: not shown; failing while running: shown
    w.run(w.c, {"NOSUCH", "x"});
    w.run(w.c, {"GET"});
    CHECK(w.m.out.empty());
    w.run(w.c, {"SET", "s", "x"});
    w.m.takeOutput();
    CHECK(w.run(w.c, {"INCR", "s"}).starts_with("-ERR"));
    CHECK(w.m.takeOutput() == at + "\"INCR\" \"s\"\r\n");
    // admin commands are hidden; other CLIENT subcommands are not
    w.run(w.c, {"CONFIG", "GET", "hz"});
    w.run(w.c, {"CLIENT", "LIST"});
    w.run(w.c, {"DEBUG", "SLEEP", "0"});
    CHECK(w.m.out.empty());
    w.run(w.c, {"CLIENT", "SETNAME", "x"});
    CHECK(w.m.takeOutput() == at + "\"CLIENT\" \"SETNAME\" \"x\"\r\n");
    // the db after the command
    w.run(w.c, {"SELECT", "2"});
    CHECK(w.m.takeOutput() == kT0 + "[2 127.0.0.1:5000] \"SELECT\" \"2\"\r\n");
    w.run(w.c, {"SELECT", "0"});
    w.m.takeOutput();
    // a transaction: nothing while queueing, then the commands and EXEC last
    w.run(w.c, {"MULTI"});
    w.run(w.c, {"SET", "a", "2"});
    w.run(w.c, {"GET", "a"});
    CHECK(w.m.takeOutput() == at + "\"MULTI\"\r\n");
    w.run(w.c, {"EXEC"});
    CHECK(w.m.takeOutput() == at + "\"SET\" \"a\" \"2\"\r\n" + at + "\"GET\" \"a\"\r\n" + at + "\"EXEC\"\r\n");
    // MONITOR inside a transaction is refused
    w.run(w.c, {"MULTI"});
    w.run(w.c, {"MONITOR"});
    CHECK(w.run(w.c, {"EXEC"}) == "*1\r\n-ERR MONITOR isn't allowed for DENY BLOCKING client\r\n");
    CHECK(!w.c.monitor);
    w.m.takeOutput();
    // a script: EVAL first (even when it fails), then its commands from `lua`
    w.run(w.c, {"EVAL", "redis.call('set','x','1') return redis.call('get', KEYS[1])", "1", "a"});
    CHECK(w.m.takeOutput() ==
          at + "\"EVAL\" \"redis.call('set','x','1') return redis.call('get', KEYS[1])\" \"1\" \"a\"\r\n" + kT0 +
              "[0 lua] \"set\" \"x\" \"1\"\r\n" + kT0 + "[0 lua] \"get\" \"a\"\r\n");
    w.run(w.c, {"EVAL", "return 1", "x"});
    CHECK(w.m.takeOutput() == at + "\"EVAL\" \"return 1\" \"x\"\r\n");
    w.run(w.c, {"EVALSHA", "0000", "0"});
    CHECK(w.m.takeOutput() == at + "\"EVALSHA\" \"0000\" \"0\"\r\n");
    // passwords
    w.run(w.c, {"AUTH", "secret"});
    CHECK(w.m.takeOutput() == at + "\"AUTH\" \"(redacted)\"\r\n");
    // the clock: each line has the time it is shown
    w.engine.advanceTime(1'500'000);
    w.run(w.c, {"PING"});
    CHECK(w.m.takeOutput() == "+1704067201.500000 [0 127.0.0.1:5000] \"PING\"\r\n");
}

TEST_CASE("monitor.monitor_clients") {
    World w;
    Client& m2 = w.engine.createClient();
    w.run(m2, {"HELLO", "3"});
    w.m.takeOutput();
    CHECK(w.run(m2, {"MONITOR"}) == "+OK\r\n");
    // a second MONITOR: no reply at all
    CHECK(w.run(m2, {"MONITOR"}).empty());
    CHECK(w.engine.monitors.size() == 2);
    // both receive, in the order they started (a RESP3 monitor gets the same status line)
    w.run(w.c, {"PING"});
    CHECK(w.m.takeOutput() == kT0 + "[0 127.0.0.1:5000] \"PING\"\r\n");
    CHECK(m2.takeOutput() == kT0 + "[0 127.0.0.1:5000] \"PING\"\r\n");
    // keyspace commands are refused to a monitor, and not shown
    CHECK(w.run(w.m, {"GET", "a"}) == "-ERR Replica can't interact with the keyspace\r\n");
    CHECK(w.run(w.m, {"PUBLISH", "ch", "x"}) == "-ERR Replica can't interact with the keyspace\r\n");
    CHECK(w.run(w.m, {"EVAL", "return 1", "0"}) == "-ERR Replica can't interact with the keyspace\r\n");
    CHECK(w.run(w.m, {"DBSIZE"}) == "-ERR Replica can't interact with the keyspace\r\n");
    CHECK(m2.out.empty());
    // others run, and the monitor sees its own commands after their replies
    CHECK(w.run(w.m, {"PING"}) == "+PONG\r\n" + kT0 + "[0 embedded] \"PING\"\r\n");
    m2.takeOutput();
    // CLIENT LIST flag O
    CHECK(w.run(w.c, {"CLIENT", "LIST", "ID", std::to_string(w.m.id)}).find(" flags=O ") != std::string::npos);
    // RESET leaves monitor mode (and is not shown to the client that left)
    CHECK(w.run(w.m, {"RESET"}) == "+RESET\r\n");
    CHECK(m2.takeOutput() == kT0 + "[0 embedded] \"RESET\"\r\n");
    CHECK(w.run(w.m, {"GET", "a"}) == "$-1\r\n");
    // a client that goes away stops receiving
    w.engine.freeClient(m2.id);
    CHECK(w.engine.monitors.empty());
    w.run(w.c, {"PING"});
}

TEST_CASE("monitor.garbage") {
    World w;
    Rng rng(7);
    const std::vector<std::string> words = {"MONITOR", "GET", "SET", "RESET", "PING",     "AUTH", "HELLO", "MULTI",
                                            "EXEC",    "3",   "",    "x",     "\xff\r\n", "EVAL", "0"};
    std::vector<Client*> cs = {&w.m, &w.c, &w.engine.createClient()};
    for (int i = 0; i < 3000; ++i) {
        Client& c = *cs[rng.below(cs.size())];
        std::vector<std::string> argv;
        const size_t n = 1 + rng.below(4);
        for (size_t j = 0; j < n; ++j) argv.push_back(words[rng.below(words.size())]);
        w.engine.execute(c, argv);
        for (Client* x : cs) {
            // every line a monitor receives is one status line
            const std::string out = x->takeOutput();
            (void)out;
        }
    }
    size_t monitors = 0;
    for (const auto& [id, c] : w.engine.clients()) monitors += c->monitor ? 1 : 0;
    CHECK(w.engine.monitors.size() == monitors);
}

}  // namespace
}  // namespace redsim
