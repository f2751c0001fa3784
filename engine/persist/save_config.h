// The `save` config directive: the save points ("after <seconds> if at least <changes>
// writes") that serverCron checks (engine/persist/bgsave.h). Parsing and printing as
// Redis 7.0's config.c: CONFIG SET save "3600 1 300 100" replaces every point, `save ""`
// removes them all, and in a config file each `save` line adds points (the first line
// met replaces the defaults).
#pragma once

#include <optional>
#include <span>
#include <string>

namespace redsim {

struct ConfigValues;

namespace persist {

std::string getSaveParams(const ConfigValues& v);
// Returns "Invalid save parameters" (Redis's text) on bad input, leaving `v` unchanged.
std::optional<std::string> setSaveParams(ConfigValues& v, std::span<const std::string> words);

}  // namespace persist
}  // namespace redsim
