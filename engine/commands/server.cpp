// Server and connection commands: SELECT, SWAPDB, DBSIZE, FLUSH*, PING, ECHO, TIME,
// HELLO, RESET, QUIT, DEBUG, CONFIG and INFO (COMMAND lives in introspection.cpp).
#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/acl.h"
#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/evict.h"
#include "engine/info.h"
#include "engine/monitor.h"
#include "engine/persist/aof.h"
#include "engine/persist/bgsave.h"
#include "engine/persist/rdb_length.h"
#include "engine/util/numbers.h"

namespace redsim {
namespace {

void selectCommand(CommandContext& ctx) {
    auto db = dbIndexArg(ctx, 1);
    if (!db) return;
    ctx.client.db = *db;
    ctx.reply.ok();
}

void swapdbCommand(CommandContext& ctx) {
    auto a = parseInt64(ctx.arg(1));
    if (!a || *a < INT_MIN || *a > INT_MAX) {
        ctx.reply.error("ERR invalid first DB index");
        return;
    }
    auto b = parseInt64(ctx.arg(2));
    if (!b || *b < INT_MIN || *b > INT_MAX) {
        ctx.reply.error("ERR invalid second DB index");
        return;
    }
    const long long n = ctx.engine.dbCount();
    if (*a < 0 || *a >= n || *b < 0 || *b >= n) {
        ctx.reply.error(err::kDbIndexOutOfRange);
        return;
    }
    if (*a != *b) {
        // Keys watched in either db change if the swap changes them (before swapping).
        ctx.engine.touchAllWatchedKeysInDb(static_cast<int>(*a), static_cast<int>(*b));
        ctx.engine.touchAllWatchedKeysInDb(static_cast<int>(*b), static_cast<int>(*a));
        ctx.engine.db(static_cast<int>(*a)).swapWith(ctx.engine.db(static_cast<int>(*b)));
    }
    // No keyspace event, as Redis 7.0 (tests/notify/events.fixture).
    ++ctx.engine.dirty;
    ctx.reply.ok();
}

void dbsizeCommand(CommandContext& ctx) { ctx.reply.integer(static_cast<long long>(ctx.db().size())); }

// getFlushCommandFlags: at most one of ASYNC | SYNC.
bool flushArgsOk(CommandContext& ctx) {
    if (ctx.argc() > 2 || (ctx.argc() == 2 && !argIs(ctx.arg(1), "async") && !argIs(ctx.arg(1), "sync"))) {
        ctx.reply.error(err::kSyntax);
        return false;
    }
    return true;
}

// DIFFERS FROM REDIS: ASYNC frees memory at once (no lazy-free thread); replies match.
void flushdbCommand(CommandContext& ctx) {
    if (!flushArgsOk(ctx)) return;
    ctx.engine.dirty += ctx.db().size();
    ctx.engine.propagator().forceSelf();  // written even when the db was empty, as 7.0 does
    ctx.engine.touchAllWatchedKeysInDb(ctx.client.db, -1);
    ctx.engine.tracking().invalidateOnFlush();  // every cached key of every client
    ctx.db().clear();
    // No keyspace event for the keys that went (Redis 7.0 publishes none); the watched
    // keys were touched above (client-side caching of the whole db will attach there too).
    ctx.reply.ok();
}

void flushallCommand(CommandContext& ctx) {
    if (!flushArgsOk(ctx)) return;
    for (int i = 0; i < ctx.engine.dbCount(); ++i) {
        ctx.engine.dirty += ctx.engine.db(i).size();
        ctx.engine.touchAllWatchedKeysInDb(i, -1);
        ctx.engine.db(i).clear();
    }
    ctx.engine.tracking().invalidateOnFlush();
    persist::afterFlushAll(ctx.engine);  // stops a BGSAVE; saves the empty data set if save points are set
    ++ctx.engine.dirty;
    ctx.reply.ok();
}

void pingCommand(CommandContext& ctx) {
    if (ctx.argc() > 2) {
        ctx.reply.error("ERR wrong number of arguments for 'ping' command");
        return;
    }
    // A RESP2 subscriber's connection carries messages, so PONG comes as one too.
    if (ctx.client.resp == 2 && ctx.client.inPubSubMode()) {
        ctx.reply.arrayLen(2);
        ctx.reply.bulk("pong");
        ctx.reply.bulk(ctx.argc() == 2 ? std::string_view(ctx.arg(1)) : std::string_view());
        return;
    }
    if (ctx.argc() == 1)
        ctx.reply.status("PONG");
    else
        ctx.reply.bulk(ctx.arg(1));
}

void echoCommand(CommandContext& ctx) { ctx.reply.bulk(ctx.arg(1)); }

void timeCommand(CommandContext& ctx) {
    const int64_t us = ctx.engine.clock().nowUs();
    ctx.reply.arrayLen(2);
    ctx.reply.bulk(std::to_string(us / 1000000));
    ctx.reply.bulk(std::to_string(us % 1000000));
}

// AUTH and HELLO AUTH: the ACL user's password (engine/acl.h; requirepass is the default
// user's). Replies WRONGPASS and returns false otherwise; on success the client runs as
// that user.
bool checkPassword(CommandContext& ctx, std::string_view user, std::string_view password) {
    if (!acl::authenticateClient(ctx.engine, ctx.client, user, password, ctx.arg(0))) {
        ctx.reply.error("WRONGPASS invalid username-password pair or user is disabled.");
        return false;
    }
    return true;
}

void authCommand(CommandContext& ctx) {
    if (ctx.argc() > 3) {
        ctx.reply.error(err::kSyntax);
        return;
    }
    if (ctx.argc() == 2 && (ctx.engine.acl().defaultUser()->flags & acl::kNoPass)) {
        ctx.reply.error(
            "ERR AUTH <password> called without any password configured for the default user. Are you sure your "
            "configuration is correct?");
        return;
    }
    const std::string_view user = ctx.argc() == 3 ? std::string_view(ctx.arg(1)) : "default";
    if (checkPassword(ctx, user, ctx.arg(ctx.argc() - 1))) ctx.reply.ok();
}

void helloCommand(CommandContext& ctx) {
    long long ver = 0;
    size_t next = 1;
    if (ctx.argc() >= 2) {
        auto v = parseInt64(ctx.arg(1));
        if (!v) {
            ctx.reply.error("ERR Protocol version is not an integer or out of range");
            return;
        }
        ver = *v;
        next = 2;
        if (ver < 2 || ver > 3) {
            ctx.reply.error("NOPROTO unsupported protocol version");
            return;
        }
    }
    const std::string* setname = nullptr;
    for (size_t j = next; j < ctx.argc(); ++j) {
        const size_t left = ctx.argc() - j - 1;
        if (argIs(ctx.arg(j), "auth") && left >= 2) {
            if (!checkPassword(ctx, ctx.arg(j + 1), ctx.arg(j + 2))) return;
            j += 2;
        } else if (argIs(ctx.arg(j), "setname") && left >= 1) {
            setname = &ctx.arg(j + 1);
            j += 1;
        } else {
            ctx.reply.error("ERR Syntax error in HELLO option '" + ctx.arg(j) + "'");
            return;
        }
    }
    if (!ctx.client.authenticated) {
        ctx.reply.error(
            "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> "
            "<pass> option can be used to authenticate the client and select the RESP protocol version at the same "
            "time");
        return;
    }
    if (setname) {
        if (!checkClientName(ctx, *setname)) return;
        ctx.client.name = *setname;
    }
    if (ver) {
        ctx.client.resp = static_cast<int>(ver);
        ctx.reply = ReplyWriter(ctx.client.out, ctx.client.resp);
    }
    ctx.reply.mapLen(7);
    ctx.reply.bulk("server");
    ctx.reply.bulk("redis");
    ctx.reply.bulk("version");
    ctx.reply.bulk(kRedisVersion);
    ctx.reply.bulk("proto");
    ctx.reply.integer(ctx.client.resp);
    ctx.reply.bulk("id");
    ctx.reply.integer(static_cast<long long>(ctx.client.id));
    ctx.reply.bulk("mode");
    ctx.reply.bulk("standalone");
    ctx.reply.bulk("role");
    ctx.reply.bulk("master");
    ctx.reply.bulk("modules");
    ctx.reply.arrayLen(0);
}

void resetCommand(CommandContext& ctx) {
    // Back to a fresh connection's state, logged out too when a password is set.
    acl::setDefaultAuth(ctx.engine, ctx.client);
    ctx.engine.pubsub().unsubscribeAll(ctx.client);  // leaves subscribed mode, silently
    ctx.client.db = 0;
    ctx.client.resp = 2;
    ctx.client.name.clear();
    ctx.engine.discardTransaction(ctx.client);  // leaves MULTI, forgets WATCHes
    ctx.engine.tracking().disable(ctx.client);  // no more client-side caching
    monitor::stop(ctx.engine, ctx.client);      // nor MONITOR
    ctx.reply = ReplyWriter(ctx.client.out, 2);
    ctx.reply.status("RESET");
}

// SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]. The face (server or REPL) stops when
// it sees engine.shutdown.requested; a successful SHUTDOWN sends no reply, as in Redis.
void shutdownCommand(CommandContext& ctx) {
    bool save = false, nosave = false, abort = false, force = false;
    for (size_t j = 1; j < ctx.argc(); ++j) {
        const std::string& opt = ctx.arg(j);
        if (argIs(opt, "nosave"))
            nosave = true;
        else if (argIs(opt, "save"))
            save = true;
        else if (argIs(opt, "now"))
            continue;  // no replicas to wait for
        else if (argIs(opt, "force"))
            force = true;
        else if (argIs(opt, "abort"))
            abort = true;
        else {
            ctx.reply.error(err::kSyntax);
            return;
        }
    }
    if ((abort && ctx.argc() != 2) || (save && nosave)) {
        ctx.reply.error(err::kSyntax);
        return;
    }
    if (abort) {
        ctx.reply.error("ERR No shutdown in progress.");
        return;
    }
    // A script past busy-reply-threshold: only SHUTDOWN NOSAVE may end the server (the
    // data set may be half-changed by the script, so it must not be saved).
    if (!nosave && ctx.engine.script.timed_out) {
        ctx.reply.error(
            ctx.engine.script.eval
                ? "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."
                : "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.");
        return;
    }
    // Kill a BGSAVE child, save when asked or when save points are configured
    // (engine/persist/bgsave.h); a failed save cancels the shutdown unless FORCE.
    if (!persist::prepareForShutdown(ctx.engine, save, nosave, force)) {
        ctx.reply.error("ERR Errors trying to SHUTDOWN. Check logs.");
        return;
    }
    ctx.engine.shutdown = ShutdownRequest{.requested = true, .save = save, .nosave = nosave};
    ctx.client.close_after_reply = true;
}

void quitCommand(CommandContext& ctx) {
    ctx.client.close_after_reply = true;
    ctx.reply.ok();
}

// DEBUG OBJECT's extra fields for a list: nodes, average elements per node, the fill
// and compression settings, and the listpacks' total uncompressed bytes.
std::string quicklistDebugFields(const Quicklist& ql) {
    size_t sz = 0;
    for (const Quicklist::NodeView& n : ql.nodes()) sz += n.listpack_bytes;
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  " ql_nodes:%zu ql_avg_node:%.2f ql_listpack_max:%d ql_compressed:%d ql_uncompressed_size:%zu",
                  ql.nodeCount(), static_cast<double>(ql.size()) / static_cast<double>(ql.nodeCount()), ql.fill(),
                  ql.compressDepth() != 0 ? 1 : 0, sz);
    return buf;
}

// DEBUG POPULATE count [prefix] [size]: adds string keys "<prefix>:0" … (prefix "key")
// valued "value:<n>", or that text cut or zero-padded to `size` bytes; keys that exist
// are left alone. As in Redis it is no write as far as maxmemory (DEBUG is not denyoom),
// the change counter and propagation go, and names are cut at 127 bytes (Redis formats
// them into a 128-byte buffer; a prefix stops at its first NUL byte, as C's %s does).
void debugPopulate(CommandContext& ctx) {
    auto positive = [&](const std::string& s, long long& out) {
        const auto v = parseInt64(s);
        if (!v || *v < 0) {
            ctx.reply.error("ERR value is out of range, must be positive");
            return false;
        }
        out = *v;
        return true;
    };
    long long count = 0, size = 0;
    if (!positive(ctx.arg(2), count)) return;
    // DIFFERS FROM REDIS: Redis preallocates the keyspace dict for `count` keys and
    // fails only when the allocation does; redsim refuses counts and sizes whose keys
    // could never fit instead of running until memory runs out.
    constexpr long long kMaxCount = 1LL << 27, kMaxSize = 512LL * 1024 * 1024;
    if (count > kMaxCount) {
        ctx.reply.error("ERR OOM in dictTryExpand");
        return;
    }
    if (ctx.argc() == 5 && !positive(ctx.arg(4), size)) return;
    if (size > kMaxSize || (size > 0 && count > 0 && size > (64LL << 30) / count)) {
        ctx.reply.error("ERR OOM in dictTryExpand");
        return;
    }
    const std::string prefix = ctx.argc() >= 4 ? ctx.arg(3) : "key";
    Db& db = ctx.db();
    char buf[128];
    for (long long j = 0; j < count; ++j) {
        std::snprintf(buf, sizeof buf, "%s:%lld", prefix.c_str(), j);
        const std::string key(buf);
        if (db.lookupWrite(key)) continue;
        std::snprintf(buf, sizeof buf, "value:%lld", j);
        std::string value(buf);
        if (size > 0) value.resize(static_cast<size_t>(size), '\0');
        db.add(key, Object::fromString(std::move(value)));
        ctx.engine.signalModifiedKey(db.id(), key);
    }
    ctx.reply.ok();
}

void debugCommand(CommandContext& ctx) {
    const std::string& sub = ctx.arg(1);
    if (ctx.engine.cfg().enable_debug_command == DebugCommandMode::No ||
        (ctx.engine.cfg().enable_debug_command == DebugCommandMode::Local && !ctx.client.local)) {
        ctx.reply.error(
            "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it "
            "from a local connection, otherwise you need to set this option in the configuration file, and then "
            "restart the server.");
        return;
    }
    if (argIs(sub, "help") && ctx.argc() == 2) {
        ctx.reply.helpLines("DEBUG",
                            {
                                "OBJECT <key>",
                                "    Show low level info about the `key` and associated value.",
                                "RELOAD [option ...]",
                                "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
                                "    * MERGE: conflicting keys will be loaded from RDB.",
                                "    * NOFLUSH: the existing database will not be removed before load, but",
                                "      conflicting keys will generate an exception and kill the server.",
                                "    * NOSAVE: the database will be loaded from an existing RDB file.",
                                "    Examples:",
                                "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
                                "      the database.",
                                "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
                                "      existing RDB file.",
                                "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
                                "      file to the database.",
                                "POPULATE <count> [<prefix>] [<size>]",
                                "    Create <count> string keys named key:<num>. If <prefix> is specified then",
                                "    it is used instead of the 'key' prefix. These are not propagated to",
                                "    replicas. Cluster slots are not respected so keys not belonging to the",
                                "    current node can be created in cluster mode.",
                                "SET-ACTIVE-EXPIRE <0|1>",
                                "    Setting it to 0 disables expiring keys in background when they are not",
                                "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
                                "    default.",
                                "EVICTIONS [<count>]",
                                "    redsim only: the last <count> (default 10) keys evicted by maxmemory, with",
                                "    the keys sampled and the eviction pool at that moment.",
                                "SLEEP <seconds>",
                                "    Stop the server for <seconds>. Decimals allowed.",
                            });
    } else if (argIs(sub, "sleep") && ctx.argc() == 3) {
        double secs = std::strtod(ctx.arg(2).c_str(), nullptr);  // as Redis: "1abc" is 1
        if (!(secs > 0)) secs = 0;                               // negative or NaN: no sleep
        secs = std::min(secs, 1e9);                              // keep the cast defined
        ctx.engine.clock().sleepUs(static_cast<int64_t>(secs * 1e6));
        ctx.reply.ok();
    } else if (argIs(sub, "reload")) {
        persist::debugReload(ctx);  // engine/persist/bgsave.cpp
    } else if (argIs(sub, "set-active-expire") && ctx.argc() == 3) {
        // As Redis's atoi: "abc" is 0 (off), any other number turns it on.
        ctx.engine.active_expire_enabled = std::atoi(ctx.arg(2).c_str()) != 0;
        ctx.reply.ok();
    } else if (argIs(sub, "populate") && ctx.argc() >= 3 && ctx.argc() <= 5) {
        debugPopulate(ctx);
    } else if (argIs(sub, "evictions") && ctx.argc() <= 3) {
        debugEvictions(ctx);  // redsim-only (engine/evict.h)
    } else if (argIs(sub, "object") && ctx.argc() == 3) {
        Object* o = ctx.db().peek(ctx.arg(2));
        if (!o || ctx.db().isExpired(ctx.arg(2))) {
            ctx.reply.error(err::kNoSuchKey);
            return;
        }
        // DIFFERS FROM REDIS: "Value at" shows an id derived from the key, not an address.
        const uint64_t fake_addr = 0x7f0000000000ULL | (ctx.db().keys().hashOf(ctx.arg(2)) & 0xffffffff0ULL);
        char buf[64];
        std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(fake_addr));
        std::string s = "Value at:0x" + std::string(buf) + " refcount:" + std::to_string(o->refcount()) +
                        " encoding:" + std::string(encodingName(o->encoding())) +
                        " serializedlength:" + std::to_string(rdbObjectLength(*o)) +
                        " lru:" + std::to_string(o->lru()) +
                        " lru_seconds_idle:" + std::to_string(ctx.db().idleMs(*o) / 1000);
        if (o->encoding() == Encoding::QuickList) s += quicklistDebugFields(o->quicklist());
        ctx.reply.status(s);
    } else {
        subcommandSyntaxError(ctx);
    }
}

// ---- CONFIG ----

void configGetCommand(CommandContext& ctx) {
    auto pairs = ctx.engine.config().getMatching(ctx.argv.subspan(2));
    ctx.reply.mapLen(pairs.size());
    for (const auto& [k, v] : pairs) {
        ctx.reply.bulk(k);
        ctx.reply.bulk(v);
    }
}

void configSetCommand(CommandContext& ctx) {
    if (ctx.argc() % 2 != 0) {
        ctx.reply.error(err::kSyntax);
        return;
    }
    const std::string old_pass = ctx.engine.cfg().requirepass;
    const bool old_aof = ctx.engine.cfg().appendonly;
    const long long old_maxmemory = ctx.engine.cfg().maxmemory;
    if (auto e = ctx.engine.config().setMany(ctx.argv.subspan(2))) {
        ctx.reply.error(*e);
        return;
    }
    // appendonly starts or stops the AOF (a rewrite creates its base first).
    if (ctx.engine.cfg().appendonly != old_aof && !ctx.engine.aof().appendonlyChanged(ctx.client.in_exec)) {
        ctx.engine.config().values.appendonly = old_aof;
        ctx.reply.error(
            "ERR CONFIG SET failed (possibly related to argument 'appendonly') - Unable to turn on AOF. Check server "
            "logs.");
        return;
    }
    // requirepass is the default user's password: a new value replaces its passwords
    // (the same value again changes nothing, as in Redis).
    if (ctx.engine.cfg().requirepass != old_pass) ctx.engine.acl().setDefaultPassword(ctx.engine.cfg().requirepass);
    // updateMaxmemory: a new non-zero limit starts evicting at once (Redis 7.0.15 starts
    // its eviction timer, which runs before any other command; redsim evicts right here,
    // which no client can tell apart). Inside MULTI/EXEC Redis evicts nothing until EXEC
    // is over (checked against redis-server): the next command's eviction step does it.
    // DIFFERS FROM REDIS: after such an EXEC, Redis's timer evicts even if no command
    // follows; redsim waits for the next command (or the cron).
    if (ctx.engine.cfg().maxmemory != old_maxmemory && ctx.engine.cfg().maxmemory != 0 && !ctx.client.in_exec)
        ctx.engine.evictor().performEvictions();
    ctx.reply.ok();
}

void configResetstatCommand(CommandContext& ctx) {
    ctx.engine.stats().reset();
    ctx.reply.ok();
}

void configRewriteCommand(CommandContext& ctx) { ctx.reply.error("ERR The server is running without a config file"); }

void configHelpCommand(CommandContext& ctx) {
    ctx.reply.helpLines("CONFIG", {
                                      "GET <pattern>",
                                      "    Return parameters matching the glob-like <pattern> and their values.",
                                      "SET <directive> <value>",
                                      "    Set the configuration <directive> to <value>.",
                                      "RESETSTAT",
                                      "    Reset statistics reported by the INFO command.",
                                      "REWRITE",
                                      "    Rewrite the configuration file.",
                                  });
}

void infoCommand(CommandContext& ctx) {
    const std::string text = infoString(ctx.engine, ctx.argv.subspan(1));
    ctx.reply.verbatim(text);
}

// ---- the command table rows (flags, ACL categories and key specs as Redis 7.0 reports them) ----

constexpr CommandSpec kConfigSubcommands[] = {
    {
        .name = "get",
        .arity = -3,
        .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .syntax = "parameter [parameter ...]",
        .summary = "Read configuration parameters matching glob patterns",
        .complexity = "O(N) when N is the number of configuration parameters provided",
        .group = "server",
        .since = "2.0.0",
        .handler = configGetCommand,
    },
    {
        .name = "help",
        .arity = 2,
        .flags = cmd::kLoading | cmd::kStale,
        .summary = "List the CONFIG subcommands",
        .complexity = "O(1)",
        .group = "server",
        .since = "5.0.0",
        .handler = configHelpCommand,
    },
    {
        .name = "resetstat",
        .arity = 2,
        .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .summary = "Zero the statistics that INFO reports",
        .complexity = "O(1)",
        .group = "server",
        .since = "2.0.0",
        .handler = configResetstatCommand,
    },
    {
        .name = "rewrite",
        .arity = 2,
        .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .summary = "Write the running configuration back to the config file",
        .complexity = "O(1)",
        .group = "server",
        .since = "2.8.0",
        .handler = configRewriteCommand,
    },
    {
        .name = "set",
        .arity = -4,
        .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .syntax = "parameter value [parameter value ...]",
        .summary = "Change configuration parameters while the server runs",
        .complexity = "O(N) when N is the number of configuration parameters provided",
        .group = "server",
        .since = "2.0.0",
        .tips = "request_policy:all_nodes response_policy:all_succeeded",
        .handler = configSetCommand,
    },
};

constexpr CommandSpec kServerCommands[] = {
    {
        .name = "auth",
        .arity = -2,
        .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale | cmd::kFast | cmd::kNoAuth | cmd::kAllowBusy,
        .acl = acl::kConnection,
        .syntax = "[username] password",
        .summary = "Prove who you are: the default user's password, or a user and password",
        .complexity = "O(N) in the number of passwords of the user",
        .group = "connection",
        .since = "1.0.0",
        .handler = authCommand,
    },
    {
        .name = "shutdown",
        .arity = -1,
        .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale | cmd::kNoMulti | cmd::kAllowBusy,
        .syntax = "[NOSAVE | SAVE] [NOW] [FORCE] [ABORT]",
        .summary = "Stop the server, optionally saving first",
        .complexity = "O(1), or O(N) in the number of keys when saving",
        .group = "server",
        .since = "1.0.0",
        .handler = shutdownCommand,
    },
    {
        .name = "select",
        .arity = 2,
        .flags = cmd::kLoading | cmd::kStale | cmd::kFast,
        .acl = acl::kConnection,
        .syntax = "index",
        .summary = "Switch this connection to another numbered database",
        .complexity = "O(1)",
        .group = "connection",
        .since = "1.0.0",
        .handler = selectCommand,
    },
    {
        .name = "swapdb",
        .arity = 3,
        .flags = cmd::kWrite | cmd::kFast,
        .acl = acl::kKeyspace | acl::kDangerous,
        .syntax = "index1 index2",
        .summary = "Exchange the contents of two databases for every client at once",
        .complexity = "O(N) in the number of clients watching or blocked on keys of the two databases",
        .group = "server",
        .since = "4.0.0",
        .handler = swapdbCommand,
    },
    {
        .name = "dbsize",
        .arity = 1,
        .flags = cmd::kReadonly | cmd::kFast,
        .acl = acl::kKeyspace,
        .summary = "Count the keys in the current database",
        .complexity = "O(1)",
        .group = "server",
        .since = "1.0.0",
        .tips = "request_policy:all_shards response_policy:agg_sum",
        .handler = dbsizeCommand,
    },
    {
        .name = "flushdb",
        .arity = -1,
        .flags = cmd::kWrite,
        .acl = acl::kKeyspace | acl::kDangerous,
        .syntax = "[ASYNC | SYNC]",
        .summary = "Delete every key in the current database",
        .complexity = "O(N) in the number of keys in the database",
        .group = "server",
        .since = "1.0.0",
        .tips = "request_policy:all_shards response_policy:all_succeeded",
        .handler = flushdbCommand,
    },
    {
        .name = "flushall",
        .arity = -1,
        .flags = cmd::kWrite,
        .acl = acl::kKeyspace | acl::kDangerous,
        .syntax = "[ASYNC | SYNC]",
        .summary = "Delete every key in every database",
        .complexity = "O(N) in the number of keys in all databases",
        .group = "server",
        .since = "1.0.0",
        .tips = "request_policy:all_shards response_policy:all_succeeded",
        .handler = flushallCommand,
    },
    {
        .name = "ping",
        .arity = -1,
        .flags = cmd::kFast,
        .acl = acl::kConnection,
        .syntax = "[message]",
        .summary = "Check that the server answers; echoes a message if given one",
        .complexity = "O(1)",
        .group = "connection",
        .since = "1.0.0",
        .tips = "request_policy:all_shards response_policy:all_succeeded",
        .handler = pingCommand,
    },
    {
        .name = "echo",
        .arity = 2,
        .flags = cmd::kLoading | cmd::kStale | cmd::kFast,
        .acl = acl::kConnection,
        .syntax = "message",
        .summary = "Send a message back unchanged",
        .complexity = "O(1)",
        .group = "connection",
        .since = "1.0.0",
        .handler = echoCommand,
    },
    {
        .name = "time",
        .arity = 1,
        .flags = cmd::kLoading | cmd::kStale | cmd::kFast,
        .summary = "Tell the server's clock as Unix seconds and microseconds",
        .complexity = "O(1)",
        .group = "server",
        .since = "2.6.0",
        .tips = "nondeterministic_output",
        .handler = timeCommand,
    },
    {
        .name = "hello",
        .arity = -1,
        .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale | cmd::kFast | cmd::kNoAuth | cmd::kAllowBusy,
        .acl = acl::kConnection,
        .syntax = "[protover [AUTH username password] [SETNAME clientname]]",
        .summary = "Choose the protocol version (RESP2 or RESP3) and describe the server",
        .complexity = "O(1)",
        .group = "connection",
        .since = "6.0.0",
        .handler = helloCommand,
    },
    {
        .name = "config",
        .arity = -2,
        .flags = 0,
        .summary = "Read and change server configuration",
        .complexity = "Depends on subcommand.",
        .group = "server",
        .since = "2.0.0",
        .handler = nullptr,
        .subcommands = kConfigSubcommands,
    },
    {
        .name = "info",
        .arity = -1,
        .flags = cmd::kLoading | cmd::kStale,
        .acl = acl::kDangerous,
        .syntax = "[section [section ...]]",
        .summary = "Report server state and statistics, section by section",
        .complexity = "O(1)",
        .group = "server",
        .since = "1.0.0",
        .tips = "nondeterministic_output request_policy:all_shards response_policy:special",
        .handler = infoCommand,
    },
    {
        .name = "debug",
        .arity = -2,
        .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .syntax = "<OBJECT key:string | SLEEP seconds:double | HELP>",
        .summary = "Internal commands for inspecting and testing the server",
        .complexity = "Depends on subcommand.",
        .group = "server",
        .since = "1.0.0",
        .handler = debugCommand,
    },
    {
        .name = "reset",
        .arity = 1,
        .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale | cmd::kFast | cmd::kNoAuth | cmd::kAllowBusy,
        .acl = acl::kConnection,
        .summary = "Return the connection to its initial state",
        .complexity = "O(1)",
        .group = "connection",
        .since = "6.2.0",
        .handler = resetCommand,
    },
    {
        .name = "quit",
        .arity = -1,
        .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale | cmd::kFast | cmd::kNoAuth | cmd::kAllowBusy,
        .acl = acl::kConnection,
        .summary = "Close the connection after the reply",
        .complexity = "O(1)",
        .group = "connection",
        .since = "1.0.0",
        .handler = quitCommand,
    },
};

}  // namespace

std::span<const CommandSpec> serverCommands() { return kServerCommands; }

}  // namespace redsim
