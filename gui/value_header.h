// The header every keyed view draws above its structure: the key, its type badge,
// encoding, length, TTL, MEMORY USAGE, and the inspector's one-paragraph reason for the
// encoding with the config thresholds that decide it.
#pragma once

#include "engine/inspect/value.h"
#include "gui/view.h"

namespace redsim::gui {

void drawValueHeader(Frame& f, const inspect::ValueSnapshot& v);

// The line a keyed view shows when no key (or no fitting key) is selected.
void drawNoKey(Frame& f, std::string_view what);

}  // namespace redsim::gui
