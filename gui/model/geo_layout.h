// View-model of the geo view (gui/views/geo.cpp): the map projection, the last geo
// command run on the key parsed into a search (centre, circle or box, unit), the shapes
// to draw in degrees (a circle and GEOSEARCH's box as Redis tests them), and the
// graticule. No ImGui.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/inspect/value.h"
#include "gui/model/state.h"

namespace redsim::gui {

struct LonLatDeg {
    double lon = 0, lat = 0;
};
struct ScreenPt {
    float x = 0, y = 0;
};

// An equirectangular projection of a lon/lat box onto a screen rectangle. One degree of
// latitude is `k` pixels and one degree of longitude k * cos(mid-latitude), so shapes
// keep their aspect near the box's middle; the box is centred in the rectangle.
struct GeoProjection {
    double lon_min = 0, lat_min = 0, lon_max = 0, lat_max = 0;  // what is shown (padded)
    float rx = 0, ry = 0, rw = 0, rh = 0;                       // the screen rectangle
    double k = 1;                                               // pixels per degree of latitude
    double kx = 1;                                              // pixels per degree of longitude
    double ox = 0, oy = 0;                                      // screen position of (lon_min, lat_max)

    ScreenPt toScreen(double lon, double lat) const;
    LonLatDeg toLonLat(float x, float y) const;
};
// Fits [min lon, min lat, max lon, max lat] into (x, y, w, h) with `pad` of the span
// added on each side (and at least `min_span` degrees shown, for a single point).
GeoProjection fitProjection(const std::array<double, 4>& bounds, float x, float y, float w, float h, double pad = 0.08,
                            double min_span = 0.01);

// Graticule: a round step (1, 2 or 5 x 10^n degrees) giving about `lines` lines over
// `span`, and the multiples of it in [lo, hi].
double niceStep(double span, int lines = 6);
std::vector<double> gridLines(double lo, double hi, double step);
// A degree label with as many decimals as the step needs: "13.40°E", "52.5°N".
std::string degreeLabel(double v, double step, bool lon);

// The last geo command on a key, as the map draws it.
struct GeoCommand {
    enum class Kind { Search, Distance } kind = Kind::Search;
    std::string name;          // "GEOSEARCH", "GEORADIUSBYMEMBER", "GEODIST", ...
    bool from_member = false;  // FROMMEMBER / GEORADIUSBYMEMBER
    std::string member;        // the centre member (or GEODIST's first)
    std::string member2;       // GEODIST's second member
    double lon = 0, lat = 0;   // the centre (FROMLONLAT / GEORADIUS), or resolved
    bool centre_known = false;
    bool box = false;
    double radius = 0, width = 0, height = 0;  // in `unit`
    std::string unit = "m";
    double to_meters = 1;
    std::optional<long long> count;
    std::string error;  // why it cannot be drawn ("" = fine)

    // inspect::geoSearchOf's query (centre_known must hold).
    inspect::GeoQuery query() const;
};
// Meters per unit as GEO* commands take them (m, km, ft, mi; any case).
std::optional<double> unitToMeters(std::string_view unit);
// Parses a command if it is a geo search or GEODIST reading `key`: GEOSEARCH,
// GEOSEARCHSTORE (its source key), GEORADIUS[_RO], GEORADIUSBYMEMBER[_RO], GEODIST.
// nullopt for any other command or key; a malformed one has `error` set.
std::optional<GeoCommand> parseGeoCommand(std::span<const std::string> argv, std::string_view key);
// The newest of `commands` that parseGeoCommand accepts for `key`.
std::optional<GeoCommand> lastGeoCommand(const std::deque<CommandRecord>& commands, std::string_view key);

// A member's position as GEOPOS gives it (the centre of its finest cell), read without
// touching the key; nullopt if the key is not a zset or has no such member.
std::optional<LonLatDeg> geoMemberPosition(Engine& engine, int db, std::string_view key, std::string_view member);

// The circle of `radius_m` meters around a point as `n` points (degrees), each the
// point at that distance and bearing on Redis's sphere.
std::vector<LonLatDeg> circlePolygon(double lon, double lat, double radius_m, int n = 96);
// GEOSEARCH BYBOX's area: Redis keeps a point when its latitude distance to the centre
// is at most height/2 and its distance along its own parallel at most width/2, so the
// east and west sides bend with latitude. `n` points per side.
std::vector<LonLatDeg> boxPolygon(double lon, double lat, double width_m, double height_m, int n = 24);
// The map's world: GEOADD's limits.
inline constexpr double kGeoLonLimit = 180.0;
inline constexpr double kGeoLatLimit = 85.05112878;

// A closed ring (circlePolygon, boxPolygon; the last point joins the first) as open
// polylines inside the world box: longitudes are unwrapped along the ring, the ring is
// clipped to the box, and the parts past the antimeridian are drawn shifted by 360
// degrees on the other side. A ring around a pole stays one line across the map.
std::vector<std::vector<LonLatDeg>> worldPolylines(const std::vector<LonLatDeg>& ring);

// The command's area (circle or box, as geo::withinShape tests it) as horizontal strips
// for filling: rows of at most `row_deg` degrees of latitude over [lat_lo, lat_hi] (cut
// to the shape and the world), each with the longitudes inside at the row's middle as
// one or two spans (two when it crosses the antimeridian), all within the world box.
// Right for any radius: a circle of 20000 km is the world minus a hole at the antipode.
struct GeoSpan {
    double lat0 = 0, lat1 = 0, lon0 = 0, lon1 = 0;
};
std::vector<GeoSpan> shapeSpans(const GeoCommand& c, double lat_lo, double lat_hi, double row_deg);

// A lon/lat rectangle (min lon, min lat, max lon, max lat) as up to two rectangles inside
// the world box: a part past +-180 is moved to the other side. Empty when nothing is left.
std::vector<std::array<double, 4>> worldRects(const std::array<double, 4>& area);

// What the map fits for a search's bounding box (geo::Shape::bounds, which runs past the
// world for big areas): each side cut to the world, and all longitudes (or the world)
// when the area crosses the antimeridian, reaches a pole, or is not finite.
std::array<double, 4> searchFitBounds(const double bounds[4]);

// The area of one of the 9 cells from the centre cell's area (min lon, min lat, max lon,
// max lat) and its name in geo::scanPlan ("north", "south-west", ...): for drawing the
// neighbours areasForShape zeroed, which carry no area of their own.
std::array<double, 4> neighbourArea(const double centre[4], std::string_view name);

// A cell's short name for small drawings: "centre" -> "C", "north-west" -> "NW".
std::string cellAbbrev(std::string_view name);

// Labels beside points without overlapping: for each point (in order) the first of
// right, left, above, below whose w x h rectangle hits no label placed before and no
// other point's dot (radius `dot`); the right side when none is free. Returns the
// top-left corner of each label.
struct LabelBox {
    float x = 0, y = 0, w = 0, h = 0;
};
std::vector<ScreenPt> placeLabels(const std::vector<ScreenPt>& points, const std::vector<ScreenPt>& sizes, float dot,
                                  float gap = 3.0f);

// Whether a point is in the command's shape (geo::withinShape, what GEOSEARCH keeps).
bool insideShape(const GeoCommand& c, double lon, double lat);

}  // namespace redsim::gui
