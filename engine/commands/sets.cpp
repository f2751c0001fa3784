// SADD, SINTER, SPOP, SSCAN…: the set type (intset / hashtable).
#include "engine/commands/table.h"

namespace redsim {

std::span<const CommandSpec> setCommands() { return {}; }

}  // namespace redsim
