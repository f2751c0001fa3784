// The interactive loop: GNU readline with redis-cli's grey hints, TAB completion from
// the grammar and keyspace, persistent history, Ctrl-C clears the line, Ctrl-D exits.
#pragma once

#include "repl/session.h"

namespace redsim::repl {

// Runs until quit/exit/Ctrl-D. Requires stdin to be a terminal. Returns the exit status.
int runInteractive(Session& session);

}  // namespace redsim::repl
