// GuiState: everything redsim-gui knows apart from drawing — the engine (through a REPL
// Session, so the console, scripts and view buttons all run commands the same way), the
// console's client tabs, the selected key and view, and the recorders that turn the
// engine's event streams into the histories the views draw (evictions, saves and AOF
// writes, Pub/Sub messages, memory and counters over time).
//
// No ImGui here: tests build a GuiState, run commands and check what the views would be
// given. Views read it and change the engine only through runLine/runCommand, so every
// action a learner takes in the GUI shows up in the console, the AOF and lesson checks.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"
#include "engine/events.h"
#include "engine/inspect/value.h"
#include "repl/session.h"

namespace redsim::gui {

struct GuiOptions {
    uint64_t seed = 0;
    bool virtual_clock = false;
};

// One line of a console tab, as the view colours it.
struct ConsoleLine {
    enum class Kind { Input, Output, Error, Push, Info } kind = Kind::Output;
    std::string text;
};

// A console tab: one engine client (the REPL's `:client NAME`), its scrollback and
// history. The first tab is "main".
struct ConsoleTab {
    std::string client;
    std::vector<ConsoleLine> lines;
    std::vector<std::string> history;  // oldest first
    size_t unread = 0;                 // lines added while another tab was shown
};

// A command the GUI ran (typed, from a script, or from a view's button), for views that
// animate what the last command did (the skiplist's search path, GEOSEARCH's circle).
struct CommandRecord {
    uint64_t seq = 0;  // 1, 2, … in the order they ran
    std::string client;
    std::vector<std::string> argv;
    int64_t at_ms = 0;  // engine time
};

// A point on the persistence timeline (saves, save points, AOF writes, fsyncs,
// rewrites, crashes and restarts), in engine time.
struct TimelineEntry {
    enum class Kind {
        SaveStarted,
        SaveFinished,
        SaveFailed,
        SavePoint,
        AofWrite,
        AofFsync,
        RewriteStart,
        RewriteEnd,
        Crash,
        Restart,
        Log
    };
    Kind kind = Kind::Log;
    int64_t at_ms = 0;
    long long bytes = 0;  // AofWrite: bytes written; AofFsync: file size
    bool ok = true;
    std::string text;  // the log line or detail
};

// A Pub/Sub message seen by the GUI: who published it and how many clients got it.
struct MessageRecord {
    uint64_t seq = 0;
    std::string publisher;  // the console client that published, "" for a remote client
    std::string channel;
    std::string message;
    long long receivers = 0;
    bool shard = false;
    int64_t at_ms = 0;
    uint64_t publisher_id = 0;                       // 0: the engine (keyspace events)
    std::vector<PublishEvent::Delivery> deliveries;  // who got it, through which pattern
};

// What restartFromDisk did (the REPL's crash simulation, shared with lessons and grading).
using RestartOutcome = repl::RestartOutcome;

// Counters sampled over time for the plots (memory view, top bar).
struct Sample {
    int64_t at_ms = 0;
    long long used_memory = 0;
    long long maxmemory = 0;
    uint64_t evicted = 0;  // totals since start (the view plots differences)
    uint64_t expired = 0;
    uint64_t commands = 0;
    size_t keys = 0;  // in the selected db
};

struct CrashReport;  // gui/model/persistence_model.h

class GuiState {
public:
    explicit GuiState(GuiOptions opts);
    // An engine set up in full (a lesson's: seed, clock, config, data directory — see
    // lesson::lessonEngineOptions); options() then holds its seed and clock.
    static std::unique_ptr<GuiState> withEngine(EngineOptions engine);
    ~GuiState();
    GuiState(const GuiState&) = delete;
    GuiState& operator=(const GuiState&) = delete;

    Engine& engine() { return *session_->engine(); }
    repl::Session& session() { return *session_; }
    const GuiOptions& options() const { return opts_; }

    // ---- console ------------------------------------------------------------
    // Runs a typed line (commands, `:meta` commands, repeat prefixes) as tab `tab`'s
    // client, appending the echo and the output to that tab. Requires: tab < tabs().size().
    void runLine(size_t tab, std::string_view line);
    // Runs one command as the current tab's client (view buttons: "ZSCORE k m"), shown in
    // its console like a typed line.
    void runCommand(std::span<const std::string> argv);
    // Adds a tab for client `name` (created on first use), or returns the existing one.
    size_t openTab(const std::string& name);
    std::vector<ConsoleTab>& tabs() { return tabs_; }
    size_t currentTab() const { return current_tab_; }
    void setCurrentTab(size_t t);
    // Moves messages clients received outside their replies (Pub/Sub, invalidations,
    // replies of blocked commands) into their tabs. Called every frame.
    void pollPushes();
    // Every command the GUI ran, newest last (at most kMaxRecords).
    const std::deque<CommandRecord>& commands() const { return commands_; }

    // ---- time ------------------------------------------------------------------
    // One frame passed: `us` of real time. A virtual clock moves by us * speed while
    // playing; a real one runs the ticks that are due. Samples counters every 100 ms of
    // engine time.
    void frame(int64_t us);
    bool playing = true;  // virtual clock only
    double speed = 1.0;   // virtual clock only
    // Moves a virtual clock by one tick (1 / hz s) while paused ("step").
    void step();
    bool virtualClock() const;
    // When serving RESP clients the server's timer runs the ticks instead of frame().
    bool external_ticks = false;
    // The App serves RESP clients (--serve): the server holds the engine, so it cannot
    // be replaced (no crash and restart).
    bool serving = false;

    // ---- selection ----------------------------------------------------------
    int db = 0;
    std::string selected_key;  // "" = none
    std::string view;          // the centre's visualiser ("skiplist"…); "" = pick by fit
    // After a console command that names a key (per the command table's key specs), that
    // key becomes the selected one if it exists: type ZADD and the skiplist opens.
    bool follow_console = true;
    // A snapshot of the selected key, refreshed when the engine changed (cached).
    const std::optional<inspect::ValueSnapshot>& selected(const inspect::Limits& limits = {});
    // Counts anything that may have changed what views draw: commands, ticks, events.
    uint64_t changeStamp() const;

    // ---- recorders (bounded histories) --------------------------------------------
    static constexpr size_t kMaxRecords = 512;
    const std::deque<EvictionEvent>& evictions() const { return evictions_; }
    const std::deque<TimelineEntry>& timeline() const { return timeline_; }
    const std::deque<MessageRecord>& messages() const { return messages_; }
    const std::deque<Sample>& samples() const { return samples_; }
    void addTimeline(TimelineEntry e);
    void addMessage(MessageRecord m);
    // Commands per second over the last second of engine time (top bar).
    double opsPerSecond() const;

    // ---- crash and restart ------------------------------------------------------
    // Simulates a crash of the server and starts a new engine from what is on disk,
    // exactly as `redsim serve` starts (server::loadDataFromDisk: the AOF with
    // appendonly yes, else the RDB), with the same config, seed and clock time. The
    // console tabs stay (their clients are new); the recorders keep their history and
    // get Crash / Restart entries. `power_loss` false: kill -9 — what write() handed to
    // the kernel survives, the AOF buffer not yet written is lost; true: power loss —
    // only what was fsynced survives (the AOF incr file is cut to its fsynced size, in
    // place: that is what the disk holds after such a crash). A running BGSAVE or
    // rewrite child dies with its parent. Requires: not serving RESP clients (the server
    // holds the old engine).
    RestartOutcome restartFromDisk(bool power_loss);
    // The whole experiment (gui/model/persistence_model.h, crashAndRestart): digest the
    // data set, restart from disk, compare; kept as lastCrash() for the persistence
    // view. The console's `:crash kill9` / `:crash power` runs it too (scripts, and the
    // screenshots), printing a summary.
    // Refused (nullptr, with a line in the console) while serving RESP clients.
    const CrashReport* crash(bool power_loss);
    const CrashReport* lastCrash() const { return last_crash_.get(); }
    // Engines started so far (1 + restarts): views drop caches keyed on the engine.
    uint64_t generation() const { return generation_; }

private:
    struct FullEngine {};
    GuiState(EngineOptions engine, FullEngine);
    void record(const std::string& client, std::span<const std::string> argv);
    void follow(std::span<const std::string> argv);
    void appendOutput(ConsoleTab& tab, const std::string& text, bool push);
    void sample();
    void attach();       // installs the listeners on the current engine
    void adoptEngine();  // the session replaced the engine by itself: attach to the new one
    void detach();

    GuiOptions opts_;
    std::unique_ptr<repl::Session> session_;
    std::unique_ptr<CrashReport> last_crash_;
    uint64_t generation_ = 1;
    // The engine the listeners are on, as the session's restart count when they were put
    // there (~0: none yet).
    uint64_t attached_restarts_ = ~0ull;
    std::vector<ConsoleTab> tabs_;
    size_t current_tab_ = 0;
    std::deque<CommandRecord> commands_;
    uint64_t command_seq_ = 0;
    uint64_t message_seq_ = 0;
    std::deque<EvictionEvent> evictions_;
    std::deque<TimelineEntry> timeline_;
    std::deque<MessageRecord> messages_;
    std::deque<Sample> samples_;
    uint64_t events_seen_ = 0;
    int64_t last_sample_ms_ = -1;
    uint64_t eviction_listener_ = 0, persist_listener_ = 0, publish_listener_ = 0;
    std::optional<inspect::ValueSnapshot> selected_;
    uint64_t selected_stamp_ = ~0ull;
    std::string selected_for_;
    int selected_db_ = -1;
    size_t selected_limit_ = 0;
};

// Keeps the last `cap` items of a deque.
template <class T>
void pushBounded(std::deque<T>& d, T v, size_t cap) {
    d.push_back(std::move(v));
    while (d.size() > cap) d.pop_front();
}

}  // namespace redsim::gui
