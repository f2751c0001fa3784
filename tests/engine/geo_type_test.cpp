// The geo type layer (engine/types/geo): geohash encode/decode round trips, neighbours,
// distances, and the 9-cell search plan checked against a brute-force scan.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "engine/types/geo.h"
#include "tests/engine/test_util.h"

using namespace redsim;

namespace {

std::string fixed4(double d) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4f", d);
    return buf;
}

struct Point {
    double lon, lat;
    uint64_t score;
};

}  // namespace

TEST_CASE("geo.encode_decode_round_trip") {
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> lon(geo::kLonMin, geo::kLonMax), lat(geo::kLatMin, geo::kLatMax);
    // Half a cell of the finest grid, per axis.
    const double half_lon = 360.0 / (1 << 26) / 2, half_lat = (geo::kLatMax - geo::kLatMin) / (1 << 26) / 2;
    for (int i = 0; i < 20000; ++i) {
        const double x = lon(rng), y = lat(rng);
        auto score = geo::scoreOf(x, y);
        REQUIRE(score);
        CHECK(*score < (uint64_t{1} << 52));
        auto p = geo::decodeScore(static_cast<double>(*score));
        REQUIRE(p);
        CHECK(std::fabs(p->lon - x) <= half_lon * 1.0000001);
        CHECK(std::fabs(p->lat - y) <= half_lat * 1.0000001);
        // The centre of a cell encodes back to the same cell.
        CHECK(geo::scoreOf(p->lon, p->lat) == score);
    }
    CHECK_FALSE(geo::scoreOf(180.0001, 0));
    CHECK_FALSE(geo::scoreOf(0, 85.06));
    CHECK_FALSE(geo::encodeWGS84(0, 0, 0));
    CHECK_FALSE(geo::encodeWGS84(0, 0, 33));
}

TEST_CASE("geo.known_values_match_redis") {
    // Numbers from Redis 7.0.15 (tests/transcripts/geo_*.redis).
    CHECK(geo::scoreOf(13.361389, 38.115556) == 3479099956230698ULL);
    CHECK(geo::scoreOf(15.087269, 37.502669) == 3479447370796909ULL);
    auto pal = *geo::decodeScore(3479099956230698.0);
    auto cat = *geo::decodeScore(3479447370796909.0);
    CHECK(fixed4(geo::distance(pal.lon, pal.lat, cat.lon, cat.lat)) == "166274.1516");
    CHECK(geo::standardGeohash(3479099956230698.0) == "sqc8b49rny0");
    CHECK(geo::standardGeohash(3479447370796909.0) == "sqdtr74hyu0");
}

TEST_CASE("geo.distance") {
    CHECK(geo::distance(10, 20, 10, 20) == 0);
    CHECK(geo::distance(1, 2, 3, 4) == doctest::Approx(geo::distance(3, 4, 1, 2)));
    // Same longitude: the meridian shortcut.
    CHECK(geo::distance(5, 10, 5, 11) == geo::latDistance(10, 11));
    // A quarter of the equator.
    CHECK(geo::distance(0, 0, 90, 0) == doctest::Approx(geo::kEarthRadiusMeters * M_PI / 2));
}

TEST_CASE("geo.neighbours_wrap_and_step_estimate") {
    auto h = *geo::encodeWGS84(179.99, 0, 4);
    auto n = geo::neighbors(h);
    auto east = *geo::decodeWGS84(n.east);
    CHECK(east.lon.min == doctest::Approx(-180));
    auto north = *geo::decodeWGS84(n.north);
    auto self = *geo::decodeWGS84(h);
    CHECK(north.lat.min == doctest::Approx(self.lat.max));
    CHECK(geo::estimateStepsByRadius(0, 0) == 26);
    CHECK(geo::estimateStepsByRadius(1e9, 0) == 1);
    CHECK(geo::estimateStepsByRadius(1000, 70) == geo::estimateStepsByRadius(1000, 0) - 1);
    CHECK(geo::estimateStepsByRadius(1000, -81) == geo::estimateStepsByRadius(1000, 0) - 2);
}

TEST_CASE("geo.area_search_covers_every_point_in_the_shape") {
    // Brute force model: every point within the shape must lie in one of the scanned cells.
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u01(0, 1);
    std::vector<Point> pts;
    for (int i = 0; i < 3000; ++i) {
        const double lon = -20 + 40 * u01(rng), lat = 30 + 30 * u01(rng);
        pts.push_back({lon, lat, *geo::scoreOf(lon, lat)});
    }
    for (int q = 0; q < 300; ++q) {
        geo::Shape shape;
        shape.lon = -20 + 40 * u01(rng);
        shape.lat = 30 + 30 * u01(rng);
        shape.conversion = 1000;
        if (q % 2) {
            shape.type = geo::Shape::Type::Box;
            shape.width = 10 + 800 * u01(rng);
            shape.height = 10 + 800 * u01(rng);
        } else {
            shape.radius = 5 + 500 * u01(rng);
        }
        const auto areas = geo::areasForShape(shape);
        const auto cells = geo::scanOrder(areas);
        size_t inside = 0;
        for (const Point& p : pts) {
            auto c = geo::decodeScore(static_cast<double>(p.score));
            if (!geo::withinShape(shape, c->lon, c->lat)) continue;
            ++inside;
            bool covered = false;
            for (const auto& cell : cells) {
                if (cell.isZero()) continue;
                uint64_t min = 0, max = 0;
                geo::scoreRangeOfCell(cell, min, max);
                if (p.score >= min && p.score < max) covered = true;
            }
            CHECK(covered);
        }
        (void)inside;
    }
}

TEST_CASE("geo.commands_against_a_model") {
    test::Harness h(3);
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> lon(10, 12), lat(40, 42);
    std::vector<geo::LonLat> stored;
    for (int i = 0; i < 300; ++i) {
        const double x = lon(rng), y = lat(rng);
        char a[64], b[64];
        std::snprintf(a, sizeof a, "%.17g", x);
        std::snprintf(b, sizeof b, "%.17g", y);
        CHECK(h.cli({"GEOADD", "g", a, b, "m" + std::to_string(i)}) == "(integer) 1");
        stored.push_back(*geo::decodeScore(static_cast<double>(*geo::scoreOf(x, y))));
    }
    CHECK(h.cli({"ZCARD", "g"}) == "(integer) 300");
    for (int q = 0; q < 50; ++q) {
        const double x = lon(rng), y = lat(rng), r = 5 + 60 * (q % 7);
        char a[64], b[64], c[64];
        std::snprintf(a, sizeof a, "%.17g", x);
        std::snprintf(b, sizeof b, "%.17g", y);
        std::snprintf(c, sizeof c, "%.17g", r);
        std::set<std::string> want;
        for (size_t i = 0; i < stored.size(); ++i)
            if (geo::distance(x, y, stored[i].lon, stored[i].lat) <= r * 1000) want.insert("m" + std::to_string(i));
        auto reply = h.run({"GEOSEARCH", "g", "FROMLONLAT", a, b, "BYRADIUS", c, "km", "ASC"});
        std::set<std::string> got;
        for (const auto& e : reply.elements) got.insert(e.str);
        CHECK(got == want);
        CHECK(reply.elements.size() == want.size());
    }
    // Garbage never changes the data.
    for (const char* bad : {"nan", "inf", "-inf", "", "1e400", "x", "200"}) {
        h.run({"GEOADD", "g", bad, "1", "zz"});
        h.run({"GEOSEARCH", "g", "FROMLONLAT", bad, bad, "BYRADIUS", bad, "km"});
        h.run({"GEOSEARCH", "g", "FROMLONLAT", "1", "1", "BYBOX", bad, bad, "km", "COUNT", bad});
    }
    CHECK(h.cli({"ZCARD", "g"}) == "(integer) 300");
}
