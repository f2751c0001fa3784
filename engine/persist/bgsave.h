// Snapshots in the background: BGSAVE, save points, MISCONF, SHUTDOWN's final save and
// DEBUG RELOAD — the parts of Redis's rdb.c and serverCron that decide *when* an RDB
// file is written (rdb_save.h decides *what* goes in it).
//
// The life of a background save, as in Redis 7.0:
//   BGSAVE (or a save point, or BGSAVE SCHEDULE once the AOF child is gone)
//     -> rdbSaveBackground: remember dirty (dirty_before_bgsave) and the try time, fork a
//        child (engine/persist/child.h) that writes temp-<childpid>.rdb and renames it
//        to dir/dbfilename; reply "Background saving started"
//     -> the server keeps serving; writes meanwhile raise dirty
//     -> serverCron (Engine::tick -> persistCron) sees the child exit:
//        success: dirty -= dirty_before_bgsave (writes made during the save are still
//                 unsaved), lastsave = now, status ok
//        failure: status err, and with stop-writes-on-bgsave-error (and save points
//                 configured) every write command and PING now get the MISCONF error
//                 until a save succeeds
//        killed with SIGUSR1 (SHUTDOWN, FLUSHALL): not a failure, temp file removed
//
// Save points ("save 3600 1 300 100 60 10000": after 3600 s if at least 1 change, after
// 300 s if 100, after 60 s if 10000) are checked by serverCron when no child runs:
// a point fires when dirty >= changes and more than `seconds` passed since the last
// successful save; after a failed background save, not before 5 s passed since the
// last try (CONFIG_BGSAVE_RETRY_DELAY), so a full disk is not hammered every 100 ms.
//
// Events (engine/events.h, PersistEvent) tell the GUI and the server's log what
// happened, with Redis's log line for each.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/events.h"
#include "engine/persist/child.h"

namespace redsim {

class Engine;
struct Client;
struct CommandContext;
struct CommandSpec;

// Redis's CONFIG_BGSAVE_RETRY_DELAY: seconds between tries after a failed BGSAVE.
inline constexpr int64_t kBgsaveRetryDelaySec = 5;

// The persistence state of one engine (Redis's server.* fields of rdb.c).
struct PersistState {
    ChildRunner child;  // the one background child (RDB save, or the AOF rewrite)
    bool rdb_bgsave_scheduled = false;
    bool lastbgsave_ok = true;         // rdb_last_bgsave_status
    int64_t lastbgsave_try_s = 0;      // when the last BGSAVE was tried (unix s)
    int64_t rdb_save_time_last = -1;   // rdb_last_bgsave_time_sec
    int64_t rdb_save_time_start = -1;  // unix s when the running child started
    uint64_t dirty_before_bgsave = 0;
    uint64_t rdb_saves = 0;                  // SAVE and BGSAVE forks (stat_rdb_saves)
    uint64_t current_save_keys_total = 0;    // keys when the child forked
    uint64_t rdb_last_load_keys_loaded = 0;  // of the last RDB load (startup, DEBUG RELOAD)
    uint64_t rdb_last_load_keys_expired = 0;
    std::map<uint64_t, PersistListener> listeners;
    uint64_t next_listener = 1;
};

namespace persist {

// dir/dbfilename.
std::string rdbPath(Engine& engine);

// Event listeners (the GUI's timeline, the server's log). Returns a handle.
uint64_t addListener(Engine& engine, PersistListener fn);
void removeListener(Engine& engine, uint64_t handle);

// rdbSave: writes the RDB synchronously (temp-<pid>.rdb, fsync, rename). On success
// dirty = 0, lastsave = now, last bgsave status ok. Returns the error text on failure.
std::optional<std::string> saveSync(Engine& engine);

// rdbSaveBackground: forks a child that writes the RDB. False when a child already runs
// or fork() failed (then the status is err, as Redis).
bool saveBackground(Engine& engine);

// What BGSAVE [SCHEDULE] answers, for the command and for others (EXEC of BGSAVE, the
// AOF code): "Background saving started" / "Background saving scheduled" as a status,
// or Redis's error text. Runs or schedules the save.
struct BgsaveReply {
    bool error = false;
    std::string text;
};
BgsaveReply bgsave(Engine& engine, bool schedule, bool in_exec = false);

// The AOF side asks for a BGSAVE once its rewrite child is gone (rdb_bgsave_scheduled).
void scheduleBgsave(Engine& engine);
bool rdbBgsaveInProgress(Engine& engine);
// killRDBChild: stops a running BGSAVE (SIGUSR1; not counted as a failure).
void killRdbChild(Engine& engine);

// serverCron's part: reap a finished child, fire save points, start a scheduled BGSAVE.
void cron(Engine& engine);

// writeCommandsDeniedByDiskError + its message: the MISCONF error a write command (or
// PING) gets after a failed background save, or nullopt when writes are allowed.
std::optional<std::string> diskErrorMessage(Engine& engine);
// processCommand's use of it: the MISCONF error for `spec` run by `client` (a write
// command, PING, or EXEC of a transaction with writes; inside a script only writes), or
// nullopt when the command may run.
std::optional<std::string> writeRefused(Engine& engine, const Client& client, const CommandSpec& spec,
                                        const CommandSpec* parent);

// FLUSHALL's tail (flushAllDataAndResetRDB): kill a BGSAVE child, save at once when save
// points are configured.
void afterFlushAll(Engine& engine);

// SHUTDOWN / SIGTERM (finishShutdown): kill a BGSAVE child, and save when `save` or
// (save points are configured and not `nosave`). Returns false when the save failed
// and `force` is not set: the shutdown is cancelled.
bool prepareForShutdown(Engine& engine, bool save, bool nosave, bool force);

// DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: replies OK or Redis's error.
void debugReload(CommandContext& ctx);

// After a successful load (startup or DEBUG RELOAD): INFO's rdb_last_load_* fields.
void noteLoad(Engine& engine, uint64_t loaded, uint64_t expired);

// INFO persistence (engine/persist/info_persistence.cpp).
void appendPersistenceInfo(Engine& engine, std::string& out);
// The AOF fields of INFO persistence; the AOF code replaces this one with its own.
void appendAofInfo(Engine& engine, std::string& out);

}  // namespace persist

}  // namespace redsim
