// Session: one REPL conversation with an embedded Engine or a remote server (Backend) —
// what redis-cli's repl() does
// with a line (repeat prefix, quit/exit, :meta commands, HELP, sending the command and
// printing the reply), without any terminal handling. The interactive loop
// (terminal.cpp), `-e` and piped stdin all feed lines through runLine, so they behave
// the same; tests drive it directly.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/commands/table.h"
#include "repl/backend.h"

namespace redsim::repl {

struct SessionOptions {
    uint64_t seed = 0;
    bool virtual_clock = false;
    bool tty_format = false;   // redis-cli's --no-raw form (a terminal), else --raw form
    bool colors = false;       // ANSI colours in HELP output (stdout is a terminal)
    bool interactive = false;  // a person at a terminal (redis-cli's "Reading messages..." line)
    // A window drives the session (redsim-gui): it routes the messages clients receive
    // to their own console tabs (takePushes), so printPushes prints nothing; and a
    // blocked client simply waits while time passes, instead of being drained by jumping
    // the clock to its deadline before the next command.
    bool windowed = false;
};

class Session;

// The repeat prefix of a line split into words ("3 INCR c" runs INCR c three times), as
// redis-cli reads it: 0 when there is none (the first word is not a number, or it is the
// only word), -1 for an invalid count ("0 INCR c"), else the count.
long repeatPrefix(std::span<const std::string> argv);

// Something that follows a session (a guided lesson records what the learner typed):
// told of every line that reached the engine — commands, and the :time / :client /
// :crash meta commands — after it ran.
class SessionObserver {
public:
    virtual ~SessionObserver() = default;
    virtual void lineRan(Session& session, std::string_view line) = 0;
};

class Session {
public:
    // An embedded engine built from opts.
    explicit Session(SessionOptions opts);
    // Commands go to `backend` (e.g. a remote server).
    Session(SessionOptions opts, std::unique_ptr<Backend> backend);
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

    // While a line runs, hand output to `sink` as it is produced (the terminal prints a
    // long "1000000 PING" as it goes) and poll `interrupted` between repeats (Ctrl-C).
    void setStreaming(std::function<void(std::string)> sink, std::function<bool()> interrupted) {
        sink_ = std::move(sink);
        interrupted_ = std::move(interrupted);
    }

    // Prints text as part of the session's output.
    void print(std::string_view text) { out_ += text; }
    std::string takeOutput() {
        std::string r;
        r.swap(out_);
        return r;
    }

    // Clients (embedded engine): the current one's name, switching (creating on first
    // use), and a look at all of them.
    std::string clientName() const { return backend_->clientName(); }
    void selectClient(const std::string& name);
    // `:client NAME COMMAND…`: runs one command as NAME (created on first use) and comes
    // back to the current client. The reply is printed prefixed "[NAME] "; a command that
    // blocks says so, and its reply comes later like any message for NAME.
    void runAs(const std::string& name, std::span<const std::string> argv);
    std::vector<ClientView> clientViews() { return backend_->clientViews(); }
    // Prints the Pub/Sub messages clients received outside their own replies: other
    // clients' prefixed "[name] ", the current client's (with include_current, while
    // waiting at the prompt) as they are. Returns true if anything was printed.
    bool printPushes(bool include_current);
    // The same messages unprinted, per receiving client, for a face that routes them
    // itself (the GUI's console tabs); formatReplies prints them as printPushes would
    // for the current client.
    std::vector<Pushed> takePushes(bool include_current) { return backend_->takePushes(include_current); }
    std::string formatReplies(const std::string& bytes);
    // Simulates a crash (kill -9, or a power loss) and a restart from disk: the embedded
    // engine is replaced by a new one that loads the AOF or the RDB (Backend::
    // restartFromDisk has the details). The clients come back under their labels;
    // a wait in a blocking command or in subscribed mode ends (its connection died).
    // `before_load` sees the new engine before it loads. On a remote server nothing
    // happens: ok false, `error` set.
    RestartOutcome restartFromDisk(bool power_loss, const std::function<void(Engine&)>& before_load = {});
    // How many times the engine was replaced by restartFromDisk (also from `:crash`). A
    // face holding on to the engine compares it, not the engine's address: a new engine
    // may well be allocated where the old one was.
    uint64_t restarts() const { return restarts_; }
    // Lets time pass (Backend::passTime): a virtual clock moves, a real one runs due ticks.
    void passTime(int64_t us) { backend_->passTime(us); }
    // True when the current client is a RESP2 client in subscribed mode.
    bool subscribedMode() { return backend_->subscribedMode(); }
    // True while the current client waits in a blocking command (or a CLIENT PAUSE).
    bool blocked() { return backend_->blocked(); }
    // Set when a SUBSCRIBE printed "Reading messages...": the terminal then waits for
    // messages instead of showing the prompt, until Ctrl-C (stopReading).
    void setInteractive(bool on) { opts_.interactive = on; }
    bool readingMessages() const { return reading_messages_; }
    void stopReading() { reading_messages_ = false; }
    // The current client is blocked (BLPOP…) and the terminal should wait for it: poll
    // with waitStep(us) (time passes, the reply is printed when it comes) until it
    // returns false; cancelWait() is Ctrl-C.
    bool waiting() const { return waiting_; }
    bool waitStep(int64_t us);
    void cancelWait();
    // Without a terminal (lessons, transcripts, piped input) a blocked client is waited
    // for lazily: before its next command, and at the end of the input.
    void drainBlocked();

    // The prompt for the next line: "redsim> ", or "redsim[3]> " in db 3.
    std::string prompt() const;
    // True after quit/exit/:quit or a QUIT command.
    bool done() const { return done_; }
    void finish() { done_ = true; }
    // True once any command replied with an error (for --fail-on-error).
    bool hadError() const { return had_error_; }

    // Keys of the current db that start with `prefix` (completion): a read-only look at
    // an embedded engine, or SCAN on a remote server.
    std::vector<std::string> keysWithPrefix(std::string_view prefix, size_t limit = 200);

    // At most one observer; nullptr removes it. The observer outlives its registration.
    void setObserver(SessionObserver* o) { observer_ = o; }
    SessionObserver* observer() const { return observer_; }

    // The embedded engine, or nullptr when connected to a server.
    Engine* engine() { return backend_->engine(); }
    // The database commands run in (SELECT).
    int db() const { return backend_->db(); }
    // The command table completion, hints and HELP read.
    const CommandTable& commands() const { return table_; }
    const SessionOptions& options() const { return opts_; }

private:
    std::optional<std::vector<std::string>> split(std::string_view line);
    void help(std::span<const std::string> args);
    void meta(std::span<const std::string> argv);
    void printReplies(const std::string& bytes, std::span<const std::string> argv, std::string_view prefix);

    SessionOptions opts_;
    std::unique_ptr<Backend> backend_;
    CommandTable table_;
    std::string out_;
    std::function<void(std::string)> sink_;
    std::function<bool()> interrupted_;
    SessionObserver* observer_ = nullptr;
    uint64_t restarts_ = 0;
    bool done_ = false;
    bool had_error_ = false;
    bool reading_messages_ = false;
    bool waiting_ = false;
    int64_t wait_start_us_ = 0;
    void endWait();
};

}  // namespace redsim::repl
