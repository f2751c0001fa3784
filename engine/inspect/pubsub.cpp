#include "engine/inspect/pubsub.h"

#include "engine/engine.h"

namespace redsim::inspect {

PubSubSnapshot inspectPubSub(const Engine& engine) {
    PubSubSnapshot snap;
    auto copy = [&](PubSub::Kind kind, std::vector<PubSubEntry>& out) {
        engine.pubsub().forEach(kind, [&](const std::string& name, const std::vector<Client*>& subs) {
            PubSubEntry e{name, {}};
            for (const Client* c : subs) e.subscribers.push_back(c->id);
            out.push_back(std::move(e));
        });
    };
    copy(PubSub::Kind::Channel, snap.channels);
    copy(PubSub::Kind::Pattern, snap.patterns);
    copy(PubSub::Kind::Shard, snap.shard_channels);
    return snap;
}

}  // namespace redsim::inspect
