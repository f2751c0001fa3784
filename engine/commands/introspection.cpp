// COMMAND: the server describing its own command table — COMMAND INFO (arity, flags,
// key positions, ACL categories, key specs), COMMAND DOCS (summary and argument tree),
// COMMAND LIST, COUNT and GETKEYS. Everything here reads the same rows dispatch uses.
#include <algorithm>
#include <string>
#include <vector>

#include "engine/commands/grammar.h"
#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/util/glob.h"

namespace redsim {
namespace {

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
    if (!ks.keyword.empty()) {
        r.bulk("keyword");
        r.bulk("spec");
        r.mapLen(2);
        r.bulk("keyword");
        r.bulk(ks.keyword);
        r.bulk("startfrom");
        r.integer(ks.startfrom);
    } else if (ks.unknown) {
        r.bulk("unknown");
        r.bulk("spec");
        r.mapLen(0);
        r.bulk("find_keys");
        r.mapLen(2);
        r.bulk("type");
        r.bulk("unknown");
        r.bulk("spec");
        r.mapLen(0);
        return;
    } else {
        r.bulk("index");
        r.bulk("spec");
        r.mapLen(1);
        r.bulk("index");
        r.integer(ks.begin_index);
    }
    r.bulk("find_keys");
    r.mapLen(2);
    r.bulk("type");
    if (ks.keynum_index >= 0) {
        r.bulk("keynum");
        r.bulk("spec");
        r.mapLen(3);
        r.bulk("keynumidx");
        r.integer(ks.keynum_index);
        r.bulk("firstkey");
        r.integer(ks.first_key);
        r.bulk("keystep");
        r.integer(ks.key_step);
        return;
    }
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
        if (spec)
            replyCommandInfo(ctx.reply, *spec, parent);
        else
            ctx.reply.nullArray();
    }
}

void replyArgs(ReplyWriter& r, const std::vector<GrammarArg>& args, int key_specs) {
    r.arrayLen(args.size());
    for (const auto& a : args) {
        size_t fields = 2;                                                   // name, type
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
        if (argIs(ctx.arg(3), "aclcat"))
            filter = Filter::AclCat;
        else if (argIs(ctx.arg(3), "pattern"))
            filter = Filter::Pattern;
        else if (argIs(ctx.arg(3), "module"))
            filter = Filter::Module;
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
        if (filter == Filter::Pattern)
            keep = globMatch(value, full, true);
        else if (filter == Filter::Module)
            keep = false;
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
    if (spec->get_keys) {
        const std::vector<KeyRef> refs = spec->get_keys(line);
        ctx.reply.arrayLen(refs.size());
        for (const KeyRef& k : refs) {
            if (with_flags) ctx.reply.arrayLen(2);
            ctx.reply.bulk(line[k.pos]);
            if (with_flags) {
                auto f = words(k.flags);
                ctx.reply.setLen(f.size());
                for (auto w : f) ctx.reply.status(w);
            }
        }
        return;
    }
    // Specs flagged not_key (SPUBLISH's shard channel) name no key: GETKEYS skips them,
    // and a command with only such specs has no key arguments (doesCommandHaveKeys).
    auto is_key = [](const KeySpec& ks) { return ks.flags.find("not_key") == std::string_view::npos; };
    const bool has_keys = std::any_of(spec->keys.begin(), spec->keys.end(), is_key);
    // Which key spec each position came from, for the flags.
    std::vector<std::pair<size_t, const KeySpec*>> keys;
    // A line whose key count is unusable (SINTERCARD 5 a) names no keys at all.
    const bool usable = spec->keys.empty() || !CommandTable::keyPositions(*spec, line).empty();
    for (const auto& ks : spec->keys) {
        KeySpec one = ks;
        if (!usable) break;
        if (!is_key(ks)) continue;
        for (size_t pos : CommandTable::keyPositions(CommandSpec{.keys = std::span(&one, 1)}, line))
            keys.emplace_back(pos, &ks);
    }
    if (keys.empty()) {
        // A command with key specs that finds none on this line (LMPOP 0 …, a count
        // past the end) is an invalid line, as in Redis.
        if (!has_keys)
            ctx.reply.error("ERR The command has no key arguments");
        else if (spec->flags & cmd::kNoMandatoryKeys)
            ctx.reply.emptyArray();
        else
            ctx.reply.error("ERR Invalid arguments specified for command");
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

// ---- the command table rows (flags, ACL categories and key specs as Redis 7.0 reports them) ----

constexpr CommandSpec kCommandSubcommands[] = {
    {
        .name = "count",
        .arity = 2,
        .flags = cmd::kLoading | cmd::kStale,
        .acl = acl::kConnection,
        .summary = "Count the commands this server knows",
        .complexity = "O(1)",
        .group = "server",
        .since = "2.8.13",
        .handler = commandCountCommand,
    },
    {
        .name = "docs",
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
    {
        .name = "getkeys",
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
    {
        .name = "getkeysandflags",
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
    {
        .name = "help",
        .arity = 2,
        .flags = cmd::kLoading | cmd::kStale,
        .acl = acl::kConnection,
        .summary = "List the COMMAND subcommands",
        .complexity = "O(1)",
        .group = "server",
        .since = "5.0.0",
        .handler = commandHelpCommand,
    },
    {
        .name = "info",
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
    {
        .name = "list",
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

constexpr CommandSpec kIntrospectionCommands[] = {
    {
        .name = "command",
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
};

}  // namespace

std::span<const CommandSpec> introspectionCommands() { return kIntrospectionCommands; }

}  // namespace redsim
