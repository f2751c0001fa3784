// Pub/Sub: channels, patterns and shard channels with their subscribers (Redis's
// pubsub.c). See engine/pubsub.h.
#include "engine/pubsub.h"

#include <algorithm>

#include "engine/client.h"
#include "engine/engine.h"
#include "engine/reply.h"
#include "engine/util/glob.h"

namespace redsim {

namespace {

std::vector<std::string>& clientList(Client& c, PubSub::Kind kind) {
    switch (kind) {
        case PubSub::Kind::Channel:
            return c.sub_channels;
        case PubSub::Kind::Pattern:
            return c.sub_patterns;
        case PubSub::Kind::Shard:
            return c.sub_shard_channels;
    }
    return c.sub_channels;
}

// One message as a subscriber receives it: an array in RESP2, a push in RESP3
// (addReplyPubsubMessage / addReplyPubsubPatMessage). Built once per protocol and
// copied to every subscriber.
class Message {
public:
    Message(std::string_view kind, const std::string* pattern, std::string_view channel, std::string_view message)
        : kind_(kind), pattern_(pattern), channel_(channel), message_(message) {}
    const std::string& bytes(int resp) {
        std::string& b = resp >= 3 ? resp3_ : resp2_;
        if (b.empty()) {
            ReplyWriter w(b, resp);
            w.pushLen(pattern_ ? 4 : 3);
            w.bulk(kind_);
            if (pattern_) w.bulk(*pattern_);
            w.bulk(channel_);
            w.bulk(message_);
        }
        return b;
    }

private:
    std::string_view kind_;
    const std::string* pattern_;
    std::string_view channel_, message_;
    std::string resp2_, resp3_;
};

}  // namespace

PubSub::Subscribers& PubSub::table(Kind kind) {
    return kind == Kind::Channel ? channels_ : kind == Kind::Pattern ? patterns_ : shard_channels_;
}
const PubSub::Subscribers& PubSub::table(Kind kind) const {
    return kind == Kind::Channel ? channels_ : kind == Kind::Pattern ? patterns_ : shard_channels_;
}

bool PubSub::subscribe(Client& c, Kind kind, std::string_view name) {
    auto& mine = clientList(c, kind);
    if (std::find(mine.begin(), mine.end(), name) != mine.end()) return false;
    mine.emplace_back(name);
    auto& t = table(kind);
    auto it = t.find(name);
    if (it == t.end()) it = t.emplace(std::string(name), std::vector<Client*>{}).first;
    it->second.push_back(&c);  // appended: delivery follows subscription order
    return true;
}

bool PubSub::unsubscribe(Client& c, Kind kind, std::string_view name) {
    auto& mine = clientList(c, kind);
    auto pos = std::find(mine.begin(), mine.end(), name);
    if (pos == mine.end()) return false;
    mine.erase(pos);
    auto& t = table(kind);
    auto it = t.find(name);
    if (it != t.end()) {
        auto& subs = it->second;
        subs.erase(std::remove(subs.begin(), subs.end(), &c), subs.end());
        // A channel nobody listens to any more disappears (PUBSUB CHANNELS, NUMPAT).
        if (subs.empty()) t.erase(it);
    }
    return true;
}

void PubSub::unsubscribeAll(Client& c) {
    for (Kind kind : {Kind::Channel, Kind::Pattern, Kind::Shard}) {
        const std::vector<std::string> names = clientList(c, kind);  // a copy: unsubscribe edits it
        for (const auto& n : names) unsubscribe(c, kind, n);
    }
}

size_t PubSub::publish(std::string_view channel, std::string_view message, bool shard, Engine& engine,
                       std::vector<PublishEvent::Delivery>* deliveries) {
    size_t n = 0;
    const Subscribers& direct = shard ? shard_channels_ : channels_;
    if (auto it = direct.find(channel); it != direct.end()) {
        Message m(shard ? "smessage" : "message", nullptr, channel, message);
        for (Client* c : it->second) {
            c->out += m.bytes(c->resp);
            engine.notePush(*c);
            if (deliveries) deliveries->push_back({c->id, {}});
            ++n;
        }
    }
    if (shard) return n;  // shard channels have no patterns
    // Every pattern is tried against the channel: PUBLISH costs O(patterns).
    for (const auto& [pattern, subs] : patterns_) {
        if (!globMatch(pattern, channel)) continue;
        Message m("pmessage", &pattern, channel, message);
        for (Client* c : subs) {
            c->out += m.bytes(c->resp);
            engine.notePush(*c);
            if (deliveries) deliveries->push_back({c->id, pattern});
            ++n;
        }
    }
    return n;
}

std::vector<std::string> PubSub::activeChannels(bool shard) const {
    std::vector<std::string> r;
    for (const auto& [name, subs] : shard ? shard_channels_ : channels_) r.push_back(name);
    return r;
}

size_t PubSub::subscriberCount(Kind kind, std::string_view name) const {
    const auto& t = table(kind);
    auto it = t.find(name);
    return it == t.end() ? 0 : it->second.size();
}

size_t Engine::publishGeneric(std::string_view channel, std::string_view message, bool shard, const Client* from) {
    if (publish_listeners_.empty()) return pubsub_.publish(channel, message, shard, *this);
    PublishEvent ev{.channel = std::string(channel),
                    .message = std::string(message),
                    .shard = shard,
                    .publisher = from ? from->id : 0,
                    .deliveries = {}};
    const size_t n = pubsub_.publish(channel, message, shard, *this, &ev.deliveries);
    // A listener may remove itself: iterate over a copy of the handles.
    std::vector<uint64_t> handles;
    for (const auto& [h, fn] : publish_listeners_) handles.push_back(h);
    for (uint64_t h : handles)
        if (auto it = publish_listeners_.find(h); it != publish_listeners_.end()) it->second(ev);
    return n;
}

size_t Engine::publish(std::string_view channel, std::string_view message, const Client* from) {
    return publishGeneric(channel, message, false, from);
}

size_t Engine::spublish(std::string_view channel, std::string_view message, const Client* from) {
    return publishGeneric(channel, message, true, from);
}

uint64_t Engine::onPublish(PublishListener fn) {
    const uint64_t handle = next_listener_id_++;
    publish_listeners_.emplace(handle, std::move(fn));
    return handle;
}

void Engine::removePublishListener(uint64_t handle) { publish_listeners_.erase(handle); }

}  // namespace redsim
