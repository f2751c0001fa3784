// BGSAVE, save points, MISCONF, SHUTDOWN's save, FLUSHALL's save, DEBUG RELOAD and INFO
// persistence (engine/persist/bgsave.h), on the virtual clock.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/persist/bgsave.h"
#include "tests/engine/test_util.h"

using namespace redsim;

namespace {

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        static int n = 0;
        path = std::filesystem::temp_directory_path() /
               ("redsim-bgsave-" + std::to_string(getpid()) + "-" + std::to_string(n++));
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

// A harness whose dir is a fresh temp directory.
struct Fixture {
    TempDir dir;
    test::Harness h;
    Fixture() { h.engine.config().values.dir = dir.path.string(); }
    std::filesystem::path dump() const { return dir.path / "dump.rdb"; }
    std::string info(const std::string& field) {
        const std::string text = h.run({"INFO", "persistence"}).str;
        const size_t at = text.find(field + ":");
        if (at == std::string::npos) return "<missing>";
        const size_t from = at + field.size() + 1;
        return text.substr(from, text.find("\r\n", from) - from);
    }
    // Points dir at a directory that is then removed: every save fails.
    void breakDir() {
        const auto gone = dir.path / "gone";
        std::filesystem::create_directories(gone);
        h.engine.config().values.dir = gone.string();
        std::filesystem::remove_all(gone);
    }
    void fixDir() { h.engine.config().values.dir = dir.path.string(); }
    // Runs ticks until no child is running (1 ms steps of virtual time).
    void finishChild() {
        for (int i = 0; i < 10000 && h.engine.persist().child.active(); ++i) h.engine.advanceTime(1000);
    }
};

const std::string kMisconf =
    "(error) MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. "
    "Commands that may modify the data set are disabled, because this instance is configured to report errors "
    "during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for "
    "details about the RDB error.";

}  // namespace

TEST_SUITE("persist.bgsave") {
    TEST_CASE("persist.bgsave.replies_and_completion") {
        Fixture f;
        f.h.run({"SET", "k", "v"});
        const long long before = f.h.run({"LASTSAVE"}).integer;
        f.h.engine.advanceTime(2'000'000);
        CHECK(f.h.cli({"BGSAVE", "now"}) == "(error) ERR syntax error");
        CHECK(f.h.cli({"BGSAVE", "SCHEDULE", "x"}) == "(error) ERR syntax error");
        CHECK(f.h.cli({"BGSAVE"}) == "Background saving started");
        CHECK(f.info("rdb_bgsave_in_progress") == "1");
        CHECK(f.info("current_save_keys_total") == "1");
        CHECK(f.info("rdb_current_bgsave_time_sec") == "0");
        CHECK(f.h.cli({"BGSAVE"}) == "(error) ERR Background save already in progress");
        CHECK(f.h.cli({"BGSAVE", "SCHEDULE"}) == "(error) ERR Background save already in progress");
        CHECK(f.h.cli({"SAVE"}) == "(error) ERR Background save already in progress");
        CHECK(f.h.run({"LASTSAVE"}).integer == before);  // not done yet in virtual time
        f.h.run({"SET", "during", "1"});                 // a write while the child runs
        f.finishChild();
        CHECK(f.info("rdb_bgsave_in_progress") == "0");
        CHECK(f.info("rdb_last_bgsave_status") == "ok");
        CHECK(f.info("rdb_last_bgsave_time_sec") == "0");
        CHECK(f.info("rdb_saves") == "1");
        CHECK(f.h.run({"LASTSAVE"}).integer == before + 2);
        CHECK(std::filesystem::exists(f.dump()));
        // The write made during the save is still unsaved (dirty - dirty_before_bgsave).
        CHECK(f.info("rdb_changes_since_last_save") == "1");
        // No temp file left behind.
        int files = 0;
        for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(f.dir.path)) ++files;
        CHECK(files == 1);
        CHECK(f.h.engine.persist().child.totalForks() == 1);
    }

    TEST_CASE("persist.bgsave.virtual_progress_in_info") {
        Fixture f;
        for (int i = 0; i < 100; ++i) f.h.run({"SET", "key:" + std::to_string(i), "v"});
        // 10 ms of modelled delay per key: the save takes a second of virtual time.
        f.h.run({"CONFIG", "SET", "rdb-key-save-delay", "10000"});
        CHECK(f.h.cli({"BGSAVE"}) == "Background saving started");
        f.h.engine.advanceTime(500'000);
        CHECK(f.info("rdb_bgsave_in_progress") == "1");
        const long long done = std::stoll(f.info("current_save_keys_processed"));
        CHECK(done > 30);
        CHECK(done < 70);
        CHECK(f.info("current_save_keys_total") == "100");
        f.h.engine.advanceTime(600'000);
        CHECK(f.info("rdb_bgsave_in_progress") == "0");
        CHECK(f.info("rdb_last_bgsave_time_sec") == "1");
        CHECK(f.info("current_save_keys_total") == "0");
    }

    TEST_CASE("persist.bgsave.save_points") {
        Fixture f;
        CHECK(f.h.cli({"CONFIG", "SET", "save", "10 1"}) == "OK");
        const long long start = f.h.run({"LASTSAVE"}).integer;
        f.h.engine.advanceTime(5'000'000);
        f.h.run({"SET", "a", "1"});
        f.h.engine.advanceTime(5'000'000);  // 10 s since the last save: not *more* than 10
        CHECK_FALSE(f.h.engine.persist().child.active());
        CHECK_FALSE(std::filesystem::exists(f.dump()));
        f.h.engine.advanceTime(1'100'000);  // 11 s: the save point fires, the save ends
        CHECK(std::filesystem::exists(f.dump()));
        CHECK(f.h.run({"LASTSAVE"}).integer == start + 11);
        CHECK(f.info("rdb_changes_since_last_save") == "0");
        // Nothing changed: no more saves however long we wait.
        f.h.engine.advanceTime(60'000'000);
        CHECK(f.info("rdb_saves") == "1");
        // Several points: the first that matches fires.
        CHECK(f.h.cli({"CONFIG", "SET", "save", "3600 1 300 100 60 3"}) == "OK");
        CHECK(f.h.cli({"CONFIG", "GET", "save"}) == "1) \"save\"\n2) \"3600 1 300 100 60 3\"");
        f.h.run({"SET", "a", "2"});
        f.h.run({"SET", "a", "3"});
        f.h.engine.advanceTime(61'000'000);
        CHECK(f.info("rdb_saves") == "1");  // 2 changes < 3
        f.h.run({"SET", "a", "4"});
        f.h.engine.advanceTime(200'000);
        CHECK(f.info("rdb_saves") == "2");
        CHECK(f.h.cli({"CONFIG", "SET", "save", ""}) == "OK");
        CHECK(f.h.cli({"CONFIG", "GET", "save"}) == "1) \"save\"\n2) \"\"");
    }

    TEST_CASE("persist.bgsave.save_config_errors") {
        test::Harness h;
        const std::string err =
            "(error) ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save "
            "parameters";
        for (const char* bad : {"10", "0 1", "10 -1", "10 1 x", " 10  1 ", "\"5\" \"1\"", "x y", "10 1.5"})
            CHECK(h.cli({"CONFIG", "SET", "save", bad}) == err);
        CHECK(h.cli({"CONFIG", "GET", "save"}) == "1) \"save\"\n2) \"\"");  // unchanged
        CHECK(h.cli({"CONFIG", "SET", "save", "10 99999999999"}) == "OK");  // changes is an int
        CHECK(h.cli({"CONFIG", "GET", "save"}) == "1) \"save\"\n2) \"10 1215752191\"");
        CHECK(h.cli({"CONFIG", "SET", "save", "+5 0"}) == "OK");
        CHECK(h.cli({"CONFIG", "GET", "save"}) == "1) \"save\"\n2) \"5 0\"");
        CHECK(h.cli({"CONFIG", "SET", "stop-writes-on-bgsave-error", "maybe"}) ==
              "(error) ERR CONFIG SET failed (possibly related to argument 'stop-writes-on-bgsave-error') - argument "
              "must be 'yes' or 'no'");
        // The default, as redis-server without a config file.
        Engine e(EngineOptions{.virtual_clock = true});
        CHECK(e.config().get(*Config::find("save")) == "3600 1 300 100 60 10000");
        // A config file's save lines add up; the first replaces the default.
        Config c;
        REQUIRE_FALSE(c.loadText("save 900 1\nsave 300 10\n"));
        CHECK(c.get(*Config::find("save")) == "900 1 300 10");
        Config c2;
        REQUIRE_FALSE(c2.loadText(Config::argsToText(std::vector<std::string>{"--save", ""})));
        CHECK(c2.get(*Config::find("save")) == "");
    }

    TEST_CASE("persist.bgsave.misconf") {
        Fixture f;
        f.h.run({"SET", "a", "1"});
        f.h.run({"CONFIG", "SET", "save", "3600 1"});
        f.breakDir();
        CHECK(f.h.cli({"BGSAVE"}) == "Background saving started");
        f.finishChild();
        CHECK(f.info("rdb_last_bgsave_status") == "err");
        CHECK(f.h.cli({"SET", "b", "2"}) == kMisconf);
        CHECK(f.h.cli({"PING"}) == kMisconf);
        CHECK(f.h.cli({"GET", "a"}) == "\"1\"");  // reads go on
        CHECK(f.h.cli({"BGSAVE"}) == "Background saving started");
        f.finishChild();
        // Inside MULTI the write is refused at once and EXEC aborts.
        CHECK(f.h.cli({"MULTI"}) == "OK");
        CHECK(f.h.cli({"SET", "x", "1"}) == kMisconf);
        CHECK(f.h.cli({"EXEC"}) == "(error) EXECABORT Transaction discarded because of previous errors.");
        // Scripts: the write inside fails, not EVAL itself.
        CHECK(f.h.cli({"EVAL", "return 1", "0"}) == "(integer) 1");
        CHECK(f.h.cli({"EVAL", "return redis.call('set','x','1')", "0"}).find("MISCONF") != std::string::npos);
        // stop-writes-on-bgsave-error no, or no save points: writes are allowed.
        f.h.run({"CONFIG", "SET", "stop-writes-on-bgsave-error", "no"});
        CHECK(f.h.cli({"SET", "b", "2"}) == "OK");
        f.h.run({"CONFIG", "SET", "stop-writes-on-bgsave-error", "yes"});
        CHECK(f.h.cli({"SET", "b", "2"}) == kMisconf);
        f.h.run({"CONFIG", "SET", "save", ""});
        CHECK(f.h.cli({"SET", "b", "3"}) == "OK");
        f.h.run({"CONFIG", "SET", "save", "3600 1"});
        CHECK(f.h.cli({"SET", "b", "4"}) == kMisconf);
        // A SAVE that fails leaves the status alone; one that works clears it.
        CHECK(f.h.cli({"SAVE"}) == "(error) ERR");
        CHECK(f.info("rdb_last_bgsave_status") == "err");
        f.fixDir();
        CHECK(f.h.cli({"SAVE"}) == "OK");
        CHECK(f.info("rdb_last_bgsave_status") == "ok");
        CHECK(f.h.cli({"SET", "b", "5"}) == "OK");
        CHECK(f.h.cli({"PING"}) == "PONG");
    }

    TEST_CASE("persist.bgsave.retry_delay_after_failure") {
        Fixture f;
        f.h.run({"CONFIG", "SET", "save", "1 1"});
        f.breakDir();
        f.h.engine.stats().start_time_ms -= 10'000;  // long enough since "the last save"
        f.h.engine.config().values.stop_writes_on_bgsave_error = false;
        f.h.run({"SET", "a", "1"});
        f.h.engine.advanceTime(100'000);  // the point fires, the child fails
        f.finishChild();
        CHECK(f.info("rdb_saves") == "1");
        CHECK(f.info("rdb_last_bgsave_status") == "err");
        f.h.engine.advanceTime(4'000'000);  // within CONFIG_BGSAVE_RETRY_DELAY: no new try
        CHECK(f.info("rdb_saves") == "1");
        f.h.engine.advanceTime(2'000'000);  // 6 s after the try: tried again
        f.finishChild();
        CHECK(f.info("rdb_saves") == "2");
        f.fixDir();
        f.h.engine.advanceTime(6'000'000);
        f.finishChild();
        CHECK(f.info("rdb_last_bgsave_status") == "ok");
        CHECK(std::filesystem::exists(f.dump()));
    }

    TEST_CASE("persist.bgsave.scheduled_from_exec") {
        Fixture f;
        f.h.run({"SET", "a", "1"});
        CHECK(f.h.cli({"MULTI"}) == "OK");
        CHECK(f.h.cli({"BGSAVE"}) == "QUEUED");
        CHECK(f.h.cli({"EXEC"}) == "1) Background saving scheduled");
        CHECK_FALSE(f.h.engine.persist().child.active());
        f.h.engine.advanceTime(100'000);  // the cron starts it
        f.finishChild();
        CHECK(f.info("rdb_saves") == "1");
        CHECK(std::filesystem::exists(f.dump()));
        // BGSAVE SCHEDULE while another kind of child runs (the AOF's, here a stand-in).
        REQUIRE_FALSE(f.h.engine.persist().child.start(
            ChildType::Aof, f.h.engine.clock(), [] { return ChildOutcome{}; }, nullptr));
        CHECK(f.h.cli({"BGSAVE"}) ==
              "(error) ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in "
              "order to schedule a BGSAVE whenever possible.");
        CHECK(f.h.cli({"BGSAVE", "SCHEDULE"}) == "Background saving scheduled");
        CHECK(f.h.cli({"SAVE"}) == "OK");  // SAVE only waits for an RDB child
        f.finishChild();                   // the AOF child ends, then the scheduled BGSAVE runs
        f.h.engine.advanceTime(100'000);
        f.finishChild();
        CHECK(f.info("rdb_saves") == "3");
        CHECK_FALSE(f.h.engine.persist().rdb_bgsave_scheduled);
    }

    TEST_CASE("persist.bgsave.shutdown") {
        Fixture f;
        f.h.run({"SET", "a", "1"});
        // No save points, no SAVE: nothing written.
        CHECK(f.h.run({"SHUTDOWN"}).type == resp::Reply::Type::Nil);
        CHECK(f.h.engine.shutdown.requested);
        CHECK_FALSE(std::filesystem::exists(f.dump()));
        f.h.engine.shutdown = {};
        // SHUTDOWN SAVE saves.
        f.h.run({"SHUTDOWN", "SAVE"});
        CHECK(f.h.engine.shutdown.requested);
        CHECK(std::filesystem::exists(f.dump()));
        f.h.engine.shutdown = {};
        std::filesystem::remove(f.dump());
        // With save points, a plain SHUTDOWN saves; NOSAVE does not.
        f.h.run({"CONFIG", "SET", "save", "3600 1"});
        f.h.run({"SHUTDOWN", "NOSAVE"});
        CHECK(f.h.engine.shutdown.requested);
        CHECK_FALSE(std::filesystem::exists(f.dump()));
        f.h.engine.shutdown = {};
        // A running BGSAVE is killed first (and its temp file removed).
        f.h.run({"CONFIG", "SET", "rdb-key-save-delay", "1000000"});
        CHECK(f.h.cli({"BGSAVE"}) == "Background saving started");
        f.h.run({"CONFIG", "SET", "rdb-key-save-delay", "0"});
        f.h.run({"SHUTDOWN"});
        CHECK(f.h.engine.shutdown.requested);
        CHECK_FALSE(f.h.engine.persist().child.active());
        CHECK(f.info("rdb_last_bgsave_status") == "ok");  // killed on purpose: not an error
        CHECK(std::filesystem::exists(f.dump()));
        f.h.engine.shutdown = {};
        // The save fails: the shutdown is cancelled, unless FORCE.
        f.breakDir();
        CHECK(f.h.cli({"SHUTDOWN"}) == "(error) ERR Errors trying to SHUTDOWN. Check logs.");
        CHECK_FALSE(f.h.engine.shutdown.requested);
        CHECK(f.h.cli({"SHUTDOWN", "SAVE", "NOW"}) == "(error) ERR Errors trying to SHUTDOWN. Check logs.");
        CHECK_FALSE(f.h.engine.shutdown.requested);
        f.h.run({"SHUTDOWN", "FORCE"});
        CHECK(f.h.engine.shutdown.requested);
    }

    TEST_CASE("persist.bgsave.flushall_saves_with_save_points") {
        Fixture f;
        f.h.run({"SET", "a", "1"});
        CHECK(f.h.cli({"FLUSHALL"}) == "OK");
        CHECK_FALSE(std::filesystem::exists(f.dump()));  // no save points
        f.h.run({"SET", "a", "1"});
        f.h.run({"CONFIG", "SET", "save", "3600 1"});
        CHECK(f.h.cli({"FLUSHALL"}) == "OK");
        CHECK(std::filesystem::exists(f.dump()));
        CHECK(f.info("rdb_changes_since_last_save") == "1");  // the save zeroed it, FLUSHALL counts one
        CHECK(f.h.cli({"DEBUG", "RELOAD", "NOSAVE"}) == "OK");
        CHECK(f.h.cli({"DBSIZE"}) == "(integer) 0");
    }

    TEST_CASE("persist.bgsave.debug_reload") {
        Fixture f;
        f.h.run({"SET", "a", "1"});
        f.h.run({"RPUSH", "l", "x", "y"});
        f.h.run({"SET", "t", "v", "EX", "100"});
        CHECK(f.h.cli({"DEBUG", "RELOAD", "FOO"}) ==
              "(error) ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
        CHECK(f.h.cli({"DEBUG", "RELOAD"}) == "OK");
        CHECK(f.h.cli({"DBSIZE"}) == "(integer) 3");
        CHECK(f.h.cli({"LRANGE", "l", "0", "-1"}) == "1) \"x\"\n2) \"y\"");
        CHECK(f.h.cli({"TTL", "t"}) == "(integer) 100");
        CHECK(f.info("rdb_last_load_keys_loaded") == "3");
        CHECK(f.info("rdb_changes_since_last_save") == "0");
        CHECK(f.info("rdb_saves") == "0");  // DEBUG RELOAD's save is not counted
        // NOSAVE: back to what the file holds.
        f.h.run({"SET", "a", "changed"});
        f.h.run({"SET", "new", "1"});
        CHECK(f.h.cli({"DEBUG", "RELOAD", "NOSAVE"}) == "OK");
        CHECK(f.h.cli({"GET", "a"}) == "\"1\"");
        CHECK(f.h.cli({"EXISTS", "new"}) == "(integer) 0");
        // NOFLUSH: a key both in memory and in the file is refused without MERGE.
        f.h.run({"SET", "mem", "m"});
        CHECK(f.h.cli({"DEBUG", "RELOAD", "NOSAVE", "NOFLUSH"}) ==
              "(error) ERR Error trying to load the RDB dump, check server logs.");
        CHECK(f.h.cli({"DBSIZE"}) == "(integer) 4");  // unchanged
        // MERGE: the union, the file's value winning.
        f.h.run({"SET", "a", "mine"});
        CHECK(f.h.cli({"DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE"}) == "OK");
        CHECK(f.h.cli({"GET", "a"}) == "\"1\"");
        CHECK(f.h.cli({"GET", "mem"}) == "\"m\"");
        CHECK(f.h.cli({"DBSIZE"}) == "(integer) 4");
        // No file to load: an error, the data set kept (DIFFERS FROM REDIS: see bgsave.cpp).
        std::filesystem::remove(f.dump());
        CHECK(f.h.cli({"DEBUG", "RELOAD", "NOSAVE"}) ==
              "(error) ERR Error trying to load the RDB dump, check server logs.");
        CHECK(f.h.cli({"DBSIZE"}) == "(integer) 4");
        // The save fails: bare ERR.
        f.breakDir();
        CHECK(f.h.cli({"DEBUG", "RELOAD"}) == "(error) ERR");
    }

    TEST_CASE("persist.bgsave.info_fields") {
        Fixture f;
        const std::string text = f.h.run({"INFO", "persistence"}).str;
        std::vector<std::string> names;
        std::istringstream in(text);
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty() || line[0] == '#' || line == "\r") continue;
            names.push_back(line.substr(0, line.find(':')));
        }
        const std::vector<std::string> want = {"loading",
                                               "async_loading",
                                               "current_cow_peak",
                                               "current_cow_size",
                                               "current_cow_size_age",
                                               "current_fork_perc",
                                               "current_save_keys_processed",
                                               "current_save_keys_total",
                                               "rdb_changes_since_last_save",
                                               "rdb_bgsave_in_progress",
                                               "rdb_last_save_time",
                                               "rdb_last_bgsave_status",
                                               "rdb_last_bgsave_time_sec",
                                               "rdb_current_bgsave_time_sec",
                                               "rdb_saves",
                                               "rdb_last_cow_size",
                                               "rdb_last_load_keys_expired",
                                               "rdb_last_load_keys_loaded",
                                               "aof_enabled",
                                               "aof_rewrite_in_progress",
                                               "aof_rewrite_scheduled",
                                               "aof_last_rewrite_time_sec",
                                               "aof_current_rewrite_time_sec",
                                               "aof_last_bgrewrite_status",
                                               "aof_rewrites",
                                               "aof_rewrites_consecutive_failures",
                                               "aof_last_write_status",
                                               "aof_last_cow_size",
                                               "module_fork_in_progress",
                                               "module_fork_last_cow_size"};
        CHECK(names == want);
        CHECK(f.info("rdb_last_bgsave_time_sec") == "-1");
        CHECK(f.info("rdb_current_bgsave_time_sec") == "-1");
        CHECK(f.info("current_fork_perc") == "0.00");
        // The default INFO has the section, between Memory and Stats.
        const std::string all = f.h.run({"INFO"}).str;
        CHECK(all.find("# Memory") < all.find("# Persistence"));
        CHECK(all.find("# Persistence") < all.find("# Stats"));
        CHECK(all.find("total_forks:0") != std::string::npos);
    }

    TEST_CASE("persist.bgsave.events") {
        Fixture f;
        std::vector<PersistEvent> seen;
        const uint64_t id = persist::addListener(f.h.engine, [&](const PersistEvent& e) { seen.push_back(e); });
        f.h.run({"SET", "a", "1"});
        f.h.run({"BGSAVE"});
        f.finishChild();
        f.h.run({"SAVE"});
        f.breakDir();
        f.h.run({"SAVE"});
        persist::removeListener(f.h.engine, id);
        f.h.run({"SAVE"});
        REQUIRE(seen.size() == 4);
        CHECK(seen[0].kind == PersistEvent::Kind::SaveStarted);
        CHECK(seen[0].log.rfind("Background saving started by pid ", 0) == 0);
        CHECK(seen[1].kind == PersistEvent::Kind::SaveFinished);
        CHECK(seen[1].background);
        CHECK(seen[1].log == "Background saving terminated with success");
        CHECK(seen[2].kind == PersistEvent::Kind::SaveFinished);
        CHECK(seen[2].log == "DB saved on disk");
        CHECK(seen[3].kind == PersistEvent::Kind::SaveFailed);
        CHECK(seen[3].log.rfind("Failed opening the temp RDB file temp-", 0) == 0);
    }

    TEST_CASE("persist.bgsave.garbage_arguments") {
        Fixture f;
        f.h.run({"SET", "a", "1"});
        for (const auto& argv : std::vector<std::vector<std::string>>{
                 {"BGSAVE", ""},
                 {"BGSAVE", "SCHEDULE", "SCHEDULE"},
                 {"SAVE", "x"},
                 {"LASTSAVE", "x"},
                 {"DEBUG", "RELOAD", ""},
                 {"DEBUG", "RELOAD", "MERGE", "\xff"},
                 {"SHUTDOWN", "ABORT", "NOW"},
                 {"SHUTDOWN", "SAVE", "NOSAVE"},
                 {"SHUTDOWN", "\x00x"},
                 {"CONFIG", "SET", "save", std::string(1000, '9')},
             }) {
            std::string r = resp::formatTTY(f.h.run(argv));
            if (!r.empty() && r.back() == '\n') r.pop_back();
            CHECK_MESSAGE(r.rfind("(error) ", 0) == 0, argv[0], " ", r);
        }
        CHECK_FALSE(f.h.engine.shutdown.requested);
        CHECK_FALSE(f.h.engine.persist().child.active());
        CHECK(f.h.cli({"GET", "a"}) == "\"1\"");
        CHECK_FALSE(std::filesystem::exists(f.dump()));
    }
}
