// A read-only snapshot of Pub/Sub for faces (the GUI's channel view, :clients): every
// channel, pattern and shard channel with the ids of its subscribers in subscription
// order (the order messages are delivered in). Copies; no pointers into the engine.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace redsim {
class Engine;
}

namespace redsim::inspect {

struct PubSubEntry {
    std::string name;
    std::vector<uint64_t> subscribers;  // client ids, in subscription order
};

struct PubSubSnapshot {
    std::vector<PubSubEntry> channels;        // in name order
    std::vector<PubSubEntry> patterns;        // in name order
    std::vector<PubSubEntry> shard_channels;  // in name order
};

PubSubSnapshot inspectPubSub(const Engine& engine);

}  // namespace redsim::inspect
