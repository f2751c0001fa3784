// After a failed write to the AOF, writes are refused with Redis 7.0.15's MISCONF text for
// the AOF (writeCommandsDeniedByDiskError / writeCommandsGetDiskErrorMessage), reads and
// non-write commands still run, and the refusal ends when a later write succeeds.
// The failure is made real: the incremental file's descriptor is pointed at /dev/full.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "engine/persist/aof.h"
#include "tests/engine/test_util.h"

namespace fs = std::filesystem;

namespace redsim {
namespace {

TEST_CASE("aof write error: MISCONF for writes until the AOF can be written again") {
    const fs::path dir = fs::temp_directory_path() / ("redsim-aof-werr-" + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    {
        test::Harness h;
        h.engine.config().values.dir = dir.string();
        REQUIRE(h.cli({"CONFIG", "SET", "appendonly", "yes"}) == "OK");
        h.engine.advanceTime(200000);  // the first rewrite ends; the incr file is open
        REQUIRE(h.engine.aof().state() == Aof::State::On);
        CHECK(h.cli({"SET", "a", "1"}) == "OK");
        CHECK(h.engine.aof().lastWriteErrno() == 0);

        const int fd = h.engine.aof().incrFdForTest();
        REQUIRE(fd >= 0);
        const int saved = ::dup(fd);
        const int full = ::open("/dev/full", O_WRONLY);
        REQUIRE(full >= 0);
        REQUIRE(::dup2(full, fd) == fd);

        // This write reaches the buffer; writing it out fails (ENOSPC).
        CHECK(h.cli({"SET", "b", "2"}) == "OK");
        h.engine.aof().flush(true);  // in case an everysec fsync postponed the write
        CHECK(h.engine.aof().lastWriteErrno() == ENOSPC);
        const std::string misconf = "(error) MISCONF Errors writing to the AOF file: No space left on device";
        CHECK(h.cli({"SET", "c", "3"}) == misconf);
        CHECK(h.cli({"INCR", "a"}) == misconf);
        CHECK(h.cli({"PING"}) == misconf);  // PING is refused too, as in Redis
        CHECK(h.cli({"GET", "a"}) == "\"1\"");
        // In MULTI the refusal comes when the command is queued, and EXEC then aborts
        // (processCommand checks the disk error before queueing).
        CHECK(h.cli({"MULTI"}) == "OK");
        CHECK(h.cli({"SET", "c", "3"}) == misconf);
        CHECK(h.cli({"EXEC"}) == "(error) EXECABORT Transaction discarded because of previous errors.");
        CHECK(h.cli({"EXISTS", "c"}) == "(integer) 0");
        CHECK(h.cli({"INFO", "persistence"}).find("aof_last_write_status:err") != std::string::npos);

        // The disk has room again: the next flush (the cron retries) clears the error.
        REQUIRE(::dup2(saved, fd) == fd);
        ::close(saved);
        ::close(full);
        h.engine.advanceTime(2000000);
        CHECK(h.engine.aof().lastWriteErrno() == 0);
        CHECK(h.cli({"SET", "c", "3"}) == "OK");
        CHECK(h.cli({"INFO", "persistence"}).find("aof_last_write_status:ok") != std::string::npos);

        // With the AOF off, a past error no longer refuses anything.
        const int fd2 = h.engine.aof().incrFdForTest();  // a rewrite may have opened a new file
        REQUIRE(fd2 >= 0);
        const int full2 = ::open("/dev/full", O_WRONLY);
        REQUIRE(::dup2(full2, fd2) == fd2);
        ::close(full2);
        CHECK(h.cli({"SET", "d", "4"}) == "OK");
        // An everysec fsync may still be running: the write can be postponed; force it.
        h.engine.aof().flush(true);
        CHECK(h.engine.aof().lastWriteErrno() == ENOSPC);
        CHECK(h.cli({"SET", "e", "5"}) == misconf);
        CHECK(h.cli({"CONFIG", "SET", "appendonly", "no"}) == "OK");
        CHECK(h.cli({"SET", "e", "5"}) == "OK");
    }
    fs::remove_all(dir);
}

}  // namespace
}  // namespace redsim
