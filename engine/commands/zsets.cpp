// ZADD, ZRANGE, ZUNIONSTORE, ZSCAN…: the sorted set type (listpack / skiplist).
#include "engine/commands/table.h"

namespace redsim {

std::span<const CommandSpec> zsetCommands() { return {}; }

}  // namespace redsim
