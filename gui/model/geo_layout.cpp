#include "gui/model/geo_layout.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

#include "engine/engine.h"
#include "engine/types/geo.h"
#include "engine/types/zset.h"
#include "engine/util/text.h"

namespace redsim::gui {

namespace {

constexpr double kDeg = std::numbers::pi / 180.0;

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

std::optional<double> number(std::string_view s) {
    if (s.empty()) return std::nullopt;
    const std::string t(s);
    char* end = nullptr;
    const double d = std::strtod(t.c_str(), &end);
    if (end != t.c_str() + t.size() || !std::isfinite(d)) return std::nullopt;
    return d;
}

}  // namespace

ScreenPt GeoProjection::toScreen(double lon, double lat) const {
    return {static_cast<float>(ox + (lon - lon_min) * kx), static_cast<float>(oy + (lat_max - lat) * k)};
}

LonLatDeg GeoProjection::toLonLat(float x, float y) const {
    return {lon_min + (static_cast<double>(x) - ox) / kx, lat_max - (static_cast<double>(y) - oy) / k};
}

GeoProjection fitProjection(const std::array<double, 4>& b, float x, float y, float w, float h, double pad,
                            double min_span) {
    GeoProjection p;
    double lon0 = std::min(b[0], b[2]), lon1 = std::max(b[0], b[2]);
    double lat0 = std::min(b[1], b[3]), lat1 = std::max(b[1], b[3]);
    auto widen = [&](double& lo, double& hi) {
        const double span = std::max(hi - lo, min_span);
        const double mid = (lo + hi) / 2;
        lo = mid - span / 2 - span * pad;
        hi = mid + span / 2 + span * pad;
    };
    widen(lon0, lon1);
    widen(lat0, lat1);
    lat0 = std::max(lat0, -89.0);
    lat1 = std::min(lat1, 89.0);
    const double c = std::max(std::cos((lat0 + lat1) / 2 * kDeg), 0.05);
    const double ww = std::max<double>(w, 1), hh = std::max<double>(h, 1);
    p.k = std::min(hh / (lat1 - lat0), ww / ((lon1 - lon0) * c));
    p.kx = p.k * c;
    // Grow the shown box to fill the rectangle along the looser axis.
    const double show_lon = ww / p.kx, show_lat = hh / p.k;
    const double mlon = (lon0 + lon1) / 2, mlat = (lat0 + lat1) / 2;
    p.lon_min = mlon - show_lon / 2;
    p.lon_max = mlon + show_lon / 2;
    p.lat_min = mlat - show_lat / 2;
    p.lat_max = mlat + show_lat / 2;
    p.rx = x;
    p.ry = y;
    p.rw = w;
    p.rh = h;
    p.ox = x;
    p.oy = y;
    return p;
}

double niceStep(double span, int lines) {
    if (!(span > 0) || lines <= 0) return 1;
    const double raw = span / lines;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / mag;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}

std::vector<double> gridLines(double lo, double hi, double step) {
    std::vector<double> out;
    if (!(step > 0) || !(hi >= lo) || (hi - lo) / step > 1000) return out;
    for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
        out.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    return out;
}

std::string degreeLabel(double v, double step, bool lon) {
    int decimals = 0;
    while (decimals < 6 && step * std::pow(10.0, decimals) < 0.999) ++decimals;
    const char* hemi = lon ? (v < 0 ? "W" : v > 0 ? "E" : "") : (v < 0 ? "S" : v > 0 ? "N" : "");
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f\xC2\xB0%s", decimals, std::abs(v), hemi);
    return buf;
}

inspect::GeoQuery GeoCommand::query() const {
    inspect::GeoQuery q;
    q.lon = lon;
    q.lat = lat;
    q.box = box;
    q.radius = radius;
    q.width = width;
    q.height = height;
    q.unit = unit;
    q.to_meters = to_meters;
    return q;
}

std::optional<double> unitToMeters(std::string_view unit) {
    // extractUnitOrReply's factors.
    if (iequals(unit, "m")) return 1.0;
    if (iequals(unit, "km")) return 1000.0;
    if (iequals(unit, "ft")) return 0.3048;
    if (iequals(unit, "mi")) return 1609.34;
    return std::nullopt;
}

std::optional<GeoCommand> parseGeoCommand(std::span<const std::string> argv, std::string_view key) {
    if (argv.size() < 2) return std::nullopt;
    const std::string& name = argv[0];
    GeoCommand c;
    c.name = toUpper(name);
    size_t src = 1, opts = 0;  // index of the key, first option
    bool radius_form = false;
    if (c.name == "GEOSEARCH") {
        opts = 2;
    } else if (c.name == "GEOSEARCHSTORE") {
        if (argv.size() < 3) return std::nullopt;
        src = 2;
        opts = 3;
    } else if (c.name == "GEORADIUS" || c.name == "GEORADIUS_RO" || c.name == "GEORADIUSBYMEMBER" ||
               c.name == "GEORADIUSBYMEMBER_RO") {
        radius_form = true;
    } else if (c.name == "GEODIST") {
        c.kind = GeoCommand::Kind::Distance;
    } else {
        return std::nullopt;
    }
    if (argv[src] != key) return std::nullopt;
    auto fail = [&](std::string why) {
        c.error = std::move(why);
        return c;
    };
    if (c.kind == GeoCommand::Kind::Distance) {
        if (argv.size() < 4 || argv.size() > 5) return fail("GEODIST key member1 member2 [unit]");
        c.member = argv[2];
        c.member2 = argv[3];
        c.from_member = true;
        if (argv.size() == 5) {
            const auto m = unitToMeters(argv[4]);
            if (!m) return fail("unsupported unit '" + argv[4] + "'");
            c.unit = argv[4];
            c.to_meters = *m;
        }
        return c;
    }
    if (radius_form) {
        const bool by_member = c.name.starts_with("GEORADIUSBYMEMBER");
        const size_t need = by_member ? 5 : 6;
        if (argv.size() < need) return fail(c.name + " needs a centre, a radius and a unit");
        size_t i = 2;
        if (by_member) {
            c.from_member = true;
            c.member = argv[i++];
        } else {
            const auto lon = number(argv[i]), lat = number(argv[i + 1]);
            if (!lon || !lat) return fail("the centre is not a number");
            c.lon = *lon;
            c.lat = *lat;
            c.centre_known = true;
            i += 2;
        }
        const auto r = number(argv[i]);
        const auto m = unitToMeters(argv[i + 1]);
        if (!r || *r < 0) return fail("the radius is not a positive number");
        if (!m) return fail("unsupported unit '" + argv[i + 1] + "'");
        c.radius = *r;
        c.unit = argv[i + 1];
        c.to_meters = *m;
        for (i += 2; i < argv.size(); ++i)
            if (iequals(argv[i], "COUNT") && i + 1 < argv.size()) {
                if (const auto n = number(argv[i + 1])) c.count = static_cast<long long>(*n);
                ++i;
            }
        return c;
    }
    bool from = false, by = false;
    for (size_t i = opts; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        const size_t left = argv.size() - i - 1;
        if (iequals(a, "FROMMEMBER") && left >= 1) {
            c.from_member = true;
            c.member = argv[++i];
            from = true;
        } else if (iequals(a, "FROMLONLAT") && left >= 2) {
            const auto lon = number(argv[i + 1]), lat = number(argv[i + 2]);
            if (!lon || !lat) return fail("the centre is not a number");
            c.lon = *lon;
            c.lat = *lat;
            c.centre_known = true;
            from = true;
            i += 2;
        } else if (iequals(a, "BYRADIUS") && left >= 2) {
            const auto r = number(argv[i + 1]);
            const auto m = unitToMeters(argv[i + 2]);
            if (!r || *r < 0) return fail("the radius is not a positive number");
            if (!m) return fail("unsupported unit '" + argv[i + 2] + "'");
            c.radius = *r;
            c.unit = argv[i + 2];
            c.to_meters = *m;
            by = true;
            i += 2;
        } else if (iequals(a, "BYBOX") && left >= 3) {
            const auto w = number(argv[i + 1]), h = number(argv[i + 2]);
            const auto m = unitToMeters(argv[i + 3]);
            if (!w || !h || *w < 0 || *h < 0) return fail("the box size is not a positive number");
            if (!m) return fail("unsupported unit '" + argv[i + 3] + "'");
            c.box = true;
            c.width = *w;
            c.height = *h;
            c.unit = argv[i + 3];
            c.to_meters = *m;
            by = true;
            i += 3;
        } else if (iequals(a, "COUNT") && left >= 1) {
            if (const auto n = number(argv[i + 1])) c.count = static_cast<long long>(*n);
            ++i;
        }
        // ASC, DESC, ANY, WITH*, STOREDIST change nothing on the map.
    }
    if (!from) return fail("exactly one of FROMMEMBER or FROMLONLAT is needed");
    if (!by) return fail("exactly one of BYRADIUS or BYBOX is needed");
    return c;
}

std::optional<GeoCommand> lastGeoCommand(const std::deque<CommandRecord>& commands, std::string_view key) {
    for (auto it = commands.rbegin(); it != commands.rend(); ++it)
        if (auto c = parseGeoCommand(it->argv, key)) return c;
    return std::nullopt;
}

std::optional<LonLatDeg> geoMemberPosition(Engine& engine, int db, std::string_view key, std::string_view member) {
    if (db < 0 || db >= engine.dbCount()) return std::nullopt;
    Db& d = engine.db(db);
    if (d.isExpired(key)) return std::nullopt;
    const Object* o = d.peek(key);
    if (!o || o->type() != ObjType::ZSet) return std::nullopt;
    const auto score = zset::score(*o, member);
    if (!score) return std::nullopt;
    const auto p = geo::decodeScore(*score);
    if (!p) return std::nullopt;
    return LonLatDeg{p->lon, p->lat};
}

std::vector<LonLatDeg> circlePolygon(double lon, double lat, double radius_m, int n) {
    std::vector<LonLatDeg> out;
    n = std::max(n, 3);
    const double d = std::min(radius_m / geo::kEarthRadiusMeters, std::numbers::pi);  // angular distance
    const double p1 = lat * kDeg, l1 = lon * kDeg;
    for (int i = 0; i < n; ++i) {
        const double b = 2 * std::numbers::pi * i / n;
        const double p2 =
            std::asin(std::clamp(std::sin(p1) * std::cos(d) + std::cos(p1) * std::sin(d) * std::cos(b), -1.0, 1.0));
        const double l2 =
            l1 + std::atan2(std::sin(b) * std::sin(d) * std::cos(p1), std::cos(d) - std::sin(p1) * std::sin(p2));
        out.push_back({l2 / kDeg, p2 / kDeg});
    }
    return out;
}

namespace {
// Half the longitude span (degrees) of `half_m` meters along the parallel at `lat`
// (haversine with equal latitudes: d = 2R asin(cos(lat) sin(dlon / 2))).
double halfLonSpan(double lat, double half_m) {
    const double c = std::cos(lat * kDeg);
    const double s = std::sin(half_m / (2 * geo::kEarthRadiusMeters));
    if (c <= 1e-12 || s / c >= 1) return 180;
    return 2 * std::asin(s / c) / kDeg;
}
}  // namespace

std::vector<LonLatDeg> boxPolygon(double lon, double lat, double width_m, double height_m, int n) {
    std::vector<LonLatDeg> out;
    n = std::max(n, 1);
    const double dlat = height_m / 2 / geo::kEarthRadiusMeters / kDeg;
    const double top = std::min(lat + dlat, 90.0), bottom = std::max(lat - dlat, -90.0);
    for (int i = 0; i <= n; ++i) {  // east side, north to south
        const double la = top + (bottom - top) * i / n;
        out.push_back({lon + halfLonSpan(la, width_m / 2), la});
    }
    for (int i = 0; i <= n; ++i) {  // west side, south to north
        const double la = bottom + (top - bottom) * i / n;
        out.push_back({lon - halfLonSpan(la, width_m / 2), la});
    }
    return out;
}

namespace {
// Liang-Barsky: the part of segment a-b inside the box, as parameters [t0, t1].
bool clipSegment(LonLatDeg a, LonLatDeg b, double& t0, double& t1) {
    t0 = 0;
    t1 = 1;
    const double dx = b.lon - a.lon, dy = b.lat - a.lat;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {a.lon + kGeoLonLimit, kGeoLonLimit - a.lon, a.lat + kGeoLatLimit, kGeoLatLimit - a.lat};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0) return false;
            continue;
        }
        const double r = q[i] / p[i];
        if (p[i] < 0)
            t0 = std::max(t0, r);
        else
            t1 = std::min(t1, r);
        if (t0 > t1) return false;
    }
    return true;
}
LonLatDeg lerp(LonLatDeg a, LonLatDeg b, double t) {
    return {a.lon + (b.lon - a.lon) * t, a.lat + (b.lat - a.lat) * t};
}
}  // namespace

std::vector<std::vector<LonLatDeg>> worldPolylines(const std::vector<LonLatDeg>& ring) {
    std::vector<std::vector<LonLatDeg>> out;
    if (ring.size() < 2) return out;
    std::vector<LonLatDeg> u;  // unwrapped, closed
    u.reserve(ring.size() + 1);
    for (size_t i = 0; i <= ring.size(); ++i) {
        LonLatDeg q = ring[i % ring.size()];
        if (!std::isfinite(q.lon) || !std::isfinite(q.lat)) return out;
        if (u.empty()) {
            q.lon = std::remainder(q.lon, 360.0);
        } else {
            q.lon = u.back().lon + std::remainder(q.lon - u.back().lon, 360.0);
        }
        u.push_back(q);
    }
    // The unwrapped ring stays within [-180 - 360, 180 + 360] around a pole.
    for (int k = -2; k <= 2; ++k) {
        const double shift = 360.0 * k;
        const size_t first = out.size();
        std::vector<LonLatDeg> cur;
        for (size_t i = 0; i + 1 < u.size(); ++i) {
            const LonLatDeg a{u[i].lon + shift, u[i].lat}, b{u[i + 1].lon + shift, u[i + 1].lat};
            double t0 = 0, t1 = 1;
            if (!clipSegment(a, b, t0, t1)) {
                if (cur.size() >= 2) out.push_back(std::move(cur));
                cur.clear();
                continue;
            }
            if (t0 > 0 || cur.empty()) {
                if (cur.size() >= 2) out.push_back(std::move(cur));
                cur.clear();
                cur.push_back(lerp(a, b, t0));
            }
            cur.push_back(lerp(a, b, t1));
            if (t1 < 1) {
                if (cur.size() >= 2) out.push_back(std::move(cur));
                cur.clear();
            }
        }
        if (cur.size() >= 2) out.push_back(std::move(cur));
        // A ring starting inside the box and leaving it: its last piece runs on into its first.
        if (out.size() - first >= 2) {
            auto& head = out[first];
            auto& tail = out.back();
            if (std::abs(head.front().lon - tail.back().lon) < 1e-9 &&
                std::abs(head.front().lat - tail.back().lat) < 1e-9) {
                tail.insert(tail.end(), head.begin() + 1, head.end());
                head = std::move(tail);
                out.pop_back();
            }
        }
    }
    return out;
}

std::vector<GeoSpan> shapeSpans(const GeoCommand& c, double lat_lo, double lat_hi, double row_deg) {
    std::vector<GeoSpan> out;
    const double R = geo::kEarthRadiusMeters;
    // The shape's latitudes.
    const double reach = c.box ? c.height * c.to_meters / 2 : c.radius * c.to_meters;
    const double dlat = std::min(reach / R / kDeg, 360.0);
    lat_lo = std::max({lat_lo, c.lat - dlat, -kGeoLatLimit});
    lat_hi = std::min({lat_hi, c.lat + dlat, kGeoLatLimit});
    if (!(lat_hi > lat_lo) || !(row_deg > 0) || !std::isfinite(c.lon) || !std::isfinite(c.lat)) return out;
    const int rows = static_cast<int>(std::clamp(std::ceil((lat_hi - lat_lo) / row_deg), 1.0, 4000.0));
    const double d = std::min(c.radius * c.to_meters / R, std::numbers::pi);  // the circle's angle
    const double p1 = c.lat * kDeg;
    const double lon = std::remainder(c.lon, 360.0);
    for (int i = 0; i < rows; ++i) {
        const double a = lat_lo + (lat_hi - lat_lo) * i / rows, b = lat_lo + (lat_hi - lat_lo) * (i + 1) / rows;
        const double mid = (a + b) / 2;
        double half = 0;  // degrees of longitude either side of the centre
        if (c.box) {
            half = halfLonSpan(mid, c.width * c.to_meters / 2);
        } else {
            // cos d = sin p1 sin p + cos p1 cos p cos dlon
            const double p = mid * kDeg;
            const double den = std::cos(p1) * std::cos(p);
            const double x = den > 1e-12 ? (std::cos(d) - std::sin(p1) * std::sin(p)) / den : 2.0;
            if (x >= 1) continue;
            half = x <= -1 ? 180 : std::acos(x) / kDeg;
        }
        if (!(half > 0)) continue;
        if (half >= 180) {
            out.push_back({a, b, -180, 180});
            continue;
        }
        const double lo = lon - half, hi = lon + half;
        if (lo < -180) {
            out.push_back({a, b, -180, hi});
            out.push_back({a, b, lo + 360, 180});
        } else if (hi > 180) {
            out.push_back({a, b, -180, hi - 360});
            out.push_back({a, b, lo, 180});
        } else {
            out.push_back({a, b, lo, hi});
        }
    }
    return out;
}

std::vector<std::array<double, 4>> worldRects(const std::array<double, 4>& area) {
    std::vector<std::array<double, 4>> out;
    const double lat0 = std::max(area[1], -kGeoLatLimit), lat1 = std::min(area[3], kGeoLatLimit);
    if (!(lat1 > lat0) || !(area[2] > area[0])) return out;
    if (area[2] - area[0] >= 360) {
        out.push_back({-180, lat0, 180, lat1});
        return out;
    }
    for (int k = -1; k <= 1; ++k) {
        const double a = std::max(area[0] + 360.0 * k, -180.0), b = std::min(area[2] + 360.0 * k, 180.0);
        if (b > a) out.push_back({a, lat0, b, lat1});
    }
    return out;
}

std::array<double, 4> searchFitBounds(const double bounds[4]) {
    for (int i = 0; i < 4; ++i)
        if (!std::isfinite(bounds[i])) return {-180, -kGeoLatLimit, 180, kGeoLatLimit};
    const bool pole = bounds[1] < -90 || bounds[3] > 90;
    std::array<double, 4> b{std::max(bounds[0], -180.0), std::max(bounds[1], -kGeoLatLimit), std::min(bounds[2], 180.0),
                            std::min(bounds[3], kGeoLatLimit)};
    if (pole || bounds[0] < -180 || bounds[2] > 180 || bounds[2] - bounds[0] >= 360) {
        b[0] = -180;
        b[2] = 180;
    }
    if (b[2] < b[0] || b[3] < b[1]) return {-180, -kGeoLatLimit, 180, kGeoLatLimit};
    return b;
}

std::array<double, 4> neighbourArea(const double centre[4], std::string_view name) {
    const double w = centre[2] - centre[0], h = centre[3] - centre[1];
    double dx = 0, dy = 0;
    if (name.starts_with("north")) dy = 1;
    if (name.starts_with("south")) dy = -1;
    if (name.ends_with("east")) dx = 1;
    if (name.ends_with("west")) dx = -1;
    return {centre[0] + dx * w, centre[1] + dy * h, centre[2] + dx * w, centre[3] + dy * h};
}

std::string cellAbbrev(std::string_view name) {
    std::string out;
    bool start = true;
    for (char ch : name) {
        if (start && ch != '-') out += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        start = ch == '-';
    }
    return out;
}

std::vector<ScreenPt> placeLabels(const std::vector<ScreenPt>& points, const std::vector<ScreenPt>& sizes, float dot,
                                  float gap) {
    std::vector<ScreenPt> out;
    std::vector<LabelBox> placed;
    out.reserve(points.size());
    auto hits = [&](const LabelBox& b, size_t self) {
        for (const auto& o : placed)
            if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) return true;
        for (size_t i = 0; i < points.size(); ++i) {
            if (i == self) continue;
            const float cx = std::clamp(points[i].x, b.x, b.x + b.w), cy = std::clamp(points[i].y, b.y, b.y + b.h);
            const float dx = points[i].x - cx, dy = points[i].y - cy;
            if (dx * dx + dy * dy < dot * dot) return true;
        }
        return false;
    };
    for (size_t i = 0; i < points.size(); ++i) {
        const ScreenPt p = points[i];
        const float w = i < sizes.size() ? sizes[i].x : 0, h = i < sizes.size() ? sizes[i].y : 0;
        const LabelBox options[4] = {{p.x + dot + gap, p.y - h / 2, w, h},
                                     {p.x - dot - gap - w, p.y - h / 2, w, h},
                                     {p.x - w / 2, p.y - dot - gap - h, w, h},
                                     {p.x - w / 2, p.y + dot + gap, w, h}};
        LabelBox pick = options[0];
        for (const auto& o : options)
            if (!hits(o, i)) {
                pick = o;
                break;
            }
        placed.push_back(pick);
        out.push_back({pick.x, pick.y});
    }
    return out;
}

bool insideShape(const GeoCommand& c, double lon, double lat) {
    return geo::withinShape(c.query().shape(), lon, lat).has_value();
}

}  // namespace redsim::gui
