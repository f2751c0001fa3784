// Clock: the only source of time the engine reads.
//
// Redis reads the wall clock everywhere (mstime(), ustime()). redsim instead asks
// an injected Clock, so that lessons, tests and scenario replays can run on a
// virtual clock that moves only when told (`:time +10s`), and two runs with the same
// seed print the same numbers. `redsim serve` and a free REPL use RealClock.
#pragma once

#include <chrono>
#include <climits>
#include <cstdint>
#include <memory>
#include <thread>

namespace redsim {

class Clock {
public:
    virtual ~Clock() = default;
    // Milliseconds since the Unix epoch.
    virtual int64_t nowMs() const { return nowUs() / 1000; }
    // Microseconds since the Unix epoch.
    virtual int64_t nowUs() const = 0;
    // Blocks (real clock) or advances time (virtual clock) by `us` microseconds.
    // Used by DEBUG SLEEP.
    virtual void sleepUs(int64_t us) = 0;
    virtual bool isVirtual() const = 0;
};

class RealClock final : public Clock {
public:
    int64_t nowUs() const override {
        using namespace std::chrono;
        return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
    }
    void sleepUs(int64_t us) override {
        if (us > 0) std::this_thread::sleep_for(std::chrono::microseconds(us));
    }
    bool isVirtual() const override { return false; }
};

// A clock that moves only when advanced. It starts at a fixed, documented instant
// (2024-01-01T00:00:00Z) so that transcripts on virtual time are reproducible.
class VirtualClock final : public Clock {
public:
    static constexpr int64_t kDefaultStartUs = 1704067200LL * 1000000;
    explicit VirtualClock(int64_t start_us = kDefaultStartUs) : now_us_(start_us) {}
    int64_t nowUs() const override { return now_us_; }
    void sleepUs(int64_t us) override { advanceUs(us); }
    bool isVirtual() const override { return true; }
    // Saturates at the largest representable time instead of wrapping around.
    void advanceUs(int64_t us) {
        if (us <= 0) return;
        now_us_ = us > INT64_MAX - now_us_ ? INT64_MAX : now_us_ + us;
    }
    void setUs(int64_t us) { now_us_ = us; }

private:
    int64_t now_us_;
};

}  // namespace redsim
