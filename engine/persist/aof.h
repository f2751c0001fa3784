// The append-only file (AOF), as Redis 7.0 keeps it: several files and a manifest.
//
// Every write the engine makes reaches the AOF as commands that redo it (the write
// stream of engine/propagate.h), in RESP, with a SELECT where the database changes:
//   *3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n
// Replaying the files in order rebuilds the data set. Redis 7.0 splits them in a
// directory, dir/appenddirname:
//   appendonly.aof.1.base.rdb    the BASE: the data set at the last rewrite, as an RDB
//                                (aof-use-rdb-preamble yes) or as commands (.base.aof)
//   appendonly.aof.1.incr.aof    INCR files: the writes since, appended as they happen
//   appendonly.aof.manifest      which files make up the AOF, in order:
//                                  file appendonly.aof.1.base.rdb seq 1 type b
//                                  file appendonly.aof.1.incr.aof seq 1 type i
// A rewrite (BGREWRITEAOF, the automatic one, or turning appendonly on) forks a child
// that writes a new BASE from its frozen copy of the data. The parent opens a new INCR
// file at once and keeps appending there, so nothing written during the rewrite needs
// to be buffered: when the child is done, the manifest is replaced (temp file, fsync,
// rename) by one naming the new base and the new incr file; the old files become
// "history" (type h) and are deleted.
//
// appendfsync says when the bytes reach the disk: always (write and fsync before the
// replies go out: no acknowledged write is lost), everysec (write on every event-loop
// pass, fsync once a second in a background thread: at most about a second is lost),
// no (write, let the OS decide).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/events.h"
#include "engine/persist/child.h"
#include "engine/propagate.h"

namespace redsim {

class Engine;
struct Client;

// ---- The manifest ---------------------------------------------------------------

struct AofFileInfo {
    std::string name;
    long long seq = 0;
    char type = 'i';  // 'b' base, 'h' history, 'i' incr
};

struct AofManifest {
    std::optional<AofFileInfo> base;
    std::vector<AofFileInfo> history;
    std::vector<AofFileInfo> incr;
    long long curr_base_seq = 0;  // the seq of the newest base / incr file
    long long curr_incr_seq = 0;

    // The text Redis writes: base, then history, then incr files, one line each.
    std::string toString() const;
    // Parses a manifest (Redis's aofLoadManifestFromFile). On error returns Redis's
    // reason ("Invalid AOF manifest file format", …) and leaves `out` unspecified.
    static std::optional<std::string> parse(std::string_view text, AofManifest* out);
};

// One command in RESP (a multibulk of bulk strings), as the AOF stores it.
void appendRespCommand(std::string& out, std::span<const std::string> argv);

// ---- Loading --------------------------------------------------------------------

struct AofLoadOutcome {
    enum Status { Ok, NotExist, Empty, OpenError, Failed, Truncated } status = Ok;
    std::string error;                  // Failed: the message (file, offset, what)
    std::vector<std::string> warnings;  // lines to log at warning level
    std::vector<std::string> notices;   // lines to log at notice level
    size_t commands = 0;
    size_t valid_up_to = 0;  // Truncated: where the last complete command ends
};

// Runs the commands of one AOF stream (no RDB preamble) through `engine` as `fake`.
// `last_file`: a truncated last command may be dropped (aof-load-truncated), else the
// file is refused. Never crashes on any input.
AofLoadOutcome aofLoadCommands(Engine& engine, Client& fake, std::string_view bytes, std::string_view filename,
                               bool last_file, bool load_truncated);

// ---- The AOF itself -------------------------------------------------------------

class Aof {
public:
    enum class State { Off, On, WaitRewrite };
    using LogFn = std::function<void(int level, const std::string& line)>;  // 0..3 as loglevel

    explicit Aof(Engine& engine);
    ~Aof();
    Aof(const Aof&) = delete;
    Aof& operator=(const Aof&) = delete;

    // Where log lines go (the server's log; the REPL may print them). Default: nowhere.
    LogFn log;
    // The server batches writes: commands append to a buffer that flush() writes once
    // per event-loop pass, before the replies go out. Without it (the REPL, tests) every
    // command's writes are flushed (and fsynced for always) as the command ends.
    bool batch_writes = false;

    State state() const { return state_; }
    bool loading() const { return loading_; }

    // At start: read dir/appenddirname/<manifest> and load base + incr files (when
    // appendonly is yes). Returns false with the message when the AOF is unusable.
    // `loaded` tells whether an AOF existed (else the caller may load the RDB).
    bool loadOnStart(std::string* error, bool* loaded);
    // At start, after loading, with appendonly yes: make sure a base exists (written
    // at once when there is neither base nor incr file) and open the last incr file.
    bool openOnStart(std::string* error);

    // CONFIG SET appendonly changed (the new value is already in the config).
    // Returns false if the AOF could not be turned on (the caller reverts the value).
    // `in_exec`: inside MULTI/EXEC the rewrite is only scheduled, as in Redis.
    bool appendonlyChanged(bool in_exec);

    // BGREWRITEAOF's reply.
    void bgrewriteCommand(bool in_exec, std::string* status, std::string* error);
    bool rewriteInProgress() const { return runner_->active() && runner_->type() == ChildType::Aof; }
    // The fork runner: one child at a time for the whole server (BGSAVE's too). The AOF
    // owns one until the server's shared runner is handed to it.
    void useChildRunner(ChildRunner& runner) { runner_ = &runner; }
    // Start a rewrite now (false when one cannot start).
    bool rewriteBackground();

    // writeCommandsDeniedByDiskError's AOF half: while the AOF is on and its last write
    // failed, the errno of that failure (ENOSPC for a short write, as Redis records it);
    // 0 otherwise. Writes are then refused with MISCONF (engine/persist/bgsave.h).
    int lastWriteErrno() const { return state_ != State::Off && !last_write_ok_ ? last_write_errno_ : 0; }
    // Tests: the incremental file's descriptor (-1 when closed), to point it at a full
    // device and make the next write fail.
    int incrFdForTest() const { return fd_; }

    // Bytes waiting in the buffer for the next flush().
    size_t buffered() const { return buf_.size(); }
    // appendfsync always: the buffer must be written and fsynced before any reply goes
    // out. With everysec and no the server writes it once per burst of commands.
    bool flushBeforeReplies() const;
    // Write the buffer (and fsync as the policy says). `force`: do not postpone.
    void flush(bool force);
    // Called from the engine's tick: rewrite done? scheduled? auto rewrite? everysec.
    void cron();
    // Before the process exits (SHUTDOWN, end of the REPL): write, fsync, stop the child.
    void shutdown();

    // INFO persistence's aof_* fields, in Redis 7.0.15's order.
    using FieldFn = std::function<void(std::string_view name, const std::string& value)>;
    void info(const FieldFn& field);

    // Events for the GUI (engine/events.h): writes (with the bytes written, capped),
    // fsyncs, rewrite start and end. One listener (the GUI's timeline and AOF tail).
    using Event = AofEvent;
    void onEvent(AofListener fn) { event_fn_ = std::move(fn); }
    // The incr file being appended to (its name in dirPath(), "" when none), its size
    // and how many of its bytes were fsynced (what a power loss keeps: the GUI's crash
    // simulation cuts a copy of the file there).
    struct SyncedTail {
        std::string file;
        long long size = 0;
        long long synced = 0;
    };
    SyncedTail syncedTail() const { return {fd_ >= 0 ? incr_name_ : std::string(), last_incr_size_, incr_synced_}; }

    // Paths (for tests and logs).
    std::string dirPath() const;  // dir/appenddirname
    const AofManifest& manifest() const { return manifest_; }

    // The body of a base file written as commands (aof-use-rdb-preamble no).
    static std::string rewriteAsCommands(Engine& engine);

private:
    void feed(std::span<const PropagatedOp> ops);
    void setSink(bool on);
    bool openNewIncrForAppend();
    std::string manifestPath() const;
    bool persistManifest(const AofManifest& am, std::string* error);
    void rewriteDone(bool ok);
    void deleteHistory();
    bool writeBase(const std::string& path, std::string* error);
    void killChild();
    void childDone(const ChildResult& r);
    void emit(const Event& e) {
        if (event_fn_) event_fn_(e);
    }
    void markSynced() {
        fsynced_size_ = current_size_;
        incr_synced_ = last_incr_size_;
    }
    void emitFsync() {
        Event ev{Event::Fsync, current_size_, true, {}, {}, {}, 0};
        ev.file = incr_name_;
        ev.file_size = incr_synced_;
        emit(ev);
    }
    void note(int level, const std::string& line) {
        if (log) log(level, line);
    }
    long long incrSizeOnDisk() const;

    Engine& engine_;
    State state_ = State::Off;
    bool loading_ = false;
    int sink_id_ = 0;
    int fd_ = -1;
    int selected_db_ = -1;
    std::string buf_;
    AofManifest manifest_;
    // Rewrite.
    ChildRunner own_runner_;
    ChildRunner* runner_ = &own_runner_;
    std::string tmp_base_path_;
    bool rewrite_scheduled_ = false;
    int64_t rewrite_start_ms_ = -1;
    long long last_rewrite_time_s_ = -1;
    bool last_bgrewrite_ok_ = true;
    bool last_write_ok_ = true;
    int last_write_errno_ = 0;  // Redis's aof_last_write_errno
    long long rewrites_ = 0;
    long long consecutive_failures_ = 0;
    // Sizes (aof_current_size, aof_base_size).
    long long current_size_ = 0;
    long long base_size_ = 0;
    long long last_incr_size_ = 0;
    long long fsynced_size_ = 0;
    std::string incr_name_;      // the incr file fd_ appends to
    long long incr_synced_ = 0;  // its bytes fsynced (syncedTail)
    int64_t last_fsync_s_ = 0;
    int64_t flush_postponed_start_s_ = 0;
    long long delayed_fsync_ = 0;
    AofListener event_fn_;
    struct Bio;
    std::unique_ptr<Bio> bio_;
};

// INFO persistence's aof_* fields (for the section engine/info.cpp prints).
void appendAofInfo(Engine& engine, const Aof::FieldFn& field);

}  // namespace redsim
