// CLIENT TRACKING, CLIENT CACHING, CLIENT TRACKINGINFO, CLIENT GETREDIR: the commands of
// client-side caching (the machinery is engine/tracking.{h,cpp}). The rows are listed
// among CLIENT's subcommands in clients.cpp.
#include <string>
#include <vector>

#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/util/numbers.h"

namespace redsim {
namespace {

// Redis formats prefixes into its errors with %s: a prefix is cut at its first NUL byte.
std::string cString(std::string_view s) { return std::string(s.substr(0, s.find('\0'))); }

// Two prefixes overlap when one starts with the other: one key would be announced twice.
bool overlaps(std::string_view a, std::string_view b) {
    const size_t n = std::min(a.size(), b.size());
    return a.substr(0, n) == b.substr(0, n);
}

// checkPrefixCollisionsOrReply. Returns false after replying an error. Redis 7.0.15 has
// a slip here that redsim keeps: an overlap found among the new prefixes for any prefix
// but the first replies the error *and* carries on (the command then also replies +OK
// and enables tracking with every prefix).
bool checkPrefixes(CommandContext& ctx, const std::vector<std::string>& prefixes) {
    const auto& mine = ctx.client.tracking.prefixes;
    for (size_t i = 0; i < prefixes.size(); ++i) {
        for (const std::string& have : mine) {
            if (overlaps(have, prefixes[i])) {
                ctx.reply.error("ERR Prefix '" + cString(prefixes[i]) + "' overlaps with an existing prefix '" +
                                cString(have) + "'. Prefixes for a single client must not overlap.");
                return false;
            }
        }
        for (size_t j = i + 1; j < prefixes.size(); ++j) {
            if (overlaps(prefixes[i], prefixes[j])) {
                ctx.reply.error("ERR Prefix '" + cString(prefixes[i]) + "' overlaps with another provided prefix '" +
                                cString(prefixes[j]) + "'. Prefixes for a single client must not overlap.");
                return i != 0;  // Redis returns the index as its "ok" flag
            }
        }
    }
    return true;
}

// CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX p ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP].
// Every option is parsed first (syntax and REDIRECT errors), then the combination is
// checked against itself and against the client's current mode, in Redis's order.
void clientTrackingCommand(CommandContext& ctx) {
    Tracking::Options o;
    long long redir = 0;
    for (size_t j = 3; j < ctx.argc(); ++j) {
        const bool more = j + 1 < ctx.argc();
        const std::string& opt = ctx.arg(j);
        if (argIs(opt, "redirect") && more) {
            ++j;
            if (redir != 0) {
                ctx.reply.error("ERR A client can only redirect to a single other client");
                return;
            }
            auto v = parseInt64(ctx.arg(j));
            if (!v) {
                ctx.reply.error(err::kNotInteger);
                return;
            }
            redir = *v;
            // The client must exist now (it may still go away later: "broken redirect").
            if (redir <= 0 || !ctx.engine.client(static_cast<uint64_t>(redir))) {
                ctx.reply.error("ERR The client ID you want redirect to does not exist");
                return;
            }
        } else if (argIs(opt, "bcast")) {
            o.bcast = true;
        } else if (argIs(opt, "optin")) {
            o.optin = true;
        } else if (argIs(opt, "optout")) {
            o.optout = true;
        } else if (argIs(opt, "noloop")) {
            o.noloop = true;
        } else if (argIs(opt, "prefix") && more) {
            o.prefixes.push_back(ctx.arg(++j));
        } else {
            ctx.reply.error(err::kSyntax);
            return;
        }
    }
    o.redirect = static_cast<uint64_t>(redir);
    Client& c = ctx.client;
    if (argIs(ctx.arg(2), "on")) {
        if (!o.bcast && !o.prefixes.empty()) {
            ctx.reply.error("ERR PREFIX option requires BCAST mode to be enabled");
            return;
        }
        if (c.tracking.on && c.tracking.bcast != o.bcast) {
            ctx.reply.error(
                "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then "
                "re-enabling it with a different mode.");
            return;
        }
        if (o.bcast && (o.optin || o.optout)) {
            ctx.reply.error("ERR OPTIN and OPTOUT are not compatible with BCAST");
            return;
        }
        if (o.optin && o.optout) {
            ctx.reply.error("ERR You can't specify both OPTIN mode and OPTOUT mode");
            return;
        }
        if ((o.optin && c.tracking.optout) || (o.optout && c.tracking.optin)) {
            ctx.reply.error(
                "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then "
                "re-enabling it with a different mode.");
            return;
        }
        if (o.bcast && !checkPrefixes(ctx, o.prefixes)) return;
        ctx.engine.tracking().enable(c, o);
    } else if (argIs(ctx.arg(2), "off")) {
        ctx.engine.tracking().disable(c);
    } else {
        ctx.reply.error(err::kSyntax);
        return;
    }
    ctx.reply.ok();
}

// CLIENT CACHING YES|NO: the next command's reads are (OPTIN) / are not (OPTOUT) tracked.
// Engine::execute clears the flag after the next command that is not a CLIENT subcommand.
void clientCachingCommand(CommandContext& ctx) {
    auto& t = ctx.client.tracking;
    if (!t.on) {
        ctx.reply.error(
            "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode "
            "enabled");
        return;
    }
    const std::string& opt = ctx.arg(2);
    if (argIs(opt, "yes")) {
        if (!t.optin) {
            ctx.reply.error("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
            return;
        }
    } else if (argIs(opt, "no")) {
        if (!t.optout) {
            ctx.reply.error("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
            return;
        }
    } else {
        ctx.reply.error(err::kSyntax);
        return;
    }
    t.caching = true;
    ctx.reply.ok();
}

// CLIENT GETREDIR: -1 when not tracking, 0 when the messages come to this client itself.
void clientGetredirCommand(CommandContext& ctx) {
    const auto& t = ctx.client.tracking;
    ctx.reply.integer(t.on ? static_cast<long long>(t.redirect) : -1);
}

// CLIENT TRACKINGINFO: a map of flags (a set in RESP3), redirect and prefixes.
void clientTrackinginfoCommand(CommandContext& ctx) {
    const auto& t = ctx.client.tracking;
    std::vector<std::string_view> flags;
    if (!t.on) {
        flags.push_back("off");
    } else {
        flags.push_back("on");
        if (t.bcast) flags.push_back("bcast");
        if (t.optin) {
            flags.push_back("optin");
            if (t.caching) flags.push_back("caching-yes");
        }
        if (t.optout) {
            flags.push_back("optout");
            if (t.caching) flags.push_back("caching-no");
        }
        if (t.noloop) flags.push_back("noloop");
        if (t.broken_redir) flags.push_back("broken_redirect");
    }
    ctx.reply.mapLen(3);
    ctx.reply.bulk("flags");
    ctx.reply.setLen(flags.size());
    for (std::string_view f : flags) ctx.reply.bulk(f);
    ctx.reply.bulk("redirect");
    ctx.reply.integer(t.on ? static_cast<long long>(t.redirect) : -1);
    ctx.reply.bulk("prefixes");
    ctx.reply.arrayLen(t.prefixes.size());
    for (const std::string& p : t.prefixes) ctx.reply.bulk(p);
}

constexpr CommandSpec kTrackingSubcommands[] = {
    {
        .name = "tracking",
        .arity = -3,
        .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .acl = acl::kConnection,
        .syntax = "<ON | OFF> [REDIRECT client-id:integer] [PREFIX prefix [PREFIX prefix ...]] [BCAST] [OPTIN] "
                  "[OPTOUT] [NOLOOP]",
        .summary = "Ask the server to tell this connection when keys it read (or keys under prefixes) change",
        .complexity = "O(1); with prefixes, O(N) in the number of prefixes",
        .group = "connection",
        .since = "6.0.0",
        .handler = clientTrackingCommand,
    },
    {
        .name = "caching",
        .arity = 3,
        .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .acl = acl::kConnection,
        .syntax = "<YES | NO>",
        .summary = "In OPTIN/OPTOUT tracking, say whether the next command's reads are tracked",
        .complexity = "O(1)",
        .group = "connection",
        .since = "6.0.0",
        .handler = clientCachingCommand,
    },
    {
        .name = "trackinginfo",
        .arity = 2,
        .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .acl = acl::kConnection,
        .summary = "Describe this connection's client-side caching mode, redirect and prefixes",
        .complexity = "O(1)",
        .group = "connection",
        .since = "6.2.0",
        .handler = clientTrackinginfoCommand,
    },
    {
        .name = "getredir",
        .arity = 2,
        .flags = cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .acl = acl::kConnection,
        .summary = "Tell the id of the client this connection's invalidations are redirected to",
        .complexity = "O(1)",
        .group = "connection",
        .since = "6.0.0",
        .handler = clientGetredirCommand,
    },
};

}  // namespace

std::span<const CommandSpec> trackingClientSubcommands() { return kTrackingSubcommands; }

}  // namespace redsim
