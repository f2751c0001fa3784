// Consumer groups of a stream (Redis's streamCG, streamConsumer, streamNACK).
#pragma once

namespace redsim {

// Placeholder until consumer groups land: a stream's groups.
struct StreamGroups {};

}  // namespace redsim
