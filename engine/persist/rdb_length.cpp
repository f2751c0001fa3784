#include "engine/persist/rdb_length.h"

#include <string>

#include "engine/persist/rdb_save.h"

namespace redsim {

size_t rdbLenSize(size_t len) { return len < (1 << 6) ? 1 : len < (1 << 14) ? 2 : len <= UINT32_MAX ? 5 : 9; }

// Redis's rdbSavedObjectLen runs rdbSaveObject into a rio that only counts; redsim
// likewise runs the writer (engine/persist/rdb_save.h) and measures, so the length
// DEBUG OBJECT reports and the bytes SAVE writes can never disagree.
size_t rdbStringLength(std::string_view s) {
    std::string out;
    RdbWriter(out).string(s);
    return out.size();
}

size_t rdbObjectLength(const Object& o) {
    std::string out;
    RdbWriter(out).object(o);
    return out.size();
}

}  // namespace redsim
