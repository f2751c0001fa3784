// :explain's text: a value snapshot (engine/inspect/value.h) drawn in ASCII for a
// terminal. Kept apart from the snapshot so the GUI can draw the same data its own way.
//
// Every drawing fits `width` columns (100 by default) and is bounded by the snapshot's
// limits: lists that were cut end in a "... N more" line.
#pragma once

#include <cstddef>
#include <string>

#include "engine/inspect/value.h"

namespace redsim::repl {

// Type, encoding and length; the thresholds; the reason as a wrapped paragraph; then
// the drawing of every structure the snapshot holds. Ends with a newline.
std::string renderExplain(const inspect::ValueSnapshot& s, size_t width = 100);

// A skiplist search path, one line per step, and the sum of the spans followed.
// `what` names the search ("rank 5 (ZRANGE's start)").
std::string renderPath(const Skiplist::Path& p, const std::string& what, size_t width = 100);

}  // namespace redsim::repl
