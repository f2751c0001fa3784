// Pub/Sub commands (Redis's pubsub.c): SUBSCRIBE and friends, PUBLISH, PUBSUB.
//
// Every (un)subscription is confirmed with its own three-item message —
// kind, channel, and how many subscriptions the client has left — so SUBSCRIBE a b
// answers twice. Those confirmations are pushes in RESP3. The count of
// SUBSCRIBE/PSUBSCRIBE (and their UN-) is channels + patterns together; the shard
// commands count shard channels only. The subscriber lists live in engine/pubsub.*.
#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/util/glob.h"

namespace redsim {
namespace {

using Kind = PubSub::Kind;

size_t countFor(const Client& c, Kind kind) {
    return kind == Kind::Shard ? c.sub_shard_channels.size() : c.subscriptionCount();
}

// addReplyPubsubSubscribed / addReplyPubsubUnsubscribed: `name` null for the
// "not subscribed to anything" answer of an argument-less UNSUBSCRIBE.
void confirm(CommandContext& ctx, std::string_view what, const std::string* name, Kind kind) {
    ctx.reply.pushLen(3);
    ctx.reply.bulk(what);
    if (name)
        ctx.reply.bulk(*name);
    else
        ctx.reply.null();
    ctx.reply.integer(static_cast<long long>(countFor(ctx.client, kind)));
}

void subscribeGeneric(CommandContext& ctx, Kind kind, std::string_view what) {
    for (size_t j = 1; j < ctx.argc(); ++j) {
        ctx.engine.pubsub().subscribe(ctx.client, kind, ctx.arg(j));
        confirm(ctx, what, &ctx.arg(j), kind);
    }
}

void unsubscribeGeneric(CommandContext& ctx, Kind kind, std::string_view what) {
    if (ctx.argc() > 1) {
        // Each named channel is confirmed, subscribed or not.
        for (size_t j = 1; j < ctx.argc(); ++j) {
            ctx.engine.pubsub().unsubscribe(ctx.client, kind, ctx.arg(j));
            confirm(ctx, what, &ctx.arg(j), kind);
        }
        return;
    }
    // No arguments: every subscription of this kind, in subscription order.
    // DIFFERS FROM REDIS: Redis walks a client's channels (not its patterns) in hash
    // order, which changes from run to run; redsim uses the order they were subscribed.
    auto& mine = kind == Kind::Channel   ? ctx.client.sub_channels
                 : kind == Kind::Pattern ? ctx.client.sub_patterns
                                         : ctx.client.sub_shard_channels;
    if (mine.empty()) {
        confirm(ctx, what, nullptr, kind);
        return;
    }
    const std::vector<std::string> names = mine;
    for (const auto& n : names) {
        ctx.engine.pubsub().unsubscribe(ctx.client, kind, n);
        confirm(ctx, what, &n, kind);
    }
}

void subscribeCommand(CommandContext& ctx) { subscribeGeneric(ctx, Kind::Channel, "subscribe"); }
void psubscribeCommand(CommandContext& ctx) { subscribeGeneric(ctx, Kind::Pattern, "psubscribe"); }
void ssubscribeCommand(CommandContext& ctx) { subscribeGeneric(ctx, Kind::Shard, "ssubscribe"); }
void unsubscribeCommand(CommandContext& ctx) { unsubscribeGeneric(ctx, Kind::Channel, "unsubscribe"); }
void punsubscribeCommand(CommandContext& ctx) { unsubscribeGeneric(ctx, Kind::Pattern, "punsubscribe"); }
void sunsubscribeCommand(CommandContext& ctx) { unsubscribeGeneric(ctx, Kind::Shard, "sunsubscribe"); }

void publishCommand(CommandContext& ctx) {
    // The publisher may be a subscriber itself (RESP3): its message lands before the reply.
    const size_t receivers = ctx.engine.publish(ctx.arg(1), ctx.arg(2), &ctx.client);
    ctx.reply.integer(static_cast<long long>(receivers));
}

void spublishCommand(CommandContext& ctx) {
    const size_t receivers = ctx.engine.spublish(ctx.arg(1), ctx.arg(2), &ctx.client);
    ctx.reply.integer(static_cast<long long>(receivers));
}

// PUBSUB CHANNELS / SHARDCHANNELS [pattern]: the channels somebody listens to.
void channelList(CommandContext& ctx, bool shard) {
    if (ctx.argc() > 3) {
        subcommandSyntaxError(ctx);
        return;
    }
    const std::string* pattern = ctx.argc() == 3 ? &ctx.arg(2) : nullptr;
    const size_t where = ctx.reply.deferLen();
    size_t n = 0;
    for (const auto& name : ctx.engine.pubsub().activeChannels(shard)) {
        if (pattern && !globMatch(*pattern, name)) continue;
        ctx.reply.bulk(name);
        ++n;
    }
    ctx.reply.setArrayLen(where, n);
}

// PUBSUB NUMSUB / SHARDNUMSUB [channel …]: channel, count pairs (a flat array).
void numsub(CommandContext& ctx, Kind kind) {
    ctx.reply.arrayLen((ctx.argc() - 2) * 2);
    for (size_t j = 2; j < ctx.argc(); ++j) {
        ctx.reply.bulk(ctx.arg(j));
        ctx.reply.integer(static_cast<long long>(ctx.engine.pubsub().subscriberCount(kind, ctx.arg(j))));
    }
}

void pubsubChannelsCommand(CommandContext& ctx) { channelList(ctx, false); }
void pubsubShardchannelsCommand(CommandContext& ctx) { channelList(ctx, true); }
void pubsubNumsubCommand(CommandContext& ctx) { numsub(ctx, Kind::Channel); }
void pubsubShardnumsubCommand(CommandContext& ctx) { numsub(ctx, Kind::Shard); }
// The number of distinct patterns (not of pattern subscriptions).
void pubsubNumpatCommand(CommandContext& ctx) {
    ctx.reply.integer(static_cast<long long>(ctx.engine.pubsub().patternCount()));
}

void pubsubHelpCommand(CommandContext& ctx) {
    ctx.reply.helpLines("PUBSUB", {
                                      "CHANNELS [<pattern>]",
                                      "    Return the currently active channels matching a <pattern> (default: '*').",
                                      "NUMPAT",
                                      "    Return number of subscriptions to patterns.",
                                      "NUMSUB [<channel> ...]",
                                      "    Return the number of subscribers for the specified channels, excluding",
                                      "    pattern subscriptions(default: no channels).",
                                      "SHARDCHANNELS [<pattern>]",
                                      "    Return the currently active shard level channels matching a <pattern> "
                                      "(default: '*').",
                                      "SHARDNUMSUB [<shardchannel> ...]",
                                      "    Return the number of subscribers for the specified shard level channel(s)",
                                  });
}

constexpr KeySpec kSsubscribeKeys[] = {{.flags = "not_key", .begin_index = 1, .last_key = -1, .key_step = 1}};
constexpr KeySpec kSunsubscribeKeys[] = {{.flags = "not_key", .begin_index = 1, .last_key = -1, .key_step = 1}};
constexpr KeySpec kSpublishKeys[] = {{.flags = "not_key", .begin_index = 1, .last_key = 0, .key_step = 1}};

constexpr CommandSpec kPubsubSubcommands[] = {
    {
        .name = "channels",
        .arity = -2,
        .flags = cmd::kPubsub | cmd::kLoading | cmd::kStale,
        .syntax = "[pattern]",
        .summary = "List the channels that have at least one subscriber, optionally filtered by a pattern",
        .complexity = "O(N) in the number of active channels",
        .group = "pubsub",
        .since = "2.8.0",
        .handler = pubsubChannelsCommand,
    },
    {
        .name = "help",
        .arity = 2,
        .flags = cmd::kLoading | cmd::kStale,
        .summary = "Describe the PUBSUB subcommands",
        .complexity = "O(1)",
        .group = "pubsub",
        .since = "6.2.0",
        .handler = pubsubHelpCommand,
    },
    {
        .name = "numpat",
        .arity = 2,
        .flags = cmd::kPubsub | cmd::kLoading | cmd::kStale,
        .summary = "Count the distinct patterns clients are subscribed to",
        .complexity = "O(1)",
        .group = "pubsub",
        .since = "2.8.0",
        .handler = pubsubNumpatCommand,
    },
    {
        .name = "numsub",
        .arity = -2,
        .flags = cmd::kPubsub | cmd::kLoading | cmd::kStale,
        .syntax = "[channel [channel ...]]",
        .summary = "Count the direct subscribers of each given channel",
        .complexity = "O(N) in the number of channels asked about",
        .group = "pubsub",
        .since = "2.8.0",
        .handler = pubsubNumsubCommand,
    },
    {
        .name = "shardchannels",
        .arity = -2,
        .flags = cmd::kPubsub | cmd::kLoading | cmd::kStale,
        .syntax = "[pattern]",
        .summary = "List the shard channels that have at least one subscriber, optionally filtered by a pattern",
        .complexity = "O(N) in the number of active shard channels",
        .group = "pubsub",
        .since = "7.0.0",
        .handler = pubsubShardchannelsCommand,
    },
    {
        .name = "shardnumsub",
        .arity = -2,
        .flags = cmd::kPubsub | cmd::kLoading | cmd::kStale,
        .syntax = "[shardchannel [shardchannel ...]]",
        .summary = "Count the subscribers of each given shard channel",
        .complexity = "O(N) in the number of shard channels asked about",
        .group = "pubsub",
        .since = "7.0.0",
        .handler = pubsubShardnumsubCommand,
    },
};

constexpr CommandSpec kPubsubCommands[] = {
    {
        .name = "subscribe",
        .arity = -2,
        .flags = cmd::kPubsub | cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .syntax = "channel [channel ...]",
        .summary = "Start receiving the messages published to the given channels",
        .complexity = "O(N) in the number of channels",
        .group = "pubsub",
        .since = "2.0.0",
        .handler = subscribeCommand,
    },
    {
        .name = "unsubscribe",
        .arity = -1,
        .flags = cmd::kPubsub | cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .syntax = "[channel [channel ...]]",
        .summary = "Stop receiving messages from the given channels, or from all of them",
        .complexity = "O(N) in the number of subscribers of the channels left",
        .group = "pubsub",
        .since = "2.0.0",
        .handler = unsubscribeCommand,
    },
    {
        .name = "psubscribe",
        .arity = -2,
        .flags = cmd::kPubsub | cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .syntax = "pattern [pattern ...]",
        .summary = "Start receiving the messages published to every channel matching the given patterns",
        .complexity = "O(N) in the number of patterns the client already has",
        .group = "pubsub",
        .since = "2.0.0",
        .handler = psubscribeCommand,
    },
    {
        .name = "punsubscribe",
        .arity = -1,
        .flags = cmd::kPubsub | cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .syntax = "[pattern [pattern ...]]",
        .summary = "Stop receiving messages through the given patterns, or through all of them",
        .complexity = "O(N+M): the client's patterns and all the patterns of the server",
        .group = "pubsub",
        .since = "2.0.0",
        .handler = punsubscribeCommand,
    },
    {
        .name = "publish",
        .arity = 3,
        .flags = cmd::kPubsub | cmd::kLoading | cmd::kStale | cmd::kFast,
        .syntax = "channel message",
        .summary = "Send a message to the subscribers of a channel and of the patterns matching it",
        .complexity = "O(N+M): the channel's subscribers and every pattern of the server",
        .group = "pubsub",
        .since = "2.0.0",
        .handler = publishCommand,
    },
    {
        .name = "ssubscribe",
        .arity = -2,
        .flags = cmd::kPubsub | cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .keys = kSsubscribeKeys,
        .syntax = "shardchannel [shardchannel ...]",
        .summary = "Start receiving the messages published to the given shard channels",
        .complexity = "O(N) in the number of shard channels",
        .group = "pubsub",
        .since = "7.0.0",
        .handler = ssubscribeCommand,
    },
    {
        .name = "sunsubscribe",
        .arity = -1,
        .flags = cmd::kPubsub | cmd::kNoscript | cmd::kLoading | cmd::kStale,
        .keys = kSunsubscribeKeys,
        .syntax = "[shardchannel [shardchannel ...]]",
        .summary = "Stop receiving messages from the given shard channels, or from all of them",
        .complexity = "O(N) in the number of subscribers of the shard channels left",
        .group = "pubsub",
        .since = "7.0.0",
        .handler = sunsubscribeCommand,
    },
    {
        .name = "spublish",
        .arity = 3,
        .flags = cmd::kPubsub | cmd::kLoading | cmd::kStale | cmd::kFast,
        .keys = kSpublishKeys,
        .syntax = "shardchannel message",
        .summary = "Send a message to the subscribers of a shard channel",
        .complexity = "O(N) in the number of the shard channel's subscribers",
        .group = "pubsub",
        .since = "7.0.0",
        .handler = spublishCommand,
    },
    {
        .name = "pubsub",
        .arity = -2,
        .flags = 0,
        .summary = "Look at the channels, patterns and subscriber counts of Pub/Sub",
        .complexity = "Depends on subcommand.",
        .group = "pubsub",
        .since = "2.8.0",
        .handler = nullptr,
        .subcommands = kPubsubSubcommands,
    },
};

}  // namespace

std::span<const CommandSpec> pubsubCommands() { return kPubsubCommands; }

}  // namespace redsim
