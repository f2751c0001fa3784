// MULTI/EXEC/DISCARD/WATCH/UNWATCH between two clients of one engine (replies proven
// against Redis 7.0.15 with two connections; the single-client cases are in
// tests/transcripts/transactions.redis).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/resp/reply.h"
#include "tests/engine/test_util.h"

using redsim::Client;
using redsim::resp::Reply;

namespace {

struct Two : redsim::test::Harness {
    Client& b = engine.createClient();
    Reply runB(const std::vector<std::string>& argv) {
        engine.execute(b, argv);
        const std::string out = b.takeOutput();
        size_t pos = 0;
        Reply r;
        if (redsim::resp::parseReply(out, pos, r) != redsim::resp::ParseStatus::Ok) r = Reply{};
        return r;
    }
    // WATCH key, let `between` run on the other client, then MULTI / PING / EXEC: true
    // when EXEC ran (the transaction was not aborted by the watch).
    template <class F>
    bool execRuns(const std::string& key, F between) {
        CHECK(run({"WATCH", key}).str == "OK");
        between();
        CHECK(run({"MULTI"}).str == "OK");
        CHECK(run({"PING"}).str == "QUEUED");
        const Reply r = run({"EXEC"});
        if (r.type == Reply::Type::Nil) return false;
        REQUIRE(r.type == Reply::Type::Array);
        CHECK(r.elements.size() == 1);
        return true;
    }
};

}  // namespace

TEST_SUITE("transactions") {
    TEST_CASE("transactions.queue_and_exec") {
        Two t;
        CHECK(t.run({"MULTI"}).str == "OK");
        CHECK(t.run({"SET", "a", "1"}).str == "QUEUED");
        CHECK(t.run({"INCR", "a"}).str == "QUEUED");
        CHECK(t.run({"LPUSH", "a", "x"}).str == "QUEUED");  // fails at run time only
        CHECK(t.run({"GET", "a"}).str == "QUEUED");
        CHECK(t.runB({"GET", "a"}).type == Reply::Type::Nil);  // nothing ran yet
        const Reply r = t.run({"EXEC"});
        REQUIRE(r.elements.size() == 4);
        CHECK(r.elements[0].str == "OK");
        CHECK(r.elements[1].integer == 2);
        CHECK(r.elements[2].type == Reply::Type::Error);
        CHECK(r.elements[2].str == "WRONGTYPE Operation against a key holding the wrong kind of value");
        CHECK(r.elements[3].str == "2");
        CHECK(t.run({"EXEC"}).str == "ERR EXEC without MULTI");
        CHECK(t.run({"DISCARD"}).str == "ERR DISCARD without MULTI");
        CHECK(t.run({"MULTI"}).str == "OK");
        CHECK(t.run({"EXEC"}).elements.empty());
    }

    TEST_CASE("transactions.rejections_abort_exec") {
        for (std::vector<std::string> bad : {std::vector<std::string>{"NOSUCH", "x"}, {"GET"}, {"CONFIG", "FOO"}}) {
            Two t;
            CAPTURE(bad[0]);
            t.run({"MULTI"});
            CHECK(t.run({"SET", "k", "v"}).str == "QUEUED");
            CHECK(t.run(bad).type == Reply::Type::Error);
            CHECK(t.run({"PING"}).str == "QUEUED");
            CHECK(t.run({"EXEC"}).str == "EXECABORT Transaction discarded because of previous errors.");
            CHECK(t.run({"EXISTS", "k"}).integer == 0);
        }
        // Errors of MULTI and WATCH themselves do not abort.
        Two t;
        t.run({"MULTI"});
        CHECK(t.run({"MULTI"}).str == "ERR MULTI calls can not be nested");
        CHECK(t.run({"WATCH", "k"}).str == "ERR WATCH inside MULTI is not allowed");
        CHECK(t.run({"SET", "k", "v"}).str == "QUEUED");
        CHECK(t.run({"EXEC"}).elements.size() == 1);
        CHECK(t.run({"GET", "k"}).str == "v");
    }

    TEST_CASE("transactions.discard_and_reset_drop_the_queue_and_watches") {
        Two t;
        t.run({"WATCH", "w"});
        t.run({"MULTI"});
        t.run({"SET", "k", "v"});
        CHECK(t.run({"DISCARD"}).str == "OK");
        CHECK(t.run({"EXISTS", "k"}).integer == 0);
        t.runB({"SET", "w", "1"});  // no longer watched: the next transaction runs
        CHECK(t.execRuns("other", [] {}));
        t.run({"MULTI"});
        t.run({"SET", "k", "v"});
        CHECK(t.run({"RESET"}).str == "RESET");
        CHECK(t.run({"EXEC"}).str == "ERR EXEC without MULTI");
        CHECK(t.run({"EXISTS", "k"}).integer == 0);
    }

    TEST_CASE("transactions.watch_sees_real_changes_only") {
        Two t;
        CHECK_FALSE(t.execRuns("k", [&] { t.runB({"SET", "k", "1"}); }));
        CHECK_FALSE(t.execRuns("k", [&] { t.run({"SET", "k", "2"}); }));  // the client's own write too
        CHECK_FALSE(t.execRuns("k", [&] { t.runB({"EXPIRE", "k", "100"}); }));
        CHECK(t.execRuns("absent", [&] { t.runB({"DEL", "absent"}); }));  // deleting nothing
        t.run({"SADD", "s", "m"});
        CHECK(t.execRuns("s", [&] { t.runB({"SADD", "s", "m"}); }));  // already a member
        CHECK_FALSE(t.execRuns("s", [&] { t.runB({"SADD", "s", "n"}); }));
        CHECK(t.execRuns("k", [&] {
            t.runB({"SELECT", "1"});
            t.runB({"SET", "k", "x"});  // another db's k
            t.runB({"SELECT", "0"});
        }));
        // UNWATCH forgets a change already seen; EXEC unwatches.
        t.run({"WATCH", "k"});
        t.runB({"SET", "k", "3"});
        t.run({"UNWATCH"});
        t.run({"MULTI"});
        CHECK(t.run({"EXEC"}).type == Reply::Type::Array);
        t.runB({"SET", "k", "4"});
        t.run({"MULTI"});
        CHECK(t.run({"EXEC"}).type == Reply::Type::Array);
    }

    TEST_CASE("transactions.flush_and_swapdb") {
        Two t;
        CHECK(t.execRuns("k", [&] { t.runB({"FLUSHDB"}); }));  // k did not exist
        t.run({"SET", "k", "1"});
        CHECK_FALSE(t.execRuns("k", [&] { t.runB({"FLUSHDB"}); }));
        t.run({"SET", "k", "1"});
        CHECK_FALSE(t.execRuns("k", [&] { t.runB({"FLUSHALL"}); }));
        CHECK(t.execRuns("k", [&] { t.runB({"SWAPDB", "0", "1"}); }));  // absent in both
        t.run({"SET", "k", "1"});
        CHECK_FALSE(t.execRuns("k", [&] { t.runB({"SWAPDB", "0", "1"}); }));  // k leaves db 0
        CHECK_FALSE(t.execRuns("k", [&] { t.runB({"SWAPDB", "0", "1"}); }));  // and comes back
    }

    TEST_CASE("transactions.watched_key_expiry") {
        Two t;
        // Watched while live, past its deadline at EXEC: aborted, deleted or not.
        t.run({"SET", "k", "v", "PX", "100"});
        CHECK_FALSE(t.execRuns("k", [&] { t.engine.advanceTime(200'000); }));
        // Already expired when watched: its deletion is no change, a new value is.
        t.run({"DEBUG", "SET-ACTIVE-EXPIRE", "0"});
        t.run({"SET", "e", "v", "PX", "100"});
        t.engine.advanceTime(200'000);
        CHECK(t.execRuns("e", [] {}));
        t.run({"SET", "e", "v", "PX", "100"});
        t.engine.advanceTime(200'000);
        CHECK(t.execRuns("e", [&] { t.runB({"GET", "e"}); }));
        t.run({"SET", "e", "v", "PX", "100"});
        t.engine.advanceTime(200'000);
        CHECK_FALSE(t.execRuns("e", [&] { t.runB({"SET", "e", "x"}); }));
    }

    TEST_CASE("transactions.client_info_and_stats") {
        Two t;
        t.run({"MULTI"});
        t.run({"SET", "a", "1"});
        t.run({"CLIENT", "INFO"});
        const Reply r = t.run({"EXEC"});
        REQUIRE(r.elements.size() == 2);
        const std::string info = r.elements[1].str;
        CHECK(info.find(" flags=x ") != std::string::npos);
        CHECK(info.find(" multi=2 ") != std::string::npos);
        CHECK(info.find(" cmd=exec ") != std::string::npos);
        t.run({"WATCH", "a"});
        t.runB({"SET", "a", "2"});
        CHECK(t.run({"CLIENT", "INFO"}).str.find(" flags=d ") != std::string::npos);
        CHECK(t.run({"CLIENT", "INFO"}).str.find(" multi=-1 ") != std::string::npos);
        const std::string stats = t.run({"INFO", "commandstats"}).str;
        CHECK(stats.find("cmdstat_set:calls=2,") != std::string::npos);  // one run by EXEC
        CHECK(stats.find("cmdstat_exec:calls=1,") != std::string::npos);
        CHECK(stats.find("cmdstat_multi:calls=1,") != std::string::npos);
    }

    TEST_CASE("transactions.resp3_null_and_freed_watchers") {
        Two t;
        t.run({"HELLO", "3"});
        CHECK_FALSE(t.execRuns("k", [&] { t.runB({"SET", "k", "1"}); }));
        // A client that goes away while watching leaves nothing behind.
        Client& c = t.engine.createClient();
        t.engine.execute(c, std::vector<std::string>{"WATCH", "k", "j"});
        t.engine.freeClient(c.id);
        t.runB({"SET", "k", "2"});
        t.runB({"DEL", "j"});
        t.runB({"FLUSHALL"});
        CHECK(t.runB({"PING"}).str == "PONG");
    }
}
