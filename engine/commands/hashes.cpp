// HSET, HGET, HRANDFIELD, HSCAN…: the hash type (listpack / hashtable).
#include "engine/commands/table.h"

namespace redsim {

std::span<const CommandSpec> hashCommands() { return {}; }

}  // namespace redsim
