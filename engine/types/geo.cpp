// Geohash encoding, neighbour cells, distances and the search plan (see geo.h).
#include "engine/types/geo.h"

#include <cmath>

namespace redsim::geo {
namespace {

constexpr double kDegToRad = M_PI / 180.0;
// Half the Earth's circumference in Web Mercator meters: a cell of step 1 is this wide.
constexpr double kMercatorMax = 20037726.37;

double toRadians(double degrees) { return degrees * kDegToRad; }
double toDegrees(double radians) { return radians / kDegToRad; }

// Spreads the low 32 bits of v to the even bit positions (bit i goes to bit 2i).
uint64_t spread(uint32_t v) {
    uint64_t out = 0;
    for (int i = 0; i < 32; ++i) out |= static_cast<uint64_t>((v >> i) & 1u) << (2 * i);
    return out;
}

// The inverse of spread: the even bits of v packed into 32 bits.
uint32_t gather(uint64_t v) {
    uint32_t out = 0;
    for (int i = 0; i < 32; ++i) out |= static_cast<uint32_t>((v >> (2 * i)) & 1u) << i;
    return out;
}

// Latitude bits sit at the even positions, longitude bits at the odd ones, so each pair
// of bits reads "longitude, latitude" from the most significant end.
uint64_t interleave(uint32_t lat_bits, uint32_t lon_bits) { return spread(lat_bits) | (spread(lon_bits) << 1); }

// One cell over at the same step: dlon/dlat are -1, 0 or +1. Each coordinate wraps
// modulo 2^step (so going east from longitude 180 lands at -180).
HashBits moved(const HashBits& h, int dlon, int dlat) {
    const uint64_t mask = h.step >= 32 ? 0xffffffffULL : (1ULL << h.step) - 1;
    const uint64_t lat = (gather(h.bits) + static_cast<uint64_t>(static_cast<int64_t>(dlat))) & mask;
    const uint64_t lon = (gather(h.bits >> 1) + static_cast<uint64_t>(static_cast<int64_t>(dlon))) & mask;
    return HashBits{interleave(static_cast<uint32_t>(lat), static_cast<uint32_t>(lon)), h.step};
}

bool rangeIsZero(const Range& r) { return r.min == 0 && r.max == 0; }

}  // namespace

std::optional<HashBits> encode(const Range& lon_range, const Range& lat_range, double lon, double lat, int step) {
    if (step > 32 || step == 0 || rangeIsZero(lat_range) || rangeIsZero(lon_range)) return std::nullopt;
    if (lon > kLonMax || lon < kLonMin || lat > kLatMax || lat < kLatMin) return std::nullopt;
    if (lat < lat_range.min || lat > lat_range.max || lon < lon_range.min || lon > lon_range.max) return std::nullopt;
    // The fraction of each range below the point, scaled to 2^step cells and truncated:
    // the cell's column and row.
    double lat_offset = (lat - lat_range.min) / (lat_range.max - lat_range.min);
    double lon_offset = (lon - lon_range.min) / (lon_range.max - lon_range.min);
    lat_offset *= static_cast<double>(1ULL << step);
    lon_offset *= static_cast<double>(1ULL << step);
    // A point exactly on the maximum gives 2^step, which does not fit `step` bits; Redis
    // keeps the truncated 32-bit value as it is, and so do we.
    const auto lat_bits = static_cast<uint32_t>(lat_offset);
    const auto lon_bits = static_cast<uint32_t>(lon_offset);
    return HashBits{interleave(lat_bits, lon_bits), static_cast<uint8_t>(step)};
}

std::optional<HashBits> encodeWGS84(double lon, double lat, int step) {
    return encode(Range{kLonMin, kLonMax}, Range{kLatMin, kLatMax}, lon, lat, step);
}

std::optional<Area> decode(const Range& lon_range, const Range& lat_range, const HashBits& hash) {
    if (hash.isZero() || rangeIsZero(lat_range) || rangeIsZero(lon_range)) return std::nullopt;
    const uint32_t lat_cell = gather(hash.bits);
    const uint32_t lon_cell = gather(hash.bits >> 1);
    const double cells = static_cast<double>(1ULL << hash.step);
    const double lat_scale = lat_range.max - lat_range.min;
    const double lon_scale = lon_range.max - lon_range.min;
    Area a;
    a.hash = hash;
    // The same operation order as Redis, so the doubles are bit-identical.
    a.lat.min = lat_range.min + (lat_cell * 1.0 / cells) * lat_scale;
    a.lat.max = lat_range.min + (static_cast<uint32_t>(lat_cell + 1u) * 1.0 / cells) * lat_scale;
    a.lon.min = lon_range.min + (lon_cell * 1.0 / cells) * lon_scale;
    a.lon.max = lon_range.min + (static_cast<uint32_t>(lon_cell + 1u) * 1.0 / cells) * lon_scale;
    return a;
}

std::optional<Area> decodeWGS84(const HashBits& hash) {
    return decode(Range{kLonMin, kLonMax}, Range{kLatMin, kLatMax}, hash);
}

uint64_t align52(const HashBits& hash) { return hash.bits << (52 - hash.step * 2); }

std::optional<uint64_t> scoreOf(double lon, double lat) {
    auto h = encodeWGS84(lon, lat, kStepMax);
    if (!h) return std::nullopt;
    return align52(*h);
}

std::optional<LonLat> decodeScore(double score) {
    const HashBits hash{static_cast<uint64_t>(score), kStepMax};
    auto area = decodeWGS84(hash);
    if (!area) return std::nullopt;
    LonLat p;
    p.lon = (area->lon.min + area->lon.max) / 2;
    p.lon = std::fmin(std::fmax(p.lon, kLonMin), kLonMax);
    p.lat = (area->lat.min + area->lat.max) / 2;
    p.lat = std::fmin(std::fmax(p.lat, kLatMin), kLatMax);
    return p;
}

Neighbors neighbors(const HashBits& h) {
    Neighbors n;
    n.east = moved(h, 1, 0);
    n.west = moved(h, -1, 0);
    n.south = moved(h, 0, -1);
    n.north = moved(h, 0, 1);
    n.north_west = moved(h, -1, 1);
    n.north_east = moved(h, 1, 1);
    n.south_east = moved(h, 1, -1);
    n.south_west = moved(h, -1, -1);
    return n;
}

int estimateStepsByRadius(double range_meters, double lat) {
    if (range_meters == 0) return kStepMax;
    // Each step halves a cell's width: count the doublings of the radius that still fit
    // under half the Earth, then back off two steps so the radius fits in the 3x3 cells.
    int step = 1;
    while (range_meters < kMercatorMax) {
        range_meters *= 2;
        ++step;
    }
    step -= 2;
    // Meridians converge towards the poles: the cells get narrower, so use bigger ones.
    if (lat > 66 || lat < -66) {
        --step;
        if (lat > 80 || lat < -80) --step;
    }
    if (step < 1) step = 1;
    if (step > kStepMax) step = kStepMax;
    return step;
}

double latDistance(double lat1, double lat2) {
    // Along a meridian the great circle distance is the angle times the radius.
    return kEarthRadiusMeters * std::fabs(toRadians(lat2) - toRadians(lat1));
}

double distance(double lon1, double lat1, double lon2, double lat2) {
    const double lon1r = toRadians(lon1);
    const double lon2r = toRadians(lon2);
    const double v = std::sin((lon2r - lon1r) / 2);
    if (v == 0.0) return latDistance(lat1, lat2);
    const double lat1r = toRadians(lat1);
    const double lat2r = toRadians(lat2);
    const double u = std::sin((lat2r - lat1r) / 2);
    const double a = u * u + std::cos(lat1r) * std::cos(lat2r) * v * v;
    return 2.0 * kEarthRadiusMeters * std::asin(std::sqrt(a));
}

std::optional<double> withinShape(const Shape& shape, double lon, double lat) {
    if (shape.type == Shape::Type::Circle) {
        const double d = distance(shape.lon, shape.lat, lon, lat);
        if (d > shape.radius * shape.conversion) return std::nullopt;
        return d;
    }
    // A box: the point's north-south distance to the centre's parallel, then its east-west
    // distance along its own parallel (the cheaper test first).
    const double width_m = shape.width * shape.conversion;
    const double height_m = shape.height * shape.conversion;
    if (latDistance(lat, shape.lat) > height_m / 2) return std::nullopt;
    if (distance(lon, lat, shape.lon, lat) > width_m / 2) return std::nullopt;
    return distance(shape.lon, shape.lat, lon, lat);
}

namespace {

// geohashBoundingBox: the degrees the shape spans. A parallel is shorter the closer it is
// to a pole, so the longitude span is measured on the parallel nearer the pole.
void boundingBox(Shape& shape) {
    const bool circle = shape.type == Shape::Type::Circle;
    const double height = shape.conversion * (circle ? shape.radius : shape.height / 2);
    const double width = shape.conversion * (circle ? shape.radius : shape.width / 2);
    const double lat_delta = toDegrees(height / kEarthRadiusMeters);
    const double lon_delta_top = toDegrees(width / kEarthRadiusMeters / std::cos(toRadians(shape.lat + lat_delta)));
    const double lon_delta_bottom = toDegrees(width / kEarthRadiusMeters / std::cos(toRadians(shape.lat - lat_delta)));
    const bool southern = shape.lat < 0;
    shape.bounds[0] = southern ? shape.lon - lon_delta_bottom : shape.lon - lon_delta_top;
    shape.bounds[2] = southern ? shape.lon + lon_delta_bottom : shape.lon + lon_delta_top;
    shape.bounds[1] = shape.lat - lat_delta;
    shape.bounds[3] = shape.lat + lat_delta;
}

}  // namespace

SearchAreas areasForShape(Shape& shape) {
    boundingBox(shape);
    const double min_lon = shape.bounds[0], min_lat = shape.bounds[1];
    const double max_lon = shape.bounds[2], max_lat = shape.bounds[3];
    // A box is planned as the circle through its corners.
    double radius_meters =
        shape.type == Shape::Type::Circle
            ? shape.radius
            : std::sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2));
    radius_meters *= shape.conversion;

    int steps = estimateStepsByRadius(radius_meters, shape.lat);
    SearchAreas s;
    s.estimated_step = steps;
    s.radius_meters = radius_meters;
    auto plan = [&] {
        s.hash = encodeWGS84(shape.lon, shape.lat, steps).value_or(HashBits{});
        s.neighbors = neighbors(s.hash);
        s.area = decodeWGS84(s.hash).value_or(Area{});
    };
    plan();

    // The estimate can be one step too fine when the centre sits near its cell's edge:
    // the neighbour on that side then ends before the search area does. Use cells twice
    // as large in that case.
    const Area north = decodeWGS84(s.neighbors.north).value_or(Area{});
    const Area south = decodeWGS84(s.neighbors.south).value_or(Area{});
    const Area east = decodeWGS84(s.neighbors.east).value_or(Area{});
    const Area west = decodeWGS84(s.neighbors.west).value_or(Area{});
    const bool decrease =
        north.lat.max < max_lat || south.lat.min > min_lat || east.lon.max < max_lon || west.lon.min > min_lon;
    if (steps > 1 && decrease) {
        --steps;
        plan();
    }

    // Neighbours the search area cannot reach are skipped: when the centre cell already
    // extends past the area on one side, the cells beyond that side are useless.
    if (steps >= 2) {
        Neighbors& n = s.neighbors;
        if (s.area.lat.min < min_lat) n.south = n.south_west = n.south_east = HashBits{};
        if (s.area.lat.max > max_lat) n.north = n.north_east = n.north_west = HashBits{};
        if (s.area.lon.min < min_lon) n.west = n.south_west = n.north_west = HashBits{};
        if (s.area.lon.max > max_lon) n.east = n.south_east = n.north_east = HashBits{};
    }
    return s;
}

std::array<HashBits, 9> scanOrder(const SearchAreas& a) {
    const Neighbors& n = a.neighbors;
    return {a.hash, n.north, n.south, n.east, n.west, n.north_east, n.north_west, n.south_east, n.south_west};
}

void scoreRangeOfCell(const HashBits& hash, uint64_t& min, uint64_t& max) {
    min = align52(hash);
    HashBits next = hash;
    ++next.bits;
    max = align52(next);
}

std::array<ScanCell, 9> scanPlan(const SearchAreas& areas) {
    static constexpr const char* kNames[9] = {"centre",     "north",      "south",      "east",      "west",
                                              "north-east", "north-west", "south-east", "south-west"};
    const std::array<HashBits, 9> cells = scanOrder(areas);
    std::array<ScanCell, 9> plan;
    size_t last = 0;  // the last cell scanned (0 = none yet, as in Redis: the centre is never zero)
    for (size_t i = 0; i < cells.size(); ++i) {
        ScanCell& c = plan[i];
        c.name = kNames[i];
        c.hash = cells[i];
        if (cells[i].isZero()) {
            c.skip = ScanCell::Skip::Unreachable;
            continue;
        }
        if (last && cells[i] == cells[last]) {
            c.skip = ScanCell::Skip::Duplicate;
            continue;
        }
        scoreRangeOfCell(cells[i], c.min, c.max);
        last = i;
    }
    return plan;
}

std::optional<std::string> standardGeohash(double score) {
    static constexpr char kAlphabet[] = "0123456789bcdefghjkmnpqrstuvwxyz";
    auto p = decodeScore(score);
    if (!p) return std::nullopt;
    // The usual geohash covers latitudes -90..90, not the Mercator square we index.
    auto h = encode(Range{-180, 180}, Range{-90, 90}, p->lon, p->lat, kStepMax);
    const uint64_t bits = h ? h->bits : 0;
    std::string out(11, '0');
    // 52 bits make 10 characters of 5 bits; the 11th (2 missing bits) is always '0'.
    for (int i = 0; i < 10; ++i) out[i] = kAlphabet[(bits >> (52 - (i + 1) * 5)) & 0x1f];
    return out;
}

}  // namespace redsim::geo
