#include <doctest/doctest.h>

#include <cmath>

#include "engine/types/geo.h"
#include "gui/model/geo_layout.h"
#include "gui/model/state.h"

using namespace redsim;
using namespace redsim::gui;

namespace {
std::vector<std::string> words(std::string_view s) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') ++i;
        size_t j = i;
        while (j < s.size() && s[j] != ' ') ++j;
        if (j > i) out.emplace_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}
}  // namespace

TEST_SUITE("gui.geo") {
    TEST_CASE("gui.geo.projection.roundtrip") {
        const auto p = fitProjection({13.0, 52.0, 14.0, 53.0}, 100, 50, 800, 600);
        for (double lon : {13.0, 13.37, 14.0})
            for (double lat : {52.0, 52.5, 53.0}) {
                const ScreenPt s = p.toScreen(lon, lat);
                CHECK(s.x >= 100);
                CHECK(s.x <= 900);
                CHECK(s.y >= 50);
                CHECK(s.y <= 650);
                const LonLatDeg back = p.toLonLat(s.x, s.y);
                CHECK(back.lon == doctest::Approx(lon).epsilon(1e-5));
                CHECK(back.lat == doctest::Approx(lat).epsilon(1e-5));
            }
        // North is up, east is right.
        CHECK(p.toScreen(13.5, 53).y < p.toScreen(13.5, 52).y);
        CHECK(p.toScreen(14, 52.5).x > p.toScreen(13, 52.5).x);
        // Aspect: a degree of longitude is cos(mid-latitude) of a degree of latitude.
        CHECK(p.kx / p.k == doctest::Approx(std::cos((p.lat_min + p.lat_max) / 2 * M_PI / 180)));
        // A single point still gives a usable map.
        const auto q = fitProjection({2.35, 48.85, 2.35, 48.85}, 0, 0, 400, 300);
        CHECK(q.k > 0);
        const ScreenPt c = q.toScreen(2.35, 48.85);
        CHECK(c.x == doctest::Approx(200));
        CHECK(c.y == doctest::Approx(150));
    }

    TEST_CASE("gui.geo.graticule") {
        CHECK(niceStep(10, 5) == 2);
        CHECK(niceStep(1, 4) == doctest::Approx(0.2));
        CHECK(niceStep(0.03, 6) == doctest::Approx(0.005));
        const auto g = gridLines(12.9, 14.1, 0.5);
        REQUIRE(g.size() == 3);
        CHECK(g[0] == doctest::Approx(13.0));
        CHECK(g[2] == doctest::Approx(14.0));
        CHECK(gridLines(0, 1, 0).empty());
        CHECK(degreeLabel(13.5, 0.5, true) ==
              "13.5\xC2\xB0"
              "E");
        CHECK(degreeLabel(-2, 1, true) == "2\xC2\xB0W");
        CHECK(degreeLabel(-33.25, 0.05, false) == "33.25\xC2\xB0S");
    }

    TEST_CASE("gui.geo.parse") {
        auto c = parseGeoCommand(words("GEOSEARCH k FROMLONLAT 13.4 52.5 BYRADIUS 20 km ASC COUNT 3"), "k");
        REQUIRE(c);
        CHECK(c->error.empty());
        CHECK(c->centre_known);
        CHECK(c->lon == 13.4);
        CHECK(c->radius == 20);
        CHECK(c->to_meters == 1000);
        CHECK(c->count == 3);
        CHECK_FALSE(c->box);

        c = parseGeoCommand(words("geosearch k frommember berlin bybox 10 5 mi"), "k");
        REQUIRE(c);
        CHECK(c->error.empty());
        CHECK(c->from_member);
        CHECK(c->member == "berlin");
        CHECK_FALSE(c->centre_known);
        CHECK(c->box);
        CHECK(c->width == 10);
        CHECK(c->height == 5);
        CHECK(c->to_meters == 1609.34);

        c = parseGeoCommand(words("GEOSEARCHSTORE dst k FROMLONLAT 1 2 BYRADIUS 3 ft STOREDIST"), "k");
        REQUIRE(c);
        CHECK(c->to_meters == 0.3048);
        CHECK_FALSE(parseGeoCommand(words("GEOSEARCHSTORE k other FROMLONLAT 1 2 BYRADIUS 3 m"), "k"));

        c = parseGeoCommand(words("GEORADIUS k 15 37 200 km WITHDIST"), "k");
        REQUIRE(c);
        CHECK(c->centre_known);
        CHECK(c->lat == 37);
        CHECK(c->radius == 200);
        c = parseGeoCommand(words("GEORADIUSBYMEMBER_RO k Palermo 100 m"), "k");
        REQUIRE(c);
        CHECK(c->from_member);
        CHECK(c->member == "Palermo");
        c = parseGeoCommand(words("GEODIST k a b km"), "k");
        REQUIRE(c);
        CHECK(c->kind == GeoCommand::Kind::Distance);
        CHECK(c->member2 == "b");

        // Other commands, other keys, malformed ones.
        CHECK_FALSE(parseGeoCommand(words("GEOADD k 1 2 a"), "k"));
        CHECK_FALSE(parseGeoCommand(words("GEOSEARCH other FROMLONLAT 1 2 BYRADIUS 3 m"), "k"));
        c = parseGeoCommand(words("GEOSEARCH k FROMLONLAT 1 2 BYRADIUS 3 parsecs"), "k");
        REQUIRE(c);
        CHECK_FALSE(c->error.empty());
        c = parseGeoCommand(words("GEOSEARCH k BYRADIUS 3 m"), "k");
        REQUIRE(c);
        CHECK_FALSE(c->error.empty());
        c = parseGeoCommand(words("GEORADIUS k 1"), "k");
        REQUIRE(c);
        CHECK_FALSE(c->error.empty());
        CHECK(unitToMeters("KM") == 1000.0);
        CHECK_FALSE(unitToMeters("yd"));
    }

    TEST_CASE("gui.geo.last.command") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        s.runLine(0, "GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania");
        CHECK_FALSE(lastGeoCommand(s.commands(), "g"));
        s.runLine(0, "GEORADIUS g 15 37 200 km");
        s.runLine(0, "GEOSEARCH g FROMMEMBER Palermo BYRADIUS 100 km");
        s.runLine(0, "GEOSEARCH other FROMLONLAT 1 1 BYRADIUS 1 km");
        const auto c = lastGeoCommand(s.commands(), "g");
        REQUIRE(c);
        CHECK(c->member == "Palermo");
        const auto pos = geoMemberPosition(s.engine(), 0, "g", "Palermo");
        REQUIRE(pos);
        CHECK(pos->lon == doctest::Approx(13.361389).epsilon(1e-5));
        CHECK(pos->lat == doctest::Approx(38.115556).epsilon(1e-5));
        CHECK_FALSE(geoMemberPosition(s.engine(), 0, "g", "Rome"));
        CHECK_FALSE(geoMemberPosition(s.engine(), 0, "nokey", "Palermo"));
    }

    TEST_CASE("gui.geo.shapes") {
        // Every point of the circle is `radius` away from the centre (Redis's distance).
        for (double lat : {0.0, 38.0, 70.0}) {
            const auto pts = circlePolygon(15, lat, 50000, 36);
            REQUIRE(pts.size() == 36);
            for (const auto& p : pts)
                CHECK(geo::distance(15, lat, p.lon, p.lat) == doctest::Approx(50000).epsilon(1e-6));
        }
        // The box's sides are where Redis's box test changes its answer.
        GeoCommand c;
        c.box = true;
        c.lon = 10;
        c.lat = 60;
        c.width = 100;
        c.height = 40;
        c.to_meters = 1000;
        const auto box = boxPolygon(10, 60, 100000, 40000, 8);
        REQUIRE(box.size() == 18);
        for (const auto& p : box) {
            const double dx = p.lon > 10 ? 1e-4 : -1e-4;
            CHECK(insideShape(c, p.lon - dx, p.lat + (p.lat > 60 ? -1e-6 : 1e-6)));
            CHECK_FALSE(insideShape(c, p.lon + dx, p.lat));
        }
        // Near the pole the parallel is short: the box is wider in degrees on its north side.
        CHECK(box.front().lon - 10 > box[8].lon - 10);
    }

    TEST_CASE("gui.geo.world.scale") {
        auto inWorld = [](const LonLatDeg& p) {
            return p.lon >= -180 - 1e-9 && p.lon <= 180 + 1e-9 && p.lat >= -kGeoLatLimit - 1e-9 &&
                   p.lat <= kGeoLatLimit + 1e-9;
        };
        auto spanArea = [](const std::vector<GeoSpan>& v) {
            double a = 0;
            for (const auto& s : v) {
                CHECK(s.lon0 >= -180);
                CHECK(s.lon1 <= 180);
                CHECK(s.lon0 <= s.lon1);
                CHECK(s.lat0 >= -kGeoLatLimit);
                CHECK(s.lat1 <= kGeoLatLimit);
                a += (s.lon1 - s.lon0) * (s.lat1 - s.lat0);
            }
            return a;
        };
        const double world = 360 * 2 * kGeoLatLimit;
        GeoCommand c;
        c.lon = 13.36;
        c.lat = 38.11;
        c.radius = 20000;
        c.to_meters = 1000;
        // 20000 km: the outline is a small ring around the antipode, inside the world box
        // and not a line; the fill is nearly the whole world (not a fan collapsing to a line).
        const auto lines = worldPolylines(circlePolygon(c.lon, c.lat, 20000e3));
        REQUIRE_FALSE(lines.empty());
        double lo0 = 1e9, lo1 = -1e9, la0 = 1e9, la1 = -1e9;
        for (const auto& l : lines)
            for (const auto& p : l) {
                CHECK(inWorld(p));
                lo0 = std::min(lo0, p.lon);
                lo1 = std::max(lo1, p.lon);
                la0 = std::min(la0, p.lat);
                la1 = std::max(la1, p.lat);
            }
        CHECK(lo1 - lo0 > 0.05);
        CHECK(la1 - la0 > 0.05);
        CHECK((lo0 + lo1) / 2 == doctest::Approx(c.lon - 180).epsilon(0.01));
        CHECK((la0 + la1) / 2 == doctest::Approx(-c.lat).epsilon(0.01));
        const auto spans = shapeSpans(c, -90, 90, 0.05);  // rows finer than the hole
        CHECK(spanArea(spans) > 0.98 * world);
        CHECK(spanArea(spans) < world);
        // Around a pole: every longitude, and the outline one line across the map.
        c.lat = 80;
        c.radius = 2000;
        const auto polar = worldPolylines(circlePolygon(c.lon, c.lat, 2000e3));
        for (const auto& l : polar)
            for (const auto& p : l) CHECK(inWorld(p));
        const auto top = shapeSpans(c, 84, 85, 1);
        REQUIRE(top.size() == 1);
        CHECK(top[0].lon0 == -180);
        CHECK(top[0].lon1 == 180);
        // Across the antimeridian: two pieces of outline, rows split in two.
        c.lon = 179.5;
        c.lat = 0;
        c.radius = 500;
        const auto across = worldPolylines(circlePolygon(c.lon, c.lat, 500e3));
        CHECK(across.size() == 2);
        for (const auto& l : across)
            for (const auto& p : l) CHECK(inWorld(p));
        const auto mid = shapeSpans(c, -0.5, 0.5, 1);
        REQUIRE(mid.size() == 2);
        CHECK(mid[0].lon0 == -180);
        CHECK(mid[1].lon1 == 180);
        // A box past both poles and the antimeridian stays in the world too.
        c.box = true;
        c.width = 40000;
        c.height = 30000;
        for (const auto& l : worldPolylines(boxPolygon(c.lon, c.lat, 40000e3, 30000e3)))
            for (const auto& p : l) CHECK(inWorld(p));
        CHECK(spanArea(shapeSpans(c, -90, 90, 1)) == doctest::Approx(world).epsilon(0.01));
        // 10 m still works: one closed ring, about 20 m across.
        c.box = false;
        c.lon = 2.35;
        c.lat = 48.85;
        c.radius = 10;
        c.to_meters = 1;
        const auto small = worldPolylines(circlePolygon(c.lon, c.lat, 10));
        REQUIRE(small.size() == 1);
        CHECK(small[0].size() == 97);
        CHECK(small[0].front().lon == doctest::Approx(small[0].back().lon));
        const double deg = 10 / geo::kEarthRadiusMeters * 180 / M_PI;
        const auto rows = shapeSpans(c, -90, 90, deg / 10);
        CHECK(rows.size() == 20);
        CHECK(spanArea(rows) == doctest::Approx(M_PI * deg * deg / std::cos(c.lat * M_PI / 180)).epsilon(0.05));
        // Cells and fit bounds past the world are cut to it.
        const auto cells = worldRects({170, 80, 200, 90});
        REQUIRE(cells.size() == 2);
        CHECK(cells[0] == std::array<double, 4>{-180, 80, -160, kGeoLatLimit});
        CHECK(cells[1] == std::array<double, 4>{170, 80, 180, kGeoLatLimit});
        CHECK(worldRects({-200, -100, 200, -90}).empty());
        CHECK(worldRects({-400, 0, 400, 1}).size() == 1);
        const double huge[4] = {-500, -170, 520, 210};
        CHECK(searchFitBounds(huge) == std::array<double, 4>{-180, -kGeoLatLimit, 180, kGeoLatLimit});
        const double north[4] = {10, 80, 20, 95};
        CHECK(searchFitBounds(north) == std::array<double, 4>{-180, 80, 180, kGeoLatLimit});
        const double city[4] = {2, 48, 3, 49};
        CHECK(searchFitBounds(city) == std::array<double, 4>{2, 48, 3, 49});
        const double nan[4] = {NAN, 0, 1, 1};
        CHECK(searchFitBounds(nan)[0] == -180);
    }

    TEST_CASE("gui.geo.labels.and.cells") {
        const double centre[4] = {10, 20, 12, 21};
        const auto ne = neighbourArea(centre, "north-east");
        CHECK(ne == std::array<double, 4>{12, 21, 14, 22});
        const auto w = neighbourArea(centre, "west");
        CHECK(w == std::array<double, 4>{8, 20, 10, 21});
        CHECK(neighbourArea(centre, "centre") == std::array<double, 4>{10, 20, 12, 21});
        CHECK(cellAbbrev("centre") == "C");
        CHECK(cellAbbrev("north-west") == "NW");
        CHECK(cellAbbrev("south") == "S");
        // Two points close together: the second label moves off the first.
        const std::vector<ScreenPt> pts{{100, 100}, {104, 102}};
        const std::vector<ScreenPt> sizes{{50, 14}, {50, 14}};
        const auto at = placeLabels(pts, sizes, 4);
        REQUIRE(at.size() == 2);
        CHECK(at[0].x == doctest::Approx(100 - 4 - 3 - 50));  // the right side would cover the other dot
        const bool overlap =
            at[1].x < at[0].x + 50 && at[0].x < at[1].x + 50 && at[1].y < at[0].y + 14 && at[0].y < at[1].y + 14;
        CHECK_FALSE(overlap);
    }

    TEST_CASE("gui.geo.search.agrees") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        s.runLine(0,
                  "GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 12.496366 41.902782 Rome "
                  "14.268124 40.851775 Naples");
        s.runLine(0, "GEOSEARCH g FROMLONLAT 15 37 BYRADIUS 200 km");
        auto c = lastGeoCommand(s.commands(), "g");
        REQUIRE(c);
        REQUIRE(c->centre_known);
        const auto g = inspect::geoSearchOf(s.engine(), 0, "g", c->query());
        REQUIRE(g);
        CHECK(g->cells.size() == 9);
        CHECK(g->matches == 2);
        size_t inside = 0;
        for (const auto& cell : g->cells)
            for (const auto& cand : cell.candidates) {
                CHECK(insideShape(*c, cand.lon, cand.lat) == cand.inside);
                inside += cand.inside;
            }
        CHECK(inside == 2);
        // The shape's bounding box fits in the projection fitted to it.
        const auto p = fitProjection({g->bounds[0], g->bounds[1], g->bounds[2], g->bounds[3]}, 0, 0, 500, 400);
        for (const auto& pt : circlePolygon(c->lon, c->lat, c->radius * c->to_meters)) {
            const ScreenPt sp = p.toScreen(pt.lon, pt.lat);
            CHECK(sp.x >= -0.5f);
            CHECK(sp.x <= 500.5f);
            CHECK(sp.y >= -0.5f);
            CHECK(sp.y <= 400.5f);
        }
    }
}
