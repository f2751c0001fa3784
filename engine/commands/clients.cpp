// CLIENT: the connection's own identity (ID, SETNAME, GETNAME) and the list of
// connected clients (LIST, INFO) in Redis's one-line-per-client format.
#include <algorithm>
#include <optional>
#include <string>

#include "engine/acl.h"
#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/util/numbers.h"

namespace redsim {

std::span<const CommandSpec> trackingClientSubcommands();  // engine/commands/tracking.cpp

namespace {

// CLIENT LIST's flags= letters, in Redis's order; N for none.
std::string clientFlags(const Client& c) {
    std::string f;
    if (c.monitor) f += 'O';
    if (c.inPubSubMode()) f += 'P';
    if (c.in_multi) f += 'x';
    if (c.blocked()) f += 'b';
    if (c.tracking.on) f += 't';
    if (c.tracking.broken_redir) f += 'R';
    if (c.tracking.bcast) f += 'B';
    if (c.dirty_cas) f += 'd';
    if (c.no_evict) f += 'e';
    return f.empty() ? "N" : f;
}

// multi=: commands queued in MULTI, -1 outside a transaction.
std::string multiCount(const Client& c) {
    if (!c.in_multi) return "-1";
    return std::to_string(c.in_exec ? c.queued_count_during_exec : c.queued.size());
}

// One CLIENT LIST line (without the trailing newline). Fields Redis reports about
// socket buffers are the sizes redsim's embedded client really has (none).
std::string clientLine(Engine& engine, const Client& c) {
    const int64_t now = engine.nowMs();
    std::string cmd = "NULL";
    if (c.last_command) cmd = CommandTable::fullName(*c.last_command, c.last_parent);
    return "id=" + std::to_string(c.id) + " addr=" + c.addr + " laddr=" + c.laddr + " fd=" + std::to_string(c.fd) +
           " name=" + c.name + " age=" + std::to_string((now - c.created_ms) / 1000) +
           " idle=" + std::to_string((now - c.last_interaction_ms) / 1000) + " flags=" + clientFlags(c) +
           " db=" + std::to_string(c.db) + " sub=" + std::to_string(c.sub_channels.size()) +
           " psub=" + std::to_string(c.sub_patterns.size()) + " ssub=" + std::to_string(c.sub_shard_channels.size()) +
           " multi=" + multiCount(c) +
           " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 "
           "omem=" +
           std::to_string(c.out.size()) + " tot-mem=0 events=r cmd=" + cmd +
           " user=" + (c.user ? c.user->name : std::string("default")) +
           " redir=" + std::to_string(c.tracking.on ? static_cast<long long>(c.tracking.redirect) : -1) +
           " resp=" + std::to_string(c.resp);
}

// Client types for CLIENT LIST/KILL TYPE (getClientType): a client with any Pub/Sub
// subscription is "pubsub", every other redsim client "normal" (no replication yet).
enum class ClientType { Normal, Pubsub, Other };

ClientType clientType(const Client& c) { return c.inPubSubMode() ? ClientType::Pubsub : ClientType::Normal; }

// Parses a type name; an unknown one replies Redis's error and gives nullopt.
std::optional<ClientType> parseClientType(CommandContext& ctx, const std::string& t) {
    if (argIs(t, "normal")) return ClientType::Normal;
    if (argIs(t, "pubsub")) return ClientType::Pubsub;
    if (argIs(t, "master") || argIs(t, "replica") || argIs(t, "slave")) return ClientType::Other;
    ctx.reply.error("ERR Unknown client type '" + t + "'");
    return std::nullopt;
}

void clientIdCommand(CommandContext& ctx) { ctx.reply.integer(static_cast<long long>(ctx.client.id)); }

void clientGetnameCommand(CommandContext& ctx) {
    if (ctx.client.name.empty())
        ctx.reply.null();
    else
        ctx.reply.bulk(ctx.client.name);
}

void clientSetnameCommand(CommandContext& ctx) {
    if (!checkClientName(ctx, ctx.arg(2))) return;
    ctx.client.name = ctx.arg(2);
    ctx.reply.ok();
}

void clientInfoCommand(CommandContext& ctx) { ctx.reply.verbatim(clientLine(ctx.engine, ctx.client) + "\n"); }

void clientListCommand(CommandContext& ctx) {
    std::vector<uint64_t> ids;
    bool filter_ids = false;
    std::optional<ClientType> type;
    if (ctx.argc() == 4 && argIs(ctx.arg(2), "type")) {
        type = parseClientType(ctx, ctx.arg(3));
        if (!type) return;
    } else if (ctx.argc() >= 4 && argIs(ctx.arg(2), "id")) {
        filter_ids = true;
        for (size_t j = 3; j < ctx.argc(); ++j) {
            auto v = parseInt64(ctx.arg(j));
            if (!v) {
                ctx.reply.error("ERR Invalid client ID");
                return;
            }
            if (*v > 0) ids.push_back(static_cast<uint64_t>(*v));  // 0 or less: no such client
        }
    } else if (ctx.argc() != 2) {
        ctx.reply.error(err::kSyntax);
        return;
    }
    std::string out;
    if (filter_ids) {
        for (uint64_t id : ids)
            if (const Client* c = ctx.engine.client(id)) out += clientLine(ctx.engine, *c) + "\n";
    } else {
        for (const auto& [id, c] : ctx.engine.clients())
            if (!type || clientType(*c) == *type) out += clientLine(ctx.engine, *c) + "\n";
    }
    ctx.reply.verbatim(out);
}

// CLIENT KILL <ip:port>              (old form: OK or "No such client"; may kill itself)
// CLIENT KILL <filter> <value> …     (new form: the number killed; SKIPME yes by default)
// Clients other than the caller are marked close_asap: the face closes them after this
// command. The caller, if it matches, is closed after its reply.
void clientKillCommand(CommandContext& ctx) {
    std::optional<std::string> addr, laddr;
    uint64_t id = 0;
    bool skipme = true;
    std::optional<ClientType> type;
    std::shared_ptr<acl::User> user;
    if (ctx.argc() == 3) {
        addr = ctx.arg(2);
        skipme = false;
    } else {
        for (size_t i = 2; i < ctx.argc(); i += 2) {
            const bool more = i + 1 < ctx.argc();
            const std::string& opt = ctx.arg(i);
            if (argIs(opt, "id") && more) {
                auto v = parseInt64(ctx.arg(i + 1));
                if (!v || *v < 1) {
                    ctx.reply.error("ERR client-id should be greater than 0");
                    return;
                }
                id = static_cast<uint64_t>(*v);
            } else if (argIs(opt, "type") && more) {
                type = parseClientType(ctx, ctx.arg(i + 1));
                if (!type) return;
            } else if (argIs(opt, "addr") && more) {
                addr = ctx.arg(i + 1);
            } else if (argIs(opt, "laddr") && more) {
                laddr = ctx.arg(i + 1);
            } else if (argIs(opt, "user") && more) {
                user = ctx.engine.acl().find(ctx.arg(i + 1));
                if (!user) {
                    ctx.reply.error("ERR No such user '" + ctx.arg(i + 1) + "'");
                    return;
                }
            } else if (argIs(opt, "skipme") && more) {
                if (argIs(ctx.arg(i + 1), "yes"))
                    skipme = true;
                else if (argIs(ctx.arg(i + 1), "no"))
                    skipme = false;
                else {
                    ctx.reply.error(err::kSyntax);
                    return;
                }
            } else {
                ctx.reply.error(err::kSyntax);
                return;
            }
        }
    }
    long long killed = 0;
    for (const auto& [cid, c] : ctx.engine.clients()) {
        if (type && clientType(*c) != *type) continue;
        if (addr && c->addr != *addr) continue;
        if (laddr && c->laddr != *laddr) continue;
        if (id != 0 && cid != id) continue;
        if (user && c->user != user) continue;
        if (c.get() == &ctx.client) {
            if (skipme) continue;
            ctx.client.close_after_reply = true;
        } else {
            c->close_asap = true;
            ctx.engine.killed_clients.push_back(cid);
        }
        ++killed;
    }
    if (ctx.argc() == 3) {
        if (killed == 0)
            ctx.reply.error("ERR No such client");
        else
            ctx.reply.ok();
    } else {
        ctx.reply.integer(killed);
    }
}

void clientHelpCommand(CommandContext& ctx) {
    ctx.reply.helpLines("CLIENT", {
                                      "CACHING (YES|NO)",
                                      "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
                                      "GETREDIR",
                                      "    Return the client ID we are redirecting to when tracking is enabled.",
                                      "GETNAME",
                                      "    Return the name of the current connection.",
                                      "ID",
                                      "    Return the ID of the current connection.",
                                      "INFO",
                                      "    Return information about the current client connection.",
                                      "KILL <ip:port>",
                                      "    Kill connection made from <ip:port>.",
                                      "KILL <option> <value> [<option> <value> [...]]",
                                      "    Kill connections. Options are:",
                                      "    * ADDR (<ip:port>|<unixsocket>:0)",
                                      "      Kill connections made from the specified address",
                                      "    * LADDR (<ip:port>|<unixsocket>:0)",
                                      "      Kill connections made to specified local address",
                                      "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                                      "      Kill connections by type.",
                                      "    * USER <username>",
                                      "      Kill connections authenticated by <username>.",
                                      "    * SKIPME (YES|NO)",
                                      "      Skip killing current connection (default: yes).",
                                      "LIST [options ...]",
                                      "    Return information about client connections. Options:",
                                      "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                                      "      Return clients of specified type.",
                                      "UNPAUSE",
                                      "    Stop the current client pause, resuming traffic.",
                                      "PAUSE <timeout> [WRITE|ALL]",
                                      "    Suspend all, or just write, clients for <timeout> milliseconds.",
                                      "REPLY (ON|OFF|SKIP)",
                                      "    Control the replies sent to the current connection.",
                                      "SETNAME <name>",
                                      "    Assign the name <name> to the current connection.",
                                      "UNBLOCK <clientid> [TIMEOUT|ERROR]",
                                      "    Unblock the specified blocked client.",
                                      "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
                                      "         [OPTIN] [OPTOUT] [NOLOOP]",
                                      "    Control server assisted client side caching.",
                                      "TRACKINGINFO",
                                      "    Report tracking status for the current connection.",
                                      "NO-EVICT (ON|OFF)",
                                      "    Protect current client connection from eviction.",
                                  });
}

// CLIENT REPLY ON|OFF|SKIP: OFF drops every later reply (this one too) until ON; SKIP
// drops the next command's reply. The dropping happens in Engine::execute.
void clientReplyCommand(CommandContext& ctx) {
    const std::string& mode = ctx.arg(2);
    if (argIs(mode, "on")) {
        ctx.client.reply_off = ctx.client.reply_skip = false;
        ctx.reply.ok();
    } else if (argIs(mode, "off")) {
        ctx.client.reply_off = true;
    } else if (argIs(mode, "skip")) {
        if (!ctx.client.reply_off) ctx.client.reply_skip_next = true;
    } else {
        ctx.reply.error(err::kSyntax);
    }
}

// CLIENT NO-EVICT ON|OFF: exempts this client from client eviction (maxmemory-clients).
void clientNoEvictCommand(CommandContext& ctx) {
    if (argIs(ctx.arg(2), "on")) {
        ctx.client.no_evict = true;
    } else if (argIs(ctx.arg(2), "off")) {
        ctx.client.no_evict = false;
    } else {
        ctx.reply.error(err::kSyntax);
        return;
    }
    ctx.reply.ok();
}

// CLIENT UNBLOCK id [TIMEOUT|ERROR]: a client blocked on keys answers as if its timeout
// had come (or with an -UNBLOCKED error). 1 if it was blocked, else 0.
// DIFFERS FROM REDIS: a client held by CLIENT PAUSE is not "blocked" here (0); Redis
// 7.0.15 crashes on that case.
void clientUnblockCommand(CommandContext& ctx) {
    if (ctx.argc() > 4) {
        subcommandSyntaxError(ctx);
        return;
    }
    auto why = Engine::UnblockReason::Timeout;
    if (ctx.argc() == 4) {
        if (argIs(ctx.arg(3), "error")) {
            why = Engine::UnblockReason::Error;
        } else if (!argIs(ctx.arg(3), "timeout")) {
            ctx.reply.error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            return;
        }
    }
    auto id = intArg(ctx, 2);
    if (!id) return;
    Client* target = *id > 0 ? ctx.engine.client(static_cast<uint64_t>(*id)) : nullptr;
    if (target && target->blocked() && target->block.type != BlockType::Postpone) {
        ctx.engine.unblockClient(*target, why);
        ctx.reply.integer(1);
    } else {
        ctx.reply.integer(0);
    }
}

// CLIENT PAUSE timeout-ms [WRITE|ALL]: hold back every command (ALL, the default) or
// those that may change data (WRITE) until the time is over or CLIENT UNPAUSE.
void clientPauseCommand(CommandContext& ctx) {
    auto type = Engine::PauseType::All;
    if (ctx.argc() == 4) {
        if (argIs(ctx.arg(3), "write")) {
            type = Engine::PauseType::Write;
        } else if (!argIs(ctx.arg(3), "all")) {
            ctx.reply.error("ERR CLIENT PAUSE mode must be WRITE or ALL");
            return;
        }
    } else if (ctx.argc() > 4) {
        subcommandSyntaxError(ctx);
        return;
    }
    auto end = blockTimeoutArg(ctx, 2, false);
    if (!end) return;
    // Timeout 0 still pauses, until now (the next command ends it).
    ctx.engine.pauseClients(type, *end == 0 ? ctx.engine.nowMs() : *end);
    ctx.reply.ok();
}

void clientUnpauseCommand(CommandContext& ctx) {
    ctx.engine.unpauseClients();
    ctx.reply.ok();
}

// ---- the command table rows (flags, ACL categories and key specs as Redis 7.0 reports them) ----

constexpr CommandSpec kClientSubcommands[] = {
    {
        .name = "unblock",
        .arity = -3,
        .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .acl = acl::kConnection,
        .syntax = "client-id:integer [TIMEOUT | ERROR]",
        .summary = "Make a client blocked in BLPOP, XREAD BLOCK… answer now, as on timeout or with an error",
        .complexity = "O(log N) for N clients",
        .group = "connection",
        .since = "5.0.0",
        .handler = clientUnblockCommand,
    },
    {
        .name = "pause",
        .arity = -3,
        .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .acl = acl::kConnection,
        .syntax = "timeout [WRITE | ALL]",
        .summary = "Hold back every command, or only writes, of all clients for timeout milliseconds",
        .complexity = "O(1)",
        .group = "connection",
        .since = "2.9.50",
        .handler = clientPauseCommand,
    },
    {
        .name = "unpause",
        .arity = 2,
        .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .acl = acl::kConnection,
        .summary = "End a CLIENT PAUSE now; the held commands run",
        .complexity = "O(N) for N paused clients",
        .group = "connection",
        .since = "6.2.0",
        .handler = clientUnpauseCommand,
    },
    {
        .name = "reply",
        .arity = 3,
        .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .acl = acl::kConnection,
        .syntax = "<ON | OFF | SKIP>",
        .summary = "Turns this connection's replies off, back on, or off for the next command only",
        .complexity = "O(1)",
        .group = "connection",
        .since = "3.2.0",
        .handler = clientReplyCommand,
    },
    {
        .name = "no-evict",
        .arity = 3,
        .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .acl = acl::kConnection,
        .syntax = "<ON | OFF>",
        .summary = "Exempts this connection from client eviction, or makes it evictable again",
        .complexity = "O(1)",
        .group = "connection",
        .since = "7.0.0",
        .handler = clientNoEvictCommand,
    },
    {
        .name = "kill",
        .arity = -3,
        .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .acl = acl::kConnection,
        .syntax =
            "<ip:port | <ID client-id:integer | TYPE <NORMAL | MASTER | SLAVE | REPLICA | PUBSUB> | USER username | "
            "ADDR ip:port | LADDR ip:port | SKIPME <YES | NO>> [<ID client-id:integer | TYPE <NORMAL | MASTER | SLAVE "
            "| REPLICA | PUBSUB> | USER username | ADDR ip:port | LADDR ip:port | SKIPME <YES | NO>> ...]>",
        .summary = "Close client connections chosen by id, address, type or user",
        .complexity = "O(N) in the number of client connections",
        .group = "connection",
        .since = "2.4.0",
        .handler = clientKillCommand,
    },
    {
        .name = "getname",
        .arity = 2,
        .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .acl = acl::kConnection,
        .summary = "Tell the name this connection gave itself",
        .complexity = "O(1)",
        .group = "connection",
        .since = "2.6.9",
        .handler = clientGetnameCommand,
    },
    {
        .name = "help",
        .arity = 2,
        .flags = cmd::kLoading | cmd::kStale,
        .acl = acl::kConnection,
        .summary = "List the CLIENT subcommands",
        .complexity = "O(1)",
        .group = "connection",
        .since = "5.0.0",
        .handler = clientHelpCommand,
    },
    {
        .name = "id",
        .arity = 2,
        .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .acl = acl::kConnection,
        .summary = "Tell this connection's unique id",
        .complexity = "O(1)",
        .group = "connection",
        .since = "5.0.0",
        .handler = clientIdCommand,
    },
    {
        .name = "info",
        .arity = 2,
        .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .acl = acl::kConnection,
        .summary = "Describe this connection in CLIENT LIST's format",
        .complexity = "O(1)",
        .group = "connection",
        .since = "6.2.0",
        .tips = "nondeterministic_output",
        .handler = clientInfoCommand,
    },
    {
        .name = "list",
        .arity = -2,
        .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .acl = acl::kConnection,
        .syntax = "[TYPE NORMAL | MASTER | REPLICA | PUBSUB] [ID client-id:integer [client-id:integer ...]]",
        .summary = "List the connected clients, one line each",
        .complexity = "O(N) where N is the number of client connections",
        .group = "connection",
        .since = "2.4.0",
        .tips = "nondeterministic_output",
        .handler = clientListCommand,
    },
    {
        .name = "setname",
        .arity = 3,
        .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .acl = acl::kConnection,
        .syntax = "connection-name",
        .summary = "Give this connection a name (shown by CLIENT LIST)",
        .complexity = "O(1)",
        .group = "connection",
        .since = "2.6.9",
        .handler = clientSetnameCommand,
    },
};

// CLIENT TRACKING/CACHING/TRACKINGINFO/GETREDIR live in tracking.cpp.
std::span<const CommandSpec> allClientSubcommands() {
    static const std::vector<CommandSpec> rows = [] {
        std::vector<CommandSpec> v(std::begin(kClientSubcommands), std::end(kClientSubcommands));
        for (const CommandSpec& s : trackingClientSubcommands()) v.push_back(s);
        return v;
    }();
    return rows;
}

}  // namespace

std::span<const CommandSpec> clientCommands() {
    // Built on first use: the subcommand list joins rows of two files.
    static const CommandSpec kClientCommands[] = {
        {
            .name = "client",
            .arity = -2,
            .flags = 0,
            .summary = "Inspect and manage client connections",
            .complexity = "Depends on subcommand.",
            .group = "connection",
            .since = "2.4.0",
            .handler = nullptr,
            .subcommands = allClientSubcommands(),
        },
    };
    return kClientCommands;
}

std::string clientInfoLine(Engine& engine, const Client& c) { return clientLine(engine, c); }

}  // namespace redsim
