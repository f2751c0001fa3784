#include "gui/model/state.h"

#include <algorithm>

#include "engine/evict.h"
#include "engine/memory.h"
#include "engine/persist/aof.h"
#include "engine/persist/bgsave.h"
#include "engine/resp/args.h"
#include "gui/model/persistence_model.h"
#include "gui/model/value_stamp.h"

namespace redsim::gui {

namespace {

// The console's session: redis-cli's terminal format, messages routed to client tabs.
repl::SessionOptions sessionOptions(const GuiOptions& o) {
    return {.seed = o.seed, .virtual_clock = o.virtual_clock, .tty_format = true, .windowed = true};
}

// Splits formatted output into console lines; a line starting "(error)" is an error.
void splitLines(const std::string& text, ConsoleLine::Kind kind, std::vector<ConsoleLine>& out) {
    size_t start = 0;
    while (start < text.size()) {
        size_t nl = text.find('\n', start);
        if (nl == std::string::npos) nl = text.size();
        std::string line = text.substr(start, nl - start);
        ConsoleLine::Kind k = kind;
        if (k == ConsoleLine::Kind::Output && (line.rfind("(error)", 0) == 0 || line.rfind("ERR ", 0) == 0))
            k = ConsoleLine::Kind::Error;
        out.push_back({k, std::move(line)});
        start = nl + 1;
    }
}

TimelineEntry::Kind timelineKind(PersistEvent::Kind k) {
    switch (k) {
        case PersistEvent::Kind::SaveStarted:
            return TimelineEntry::Kind::SaveStarted;
        case PersistEvent::Kind::SaveFinished:
            return TimelineEntry::Kind::SaveFinished;
        case PersistEvent::Kind::SaveFailed:
            return TimelineEntry::Kind::SaveFailed;
        case PersistEvent::Kind::SavePointFired:
            return TimelineEntry::Kind::SavePoint;
        case PersistEvent::Kind::Loaded:
            return TimelineEntry::Kind::Restart;
        case PersistEvent::Kind::Log:
            break;
    }
    return TimelineEntry::Kind::Log;
}

// A word as a typed line needs it: bare when it has no blanks, quotes or control bytes.
std::string quoteWord(const std::string& w) {
    const bool plain = !w.empty() && std::all_of(w.begin(), w.end(), [](unsigned char c) {
        return c > ' ' && c < 127 && c != '"' && c != '\'' && c != '\\';
    });
    return plain ? w : resp::repr(w);
}

// The command a typed line runs: its words without a repeat count ("3 INCR c").
std::vector<std::string> commandOf(std::string_view line) {
    auto words = resp::splitArgs(line);
    if (!words || words->empty() || (*words)[0].starts_with(':')) return {};
    std::vector<std::string> argv = std::move(*words);
    if (argv.size() > 1 &&
        std::all_of(argv[0].begin(), argv[0].end(), [](char c) { return (c >= '0' && c <= '9') || c == '-'; }))
        argv.erase(argv.begin());
    return argv;
}

constexpr size_t kMaxConsoleLines = 5000;
constexpr int64_t kSamplePeriodMs = 100;

}  // namespace

GuiState::GuiState(GuiOptions opts)
    : GuiState(EngineOptions{.seed = opts.seed, .virtual_clock = opts.virtual_clock}, FullEngine{}) {}

std::unique_ptr<GuiState> GuiState::withEngine(EngineOptions engine) {
    return std::unique_ptr<GuiState>(new GuiState(std::move(engine), FullEngine{}));
}

GuiState::GuiState(EngineOptions engine, FullEngine)
    : opts_{.seed = engine.seed, .virtual_clock = engine.virtual_clock},
      session_(std::make_unique<repl::Session>(sessionOptions(opts_), repl::makeEmbeddedBackend(std::move(engine)))) {
    tabs_.push_back(ConsoleTab{.client = "main", .lines = {}, .history = {}});
    attach();
    sample();
}

GuiState::~GuiState() { detach(); }

const CrashReport* GuiState::crash(bool power_loss) {
    if (serving) {
        tabs_[current_tab_].lines.push_back(
            {ConsoleLine::Kind::Error, "crash and restart is not possible while serving RESP clients (--serve)"});
        return nullptr;
    }
    last_crash_ = std::make_unique<CrashReport>(crashAndRestart(*this, power_loss));
    for (auto& tab : tabs_) tab.lines.push_back({ConsoleLine::Kind::Info, "# " + crashSummary(*last_crash_)});
    return last_crash_.get();
}

void GuiState::attach() {
    Engine& e = engine();
    attached_restarts_ = session_->restarts();
    eviction_listener_ = e.evictor().onEviction([this](const EvictionEvent& ev) {
        pushBounded(evictions_, ev, kMaxRecords);
        ++events_seen_;
    });
    persist_listener_ = persist::addListener(e, [this](const PersistEvent& ev) {
        addTimeline(
            {.kind = timelineKind(ev.kind), .at_ms = engine().clock().nowMs(), .ok = !ev.warning, .text = ev.log});
    });
    // The AOF has one listener slot: the timeline's writes, fsyncs and rewrites, and the
    // AOF tail (a write's text: the RESP it appended, capped).
    e.aof().onEvent([this](const AofEvent& ev) {
        TimelineEntry t{.kind = TimelineEntry::Kind::AofWrite,
                        .at_ms = engine().clock().nowMs(),
                        .bytes = ev.bytes,
                        .ok = ev.ok,
                        .text = {}};
        switch (ev.kind) {
            case AofEvent::Write:
                t.text = ev.text;
                break;
            case AofEvent::Fsync:
                t.kind = TimelineEntry::Kind::AofFsync;
                break;
            case AofEvent::RewriteStart:
                t.kind = TimelineEntry::Kind::RewriteStart;
                t.text = "Background append only file rewriting started";
                break;
            case AofEvent::RewriteEnd:
                t.kind = TimelineEntry::Kind::RewriteEnd;
                t.text = ev.ok ? "Background AOF rewrite finished: " + ev.detail : "Background AOF rewrite failed";
                break;
        }
        addTimeline(std::move(t));
    });
    // Every PUBLISH / SPUBLISH (console tabs, RESP clients of --serve, keyspace events).
    publish_listener_ = e.onPublish([this](const PublishEvent& ev) {
        MessageRecord m{.seq = 0,
                        .publisher = {},
                        .channel = ev.channel,
                        .message = ev.message,
                        .receivers = static_cast<long long>(ev.deliveries.size()),
                        .shard = ev.shard,
                        .at_ms = engine().clock().nowMs(),
                        .publisher_id = ev.publisher,
                        .deliveries = ev.deliveries};
        if (ev.publisher != 0)
            for (const auto& c : session_->clientViews())
                if (c.id == ev.publisher) m.publisher = c.name;
        addMessage(std::move(m));
    });
}

void GuiState::detach() {
    Engine& e = engine();
    if (session_->restarts() != attached_restarts_) return;  // replaced: the listeners went with it
    e.evictor().removeEvictionListener(eviction_listener_);
    persist::removeListener(e, persist_listener_);
    e.aof().onEvent(nullptr);
    e.removePublishListener(publish_listener_);
}

RestartOutcome GuiState::restartFromDisk(bool power_loss) {
    Engine& old = engine();
    addTimeline({.kind = TimelineEntry::Kind::Crash,
                 .at_ms = old.clock().nowMs(),
                 .bytes = 0,
                 .ok = false,
                 .text = power_loss ? "power loss: only what was fsynced survives"
                                    : "kill -9: what was written to the kernel survives"});
    // The session replaces the engine (repl::Backend::restartFromDisk); the listeners
    // move to the new one before it loads, so the timeline records the load too.
    detach();
    RestartOutcome out = session_->restartFromDisk(power_loss, [this](Engine&) {
        ++generation_;
        attach();
    });
    (void)session_->takeOutput();
    Engine& e = engine();
    std::string summary = "restarted from " + (out.loaded_from.empty() ? std::string("nothing") : out.loaded_from) +
                          ": " + std::to_string(e.db(0).size()) + " keys in db 0";
    addTimeline(
        {.kind = TimelineEntry::Kind::Restart, .at_ms = e.clock().nowMs(), .bytes = 0, .ok = out.ok, .text = summary});
    selected_stamp_ = ~0ull;
    last_sample_ms_ = -1;
    return out;
}

void GuiState::addTimeline(TimelineEntry e) {
    pushBounded(timeline_, std::move(e), kMaxRecords);
    ++events_seen_;
}

void GuiState::addMessage(MessageRecord m) {
    m.seq = ++message_seq_;
    pushBounded(messages_, std::move(m), kMaxRecords);
    ++events_seen_;
}

void GuiState::appendOutput(ConsoleTab& tab, const std::string& text, bool push) {
    const size_t before = tab.lines.size();
    splitLines(text, push ? ConsoleLine::Kind::Push : ConsoleLine::Kind::Output, tab.lines);
    if (tab.lines.size() > kMaxConsoleLines)
        tab.lines.erase(tab.lines.begin(), tab.lines.begin() + static_cast<long>(tab.lines.size() - kMaxConsoleLines));
    if (&tab != &tabs_[current_tab_]) tab.unread += tab.lines.size() - std::min(before, tab.lines.size());
}

size_t GuiState::openTab(const std::string& name) {
    for (size_t i = 0; i < tabs_.size(); ++i)
        if (tabs_[i].client == name) return i;
    tabs_.push_back(ConsoleTab{.client = name, .lines = {}, .history = {}});
    return tabs_.size() - 1;
}

void GuiState::setCurrentTab(size_t t) {
    if (t >= tabs_.size()) return;
    current_tab_ = t;
    tabs_[t].unread = 0;
}

void GuiState::runLine(size_t tab, std::string_view line) {
    if (tab >= tabs_.size()) return;
    ConsoleTab& t = tabs_[tab];
    if (session_->clientName() != t.client) session_->selectClient(t.client);
    (void)session_->takeOutput();
    t.lines.push_back({ConsoleLine::Kind::Input, session_->prompt() + std::string(line)});
    const std::string typed(line);
    if (typed.find_first_not_of(" \t") != std::string::npos && (t.history.empty() || t.history.back() != typed))
        t.history.push_back(typed);
    // `:crash kill9|power`: the GUI's own meta command (the persistence view's buttons).
    if (auto words = resp::splitArgs(line); words && !words->empty() && (*words)[0] == ":crash") {
        const std::string kind = words->size() > 1 ? (*words)[1] : "";
        if (words->size() != 2 || (kind != "kill9" && kind != "power")) {
            t.lines.push_back({ConsoleLine::Kind::Error, "usage: :crash kill9|power (kill -9, or a power loss)"});
            return;
        }
        // A crash is part of what the learner did (a lesson's Guide records it, as the
        // REPL's :crash is recorded), though the GUI runs it itself.
        if (crash(kind == "power"))
            if (repl::SessionObserver* o = session_->observer()) o->lineRan(*session_, line);
        return;
    }
    // What the line runs, for the views that animate the last command.
    const std::vector<std::string> argv = commandOf(line);
    const size_t before = tabs_.size();
    session_->runLine(line);
    if (!argv.empty()) {
        record(t.client, argv);
        if (follow_console) follow(argv);
    }
    // `:client NAME` switched the session's client: follow it with a tab.
    const std::string now = session_->clientName();
    const size_t target = openTab(now);
    appendOutput(tabs_[tab], session_->takeOutput(), false);
    if (session_->blocked() && tabs_[tab].client == now)
        tabs_[tab].lines.push_back(
            {ConsoleLine::Kind::Info,
             "(waiting for the reply: it comes when another client serves it or the timeout passes)"});
    if (tabs_.size() != before || target != tab) setCurrentTab(target);
    adoptEngine();
    pollPushes();
    // Lines that moved the clock (`:time +5s`, scripts) are sampled too, so the plots
    // see what happened before and after.
    if (engine().clock().nowMs() - last_sample_ms_ >= kSamplePeriodMs) sample();
}

void GuiState::runCommand(std::span<const std::string> argv) {
    std::string line;
    for (const auto& a : argv) {
        if (!line.empty()) line += ' ';
        line += quoteWord(a);
    }
    runLine(current_tab_, line);
}

void GuiState::follow(std::span<const std::string> argv) {
    const CommandTable& table = session_->commands();
    const CommandSpec* spec = table.find(argv[0]);
    if (!spec) return;
    if (argv.size() > 1)
        if (const CommandSpec* sub = CommandTable::findSub(*spec, argv[1])) spec = sub;
    for (size_t pos : CommandTable::keyPositions(*spec, argv)) {
        if (pos >= argv.size()) continue;
        if (engine().db(session_->db()).peek(argv[pos])) {
            selected_key = argv[pos];
            return;
        }
    }
}

void GuiState::record(const std::string& client, std::span<const std::string> argv) {
    pushBounded(commands_, CommandRecord{++command_seq_, client, {argv.begin(), argv.end()}, engine().nowMs()},
                kMaxRecords);
}

void GuiState::pollPushes() {
    for (const auto& p : session_->takePushes(true)) {
        ConsoleTab& t = tabs_[openTab(p.name)];
        appendOutput(t, session_->formatReplies(p.bytes), true);
    }
}

bool GuiState::virtualClock() const { return const_cast<GuiState*>(this)->engine().clock().isVirtual(); }

// A crash the session ran by itself (a lesson's `:run` of an example with `:crash`, or
// a resumed record holding one) replaced the engine behind the GUI's back: its listeners
// went with the old engine, so they are installed on the new one, and views drop their
// caches as after restartFromDisk.
void GuiState::adoptEngine() {
    if (session_->restarts() == attached_restarts_) return;
    ++generation_;
    attach();
    selected_stamp_ = ~0ull;
    last_sample_ms_ = -1;
}

void GuiState::frame(int64_t us) {
    adoptEngine();
    if (!external_ticks) {
        if (virtualClock()) {
            if (playing && us > 0) session_->passTime(static_cast<int64_t>(static_cast<double>(us) * speed));
        } else {
            session_->passTime(0);
        }
    }
    pollPushes();
    db = session_->db();  // the console's SELECT decides which db the views show
    const int64_t now = engine().clock().nowMs();
    if (last_sample_ms_ < 0 || now - last_sample_ms_ >= kSamplePeriodMs) sample();
}

void GuiState::step() {
    if (!virtualClock()) return;
    session_->passTime(1'000'000 / std::max<long long>(1, engine().cfg().hz));
    pollPushes();
    sample();
}

void GuiState::sample() {
    Engine& e = engine();
    last_sample_ms_ = e.clock().nowMs();
    pushBounded(samples_,
                Sample{.at_ms = last_sample_ms_,
                       .used_memory = usedMemoryModel(e),
                       .maxmemory = e.cfg().maxmemory,
                       .evicted = e.stats().evicted_keys,
                       .expired = e.stats().expired_keys,
                       .commands = e.stats().total_commands_processed,
                       .keys = db < e.dbCount() ? e.db(db).size() : 0},
                kMaxRecords * 4);
}

double GuiState::opsPerSecond() const {
    if (samples_.size() < 2) return 0;
    const Sample& last = samples_.back();
    // The oldest sample within the last second.
    const Sample* first = &last;
    for (auto it = samples_.rbegin(); it != samples_.rend() && last.at_ms - it->at_ms <= 1000; ++it) first = &*it;
    const int64_t dt = last.at_ms - first->at_ms;
    if (dt <= 0) return 0;
    return static_cast<double>(last.commands - first->commands) * 1000.0 / static_cast<double>(dt);
}

uint64_t GuiState::changeStamp() const {
    Engine& e = const_cast<GuiState*>(this)->engine();
    return e.dirty + e.stats().total_commands_processed + e.ticks() + events_seen_ + command_seq_ + generation_;
}

const std::optional<inspect::ValueSnapshot>& GuiState::selected(const inspect::Limits& limits) {
    // A snapshot walks the value's dict for its histogram: O(n) for a big hash, set or
    // sorted set. So it is retaken only when the value may have changed (valueStamp:
    // commands, expiries, evictions, its deadline), not on every tick.
    const uint64_t stamp = valueStamp(*this, selected_key);
    if (stamp != selected_stamp_ || selected_for_ != selected_key || selected_db_ != db ||
        selected_limit_ != limits.entries) {
        selected_stamp_ = stamp;
        selected_for_ = selected_key;
        selected_db_ = db;
        selected_limit_ = limits.entries;
        if (selected_key.empty())
            selected_.reset();
        else
            selected_ = inspect::inspectValue(engine(), db, selected_key, limits);
    }
    return selected_;
}

}  // namespace redsim::gui
