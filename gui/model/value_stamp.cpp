#include "gui/model/value_stamp.h"

#include <functional>

namespace redsim::gui {

uint64_t valueStamp(GuiState& s, std::string_view key) {
    Engine& e = s.engine();
    const auto& st = e.stats();
    // Monotonic counters: their sum grows whenever one of them does.
    uint64_t stamp = e.dirty + st.total_commands_processed + st.expired_keys + st.evicted_keys +
                     (s.commands().empty() ? 0 : s.commands().back().seq) + static_cast<uint64_t>(s.db);
    stamp ^= std::hash<const void*>{}(&e) << 1;  // a restarted engine starts its counters again
    const int64_t at = key.empty() ? -1 : e.db(s.db).expireAt(key);
    if (at >= 0 && e.clock().nowMs() >= at) stamp ^= 1;  // past its deadline: gone for readers
    return stamp;
}

}  // namespace redsim::gui
