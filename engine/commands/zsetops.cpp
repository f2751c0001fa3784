// ZUNION, ZINTER, ZDIFF, their *STORE forms and ZINTERCARD: algebra over sorted sets
// (and plain sets, whose members all count as score 1).
//
// One routine serves all seven, as Redis's zunionInterDiffGenericCommand does:
//   numkeys, the keys (looked up first: a key of another type is WRONGTYPE before any
//   option is read), then the options: WEIGHTS w1..wn multiplies each input's scores,
//   AGGREGATE SUM|MIN|MAX says how the scores of a member found in several inputs combine,
//   WITHSCORES (not for the store forms), LIMIT (ZINTERCARD only).
//   UNION   every member of any input; scores aggregated over the inputs holding it.
//   INTER   the members of the smallest input that every other input holds too: the
//           inputs are sorted by size first, so the outer loop is as short as possible.
//   DIFF    the members of the first input that no other input holds, with its scores.
// A product or sum that is NaN (inf * 0, inf + -inf) counts as 0, as in Redis.
// The result is ordered like any sorted set (score, then member bytes). A stored result
// is created as a skiplist and then converted to a listpack when its size and longest
// member allow (zsetConvertToListpackIfNeeded); an empty result deletes the destination.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/notify.h"
#include "engine/types/set.h"
#include "engine/types/zset.h"
#include "engine/util/numbers.h"

namespace redsim {
namespace {

enum class SetOp { Union, Inter, Diff };
enum class Aggregate { Sum, Min, Max };

// One input: a zset, a set, or a missing key (empty).
struct Source {
    const Object* obj = nullptr;
    double weight = 1.0;

    size_t length() const {
        if (!obj) return 0;
        return obj->type() == ObjType::ZSet ? zset::length(*obj) : setTypeSize(*obj);
    }
    // zuiFind: the member's score here (1 for a set member), nullopt if absent.
    std::optional<double> find(std::string_view member) const {
        if (!obj) return std::nullopt;
        if (obj->type() == ObjType::ZSet) return zset::score(*obj, member);
        return setTypeIsMember(*obj, member) ? std::optional<double>(1.0) : std::nullopt;
    }
    // Calls fn(std::string_view member, double score) for every member.
    template <class F>
    void forEach(F&& fn) const {
        if (!obj) return;
        if (obj->type() == ObjType::ZSet) {
            zset::forEach(*obj, fn);
        } else {
            setTypeForEach(*obj, [&](const SetElement& e) {
                if (e.is_int) {
                    const std::string s = std::to_string(e.num);
                    fn(std::string_view(s), 1.0);
                } else {
                    fn(std::string_view(e.str), 1.0);
                }
            });
        }
    }
};

// zunionInterAggregate.
void aggregate(double& target, double value, Aggregate how) {
    switch (how) {
        case Aggregate::Sum:
            target += value;
            if (std::isnan(target)) target = 0.0;
            break;
        case Aggregate::Min:
            target = value < target ? value : target;
            break;
        case Aggregate::Max:
            target = value > target ? value : target;
            break;
    }
}

double weighted(double score, double weight) {
    const double v = score * weight;
    return std::isnan(v) ? 0.0 : v;
}

using Result = std::vector<std::pair<std::string, double>>;

Result computeInter(const std::vector<Source>& src, Aggregate how, size_t limit, size_t& cardinality,
                    bool cardinality_only) {
    Result out;
    if (src[0].length() == 0) return out;
    bool done = false;
    src[0].forEach([&](std::string_view member, double s) {
        if (done) return;
        double score = weighted(s, src[0].weight);
        size_t j = 1;
        for (; j < src.size(); ++j) {
            std::optional<double> v = src[j].obj == src[0].obj ? std::optional<double>(s) : src[j].find(member);
            if (!v) break;
            aggregate(score, *v * src[j].weight, how);
        }
        if (j != src.size()) return;
        if (cardinality_only) {
            ++cardinality;
            if (limit && cardinality >= limit) done = true;
        } else {
            out.emplace_back(std::string(member), score);
        }
    });
    return out;
}

Result computeUnion(const std::vector<Source>& src, Aggregate how) {
    std::unordered_map<std::string, double> acc;
    acc.reserve(src.back().length());
    Result order;  // first-seen order; the final sort makes the result independent of it
    for (const Source& s : src) {
        s.forEach([&](std::string_view member, double score) {
            const double v = weighted(score, s.weight);
            auto [it, added] = acc.try_emplace(std::string(member), v);
            if (!added) aggregate(it->second, v, how);
        });
    }
    order.reserve(acc.size());
    for (auto& [member, score] : acc) order.emplace_back(member, score);
    return order;
}

Result computeDiff(const std::vector<Source>& src) {
    Result out;
    if (src[0].length() == 0) return out;
    // An input that is the first one again removes everything.
    for (size_t j = 1; j < src.size(); ++j)
        if (src[j].obj == src[0].obj) return out;
    src[0].forEach([&](std::string_view member, double score) {
        for (size_t j = 1; j < src.size(); ++j)
            if (src[j].find(member)) return;
        out.emplace_back(std::string(member), score);
    });
    return out;
}

// The order of a sorted set: by score, then by the member's bytes.
void sortResult(Result& r) {
    std::sort(r.begin(), r.end(), [](const auto& a, const auto& b) {
        if (a.second != b.second) return a.second < b.second;
        return a.first < b.first;
    });
}

// `event`: "zunionstore", "zinterstore" or "zdiffstore" (or "del" for an empty result).
void storeResult(CommandContext& ctx, const std::string& dstkey, const Result& r, std::string_view event) {
    if (r.empty()) {
        storeOrDelete(ctx, dstkey, std::nullopt, 0, notify::kZSet, event);
        return;
    }
    // Built as a skiplist (createZsetObject), then made a listpack if it is small enough.
    Object z = Object::zsetSkiplist(std::make_unique<ZSetIndex>(ctx.engine.hashSeed(), ctx.engine.rng()));
    size_t maxelelen = 0, totelelen = 0;
    unsigned out = 0;
    for (const auto& [member, score] : r) {
        zset::add(ctx.engine, z, score, member, zset::kAddNone, out);
        maxelelen = std::max(maxelelen, member.size());
        totelelen += member.size();
    }
    zset::convertToListpackIfNeeded(ctx.engine, z, maxelelen, totelelen);
    storeOrDelete(ctx, dstkey, std::move(z), r.size(), notify::kZSet, event);
}

void replyResult(CommandContext& ctx, const Result& r, bool withscores) {
    // WITHSCORES: one flat array in RESP2, [member, score] pairs in RESP3 (not a map:
    // the order matters).
    ctx.reply.arrayLen(withscores && ctx.reply.protocol() == 2 ? r.size() * 2 : r.size());
    for (const auto& [member, score] : r) {
        if (withscores && ctx.reply.protocol() > 2) ctx.reply.arrayLen(2);
        ctx.reply.bulk(member);
        if (withscores) ctx.reply.doubleValue(score);
    }
}

// zunionInterDiffGenericCommand. `dst` is argv[1] for the store forms.
void setOpGeneric(CommandContext& ctx, bool store, SetOp op, bool cardinality_only) {
    const size_t numkeys_at = store ? 2 : 1;
    auto setnum = intArg(ctx, numkeys_at);
    if (!setnum) return;
    if (*setnum < 1) {
        std::string name(ctx.spec.name);
        ctx.reply.error("ERR at least 1 input key is needed for '" + name + "' command");
        return;
    }
    if (*setnum > static_cast<long long>(ctx.argc() - (numkeys_at + 1))) {
        ctx.reply.error(err::kSyntax);
        return;
    }
    Db& db = ctx.db();
    std::vector<Source> src(static_cast<size_t>(*setnum));
    size_t j = numkeys_at + 1;
    for (Source& s : src) {
        // Read lookups even for the *STORE forms (misses count and publish "keymiss"), as 7.0.
        const Object* o = db.lookupRead(ctx.arg(j));
        if (o && o->type() != ObjType::ZSet && o->type() != ObjType::Set) {
            ctx.reply.error(err::kWrongType);
            return;
        }
        s.obj = o;
        ++j;
    }

    Aggregate how = Aggregate::Sum;
    bool withscores = false;
    long long limit = 0;
    while (j < ctx.argc()) {
        const size_t remaining = ctx.argc() - j;
        if (op != SetOp::Diff && !cardinality_only && remaining >= src.size() + 1 && argIs(ctx.arg(j), "weights")) {
            ++j;
            for (Source& s : src) {
                auto w = parseDouble(ctx.arg(j));
                if (!w) {
                    ctx.reply.error("ERR weight value is not a float");
                    return;
                }
                s.weight = *w;
                ++j;
            }
        } else if (op != SetOp::Diff && !cardinality_only && remaining >= 2 && argIs(ctx.arg(j), "aggregate")) {
            const std::string& a = ctx.arg(j + 1);
            if (argIs(a, "sum")) {
                how = Aggregate::Sum;
            } else if (argIs(a, "min")) {
                how = Aggregate::Min;
            } else if (argIs(a, "max")) {
                how = Aggregate::Max;
            } else {
                ctx.reply.error(err::kSyntax);
                return;
            }
            j += 2;
        } else if (!store && !cardinality_only && argIs(ctx.arg(j), "withscores")) {
            withscores = true;
            ++j;
        } else if (cardinality_only && remaining >= 2 && argIs(ctx.arg(j), "limit")) {
            auto v = parseInt64(ctx.arg(j + 1));
            if (!v || *v < 0) {
                ctx.reply.error("ERR LIMIT can't be negative");
                return;
            }
            limit = *v;
            j += 2;
        } else {
            ctx.reply.error(err::kSyntax);
            return;
        }
    }

    // Smallest input first (a stable sort, as glibc's qsort is in practice): INTER walks
    // the smallest, and the order decides how SUM rounds.
    if (op != SetOp::Diff)
        std::stable_sort(src.begin(), src.end(),
                         [](const Source& a, const Source& b) { return a.length() < b.length(); });

    size_t cardinality = 0;
    Result r;
    switch (op) {
        case SetOp::Inter:
            r = computeInter(src, how, static_cast<size_t>(limit), cardinality, cardinality_only);
            break;
        case SetOp::Union:
            r = computeUnion(src, how);
            break;
        case SetOp::Diff:
            r = computeDiff(src);
            break;
    }
    if (cardinality_only) {
        ctx.reply.integer(static_cast<long long>(cardinality));
        return;
    }
    sortResult(r);
    if (store)
        storeResult(ctx, ctx.arg(1), r,
                    op == SetOp::Union   ? "zunionstore"
                    : op == SetOp::Inter ? "zinterstore"
                                         : "zdiffstore");
    else
        replyResult(ctx, r, withscores);
}

void zunionCommand(CommandContext& ctx) { setOpGeneric(ctx, false, SetOp::Union, false); }
void zinterCommand(CommandContext& ctx) { setOpGeneric(ctx, false, SetOp::Inter, false); }
void zdiffCommand(CommandContext& ctx) { setOpGeneric(ctx, false, SetOp::Diff, false); }
void zunionstoreCommand(CommandContext& ctx) { setOpGeneric(ctx, true, SetOp::Union, false); }
void zinterstoreCommand(CommandContext& ctx) { setOpGeneric(ctx, true, SetOp::Inter, false); }
void zdiffstoreCommand(CommandContext& ctx) { setOpGeneric(ctx, true, SetOp::Diff, false); }
void zintercardCommand(CommandContext& ctx) { setOpGeneric(ctx, false, SetOp::Inter, true); }

constexpr KeySpec kReadKeys[] = {
    {.flags = "RO access", .begin_index = 1, .key_step = 1, .keynum_index = 0, .first_key = 1}};
constexpr KeySpec kStoreKeys[] = {
    {.flags = "OW update", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0},
    {.flags = "RO access", .begin_index = 2, .key_step = 1, .keynum_index = 0, .first_key = 1}};

constexpr std::string_view kUnionCost = "O(N)+O(M*log(M)): N members read from all inputs, M in the result";
constexpr std::string_view kInterCost =
    "O(N*K)+O(M*log(M)) worst case: N members of the smallest input, each looked up in the K inputs; M in the result";
constexpr std::string_view kDiffCost = "O(N*K)+O(M*log(M)): N members of the first input, K inputs, M in the result";

constexpr CommandSpec kCommands[] = {
    {.name = "zunion",
     .arity = -3,
     .flags = cmd::kReadonly | cmd::kMovableKeys,
     .acl = acl::kSortedSet,
     .keys = kReadKeys,
     .syntax = "numkeys key [key ...] [WEIGHTS weight:integer [weight:integer ...]] [AGGREGATE SUM | MIN | MAX] "
               "[WITHSCORES]",
     .summary = "Members of any of the sorted sets, with their scores combined",
     .complexity = kUnionCost,
     .group = "sorted-set",
     .since = "6.2.0",
     .handler = zunionCommand},
    {.name = "zinter",
     .arity = -3,
     .flags = cmd::kReadonly | cmd::kMovableKeys,
     .acl = acl::kSortedSet,
     .keys = kReadKeys,
     .syntax = "numkeys key [key ...] [WEIGHTS weight:integer [weight:integer ...]] [AGGREGATE SUM | MIN | MAX] "
               "[WITHSCORES]",
     .summary = "Members found in every one of the sorted sets, with their scores combined",
     .complexity = kInterCost,
     .group = "sorted-set",
     .since = "6.2.0",
     .handler = zinterCommand},
    {.name = "zdiff",
     .arity = -3,
     .flags = cmd::kReadonly | cmd::kMovableKeys,
     .acl = acl::kSortedSet,
     .keys = kReadKeys,
     .syntax = "numkeys key [key ...] [WITHSCORES]",
     .summary = "Members of the first sorted set that none of the others holds",
     .complexity = kDiffCost,
     .group = "sorted-set",
     .since = "6.2.0",
     .handler = zdiffCommand},
    {.name = "zunionstore",
     .arity = -4,
     .flags = cmd::kWrite | cmd::kDenyOom | cmd::kMovableKeys,
     .acl = acl::kSortedSet,
     .keys = kStoreKeys,
     .syntax = "destination numkeys key [key ...] [WEIGHTS weight:integer [weight:integer ...]] [AGGREGATE SUM | MIN | "
               "MAX]",
     .summary = "Store the union of sorted sets in a key",
     .complexity = kUnionCost,
     .group = "sorted-set",
     .since = "2.0.0",
     .handler = zunionstoreCommand},
    {.name = "zinterstore",
     .arity = -4,
     .flags = cmd::kWrite | cmd::kDenyOom | cmd::kMovableKeys,
     .acl = acl::kSortedSet,
     .keys = kStoreKeys,
     .syntax = "destination numkeys key [key ...] [WEIGHTS weight:integer [weight:integer ...]] [AGGREGATE SUM | MIN | "
               "MAX]",
     .summary = "Store the intersection of sorted sets in a key",
     .complexity = kInterCost,
     .group = "sorted-set",
     .since = "2.0.0",
     .handler = zinterstoreCommand},
    {.name = "zdiffstore",
     .arity = -4,
     .flags = cmd::kWrite | cmd::kDenyOom | cmd::kMovableKeys,
     .acl = acl::kSortedSet,
     .keys = kStoreKeys,
     .syntax = "destination numkeys key [key ...]",
     .summary = "Store the difference of sorted sets in a key",
     .complexity = kDiffCost,
     .group = "sorted-set",
     .since = "6.2.0",
     .handler = zdiffstoreCommand},
    {.name = "zintercard",
     .arity = -3,
     .flags = cmd::kReadonly | cmd::kMovableKeys,
     .acl = acl::kSortedSet,
     .keys = kReadKeys,
     .syntax = "numkeys key [key ...] [LIMIT limit:integer]",
     .summary = "Count the members found in every one of the sorted sets, stopping at LIMIT",
     .complexity = "O(N*K) worst case: N members of the smallest input, K inputs",
     .group = "sorted-set",
     .since = "7.0.0",
     .handler = zintercardCommand},
};

}  // namespace

std::span<const CommandSpec> zsetOpCommands() { return kCommands; }

}  // namespace redsim
