// `:crash kill9|power` (Session::restartFromDisk): the embedded engine dies and a new
// one loads what is on disk. Each AOF fsync policy keeps a different part of the last
// writes depending on the kind of crash; without an AOF only the last SAVE comes back.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "repl/session.h"

using redsim::repl::Session;

namespace {

namespace fs = std::filesystem;

struct TempDir {
    fs::path path;
    TempDir() {
        static int n = 0;
        path =
            fs::temp_directory_path() / ("redsim-crash-test-" + std::to_string(getpid()) + "-" + std::to_string(n++));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

// A session on a virtual clock whose engine keeps its files in `dir` (CONFIG SET dir is
// refused: protected config) and has no save points.
Session sessionIn(const TempDir& dir) {
    redsim::EngineOptions opts{.seed = 1, .virtual_clock = true};
    opts.config.values.dir = dir.path.string();
    opts.config.values.save_params.clear();
    return Session({.seed = 1, .virtual_clock = true}, redsim::repl::makeEmbeddedBackend(std::move(opts)));
}

std::string run(Session& s, const std::string& line) {
    s.runLine(line);
    return s.takeOutput();
}

}  // namespace

TEST_SUITE("repl.crash") {
    TEST_CASE("repl.crash.rdb_only_keeps_what_the_last_save_wrote") {
        TempDir tmp;
        Session s = sessionIn(tmp);
        run(s, "SET a 1");
        run(s, "SET gone 1");
        CHECK(run(s, "SAVE") == "OK\n");
        run(s, "SET a 2");
        run(s, "SET b 1");
        run(s, "DEL gone");
        const int64_t now = s.engine()->clock().nowUs();
        CHECK(run(s, ":crash kill9") == "kill -9: restarted from RDB, 2 keys in db 0\n");
        CHECK(s.engine()->clock().nowUs() == now);  // the clock goes on from where it was
        CHECK(run(s, "GET a") == "1\n");
        CHECK(run(s, "GET b") == "\n");
        CHECK(run(s, "GET gone") == "1\n");
        // Nothing on disk at all: an empty engine.
        TempDir empty;
        Session t = sessionIn(empty);
        run(t, "SET x 1");
        CHECK(run(t, ":crash power") == "power loss: restarted from nothing (no file on disk), 0 keys in db 0\n");
    }

    TEST_CASE("repl.crash.usage") {
        TempDir tmp;
        Session s = sessionIn(tmp);
        CHECK(run(s, ":crash").starts_with("usage: :crash kill9|power"));
        CHECK(run(s, ":crash sideways").starts_with("usage: :crash kill9|power"));
        CHECK(run(s, ":crash kill9 now").starts_with("usage: :crash kill9|power"));
    }

    TEST_CASE("repl.crash.aof_policies") {
        TempDir tmp;
        Session s = sessionIn(tmp);
        CHECK(run(s, "CONFIG SET appendonly yes") == "OK\n");
        run(s, ":time +1s");  // the first rewrite ends: base and incr files
        run(s, "SET a 1");
        run(s, "SET b 2");
        run(s, ":time +2s");  // everysec: fsynced by now

        SUBCASE("always: nothing acknowledged is lost, even by a power loss") {
            run(s, "CONFIG SET appendfsync always");
            run(s, "SET c 3");
            run(s, "SET a 10");
            CHECK(run(s, ":crash power") == "power loss: restarted from AOF, 3 keys in db 0\n");
            CHECK(run(s, "MGET a b c") == "10\n2\n3\n");
        }
        SUBCASE("everysec, power loss: the last second is lost") {
            run(s, "SET first 1");  // fsynced at once (the first write of a new second)
            run(s, "SET c 3");
            run(s, "DEL a");
            const std::string out = run(s, ":crash power");
            CHECK(out.starts_with("power loss: restarted from AOF, "));
            CHECK(out.find("lost: ") != std::string::npos);
            CHECK(run(s, "EXISTS c") == "0\n");
            CHECK(run(s, "GET a") == "1\n");  // its DEL was lost
        }
        SUBCASE("everysec, kill -9: what was written survives") {
            run(s, "SET c 3");
            run(s, "DEL a");
            CHECK(run(s, ":crash kill9") == "kill -9: restarted from AOF, 2 keys in db 0\n");
            CHECK(run(s, "MGET a b c") == "\n2\n3\n");
        }
        SUBCASE("no, power loss: what the OS held is lost") {
            run(s, "CONFIG SET appendfsync no");
            run(s, "SET a 10");
            run(s, ":time +5s");
            const std::string out = run(s, ":crash power");
            CHECK(out.starts_with("power loss: restarted from AOF, 2 keys in db 0\n  lost: the last "));
            CHECK(run(s, "GET a") == "1\n");
        }
        SUBCASE("no, kill -9: the kernel had it") {
            run(s, "CONFIG SET appendfsync no");
            run(s, "SET a 10");
            CHECK(run(s, ":crash kill9") == "kill -9: restarted from AOF, 2 keys in db 0\n");
            CHECK(run(s, "GET a") == "10\n");
        }
        // Whatever survived, the restarted engine (same config: the policy set above)
        // appends to the AOF again.
        run(s, "CONFIG SET appendfsync everysec");
        run(s, "SET after 1");
        run(s, ":time +2s");
        run(s, ":crash power");
        CHECK(run(s, "GET after") == "1\n");
    }

    TEST_CASE("repl.crash.clients_come_back_in_their_db") {
        TempDir tmp;
        Session s = sessionIn(tmp);
        run(s, "CONFIG SET appendonly yes");
        run(s, ":time +1s");
        run(s, ":client bob");
        run(s, "SELECT 3");
        run(s, "SET x y");
        run(s, "SUBSCRIBE news");  // the subscription dies with the connection
        run(s, ":client main");
        const uint64_t bob_id = s.clientViews()[1].id;
        CHECK(run(s, ":crash kill9") == "kill -9: restarted from AOF, 0 keys in db 0\n");
        const auto views = s.clientViews();
        REQUIRE(views.size() == 2);
        CHECK(views[0].name == "main");
        CHECK(views[0].current);
        CHECK(views[1].name == "bob");
        CHECK(views[1].db == 3);
        CHECK(views[1].id != bob_id);  // a new connection
        CHECK(views[1].channels.empty());
        CHECK(run(s, ":client bob") == "");
        CHECK(s.prompt() == "redsim(bob)[3]> ");
        CHECK(run(s, "GET x") == "y\n");
    }
}
