// :explain's text: a value snapshot (engine/inspect/value.h) drawn in ASCII for a
// terminal. Kept apart from the snapshot so the GUI can draw the same data its own way.
//
// Every drawing fits `width` columns (100 by default) and is bounded by the snapshot's
// limits: lists that were cut end in a "... N more" line.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "engine/inspect/value.h"

namespace redsim::repl {

// Type, encoding and length; the thresholds; the reason as a wrapped paragraph; then
// the drawing of every structure the snapshot holds. Ends with a newline.
std::string renderExplain(const inspect::ValueSnapshot& s, size_t width = 100);

// A skiplist search path, one line per step, and the sum of the spans followed.
// `what` names the search ("rank 5 (ZRANGE's start)").
std::string renderPath(const Skiplist::Path& p, const std::string& what, size_t width = 100);

// The bit window of a string (:explain KEY BITS / BIT n): with a focus bit, the byte / bit
// arithmetic SETBIT and GETBIT do for it.
std::string renderBits(const inspect::BitsSnap& b, size_t width = 100);

// What a GEOSEARCH scans (:explain KEY GEO ...): the step, the 9 cells, their members.
std::string renderGeoSearch(const inspect::GeoSearchSnap& g, size_t width = 100);

// The views :explain draws on request: "BITS", "BIT n" (also "BITS n") and "GEO lon lat radius unit"
// / "GEO lon lat width height unit" (argv[2] names it). isViewOption says whether argv[2]
// is one of them; explainView parses the rest and returns the text to print (a usage or
// error line when the arguments are wrong, or the key does not fit).
bool isViewOption(std::string_view word);
std::string explainView(Engine& engine, int db, std::span<const std::string> argv, size_t width = 100);

}  // namespace redsim::repl
