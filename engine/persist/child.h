// ChildRunner: one background child process at a time, as Redis's redisFork().
//
// BGSAVE and BGREWRITEAOF must not stop the server while they write a file. Redis
// fork()s: the child gets a copy-on-write snapshot of the whole memory, writes the file
// from it and exits; the parent goes on serving clients and, from serverCron, asks
// waitpid(WNOHANG) whether the child is done (checkChildrenDone). Only one child runs
// at a time; server.child_type says which kind (RDB or AOF), so BGSAVE during a
// BGREWRITEAOF is refused or scheduled.
//
// redsim does the same. start() forks and runs a job in the child: a function that
// writes its file and returns an exit status (0: success) and how many bytes and keys
// it wrote. The child hands those numbers to the parent through a pipe and _exit()s
// (no atexit handlers, no stdio flushing: they belong to the parent). The parent calls
// poll() from Engine::tick(); when the child has exited, poll() runs the done callback
// given to start() with the exit status, or the signal that killed it.
//
// The virtual clock. A lesson on virtual time wants to show "Background saving
// started", then, later in *virtual* time, "Background saving terminated with success"
// — the same way every run. So on a virtual clock the real child's wall-clock duration
// does not matter: the first poll() waits for the child to exit (it is writing a small
// lesson-sized file), then holds the result back until the virtual time reaches
//     start + kForkCostUs + bytes_written / kBytesPerUs
// i.e. 1 ms for the fork, the fsync and the rename, plus 200 MB/s of writing (a 20 MB
// dump of 1M small keys "takes" 100 ms), plus any time the job asks for (extra_us: a
// save with rdb-key-save-delay models its delay instead of sleeping). On the real clock the result is reported as
// soon as waitpid sees the child has exited.
//
// kill() is what SHUTDOWN, FLUSHALL and DEBUG RELOAD use to abort a child: SIGUSR1 (the
// signal Redis uses, which a done handler treats as "stopped on purpose", not as a
// failed save), then a blocking waitpid; the done callback still runs, with
// by_signal = SIGUSR1, so it can remove the child's temp file.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace redsim {

class Clock;

// Redis's server.child_type.
enum class ChildType { None = 0, Rdb = 1, Aof = 2 };

// What a job running in the child reports back.
struct ChildOutcome {
    int status = 0;        // the child's exit status: 0 success, anything else failure
    uint64_t bytes = 0;    // bytes written (drives the virtual-clock duration)
    uint64_t keys = 0;     // keys written (INFO's current_save_keys_processed)
    int64_t extra_us = 0;  // virtual clock: modelled time to add (rdb-key-save-delay)
};

// How a child ended, as the done callback sees it.
struct ChildResult {
    ChildType type = ChildType::None;
    pid_t pid = -1;
    int exit_code = 0;  // meaningful when by_signal == 0
    int by_signal = 0;  // the signal that ended the child, or 0
    uint64_t bytes = 0;
    uint64_t keys = 0;
    int64_t extra_us = 0;
    int64_t start_us = 0;  // engine clock when the child was forked
    int64_t end_us = 0;    // engine clock when the parent saw it done
    bool ok() const { return by_signal == 0 && exit_code == 0; }
};

class ChildRunner {
public:
    // Runs in the child, after fork(). Must not touch anything the parent owns outside
    // its memory (sockets, the terminal): write the file and return.
    using Job = std::function<ChildOutcome()>;
    // Runs in the parent when the child is done (or was killed).
    using Done = std::function<void(const ChildResult&)>;

    static constexpr int64_t kForkCostUs = 1000;
    static constexpr int64_t kBytesPerUs = 200;

    ChildRunner() = default;
    ~ChildRunner();  // kills a child still running
    ChildRunner(const ChildRunner&) = delete;
    ChildRunner& operator=(const ChildRunner&) = delete;

    // Forks a child of kind `type` that runs `job`. Requires: !active(). Returns the
    // fork error (strerror text) or nullopt once the child runs.
    [[nodiscard]] std::optional<std::string> start(ChildType type, const Clock& clock, Job job, Done done);

    // Non-blocking check (blocking on a virtual clock, see above): if the child is done
    // and, on a virtual clock, its modelled duration has passed, reaps it, runs the done
    // callback and returns true.
    bool poll(const Clock& clock);

    // Aborts the child: SIGUSR1, wait for it, run the done callback. No-op when idle.
    void kill(const Clock& clock);

    bool active() const { return pid_ > 0; }
    ChildType type() const { return pid_ > 0 ? type_ : ChildType::None; }
    pid_t pid() const { return pid_; }
    int64_t startUs() const { return start_us_; }
    // INFO stats: total_forks and latest_fork_usec (engine-clock time fork() took: 0 on a
    // virtual clock).
    uint64_t totalForks() const { return total_forks_; }
    int64_t latestForkUs() const { return latest_fork_us_; }
    // The reaped result still held back by the virtual clock (INFO's progress), or null.
    const ChildResult* pendingResult() const { return result_ ? &*result_ : nullptr; }

    // The modelled duration of a child that wrote `bytes` (virtual clock), without extra_us.
    static int64_t modelledDurationUs(uint64_t bytes) {
        return kForkCostUs + static_cast<int64_t>(bytes / static_cast<uint64_t>(kBytesPerUs));
    }

private:
    void reaped(int wstatus);  // reads the pipe, fills result_
    void finish(const Clock& clock);

    pid_t pid_ = -1;
    ChildType type_ = ChildType::None;
    int pipe_fd_ = -1;  // read end of the child's report
    int64_t start_us_ = 0;
    Done done_;
    std::optional<ChildResult> result_;  // reaped, waiting for the virtual clock

    uint64_t total_forks_ = 0;
    int64_t latest_fork_us_ = 0;
};

}  // namespace redsim
