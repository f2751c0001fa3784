// The scan half of a geo search (Redis's geoGetPointsInRange): the members of a geo
// sorted set whose scores fall in one cell of a scan plan (geo.h: scanPlan). Shared by
// the GEOSEARCH family (engine/commands/geo.cpp) and the inspectors (engine/inspect),
// so that what :explain shows is what the command does.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/object.h"
#include "engine/types/geo.h"
#include "engine/types/zset.h"

namespace redsim::geo {

// Calls f(member, score) for every member with cell.min <= score < cell.max, in score
// order, until f returns false. Read-only.
template <class F>
void forEachInCell(const Object& z, const ScanCell& cell, F&& f) {
    ScoreRange range;
    range.min = static_cast<double>(cell.min);
    range.max = static_cast<double>(cell.max);
    range.minex = false;
    range.maxex = true;
    for (zset::Cursor c = zset::Cursor::inScoreRange(z, range); c.valid(); c.next()) {
        const double score = c.score();
        if (!range.lteMax(score)) break;
        if (!f(c.member(), score)) break;
    }
}

}  // namespace redsim::geo
