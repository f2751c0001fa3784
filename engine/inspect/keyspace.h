// Read-only views of the keyspace for faces (completion, the GUI's key list).
// They copy what they return, touch nothing (no lazy expiry, no statistics, no access
// data) and never hand out pointers into the engine.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace redsim {
class Engine;
}

namespace redsim::inspect {

// Up to `limit` keys of database `db` whose names start with `prefix`, skipping keys
// past their deadline. Order is the dict's bucket order.
std::vector<std::string> keysWithPrefix(Engine& engine, int db, std::string_view prefix, size_t limit);

}  // namespace redsim::inspect
