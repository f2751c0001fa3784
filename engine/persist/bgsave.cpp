#include "engine/persist/bgsave.h"

#include <unistd.h>

#include <csignal>
#include <cstring>
#include <filesystem>

#include "engine/commands/command.h"
#include "engine/engine.h"
#include "engine/info.h"
#include "engine/persist/aof.h"
#include "engine/persist/rdb_load.h"
#include "engine/persist/rdb_save.h"
#include "engine/util/text.h"

namespace redsim::persist {

namespace {

// Redis's shared.bgsaveerr.
constexpr const char* kMisconf =
    "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands "
    "that may modify the data set are disabled, because this instance is configured to report errors during writes "
    "if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about "
    "the RDB error.";

int64_t nowS(Engine& engine) { return engine.clock().nowMs() / 1000; }

std::string dirOf(Engine& engine) { return engine.config().get(*Config::find("dir")); }

void emit(Engine& engine, PersistEvent ev) {
    // A listener may remove itself: iterate over a copy of the handles.
    std::vector<uint64_t> ids;
    for (const auto& [id, fn] : engine.persist().listeners) ids.push_back(id);
    for (uint64_t id : ids) {
        auto it = engine.persist().listeners.find(id);
        if (it != engine.persist().listeners.end()) it->second(ev);
    }
}

void logLine(Engine& engine, std::string line, bool warning = false) {
    emit(engine, PersistEvent{.kind = PersistEvent::Kind::Log, .warning = warning, .log = std::move(line)});
}

RdbSaveOptions saveOptions(Engine& engine) {
    const ConfigValues& cfg = engine.cfg();
    RdbSaveOptions opts;
    opts.compression = cfg.rdbcompression;
    opts.checksum = cfg.rdbchecksum;
    opts.ctime_s = nowS(engine);
    opts.used_mem = usedMemory(engine);
    opts.key_save_delay_us = cfg.rdb_key_save_delay;
    return opts;
}

uint64_t totalKeys(Engine& engine) {
    uint64_t n = 0;
    for (int i = 0; i < engine.dbCount(); ++i) n += engine.db(i).size();
    return n;
}

int64_t lastsave(Engine& engine) {
    return engine.lastsave_s >= 0 ? engine.lastsave_s : engine.stats().start_time_ms / 1000;
}

// backgroundSaveDoneHandler: what the parent learns when the child is gone.
void bgsaveDone(Engine& engine, const ChildResult& r) {
    PersistState& ps = engine.persist();
    const int64_t now = nowS(engine);
    PersistEvent ev;
    ev.background = true;
    ev.pid = r.pid;
    if (r.ok()) {
        engine.dirty = engine.dirty >= ps.dirty_before_bgsave ? engine.dirty - ps.dirty_before_bgsave : 0;
        engine.lastsave_s = now;
        ps.lastbgsave_ok = true;
        ev.kind = PersistEvent::Kind::SaveFinished;
        ev.log = "Background saving terminated with success";
    } else if (r.by_signal == 0) {
        ps.lastbgsave_ok = false;
        ev.kind = PersistEvent::Kind::SaveFailed;
        ev.warning = true;
        ev.log = "Background saving error";
    } else {
        // Killed: its half-written temp file goes. SIGUSR1 is how SHUTDOWN, FLUSHALL and
        // DEBUG RELOAD stop it on purpose, which is not a failed save.
        std::error_code ec;
        std::filesystem::remove(std::filesystem::path(dirOf(engine)) / ("temp-" + std::to_string(r.pid) + ".rdb"), ec);
        if (r.by_signal != SIGUSR1) ps.lastbgsave_ok = false;
        ev.kind = PersistEvent::Kind::SaveFailed;
        ev.warning = true;
        ev.log = "Background saving terminated by signal " + std::to_string(r.by_signal);
    }
    ps.rdb_save_time_last = now - ps.rdb_save_time_start;
    ps.rdb_save_time_start = -1;
    ps.current_save_keys_total = 0;
    emit(engine, ev);
}

}  // namespace

std::string rdbPath(Engine& engine) {
    return (std::filesystem::path(dirOf(engine)) / engine.cfg().dbfilename).string();
}

uint64_t addListener(Engine& engine, PersistListener fn) {
    PersistState& ps = engine.persist();
    const uint64_t id = ps.next_listener++;
    ps.listeners.emplace(id, std::move(fn));
    return id;
}

void removeListener(Engine& engine, uint64_t handle) { engine.persist().listeners.erase(handle); }

std::optional<std::string> saveSync(Engine& engine) {
    const std::string err = rdbSaveToFile(engine, rdbPath(engine), saveOptions(engine));
    if (!err.empty()) {
        emit(engine, PersistEvent{.kind = PersistEvent::Kind::SaveFailed, .warning = true, .log = err});
        return err;
    }
    engine.dirty = 0;
    engine.lastsave_s = nowS(engine);
    engine.persist().lastbgsave_ok = true;
    emit(engine, PersistEvent{.kind = PersistEvent::Kind::SaveFinished, .log = "DB saved on disk"});
    return std::nullopt;
}

bool saveBackground(Engine& engine) {
    PersistState& ps = engine.persist();
    if (ps.child.active()) return false;
    ++ps.rdb_saves;
    ps.dirty_before_bgsave = engine.dirty;
    ps.lastbgsave_try_s = nowS(engine);
    ps.current_save_keys_total = totalKeys(engine);
    const std::string path = rdbPath(engine);
    const RdbSaveOptions opts = saveOptions(engine);
    const bool virtual_clock = engine.clock().isVirtual();
    auto job = [&engine, path, opts, virtual_clock]() {
        RdbSaveOptions o = opts;
        // On a virtual clock the per-key delay is modelled time, not real sleeping.
        if (virtual_clock) o.key_save_delay_us = 0;
        RdbSaveStats st;
        const std::string err = rdbSaveToFile(engine, path, o, &st);
        ChildOutcome out{.status = err.empty() ? 0 : 1, .bytes = st.bytes, .keys = st.keys};
        if (virtual_clock && opts.key_save_delay_us > 0)
            out.extra_us = static_cast<int64_t>(st.keys) * opts.key_save_delay_us;
        return out;
    };
    if (auto err = ps.child.start(ChildType::Rdb, engine.clock(), job,
                                  [&engine](const ChildResult& r) { bgsaveDone(engine, r); })) {
        ps.lastbgsave_ok = false;
        ps.current_save_keys_total = 0;
        logLine(engine, "Can't save in background: fork: " + *err, true);
        return false;
    }
    ps.rdb_save_time_start = nowS(engine);
    emit(engine, PersistEvent{.kind = PersistEvent::Kind::SaveStarted,
                              .background = true,
                              .pid = ps.child.pid(),
                              .log = "Background saving started by pid " + std::to_string(ps.child.pid())});
    return true;
}

BgsaveReply bgsave(Engine& engine, bool schedule, bool in_exec) {
    PersistState& ps = engine.persist();
    if (ps.child.type() == ChildType::Rdb) return {true, "ERR Background save already in progress"};
    if (ps.child.active() || in_exec) {
        // Inside EXEC (Redis 7.0) the save waits for the cron, as if SCHEDULE was given.
        if (schedule || in_exec) {
            ps.rdb_bgsave_scheduled = true;
            return {false, "Background saving scheduled"};
        }
        return {true,
                "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order "
                "to schedule a BGSAVE whenever possible."};
    }
    if (saveBackground(engine)) return {false, "Background saving started"};
    return {true, "ERR"};
}

void scheduleBgsave(Engine& engine) { engine.persist().rdb_bgsave_scheduled = true; }

bool rdbBgsaveInProgress(Engine& engine) { return engine.persist().child.type() == ChildType::Rdb; }

void killRdbChild(Engine& engine) {
    if (rdbBgsaveInProgress(engine)) engine.persist().child.kill(engine.clock());
}

void cron(Engine& engine) {
    PersistState& ps = engine.persist();
    const int64_t now = nowS(engine);
    // The last try failed: wait CONFIG_BGSAVE_RETRY_DELAY before the next.
    const bool may_retry = now - ps.lastbgsave_try_s > kBgsaveRetryDelaySec || ps.lastbgsave_ok;
    if (ps.child.active()) {
        ps.child.poll(engine.clock());
    } else if (!engine.noFileWrites()) {
        for (const auto& sp : engine.cfg().save_params) {
            if (engine.dirty >= static_cast<uint64_t>(sp.changes) && now - lastsave(engine) > sp.seconds && may_retry) {
                emit(engine, PersistEvent{.kind = PersistEvent::Kind::SavePointFired,
                                          .log = std::to_string(sp.changes) + " changes in " +
                                                 std::to_string(sp.seconds) + " seconds. Saving..."});
                saveBackground(engine);
                break;
            }
        }
    }
    // BGSAVE SCHEDULE (or one from inside EXEC) once no child runs.
    if (!ps.child.active() && ps.rdb_bgsave_scheduled && !engine.noFileWrites() &&
        (nowS(engine) - ps.lastbgsave_try_s > kBgsaveRetryDelaySec || ps.lastbgsave_ok)) {
        if (saveBackground(engine)) ps.rdb_bgsave_scheduled = false;
    }
}

std::optional<std::string> diskErrorMessage(Engine& engine) {
    const ConfigValues& cfg = engine.cfg();
    if (cfg.stop_writes_on_bgsave_error && !cfg.save_params.empty() && !engine.persist().lastbgsave_ok)
        return std::string(kMisconf);
    // The AOF's last write failed: its own MISCONF text, with the errno's message.
    if (const int e = engine.aof().lastWriteErrno())
        return "MISCONF Errors writing to the AOF file: " + std::string(std::strerror(e));
    return std::nullopt;
}

std::optional<std::string> writeRefused(Engine& engine, const Client& client, const CommandSpec& spec,
                                        const CommandSpec* parent) {
    PersistState& ps = engine.persist();
    if (ps.lastbgsave_ok && engine.aof().lastWriteErrno() == 0) return std::nullopt;  // the common case
    bool is_write = (spec.flags & cmd::kWrite) != 0;
    const bool from_script = &client == engine.script.script_client;
    if (!from_script) {
        if (!parent && spec.name == "ping") is_write = true;
        // EXEC of a transaction with a write in it.
        if (!parent && spec.name == "exec" && client.in_multi) {
            for (const auto& argv : client.queued) {
                const CommandSpec* q = engine.commands().find(argv[0]);
                if (q && !q->subcommands.empty() && argv.size() >= 2)
                    if (const CommandSpec* sub = CommandTable::findSub(*q, argv[1])) q = sub;
                if (q && (q->flags & cmd::kWrite)) is_write = true;
            }
        }
    }
    if (!is_write) return std::nullopt;
    return diskErrorMessage(engine);
}

void afterFlushAll(Engine& engine) {
    killRdbChild(engine);
    if (!engine.cfg().save_params.empty()) (void)saveSync(engine);
}

bool prepareForShutdown(Engine& engine, bool save, bool nosave, bool force) {
    logLine(engine, "User requested shutdown...", true);
    if (rdbBgsaveInProgress(engine)) {
        logLine(engine, "There is a child saving an .rdb. Killing it!", true);
        killRdbChild(engine);
    }
    if ((!engine.cfg().save_params.empty() && !nosave) || save) {
        logLine(engine, "Saving the final RDB snapshot before exiting.");
        if (saveSync(engine)) {
            if (force) {
                logLine(engine, "Error trying to save the DB. Exit anyway.", true);
            } else {
                logLine(engine, "Error trying to save the DB, can't exit.", true);
                logLine(engine, "Errors trying to shut down the server. Check the logs for more information.", true);
                return false;
            }
        }
    }
    return true;
}

void debugReload(CommandContext& ctx) {
    Engine& engine = ctx.engine;
    bool flush = true, save = true, merge = false;
    for (size_t j = 2; j < ctx.argc(); ++j) {
        const std::string& opt = ctx.arg(j);
        if (equalsIgnoreCase(opt, "merge")) {
            merge = true;
        } else if (equalsIgnoreCase(opt, "noflush")) {
            flush = false;
        } else if (equalsIgnoreCase(opt, "nosave")) {
            save = false;
        } else {
            ctx.reply.error("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
            return;
        }
    }
    if (save && saveSync(engine)) {
        ctx.reply.error("ERR");
        return;
    }
    const char* kLoadError = "ERR Error trying to load the RDB dump";  // 7.0.15, as the oracle answers
    // DIFFERS FROM REDIS: Redis empties the data set first and then reads the file, so a
    // file that does not load leaves it empty (or, for a corrupt one, stops the server);
    // redsim loads into fresh databases and keeps the data set when the load fails.
    // NOFLUSH: the current keys are set aside, the file loaded, then they are put back
    // (with MERGE a key in both keeps the file's value; without it, Redis panics on
    // the duplicate — redsim refuses the reload and keeps the data set as it was).
    std::vector<std::unique_ptr<Db>> kept;
    if (!flush) {
        for (int i = 0; i < engine.dbCount(); ++i) {
            kept.push_back(std::make_unique<Db>(engine, i, engine.hashSeed()));
            engine.db(i).swapWith(*kept.back());
        }
    }
    auto restore = [&] {
        for (int i = 0; i < static_cast<int>(kept.size()); ++i) engine.db(i).swapWith(*kept[static_cast<size_t>(i)]);
    };
    RdbLoadStats st;
    // Functions as Redis's emptyData and RDBFLAGS_ALLOW_DUP treat them: dropped with the
    // data set, replaced under MERGE, a clash under NOFLUSH alone.
    const int functions = flush ? 2 : merge ? 1 : 0;
    if (auto err = rdbLoadFile(engine, rdbPath(engine), &st, functions)) {
        restore();  // the engine's databases were left as they were before the load
        logLine(engine, "Error trying to load the RDB dump: " + *err, true);
        ctx.reply.error(kLoadError);
        return;
    }
    if (!flush) {
        for (int i = 0; i < engine.dbCount() && !merge; ++i) {
            Db& loaded = engine.db(i);
            std::string dup;
            kept[static_cast<size_t>(i)]->keys().forEach([&](const auto& e) {
                if (dup.empty() && loaded.keys().find(e.key)) dup = e.key;
            });
            if (!dup.empty()) {
                logLine(engine, "RDB has duplicated key '" + dup + "' in DB " + std::to_string(i), true);
                restore();
                ctx.reply.error(kLoadError);
                return;
            }
        }
        for (int i = 0; i < engine.dbCount(); ++i) {
            Db& loaded = engine.db(i);
            Db& old = *kept[static_cast<size_t>(i)];
            old.keys().forEach([&](auto& e) {
                if (loaded.keys().find(e.key)) return;  // MERGE: the file's value wins
                const int64_t when = old.expireAt(e.key);
                loaded.keys().insert(e.key, std::move(e.value));
                if (when != -1) loaded.expires().insert(e.key, when);
            });
            loaded.memory().rebuild(loaded);  // keys went into the dict directly
        }
    }
    if (flush) {  // emptyData's signals: WATCHes break, cached keys are invalidated
        for (int i = 0; i < engine.dbCount(); ++i) engine.touchAllWatchedKeysInDb(i, -1);
        engine.tracking().invalidateOnFlush();
    }
    noteLoad(engine, st.keys_loaded, st.keys_expired);
    emit(engine,
         PersistEvent{.kind = PersistEvent::Kind::Loaded, .warning = true, .log = "DB reloaded by DEBUG RELOAD"});
    ctx.reply.ok();
}

void noteLoad(Engine& engine, uint64_t loaded, uint64_t expired) {
    engine.persist().rdb_last_load_keys_loaded = loaded;
    engine.persist().rdb_last_load_keys_expired = expired;
}

}  // namespace redsim::persist
