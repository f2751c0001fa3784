#include "gui/model/pubsub_model.h"

#include <algorithm>
#include <set>

#include "engine/util/glob.h"

namespace redsim::gui {

namespace {

constexpr float kPublisherX = 0.10f;
constexpr float kChannelX = 0.48f;
constexpr float kSubscriberX = 0.88f;

// Spreads `n` nodes over [0.06, 0.94] top to bottom.
float rowY(size_t i, size_t n) {
    if (n <= 1) return 0.5f;
    constexpr float top = 0.08f, bottom = 0.92f;
    // Few nodes stay close to the middle rather than at the edges.
    const float spread = std::min(bottom - top, 0.16f * static_cast<float>(n - 1));
    const float first = 0.5f - spread / 2;
    return first + spread * static_cast<float>(i) / static_cast<float>(n - 1);
}

}  // namespace

long PubSubGraph::find(PubSubNode::Kind kind, std::string_view label) const {
    for (size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].kind == kind && nodes[i].label == label) return static_cast<long>(i);
    return -1;
}

long PubSubGraph::findClient(PubSubNode::Kind kind, uint64_t client) const {
    for (size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].kind == kind && nodes[i].client == client) return static_cast<long>(i);
    return -1;
}

std::string clientLabel(const std::map<uint64_t, std::string>& names, uint64_t id) {
    if (id == 0) return "server";
    if (auto it = names.find(id); it != names.end() && !it->second.empty()) return it->second;
    return "client #" + std::to_string(id);
}

PubSubGraph layoutPubSub(const inspect::PubSubSnapshot& snap, const std::map<uint64_t, std::string>& names,
                         const std::deque<MessageRecord>& messages, size_t max_per_column) {
    using K = PubSubNode::Kind;
    PubSubGraph g;
    max_per_column = std::max<size_t>(max_per_column, 1);

    // Publishers: the clients that published recently, most recent first.
    std::vector<uint64_t> publishers;
    for (auto it = messages.rbegin(); it != messages.rend() && publishers.size() < max_per_column; ++it)
        if (std::find(publishers.begin(), publishers.end(), it->publisher_id) == publishers.end())
            publishers.push_back(it->publisher_id);
    std::sort(publishers.begin(), publishers.end());

    // The middle column: channels, then patterns, then shard channels; channels that got
    // messages but have no subscriber are shown too (the message went nowhere).
    struct Mid {
        K kind;
        std::string name;
        size_t subs;
    };
    std::vector<Mid> mid;
    std::set<std::string> listened;
    for (const auto& c : snap.channels) {
        mid.push_back({K::Channel, c.name, c.subscribers.size()});
        listened.insert(c.name);
    }
    std::set<std::string> quiet;
    for (auto it = messages.rbegin(); it != messages.rend() && quiet.size() < 8; ++it)
        if (!it->shard && !listened.count(it->channel)) quiet.insert(it->channel);
    for (const auto& q : quiet) mid.push_back({K::Channel, q, 0});
    std::sort(mid.begin(), mid.end(), [](const Mid& a, const Mid& b) { return a.name < b.name; });
    for (const auto& p : snap.patterns) mid.push_back({K::Pattern, p.name, p.subscribers.size()});
    std::set<std::string> shards;
    for (const auto& c : snap.shard_channels) {
        mid.push_back({K::Shard, c.name, c.subscribers.size()});
        shards.insert(c.name);
    }
    for (auto it = messages.rbegin(); it != messages.rend(); ++it)
        if (it->shard && !shards.count(it->channel) && shards.size() < 8) {
            shards.insert(it->channel);
            mid.push_back({K::Shard, it->channel, 0});
        }
    if (mid.size() > max_per_column) {
        g.hidden_channels = mid.size() - max_per_column;
        mid.resize(max_per_column);
    }

    // Subscribers: every client with a subscription, by id (the order they connected).
    std::set<uint64_t> subs;
    auto collect = [&](const std::vector<inspect::PubSubEntry>& v) {
        for (const auto& e : v) subs.insert(e.subscribers.begin(), e.subscribers.end());
    };
    collect(snap.channels);
    collect(snap.patterns);
    collect(snap.shard_channels);
    std::vector<uint64_t> sub_ids(subs.begin(), subs.end());
    if (sub_ids.size() > max_per_column) {
        g.hidden_subscribers = sub_ids.size() - max_per_column;
        sub_ids.resize(max_per_column);
    }

    for (size_t i = 0; i < publishers.size(); ++i)
        g.nodes.push_back({K::Publisher, clientLabel(names, publishers[i]), publishers[i], 0, kPublisherX,
                           rowY(i, publishers.size())});
    const size_t mid_first = g.nodes.size();
    for (size_t i = 0; i < mid.size(); ++i)
        g.nodes.push_back({mid[i].kind, mid[i].name, 0, mid[i].subs, kChannelX, rowY(i, mid.size())});
    for (size_t i = 0; i < sub_ids.size(); ++i)
        g.nodes.push_back(
            {K::Subscriber, clientLabel(names, sub_ids[i]), sub_ids[i], 0, kSubscriberX, rowY(i, sub_ids.size())});

    // Edges: each subscription.
    auto link = [&](K kind, const std::vector<inspect::PubSubEntry>& v) {
        for (const auto& e : v) {
            const long from = g.find(kind, e.name);
            if (from < 0 || static_cast<size_t>(from) < mid_first) continue;
            for (uint64_t id : e.subscribers) {
                const long to = g.findClient(K::Subscriber, id);
                if (to >= 0) g.edges.push_back({static_cast<size_t>(from), static_cast<size_t>(to)});
            }
        }
    };
    link(K::Channel, snap.channels);
    link(K::Pattern, snap.patterns);
    link(K::Shard, snap.shard_channels);
    return g;
}

float easeInOut(float t) {
    t = std::clamp(t, 0.0f, 1.0f);
    return t * t * (3 - 2 * t);
}

std::vector<MessageDot> messageDots(const PubSubGraph& g, const MessageRecord& m, double age_s, double duration_s) {
    std::vector<MessageDot> dots;
    if (duration_s <= 0 || age_s < 0 || age_s > duration_s) return dots;
    using K = PubSubNode::Kind;
    const long pub = g.findClient(K::Publisher, m.publisher_id);
    if (pub < 0) return dots;
    const PubSubNode& p = g.nodes[static_cast<size_t>(pub)];
    const float t = static_cast<float>(age_s / duration_s);
    auto along = [&g](const PubSubNode& a, const PubSubNode& b, float u, MessageDot& d) {
        u = easeInOut(u);
        d.from = static_cast<size_t>(&a - g.nodes.data());
        d.to = static_cast<size_t>(&b - g.nodes.data());
        d.u = u;
        d.x = a.x + (b.x - a.x) * u;
        d.y = a.y + (b.y - a.y) * u;
    };
    if (m.deliveries.empty()) {
        const long ch = g.find(m.shard ? K::Shard : K::Channel, m.channel);
        if (ch < 0) return dots;
        MessageDot d;
        d.route = static_cast<size_t>(ch);
        d.dropped = true;
        along(p, g.nodes[d.route], std::min(1.0f, t * 2), d);
        dots.push_back(d);
        return dots;
    }
    for (const auto& del : m.deliveries) {
        const long route =
            del.pattern.empty() ? g.find(m.shard ? K::Shard : K::Channel, m.channel) : g.find(K::Pattern, del.pattern);
        const long sub = g.findClient(K::Subscriber, del.client);
        if (route < 0) continue;
        MessageDot d;
        d.route = static_cast<size_t>(route);
        const PubSubNode& r = g.nodes[d.route];
        if (t < 0.5f || sub < 0) {
            along(p, r, std::min(1.0f, t * 2), d);
        } else {
            along(r, g.nodes[static_cast<size_t>(sub)], (t - 0.5f) * 2, d);
            d.delivered = t >= 1.0f;
        }
        dots.push_back(d);
    }
    return dots;
}

std::vector<std::string> matchingPatterns(const inspect::PubSubSnapshot& snap, std::string_view channel) {
    std::vector<std::string> r;
    for (const auto& p : snap.patterns)
        if (globMatch(p.name, channel)) r.push_back(p.name);
    return r;
}

}  // namespace redsim::gui
