// SORT and SORT_RO: sort the elements of a list, set or sorted set, optionally by
// values stored in other keys, and fetch other keys for each element.
//
//   SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA]
//            [STORE destination]
//
// How it works (Redis 7.0's sortCommandGeneric):
//   1. Load the elements into a vector (a sorted set is first converted to its skiplist
//      encoding, for good, as Redis does).
//   2. Give each one a sort key: the element itself, or with BY pattern the value found
//      by substituting the element for the first '*' in the pattern: "weight_*" reads
//      the string key weight_<element>, "obj_*->w" reads field w of hash obj_<element>.
//      A missing value sorts as 0 (numeric) or before every value (ALPHA).
//      Numeric keys must parse as doubles ("One or more scores can't be converted into
//      double"); equal numbers are ordered by the element's bytes, so the result is
//      deterministic. ALPHA compares bytes.
//   3. A BY pattern without '*' means "don't sort": lists and sorted sets keep their own
//      order (reversed by DESC) and LIMIT just picks a range; a set keeps its iteration
//      order, except with STORE, where Redis sorts it ALPHA so that replicas agree.
//      Sorting is stable (glibc's qsort is a merge sort), except with BY and a LIMIT
//      that is not the whole range: then Redis runs its own partial quicksort, which
//      skips the partitions outside the range and is not stable. We run the same
//      algorithm step by step, so that ALPHA ties (e.g. two missing weights) come out
//      in Redis's order.
//   4. Reply (or store as a list) the elements in [offset, offset+count); with GET
//      patterns, reply each pattern's value instead ("#" is the element itself; a
//      missing value is nil, or "" in a stored list).
//
// DIFFERS FROM REDIS:
//   - Redis compares ALPHA keys with strcoll() (the server's locale) unless it stores the
//     result; we always compare bytes, which is what strcoll does in the C and C.UTF-8
//     locales Redis is usually started in.
//   - No ACL or cluster checks on BY/GET patterns yet (ACLs come with the clients issue).
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/notify.h"
#include "engine/types/hash.h"
#include "engine/types/list.h"
#include "engine/types/set.h"
#include "engine/types/zset.h"
#include "engine/util/numbers.h"
#include "engine/util/pqsort.h"

namespace redsim {
namespace {

struct SortItem {
    explicit SortItem(std::string v) : value(std::move(v)) {}
    std::string value;
    double score = 0;
    std::optional<std::string> by;  // ALPHA with BY: the looked-up sort key (nullopt: missing)
};

// lookupKeyByPattern: the value a GET or BY pattern names for one element, or nullopt.
// `int_encoded` (optional) tells whether Redis would hold the value as an integer-encoded
// string: a string key stored as an integer, or an integer in a listpack hash.
std::optional<std::string> lookupByPattern(Db& db, const std::string& pattern, const std::string& element,
                                           bool* int_encoded = nullptr) {
    if (int_encoded) *int_encoded = false;
    if (pattern == "#") return element;
    const size_t star = pattern.find('*');
    if (star == std::string::npos) return std::nullopt;  // a constant key: nothing to fetch
    size_t arrow = pattern.find("->", star + 1);
    if (arrow != std::string::npos && arrow + 2 == pattern.size()) arrow = std::string::npos;  // "->" at the end
    const size_t key_end = arrow == std::string::npos ? pattern.size() : arrow;
    std::string key = pattern.substr(0, star) + element + pattern.substr(star + 1, key_end - star - 1);
    Object* o = db.lookupRead(key);
    if (!o) return std::nullopt;
    if (arrow != std::string::npos) {
        if (o->type() != ObjType::Hash) return std::nullopt;
        auto v = hashTypeGet(*o, std::string_view(pattern).substr(arrow + 2));
        // A listpack stores integer-looking values as integers, and Redis hands them
        // back as integer-encoded strings.
        if (int_encoded && v && o->encoding() == Encoding::ListPack) *int_encoded = parseInt64(*v).has_value();
        return v;
    }
    if (o->type() != ObjType::String) return std::nullopt;
    if (int_encoded) *int_encoded = o->isInt();
    return o->stringValue();
}

// Numeric sort key, as Redis reads it with strtod on the C string: the whole text (up to
// a NUL) must be a number, neither NaN nor out of range.
std::optional<double> numericKey(const std::string& s) {
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (*end != '\0' || errno == ERANGE || std::isnan(v)) return std::nullopt;
    return v;
}

int compareBytes(const std::string& a, const std::string& b) { return a.compare(b) < 0 ? -1 : a == b ? 0 : 1; }

// sortCompare.
int compareItems(const SortItem& a, const SortItem& b, bool alpha, bool by_pattern) {
    if (!alpha) {
        if (a.score > b.score) return 1;
        if (a.score < b.score) return -1;
        return compareBytes(a.value, b.value);
    }
    if (by_pattern) {
        if (!a.by || !b.by) return a.by.has_value() == b.by.has_value() ? 0 : (a.by ? 1 : -1);
        return compareBytes(*a.by, *b.by);
    }
    return compareBytes(a.value, b.value);
}

void sortGeneric(CommandContext& ctx, bool readonly) {
    bool desc = false, alpha = false, dontsort = false;
    long long limit_start = 0, limit_count = -1;
    const std::string* sortby = nullptr;
    const std::string* storekey = nullptr;
    std::vector<const std::string*> gets;
    for (size_t j = 2; j < ctx.argc(); ++j) {
        const size_t leftargs = ctx.argc() - j - 1;
        const std::string& a = ctx.arg(j);
        if (argIs(a, "asc")) {
            desc = false;
        } else if (argIs(a, "desc")) {
            desc = true;
        } else if (argIs(a, "alpha")) {
            alpha = true;
        } else if (argIs(a, "limit") && leftargs >= 2) {
            auto s = intArg(ctx, j + 1);
            if (!s) return;
            auto c = intArg(ctx, j + 2);
            if (!c) return;
            limit_start = *s;
            limit_count = *c;
            j += 2;
        } else if (!readonly && argIs(a, "store") && leftargs >= 1) {
            storekey = &ctx.arg(++j);
        } else if (argIs(a, "by") && leftargs >= 1) {
            sortby = &ctx.arg(++j);
            // A BY pattern without '*' names one constant key: nothing to sort by.
            dontsort = sortby->find('*') == std::string::npos;
        } else if (argIs(a, "get") && leftargs >= 1) {
            gets.push_back(&ctx.arg(++j));
        } else {
            ctx.reply.error(err::kSyntax);
            return;
        }
    }

    Db& db = ctx.db();
    Object* o = db.lookupRead(ctx.arg(1));
    if (o && o->type() != ObjType::Set && o->type() != ObjType::List && o->type() != ObjType::ZSet) {
        ctx.reply.error(err::kWrongType);
        return;
    }
    const ObjType type = o ? o->type() : ObjType::List;  // a missing key sorts as an empty list

    // Sorting a set without an order would give hash-table order, which differs between
    // a master and its replicas: with STORE, Redis sorts it ALPHA instead.
    if (dontsort && type == ObjType::Set && storekey) {
        dontsort = false;
        alpha = true;
        sortby = nullptr;
    }
    // Redis 7.0 quirk, reproduced: converting a listpack zset parses its scores with
    // strtod, which sets errno to ERANGE for a subnormal score (below ~2.2e-308); the
    // numeric sort below tests errno without clearing it, so every value it parses
    // as text then counts as "can't be converted" (integer-encoded strings are not
    // parsed, so they escape).
    // DIFFERS FROM REDIS: an ERANGE left in errno by an earlier command fails Redis's
    // numeric SORT too; redsim keeps no errno between commands (docs/differences.md).
    bool stale_erange = false;
    if (o && type == ObjType::ZSet) {
        if (o->encoding() == Encoding::ListPack) {
            for (auto c = zset::Cursor::atRank(*o, 0, false); c.valid(); c.next())
                if (std::fpclassify(c.score()) == FP_SUBNORMAL) stale_erange = true;
        }
        zset::convertToSkiplist(ctx.engine, *o);
    }

    long long vectorlen = 0;
    if (o) {
        vectorlen = static_cast<long long>(type == ObjType::List  ? listLength(*o)
                                           : type == ObjType::Set ? setTypeSize(*o)
                                                                  : zset::length(*o));
    }
    // LIMIT, clamped to the collection.
    long long start = std::min(std::max(limit_start, 0LL), vectorlen);
    limit_count = std::min(std::max(limit_count, -1LL), vectorlen);
    long long end = limit_count < 0 ? vectorlen - 1 : start + limit_count - 1;
    if (start >= vectorlen) {
        start = vectorlen - 1;
        end = vectorlen - 2;
    }
    if (end >= vectorlen) end = vectorlen - 1;

    // Load the elements. Unsorted lists and sorted sets only load the range asked for.
    std::vector<SortItem> items;
    if (o && (type == ObjType::List || type == ObjType::ZSet) && dontsort) {
        if (end >= start) {
            const size_t count = static_cast<size_t>(end - start + 1);
            items.reserve(count);
            if (type == ObjType::List) {
                const size_t len = listLength(*o);
                const size_t first = desc ? len - static_cast<size_t>(end) - 1 : static_cast<size_t>(start);
                std::vector<std::string> range = listRange(*o, first, count);
                if (desc) std::reverse(range.begin(), range.end());
                for (auto& v : range) items.emplace_back(std::move(v));
            } else {
                for (auto c = zset::Cursor::atRank(*o, static_cast<size_t>(start), desc);
                     c.valid() && items.size() < count; c.next())
                    items.emplace_back(std::string(c.member()));
            }
        }
        end -= start;
        start = 0;
    } else if (o && type == ObjType::List) {
        for (auto& v : listElements(*o)) items.emplace_back(std::move(v));
    } else if (o && type == ObjType::Set) {
        for (auto& v : setTypeMembers(*o)) items.emplace_back(std::move(v));
    } else if (o) {  // zset: the dict's order, as Redis iterates it
        o->zsetIndex().dict.forEach([&](const auto& e) { items.emplace_back(e.key); });
    }

    bool conversion_error = false;
    if (!dontsort) {
        for (SortItem& it : items) {
            std::optional<std::string> byval;
            bool int_encoded = false;
            if (sortby) {
                byval = lookupByPattern(db, *sortby, it.value, &int_encoded);
                if (!byval) continue;  // missing: score 0, no ALPHA key
            }
            if (alpha) {
                if (sortby) it.by = std::move(byval);
            } else if (auto v = numericKey(sortby ? *byval : it.value)) {
                it.score = *v;
                if (stale_erange && !int_encoded) conversion_error = true;
            } else {
                conversion_error = true;
            }
        }
        const bool by_pattern = sortby != nullptr;
        const auto cmp = [&](const SortItem& a, const SortItem& b) {
            const int c = compareItems(a, b, alpha, by_pattern);
            return desc ? -c : c;
        };
        const auto len = static_cast<long long>(items.size());
        if (sortby && (start != 0 || end != len - 1))
            partialQuicksort(items, 0, len, start, end, cmp);
        else
            std::stable_sort(items.begin(), items.end(),
                             [&](const SortItem& a, const SortItem& b) { return cmp(a, b) < 0; });
    }

    const long long n = end - start + 1;
    const long long outputlen = gets.empty() ? n : static_cast<long long>(gets.size()) * n;
    if (conversion_error) {
        ctx.reply.error("ERR One or more scores can't be converted into double");
        return;
    }
    if (!storekey) {
        ctx.reply.arrayLen(static_cast<size_t>(std::max(outputlen, 0LL)));
        for (long long j = start; j <= end; ++j) {
            const std::string& v = items[static_cast<size_t>(j)].value;
            if (gets.empty()) ctx.reply.bulk(v);
            for (const std::string* g : gets) {
                if (auto val = lookupByPattern(db, *g, v))
                    ctx.reply.bulk(*val);
                else
                    ctx.reply.null();
            }
        }
        return;
    }
    std::vector<std::string> out;
    out.reserve(static_cast<size_t>(std::max(outputlen, 0LL)));
    for (long long j = start; j <= end; ++j) {
        const std::string& v = items[static_cast<size_t>(j)].value;
        if (gets.empty()) out.push_back(v);
        for (const std::string* g : gets) out.push_back(lookupByPattern(db, *g, v).value_or(std::string()));
    }
    if (outputlen > 0) {
        // Redis 7.0 stores the result in a list with the built-in node settings.
        db.set(*storekey, listFromElements(ctx.engine, out, ListSettings::RedisDefaults));
        ctx.engine.dirty += static_cast<uint64_t>(outputlen);
        ctx.keyModified(*storekey);
        ctx.notify(notify::kList, "sortstore", *storekey);
    } else if (db.remove(*storekey)) {
        ++ctx.engine.dirty;
        ctx.keyModified(*storekey);
        ctx.notify(notify::kGeneric, "del", *storekey);
    }
    ctx.reply.integer(std::max(outputlen, 0LL));
}

void sortCommand(CommandContext& ctx) { sortGeneric(ctx, false); }
void sortRoCommand(CommandContext& ctx) { sortGeneric(ctx, true); }

// sortGetKeys: the sorted key, and the key after the last STORE (options that take
// arguments are skipped so a pattern named "store" is not mistaken for the option).
std::vector<KeyRef> sortGetKeys(std::span<const std::string> argv) {
    std::vector<KeyRef> keys = {{1, "RO access"}};
    std::optional<size_t> store;
    for (size_t i = 2; i < argv.size(); ++i) {
        if (argIs(argv[i], "limit"))
            i += 2;
        else if (argIs(argv[i], "get") || argIs(argv[i], "by"))
            i += 1;
        else if (argIs(argv[i], "store") && i + 1 < argv.size())
            store = i + 1;
    }
    if (store) keys.push_back({*store, "OW update"});
    return keys;
}

constexpr std::string_view kByGetNote =
    "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the "
    "key we sort";
constexpr KeySpec kSortKeys[] = {
    {.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0},
    {.flags = "RO access", .notes = kByGetNote, .unknown = true},
    {.flags = "OW update",
     .notes = "For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the "
              "argument array",
     .unknown = true}};
constexpr KeySpec kSortRoKeys[] = {{.flags = "RO access", .begin_index = 1, .last_key = 0, .key_step = 1, .limit = 0},
                                   {.flags = "RO access", .notes = kByGetNote, .unknown = true}};

constexpr std::string_view kSortCost =
    "O(N+M*log(M)): N elements loaded, M of them sorted and returned; O(N) when nothing is sorted";

constexpr CommandSpec kCommands[] = {
    {.name = "sort",
     .arity = -2,
     .flags = cmd::kWrite | cmd::kDenyOom | cmd::kMovableKeys,
     .acl = acl::kSet | acl::kSortedSet | acl::kList | acl::kDangerous,
     .keys = kSortKeys,
     .syntax = "key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA] [STORE "
               "destination]",
     .summary = "Sort a list, set or sorted set, optionally by other keys' values, and return or store the result",
     .complexity = kSortCost,
     .group = "generic",
     .since = "1.0.0",
     .handler = sortCommand,
     .get_keys = sortGetKeys},
    {.name = "sort_ro",
     .arity = -2,
     .flags = cmd::kReadonly | cmd::kMovableKeys,
     .acl = acl::kSet | acl::kSortedSet | acl::kList | acl::kDangerous,
     .keys = kSortRoKeys,
     .syntax = "key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA]",
     .summary = "SORT without STORE: safe on replicas and in read-only scripts",
     .complexity = kSortCost,
     .group = "generic",
     .since = "7.0.0",
     .handler = sortRoCommand,
     .get_keys = sortGetKeys},
};

}  // namespace

std::span<const CommandSpec> sortCommands() { return kCommands; }

}  // namespace redsim
