// Geo: points on the Earth stored as sorted-set scores (Redis 7.0's geohash.c,
// geohash_helper.c and the search half of geo.c).
//
// HOW A POINT BECOMES A SCORE (the geohash)
//   Longitude runs over [-180, 180] and latitude over [-85.05112878, 85.05112878] (the
//   square Web Mercator maps cover; the poles cannot be indexed). Split the longitude range
//   in two halves: bit 1 if the point is in the upper half, 0 otherwise; then split that
//   half again, and so on, 26 times. Do the same for the latitude. That is one 26-bit
//   number per axis: the point's column and row in a 2^26 x 2^26 grid.
//   Interleaving the two numbers bit by bit (longitude bit, latitude bit, longitude bit, ...
//   from the most significant end) gives a 52-bit "geohash". 52 bits fit exactly in a
//   double's mantissa, so the geohash can be the member's score in a plain sorted set.
//
// WHY INTERLEAVING HELPS
//   The first 2*s bits of a geohash name a cell of a coarser 2^s x 2^s grid ("step" s),
//   and every point inside that cell has a score between prefix << (52 - 2s) (included)
//   and (prefix + 1) << (52 - 2s) (excluded). So "every point in this cell" is one
//   ZRANGEBYSCORE. A search around a point picks a step whose cells are about as large as
//   the search radius, takes the cell of the centre and its 8 neighbours (north, south,
//   east, west and the corners), drops the neighbours the search area cannot reach, scans
//   those score ranges and keeps the points really inside the circle or box.
//
// DECODING
//   A score only says which cell of the finest grid holds the point, so decoding gives
//   the centre of that cell: GEOPOS answers differ from the GEOADD arguments by up to
//   about 0.3 m.
//
// DISTANCES
//   The haversine formula on a sphere of radius 6372797.560856 m, as Redis computes it
//   (including its shortcut when both points have the same longitude).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace redsim::geo {

inline constexpr double kLonMin = -180;
inline constexpr double kLonMax = 180;
inline constexpr double kLatMin = -85.05112878;
inline constexpr double kLatMax = 85.05112878;
inline constexpr int kStepMax = 26;  // bits per axis in a score
inline constexpr double kEarthRadiusMeters = 6372797.560856;

// A cell of the 2^step x 2^step grid: `bits` holds 2*step interleaved bits.
struct HashBits {
    uint64_t bits = 0;
    uint8_t step = 0;
    bool isZero() const { return bits == 0 && step == 0; }
    bool operator==(const HashBits&) const = default;
};

struct Range {
    double min = 0, max = 0;
};

// A cell's extent in degrees.
struct Area {
    HashBits hash;
    Range lon, lat;
};

// geohashEncode: the cell at `step` holding (lon, lat) inside the given ranges. nullopt
// if the point is outside Redis's limits or the ranges, or step is 0 or above 32.
std::optional<HashBits> encode(const Range& lon_range, const Range& lat_range, double lon, double lat, int step);
// With the Web Mercator ranges above.
std::optional<HashBits> encodeWGS84(double lon, double lat, int step);

// geohashDecode: the extent of a cell. nullopt for the zero cell.
std::optional<Area> decode(const Range& lon_range, const Range& lat_range, const HashBits& hash);
std::optional<Area> decodeWGS84(const HashBits& hash);

// A 52-bit score from a cell of any step (geohashAlign52Bits).
uint64_t align52(const HashBits& hash);

// The score GEOADD stores for (lon, lat); nullopt outside the limits.
std::optional<uint64_t> scoreOf(double lon, double lat);

struct LonLat {
    double lon = 0, lat = 0;
};
// decodeGeohash: the centre of the finest cell a score names (clamped to the limits).
std::optional<LonLat> decodeScore(double score);

// The 8 cells around one, at the same step (geohashNeighbors). Longitude wraps around.
struct Neighbors {
    HashBits north, east, west, south, north_east, south_east, north_west, south_west;
};
Neighbors neighbors(const HashBits& hash);

// geohashEstimateStepsByRadius: the step whose cells are wide enough for a search of
// `range_meters` around latitude `lat`.
int estimateStepsByRadius(double range_meters, double lat);

// Distances in meters (geohashGetDistance, geohashGetLatDistance).
double distance(double lon1, double lat1, double lon2, double lat2);
double latDistance(double lat1, double lat2);

// What a search looks for: a circle (radius) or an axis-aligned box (width x height)
// around a centre, in the user's unit; `conversion` turns the unit into meters.
struct Shape {
    enum class Type { Circle, Box } type = Type::Circle;
    double lon = 0, lat = 0;
    double conversion = 1;
    double radius = 0;
    double width = 0, height = 0;
    // geohashBoundingBox: [min lon, min lat, max lon, max lat] in degrees.
    std::array<double, 4> bounds{};
};

// geoWithinShape: whether the point is inside the shape, with its distance in meters to
// the centre when it is.
std::optional<double> withinShape(const Shape& shape, double lon, double lat);

// geohashCalculateAreasByShapeWGS84: the centre cell and its neighbours to scan (the
// useless ones zeroed). Fills shape.bounds.
struct SearchAreas {
    HashBits hash;
    Neighbors neighbors;
    Area area;
    int estimated_step = 0;    // estimateStepsByRadius's answer (hash.step is one less
                               // when the centre sat too near its cell's edge)
    double radius_meters = 0;  // the radius the step was estimated for (a box: its half diagonal)
};
SearchAreas areasForShape(Shape& shape);

// The 9 cells in Redis's scanning order: centre, N, S, E, W, NE, NW, SE, SW.
std::array<HashBits, 9> scanOrder(const SearchAreas& areas);

// [min, max) scores of every point in a cell (scoresOfGeoHashBox).
void scoreRangeOfCell(const HashBits& hash, uint64_t& min, uint64_t& max);

// One of the 9 cells of a search as membersOfAllNeighbors sees it, in scanning order:
// scanned, or skipped because areasForShape zeroed it (the search area cannot reach it)
// or because it is the same cell as the last one scanned (huge radii make neighbours
// coincide). GEOSEARCH and the inspectors both walk this plan.
struct ScanCell {
    const char* name = "";  // "centre", "north", "south", "east", "west", "north-east", ...
    HashBits hash;
    enum class Skip { None, Unreachable, Duplicate } skip = Skip::None;
    uint64_t min = 0, max = 0;  // its scores [min, max) when scanned
};
std::array<ScanCell, 9> scanPlan(const SearchAreas& areas);

// GEOHASH's 11-character standard geohash of a stored score (re-encoded with latitude
// range -90..90; the 11th character is always '0'). nullopt if the score cannot decode.
std::optional<std::string> standardGeohash(double score);

}  // namespace redsim::geo
