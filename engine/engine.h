// Engine: one Redis server's state, without any I/O.
//
// Holds the databases, config, statistics, clients and the command table. Faces run
// commands with execute(); background work (the active expire cycle, incremental
// rehashing, resizing) runs from tick(), which the face calls hz times per second of
// the engine's clock — real time for `redsim serve` and a free REPL, virtual time for
// lessons and tests. The engine never reads the wall clock or std::rand directly.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/client.h"
#include "engine/clock.h"
#include "engine/commands/table.h"
#include "engine/config.h"
#include "engine/db.h"
#include "engine/events.h"
#include "engine/propagate.h"
#include "engine/pubsub.h"
#include "engine/rng.h"
#include "engine/tracking.h"

namespace redsim {

class Scripting;      // engine/scripting/scripting.h
class Aof;            // engine/persist/aof.h
class Evictor;        // engine/evict.h
struct PersistState;  // engine/persist/bgsave.h
namespace acl {
class Acl;  // engine/acl.h
}

struct CommandStats {
    const CommandSpec* parent = nullptr;  // for a subcommand: its container
    uint64_t calls = 0;
    uint64_t usec = 0;
    uint64_t rejected_calls = 0;
    uint64_t failed_calls = 0;
};

struct Stats {
    int64_t start_time_ms = 0;
    uint64_t total_connections_received = 0;
    uint64_t total_commands_processed = 0;
    uint64_t expired_keys = 0;
    uint64_t expired_stale_perc_x100 = 0;  // last cycle's estimate of stale keys, percent*100
    uint64_t expired_time_cap_reached_count = 0;
    uint64_t evicted_keys = 0;
    long long peak_memory = 0;  // used_memory_peak (engine/memory.cpp), updated when read
    uint64_t keyspace_hits = 0;
    uint64_t keyspace_misses = 0;
    uint64_t total_error_replies = 0;
    uint64_t rejected_connections = 0;
    uint64_t total_net_input_bytes = 0;
    uint64_t total_net_output_bytes = 0;
    std::unordered_map<const CommandSpec*, CommandStats> commands;  // per command row
    std::map<std::string, uint64_t> errors;                         // by error code ("ERR", "WRONGTYPE")

    // CONFIG RESETSTAT: zero the counters (uptime stays, as in Redis).
    void reset();
};

// What the face running the engine tells it about the process, for INFO server.
struct ServerFacts {
    long long process_id = 0;  // the face's process (the engine does not ask the OS)
    int tcp_port = 0;          // 0: not listening (embedded REPL)
    std::string executable;    // absolute path of the running binary, if known
};

// A SHUTDOWN the engine accepted; the face stops when it sees one.
struct ShutdownRequest {
    bool requested = false;
    bool save = false;    // SHUTDOWN SAVE
    bool nosave = false;  // SHUTDOWN NOSAVE
};

struct EngineOptions {
    uint64_t seed = 0;
    bool virtual_clock = false;
    Config config = {};  // as loaded from a config file (databases is read once, here)
    // An engine that never writes files on its own (copies for lesson checks,
    // engine/copy.h): save points and scheduled BGSAVEs do not fire. (The AOF opens only
    // when a face calls Aof::openOnStart or CONFIG SET appendonly yes runs.)
    bool no_file_writes = false;
    // Stop any Lua script, function or FUNCTION LOAD after this many Lua VM instructions
    // (0: no limit), with an error reply (Scripting's kInstructionLimitError). For `redsim
    // grade`, which replays untrusted submissions on a virtual clock: there no time passes
    // while Lua runs, so busy-reply-threshold never fires and `while true do end` would
    // never end. Not a CONFIG parameter: the face sets it.
    // DIFFERS FROM REDIS: Redis has no such bound; a script runs until it ends or is killed.
    uint64_t script_instruction_limit = 0;
};

class Engine {
public:
    explicit Engine(EngineOptions opts = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Clients. The returned reference stays valid until freeClient(id).
    Client& createClient();
    void freeClient(uint64_t id);
    Client* client(uint64_t id);
    const std::map<uint64_t, std::unique_ptr<Client>>& clients() const { return clients_; }

    // Runs one command for `client`; its reply (RESP2/3 per client.resp) is appended to
    // client.out. Never throws; every error is a reply.
    void execute(Client& client, std::span<const std::string> argv);

    // Keyspace hooks (engine/notify.h). Every command that changes a key calls both, as
    // Redis's do: signalModifiedKey breaks WATCHes and invalidates tracked keys;
    // notifyKeyspaceEvent publishes the event when notify-keyspace-events enables it.
    void signalModifiedKey(int dbid, std::string_view key);
    void notifyKeyspaceEvent(uint32_t type, std::string_view event, std::string_view key, int dbid);
    // PUBLISH: delivers `message` to the subscribers of `channel` and of the patterns
    // that match it; returns how many clients received it. `from`: the publishing
    // client (PUBLISH), nullptr for the engine's own messages (keyspace events); only
    // the publish listeners see it.
    size_t publish(std::string_view channel, std::string_view message, const Client* from = nullptr);
    // SPUBLISH: the same for a shard channel (no patterns).
    size_t spublish(std::string_view channel, std::string_view message, const Client* from = nullptr);
    // Publish listeners (engine/events.h, PublishEvent): the GUI's Pub/Sub view sees
    // every message published and where it went. Returns a handle for removal.
    uint64_t onPublish(PublishListener fn);
    void removePublishListener(uint64_t handle);
    PubSub& pubsub() { return pubsub_; }
    // Client-side caching (CLIENT TRACKING): engine/tracking.h.
    Tracking& tracking() { return tracking_; }
    // The stream of writes as commands that redo them, for the AOF (engine/propagate.h).
    Propagator& propagator() { return propagator_; }
    // The append-only file (engine/persist/aof.h); off unless appendonly is yes.
    Aof& aof() { return *aof_; }
    const Tracking& tracking() const { return tracking_; }
    const PubSub& pubsub() const { return pubsub_; }
    // The event-stream tap (engine/events.h): `fn` sees every keyspace event whose class
    // notify-keyspace-events enables, in order. Returns a handle for removeKeyspaceListener.
    uint64_t onKeyspaceEvent(KeyspaceListener fn);
    void removeKeyspaceListener(uint64_t handle);

    // WATCH bookkeeping (engine/multi.cpp): the clients watching each key of each db.
    void watchKey(Client& c, int dbid, std::string_view key);
    void unwatchAllKeys(Client& c);
    // FLUSHDB/FLUSHALL empty a db (`replaced_with` -1) and SWAPDB replaces one db's
    // contents with another's: every client watching a key that this changes is dirty.
    void touchAllWatchedKeysInDb(int emptied, int replaced_with);
    // EXEC: is a key the client watched while it was live now past its deadline?
    bool isWatchedKeyExpired(const Client& c);
    // Drops the MULTI state (queued commands, flags) and every WATCH.
    void discardTransaction(Client& c);

    // Blocking (engine/blocking.cpp, engine/blocking.h). blockForKeys parks `c`, which
    // ran `argv` (`spec`), on state.keys until served, timed out or unblocked.
    void blockForKeys(Client& c, BlockState state, std::span<const std::string> argv, const CommandSpec& spec);
    // A key of db `dbid` may have something for the clients blocked on it: a list,
    // sorted set or stream was created under it, XADD appended, a stream went away.
    void signalKeyAsReady(int dbid, std::string_view key);
    bool anyBlockedOnKeys() const { return blocked_clients_ > postponed_.size(); }
    // Every key clients block on in `dbid` (FLUSHDB, FLUSHALL, SWAPDB).
    void signalAllBlockingKeys(int dbid);
    // How a blocked client stops waiting without being served: the timeout reply, CLIENT
    // UNBLOCK … ERROR's error, or no reply at all (its connection went away, Ctrl-C in
    // the REPL).
    enum class UnblockReason { Timeout, Error, Cancel };
    void unblockClient(Client& c, UnblockReason why);
    // Blocked clients (postponed ones included) and those with a deadline (INFO clients).
    size_t blockedClients() const { return blocked_clients_; }
    size_t clientsInTimeoutTable() const { return timeout_table_.size(); }
    // The deadline of the next blocked client to time out, or 0 (faces wake up for it).
    int64_t nextBlockDeadline() const { return timeout_table_.empty() ? 0 : timeout_table_.begin()->first; }

    // CLIENT PAUSE: WRITE holds back commands that may change data, ALL every command,
    // until `end_ms` on the engine clock or CLIENT UNPAUSE. Expiry waits meanwhile.
    enum class PauseType { Off, Write, All };
    void pauseClients(PauseType type, int64_t end_ms);
    void unpauseClients();
    bool paused() const { return pause_type_ != PauseType::Off; }
    int64_t pauseEndMs() const { return pause_end_ms_; }
    // Clients that were blocked and may go on (served, timed out, unblocked, their
    // postponed command has run): the face resumes reading their input. Cleared by it.
    std::vector<uint64_t> unblocked_clients;

    // One serverCron iteration: active expire cycle, resize and incremental rehash of the
    // keyspace dicts. Call it hz times per second of the engine clock.
    void tick();
    // Advance a virtual clock by `us`, running tick() every 1000/hz ms on the way (what
    // `:time +10s` does). On a real clock it only runs the ticks that are due.
    void advanceTime(int64_t us);
    // For the real clock: run the ticks that are due since the last one (at most a few).
    void catchUp();

    Clock& clock() { return *clock_; }
    void setClock(std::unique_ptr<Clock> clock);
    Rng& rng() { return rng_; }
    // The seed of every collection's dict (hashes, sets, zsets), derived from the engine
    // seed: one per engine, as Redis has one SipHash key per process.
    uint64_t hashSeed() const { return hash_seed_; }
    Config& config() { return config_; }
    // EngineOptions::no_file_writes.
    bool noFileWrites() const { return no_file_writes_; }
    // EngineOptions::script_instruction_limit (0: none); a face may change it between
    // commands.
    uint64_t scriptInstructionLimit() const { return script_instruction_limit_; }
    void setScriptInstructionLimit(uint64_t n) { script_instruction_limit_ = n; }
    const ConfigValues& cfg() const { return config_.values; }
    Stats& stats() { return stats_; }
    const CommandTable& commands() const { return commands_; }

    int dbCount() const { return static_cast<int>(dbs_.size()); }
    Db& db(int i) { return *dbs_[static_cast<size_t>(i)]; }

    // The time commands see: fixed at the start of each command (Redis's server.mstime
    // during call()), so a command sees one consistent "now".
    int64_t nowMs() const { return cmd_time_ms_; }
    int64_t nowUs() const { return cmd_time_us_; }
    // Redis's 24-bit LRU clock in seconds.
    uint32_t lruClock() const;

    // True while the command running came from a no_touch client (Client::no_touch) and
    // is not TOUCH: Db's lookups then do not update LRU/LFU data (Redis 7.2's lookupKey
    // adds LOOKUP_NOTOUCH). redis.call inherits the EVAL/FCALL caller's setting, as Redis
    // reads server.current_client, the client that sent the script.
    bool noTouch() const { return no_touch_; }

    // Number of ticks run so far (for tests and the GUI).
    uint64_t ticks() const { return ticks_; }

    // Incremented by every write to a key; FLUSH*/SWAPDB too (Redis's server.dirty).
    uint64_t dirty = 0;
    // LASTSAVE: unix seconds of the last successful SAVE (-1: none yet, the start time).
    int64_t lastsave_s = -1;
    // DEBUG SET-ACTIVE-EXPIRE: false stops the cron's active expire cycle (lazy expiry
    // on access still happens).
    bool active_expire_enabled = true;
    ServerFacts facts;
    ShutdownRequest shutdown;
    // Clients CLIENT KILL marked close_asap since the face last looked (it closes them).
    std::vector<uint64_t> killed_clients;
    // Clients that received a Pub/Sub message since the face last looked (an id per
    // delivery, so possibly repeated): the server flushes their sockets, the REPL prints
    // what they got. The face clears it.
    std::vector<uint64_t> pushed_clients;
    // Adds `c` to pushed_clients unless it is there; takePushedClients hands the list
    // over (and forgets who was in it).
    void notePush(Client& c) {
        if (c.push_pending) return;
        c.push_pending = true;
        pushed_clients.push_back(c.id);
    }
    std::vector<uint64_t> takePushedClients() {
        std::vector<uint64_t> ids;
        ids.swap(pushed_clients);
        for (uint64_t id : ids)
            if (Client* c = client(id)) c->push_pending = false;
        return ids;
    }
    // Clients in MONITOR mode, in the order they asked (engine/monitor.h).
    std::vector<uint64_t> monitors;
    // A random 40-hex-digit id for this run (INFO server's run_id), from the engine RNG.
    const std::string& runId() const { return run_id_; }

    // ACL users and log (engine/acl.h). authRequired: the client must AUTH before
    // anything else (the default user needs a password and this client has not logged in).
    acl::Acl& acl() { return *acl_; }
    bool authRequired(const Client& c) const;
    // Set when the config's `user` lines or aclfile could not be loaded at start; the
    // server prints it and exits, as redis-server does.
    std::string acl_startup_error;

    // Scripting: the Lua interpreter behind EVAL and FCALL, created on first use.
    Scripting& scripting();
    // BGSAVE's child, save points, last save status (engine/persist/bgsave.h).
    PersistState& persist() { return *persist_; }
    // maxmemory eviction (engine/evict.h).
    Evictor& evictor();
    // What execute() must know about a running script (Scripting sets it). While
    // `caller` is set, execute() may be re-entered (redis.call runs commands from
    // inside EVAL): the command time stays frozen at the script's start, and once the
    // script is past busy-reply-threshold (`timed_out`) other clients get BUSY.
    struct ScriptState {
        const Client* caller = nullptr;         // the client running EVAL/FCALL; null: none
        const Client* script_client = nullptr;  // the client redis.call uses
        bool timed_out = false;
        bool eval = true;  // EVAL (SCRIPT KILL stops it) or FCALL (FUNCTION KILL)
    } script;
    // Set by a face that can serve other connections while a script runs long (the
    // server): called from the script's count hook once it is past the threshold, it
    // reads and runs other clients' commands (which get BUSY) and returns.
    std::function<void()> busy_callback;

private:
    size_t publishGeneric(std::string_view channel, std::string_view message, bool shard, const Client* from);
    void executeCommand(Client& client, std::span<const std::string> argv);
    // What Redis does around a top-level command (beforeSleep / after call()): answer
    // timed-out clients, end a pause that is over; then serve the keys that became ready
    // and run the commands a pause held back.
    void beforeCommand();
    void afterCommand();
    void handleClientsBlockedOnKeys();
    void handleBlockedClientsTimeout();
    void finishUnblock(Client& c, bool resume);
    void runUnblocked();
    bool pausePostpones(const Client& c, const CommandSpec& spec, const CommandSpec* parent) const;
    void postpone(Client& c, std::span<const std::string> argv, const CommandSpec& spec);
    void countErrorReply(std::string_view code);
    void refreshTime();
    int64_t tickPeriodUs() const;  // 1/hz seconds (hz clamped to 1..500, as Redis)
    void activeExpireCycle();
    void databasesCron();

    std::unique_ptr<Clock> clock_;
    Rng rng_;
    uint64_t hash_seed_;
    Config config_;
    Stats stats_;
    CommandTable commands_;
    PubSub pubsub_;
    Propagator propagator_;
    Tracking tracking_{*this};
    std::vector<std::unique_ptr<Db>> dbs_;
    std::map<uint64_t, std::unique_ptr<Client>> clients_;
    // Per db: key -> ids of the clients WATCHing it, in WATCH order.
    std::vector<std::map<std::string, std::vector<uint64_t>, std::less<>>> watched_keys_;
    void touchWatchedKey(int dbid, std::string_view key);
    // Blocking state (see engine/blocking.cpp).
    std::vector<std::map<std::string, std::vector<uint64_t>, std::less<>>> blocking_keys_;
    std::vector<std::pair<int, std::string>> ready_keys_;
    std::set<std::pair<int, std::string>> ready_set_;
    std::set<std::pair<int64_t, uint64_t>> timeout_table_;
    std::vector<uint64_t> postponed_;
    std::vector<uint64_t> rerun_;
    bool rerunning_ = false;
    size_t blocked_clients_ = 0;
    PauseType pause_type_ = PauseType::Off;
    int64_t pause_end_ms_ = 0;
    bool no_touch_ = false;  // see noTouch()
    bool no_file_writes_ = false;
    uint64_t script_instruction_limit_ = 0;
    int nesting_ = 0;  // execute() calls in progress (EXEC runs its commands through it)
    uint64_t next_client_id_ = 1;
    int64_t cmd_time_ms_ = 0;
    int64_t cmd_time_us_ = 0;
    int64_t last_tick_us_ = 0;
    uint64_t ticks_ = 0;
    int expire_db_cursor_ = 0;  // next db the active expire cycle starts with
    int resize_db_cursor_ = 0;
    std::string run_id_;
    std::map<uint64_t, KeyspaceListener> keyspace_listeners_;
    std::map<uint64_t, PublishListener> publish_listeners_;
    uint64_t next_listener_id_ = 1;
    const CommandSpec* last_stats_spec_ = nullptr;  // see execute(): stats lookup cache
    CommandStats* last_stats_ = nullptr;
    std::unique_ptr<Scripting> scripting_;
    std::unique_ptr<PersistState> persist_;  // before aof_: the AOF uses its child runner
    std::unique_ptr<Aof> aof_;
    std::unique_ptr<Evictor> evictor_;
    std::unique_ptr<acl::Acl> acl_;
};

}  // namespace redsim
