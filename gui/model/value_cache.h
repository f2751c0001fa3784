// A keyed view's own snapshot of the selected key, taken with the view's own limits
// (the geo map wants 2000 members, the HLL strip every opcode), and retaken only when
// something may have changed the value: a write (Engine::dirty), a command, an expiry or
// eviction, another key or db selected, or the key vanishing. Clock ticks alone do not
// retake it, so a big value is not walked again every frame while time runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/inspect/value.h"
#include "gui/model/state.h"

namespace redsim::gui {

class ValueCache {
public:
    explicit ValueCache(inspect::Limits limits) : limits_(limits) {}
    // The snapshot of s.selected_key in s.db, or nullptr (no key, gone, expired). The
    // pointer stays valid until the next call. `*retaken` tells whether it was retaken.
    const inspect::ValueSnapshot* get(GuiState& s, bool* retaken = nullptr);
    // What decides a retake, apart from the key and db (exposed for tests).
    static uint64_t stamp(GuiState& s);

private:
    inspect::Limits limits_;
    std::optional<inspect::ValueSnapshot> snap_;
    uint64_t stamp_ = ~0ull;
    std::string key_;
    int db_ = -1;
};

}  // namespace redsim::gui
