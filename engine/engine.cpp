#include "engine/engine.h"

#include <algorithm>
#include <new>
#include <stdexcept>

#include "engine/acl.h"
#include "engine/commands/command.h"
#include "engine/errors.h"
#include "engine/evict.h"
#include "engine/monitor.h"
#include "engine/persist/aof.h"
#include "engine/persist/bgsave.h"
#include "engine/scripting/scripting.h"

namespace redsim {

void Stats::reset() {
    // Per-command counters are zeroed in place: the command running CONFIG RESETSTAT
    // still holds its own entry.
    for (auto& [spec, cs] : commands) cs = CommandStats{.parent = cs.parent};
    errors.clear();
    total_connections_received = total_commands_processed = expired_keys = expired_stale_perc_x100 = 0;
    expired_time_cap_reached_count = evicted_keys = keyspace_hits = keyspace_misses = 0;
    total_error_replies = rejected_connections = total_net_input_bytes = total_net_output_bytes = 0;
}

Db& CommandContext::db() { return engine.db(client.db); }
void CommandContext::keyModified(std::string_view key) { engine.signalModifiedKey(client.db, key); }
void CommandContext::notify(uint32_t type, std::string_view event, std::string_view key) {
    engine.notifyKeyspaceEvent(type, event, key, client.db);
}

Engine::Engine(EngineOptions opts)
    : rng_(opts.seed),
      hash_seed_(opts.seed ^ 0x9E3779B97F4A7C15ull),
      config_(std::move(opts.config)),
      no_file_writes_(opts.no_file_writes),
      script_instruction_limit_(opts.script_instruction_limit) {
    if (opts.virtual_clock)
        clock_ = std::make_unique<VirtualClock>();
    else
        clock_ = std::make_unique<RealClock>();
    refreshTime();
    last_tick_us_ = cmd_time_us_;
    stats_.start_time_ms = cmd_time_ms_;
    for (int i = 0; i < config_.values.databases; ++i) dbs_.push_back(std::make_unique<Db>(*this, i, rng_.next()));
    watched_keys_.resize(dbs_.size());
    blocking_keys_.resize(dbs_.size());
    aof_ = std::make_unique<Aof>(*this);
    static constexpr char kHex[] = "0123456789abcdef";
    for (int i = 0; i < 40; ++i) run_id_ += kHex[rng_.below(16)];
    acl_ = std::make_unique<acl::Acl>(commands_);
    persist_ = std::make_unique<PersistState>();
    aof_->useChildRunner(persist_->child);             // one fork child at a time: BGSAVE's or the rewrite
    acl_startup_error = acl::loadStartupUsers(*this);  // engine/commands/acl.cpp
}

Engine::~Engine() = default;

Evictor& Engine::evictor() {
    if (!evictor_) evictor_ = std::make_unique<Evictor>(*this);
    return *evictor_;
}

Scripting& Engine::scripting() {
    if (!scripting_) scripting_ = std::make_unique<Scripting>(*this);
    return *scripting_;
}

void Engine::setClock(std::unique_ptr<Clock> clock) {
    clock_ = std::move(clock);
    refreshTime();
    last_tick_us_ = cmd_time_us_;
}

void Engine::refreshTime() {
    cmd_time_us_ = clock_->nowUs();
    cmd_time_ms_ = cmd_time_us_ / 1000;
}

uint32_t Engine::lruClock() const { return static_cast<uint32_t>((cmd_time_ms_ / 1000) & 0xFFFFFF); }

Client& Engine::createClient() {
    auto c = std::make_unique<Client>();
    c->id = next_client_id_++;
    refreshTime();
    c->created_ms = cmd_time_ms_;
    c->last_interaction_ms = cmd_time_ms_;
    // A client that connects while the default user has no password is authenticated for
    // good, even if a password is set later (Redis's c->authenticated).
    acl::setDefaultAuth(*this, *c);
    Client& ref = *c;
    clients_.emplace(c->id, std::move(c));
    ++stats_.total_connections_received;
    return ref;
}

void Engine::freeClient(uint64_t id) {
    auto it = clients_.find(id);
    if (it == clients_.end()) return;
    unblockClient(*it->second, UnblockReason::Cancel);  // stops waiting
    std::erase(rerun_, id);
    pubsub_.unsubscribeAll(*it->second);  // a client that goes away stops listening
    tracking_.disable(*it->second);       // and leaves its BCAST prefixes
    monitor::stop(*this, *it->second);
    unwatchAllKeys(*it->second);  // and stops watching
    clients_.erase(it);
}

Client* Engine::client(uint64_t id) {
    auto it = clients_.find(id);
    return it == clients_.end() ? nullptr : it->second.get();
}

namespace {

// The commands Redis runs at once inside MULTI instead of queueing them.
bool controlsTransaction(const CommandSpec& spec, const CommandSpec* parent) {
    if (parent != nullptr) return false;
    for (std::string_view n : {"exec", "discard", "multi", "watch", "quit", "reset"})
        if (spec.name == n) return true;
    return false;
}

// "unknown command 'x', with args beginning with: 'a' 'b' " — at most ~128 chars of args.
std::string unknownCommandError(std::span<const std::string> argv) {
    std::string args;
    for (size_t i = 1; i < argv.size() && args.size() < 128; ++i) {
        const size_t room = 128 - args.size();
        args += '\'';
        args.append(argv[i], 0, room);
        args += "' ";
    }
    return "ERR unknown command '" + argv[0].substr(0, 128) + "', with args beginning with: " + args;
}

// The commands a RESP2 client in subscribed mode may still run (processCommand's list).
bool allowedInSubscribedMode(const CommandSpec& spec, const CommandSpec* parent) {
    if (parent) return false;
    for (std::string_view name : {"ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe",
                                  "punsubscribe", "quit", "reset"})
        if (spec.name == name) return true;
    return false;
}

}  // namespace

void Engine::execute(Client& client, std::span<const std::string> argv) {
    if (argv.empty()) return;
    // Commands run by EXEC or by a script are part of their command.
    if (nesting_ > 0 || script.caller) {
        executeCommand(client, argv);
        return;
    }
    beforeCommand();
    executeCommand(client, argv);
    propagator_.flush();
    afterCommand();
    propagator_.flush();  // what serving blocked clients wrote
}

void Engine::executeCommand(Client& client, std::span<const std::string> argv) {
    // Client-side caching after a top-level command, once its reply is complete (this
    // guard is destroyed last): engine/tracking.h.
    bool client_subcommand = false;
    struct AfterTopLevel {
        Engine& e;
        Client& c;
        const bool& client_sub;
        bool top;
        ~AfterTopLevel() {
            if (top) e.tracking_.afterTopLevel(c, client_sub);
        }
    } after_top{*this, client, client_subcommand, nesting_ == 0 && !script.caller};
    // CLIENT REPLY OFF/SKIP: this command's reply is dropped once it has run.
    const size_t out_start = client.out.size();
    struct ReplyFilter {
        Client& c;
        size_t start;
        bool top;
        ~ReplyFilter() {
            if (!top) return;
            if (c.reply_off || c.reply_skip) c.out.resize(std::min(c.out.size(), start));
            c.reply_skip = c.reply_skip_next;  // SKIP's effect starts after SKIP itself
            c.reply_skip_next = false;
        }
    } reply_filter{client, out_start, nesting_ == 0};
    // Commands run by EXEC or by a script see the time the outer command started, as in
    // Redis (one "now" for a whole transaction or script: no key expires half-way); a
    // top-level command's time was read by beforeCommand(), or by the serving of a
    // postponed command.
    struct Nest {
        int& n;
        explicit Nest(int& v) : n(v) { ++n; }
        ~Nest() { --n; }
    } nest(nesting_);
    client.last_interaction_ms = cmd_time_ms_;
    ReplyWriter reply(client.out, client.resp);

    // INFO's total_error_replies and errorstats, from what this command replied.
    bool handler_ran = false;
    auto count_errors = [&] {
        if (reply.errorCount() == 0) return;
        // An error before the command could be queued makes the transaction's EXEC fail
        // (Redis's flagTransaction).
        // Only rejections count: a queued command never ran, and MULTI's or WATCH's own
        // errors inside MULTI leave the transaction alone.
        if (client.in_multi && !client.in_exec && !handler_ran) client.dirty_exec = true;
        stats_.total_error_replies += static_cast<uint64_t>(reply.errorCount());
        ++stats_.errors[std::string(reply.lastErrorCode())];
    };

    const CommandSpec* spec = commands_.find(argv[0]);
    const CommandSpec* parent = nullptr;
    if (spec && !spec->subcommands.empty() && argv.size() >= 2) {
        parent = spec;
        spec = CommandTable::findSub(*parent, argv[1]);
        client_subcommand = spec && parent->name == "client";
        if (!spec) {
            reply.error("ERR unknown subcommand '" + argv[1].substr(0, 128) + "'. Try " + toUpper(argv[0]) + " HELP.");
            count_errors();
            return;
        }
    }
    if (!spec) {
        reply.error(unknownCommandError(argv));
        count_errors();
        return;
    }
    // A one-entry cache: a client usually repeats the command it just ran.
    if (spec != last_stats_spec_) {
        last_stats_ = &stats_.commands[spec];
        last_stats_spec_ = spec;
    }
    CommandStats& cs = *last_stats_;
    cs.parent = parent;
    const int argc = static_cast<int>(argv.size());
    if ((spec->arity > 0 && argc != spec->arity) || argc < -spec->arity) {
        reply.error("ERR wrong number of arguments for '" + CommandTable::fullName(*spec, parent) + "' command");
        ++cs.rejected_calls;
        count_errors();
        return;
    }

    // authRequired: a password is set and this client has not authenticated (a client
    // that never did is free again once the password is removed).
    if (authRequired(client) && !(spec->flags & cmd::kNoAuth)) {
        reply.error("NOAUTH Authentication required.");
        ++cs.rejected_calls;
        count_errors();
        return;
    }

    // ACL: may this client's user run this command on these keys and channels? (Not for
    // redis.call, which Scripting checks with the caller's user, nor for a command that
    // MULTI refuses anyway.) EXEC checks each queued command again.
    const bool refused_by_multi = client.in_multi && !client.in_exec && (spec->flags & cmd::kNoMulti);
    if (&client != script.script_client && !refused_by_multi) {
        const auto ctx = client.in_multi ? acl::LogContext::kMulti : acl::LogContext::kToplevel;
        if (auto e = acl::checkCommand(*this, client, *spec, parent, argv, ctx)) {
            reply.error(*e);
            ++cs.rejected_calls;
            count_errors();
            return;
        }
    }

    // maxmemory (Redis's processCommand, for commands clients send): evict, and refuse
    // commands that may grow memory when nothing more can go (engine/evict.h).
    if (config_.values.maxmemory != 0 && nesting_ == 1) {
        if (auto e = evictor().beforeCommand(client, *spec, parent, argv)) {
            reply.error(*e);
            ++cs.rejected_calls;
            count_errors();
            return;
        }
    }

    // MISCONF: after a failed background save, writes (and PING) are refused
    // (engine/persist/bgsave.h).
    if (auto e = persist::writeRefused(*this, client, *spec, parent)) {
        reply.error(*e);
        ++cs.rejected_calls;
        count_errors();
        return;
    }

    // RESP2 subscribed mode: the connection now carries messages, so only commands that
    // manage subscriptions (and PING, QUIT, RESET) may run. RESP3 tells pushes apart from
    // replies, so it has no such limit.
    if (client.resp == 2 && client.inPubSubMode() && !allowedInSubscribedMode(*spec, parent)) {
        reply.error("ERR Can't execute '" + CommandTable::fullName(*spec, parent) +
                    "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
        ++cs.rejected_calls;
        count_errors();
        return;
    }

    // A script past busy-reply-threshold: only commands flagged allow-busy (SCRIPT KILL,
    // FUNCTION KILL, FUNCTION STATS…) run for other clients.
    if (script.timed_out && &client != script.script_client && !(spec->flags & cmd::kAllowBusy)) {
        reply.error(script.eval
                        ? "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."
                        : "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.");
        ++cs.rejected_calls;
        count_errors();
        return;
    }

    // A MONITOR client is a replica to Redis: it may not touch the keyspace.
    if (client.monitor && monitor::touchesKeyspace(*spec, parent)) {
        reply.error("ERR Replica can't interact with the keyspace");
        ++cs.rejected_calls;
        count_errors();
        return;
    }

    // CLIENT PAUSE: the command waits (the client is blocked) until the pause ends.
    if (nesting_ == 1 && pausePostpones(client, *spec, parent)) {
        postpone(client, argv, *spec);
        return;
    }

    // Inside MULTI every command but the transaction's own controls is queued for EXEC.
    if (client.in_multi && !client.in_exec && !controlsTransaction(*spec, parent)) {
        if (spec->flags & cmd::kNoMulti) {
            reply.error("ERR Command not allowed inside a transaction");
            ++cs.rejected_calls;
            count_errors();
            return;
        }
        client.queued.emplace_back(argv.begin(), argv.end());
        reply.status("QUEUED");
        return;
    }

    // CLIENT LIST's cmd= is the command the client sent: EXEC, not what EXEC ran.
    if (nesting_ == 1) {
        client.last_command = spec;
        client.last_parent = parent;
    }
    CommandContext ctx{*this, client, argv, reply, *spec};
    tracking_.beginCommand(client, *spec, argv);
    struct EndCommand {
        Tracking& t;
        ~EndCommand() { t.endCommand(); }
    } end_command{tracking_};
    const int64_t start_us = cmd_time_us_;  // read once above, at the start of the command
    // Lookups touch keys unless a no-touch client sent this command (noTouch()). The
    // commands redis.call runs keep their caller's setting; EXEC's queued commands are
    // the EXEC client's own, so a queued TOUCH still touches, as in Redis 7.2.
    struct NoTouchScope {
        bool& flag;
        bool saved;
        ~NoTouchScope() { flag = saved; }
    } no_touch_scope{no_touch_, no_touch_};
    if (&client != script.script_client) no_touch_ = client.no_touch && spec->name != "touch";
    handler_ran = true;
    monitor::beforeCall(*this, client, *spec, argv);  // EVAL/FCALL show before their commands
    const uint64_t dirty_before = dirty;
    const Propagator::Mark prop_mark = propagator_.begin();
    try {
        spec->handler(ctx);
    } catch (const std::bad_alloc&) {
        // DIFFERS FROM REDIS: Redis aborts when malloc fails; redsim answers instead, so a
        // learner who raised proto-max-bulk-len and asked for a huge string keeps going.
        reply.error("ERR out of memory: the command needs more memory than the process can get");
    } catch (const std::length_error&) {
        reply.error("ERR out of memory: the command needs more memory than the process can get");
    }
    propagator_.end(prop_mark, client.db, argv, dirty - dirty_before);
    memoryAfterCommand(*this);                 // engine/memory.h
    tracking_.afterCall(client, *spec, argv);  // remembers the keys a read-only command read
    monitor::afterCall(*this, client, *spec, argv);
    const int64_t took = std::max<int64_t>(0, clock_->nowUs() - start_us);
    ++cs.calls;
    cs.usec += static_cast<uint64_t>(took);
    ++stats_.total_commands_processed;
    if (reply.errorCount() > 0) ++cs.failed_calls;
    count_errors();
}

void Engine::tick() {
    beforeCommand();  // timeouts of blocked clients, the end of a pause
    ++ticks_;
    // No active expiry while clients are paused: the data set must not change.
    if (active_expire_enabled && !paused()) activeExpireCycle();
    if (evictor_) evictor_->tick();  // eviction that ran out of budget goes on
    databasesCron();
    persist::cron(*this);   // a finished BGSAVE child, save points (engine/persist/bgsave.h)
    propagator_.flush();    // DELs of keys that expired in this tick
    afterCommand();         // a stream that expired wakes its group readers
    tracking_.broadcast();  // BCAST messages about keys that expired in this tick
    propagator_.flush();
    aof_->cron();  // a finished rewrite, a scheduled or automatic one, everysec fsync
}

int64_t Engine::tickPeriodUs() const { return 1000000 / std::clamp<long long>(config_.values.hz, 1, 500); }

void Engine::advanceTime(int64_t us) {
    const int64_t period_us = tickPeriodUs();
    if (auto* vc = dynamic_cast<VirtualClock*>(clock_.get())) {
        // At most kMaxTicksPerAdvance cron ticks: a jump of years should not take minutes.
        // The time beyond that budget passes first, in one step; keys that expired in it
        // are removed by the ticks that follow and by lazy expiry.
        constexpr int64_t kMaxTicksPerAdvance = 100000;
        int64_t remaining = us;
        if (remaining / period_us > kMaxTicksPerAdvance) {
            const int64_t jump = remaining - kMaxTicksPerAdvance * period_us;
            vc->advanceUs(jump);
            remaining -= jump;
        }
        while (remaining > 0) {
            const int64_t step = std::min(remaining, period_us);
            vc->advanceUs(step);
            remaining -= step;
            tick();
        }
        last_tick_us_ = vc->nowUs();
    } else {
        catchUp();
    }
}

void Engine::catchUp() {
    const int64_t period_us = tickPeriodUs();
    const int64_t now = clock_->nowUs();
    // A REPL idle for an hour should not replay 36000 ticks: run at most a few; keys that
    // expired meanwhile are still removed lazily on access and by the next cycles.
    int budget = 8;
    while (now - last_tick_us_ >= period_us && budget-- > 0) {
        last_tick_us_ += period_us;
        tick();
    }
    if (now - last_tick_us_ >= period_us) last_tick_us_ = now;
}

void Engine::databasesCron() {
    // Shrink sparse tables (tryResizeHashTables) and give one db some incremental
    // rehashing (incrementallyRehash), as serverCron's databasesCron does.
    const int n = dbCount();
    const int dbs_per_call = std::min(n, 16);
    for (int j = 0; j < dbs_per_call; ++j) {
        Db& d = db((resize_db_cursor_ + j) % n);
        if (d.keys().needsShrink()) d.keys().shrinkToFit();
        if (d.expires().needsShrink()) d.expires().shrinkToFit();
    }
    if (config_.values.activerehashing) {
        for (int j = 0; j < dbs_per_call; ++j) {
            Db& d = db((resize_db_cursor_ + j) % n);
            // DIFFERS FROM REDIS: Redis rehashes for up to 1 ms per db; redsim runs a bounded
            // number of 100-bucket batches so the work is the same on every machine.
            bool worked = false;
            if (d.keys().isRehashing())
                worked = d.keys().rehashBatches(10) > 0;
            else if (d.expires().isRehashing())
                worked = d.expires().rehashBatches(10) > 0;
            if (worked) break;
        }
    }
    resize_db_cursor_ = (resize_db_cursor_ + dbs_per_call) % n;
}

}  // namespace redsim
