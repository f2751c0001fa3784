// Stream commands that read for clients and consumer groups (filled in next).
#include "engine/commands/table.h"

namespace redsim {

std::span<const CommandSpec> streamGroupCommands() { return {}; }

}  // namespace redsim
