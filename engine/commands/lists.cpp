// LPUSH, LRANGE, LMOVE…: the list type (quicklist).
#include "engine/commands/table.h"

namespace redsim {

std::span<const CommandSpec> listCommands() { return {}; }

}  // namespace redsim
