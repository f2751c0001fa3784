// Pub/Sub (Redis's pubsub.c): who listens to which channel, pattern or shard channel,
// and delivering a published message to them.
//
// A message is not stored anywhere: PUBLISH writes it straight into each subscriber's
// own reply buffer (Client::out), the same buffer its command replies go to, and the
// face sends it out (the server flushes the subscriber's socket, the REPL prints it).
// Nobody listening means the message is gone — that is the lesson of Pub/Sub.
//
// Three kinds of subscription, each with both directions kept:
//   channel        SUBSCRIBE news          receives  message  news <msg>
//   pattern        PSUBSCRIBE n*           receives  pmessage n* news <msg>
//   shard channel  SSUBSCRIBE news         receives  smessage news <msg>   (SPUBLISH only)
// The engine side (here) maps a name to its subscribers in subscription order, so a
// message reaches the clients of one channel in the order they subscribed, as in Redis;
// the client side (Client::sub_channels…) lists a client's subscriptions in order.
//
// In RESP2 a message is an ordinary array (*3 / *4); in RESP3 it is a push (>3 / >4),
// which a client can tell apart from a command's reply.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/events.h"

namespace redsim {

class Engine;

struct Client;

class PubSub {
public:
    enum class Kind { Channel, Pattern, Shard };

    // Adds the subscription; false if `c` already had it (nothing changes then).
    bool subscribe(Client& c, Kind kind, std::string_view name);
    // Removes the subscription; false if `c` did not have it.
    bool unsubscribe(Client& c, Kind kind, std::string_view name);
    // Drops every subscription of `c` silently (a client that disconnects, RESET).
    void unsubscribeAll(Client& c);

    // Delivers `message` to the subscribers of `channel` (and, unless `shard`, to those
    // of every pattern matching it). Returns how many deliveries were made (a client
    // subscribed both to the channel and to a matching pattern gets and counts two).
    // Each receiving client is noted for its face (Engine::notePush). With `deliveries`,
    // every delivery is appended to it (the GUI's Pub/Sub view, Engine::onPublish).
    size_t publish(std::string_view channel, std::string_view message, bool shard, Engine& engine,
                   std::vector<PublishEvent::Delivery>* deliveries = nullptr);

    // Channels (or shard channels) with at least one subscriber, in name order.
    std::vector<std::string> activeChannels(bool shard) const;
    // Subscribers of one channel, shard channel or pattern (excluding pattern matches).
    size_t subscriberCount(Kind kind, std::string_view name) const;
    size_t channelCount() const { return channels_.size(); }
    size_t patternCount() const { return patterns_.size(); }
    size_t shardChannelCount() const { return shard_channels_.size(); }
    // Calls fn(name, subscribers) for every name of one kind, in name order (inspectors).
    template <typename Fn>
    void forEach(Kind kind, Fn&& fn) const {
        for (const auto& [name, subs] : table(kind)) fn(name, subs);
    }

private:
    using Subscribers = std::map<std::string, std::vector<Client*>, std::less<>>;
    Subscribers& table(Kind kind);
    const Subscribers& table(Kind kind) const;

    Subscribers channels_;
    Subscribers patterns_;
    Subscribers shard_channels_;
};

}  // namespace redsim
