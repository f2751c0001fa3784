// SORT and SORT_RO.
#include "engine/commands/table.h"

namespace redsim {

std::span<const CommandSpec> sortCommands() { return {}; }

}  // namespace redsim
