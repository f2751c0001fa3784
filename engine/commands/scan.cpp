#include "engine/commands/scan.h"

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/commands/util.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/util/glob.h"
#include "engine/util/text.h"

namespace redsim {

std::optional<uint64_t> scanCursorArg(CommandContext& ctx, size_t i) {
    const std::string& s = ctx.arg(i);
    errno = 0;
    char* end = nullptr;
    const unsigned long v = std::strtoul(s.c_str(), &end, 10);
    // As Redis, strtoul reads the C string: it stops at an embedded NUL ("1\0x" is 1).
    if ((!s.empty() && std::isspace(static_cast<unsigned char>(s[0]))) || *end != '\0' || errno == ERANGE) {
        ctx.reply.error(err::kInvalidCursor);
        return std::nullopt;
    }
    return v;
}

void replyEmptyScan(ReplyWriter& reply) {
    reply.arrayLen(2);
    reply.bulk("0");
    reply.arrayLen(0);
}

namespace {

// A skiplist zset's score as SCAN prints it (createStringObjectFromLongDouble, not
// human friendly): %.17Lg.
std::string scanScore(double score) {
    char buf[64];
    const int n = std::snprintf(buf, sizeof buf, "%.17Lg", static_cast<long double>(score));
    return std::string(buf, static_cast<size_t>(n));
}

}  // namespace

void scanGeneric(CommandContext& ctx, Object* o, uint64_t cursor, size_t first_option) {
    long long count = 10;
    const std::string* pattern = nullptr;
    const std::string* type = nullptr;
    for (size_t i = first_option; i < ctx.argc();) {
        const size_t left = ctx.argc() - i;
        if (argIs(ctx.arg(i), "count") && left >= 2) {
            auto v = intArg(ctx, i + 1);
            if (!v) return;
            if (*v < 1) {
                ctx.reply.error(err::kSyntax);
                return;
            }
            count = *v;
            i += 2;
        } else if (argIs(ctx.arg(i), "match") && left >= 2) {
            pattern = &ctx.arg(i + 1);
            if (*pattern == "*") pattern = nullptr;
            i += 2;
        } else if (argIs(ctx.arg(i), "type") && o == nullptr && left >= 2) {
            type = &ctx.arg(i + 1);
            i += 2;
        } else {
            ctx.reply.error(err::kSyntax);
            return;
        }
    }

    // Collect elements; for hashes and zsets every element is followed by its value.
    std::vector<std::string> items;
    const bool pairs = o && (o->type() == ObjType::Hash || o->type() == ObjType::ZSet);
    auto walk = [&](auto& dict, long long want, auto&& push) {
        long long max_iterations = want > LLONG_MAX / 10 ? LLONG_MAX : want * 10;
        do {
            cursor = dict.scan(cursor, push);
        } while (cursor && max_iterations-- && static_cast<long long>(items.size()) < want);
    };
    const long long want = pairs && count <= LLONG_MAX / 2 ? count * 2 : count;
    if (o == nullptr) {
        walk(ctx.db().keys(), want, [&](const auto& e) { items.push_back(e.key); });
    } else if (o->encoding() == Encoding::HashTable && o->type() == ObjType::Set) {
        walk(o->setDict(), want, [&](const auto& e) { items.push_back(e.key); });
    } else if (o->encoding() == Encoding::HashTable) {
        walk(o->hashDict(), want, [&](const auto& e) {
            items.push_back(e.key);
            items.push_back(e.value);
        });
    } else if (o->encoding() == Encoding::SkipList) {
        walk(o->zsetIndex().dict, want, [&](const auto& e) {
            items.push_back(e.key);
            items.push_back(scanScore(e.value));
        });
    } else if (o->encoding() == Encoding::IntSet) {
        for (int64_t v : o->intset()) items.push_back(std::to_string(v));
        cursor = 0;
    } else {  // listpack hash or zset
        const Listpack& lp = o->listpack();
        for (size_t off = lp.first(); off != Listpack::npos; off = lp.next(off))
            items.push_back(lp.get(off).toString());
        cursor = 0;
    }

    // Filter: by pattern (on the element, dropping its value with it), and for the
    // keyspace by type and by expiry (which deletes the expired key).
    std::vector<std::string> out;
    const size_t step = pairs ? 2 : 1;
    for (size_t i = 0; i < items.size(); i += step) {
        std::string& k = items[i];
        if (pattern && !globMatch(*pattern, k)) continue;
        if (o == nullptr) {
            if (type) {
                Object* v = ctx.db().peek(k);
                if (!v || !equalsIgnoreCase(*type, typeName(v->type()))) continue;
            }
            if (ctx.db().expireIfNeeded(k)) continue;
        }
        out.push_back(std::move(k));
        if (pairs) out.push_back(std::move(items[i + 1]));
    }
    ctx.reply.arrayLen(2);
    ctx.reply.bulk(std::to_string(cursor));
    ctx.reply.arrayLen(out.size());
    for (const auto& k : out) ctx.reply.bulk(k);
}

}  // namespace redsim
