// LPOS: where an element occurs in a list (its own file: lists.cpp holds the commands
// that change lists and the blocking pops).
#include <climits>
#include <optional>
#include <string>
#include <vector>

#include "engine/commands/table.h"
#include "engine/commands/util.h"
#include "engine/db.h"
#include "engine/engine.h"
#include "engine/errors.h"
#include "engine/types/list.h"
#include "engine/util/numbers.h"

namespace redsim {
namespace {

// ---- LPOS ------------------------------------------------------------------------------

// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
// RANK r: skip the first r-1 matches (negative: search from the tail); COUNT n: answer
// an array of up to n positions (0 = all); MAXLEN m: look at no more than m elements.
// Positions are always LINDEX indexes from the head.
void lposCommand(CommandContext& ctx) {
    long long rank = 1;
    long long count = -1;  // -1: no COUNT option, answer one integer
    long long maxlen = 0;  // 0: no limit
    for (size_t j = 3; j < ctx.argc(); ++j) {
        const std::string& opt = ctx.arg(j);
        const bool more = j + 1 < ctx.argc();
        if (argIs(opt, "rank") && more) {
            auto r = intArg(ctx, ++j);
            if (!r) return;
            if (*r == 0) {
                ctx.reply.error(
                    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use "
                    "negative to start from the end of the list");
                return;
            }
            rank = *r;
        } else if (argIs(opt, "count") && more) {
            auto c = nonNegativeArg(ctx, ++j, "ERR COUNT can't be negative");
            if (!c) return;
            count = *c;
        } else if (argIs(opt, "maxlen") && more) {
            auto m = nonNegativeArg(ctx, ++j, "ERR MAXLEN can't be negative");
            if (!m) return;
            maxlen = *m;
        } else {
            ctx.reply.error(err::kSyntax);
            return;
        }
    }
    // A negative rank searches from the tail. Redis 7.0 negates it in a long, so
    // RANK -9223372036854775808 stays negative there: every match then qualifies
    // (matches >= rank always holds) and the COUNT stop test never fires. We reproduce
    // that observable result: from the tail, from the first match, COUNT ignored.
    bool from_tail = false;
    bool unbounded = false;
    if (rank == LLONG_MIN) {
        from_tail = true;
        rank = 1;
        unbounded = true;
    } else if (rank < 0) {
        from_tail = true;
        rank = -rank;
    }

    Object* o = ctx.db().lookupRead(ctx.arg(1));
    if (!o) {
        if (count != -1)
            ctx.reply.emptyArray();
        else
            ctx.reply.null();
        return;
    }
    if (wrongType(ctx, o, ObjType::List)) return;

    const bool want_array = count != -1;
    const size_t deferred = want_array ? ctx.reply.deferLen() : 0;
    Quicklist& ql = o->quicklist();
    const long long llen = static_cast<long long>(ql.size());
    Quicklist::Iterator it =
        from_tail ? ql.iterateAt(Quicklist::Direction::FromTail, -1) : ql.iterate(Quicklist::Direction::FromHead);
    long long index = 0;
    long long matches = 0;
    long long emitted = 0;
    long long found = -1;
    while ((maxlen == 0 || index < maxlen) && it.next()) {
        if (it.equals(ctx.arg(2))) {
            ++matches;
            if (matches >= rank) {
                const long long pos = from_tail ? llen - index - 1 : index;
                if (!want_array) {
                    found = pos;
                    break;
                }
                ctx.reply.integer(pos);
                ++emitted;
                if (!unbounded && count != 0 && emitted >= count) break;
            }
        }
        ++index;
    }
    if (want_array) {
        ctx.reply.setArrayLen(deferred, static_cast<size_t>(emitted));
    } else if (found >= 0) {
        ctx.reply.integer(found);
    } else {
        ctx.reply.null();
    }
}

constexpr KeySpec kReadKey[] = {{.flags = "RO access", .begin_index = 1}};

constexpr CommandSpec kListPosCommands[] = {
    {
        .name = "lpos",
        .arity = -3,
        .flags = cmd::kReadonly,
        .acl = acl::kList,
        .keys = kReadKey,
        .syntax = "key element [RANK rank:integer] [COUNT num-matches:integer] [MAXLEN len]",
        .summary = "Find the indexes at which an element occurs in a list",
        .complexity = "O(N) in the elements walked; MAXLEN bounds it",
        .group = "list",
        .since = "6.0.6",
        .handler = lposCommand,
    },
};

}  // namespace

std::span<const CommandSpec> listPosCommands() { return kListPosCommands; }

}  // namespace redsim
