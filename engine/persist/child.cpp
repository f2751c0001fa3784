#include "engine/persist/child.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <utility>

#include "engine/clock.h"

namespace redsim {

namespace {

// What the child writes into the pipe just before it exits.
struct Report {
    uint64_t bytes;
    uint64_t keys;
    int64_t extra_us;
};

void writeAll(int fd, const void* data, size_t n) {
    const char* p = static_cast<const char*>(data);
    while (n > 0) {
        const ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return;
        p += w;
        n -= static_cast<size_t>(w);
    }
}

}  // namespace

ChildRunner::~ChildRunner() {
    if (pid_ > 0 && !result_) {
        ::kill(pid_, SIGUSR1);
        int ws = 0;
        while (::waitpid(pid_, &ws, 0) < 0 && errno == EINTR) {
        }
    }
    if (pipe_fd_ >= 0) ::close(pipe_fd_);
}

std::optional<std::string> ChildRunner::start(ChildType type, const Clock& clock, Job job, Done done) {
    if (pid_ > 0) return std::string("a child process is already running");
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return std::string(std::strerror(errno));
    const int64_t before = clock.nowUs();
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int err = errno;
        ::close(fds[0]);
        ::close(fds[1]);
        return std::string(std::strerror(err));
    }
    if (pid == 0) {
        // The child: the parent's signal handling (the server's SIGINT/SIGTERM watcher)
        // does not apply here; SIGUSR1 from kill() must end it (Redis's child handler).
        ::close(fds[0]);
        std::signal(SIGUSR1, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
        std::signal(SIGINT, SIG_IGN);  // Ctrl-C at a terminal is for the parent
        ChildOutcome out;
        try {
            out = job();
        } catch (...) {
            out.status = 1;
        }
        const Report r{out.bytes, out.keys, out.extra_us};
        writeAll(fds[1], &r, sizeof r);
        ::_exit(out.status & 0xFF);
    }
    ::close(fds[1]);
    pipe_fd_ = fds[0];
    pid_ = pid;
    type_ = type;
    start_us_ = clock.nowUs();
    latest_fork_us_ = start_us_ - before;
    ++total_forks_;
    done_ = std::move(done);
    result_.reset();
    return std::nullopt;
}

void ChildRunner::reaped(int wstatus) {
    ChildResult r;
    r.type = type_;
    r.pid = pid_;
    r.start_us = start_us_;
    if (WIFEXITED(wstatus)) {
        r.exit_code = WEXITSTATUS(wstatus);
    } else if (WIFSIGNALED(wstatus)) {
        r.by_signal = WTERMSIG(wstatus);
    } else {
        r.exit_code = 1;
    }
    Report rep{0, 0, 0};
    size_t got = 0;
    while (got < sizeof rep) {
        const ssize_t n = ::read(pipe_fd_, reinterpret_cast<char*>(&rep) + got, sizeof rep - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += static_cast<size_t>(n);
    }
    if (got == sizeof rep) {
        r.bytes = rep.bytes;
        r.keys = rep.keys;
        r.extra_us = rep.extra_us;
    }
    ::close(pipe_fd_);
    pipe_fd_ = -1;
    result_ = r;
}

void ChildRunner::finish(const Clock& clock) {
    ChildResult r = *result_;
    r.end_us = clock.nowUs();
    Done done = std::move(done_);
    pid_ = -1;
    type_ = ChildType::None;
    result_.reset();
    done_ = nullptr;
    if (done) done(r);  // may start the next child
}

bool ChildRunner::poll(const Clock& clock) {
    if (pid_ <= 0) return false;
    if (!result_) {
        int ws = 0;
        // On a virtual clock the real duration must not matter: wait for the child.
        const int flags = clock.isVirtual() ? 0 : WNOHANG;
        pid_t r;
        do {
            r = ::waitpid(pid_, &ws, flags);
        } while (r < 0 && errno == EINTR);
        if (r == 0) return false;  // still running
        if (r < 0) ws = 1 << 8;    // lost (someone else reaped it): report a failure
        reaped(ws);
    }
    if (clock.isVirtual() && clock.nowUs() < start_us_ + modelledDurationUs(result_->bytes) + result_->extra_us)
        return false;
    finish(clock);
    return true;
}

void ChildRunner::kill(const Clock& clock) {
    if (pid_ <= 0) return;
    if (!result_) {
        ::kill(pid_, SIGUSR1);
        int ws = 0;
        pid_t r;
        do {
            r = ::waitpid(pid_, &ws, 0);
        } while (r < 0 && errno == EINTR);
        if (r < 0) ws = 1 << 8;
        reaped(ws);  // a child that had already exited reports how it really ended
    } else {
        // On a virtual clock the child has finished for real but not yet in virtual
        // time: to the lesson it was stopped half-way.
        result_->by_signal = SIGUSR1;
        result_->exit_code = 0;
    }
    finish(clock);
}

}  // namespace redsim
