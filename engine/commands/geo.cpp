// Geo commands (Redis's geo.c): GEOADD, GEOPOS, GEODIST, GEOHASH, the GEOSEARCH family.
//
// A geo index is an ordinary sorted set whose scores are 52-bit geohashes
// (engine/types/geo.h): GEOADD is ZADD with computed scores, and ZRANGE, ZREM or
// OBJECT ENCODING work on it as on any zset. Searches scan the score ranges of at most 9
// geohash cells and keep the members inside the circle or box.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/notify.h"
#include "engine/types/geo.h"
#include "engine/types/geo_scan.h"
#include "engine/types/zset.h"
#include "engine/util/numbers.h"
#include "engine/util/pqsort.h"

namespace redsim {
namespace {

// extractLongLatOrReply: two doubles inside the indexable range.
std::optional<geo::LonLat> lonLatArg(CommandContext& ctx, size_t i) {
    double xy[2];
    for (int k = 0; k < 2; ++k) {
        auto v = parseDouble(ctx.arg(i + k));
        if (!v) {
            ctx.reply.error(err::kNotFloat);
            return std::nullopt;
        }
        xy[k] = *v;
    }
    if (xy[0] < geo::kLonMin || xy[0] > geo::kLonMax || xy[1] < geo::kLatMin || xy[1] > geo::kLatMax) {
        char buf[256];
        std::snprintf(buf, sizeof buf, "ERR invalid longitude,latitude pair %f,%f", xy[0], xy[1]);
        ctx.reply.error(buf);
        return std::nullopt;
    }
    return geo::LonLat{xy[0], xy[1]};
}

// extractUnitOrReply: meters per unit, or nullopt after the error.
std::optional<double> unitArg(CommandContext& ctx, size_t i) {
    const std::string& u = ctx.arg(i);
    if (argIs(u, "m")) return 1.0;
    if (argIs(u, "km")) return 1000.0;
    if (argIs(u, "ft")) return 0.3048;
    if (argIs(u, "mi")) return 1609.34;
    ctx.reply.error("ERR unsupported unit provided. please use M, KM, FT, MI");
    return std::nullopt;
}

// A double argument with the caller's error text (getDoubleFromObjectOrReply with a msg).
std::optional<double> doubleArg(CommandContext& ctx, size_t i, std::string_view msg) {
    auto v = parseDouble(ctx.arg(i));
    if (!v) ctx.reply.error(msg);
    return v;
}

// addReplyDoubleDistance: four decimals are enough even in kilometers.
void replyDistance(ReplyWriter& r, double d) {
    char buf[128];
    const int len = std::snprintf(buf, sizeof buf, "%.4f", d);
    r.bulk(std::string_view(buf, static_cast<size_t>(len)));
}

// addReplyHumanLongDouble for a coordinate.
void replyCoordinate(ReplyWriter& r, double v) {
    r.doubleText(formatLongDoubleHuman(static_cast<long double>(v)).value_or("0"));
}

// The decoded position of a member, nullopt if it is absent.
std::optional<geo::LonLat> memberPosition(const Object& z, std::string_view member) {
    auto score = zset::score(z, member);
    if (!score) return std::nullopt;
    return geo::decodeScore(*score);
}

// ---- GEOADD -----------------------------------------------------------------------------

// GEOADD key [NX|XX] [CH] lon lat member ...: ZADD with each pair turned into its score,
// so ZADD's own rules (CH, NX, XX, encodings, dirty) apply unchanged.
void geoaddCommand(CommandContext& ctx) {
    size_t longidx = 2;
    bool nx = false, xx = false;
    for (; longidx < ctx.argc(); ++longidx) {
        const std::string& opt = ctx.arg(longidx);
        if (argIs(opt, "nx"))
            nx = true;
        else if (argIs(opt, "xx"))
            xx = true;
        else if (!argIs(opt, "ch"))  // CH is ZADD's business
            break;
    }
    if ((ctx.argc() - longidx) % 3 != 0 || (xx && nx)) {
        ctx.reply.error(err::kSyntax);
        return;
    }
    const size_t elements = (ctx.argc() - longidx) / 3;
    std::vector<std::string> zadd_argv;
    zadd_argv.reserve(longidx + elements * 2);
    zadd_argv.emplace_back("zadd");
    for (size_t i = 1; i < longidx; ++i) zadd_argv.push_back(ctx.arg(i));
    for (size_t e = 0; e < elements; ++e) {
        const size_t at = longidx + e * 3;
        auto p = lonLatArg(ctx, at);
        if (!p) return;
        zadd_argv.push_back(std::to_string(*geo::scoreOf(p->lon, p->lat)));
        zadd_argv.push_back(ctx.arg(at + 2));
    }
    static const CommandSpec* zadd = [] {
        for (const CommandSpec& s : zsetCommands())
            if (s.name == "zadd") return &s;
        return static_cast<const CommandSpec*>(nullptr);
    }();
    const std::span<const std::string> saved = ctx.argv;
    ctx.argv = zadd_argv;
    const uint64_t dirty = ctx.engine.dirty;
    zadd->handler(ctx);
    ctx.argv = saved;
    // As in Redis, the stream carries the ZADD that did the work ("zadd", in lower case,
    // with the scores), so a replay need not redo the geohash arithmetic.
    if (ctx.engine.dirty != dirty) propagateAs(ctx, std::move(zadd_argv));
}

// ---- GEOPOS, GEODIST, GEOHASH ----------------------------------------------------------

void geoposCommand(CommandContext& ctx) {
    const Object* z = ctx.db().lookupRead(ctx.arg(1));
    if (wrongType(ctx, z, ObjType::ZSet)) return;
    ctx.reply.arrayLen(ctx.argc() - 2);
    for (size_t j = 2; j < ctx.argc(); ++j) {
        auto p = z ? memberPosition(*z, ctx.arg(j)) : std::nullopt;
        if (!p) {
            ctx.reply.nullArray();
            continue;
        }
        ctx.reply.arrayLen(2);
        replyCoordinate(ctx.reply, p->lon);
        replyCoordinate(ctx.reply, p->lat);
    }
}

// GEODIST key member1 member2 [unit]: the unit is checked before the key is looked up.
void geodistCommand(CommandContext& ctx) {
    double to_meters = 1;
    if (ctx.argc() == 5) {
        auto u = unitArg(ctx, 4);
        if (!u) return;
        to_meters = *u;
    } else if (ctx.argc() > 5) {
        ctx.reply.error(err::kSyntax);
        return;
    }
    const Object* z = ctx.db().lookupRead(ctx.arg(1));
    if (z == nullptr) {
        ctx.reply.null();
        return;
    }
    if (wrongType(ctx, z, ObjType::ZSet)) return;
    auto a = memberPosition(*z, ctx.arg(2));
    auto b = a ? memberPosition(*z, ctx.arg(3)) : std::nullopt;
    if (!a || !b) {
        ctx.reply.null();
        return;
    }
    replyDistance(ctx.reply, geo::distance(a->lon, a->lat, b->lon, b->lat) / to_meters);
}

void geohashCommand(CommandContext& ctx) {
    const Object* z = ctx.db().lookupRead(ctx.arg(1));
    if (wrongType(ctx, z, ObjType::ZSet)) return;
    ctx.reply.arrayLen(ctx.argc() - 2);
    for (size_t j = 2; j < ctx.argc(); ++j) {
        auto score = z ? zset::score(*z, ctx.arg(j)) : std::nullopt;
        auto text = score ? geo::standardGeohash(*score) : std::nullopt;
        if (text)
            ctx.reply.bulk(*text);
        else
            ctx.reply.null();
    }
}

// ---- The search family -------------------------------------------------------------------

enum SearchFlags : unsigned {
    kFromCoords = 1u << 0,   // GEORADIUS: centre given as lon lat
    kFromMember = 1u << 1,   // GEORADIUSBYMEMBER: centre is a member
    kNoStore = 1u << 2,      // the _RO forms
    kSearch = 1u << 3,       // GEOSEARCH syntax
    kSearchStore = 1u << 4,  // GEOSEARCHSTORE
};

// The event a stored search result publishes (Redis names it after the syntax used).
std::string_view storeEvent(unsigned flags) { return (flags & kSearch) ? "geosearchstore" : "georadiusstore"; }

struct Found {
    std::string member;
    double lon, lat, dist, score;
};

// geoGetPointsInRange over one cell: members with min <= score < max inside the shape.
// Stops once `limit` (0: none) results are collected (the ANY option).
void collectCell(const Object& z, const geo::Shape& shape, const geo::ScanCell& cell, std::vector<Found>& out,
                 size_t limit) {
    geo::forEachInCell(z, cell, [&](std::string_view member, double score) {
        if (auto p = geo::decodeScore(score)) {
            if (auto d = geo::withinShape(shape, p->lon, p->lat))
                out.push_back(Found{std::string(member), p->lon, p->lat, *d, score});
        }
        return out.empty() || !limit || out.size() < limit;
    });
}

// membersOfAllNeighbors: the cells of the scan plan in order (geo::scanPlan skips the
// unreachable ones and repeats), stopping early for ANY.
std::vector<Found> searchShape(const Object& z, geo::Shape& shape, size_t limit) {
    const auto plan = geo::scanPlan(geo::areasForShape(shape));
    std::vector<Found> out;
    for (const geo::ScanCell& cell : plan) {
        if (cell.skip != geo::ScanCell::Skip::None) continue;
        if (!out.empty() && limit && out.size() >= limit) break;
        collectCell(z, shape, cell, out, limit);
    }
    return out;
}

// georadiusGeneric: every search command, in Redis's argument-checking order.
void searchGeneric(CommandContext& ctx, size_t src_index, unsigned flags) {
    const std::string* storekey = nullptr;
    bool storedist = false;
    const Object* z = ctx.db().lookupRead(ctx.arg(src_index));
    if (wrongType(ctx, z, ObjType::ZSet)) return;

    constexpr std::string_view kNoMember = "ERR could not decode requested zset member";
    size_t base_args = 0;
    geo::Shape shape;
    if (flags & kFromCoords) {
        base_args = 6;
        auto p = lonLatArg(ctx, 2);
        if (!p) return;
        shape.lon = p->lon;
        shape.lat = p->lat;
    } else if (flags & kFromMember) {
        base_args = 5;
        if (z) {
            auto p = memberPosition(*z, ctx.arg(2));
            if (!p) {
                ctx.reply.error(kNoMember);
                return;
            }
            shape.lon = p->lon;
            shape.lat = p->lat;
        }
    } else {
        base_args = 2;
        if (flags & kSearchStore) {
            base_args = 3;
            storekey = &ctx.arg(1);
        }
    }
    // The radius of GEORADIUS* (not checked when BYMEMBER's key is missing).
    auto radiusArgs = [&](size_t at) {
        auto r = doubleArg(ctx, at, "ERR need numeric radius");
        if (!r) return false;
        if (*r < 0) {
            ctx.reply.error("ERR radius cannot be negative");
            return false;
        }
        auto u = unitArg(ctx, at + 1);
        if (!u) return false;
        shape.type = geo::Shape::Type::Circle;
        shape.radius = *r;
        shape.conversion = *u;
        return true;
    };
    if ((flags & kFromCoords) || ((flags & kFromMember) && z)) {
        if (!radiusArgs(base_args - 2)) return;
    }

    bool withdist = false, withhash = false, withcoords = false;
    bool frommember = false, fromloc = false, byradius = false, bybox = false;
    enum { kSortNone, kSortAsc, kSortDesc } sort = kSortNone;
    bool any = false;
    long long count = 0;
    const size_t remaining = ctx.argc() > base_args ? ctx.argc() - base_args : 0;
    for (size_t i = 0; i < remaining; ++i) {
        const std::string& arg = ctx.arg(base_args + i);
        const size_t at = base_args + i;
        if (argIs(arg, "withdist")) {
            withdist = true;
        } else if (argIs(arg, "withhash")) {
            withhash = true;
        } else if (argIs(arg, "withcoord")) {
            withcoords = true;
        } else if (argIs(arg, "any")) {
            any = true;
        } else if (argIs(arg, "asc")) {
            sort = kSortAsc;
        } else if (argIs(arg, "desc")) {
            sort = kSortDesc;
        } else if (argIs(arg, "count") && i + 1 < remaining) {
            auto c = intArg(ctx, at + 1);
            if (!c) return;
            if (*c <= 0) {
                ctx.reply.error("ERR COUNT must be > 0");
                return;
            }
            count = *c;
            ++i;
        } else if ((argIs(arg, "store") || argIs(arg, "storedist")) && i + 1 < remaining && !(flags & kNoStore) &&
                   !(flags & kSearch)) {
            storekey = &ctx.arg(at + 1);
            storedist = argIs(arg, "storedist");
            ++i;
        } else if (argIs(arg, "storedist") && (flags & kSearch) && (flags & kSearchStore)) {
            storedist = true;
        } else if (argIs(arg, "frommember") && i + 1 < remaining && (flags & kSearch) && !fromloc) {
            if (z) {
                auto p = memberPosition(*z, ctx.arg(at + 1));
                if (!p) {
                    ctx.reply.error(kNoMember);
                    return;
                }
                shape.lon = p->lon;
                shape.lat = p->lat;
            }
            frommember = true;
            ++i;
        } else if (argIs(arg, "fromlonlat") && i + 2 < remaining && (flags & kSearch) && !frommember) {
            auto p = lonLatArg(ctx, at + 1);
            if (!p) return;
            shape.lon = p->lon;
            shape.lat = p->lat;
            fromloc = true;
            i += 2;
        } else if (argIs(arg, "byradius") && i + 2 < remaining && (flags & kSearch) && !bybox) {
            if (!radiusArgs(at + 1)) return;
            byradius = true;
            i += 2;
        } else if (argIs(arg, "bybox") && i + 3 < remaining && (flags & kSearch) && !byradius) {
            auto w = doubleArg(ctx, at + 1, "ERR need numeric width");
            if (!w) return;
            auto h = doubleArg(ctx, at + 2, "ERR need numeric height");
            if (!h) return;
            if (*h < 0 || *w < 0) {
                ctx.reply.error("ERR height or width cannot be negative");
                return;
            }
            auto u = unitArg(ctx, at + 3);
            if (!u) return;
            shape.type = geo::Shape::Type::Box;
            shape.width = *w;
            shape.height = *h;
            shape.conversion = *u;
            bybox = true;
            i += 3;
        } else {
            ctx.reply.error(err::kSyntax);
            return;
        }
    }

    if (storekey && (withdist || withhash || withcoords)) {
        ctx.reply.error(std::string("ERR ") +
                        ((flags & kSearchStore) ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS") +
                        " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
        return;
    }
    if ((flags & kSearch) && !(frommember || fromloc)) {
        ctx.reply.error("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + ctx.arg(0));
        return;
    }
    if ((flags & kSearch) && !(byradius || bybox)) {
        ctx.reply.error("ERR exactly one of BYRADIUS and BYBOX can be specified for " + ctx.arg(0));
        return;
    }
    if (any && !count) {
        ctx.reply.error("ERR the ANY argument requires COUNT argument");
        return;
    }
    if (z == nullptr) {
        if (storekey)
            storeOrDelete(ctx, *storekey, std::nullopt, 0, notify::kZSet, storeEvent(flags));
        else
            ctx.reply.emptyArray();
        return;
    }
    // COUNT means "the nearest N", which needs sorting; ANY takes the first N found.
    if (count != 0 && sort == kSortNone && !any) sort = kSortAsc;

    std::vector<Found> found = searchShape(*z, shape, any ? static_cast<size_t>(count) : 0);
    if (found.empty() && storekey == nullptr) {
        ctx.reply.emptyArray();
        return;
    }
    const size_t returned =
        (count == 0 || found.size() < static_cast<size_t>(count)) ? found.size() : static_cast<size_t>(count);
    // Redis sorts the whole result with the C library's qsort (glibc's is a merge sort, so
    // equal distances keep their scan order: std::stable_sort does the same), but when
    // COUNT returns only part of it, with its partial quicksort pqsort, which is not
    // stable: ties then come out in the order that exact algorithm leaves them.
    if (sort != kSortNone) {
        const int dir = sort == kSortAsc ? 1 : -1;
        auto cmp = [dir](const Found& a, const Found& b) {  // sort_gp_asc / sort_gp_desc
            return dir * (a.dist > b.dist ? 1 : a.dist == b.dist ? 0 : -1);
        };
        if (returned == found.size())
            std::stable_sort(found.begin(), found.end(), [&](const Found& a, const Found& b) { return cmp(a, b) < 0; });
        else
            partialQuicksort(found, 0, static_cast<long long>(found.size()), 0, static_cast<long long>(returned) - 1,
                             cmp);
    }

    if (storekey == nullptr) {
        const size_t options = (withdist ? 1 : 0) + (withcoords ? 1 : 0) + (withhash ? 1 : 0);
        ctx.reply.arrayLen(returned);
        for (size_t i = 0; i < returned; ++i) {
            const Found& f = found[i];
            if (options) ctx.reply.arrayLen(options + 1);
            ctx.reply.bulk(f.member);
            if (withdist) replyDistance(ctx.reply, f.dist / shape.conversion);
            if (withhash) ctx.reply.integer(static_cast<long long>(f.score));
            if (withcoords) {
                ctx.reply.arrayLen(2);
                replyCoordinate(ctx.reply, f.lon);
                replyCoordinate(ctx.reply, f.lat);
            }
        }
        return;
    }
    // Store: a skiplist built from the results, turned into a listpack if small enough.
    std::optional<Object> result;
    if (returned) {
        result = zset::createSkiplist(ctx.engine, returned);
        size_t max_len = 0, total_len = 0;
        for (size_t i = 0; i < returned; ++i) {
            const Found& f = found[i];
            const double score = storedist ? f.dist / shape.conversion : f.score;
            unsigned out = 0;
            zset::add(ctx.engine, *result, score, f.member, zset::kAddNone, out);
            max_len = std::max(max_len, f.member.size());
            total_len += f.member.size();
        }
        zset::convertToListpackIfNeeded(ctx.engine, *result, max_len, total_len);
    }
    storeOrDelete(ctx, *storekey, std::move(result), returned, notify::kZSet, storeEvent(flags));
    // Redis counts one change per stored member (storeOrDelete counted one).
    if (returned > 1) ctx.engine.dirty += returned - 1;
}

void georadiusCommand(CommandContext& ctx) { searchGeneric(ctx, 1, kFromCoords); }
void georadiusbymemberCommand(CommandContext& ctx) { searchGeneric(ctx, 1, kFromMember); }
void georadiusroCommand(CommandContext& ctx) { searchGeneric(ctx, 1, kFromCoords | kNoStore); }
void georadiusbymemberroCommand(CommandContext& ctx) { searchGeneric(ctx, 1, kFromMember | kNoStore); }
void geosearchCommand(CommandContext& ctx) { searchGeneric(ctx, 1, kSearch); }
void geosearchstoreCommand(CommandContext& ctx) { searchGeneric(ctx, 2, kSearch | kSearchStore); }

// ---- Rows ----------------------------------------------------------------------------------

constexpr KeySpec kRwUpdateKeys[] = {
    {.flags = "RW update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
constexpr KeySpec kRoAccessKeys[] = {
    {.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0}};
// The STORE / STOREDIST key is found by its keyword, from the first optional argument on.
constexpr KeySpec kGeoradiusKeys[] = {
    {.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0},
    {.flags = "OW update", .last_key = 0, .key_step = 1, .limit = 0, .keyword = "STORE", .startfrom = 6},
    {.flags = "OW update", .last_key = 0, .key_step = 1, .limit = 0, .keyword = "STOREDIST", .startfrom = 6}};
constexpr KeySpec kGeoradiusbymemberKeys[] = {
    {.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0},
    {.flags = "OW update", .last_key = 0, .key_step = 1, .limit = 0, .keyword = "STORE", .startfrom = 5},
    {.flags = "OW update", .last_key = 0, .key_step = 1, .limit = 0, .keyword = "STOREDIST", .startfrom = 5}};
constexpr KeySpec kGeosearchstoreKeys[] = {
    {.flags = "OW update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0},
    {.flags = "RO access", .begin_index = 2, .last_key = 0, .key_step = 1, .limit = 0}};

const CommandSpec kGeoCommands[] = {
    {
        .name = "geoadd",
        .arity = -5,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kGeo,
        .keys = kRwUpdateKeys,
        .syntax = "key [NX | XX] [CH] longitude:double latitude:double member [longitude:double latitude:double "
                  "member ...]",
        .summary = "Store members at coordinates (a sorted set scored by geohash)",
        .complexity = "O(log(N)) per member",
        .group = "geo",
        .since = "3.2.0",
        .handler = geoaddCommand,
    },
    {
        .name = "geodist",
        .arity = -4,
        .flags = cmd::kReadonly,
        .acl = acl::kGeo,
        .keys = kRoAccessKeys,
        .syntax = "key member1 member2 [M | KM | FT | MI]",
        .summary = "Distance between two members of a geo index",
        .complexity = "O(log(N))",
        .group = "geo",
        .since = "3.2.0",
        .handler = geodistCommand,
    },
    {
        .name = "geohash",
        .arity = -2,
        .flags = cmd::kReadonly,
        .acl = acl::kGeo,
        .keys = kRoAccessKeys,
        .syntax = "key member [member ...]",
        .summary = "The standard 11-character geohash of members",
        .complexity = "O(log(N)) per member",
        .group = "geo",
        .since = "3.2.0",
        .handler = geohashCommand,
    },
    {
        .name = "geopos",
        .arity = -2,
        .flags = cmd::kReadonly,
        .acl = acl::kGeo,
        .keys = kRoAccessKeys,
        .syntax = "key member [member ...]",
        .summary = "Longitude and latitude of members (the centre of their geohash cell)",
        .complexity = "O(N) for N members",
        .group = "geo",
        .since = "3.2.0",
        .handler = geoposCommand,
    },
    {
        .name = "georadius",
        .arity = -6,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kMovableKeys,
        .acl = acl::kGeo,
        .keys = kGeoradiusKeys,
        .syntax = "key longitude:double latitude:double radius:double <M | KM | FT | MI> [WITHCOORD] [WITHDIST] "
                  "[WITHHASH] [COUNT count [ANY]] [ASC | DESC] [STORE key] [STOREDIST key]",
        .summary = "Members within a radius of a point, replied or stored (older form of GEOSEARCH/GEOSEARCHSTORE)",
        .complexity = "O(N+log(M)) for N members in the scanned cells and M found",
        .group = "geo",
        .since = "3.2.0",
        .handler = georadiusCommand,
    },
    {
        .name = "georadiusbymember",
        .arity = -5,
        .flags = cmd::kWrite | cmd::kDenyOom | cmd::kMovableKeys,
        .acl = acl::kGeo,
        .keys = kGeoradiusbymemberKeys,
        .syntax = "key member radius:double <M | KM | FT | MI> [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count "
                  "[ANY]] [ASC | DESC] [STORE key] [STOREDIST key]",
        .summary = "Members within a radius of a member, replied or stored (older form of GEOSEARCH/GEOSEARCHSTORE)",
        .complexity = "O(N+log(M)) for N members in the scanned cells and M found",
        .group = "geo",
        .since = "3.2.0",
        .handler = georadiusbymemberCommand,
    },
    {
        .name = "georadius_ro",
        .arity = -6,
        .flags = cmd::kReadonly,
        .acl = acl::kGeo,
        .keys = kRoAccessKeys,
        .syntax = "key longitude:double latitude:double radius:double <M | KM | FT | MI> [WITHCOORD] [WITHDIST] "
                  "[WITHHASH] [COUNT count [ANY]] [ASC | DESC]",
        .summary = "Members within a radius of a point (older form of GEOSEARCH ... BYRADIUS)",
        .complexity = "O(N+log(M)) for N members in the scanned cells and M found",
        .group = "geo",
        .since = "3.2.10",
        .handler = georadiusroCommand,
    },
    {
        .name = "georadiusbymember_ro",
        .arity = -5,
        .flags = cmd::kReadonly,
        .acl = acl::kGeo,
        .keys = kRoAccessKeys,
        .syntax = "key member radius:double <M | KM | FT | MI> [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count "
                  "[ANY]] [ASC | DESC]",
        .summary = "Members within a radius of a member (older form of GEOSEARCH ... FROMMEMBER BYRADIUS)",
        .complexity = "O(N+log(M)) for N members in the scanned cells and M found",
        .group = "geo",
        .since = "3.2.10",
        .handler = georadiusbymemberroCommand,
    },
    {
        .name = "geosearch",
        .arity = -7,
        .flags = cmd::kReadonly,
        .acl = acl::kGeo,
        .keys = kRoAccessKeys,
        .syntax = "key <FROMMEMBER member | FROMLONLAT longitude:double latitude:double> <BYRADIUS radius:double <M | "
                  "KM | FT | MI> | BYBOX width:double height:double <M | KM | FT | MI>> [ASC | DESC] [COUNT count "
                  "[ANY]] [WITHCOORD] [WITHDIST] [WITHHASH]",
        .summary = "Members inside a circle or a box around a point or a member",
        .complexity = "O(N+log(M)) for N members in the scanned cells and M found",
        .group = "geo",
        .since = "6.2.0",
        .handler = geosearchCommand,
    },
    {
        .name = "geosearchstore",
        .arity = -8,
        .flags = cmd::kWrite | cmd::kDenyOom,
        .acl = acl::kGeo,
        .keys = kGeosearchstoreKeys,
        .syntax = "destination source <FROMMEMBER member | FROMLONLAT longitude:double latitude:double> <BYRADIUS "
                  "radius:double <M | KM | FT | MI> | BYBOX width:double height:double <M | KM | FT | MI>> [ASC | "
                  "DESC] [COUNT count [ANY]] [STOREDIST]",
        .summary = "GEOSEARCH, storing the members found (scored by geohash or distance) in a key",
        .complexity = "O(N+log(M)) for N members in the scanned cells and M found",
        .group = "geo",
        .since = "6.2.0",
        .handler = geosearchstoreCommand,
    },
};

}  // namespace

std::span<const CommandSpec> geoCommands() { return kGeoCommands; }

}  // namespace redsim
