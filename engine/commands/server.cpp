// Server and connection commands: SELECT, SWAPDB, DBSIZE, FLUSH*, PING, ECHO, TIME,
// HELLO, RESET, QUIT, DEBUG, CONFIG, COMMAND and INFO.
#include <liblzf/lzf.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cmath>
#include <string>
#include <vector>

#include "engine/commands/grammar.h"  // parseSyntax for COMMAND DOCS
#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/info.h"
#include "engine/util/glob.h"
#include "engine/util/numbers.h"

namespace redsim {
namespace {

void selectCommand(CommandContext& ctx) {
    auto v = parseInt64(ctx.arg(1));
    if (!v || *v < INT_MIN || *v > INT_MAX) {
        ctx.reply.error(err::kNotInteger);
        return;
    }
    if (*v < 0 || *v >= ctx.engine.dbCount()) {
        ctx.reply.error(err::kDbIndexOutOfRange);
        return;
    }
    ctx.client.db = static_cast<int>(*v);
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
    if (*a != *b) ctx.engine.db(static_cast<int>(*a)).swapWith(ctx.engine.db(static_cast<int>(*b)));
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
    ctx.db().clear();
    ctx.reply.ok();
}

void flushallCommand(CommandContext& ctx) {
    if (!flushArgsOk(ctx)) return;
    for (int i = 0; i < ctx.engine.dbCount(); ++i) {
        ctx.engine.dirty += ctx.engine.db(i).size();
        ctx.engine.db(i).clear();
    }
    ++ctx.engine.dirty;
    ctx.reply.ok();
}

void pingCommand(CommandContext& ctx) {
    if (ctx.argc() > 2) {
        ctx.reply.error("ERR wrong number of arguments for 'ping' command");
        return;
    }
    if (ctx.argc() == 1) ctx.reply.status("PONG");
    else ctx.reply.bulk(ctx.arg(1));
}

void echoCommand(CommandContext& ctx) { ctx.reply.bulk(ctx.arg(1)); }

void timeCommand(CommandContext& ctx) {
    const int64_t us = ctx.engine.clock().nowUs();
    ctx.reply.arrayLen(2);
    ctx.reply.bulk(std::to_string(us / 1000000));
    ctx.reply.bulk(std::to_string(us % 1000000));
}

// Client names may not contain spaces or special characters (CLIENT SETNAME's rule).
bool validClientName(std::string_view name) {
    for (char c : name)
        if (c < '!' || c > '~') return false;
    return true;
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
            // The default user has no password (Redis's default ACL): any password is
            // accepted for it, and no other user exists.
            if (ctx.arg(j + 1) != "default") {
                ctx.reply.error("WRONGPASS invalid username-password pair or user is disabled.");
                return;
            }
            j += 2;
        } else if (argIs(ctx.arg(j), "setname") && left >= 1) {
            setname = &ctx.arg(j + 1);
            j += 1;
        } else {
            ctx.reply.error("ERR Syntax error in HELLO option '" + ctx.arg(j) + "'");
            return;
        }
    }
    if (setname) {
        if (!validClientName(*setname)) {
            ctx.reply.error("ERR Client names cannot contain spaces, newlines or special characters.");
            return;
        }
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
    ctx.client.db = 0;
    ctx.client.resp = 2;
    ctx.client.name.clear();
    ctx.reply = ReplyWriter(ctx.client.out, 2);
    ctx.reply.status("RESET");
}

void quitCommand(CommandContext& ctx) {
    ctx.client.close_after_reply = true;
    ctx.reply.ok();
}

// RDB's length prefix: 1, 2, 5 or 9 bytes.
size_t rdbLenSize(size_t len) { return len < (1 << 6) ? 1 : len < (1 << 14) ? 2 : len <= UINT32_MAX ? 5 : 9; }

// The bytes Redis's RDB format uses for a string value (DEBUG OBJECT's serializedlength):
// small integers in 2, 3 or 5 bytes; strings over 20 bytes LZF-compressed when that is
// shorter (rdbcompression yes); otherwise a length prefix and the bytes.
size_t rdbStringLength(const Object& o) {
    const std::string s = o.stringValue();
    if (s.size() <= 11) {
        if (auto v = parseInt64(s)) {
            if (*v >= -(1 << 7) && *v <= (1 << 7) - 1) return 2;
            if (*v >= -(1 << 15) && *v <= (1 << 15) - 1) return 3;
            if (*v >= -(1LL << 31) && *v <= (1LL << 31) - 1) return 5;
        }
    }
    if (s.size() > 20) {
        std::string out(s.size() - 4, '\0');
        const unsigned n = lzf_compress(s.data(), static_cast<unsigned>(s.size()), out.data(),
                                        static_cast<unsigned>(out.size()));
        if (n > 0) return 1 + rdbLenSize(n) + rdbLenSize(s.size()) + n;
    }
    return rdbLenSize(s.size()) + s.size();
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
        ctx.reply.helpLines("DEBUG", {
            "OBJECT <key>",
            "    Show low level info about the `key` and associated value.",
            "SLEEP <seconds>",
            "    Stop the server for <seconds>. Decimals allowed.",
        });
    } else if (argIs(sub, "sleep") && ctx.argc() == 3) {
        const double secs = std::strtod(ctx.arg(2).c_str(), nullptr);  // as Redis: "1abc" is 1
        ctx.engine.clock().sleepUs(static_cast<int64_t>(secs * 1e6));
        ctx.reply.ok();
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
                        " serializedlength:" + std::to_string(rdbStringLength(*o)) + " lru:" + std::to_string(o->lru()) +
                        " lru_seconds_idle:" + std::to_string(ctx.db().idleMs(*o) / 1000);
        ctx.reply.status(s);
    } else {
        ctx.reply.error("ERR unknown subcommand or wrong number of arguments for '" + sub + "'. Try DEBUG HELP.");
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
    if (auto e = ctx.engine.config().setMany(ctx.argv.subspan(2))) ctx.reply.error(*e);
    else ctx.reply.ok();
}

void configResetstatCommand(CommandContext& ctx) {
    ctx.engine.stats().reset(ctx.engine.nowMs());
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

// ---- COMMAND ----

void replyFlags(ReplyWriter& r, uint32_t flags) {
    auto names = cmd::flagNames();
    size_t n = 0;
    for (size_t i = 0; i < names.size(); ++i) n += (flags >> i) & 1;
    r.setLen(n);
    for (size_t i = 0; i < names.size(); ++i)
        if ((flags >> i) & 1) r.status(names[i]);
}

std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') ++i;
        size_t j = i;
        while (j < s.size() && s[j] != ' ') ++j;
        if (j > i) out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

void replyKeySpec(ReplyWriter& r, const KeySpec& ks) {
    r.mapLen(ks.notes.empty() ? 3 : 4);
    if (!ks.notes.empty()) {
        r.bulk("notes");
        r.bulk(ks.notes);
    }
    r.bulk("flags");
    auto f = words(ks.flags);
    r.setLen(f.size());
    for (auto w : f) r.status(w);
    r.bulk("begin_search");
    r.mapLen(2);
    r.bulk("type");
    r.bulk("index");
    r.bulk("spec");
    r.mapLen(1);
    r.bulk("index");
    r.integer(ks.begin_index);
    r.bulk("find_keys");
    r.mapLen(2);
    r.bulk("type");
    r.bulk("range");
    r.bulk("spec");
    r.mapLen(3);
    r.bulk("lastkey");
    r.integer(ks.last_key);
    r.bulk("keystep");
    r.integer(ks.key_step);
    r.bulk("limit");
    r.integer(ks.limit);
}

void replyCommandInfo(ReplyWriter& r, const CommandSpec& spec, const CommandSpec* parent) {
    r.arrayLen(10);
    r.bulk(CommandTable::fullName(spec, parent));
    r.integer(spec.arity);
    replyFlags(r, spec.flags);
    const auto legacy = CommandTable::legacyKeys(spec);
    r.integer(legacy.first);
    r.integer(legacy.last);
    r.integer(legacy.step);
    const uint32_t acl = CommandTable::aclCategories(spec);
    auto cats = acl::categoryNames();
    size_t n = 0;
    for (size_t i = 0; i < cats.size(); ++i) n += (acl >> i) & 1;
    r.setLen(n);
    for (size_t i = 0; i < cats.size(); ++i)
        if ((acl >> i) & 1) {
            std::string name = "@";
            name += cats[i];
            r.status(name);
        }
    auto tips = words(spec.tips);
    r.setLen(tips.size());
    for (auto t : tips) r.bulk(t);
    r.arrayLen(spec.keys.size());
    for (const auto& ks : spec.keys) replyKeySpec(r, ks);
    r.arrayLen(spec.subcommands.size());
    for (const auto& sub : spec.subcommands) replyCommandInfo(r, sub, &spec);
}

void commandCommand(CommandContext& ctx) {
    const auto& all = ctx.engine.commands().all();
    ctx.reply.arrayLen(all.size());
    for (const auto* spec : all) replyCommandInfo(ctx.reply, *spec, nullptr);
}

void commandCountCommand(CommandContext& ctx) {
    ctx.reply.integer(static_cast<long long>(ctx.engine.commands().all().size()));
}

// Resolves "get" or "config|get" to a row.
const CommandSpec* lookupByFullName(const CommandTable& t, std::string_view name, const CommandSpec** parent) {
    *parent = nullptr;
    const auto bar = name.find('|');
    if (bar == std::string_view::npos) return t.find(name);
    const CommandSpec* p = t.find(name.substr(0, bar));
    if (!p) return nullptr;
    *parent = p;
    return CommandTable::findSub(*p, name.substr(bar + 1));
}

void commandInfoCommand(CommandContext& ctx) {
    if (ctx.argc() == 2) {
        commandCommand(ctx);
        return;
    }
    ctx.reply.arrayLen(ctx.argc() - 2);
    for (size_t i = 2; i < ctx.argc(); ++i) {
        const CommandSpec* parent = nullptr;
        const CommandSpec* spec = lookupByFullName(ctx.engine.commands(), ctx.arg(i), &parent);
        if (spec) replyCommandInfo(ctx.reply, *spec, parent);
        else ctx.reply.nullArray();
    }
}

void replyArgs(ReplyWriter& r, const std::vector<GrammarArg>& args, int key_specs) {
    r.arrayLen(args.size());
    for (const auto& a : args) {
        size_t fields = 2;  // name, type
        if (a.kind == GrammarArg::Kind::Value && a.type == "key") ++fields;  // key_spec_index
        if (!a.token.empty()) ++fields;
        const bool has_flags = a.optional || a.multiple || a.multiple_token;
        if (has_flags) ++fields;
        if (!a.children.empty()) ++fields;
        r.mapLen(fields);
        r.bulk("name");
        r.bulk(a.name);
        r.bulk("type");
        r.bulk(a.type);
        if (a.kind == GrammarArg::Kind::Value && a.type == "key") {
            r.bulk("key_spec_index");
            r.integer(std::min(a.key_spec_index, std::max(key_specs - 1, 0)));
        }
        if (!a.token.empty()) {
            r.bulk("token");
            r.bulk(a.token);
        }
        if (has_flags) {
            r.bulk("flags");
            const size_t nf = (a.optional ? 1 : 0) + (a.multiple ? 1 : 0) + (a.multiple_token ? 1 : 0);
            r.setLen(nf);
            if (a.optional) r.status("optional");
            if (a.multiple) r.status("multiple");
            if (a.multiple_token) r.status("multiple_token");
        }
        if (!a.children.empty()) {
            r.bulk("arguments");
            replyArgs(r, a.children, key_specs);
        }
    }
}

void replyDocs(ReplyWriter& r, const CommandSpec& spec) {
    auto args = parseSyntax(spec.syntax);
    size_t fields = 4 + (args.empty() ? 0 : 1) + (spec.subcommands.empty() ? 0 : 1);
    r.mapLen(fields);
    r.bulk("summary");
    r.bulk(spec.summary);
    r.bulk("since");
    r.bulk(spec.since);
    r.bulk("group");
    r.bulk(spec.group);
    r.bulk("complexity");
    r.bulk(spec.complexity);
    if (!args.empty()) {
        r.bulk("arguments");
        replyArgs(r, args, static_cast<int>(spec.keys.size()));
    }
    if (!spec.subcommands.empty()) {
        r.bulk("subcommands");
        r.mapLen(spec.subcommands.size());
        for (const auto& sub : spec.subcommands) {
            r.bulk(CommandTable::fullName(sub, &spec));
            replyDocs(r, sub);
        }
    }
}

void commandDocsCommand(CommandContext& ctx) {
    std::vector<std::pair<std::string, const CommandSpec*>> found;
    if (ctx.argc() == 2) {
        for (const auto* spec : ctx.engine.commands().all()) found.emplace_back(std::string(spec->name), spec);
    } else {
        for (size_t i = 2; i < ctx.argc(); ++i) {
            const CommandSpec* parent = nullptr;
            if (const CommandSpec* spec = lookupByFullName(ctx.engine.commands(), ctx.arg(i), &parent))
                found.emplace_back(CommandTable::fullName(*spec, parent), spec);
        }
    }
    ctx.reply.mapLen(found.size());
    for (const auto& [name, spec] : found) {
        ctx.reply.bulk(name);
        replyDocs(ctx.reply, *spec);
    }
}

void commandListCommand(CommandContext& ctx) {
    enum class Filter { None, AclCat, Pattern, Module } filter = Filter::None;
    std::string value;
    if (ctx.argc() == 5 && argIs(ctx.arg(2), "filterby")) {
        if (argIs(ctx.arg(3), "aclcat")) filter = Filter::AclCat;
        else if (argIs(ctx.arg(3), "pattern")) filter = Filter::Pattern;
        else if (argIs(ctx.arg(3), "module")) filter = Filter::Module;
        value = ctx.arg(4);
    }
    if (ctx.argc() != 2 && filter == Filter::None) {
        ctx.reply.error(err::kSyntax);
        return;
    }
    std::vector<std::string> names;
    auto consider = [&](const CommandSpec& spec, const CommandSpec* parent) {
        const std::string full = CommandTable::fullName(spec, parent);
        bool keep = true;
        if (filter == Filter::Pattern) keep = globMatch(value, full, true);
        else if (filter == Filter::Module) keep = false;
        else if (filter == Filter::AclCat) {
            keep = false;
            auto cats = acl::categoryNames();
            const uint32_t a = CommandTable::aclCategories(spec);
            for (size_t i = 0; i < cats.size(); ++i)
                if (((a >> i) & 1) && equalsIgnoreCase(cats[i], value)) keep = true;
        }
        if (keep) names.push_back(full);
    };
    for (const auto* spec : ctx.engine.commands().all()) {
        consider(*spec, nullptr);
        for (const auto& sub : spec->subcommands) consider(sub, spec);
    }
    ctx.reply.arrayLen(names.size());
    for (const auto& n : names) ctx.reply.bulk(n);
}

// COMMAND GETKEYS / GETKEYSANDFLAGS: the keys a command line names.
void getkeysGeneric(CommandContext& ctx, bool with_flags) {
    std::span<const std::string> line = ctx.argv.subspan(2);
    const CommandSpec* spec = ctx.engine.commands().find(line[0]);
    if (spec && !spec->subcommands.empty() && line.size() >= 2) spec = CommandTable::findSub(*spec, line[1]);
    if (!spec) {
        ctx.reply.error("ERR Invalid command specified");
        return;
    }
    const int argc = static_cast<int>(line.size());
    if ((spec->arity > 0 && spec->arity != argc) || argc < -spec->arity) {
        ctx.reply.error("ERR Invalid number of arguments specified for command");
        return;
    }
    // Which key spec each position came from, for the flags.
    std::vector<std::pair<size_t, const KeySpec*>> keys;
    for (const auto& ks : spec->keys) {
        KeySpec one = ks;
        for (size_t pos : CommandTable::keyPositions(CommandSpec{.keys = std::span(&one, 1)}, line))
            keys.emplace_back(pos, &ks);
    }
    if (keys.empty()) {
        ctx.reply.error("ERR The command has no key arguments");
        return;
    }
    ctx.reply.arrayLen(keys.size());
    for (const auto& [pos, ks] : keys) {
        if (with_flags) {
            ctx.reply.arrayLen(2);
            ctx.reply.bulk(line[pos]);
            std::string_view flags = ks->flags;
            if (spec->variable_key_flags && flags.find("variable_flags") != std::string_view::npos)
                flags = spec->variable_key_flags(line);
            auto f = words(flags);
            ctx.reply.setLen(f.size());
            for (auto w : f) ctx.reply.status(w);
        } else {
            ctx.reply.bulk(line[pos]);
        }
    }
}

void commandGetkeysCommand(CommandContext& ctx) { getkeysGeneric(ctx, false); }
void commandGetkeysandflagsCommand(CommandContext& ctx) { getkeysGeneric(ctx, true); }

void commandHelpCommand(CommandContext& ctx) {
    ctx.reply.helpLines("COMMAND", {
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full Redis command.",
        "GETKEYSANDFLAGS <full-command>",
        "    Return the keys and the access flags from a full Redis command.",
    });
}

void infoCommand(CommandContext& ctx) {
    const std::string text = infoString(ctx.engine, ctx.client, ctx.argv.subspan(1));
    ctx.reply.verbatim(text);
}

// ---- the command table rows (flags, ACL categories and key specs as Redis 7.0 reports them) ----


constexpr CommandSpec kCommandSubcommands[] = {
    {.name = "count",
     .arity = 2,
     .flags = cmd::kLoading | cmd::kStale,
     .acl = acl::kConnection,
     .summary = "Count the commands this server knows",
     .complexity = "O(1)",
     .group = "server",
     .since = "2.8.13",
     .handler = commandCountCommand,
    },
    {.name = "docs",
     .arity = -2,
     .flags = cmd::kLoading | cmd::kStale,
     .acl = acl::kConnection,
     .syntax = "[command-name [command-name ...]]",
     .summary = "Show documentation for commands: summary, syntax tree, complexity",
     .complexity = "O(N) where N is the number of commands to look up",
     .group = "server",
     .since = "7.0.0",
     .tips = "nondeterministic_output_order",
     .handler = commandDocsCommand,
    },
    {.name = "getkeys",
     .arity = -4,
     .flags = cmd::kLoading | cmd::kStale,
     .acl = acl::kConnection,
     .syntax = "command arg [arg ...]",
     .summary = "Show which arguments of a command line are keys",
     .complexity = "O(N) where N is the number of arguments to the command",
     .group = "server",
     .since = "2.8.13",
     .handler = commandGetkeysCommand,
    },
    {.name = "getkeysandflags",
     .arity = -4,
     .flags = cmd::kLoading | cmd::kStale,
     .acl = acl::kConnection,
     .syntax = "command arg [arg ...]",
     .summary = "Show which arguments of a command line are keys, with how each is accessed",
     .complexity = "O(N) where N is the number of arguments to the command",
     .group = "server",
     .since = "7.0.0",
     .handler = commandGetkeysandflagsCommand,
    },
    {.name = "help",
     .arity = 2,
     .flags = cmd::kLoading | cmd::kStale,
     .acl = acl::kConnection,
     .summary = "List the COMMAND subcommands",
     .complexity = "O(1)",
     .group = "server",
     .since = "5.0.0",
     .handler = commandHelpCommand,
    },
    {.name = "info",
     .arity = -2,
     .flags = cmd::kLoading | cmd::kStale,
     .acl = acl::kConnection,
     .syntax = "[command-name [command-name ...]]",
     .summary = "Show arity, flags, key positions and ACL categories of commands",
     .complexity = "O(N) where N is the number of commands to look up",
     .group = "server",
     .since = "2.8.13",
     .tips = "nondeterministic_output_order",
     .handler = commandInfoCommand,
    },
    {.name = "list",
     .arity = -2,
     .flags = cmd::kLoading | cmd::kStale,
     .acl = acl::kConnection,
     .syntax = "[FILTERBY <MODULE module-name | ACLCAT category | PATTERN pattern>]",
     .summary = "List the names of commands, optionally filtered",
     .complexity = "O(N) where N is the total number of Redis commands",
     .group = "server",
     .since = "7.0.0",
     .tips = "nondeterministic_output_order",
     .handler = commandListCommand,
    },
};
constexpr CommandSpec kConfigSubcommands[] = {
    {.name = "get",
     .arity = -3,
     .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
     .syntax = "parameter [parameter ...]",
     .summary = "Read configuration parameters matching glob patterns",
     .complexity = "O(N) when N is the number of configuration parameters provided",
     .group = "server",
     .since = "2.0.0",
     .handler = configGetCommand,
    },
    {.name = "help",
     .arity = 2,
     .flags = cmd::kLoading | cmd::kStale,
     .summary = "List the CONFIG subcommands",
     .complexity = "O(1)",
     .group = "server",
     .since = "5.0.0",
     .handler = configHelpCommand,
    },
    {.name = "resetstat",
     .arity = 2,
     .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
     .summary = "Zero the statistics that INFO reports",
     .complexity = "O(1)",
     .group = "server",
     .since = "2.0.0",
     .handler = configResetstatCommand,
    },
    {.name = "rewrite",
     .arity = 2,
     .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
     .summary = "Write the running configuration back to the config file",
     .complexity = "O(1)",
     .group = "server",
     .since = "2.8.0",
     .handler = configRewriteCommand,
    },
    {.name = "set",
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
    {.name = "select",
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
    {.name = "swapdb",
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
    {.name = "dbsize",
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
    {.name = "flushdb",
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
    {.name = "flushall",
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
    {.name = "ping",
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
    {.name = "echo",
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
    {.name = "time",
     .arity = 1,
     .flags = cmd::kLoading | cmd::kStale | cmd::kFast,
     .summary = "Tell the server's clock as Unix seconds and microseconds",
     .complexity = "O(1)",
     .group = "server",
     .since = "2.6.0",
     .tips = "nondeterministic_output",
     .handler = timeCommand,
    },
    {.name = "hello",
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
    {.name = "command",
     .arity = -1,
     .flags = cmd::kLoading | cmd::kStale,
     .acl = acl::kConnection,
     .summary = "Describe the commands this server knows",
     .complexity = "O(N) where N is the total number of Redis commands",
     .group = "server",
     .since = "2.8.13",
     .tips = "nondeterministic_output_order",
     .handler = commandCommand,
     .subcommands = kCommandSubcommands,
    },
    {.name = "config",
     .arity = -2,
     .flags = 0,
     .summary = "Read and change server configuration",
     .complexity = "Depends on subcommand.",
     .group = "server",
     .since = "2.0.0",
     .handler = nullptr,
     .subcommands = kConfigSubcommands,
    },
    {.name = "info",
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
    {.name = "debug",
     .arity = -2,
     .flags = cmd::kAdmin | cmd::kNoscript | cmd::kLoading | cmd::kStale,
     .syntax = "<OBJECT key:string | SLEEP seconds:double | HELP>",
     .summary = "Internal commands for inspecting and testing the server",
     .complexity = "Depends on subcommand.",
     .group = "server",
     .since = "1.0.0",
     .handler = debugCommand,
    },
    {.name = "reset",
     .arity = 1,
     .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale | cmd::kFast | cmd::kNoAuth | cmd::kAllowBusy,
     .acl = acl::kConnection,
     .summary = "Return the connection to its initial state",
     .complexity = "O(1)",
     .group = "connection",
     .since = "6.2.0",
     .handler = resetCommand,
    },
    {.name = "quit",
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

