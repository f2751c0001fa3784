// ACL (SETUSER GETUSER DELUSER USERS LIST WHOAMI CAT GENPASS LOG DRYRUN SAVE LOAD HELP),
// the permission check execute() runs before every command, and authentication.
//
// The users and the rule language live in engine/acl.{h,cpp}; this file connects them
// to clients: who is logged in as whom, the NOPERM replies, the ACL LOG entries (with
// the client's CLIENT INFO line and the engine clock), and the clients Redis
// disconnects when their user is deleted or loses a channel.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/acl.h"
#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/util/numbers.h"

namespace redsim {
namespace acl {

namespace {

std::string contextName(LogContext c) {
    switch (c) {
        case LogContext::kToplevel:
            return "toplevel";
        case LogContext::kMulti:
            return "multi";
        case LogContext::kLua:
            return "lua";
    }
    return "unknown";
}

std::string reasonName(Denied d) {
    switch (d) {
        case Denied::kCommand:
            return "command";
        case Denied::kKey:
            return "key";
        case Denied::kChannel:
            return "channel";
        case Denied::kAuth:
            return "auth";
        default:
            return "unknown";
    }
}

// Closes a client whose user went away (ACL DELUSER, ACL LOAD): it falls back to the
// default user, unauthenticated, and is disconnected once this command has answered.
void dropClient(Engine& engine, Client& self, Client& c) {
    c.user = engine.acl().defaultUser();
    c.authenticated = false;
    if (&c == &self) {
        c.close_after_reply = true;
    } else if (!c.close_asap) {
        c.close_asap = true;
        engine.killed_clients.push_back(c.id);
    }
}

void dropClientsOf(Engine& engine, Client& self, const std::vector<std::shared_ptr<User>>& gone) {
    for (const auto& [id, c] : engine.clients())
        for (const auto& u : gone)
            if (c->user == u) dropClient(engine, self, *c);
}

// After SETUSER: subscribers of `original` that the new rules no longer allow on one of
// their channels or patterns are disconnected (Redis 7.0's ACLKillPubsubClientsIfNeeded).
void killPubsubClientsIfNeeded(Engine& engine, Client& self, const User& updated,
                               const std::shared_ptr<User>& original) {
    for (const Selector& s : updated.selectors)
        if (s.allchannels) return;
    User upcoming;  // every channel pattern of every selector, in one list
    upcoming.selectors.emplace_back();
    for (const Selector& s : updated.selectors)
        for (const auto& c : s.channels) upcoming.selectors[0].channels.push_back(c);
    const auto& list = upcoming.selectors[0].channels;
    bool superset = true;
    for (const Selector& s : original->selectors)
        for (const auto& c : s.channels)
            if (std::find(list.begin(), list.end(), c) == list.end()) superset = false;
    if (superset) return;
    for (const auto& [id, c] : engine.clients()) {
        if (c->user != original || !c->inPubSubMode()) continue;
        bool kill = false;
        for (const auto& p : c->sub_patterns) kill = kill || !Acl::channelAllowed(upcoming, p, true);
        for (const auto& ch : c->sub_channels) kill = kill || !Acl::channelAllowed(upcoming, ch, false);
        for (const auto& ch : c->sub_shard_channels) kill = kill || !Acl::channelAllowed(upcoming, ch, false);
        if (kill) dropClient(engine, self, *c);
    }
}

}  // namespace

void logDenial(Engine& engine, const Client& client, Denied reason, LogContext context, std::string object,
               std::string username) {
    LogEntry e;
    e.reason = reason;
    e.context = context;
    e.object = std::move(object);
    e.username = std::move(username);
    e.ctime_ms = engine.nowMs();
    // A refusal inside a script is reported with the client that ran the script.
    const Client* real = &client;
    if (engine.script.script_client == &client && engine.script.caller) real = engine.script.caller;
    e.cinfo = clientInfoLine(engine, *real);
    engine.acl().addLog(std::move(e), static_cast<size_t>(std::max<long long>(0, engine.cfg().acllog_max_len)));
}

std::optional<std::string> checkCommand(Engine& engine, Client& client, const CommandSpec& spec,
                                        const CommandSpec* parent, std::span<const std::string> argv,
                                        LogContext context) {
    if (!client.user) client.user = engine.acl().defaultUser();  // a client not made by createClient
    const User& user = *client.user;
    size_t pos = 0;
    const Denied d = engine.acl().check(user, spec, argv, pos);
    if (d == Denied::kOk) return std::nullopt;
    const std::string fullname = CommandTable::fullName(spec, parent);
    const std::string object = d == Denied::kCommand ? fullname : argv[pos];
    if (context == LogContext::kLua) {
        // A script runs as its caller's user; the log shows the caller.
        logDenial(engine, client, d, context, object, user.name);
        if (d == Denied::kCommand) return "The user executing the script can't run this command or subcommand";
        if (d == Denied::kKey)
            return "The user executing the script can't access at least one of the keys mentioned in the command "
                   "arguments";
        return "The user executing the script can't publish to the channel mentioned in the command";
    }
    if (client.in_exec) {
        // EXEC checks again: the rules may have changed since the command was queued.
        logDenial(engine, client, d, LogContext::kMulti, object, user.name);
        std::string why = d == Denied::kCommand ? "no permission to execute the command or subcommand"
                          : d == Denied::kKey   ? "no permission to touch the specified keys"
                                                : "no permission to access one of the channels used as arguments";
        return "NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. This "
               "command is no longer allowed for the following reason: " +
               why;
    }
    // CLIENT INFO's cmd= in the log names the refused command, as Redis's lastcmd.
    client.last_command = &spec;
    client.last_parent = parent;
    logDenial(engine, client, d, context, object, user.name);
    if (d == Denied::kCommand) return "NOPERM this user has no permissions to run the '" + fullname + "' command";
    if (d == Denied::kKey)
        return std::string("NOPERM this user has no permissions to access one of the keys used as arguments");
    return std::string("NOPERM this user has no permissions to access one of the channels used as arguments");
}

bool authenticateClient(Engine& engine, Client& client, std::string_view username, std::string_view password,
                        std::string_view command) {
    if (auto u = engine.acl().authenticate(username, password)) {
        client.authenticated = true;
        client.user = std::move(u);
        return true;
    }
    logDenial(engine, client, Denied::kAuth, client.in_multi ? LogContext::kMulti : LogContext::kToplevel,
              std::string(command), std::string(username));
    return false;
}

void setDefaultAuth(Engine& engine, Client& client) {
    client.user = engine.acl().defaultUser();
    client.authenticated = (client.user->flags & kNoPass) && !(client.user->flags & kOff);
}

}  // namespace acl

namespace {

using acl::Acl;
using acl::User;

void aclSetuserCommand(CommandContext& ctx) {
    Acl& a = ctx.engine.acl();
    const std::string& name = ctx.arg(2);
    if (std::any_of(name.begin(), name.end(),
                    [](char c) { return std::isspace(static_cast<unsigned char>(c)) || c == 0; })) {
        ctx.reply.error("ERR Usernames can't contain spaces or null characters");
        return;
    }
    size_t bad = 0;
    auto rules = Acl::mergeSelectorArgs(ctx.argv.subspan(3), bad);
    if (!rules) {
        ctx.reply.error("ERR Unmatched parenthesis in acl selector starting at '" + ctx.arg(3 + bad) + "'.");
        return;
    }
    // All rules go to a copy first: one bad rule and nothing changes.
    auto existing = a.find(name);
    User temp = existing ? *existing : a.blankUser(name);
    for (const std::string& r : *rules) {
        if (auto e = a.apply(temp, r)) {
            ctx.reply.error("ERR Error in ACL SETUSER modifier '" + r + "': " + *e);
            return;
        }
    }
    if (existing) {
        acl::killPubsubClientsIfNeeded(ctx.engine, ctx.client, temp, existing);
        *existing = std::move(temp);
    } else {
        *a.create(name) = std::move(temp);
    }
    ctx.reply.ok();
}

void aclDeluserCommand(CommandContext& ctx) {
    for (size_t j = 2; j < ctx.argc(); ++j) {
        if (ctx.arg(j) == "default") {
            ctx.reply.error("ERR The 'default' user cannot be removed");
            return;
        }
    }
    std::vector<std::shared_ptr<User>> gone;
    for (size_t j = 2; j < ctx.argc(); ++j) {
        if (auto u = ctx.engine.acl().find(ctx.arg(j))) {
            ctx.engine.acl().remove(ctx.arg(j));
            gone.push_back(u);
        }
    }
    acl::dropClientsOf(ctx.engine, ctx.client, gone);
    ctx.reply.integer(static_cast<long long>(gone.size()));
}

void replySelector(CommandContext& ctx, const acl::Selector& s) {
    ctx.reply.bulk("commands");
    ctx.reply.bulk(ctx.engine.acl().describeCommands(s));
    ctx.reply.bulk("keys");
    ctx.reply.bulk(Acl::describeKeys(s));
    ctx.reply.bulk("channels");
    ctx.reply.bulk(Acl::describeChannels(s));
}

void aclGetuserCommand(CommandContext& ctx) {
    auto u = ctx.engine.acl().find(ctx.arg(2));
    if (!u) {
        ctx.reply.null();  // Redis 7.0.15: no such user is a null, not an error
        return;
    }
    static constexpr std::string_view kFlagNames[] = {"on", "off", "nopass", "skip-sanitize-payload",
                                                      "sanitize-payload"};
    ctx.reply.mapLen(6);
    ctx.reply.bulk("flags");
    size_t n = 0;
    for (size_t j = 0; j < std::size(kFlagNames); ++j) n += (u->flags >> j) & 1;
    ctx.reply.setLen(n);
    for (size_t j = 0; j < std::size(kFlagNames); ++j)
        if (u->flags & (1u << j)) ctx.reply.bulk(kFlagNames[j]);
    ctx.reply.bulk("passwords");
    ctx.reply.arrayLen(u->passwords.size());
    for (const auto& p : u->passwords) ctx.reply.bulk(p);
    replySelector(ctx, u->selectors[0]);
    ctx.reply.bulk("selectors");
    ctx.reply.arrayLen(u->selectors.size() - 1);
    for (size_t i = 1; i < u->selectors.size(); ++i) {
        ctx.reply.mapLen(3);
        replySelector(ctx, u->selectors[i]);
    }
}

void aclListCommand(CommandContext& ctx) {
    const Acl& a = ctx.engine.acl();
    ctx.reply.arrayLen(a.users().size());
    for (const auto& [name, u] : a.users()) ctx.reply.bulk("user " + name + " " + a.describe(*u));
}

void aclUsersCommand(CommandContext& ctx) {
    const Acl& a = ctx.engine.acl();
    ctx.reply.arrayLen(a.users().size());
    for (const auto& [name, u] : a.users()) ctx.reply.bulk(name);
}

void aclWhoamiCommand(CommandContext& ctx) { ctx.reply.bulk(ctx.client.user->name); }

bool requireAclFile(CommandContext& ctx) {
    if (!ctx.engine.cfg().aclfile.empty()) return true;
    ctx.reply.error(
        "ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL "
        "SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order "
        "to store users in the Redis configuration.");
    return false;
}

void aclLoadCommand(CommandContext& ctx) {
    if (!requireAclFile(ctx)) return;
    std::vector<std::shared_ptr<User>> gone;
    if (auto e = acl::loadAclFile(ctx.engine, gone)) {
        ctx.reply.error("ERR " + *e);
        return;
    }
    acl::dropClientsOf(ctx.engine, ctx.client, gone);
    ctx.reply.ok();
}

void aclSaveCommand(CommandContext& ctx) {
    if (!requireAclFile(ctx)) return;
    // Written to a temporary file, then renamed over the old one: a crash half-way
    // leaves the previous file intact.
    const std::string& file = ctx.engine.cfg().aclfile;
    const std::string tmp =
        file + ".tmp-" + std::to_string(ctx.engine.facts.process_id) + "-" + std::to_string(ctx.engine.nowMs());
    bool ok = false;
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (out) {
            out << ctx.engine.acl().serialize();
            out.close();
            ok = static_cast<bool>(out);
        }
    }
    std::error_code ec;
    if (ok) {
        std::filesystem::rename(tmp, file, ec);
        ok = !ec;
    }
    if (!ok) {
        std::filesystem::remove(tmp, ec);
        ctx.reply.error(
            "ERR There was an error trying to save the ACLs. Please check the server logs for more information");
        return;
    }
    ctx.reply.ok();
}

void aclCatCommand(CommandContext& ctx) {
    auto names = acl::categoryNames();
    if (ctx.argc() == 2) {
        ctx.reply.arrayLen(names.size());
        for (auto n : names) ctx.reply.bulk(n);
        return;
    }
    if (ctx.argc() != 3) {
        subcommandSyntaxError(ctx);
        return;
    }
    uint32_t cat = 0;
    for (size_t i = 0; i < names.size(); ++i)
        if (equalsIgnoreCase(names[i], ctx.arg(2))) cat = 1u << i;
    if (!cat) {
        ctx.reply.error("ERR Unknown category '" + ctx.arg(2).substr(0, 128) + "'");
        return;
    }
    const auto& idx = ctx.engine.acl().index();
    std::vector<std::string_view> out;
    for (size_t id : idx.top) {
        if (idx.entries[id].categories & cat) out.push_back(idx.entries[id].fullname);
        for (size_t sub : idx.entries[id].subs)
            if (idx.entries[sub].categories & cat) out.push_back(idx.entries[sub].fullname);
    }
    ctx.reply.arrayLen(out.size());
    for (auto n : out) ctx.reply.bulk(n);
}

void aclGenpassCommand(CommandContext& ctx) {
    if (ctx.argc() > 3) {
        subcommandSyntaxError(ctx);
        return;
    }
    long long bits = 256;
    if (ctx.argc() == 3) {
        auto v = parseInt64(ctx.arg(2));
        if (!v) {
            ctx.reply.error(err::kNotInteger);
            return;
        }
        bits = *v;
    }
    if (bits <= 0 || bits > 4096) {
        ctx.reply.error(
            "ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to "
            "4096");
        return;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string pass;
    for (long long i = 0; i < (bits + 3) / 4; ++i) pass += kHex[ctx.engine.rng().below(16)];
    ctx.reply.bulk(pass);
}

void aclLogCommand(CommandContext& ctx) {
    if (ctx.argc() > 3) {
        subcommandSyntaxError(ctx);
        return;
    }
    auto& log = ctx.engine.acl().log();
    long long count = 10;
    if (ctx.argc() == 3) {
        if (argIs(ctx.arg(2), "reset")) {
            log.clear();
            ctx.reply.ok();
            return;
        }
        auto v = parseInt64(ctx.arg(2));
        if (!v) {
            ctx.reply.error(err::kNotInteger);
            return;
        }
        count = std::max<long long>(0, *v);
    }
    count = std::min<long long>(count, static_cast<long long>(log.size()));
    ctx.reply.arrayLen(static_cast<size_t>(count));
    const int64_t now = ctx.engine.nowMs();
    for (long long i = 0; i < count; ++i) {
        const acl::LogEntry& e = log[static_cast<size_t>(i)];
        ctx.reply.mapLen(7);
        ctx.reply.bulk("count");
        ctx.reply.integer(static_cast<long long>(e.count));
        ctx.reply.bulk("reason");
        ctx.reply.bulk(acl::reasonName(e.reason));
        ctx.reply.bulk("context");
        ctx.reply.bulk(acl::contextName(e.context));
        ctx.reply.bulk("object");
        ctx.reply.bulk(e.object);
        ctx.reply.bulk("username");
        ctx.reply.bulk(e.username);
        ctx.reply.bulk("age-seconds");
        ctx.reply.doubleValue(static_cast<double>(now - e.ctime_ms) / 1000);
        ctx.reply.bulk("client-info");
        ctx.reply.bulk(e.cinfo);
    }
}

void aclDryrunCommand(CommandContext& ctx) {
    auto u = ctx.engine.acl().find(ctx.arg(2));
    if (!u) {
        ctx.reply.error("ERR User '" + ctx.arg(2) + "' not found");
        return;
    }
    std::span<const std::string> line = ctx.argv.subspan(3);
    const CommandSpec* spec = ctx.engine.commands().find(line[0]);
    const CommandSpec* parent = nullptr;
    if (spec && !spec->subcommands.empty() && line.size() >= 2) {
        parent = spec;
        spec = CommandTable::findSub(*parent, line[1]);
    }
    if (!spec) {
        ctx.reply.error("ERR Command '" + line[0] + "' not found");
        return;
    }
    const int argc = static_cast<int>(line.size());
    if ((spec->arity > 0 && argc != spec->arity) || argc < -spec->arity) {
        ctx.reply.error("ERR wrong number of arguments for '" + CommandTable::fullName(*spec, parent) + "' command");
        return;
    }
    size_t pos = 0;
    switch (ctx.engine.acl().check(*u, *spec, line, pos)) {
        case acl::Denied::kOk:
            ctx.reply.ok();
            return;
        case acl::Denied::kCommand:
            ctx.reply.bulk("This user has no permissions to run the '" + CommandTable::fullName(*spec, parent) +
                           "' command");
            return;
        case acl::Denied::kKey:
            ctx.reply.bulk("This user has no permissions to access the '" + line[pos] + "' key");
            return;
        default:
            ctx.reply.bulk("This user has no permissions to access the '" + line[pos] + "' channel");
            return;
    }
}

void aclHelpCommand(CommandContext& ctx) {
    ctx.reply.helpLines("ACL",
                        {
                            "CAT [<category>]",
                            "    List all commands that belong to <category>, or all command categories",
                            "    when no category is specified.",
                            "DELUSER <username> [<username> ...]",
                            "    Delete a list of users.",
                            "DRYRUN <username> <command> [<arg> ...]",
                            "    Returns whether the user can execute the given command without executing the command.",
                            "GETUSER <username>",
                            "    Get the user's details.",
                            "GENPASS [<bits>]",
                            "    Generate a secure 256-bit user password. The optional `bits` argument can",
                            "    be used to specify a different size.",
                            "LIST",
                            "    Show users details in config file format.",
                            "LOAD",
                            "    Reload users from the ACL file.",
                            "LOG [<count> | RESET]",
                            "    Show the ACL log entries.",
                            "SAVE",
                            "    Save the current config to the ACL file.",
                            "SETUSER <username> <attribute> [<attribute> ...]",
                            "    Create or modify a user with the specified attributes.",
                            "USERS",
                            "    List all the registered usernames.",
                            "WHOAMI",
                            "    Return the current connection username.",
                        });
}

constexpr CommandSpec kAclSubcommands[] = {
    {.name = "cat",
     .arity = -2,
     .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale,
     .syntax = "[categoryname]",
     .summary = "List the ACL categories, or the commands in one category",
     .complexity = "O(1)",
     .group = "server",
     .since = "6.0.0",
     .handler = aclCatCommand},
    {.name = "deluser",
     .arity = -3,
     .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
     .syntax = "username [username ...]",
     .summary = "Delete ACL users and disconnect their clients",
     .complexity = "O(1) per user",
     .group = "server",
     .since = "6.0.0",
     .handler = aclDeluserCommand},
    {.name = "dryrun",
     .arity = -4,
     .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
     .syntax = "username command [arg [arg ...]]",
     .summary = "Tell whether a user could run a command line, without running it",
     .complexity = "O(1)",
     .group = "server",
     .since = "7.0.0",
     .handler = aclDryrunCommand},
    {.name = "genpass",
     .arity = -2,
     .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale,
     .syntax = "[bits:integer]",
     .summary = "Make a random password (hex digits)",
     .complexity = "O(1)",
     .group = "server",
     .since = "6.0.0",
     .handler = aclGenpassCommand},
    {.name = "getuser",
     .arity = 3,
     .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
     .syntax = "username",
     .summary = "Show one user's flags, password hashes and permissions",
     .complexity = "O(N) in the number of the user's rules",
     .group = "server",
     .since = "6.0.0",
     .handler = aclGetuserCommand},
    {.name = "help",
     .arity = 2,
     .flags = cmd::kLoading | cmd::kStale,
     .summary = "Show the ACL subcommands",
     .complexity = "O(1)",
     .group = "server",
     .since = "6.0.0",
     .handler = aclHelpCommand},
    {.name = "list",
     .arity = 2,
     .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
     .summary = "Describe every user as an ACL file line",
     .complexity = "O(N) in the number of users",
     .group = "server",
     .since = "6.0.0",
     .handler = aclListCommand},
    {.name = "load",
     .arity = 2,
     .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
     .summary = "Replace the users with those of the ACL file",
     .complexity = "O(N) in the number of users",
     .group = "server",
     .since = "6.0.0",
     .handler = aclLoadCommand},
    {.name = "log",
     .arity = -2,
     .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
     .syntax = "[count | RESET]",
     .summary = "Show (or clear) the latest commands and logins the ACL refused",
     .complexity = "O(N) in the number of entries shown",
     .group = "server",
     .since = "6.0.0",
     .handler = aclLogCommand},
    {.name = "save",
     .arity = 2,
     .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
     .summary = "Write the users to the ACL file",
     .complexity = "O(N) in the number of users",
     .group = "server",
     .since = "6.0.0",
     .handler = aclSaveCommand},
    {.name = "setuser",
     .arity = -3,
     .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
     .syntax = "username [rule [rule ...]]",
     .summary = "Create a user or change its rules (all rules or none)",
     .complexity = "O(N) in the number of rules given",
     .group = "server",
     .since = "6.0.0",
     .handler = aclSetuserCommand},
    {.name = "users",
     .arity = 2,
     .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
     .summary = "List the user names",
     .complexity = "O(N) in the number of users",
     .group = "server",
     .since = "6.0.0",
     .handler = aclUsersCommand},
    {.name = "whoami",
     .arity = 2,
     .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale,
     .summary = "Name the user this connection runs as",
     .complexity = "O(1)",
     .group = "server",
     .since = "6.0.0",
     .handler = aclWhoamiCommand},
};

constexpr CommandSpec kAclCommands[] = {
    {.name = "acl",
     .arity = -2,
     .flags = 0,
     .summary = "Manage users and their permissions (Access Control Lists)",
     .complexity = "Depends on subcommand.",
     .group = "server",
     .since = "6.0.0",
     .handler = nullptr,
     .subcommands = kAclSubcommands},
};

}  // namespace

namespace acl {

std::optional<std::string> loadAclFile(Engine& engine, std::vector<std::shared_ptr<User>>& gone) {
    const std::string& file = engine.cfg().aclfile;
    std::ifstream in(file, std::ios::binary);
    if (!in) return "Error loading ACLs, opening file '" + file + "': " + std::strerror(errno);
    std::stringstream ss;
    ss << in.rdbuf();
    return engine.acl().loadFile(ss.str(), file, gone);
}

// requirepass, then the config file's `user` lines or the aclfile (never both), as
// redis-server's ACLLoadUsersAtStartup.
std::string loadStartupUsers(Engine& engine) {
    if (!engine.config().values.requirepass.empty())
        engine.acl().setDefaultPassword(engine.config().values.requirepass);
    if (!engine.config().values.aclfile.empty() && !engine.config().values.acl_users.empty())
        return "Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is "
               "invalid. This setup is very likely to lead to configuration errors and security holes, please define "
               "either an ACL file or declare users directly in your redis.conf, but not both.";
    if (auto e = engine.acl().loadConfigUsers(engine.config().values.acl_users))
        return *e + "\nCritical error while loading ACLs. Exiting.";
    if (!engine.config().values.aclfile.empty()) {
        std::vector<std::shared_ptr<User>> gone;
        if (auto e = loadAclFile(engine, gone)) return "Aborting Redis startup because of ACL errors: " + *e;
    }
    return {};
}

}  // namespace acl

std::span<const CommandSpec> aclCommands() { return kAclCommands; }

// Redis's authRequired(): the default user needs a password (or is off) and this client
// has not logged in.
bool Engine::authRequired(const Client& c) const {
    const acl::User& d = *acl_->defaultUser();
    return (!(d.flags & acl::kNoPass) || (d.flags & acl::kOff)) && !c.authenticated;
}

}  // namespace redsim
