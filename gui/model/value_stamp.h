// A change stamp for one key's value, for views that cache a snapshot of it (dict,
// quicklist, string). GuiState::changeStamp() also moves on every clock tick, which is
// right for views of the whole server but would make a view of a 100k-field hash copy
// its window ten times a second for nothing: a tick does not touch a hash's, list's or
// string's insides (the cron rehashes only the keyspace dicts). What can change them is
// a command (writes and, while rehashing, reads), an expiry or eviction, the key's
// deadline passing (a snapshot of an expired key is nullopt), or a restarted engine.
#pragma once

#include <cstdint>
#include <string_view>

#include "gui/model/state.h"

namespace redsim::gui {

// Differs whenever the snapshot of `key` in the selected db may differ.
uint64_t valueStamp(GuiState& s, std::string_view key);

}  // namespace redsim::gui
