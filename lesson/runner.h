// runner.h — a lesson's engine, and replaying lines on it.
//
// Guided mode, `redsim grade` and `redsim check` all start the same way: an embedded
// engine with the lesson's seed, clock and config, in a data directory of its own (a
// temporary one unless told), with the setup commands run silently. LessonSession is
// that engine and the repl::Session in front of it.
//
// For grading it is also a sandbox for untrusted input (Limits): every line goes through
// admit() first, which refuses what could reach outside the data directory or run away
// (DEBUG, SHUTDOWN, MODULE, configs that move files or raise the string limit, repeat
// counts over the budget, huge lines), and the run stops at a command, memory or time
// budget.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"
#include "lesson/lesson.h"
#include "repl/session.h"

namespace redsim::lesson {

struct Limits {
    long long max_commands = 100000;                    // commands run (a repeat prefix counts each)
    size_t max_line_bytes = 1 << 20;                    // one line of a submission
    long long max_memory = 256LL << 20;                 // used_memory after a command
    long long script_instructions = 50000000;           // Lua VM instructions per script call
    long long script_memory = 64LL << 20;               // bytes a Lua VM may hold
    long long proto_max_bulk_len = 16LL << 20;          // the biggest string (also SETRANGE/SETBIT)
    long long max_time_us = 7LL * 24 * 3600 * 1000000;  // all :time lines together
    double max_seconds = 60;                            // wall time of the whole run
};

struct LessonSessionOptions {
    bool tty_format = true;  // replies as redis-cli prints them at a terminal
    bool colors = false;
    bool interactive = false;
    bool windowed = false;          // redsim-gui drives the session (SessionOptions::windowed)
    std::optional<Limits> sandbox;  // set for grading: refuse and bound (see admit)
    std::string data_dir;           // empty: a new temporary directory, removed at the end
};

// The pieces of a lesson's start, for faces that build their own session (redsim-gui
// keeps one Session for the whole window and its console).
//
// The engine a lesson runs on: its seed and clock, its front matter's config applied
// (configs that name files are refused: the engine lives in `dir`), no save points unless
// the lesson sets some, and with a sandbox the sandbox's bounds. Problems are appended
// ("config: unknown parameter 'x'").
EngineOptions lessonEngineOptions(const Lesson& lesson, const std::string& dir, const std::optional<Limits>& sandbox,
                                  std::vector<std::string>& problems);
// A new temporary directory for a lesson's engine ("/tmp/redsim-lesson-XXXXXX"); empty
// when none could be made. The caller removes it.
std::string makeLessonDir();
// Runs the lesson's setup lines on `session`, silently (their output is taken and
// dropped). A line that replies with an error, or that `refusal` refuses (a non-empty
// reason; the line then does not run), is a problem ("setup: SET k: (error) …").
void runSetup(repl::Session& session, const Lesson& lesson, std::vector<std::string>& problems,
              const std::function<std::string(std::string_view)>& refusal = {});

class LessonSession {
public:
    LessonSession(const Lesson& lesson, LessonSessionOptions opts);
    ~LessonSession();
    LessonSession(const LessonSession&) = delete;
    LessonSession& operator=(const LessonSession&) = delete;

    repl::Session& session() { return *session_; }
    Engine& engine() { return *session_->engine(); }
    const std::string& dataDir() const { return dir_; }
    // Setup lines that replied with an error or were refused ("setup: SET k: …").
    const std::vector<std::string>& setupProblems() const { return setup_problems_; }

    // Why `line` may not run in this sandbox, or empty when it may (always empty without
    // a sandbox). Counts nothing.
    std::string refusal(std::string_view line) const;
    // Runs one line as typed at the prompt, through the sandbox when there is one, and
    // returns what it printed. A refused line prints "(error) …" in the sandbox's words
    // and runs nothing; lastRefusal() then says why (empty after a line that ran).
    std::string run(std::string_view line);
    const std::string& lastRefusal() const { return last_refusal_; }
    // True once a budget ran out (commands, memory, wall time): nothing more runs.
    bool stopped() const { return !stop_reason_.empty(); }
    const std::string& stopReason() const { return stop_reason_; }
    // Commands the sandbox let run (a repeat prefix counts each); 0 without a sandbox.
    long long commandsRun() const { return commands_; }

private:
    // refusal(line), leaving the split line in `argv` when it got that far.
    std::string refusal(std::string_view line, std::optional<std::vector<std::string>>& argv) const;

    LessonSessionOptions opts_;
    std::string dir_;
    bool own_dir_ = false;
    std::unique_ptr<repl::Session> session_;
    std::vector<std::string> setup_problems_;
    long long commands_ = 0;
    long long time_us_ = 0;
    std::string stop_reason_;
    std::string last_refusal_;
    std::chrono::steady_clock::time_point start_;
};

// A ```redis reply compared with what the engine printed: `...` alone on an expected
// line stands for any number of lines; '\r' and trailing blank lines are ignored.
bool outputMatches(std::string_view expected, std::string_view actual);

}  // namespace redsim::lesson
