// Client-side caching (CLIENT TRACKING): the exact bytes each client receives, in the
// order Redis 7.0.15 sends them — self-invalidations after the reply (after EXEC's whole
// reply), RESP2 redirection through __redis__:invalidate, broken redirects, OPTIN/OPTOUT
// and CLIENT CACHING's one-command lifetime, BCAST batches after commands and ticks,
// tracking-table-max-keys, the INFO and CLIENT LIST fields, and garbage arguments.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/info.h"
#include "tests/engine/test_util.h"

namespace redsim {
namespace {

struct World {
    Engine engine{EngineOptions{.seed = 3, .virtual_clock = true}};
    Client& a = engine.createClient();
    Client& b = engine.createClient();
    Client& r = engine.createClient();

    // Runs a command and returns everything in the client's buffer afterwards.
    std::string run(Client& c, std::vector<std::string> argv) {
        engine.execute(c, argv);
        return c.takeOutput();
    }
    std::string id(const Client& c) { return std::to_string(c.id); }
    std::string info(const std::string& field) {
        Client& t = engine.createClient();
        const std::string out = run(t, {"INFO", "everything"});
        engine.freeClient(t.id);
        const auto at = out.find("\r\n" + field + ":");
        if (at == std::string::npos) return "?";
        const auto start = at + field.size() + 3;
        return out.substr(start, out.find("\r\n", start) - start);
    }
};

const std::string kPushK = ">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n";

TEST_CASE("tracking.resp3_self_and_others") {
    World w;
    w.run(w.a, {"HELLO", "3"});
    CHECK(w.run(w.a, {"CLIENT", "TRACKING", "on"}) == "+OK\r\n");
    CHECK(w.run(w.a, {"GET", "k"}) == "_\r\n");
    // another client's write: the push lands in a's buffer and a is named for delivery
    w.engine.pushed_clients.clear();
    CHECK(w.run(w.b, {"SET", "k", "1"}) == "+OK\r\n");
    CHECK(w.a.takeOutput() == kPushK);
    CHECK(w.engine.pushed_clients == std::vector<uint64_t>{w.a.id});
    // forgotten until read again
    CHECK(w.run(w.b, {"SET", "k", "2"}) == "+OK\r\n");
    CHECK(w.a.out.empty());
    // its own write: after its own reply
    w.run(w.a, {"GET", "k"});
    CHECK(w.run(w.a, {"SET", "k", "3"}) == "+OK\r\n" + kPushK);
    // a transaction: after EXEC's whole reply
    w.run(w.a, {"GET", "k"});
    CHECK(w.run(w.a, {"MULTI"}) == "+OK\r\n");
    CHECK(w.run(w.a, {"SET", "k", "x"}) == "+QUEUED\r\n");
    CHECK(w.run(w.a, {"GET", "k"}) == "+QUEUED\r\n");
    CHECK(w.run(w.a, {"EXEC"}) == "*2\r\n+OK\r\n$1\r\nx\r\n" + kPushK);
    // a flush: a null to everyone tracking, after the reply for the flusher itself
    CHECK(w.run(w.a, {"FLUSHALL"}) == "+OK\r\n>2\r\n$10\r\ninvalidate\r\n_\r\n");
    CHECK(w.run(w.b, {"FLUSHDB"}) == "+OK\r\n");
    CHECK(w.a.takeOutput() == ">2\r\n$10\r\ninvalidate\r\n_\r\n");
    // NOLOOP: nothing about its own changes
    w.run(w.a, {"CLIENT", "TRACKING", "on", "NOLOOP"});
    w.run(w.a, {"GET", "k"});
    CHECK(w.run(w.a, {"SET", "k", "1"}) == "+OK\r\n");
    w.run(w.a, {"GET", "k"});
    w.run(w.b, {"DEL", "k"});
    CHECK(w.a.takeOutput() == kPushK);
}

TEST_CASE("tracking.scripts_remember_the_script_keys") {
    World w;
    w.run(w.a, {"HELLO", "3"});
    w.run(w.a, {"CLIENT", "TRACKING", "on"});
    w.run(w.a, {"EVAL", "return redis.call('get','x')", "1", "k"});
    w.run(w.b, {"SET", "x", "1"});
    CHECK(w.a.out.empty());
    w.run(w.b, {"SET", "k", "1"});
    CHECK(w.a.takeOutput() == kPushK);
    // a read-only script is not itself remembered
    w.run(w.a, {"EVAL_RO", "return 1", "1", "k"});
    w.run(w.b, {"SET", "k", "1"});
    CHECK(w.a.out.empty());
    // a script writing a key the client cached: after the script's reply
    w.run(w.a, {"GET", "k"});
    CHECK(w.run(w.a, {"EVAL", "return redis.call('set',KEYS[1],'v')", "1", "k"}) == "+OK\r\n" + kPushK);
}

TEST_CASE("tracking.resp2_redirect") {
    World w;
    CHECK(w.run(w.r, {"SUBSCRIBE", "__redis__:invalidate"}).starts_with("*3\r\n$9\r\nsubscribe"));
    CHECK(w.run(w.a, {"CLIENT", "TRACKING", "on", "REDIRECT", w.id(w.r)}) == "+OK\r\n");
    CHECK(w.run(w.a, {"CLIENT", "GETREDIR"}) == ":" + w.id(w.r) + "\r\n");
    w.run(w.a, {"GET", "k"});
    CHECK(w.run(w.a, {"SET", "k", "1"}) == "+OK\r\n");
    CHECK(w.r.takeOutput() == "*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$1\r\nk\r\n");
    w.run(w.b, {"FLUSHALL"});
    CHECK(w.r.takeOutput() == "*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n$-1\r\n");
    // a RESP3 tracking client's null is spelled in RESP3 even towards a RESP2 subscriber
    w.run(w.a, {"HELLO", "3"});
    w.run(w.b, {"FLUSHALL"});
    CHECK(w.r.takeOutput() == "*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n_\r\n");
    // CLIENT LIST: flags t, redir=
    const std::string line = w.run(w.b, {"CLIENT", "LIST", "ID", w.id(w.a)});
    CHECK(line.find(" flags=t ") != std::string::npos);
    CHECK(line.find(" redir=" + w.id(w.r) + " ") != std::string::npos);
    // redirect to a RESP2 client that is not subscribed: nothing
    w.run(w.a, {"CLIENT", "TRACKING", "on", "REDIRECT", w.id(w.b)});
    w.run(w.a, {"GET", "k"});
    w.run(w.a, {"SET", "k", "1"});
    CHECK(w.b.out.empty());
    // redirect to a RESP3 client: a push even without any subscription
    w.run(w.b, {"HELLO", "3"});
    w.run(w.a, {"GET", "k"});
    w.run(w.a, {"SET", "k", "2"});
    CHECK(w.b.takeOutput() == kPushK);
}

TEST_CASE("tracking.broken_redirect") {
    World w;
    w.run(w.a, {"HELLO", "3"});
    w.run(w.a, {"CLIENT", "TRACKING", "on", "REDIRECT", w.id(w.r)});
    w.run(w.a, {"GET", "k"});
    const std::string rid = w.id(w.r);
    w.engine.freeClient(w.r.id);
    // noticed only when a message is due
    CHECK(w.run(w.a, {"CLIENT", "TRACKINGINFO"}).find("broken_redirect") == std::string::npos);
    w.run(w.b, {"SET", "k", "1"});
    const std::string broken = ">2\r\n$21\r\ntracking-redir-broken\r\n:" + rid + "\r\n";
    CHECK(w.a.takeOutput() == broken);
    CHECK(w.run(w.a, {"CLIENT", "TRACKINGINFO"}) ==
          "%3\r\n$5\r\nflags\r\n~2\r\n$2\r\non\r\n$15\r\nbroken_redirect\r\n$8\r\nredirect\r\n:" + rid +
              "\r\n$8\r\nprefixes\r\n*0\r\n");
    CHECK(w.run(w.a, {"CLIENT", "INFO"}).find(" flags=tR ") != std::string::npos);
    // its own write: after the reply
    w.run(w.a, {"GET", "k"});
    CHECK(w.run(w.a, {"SET", "k", "2"}) == "+OK\r\n" + broken);
    CHECK(w.run(w.a, {"CLIENT", "TRACKING", "on", "REDIRECT", rid}) ==
          "-ERR The client ID you want redirect to does not exist\r\n");
    // a RESP2 client is not told
    w.run(w.b, {"CLIENT", "TRACKING", "on", "REDIRECT", w.id(w.a)});
    w.run(w.b, {"GET", "j"});
    w.engine.freeClient(w.a.id);
    CHECK(w.run(w.b, {"SET", "j", "1"}) == "+OK\r\n");
}

TEST_CASE("tracking.optin_optout") {
    World w;
    w.run(w.a, {"HELLO", "3"});
    w.run(w.a, {"CLIENT", "TRACKING", "on", "OPTIN"});
    w.run(w.a, {"GET", "k"});
    w.run(w.b, {"SET", "k", "1"});
    CHECK(w.a.out.empty());
    // CACHING YES: the next command only; CLIENT subcommands in between keep it
    CHECK(w.run(w.a, {"CLIENT", "CACHING", "yes"}) == "+OK\r\n");
    CHECK(w.run(w.a, {"CLIENT", "TRACKINGINFO"}).find("caching-yes") != std::string::npos);
    w.run(w.a, {"GET", "k"});
    w.run(w.a, {"GET", "j"});
    w.run(w.b, {"MSET", "k", "1", "j", "2"});
    CHECK(w.a.takeOutput() == kPushK);
    // a transaction keeps it for every command until EXEC
    w.run(w.a, {"CLIENT", "CACHING", "yes"});
    w.run(w.a, {"MULTI"});
    w.run(w.a, {"GET", "k"});
    w.run(w.a, {"GET", "j"});
    w.run(w.a, {"EXEC"});
    w.run(w.b, {"MSET", "k", "1", "j", "2"});
    CHECK(w.a.takeOutput() == kPushK + ">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nj\r\n");
    // a rejected command (arity, unknown) uses it up too
    w.run(w.a, {"CLIENT", "CACHING", "yes"});
    w.run(w.a, {"GET", "k", "extra"});
    w.run(w.a, {"GET", "k"});
    w.run(w.b, {"SET", "k", "1"});
    CHECK(w.a.out.empty());
    // OPTOUT: everything but the command after CACHING NO
    w.run(w.a, {"CLIENT", "TRACKING", "off"});
    w.run(w.a, {"CLIENT", "TRACKING", "on", "OPTOUT"});
    w.run(w.a, {"CLIENT", "CACHING", "no"});
    w.run(w.a, {"GET", "k"});
    w.run(w.a, {"GET", "j"});
    w.run(w.b, {"MSET", "k", "1", "j", "2"});
    CHECK(w.a.takeOutput() == ">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nj\r\n");
}

TEST_CASE("tracking.bcast") {
    World w;
    w.run(w.a, {"HELLO", "3"});
    CHECK(w.run(w.a, {"CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "k", "PREFIX", "j"}) == "+OK\r\n");
    CHECK(w.info("tracking_total_prefixes") == "2");
    // one message per prefix (in prefix order), keys in byte order
    w.run(w.b, {"MSET", "k2", "1", "k1", "2", "j", "3", "x", "4"});
    CHECK(w.a.takeOutput() ==
          ">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nj\r\n>2\r\n$10\r\ninvalidate\r\n*2\r\n$2\r\nk1\r\n$2\r\nk2\r\n");
    // inside a transaction: one batch after EXEC
    w.run(w.a, {"MULTI"});
    w.run(w.a, {"SET", "k9", "x"});
    w.run(w.a, {"SET", "k8", "x"});
    CHECK(w.run(w.a, {"EXEC"}) == "*2\r\n+OK\r\n+OK\r\n>2\r\n$10\r\ninvalidate\r\n*2\r\n$2\r\nk8\r\n$2\r\nk9\r\n");
    CHECK(w.run(w.a, {"CLIENT", "LIST", "ID", w.id(w.a)}).find(" flags=tB ") != std::string::npos);
    // keys that expire in a tick are broadcast by the tick
    w.run(w.b, {"SET", "k5", "1", "PX", "10"});
    w.a.takeOutput();
    w.engine.advanceTime(1'000'000);
    CHECK(w.a.takeOutput() == ">2\r\n$10\r\ninvalidate\r\n*1\r\n$2\r\nk5\r\n");
    // NOLOOP: keys it changed itself are left out of its batch
    w.run(w.a, {"CLIENT", "TRACKING", "on", "BCAST", "NOLOOP", "PREFIX", "z"});
    CHECK(w.run(w.a, {"MSET", "k5", "1", "z", "1"}) == "+OK\r\n");
    w.run(w.b, {"SET", "k5", "2"});
    CHECK(w.a.takeOutput() == ">2\r\n$10\r\ninvalidate\r\n*1\r\n$2\r\nk5\r\n");
    // a client that goes away leaves its prefixes
    w.engine.freeClient(w.a.id);
    CHECK(w.info("tracking_total_prefixes") == "0");
    CHECK(w.info("tracking_clients") == "0");
}

TEST_CASE("tracking.prefix_overlap_quirk") {
    World w;
    // Redis 7.0.15: an overlap found for a prefix after the first replies the error AND
    // enables tracking with +OK.
    CHECK(w.run(w.a, {"CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "a", "PREFIX", "b", "PREFIX", "bc"}) ==
          "-ERR Prefix 'b' overlaps with another provided prefix 'bc'. Prefixes for a single client must not "
          "overlap.\r\n+OK\r\n");
    CHECK(w.info("tracking_total_prefixes") == "3");
    CHECK(w.run(w.a, {"CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "a", "PREFIX", "ab"}) ==
          "-ERR Prefix 'a' overlaps with an existing prefix 'a'. Prefixes for a single client must not overlap.\r\n");
}

TEST_CASE("tracking.table_limit_and_info") {
    World w;
    w.run(w.a, {"HELLO", "3"});
    w.run(w.a, {"CLIENT", "TRACKING", "on"});
    w.run(w.b, {"CLIENT", "TRACKING", "on"});
    w.run(w.a, {"MGET", "a", "b", "c"});
    w.run(w.b, {"MGET", "a", "b"});
    CHECK(w.info("tracking_total_keys") == "3");
    CHECK(w.info("tracking_total_items") == "5");
    CHECK(w.info("tracking_clients") == "2");
    // over the limit: keys are forgotten at random, with an invalidation, after the command
    w.run(w.b, {"CONFIG", "SET", "tracking-table-max-keys", "2"});
    CHECK(w.info("tracking_total_keys") == "2");
    const std::string got = w.a.takeOutput();
    CHECK(got.starts_with(">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\n"));
    w.run(w.a, {"MGET", "x", "y"});
    CHECK(w.info("tracking_total_keys") == "2");
    w.run(w.b, {"CONFIG", "SET", "tracking-table-max-keys", "0"});
    w.run(w.a, {"MGET", "p", "q", "r", "s"});
    CHECK(w.info("tracking_total_keys") == "6");
    // FLUSHALL empties the table
    w.run(w.b, {"FLUSHALL"});
    CHECK(w.info("tracking_total_keys") == "0");
    CHECK(w.info("tracking_total_items") == "0");
    // RESET and OFF leave tracking
    w.run(w.a, {"RESET"});
    w.run(w.b, {"CLIENT", "TRACKING", "off"});
    CHECK(w.info("tracking_clients") == "0");
}

TEST_CASE("tracking.active_expiry_and_other_dbs") {
    World w;
    w.run(w.a, {"HELLO", "3"});
    w.run(w.a, {"CLIENT", "TRACKING", "on"});
    w.run(w.b, {"SET", "k", "1", "PX", "50"});
    w.run(w.a, {"GET", "k"});
    w.engine.advanceTime(2'000'000);  // the active cycle deletes it
    CHECK(w.a.takeOutput() == kPushK);
    // the table is shared by every db
    w.run(w.a, {"GET", "k"});
    w.run(w.b, {"SELECT", "3"});
    w.run(w.b, {"SET", "k", "1"});
    CHECK(w.a.takeOutput() == kPushK);
}

TEST_CASE("tracking.garbage_never_crashes") {
    World w;
    Rng rng(99);
    const std::vector<std::string> words = {"on",    "off",   "ON",     "REDIRECT", "PREFIX",
                                            "BCAST", "OPTIN", "OPTOUT", "NOLOOP",   "",
                                            "1",     "2",     "-1",     "x",        "9999999999999999999999",
                                            "a",     "ab",    "yes",    "no"};
    const std::vector<std::string> subs = {"TRACKING", "CACHING", "TRACKINGINFO", "GETREDIR"};
    for (int i = 0; i < 3000; ++i) {
        Client& c = rng.below(2) ? w.a : w.b;
        std::vector<std::string> argv = {"CLIENT", subs[rng.below(subs.size())]};
        const size_t n = rng.below(6);
        for (size_t j = 0; j < n; ++j) argv.push_back(words[rng.below(words.size())]);
        w.engine.execute(c, argv);
        if (rng.below(4) == 0)
            w.engine.execute(w.b, std::vector<std::string>{"SET", words[rng.below(words.size())], "v"});
        if (rng.below(4) == 0) w.engine.execute(c, std::vector<std::string>{"GET", words[rng.below(words.size())]});
        if (rng.below(50) == 0) w.engine.execute(c, std::vector<std::string>{"HELLO", rng.below(2) ? "2" : "3"});
        w.a.takeOutput();
        w.b.takeOutput();
        w.r.takeOutput();
    }
    // the counters agree with the clients
    size_t tracking = 0;
    for (const auto& [id, c] : w.engine.clients()) tracking += c->tracking.on ? 1 : 0;
    CHECK(w.engine.tracking().clientCount() == tracking);
}

}  // namespace
}  // namespace redsim
