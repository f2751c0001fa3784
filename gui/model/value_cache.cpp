#include "gui/model/value_cache.h"

#include "engine/engine.h"
#include "gui/model/value_stamp.h"

namespace redsim::gui {

uint64_t ValueCache::stamp(GuiState& s) { return valueStamp(s, s.selected_key); }

const inspect::ValueSnapshot* ValueCache::get(GuiState& s, bool* retaken) {
    const uint64_t st = stamp(s);
    bool again = st != stamp_ || key_ != s.selected_key || db_ != s.db;
    // A key past its deadline is gone for every reader even before a tick deletes it.
    if (!again && snap_ && (s.db < 0 || s.db >= s.engine().dbCount() || s.engine().db(s.db).isExpired(key_)))
        again = true;
    if (again) {
        stamp_ = st;
        key_ = s.selected_key;
        db_ = s.db;
        snap_.reset();
        if (!key_.empty()) snap_ = inspect::inspectValue(s.engine(), s.db, key_, limits_);
    }
    if (retaken) *retaken = again;
    return snap_ ? &*snap_ : nullptr;
}

}  // namespace redsim::gui
