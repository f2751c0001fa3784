// ChildRunner (engine/persist/child.h): fork, poll, kill, and the virtual-clock model.
#include "engine/persist/child.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "engine/clock.h"

using namespace redsim;

TEST_SUITE("persist.child") {
    TEST_CASE("persist.child.real_clock_success") {
        RealClock clock;
        ChildRunner runner;
        const auto path = std::filesystem::temp_directory_path() / ("redsim-child-" + std::to_string(getpid()));
        std::optional<ChildResult> seen;
        auto err = runner.start(
            ChildType::Rdb, clock,
            [&] {
                std::ofstream(path) << "hello";
                return ChildOutcome{.status = 0, .bytes = 5, .keys = 1};
            },
            [&](const ChildResult& r) { seen = r; });
        REQUIRE_FALSE(err);
        CHECK(runner.active());
        CHECK(runner.type() == ChildType::Rdb);
        CHECK(runner.pid() > 0);
        CHECK(runner.totalForks() == 1);
        // A second child is refused while one runs.
        CHECK(runner
                  .start(
                      ChildType::Aof, clock, [] { return ChildOutcome{}; }, nullptr)
                  .has_value());
        for (int i = 0; i < 5000 && !runner.poll(clock); ++i) usleep(1000);
        REQUIRE(seen);
        CHECK(seen->ok());
        CHECK(seen->type == ChildType::Rdb);
        CHECK(seen->bytes == 5);
        CHECK(seen->keys == 1);
        CHECK_FALSE(runner.active());
        CHECK(runner.type() == ChildType::None);
        std::ifstream in(path);
        std::string s;
        in >> s;
        CHECK(s == "hello");
        std::filesystem::remove(path);
    }

    TEST_CASE("persist.child.failure_status") {
        RealClock clock;
        ChildRunner runner;
        std::optional<ChildResult> seen;
        REQUIRE_FALSE(runner.start(
            ChildType::Aof, clock, [] { return ChildOutcome{.status = 1}; }, [&](const ChildResult& r) { seen = r; }));
        for (int i = 0; i < 5000 && !runner.poll(clock); ++i) usleep(1000);
        REQUIRE(seen);
        CHECK_FALSE(seen->ok());
        CHECK(seen->exit_code == 1);
        CHECK(seen->by_signal == 0);
    }

    TEST_CASE("persist.child.kill_sends_sigusr1") {
        RealClock clock;
        ChildRunner runner;
        std::optional<ChildResult> seen;
        REQUIRE_FALSE(runner.start(
            ChildType::Rdb, clock,
            [] {
                for (;;) pause();
                return ChildOutcome{};
            },
            [&](const ChildResult& r) { seen = r; }));
        CHECK_FALSE(runner.poll(clock));
        runner.kill(clock);
        REQUIRE(seen);
        CHECK(seen->by_signal == SIGUSR1);
        CHECK_FALSE(runner.active());
        runner.kill(clock);  // idle: nothing happens
    }

    TEST_CASE("persist.child.virtual_clock_model") {
        VirtualClock clock;
        ChildRunner runner;
        std::optional<ChildResult> seen;
        REQUIRE_FALSE(runner.start(
            ChildType::Rdb, clock, [] { return ChildOutcome{.status = 0, .bytes = 2000000, .keys = 7}; },
            [&](const ChildResult& r) { seen = r; }));
        // 1 ms + 2 MB at 200 MB/s = 11 ms of virtual time, however long it really took.
        CHECK(ChildRunner::modelledDurationUs(2000000) == 11000);
        CHECK(runner.latestForkUs() == 0);
        CHECK_FALSE(runner.poll(clock));
        clock.advanceUs(10999);
        CHECK_FALSE(runner.poll(clock));
        CHECK(runner.active());
        clock.advanceUs(1);
        CHECK(runner.poll(clock));
        REQUIRE(seen);
        CHECK(seen->ok());
        CHECK(seen->end_us - seen->start_us == 11000);
        CHECK(seen->keys == 7);
    }

    TEST_CASE("persist.child.virtual_kill_before_modelled_end") {
        VirtualClock clock;
        ChildRunner runner;
        std::optional<ChildResult> seen;
        REQUIRE_FALSE(runner.start(
            ChildType::Rdb, clock, [] { return ChildOutcome{.bytes = 100}; }, [&](const ChildResult& r) { seen = r; }));
        CHECK_FALSE(runner.poll(clock));  // reaped for real, not yet done in virtual time
        runner.kill(clock);
        REQUIRE(seen);
        CHECK(seen->by_signal == SIGUSR1);
    }

    TEST_CASE("persist.child.done_may_start_next") {
        RealClock clock;
        ChildRunner runner;
        int done = 0;
        std::function<void(const ChildResult&)> again = [&](const ChildResult&) {
            if (++done < 2)
                (void)runner.start(
                    ChildType::Rdb, clock, [] { return ChildOutcome{}; }, again);
        };
        REQUIRE_FALSE(runner.start(
            ChildType::Rdb, clock, [] { return ChildOutcome{}; }, again));
        for (int i = 0; i < 5000 && done < 2; ++i) {
            runner.poll(clock);
            usleep(1000);
        }
        CHECK(done == 2);
        CHECK(runner.totalForks() == 2);
    }
}
