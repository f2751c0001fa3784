// Blocking commands and CLIENT PAUSE inside one engine on the virtual clock: timeouts,
// FIFO serving against a model, CLIENT UNBLOCK, clients that go away, scripts, and the
// pause rules. The replies themselves are proven against redis-server in
// tests/transcripts/blocking_*.redis, client_pause.redis and tests/server/blocking_test.py.
#include <doctest/doctest.h>

#include <deque>
#include <map>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/resp/reply.h"
#include "engine/rng.h"
#include "tests/engine/test_util.h"

using redsim::Client;
using redsim::Engine;
using redsim::resp::Reply;

namespace {

// An engine on the virtual clock with named clients.
struct Clients {
    Engine engine{redsim::EngineOptions{.seed = 7, .virtual_clock = true}};
    std::map<std::string, Client*> by_name;

    Client& c(const std::string& name) {
        auto it = by_name.find(name);
        if (it == by_name.end()) it = by_name.emplace(name, &engine.createClient()).first;
        return *it->second;
    }
    // Runs a command; returns the raw reply bytes (empty while the client waits).
    std::string raw(const std::string& name, const std::vector<std::string>& argv) {
        Client& cl = c(name);
        engine.execute(cl, argv);
        return cl.takeOutput();
    }
    std::string taken(const std::string& name) { return c(name).takeOutput(); }
    static Reply parse(const std::string& bytes) {
        size_t pos = 0;
        Reply r;
        if (redsim::resp::parseReply(bytes, pos, r) != redsim::resp::ParseStatus::Ok) r = Reply{};
        return r;
    }
    std::string info(const std::string& field) {
        const std::string text = parse(raw("admin", {"INFO", "clients"})).str;
        const size_t at = text.find(field + ":");
        REQUIRE(at != std::string::npos);
        return text.substr(at + field.size() + 1, text.find('\r', at) - at - field.size() - 1);
    }
};

constexpr const char* kNullArray = "*-1\r\n";

}  // namespace

TEST_SUITE("blocking") {
    TEST_CASE("blocking.timeout_follows_the_engine_clock") {
        Clients t;
        CHECK(t.raw("a", {"BLPOP", "q", "1.5"}).empty());
        CHECK(t.c("a").blocked());
        CHECK(t.info("blocked_clients") == "1");
        CHECK(t.info("clients_in_timeout_table") == "1");
        t.engine.advanceTime(1'400'000);
        CHECK(t.c("a").blocked());
        t.engine.advanceTime(200'000);
        CHECK(!t.c("a").blocked());
        CHECK(t.taken("a") == kNullArray);
        CHECK(t.info("blocked_clients") == "0");
        CHECK(t.info("clients_in_timeout_table") == "0");
        // Timeout 0 waits for good: an hour later it still waits, and counts as blocked
        // without a deadline.
        CHECK(t.raw("a", {"BZPOPMIN", "z", "0"}).empty());
        t.engine.advanceTime(3'600'000'000);
        CHECK(t.c("a").blocked());
        CHECK(t.info("clients_in_timeout_table") == "0");
        // A tiny timeout rounds up to a millisecond: it does not mean "forever".
        CHECK(t.raw("b", {"BLPOP", "q", "0.0000001"}).empty());
        t.engine.advanceTime(100'000);
        CHECK(t.taken("b") == kNullArray);
        // XREAD BLOCK counts milliseconds; RESP3 gets the RESP3 null.
        t.raw("c", {"HELLO", "3"});
        CHECK(t.raw("c", {"XREAD", "BLOCK", "250", "STREAMS", "s", "$"}).empty());
        t.engine.advanceTime(200'000);
        CHECK(t.c("c").blocked());
        t.engine.advanceTime(100'000);
        CHECK(t.taken("c") == "_\r\n");
    }

    TEST_CASE("blocking.a_command_checks_timeouts_before_it_runs") {
        // Redis answers timed-out clients before it reads the next command (beforeSleep):
        // a push that comes after the deadline finds nobody waiting.
        Clients t;
        CHECK(t.raw("a", {"BLPOP", "q", "1"}).empty());
        static_cast<redsim::VirtualClock&>(t.engine.clock()).advanceUs(1'500'000);  // no tick ran
        CHECK(t.raw("b", {"RPUSH", "q", "x"}) == ":1\r\n");
        CHECK(t.taken("a") == kNullArray);
        CHECK(t.raw("b", {"LLEN", "q"}) == ":1\r\n");
    }

    TEST_CASE("blocking.fifo_serving_matches_a_model") {
        // Random clients block on random keys (BLPOP/BRPOP, one or two keys) while others
        // push, in plain commands and in transactions. The model serves as Redis does: after
        // each top-level command, for each key made ready in order, the waiting clients
        // first come first served, each popping one element from its end, until the list is
        // empty (then the key is gone).
        for (uint64_t seed = 1; seed <= 20; ++seed) {
            Clients t;
            redsim::Rng rng(seed);
            const std::vector<std::string> keys = {"k1", "k2", "k3"};
            const int nclients = 6;
            struct Waiter {
                int id;
                std::vector<std::string> keys;
                bool left;
            };
            std::map<std::string, std::deque<std::string>> lists;
            std::vector<Waiter> waiting;          // in blocking order
            std::map<int, std::string> expected;  // client -> reply bytes it must have received
            int counter = 0;
            auto name = [](int i) { return "c" + std::to_string(i); };
            auto bulk = [](const std::string& s) { return "$" + std::to_string(s.size()) + "\r\n" + s + "\r\n"; };
            auto serve = [&](const std::vector<std::string>& ready) {
                for (const std::string& key : ready) {
                    for (auto it = waiting.begin(); it != waiting.end();) {
                        auto& l = lists[key];
                        if (l.empty()) break;
                        if (std::find(it->keys.begin(), it->keys.end(), key) == it->keys.end()) {
                            ++it;
                            continue;
                        }
                        std::string v;
                        if (it->left) {
                            v = l.front();
                            l.pop_front();
                        } else {
                            v = l.back();
                            l.pop_back();
                        }
                        expected[it->id] = "*2\r\n" + bulk(key) + bulk(v);
                        it = waiting.erase(it);
                    }
                }
            };
            for (int step = 0; step < 400; ++step) {
                const int who = static_cast<int>(rng.below(nclients));
                const bool is_waiting =
                    std::any_of(waiting.begin(), waiting.end(), [&](const Waiter& w) { return w.id == who; });
                if (is_waiting) continue;
                const uint64_t action = rng.below(10);
                if (action < 5) {
                    // Block (or pop at once if a list is there).
                    Waiter w{who, {keys[rng.below(3)]}, rng.below(2) == 0};
                    if (rng.below(3) == 0) w.keys.push_back(keys[rng.below(3)]);
                    std::vector<std::string> argv = {w.left ? "BLPOP" : "BRPOP"};
                    argv.insert(argv.end(), w.keys.begin(), w.keys.end());
                    argv.push_back("0");
                    const std::string got = t.raw(name(who), argv);
                    std::string want;
                    for (const std::string& k : w.keys) {
                        auto& l = lists[k];
                        if (l.empty()) continue;
                        std::string v = w.left ? l.front() : l.back();
                        if (w.left)
                            l.pop_front();
                        else
                            l.pop_back();
                        want = "*2\r\n" + bulk(k) + bulk(v);
                        break;
                    }
                    if (want.empty()) waiting.push_back(w);
                    CHECK_MESSAGE(got == want, "seed " << seed << " step " << step);
                } else if (action < 8) {
                    const std::string key = keys[rng.below(3)];
                    std::vector<std::string> argv = {"RPUSH", key};
                    const size_t n = 1 + rng.below(3);
                    for (size_t i = 0; i < n; ++i) {
                        argv.push_back("v" + std::to_string(counter++));
                        lists[key].push_back(argv.back());
                    }
                    const bool was_empty = lists[key].size() == n;
                    t.raw(name(who), argv);
                    serve(was_empty ? std::vector<std::string>{key} : std::vector<std::string>{});
                } else {
                    // A transaction pushing to two keys: served after EXEC, keys in the
                    // order they were created.
                    const std::string a = keys[rng.below(3)], b = keys[rng.below(3)];
                    std::vector<std::string> ready;
                    t.raw(name(who), {"MULTI"});
                    for (const std::string& k : {a, b}) {
                        if (lists[k].empty() && std::find(ready.begin(), ready.end(), k) == ready.end())
                            ready.push_back(k);
                        lists[k].push_back("v" + std::to_string(counter++));
                        t.raw(name(who), {"RPUSH", k, lists[k].back()});
                    }
                    t.raw(name(who), {"EXEC"});
                    serve(ready);
                }
                for (int i = 0; i < nclients; ++i) {
                    const std::string got = t.taken(name(i));
                    auto e = expected.find(i);
                    if (e == expected.end()) continue;
                    CHECK_MESSAGE(got == e->second, "seed " << seed << " step " << step << " client " << i);
                    expected.erase(e);
                }
            }
            for (const std::string& k : keys) {
                const Reply r = Clients::parse(t.raw("check", {"LRANGE", k, "0", "-1"}));
                std::vector<std::string> got;
                for (const Reply& e : r.elements) got.push_back(e.str);
                CHECK(got == std::vector<std::string>(lists[k].begin(), lists[k].end()));
            }
        }
    }

    TEST_CASE("blocking.client_unblock_and_clients_that_go_away") {
        Clients t;
        t.c("a");
        const std::string id = std::to_string(t.c("a").id);
        CHECK(t.raw("b", {"CLIENT", "UNBLOCK", id}) == ":0\r\n");  // not blocked
        CHECK(t.raw("a", {"BLPOP", "q", "0"}).empty());
        const std::string list = Clients::parse(t.raw("b", {"CLIENT", "LIST", "ID", id})).str;
        CHECK(list.find(" flags=b ") != std::string::npos);
        CHECK(t.raw("b", {"CLIENT", "UNBLOCK", id, "TIMEOUT"}) == ":1\r\n");
        CHECK(t.taken("a") == kNullArray);
        CHECK(t.raw("a", {"BZPOPMAX", "z", "0"}).empty());
        CHECK(t.raw("b", {"CLIENT", "UNBLOCK", id, "ERROR"}) == ":1\r\n");
        CHECK(t.taken("a") == "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
        CHECK(t.engine.stats().errors["UNBLOCKED"] == 1);
        // A client that disconnects while waiting is simply gone: the push stays.
        CHECK(t.raw("gone", {"BLPOP", "q", "0"}).empty());
        t.engine.freeClient(t.c("gone").id);
        t.by_name.erase("gone");
        CHECK(t.raw("b", {"RPUSH", "q", "x"}) == ":1\r\n");
        CHECK(t.raw("b", {"LLEN", "q"}) == ":1\r\n");
        CHECK(t.info("blocked_clients") == "0");
    }

    TEST_CASE("blocking.scripts_never_block_and_serve_after_they_end") {
        Clients t;
        // Blocking list/zset commands are refused in scripts (noscript); XREAD BLOCK is
        // refused by its own check.
        CHECK(t.raw("a", {"EVAL", "return redis.call('blpop','q','0')", "0"})
                  .starts_with("-ERR This Redis command is not allowed from script"));
        CHECK(t.raw("a", {"EVAL", "return redis.call('XREAD','BLOCK','0','STREAMS','s','$')", "0"})
                  .starts_with("-ERR XREAD command is not allowed with BLOCK option from scripts"));
        // A script that pushes and pops: the waiting client gets what the script left.
        CHECK(t.raw("w", {"BLPOP", "q", "0"}).empty());
        CHECK(t.raw("a",
                    {"EVAL", "redis.call('rpush','q','1','2'); redis.call('lpop','q'); return redis.call('llen','q')",
                     "0"}) == ":1\r\n");
        CHECK(t.taken("w") == "*2\r\n$1\r\nq\r\n$1\r\n2\r\n");
        CHECK(t.raw("a", {"EXISTS", "q"}) == ":0\r\n");
    }

    TEST_CASE("blocking.pause_all_holds_every_command_until_its_end") {
        Clients t;
        CHECK(t.raw("admin", {"CLIENT", "PAUSE", "1000", "ALL"}) == "+OK\r\n");
        CHECK(t.raw("a", {"PING"}).empty());
        CHECK(t.raw("b", {"SET", "k", "v"}).empty());
        CHECK(t.raw("c", {"CLIENT", "UNPAUSE"}).empty());  // held too: only the time ends ALL
        CHECK(t.engine.blockedClients() == 3);             // INFO itself would be held
        CHECK(t.engine.clientsInTimeoutTable() == 0);
        t.engine.advanceTime(900'000);
        CHECK(t.c("a").blocked());
        t.engine.advanceTime(200'000);
        CHECK(t.taken("a") == "+PONG\r\n");
        CHECK(t.taken("b") == "+OK\r\n");
        CHECK(t.taken("c") == "+OK\r\n");
        CHECK(t.raw("a", {"GET", "k"}) == "$1\r\nv\r\n");
        // The held commands ran in the order they came (IDs: a before b before c).
        CHECK(t.engine.unblocked_clients == std::vector<uint64_t>{t.c("a").id, t.c("b").id, t.c("c").id});
    }

    TEST_CASE("blocking.pause_write_rules") {
        Clients t;
        t.raw("a", {"SET", "e", "1", "PX", "100"});
        t.raw("a", {"SET", "k", "1"});
        CHECK(t.raw("admin", {"CLIENT", "PAUSE", "5000", "WRITE"}) == "+OK\r\n");
        // Reads run; a key past its deadline reads as gone but stays until the pause ends.
        t.engine.advanceTime(500'000);
        CHECK(t.raw("a", {"GET", "e"}) == "$-1\r\n");
        CHECK(t.raw("a", {"EXISTS", "e"}) == ":0\r\n");
        CHECK(t.raw("a", {"DBSIZE"}) == ":2\r\n");
        // Writes, may-replicate commands (EVAL, PUBLISH) and an EXEC with a write wait;
        // EVAL_RO and a read-only EXEC do not.
        CHECK(t.raw("w1", {"INCR", "k"}).empty());
        CHECK(t.raw("w2", {"PUBLISH", "ch", "m"}).empty());
        CHECK(t.raw("w3", {"EVAL", "return 1", "0"}).empty());
        CHECK(t.raw("r1", {"EVAL_RO", "return redis.call('get','k')", "0"}) == "$1\r\n1\r\n");
        CHECK(t.raw("r2", {"MULTI"}) == "+OK\r\n");
        CHECK(t.raw("r2", {"GET", "k"}) == "+QUEUED\r\n");
        CHECK(t.raw("r2", {"EXEC"}) == "*1\r\n$1\r\n1\r\n");
        // PAUSE again with ALL and a shorter time: the stricter type, the later end.
        CHECK(t.raw("admin", {"CLIENT", "PAUSE", "10", "ALL"}) == "+OK\r\n");
        CHECK(t.raw("r1", {"GET", "k"}).empty());
        t.engine.advanceTime(1'000'000);
        CHECK(t.c("r1").blocked());
        t.engine.advanceTime(4'000'000);
        CHECK(t.taken("w1") == ":2\r\n");
        CHECK(t.taken("w2") == ":0\r\n");
        CHECK(t.taken("w3") == ":1\r\n");
        CHECK(t.taken("r1") == "$1\r\n2\r\n");
        // Expiry resumes: the stale key goes.
        t.engine.advanceTime(1'000'000);
        CHECK(t.raw("a", {"DBSIZE"}) == ":1\r\n");
        // CLIENT UNBLOCK does not release a held command.
        CHECK(t.raw("admin", {"CLIENT", "PAUSE", "5000", "WRITE"}) == "+OK\r\n");
        CHECK(t.raw("w1", {"INCR", "k"}).empty());
        CHECK(t.raw("admin", {"CLIENT", "UNBLOCK", std::to_string(t.c("w1").id)}) == ":0\r\n");
        CHECK(t.raw("admin", {"CLIENT", "UNPAUSE"}) == "+OK\r\n");
        CHECK(t.taken("w1") == ":3\r\n");
    }

    TEST_CASE("blocking.stream_readers") {
        Clients t;
        t.raw("a", {"XADD", "s", "1-1", "f", "v"});
        t.raw("a", {"XGROUP", "CREATE", "s", "g", "$"});
        // Without COUNT a woken reader gets at most 1000 entries, as Redis.
        CHECK(t.raw("r", {"XREAD", "BLOCK", "0", "STREAMS", "s", "0-1"}) != "");
        CHECK(t.raw("r", {"XREAD", "BLOCK", "0", "STREAMS", "s", "$"}).empty());
        std::vector<std::string> multi = {"MULTI"};
        t.raw("a", {"MULTI"});
        for (int i = 0; i < 1200; ++i) t.raw("a", {"XADD", "s", "*", "n", std::to_string(i)});
        t.raw("a", {"EXEC"});
        const Reply r = Clients::parse(t.taken("r"));
        REQUIRE(r.elements.size() == 1);
        CHECK(r.elements[0].elements[1].elements.size() == 1000);
        // A group reader whose consumer does not exist yet: created when served.
        CHECK(t.raw("g", {"XREADGROUP", "GROUP", "g", "fresh", "BLOCK", "0", "STREAMS", "s", ">"}) != "");
        CHECK(t.raw("g", {"XREADGROUP", "GROUP", "g", "late", "BLOCK", "0", "STREAMS", "s", ">"}).empty());
        t.raw("a", {"XADD", "s", "*", "n", "x"});
        CHECK(Clients::parse(t.taken("g")).elements.size() == 1);
        const Reply consumers = Clients::parse(t.raw("a", {"XINFO", "CONSUMERS", "s", "g"}));
        CHECK(consumers.elements.size() == 2);
        // FLUSHALL tells group readers the stream is gone; XREAD readers keep waiting.
        CHECK(t.raw("g", {"XREADGROUP", "GROUP", "g", "late", "BLOCK", "0", "STREAMS", "s", ">"}).empty());
        CHECK(t.raw("r", {"XREAD", "BLOCK", "0", "STREAMS", "s", "$"}).empty());
        t.raw("a", {"FLUSHALL"});
        CHECK(t.taken("g") == "-UNBLOCKED the stream key no longer exists\r\n");
        CHECK(t.c("r").blocked());
        // So does expiry.
        t.raw("a", {"XADD", "s2", "1-1", "f", "v"});
        t.raw("a", {"XGROUP", "CREATE", "s2", "g", "$"});
        t.raw("a", {"PEXPIRE", "s2", "100"});
        CHECK(t.raw("g", {"XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s2", ">"}).empty());
        t.engine.advanceTime(1'000'000);
        CHECK(t.taken("g") == "-UNBLOCKED the stream key no longer exists\r\n");
    }

    TEST_CASE("blocking.served_pops_keep_the_keyspace_consistent") {
        Clients t;
        // BLMOVE onto a list another client waits for: both are served in one go, and
        // the chain stops where the data runs out.
        CHECK(t.raw("a", {"BLPOP", "mid", "0"}).empty());
        CHECK(t.raw("b", {"BLMOVE", "src", "mid", "RIGHT", "LEFT", "0"}).empty());
        CHECK(t.raw("c", {"BLMOVE", "src", "mid", "RIGHT", "LEFT", "0"}).empty());
        CHECK(t.raw("p", {"RPUSH", "src", "x"}) == ":1\r\n");
        CHECK(t.taken("b") == "$1\r\nx\r\n");
        CHECK(t.taken("a") == "*2\r\n$3\r\nmid\r\n$1\r\nx\r\n");
        CHECK(t.c("c").blocked());
        CHECK(t.raw("p", {"EXISTS", "src", "mid"}) == ":0\r\n");
        // SWAPDB brings a list into the db where a client waits: it is served.
        t.raw("p", {"SELECT", "1"});
        t.raw("p", {"RPUSH", "src", "from-db1"});
        t.raw("p", {"SWAPDB", "0", "1"});
        CHECK(t.taken("c") == "$8\r\nfrom-db1\r\n");
    }
}
