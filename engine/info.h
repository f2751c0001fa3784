// INFO: the server's report, section by section, with Redis 7.0's field names.
#pragma once

#include <span>
#include <string>

namespace redsim {

class Engine;

// The Redis version redsim's behaviour matches (clients use it to pick features).
inline constexpr const char* kRedisVersion = "7.0.15";

// INFO's text for the sections named in `args` (none: the default sections; "all",
// "everything", "default" as Redis). Lines end in "\r\n", sections are separated by a
// blank line.
std::string infoString(Engine& engine, std::span<const std::string> args);

// used_memory from the memory model (engine/memory.h); cheap: O(keys changed since the
// last call). Updates used_memory_peak.
long long usedMemory(Engine& engine);

// "1.50M"-style figure as INFO's *_human fields (bytesToHuman).
std::string bytesToHuman(long long bytes);

}  // namespace redsim
