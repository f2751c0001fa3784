// The Pub/Sub view's model (gui/views/pubsub.cpp): a graph with publishers on the left,
// channels, patterns and shard channels in the middle and subscribers on the right, and
// where a message's dots are while they travel from the publisher through the channel
// (or the pattern that matched) to every client that received it.
//
// Coordinates are normalised ([0, 1] × [0, 1]); the view scales them to its canvas.
// No ImGui here: tests/gui/pubsub_test.cpp checks it.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/inspect/pubsub.h"
#include "gui/model/state.h"

namespace redsim::gui {

struct PubSubNode {
    enum class Kind { Publisher, Channel, Pattern, Shard, Subscriber } kind = Kind::Channel;
    std::string label;       // client name, channel or pattern
    uint64_t client = 0;     // Publisher / Subscriber: the client id (0: the server itself)
    size_t subscribers = 0;  // Channel / Pattern / Shard: how many clients listen
    float x = 0, y = 0;      // centre, normalised
};

struct PubSubEdge {
    size_t from = 0, to = 0;  // node indexes: a channel/pattern → one of its subscribers
};

struct PubSubGraph {
    std::vector<PubSubNode> nodes;
    std::vector<PubSubEdge> edges;
    size_t hidden_channels = 0, hidden_subscribers = 0;  // beyond the per-column cap

    // Index of a node, or -1.
    long find(PubSubNode::Kind kind, std::string_view label) const;
    long findClient(PubSubNode::Kind kind, uint64_t client) const;
};

// Lays the graph out. `names`: client id → label (console tab names; others are shown as
// "client #id"). `messages`: the recent ones, whose publishers (and channels nobody
// listens to) get nodes too. At most `max_per_column` nodes a column (the rest are
// counted as hidden).
PubSubGraph layoutPubSub(const inspect::PubSubSnapshot& snap, const std::map<uint64_t, std::string>& names,
                         const std::deque<MessageRecord>& messages, size_t max_per_column = 24);

// A client's label: names[id], else "client #id"; id 0 is "server" (keyspace events).
std::string clientLabel(const std::map<uint64_t, std::string>& names, uint64_t id);

// One dot of a message in flight.
struct MessageDot {
    float x = 0, y = 0;  // on the straight line between the two nodes' centres
    // The leg it is on (publisher → route, or route → subscriber) and how far along it
    // (eased, 0..1): a view drawing curved edges puts the dot on its own curve.
    size_t from = 0, to = 0;
    float u = 0;
    size_t route = 0;        // the node it passes through (channel or pattern)
    bool delivered = false;  // reached its subscriber
    bool dropped = false;    // nobody listened: the dot fades at the channel
};

// The dots of message `m` `age_s` seconds after it was published, when a trip takes
// `duration_s`: the first half from the publisher to the channel (or the pattern that
// routed it), the second half to the subscriber. One dot per delivery; a message
// nobody received has one dot that stops at its channel. Empty when the message is
// not in flight (age < 0 or > duration) or its nodes are not in the graph.
std::vector<MessageDot> messageDots(const PubSubGraph& g, const MessageRecord& m, double age_s, double duration_s);

// The patterns of `snap` that match `channel` (Redis's glob, engine/util/glob.h).
std::vector<std::string> matchingPatterns(const inspect::PubSubSnapshot& snap, std::string_view channel);

// Where a message is on a straight path: linear interpolation with ease-in-out.
float easeInOut(float t);

}  // namespace redsim::gui
