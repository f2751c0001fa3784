// Session: one REPL conversation with an embedded Engine — what redis-cli's repl() does
// with a line (repeat prefix, quit/exit, :meta commands, HELP, sending the command and
// printing the reply), without any terminal handling. The interactive loop
// (terminal.cpp), `-e` and piped stdin all feed lines through runLine, so they behave
// the same; tests drive it directly.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"

namespace redsim::repl {

struct SessionOptions {
    uint64_t seed = 0;
    bool virtual_clock = false;
    bool tty_format = false;  // redis-cli's --no-raw form (a terminal), else --raw form
    bool colors = false;      // ANSI colours in HELP output (stdout is a terminal)
};

class Session {
public:
    explicit Session(SessionOptions opts);
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Runs one typed line as redis-cli's prompt does. Output accumulates (takeOutput).
    void runLine(std::string_view line);
    // Sends one command (no repeat prefix, no local commands except HELP) and prints its
    // reply, with the "(1.23s)" line for slow commands in the TTY form.
    void runCommand(std::span<const std::string> argv);
    // A `-e` line: split like a typed line, then sent as is (as `redis-cli CMD ARGS`
    // does: no repeat prefix, QUIT is sent and prints OK); ':' lines are meta commands.
    void runEval(std::string_view line);

    // Prints text as part of the session's output.
    void print(std::string_view text) { out_ += text; }
    std::string takeOutput() {
        std::string r;
        r.swap(out_);
        return r;
    }

    // The prompt for the next line: "redsim> ", or "redsim[3]> " in db 3.
    std::string prompt() const;
    // True after quit/exit/:quit or a QUIT command.
    bool done() const { return done_; }
    void finish() { done_ = true; }
    // True once any command replied with an error (for --fail-on-error).
    bool hadError() const { return had_error_; }

    // Keys of the client's current db that start with `prefix`, found with SCAN through
    // the engine's dispatcher (a separate client, so the user's client stats stay put).
    std::vector<std::string> keysWithPrefix(std::string_view prefix, size_t limit = 200);

    Engine& engine() { return engine_; }
    const SessionOptions& options() const { return opts_; }

private:
    std::optional<std::vector<std::string>> split(std::string_view line);
    void help(std::span<const std::string> args);
    void meta(std::span<const std::string> argv);

    SessionOptions opts_;
    Engine engine_;
    Client& client_;
    Client& helper_;  // runs the SCANs for completion
    std::string out_;
    bool done_ = false;
    bool had_error_ = false;
};

}  // namespace redsim::repl
