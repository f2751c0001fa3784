// docs/commands.md, generated from the command table (so the docs cannot drift from
// what the engine does). tests/commands/docs_test.cpp checks the file is current;
// `REDSIM_UPDATE_DOCS=1 build/dev/tests/redsim_tests -tc=commands.docs*` rewrites it.
// Tooling, not engine: it lives with the client-side code.
#pragma once

#include <string>

#include "engine/commands/table.h"

namespace redsim {

std::string commandsMarkdown(const CommandTable& table);

}  // namespace redsim
