// Quicklist: node layouts pinned against real Redis 7.0.15 (which node every element
// lands in, splits, merges, PLAIN nodes and compressed nodes, after every command of
// several sequences), a long seeded model test against std::deque with an invariant
// check after every operation for every fill and compress depth, and the iterator,
// clone and config rules. No unseeded randomness.
#include "engine/ds/quicklist.h"

#include <doctest/doctest.h>

#include <deque>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/ds/listpack.h"
#include "engine/rng.h"

using redsim::Listpack;
using redsim::Quicklist;
using redsim::Rng;
using Dir = Quicklist::Direction;

namespace {

// ---- The list commands, as Redis 7.0's t_list.c drives its quicklist -----------------

void linsert(Quicklist& ql, bool after, std::string_view pivot, std::string_view value) {
    auto it = ql.iterate(Dir::FromHead);
    while (it.next()) {
        if (it.equals(pivot)) {
            if (after)
                ql.insertAfter(it, value);
            else
                ql.insertBefore(it, value);
            return;
        }
    }
}

size_t lrem(Quicklist& ql, long long count, std::string_view value) {
    const size_t to_remove = static_cast<size_t>(count < 0 ? -count : count);
    auto it = count < 0 ? ql.iterateAt(Dir::FromTail, -1) : ql.iterateAt(Dir::FromHead, 0);
    size_t removed = 0;
    while (it.next()) {
        if (it.equals(value)) {
            it.erase();
            if (++removed == to_remove) break;
        }
    }
    return removed;
}

void ltrim(Quicklist& ql, long long start, long long end) {
    const long long llen = static_cast<long long>(ql.size());
    if (start < 0) start += llen;
    if (end < 0) end += llen;
    if (start < 0) start = 0;
    long long left, right;
    if (start > end || start >= llen) {
        left = llen;
        right = 0;
    } else {
        if (end >= llen) end = llen - 1;
        left = start;
        right = llen - end - 1;
    }
    ql.delRange(0, left);
    ql.delRange(-right, right);
}

// "x*300" stands for 300 'x' bytes, so the pinned table stays readable.
std::string expand(const std::string& tok) {
    const size_t star = tok.find('*');
    if (star == std::string::npos) return tok;
    return std::string(std::stoul(tok.substr(star + 1)), tok[0]);
}

std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(expand(w));
    return out;
}

// Runs one line of the pinned table (the key is implied).
void run(Quicklist& ql, const std::vector<std::string>& a) {
    const std::string& c = a[0];
    if (c == "RPUSH" || c == "LPUSH") {
        for (size_t i = 1; i < a.size(); ++i) c == "RPUSH" ? ql.pushTail(a[i]) : ql.pushHead(a[i]);
    } else if (c == "LPOP") {
        (void)ql.popHead();
    } else if (c == "RPOP") {
        (void)ql.popTail();
    } else if (c == "LINSERT") {
        linsert(ql, a[1] == "AFTER", a[2], a[3]);
    } else if (c == "LREM") {
        lrem(ql, std::stoll(a[1]), a[2]);
    } else if (c == "LSET") {
        ql.replaceAtIndex(std::stoll(a[1]), a[2]);
    } else if (c == "LTRIM") {
        ltrim(ql, std::stoll(a[1]), std::stoll(a[2]));
    } else {
        FAIL("unknown command " << c);
    }
}

// One node per item: its count, "p" for PLAIN, prefixed with "z" when compressed; "-"
// for no key (an empty list).
std::string layout(const Quicklist& ql) {
    if (ql.empty()) return "-";
    std::string s;
    for (const auto& n : ql.nodes()) {
        if (!s.empty()) s += ',';
        if (n.compressed) s += 'z';
        s += n.plain ? std::string("p") : std::to_string(n.count);
    }
    return s;
}

// How this table was made: redis-server 7.0.15 with --enable-debug-command yes and
// `CONFIG SET rdbcompression no`. "CONFIG fill N" is CONFIG SET list-max-listpack-size N,
// "CONFIG depth N" is list-compress-depth N, "CONFIG threshold N" is DEBUG
// QUICKLIST-PACKED-THRESHOLD N (0 restores 1 GB); each CONFIG line also starts a new,
// empty key. After every command the layout was read from `DUMP k`: the RDB quicklist-2
// payload lists each node's container (1 PLAIN, 2 PACKED) and its bytes, written as an
// LZF blob exactly when the node is compressed in memory; a packed node's count is its
// listpack header. Sequences B-E are random (Python's random.Random(7)) but fixed here.
struct Step {
    const char* line;
    const char* layout;  // nullptr for comments and CONFIG lines
};
constexpr Step kRedisSteps[] = {
    {"# A: list-max-listpack-size 4, hand-picked inserts at node edges and middles", nullptr},
    {"CONFIG fill 4", nullptr},
    {"CONFIG depth 0", nullptr},
    {"RPUSH a b c d e f g h i j k l", "4,4,4"},
    {"LINSERT BEFORE f X", "4,2,3,4"},
    {"LINSERT AFTER a Y", "1,4,2,3,4"},
    {"LINSERT BEFORE a Z", "2,4,2,3,4"},
    {"LINSERT AFTER l W", "2,4,2,3,4,1"},
    {"LINSERT AFTER d V", "2,4,3,3,4,1"},
    {"LINSERT BEFORE i U", "2,4,3,4,4,1"},
    {"LREM 0 X", "2,4,2,4,4,1"},
    {"LREM 1 b", "2,3,2,4,4,1"},
    {"LREM -1 W", "2,3,2,4,4"},
    {"LTRIM 1 -2", "1,3,2,4,3"},
    {"LSET 3 longer", "1,3,2,4,3"},
    {"LPOP", "3,2,4,3"},
    {"RPOP", "3,2,4,2"},
    {"LINSERT AFTER c T", "4,2,4,2"},
    {"LINSERT AFTER c S", "2,3,2,4,2"},
    {"LINSERT BEFORE g R", "2,3,4,3,2"},
    {"# B: list-compress-depth 1, fill 4, compressible values", nullptr},
    {"CONFIG fill 4", nullptr},
    {"CONFIG depth 1", nullptr},
    {"RPUSH c*20 b*20 d*30 1234 a*20 a*20 f*40 e*25 a*20 c*20 e*25 a*20 e*25 b*20 a*20 a*20 d*30 d*30 a*20 b*20 a*20 "
     "e*25 d*30 a*20 f*40 e*25 a*20 b*20 1234 1234",
     "4,z4,z4,z4,z4,z4,z4,2"},
    {"RPUSH a*20 a*20 e*25", "4,z4,z4,z4,z4,z4,z4,z4,1"},
    {"RPUSH d*30 d*30 a*20", "4,z4,z4,z4,z4,z4,z4,z4,4"},
    {"LINSERT BEFORE e*25 a*20", "4,z4,1,z4,z4,z4,z4,z4,z4,4"},
    {"LINSERT BEFORE b*20 d*30", "2,z3,z4,1,z4,z4,z4,z4,z4,z4,4"},
    {"RPUSH c*20 c*20 e*25", "2,z3,z4,1,z4,z4,z4,z4,z4,z4,z4,3"},
    {"LPUSH a*20", "3,z3,z4,1,z4,z4,z4,z4,z4,z4,z4,3"},
    {"RPUSH 1234 1234 b*20", "3,z3,z4,1,z4,z4,z4,z4,z4,z4,z4,z4,2"},
    {"LREM -2 e*25", "3,z3,z4,1,z4,z4,z4,z4,z4,z4,z3,z3,2"},
    {"RPUSH a*20 a*20 e*25", "3,z3,z4,1,z4,z4,z4,z4,z4,z4,z3,z3,z4,1"},
    {"LINSERT AFTER 1234 d*30", "3,z4,z4,1,z4,z4,z4,z4,z4,z4,z3,z3,z4,1"},
    {"LREM 1 e*25", "3,z4,z4,z4,z4,z4,z4,z4,z4,z3,z3,z4,1"},
    {"LREM -1 b*20", "3,z4,z4,z4,z4,z4,z4,z4,z4,z3,z3,z3,1"},
    {"LINSERT AFTER e*25 a*20", "3,z4,z4,z3,z2,z4,z4,z4,z4,z4,z3,z3,z3,1"},
    {"LTRIM 1 -1", "2,z4,z4,z3,z2,z4,z4,z4,z4,z4,z3,z3,z3,1"},
    {"RPUSH a*20 a*20 a*20", "2,z4,z4,z3,z2,z4,z4,z4,z4,z4,z3,z3,z3,4"},
    {"LTRIM 1 -2", "1,z4,z4,z3,z2,z4,z4,z4,z4,z4,z3,z3,z3,3"},
    {"LPOP", "4,z4,z3,z2,z4,z4,z4,z4,z4,z3,z3,z3,3"},
    {"LTRIM 1 -1", "3,z4,z3,z2,z4,z4,z4,z4,z4,z3,z3,z3,3"},
    {"LREM 2 d*30", "1,z4,z3,z2,z4,z4,z4,z4,z4,z3,z3,z3,3"},
    {"LPOP", "4,z3,z2,z4,z4,z4,z4,z4,z3,z3,z3,3"},
    {"LINSERT BEFORE 1234 d*30", "4,z3,z2,z4,z4,z4,z4,1,z4,z3,z3,z3,3"},
    {"RPUSH 1234", "4,z3,z2,z4,z4,z4,z4,1,z4,z3,z3,z3,4"},
    {"LINSERT AFTER e*25 1234", "4,z4,z2,z4,z4,z4,z4,1,z4,z3,z3,z3,4"},
    {"LINSERT AFTER d*30 1234", "4,z4,z2,z4,1,z4,z4,z4,1,z4,z3,z3,z3,4"},
    {"RPUSH d*30", "4,z4,z2,z4,1,z4,z4,z4,1,z4,z3,z3,z3,z4,1"},
    {"LPUSH e*25", "1,z4,z4,z2,z4,1,z4,z4,z4,1,z4,z3,z3,z3,z4,1"},
    {"RPOP", "1,z4,z4,z2,z4,1,z4,z4,z4,1,z4,z3,z3,z3,4"},
    {"LPUSH 1234", "2,z4,z4,z2,z4,1,z4,z4,z4,1,z4,z3,z3,z3,4"},
    {"LSET 0 d*30", "2,z4,z4,z2,z4,1,z4,z4,z4,1,z4,z3,z3,z3,4"},
    {"RPUSH b*20", "2,z4,z4,z2,z4,1,z4,z4,z4,1,z4,z3,z3,z3,z4,1"},
    {"LSET -2 e*25", "2,z4,z4,z2,z4,1,z4,z4,z4,1,z4,z3,z3,z3,z4,1"},
    {"LSET -1 f*40", "2,z4,z4,z2,z4,1,z4,z4,z4,1,z4,z3,z3,z3,z4,1"},
    {"LSET 0 c*20", "2,z4,z4,z2,z4,1,z4,z4,z4,1,z4,z3,z3,z3,z4,1"},
    {"LINSERT BEFORE a*20 b*20", "3,z4,z4,z2,z4,1,z4,z4,z4,1,z4,z3,z3,z3,z4,1"},
    {"LPUSH b*20", "4,z4,z4,z2,z4,1,z4,z4,z4,1,z4,z3,z3,z3,z4,1"},
    {"LINSERT BEFORE d*30 a*20", "4,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z4,1"},
    {"LINSERT BEFORE a*20 c*20", "4,1,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z4,1"},
    {"LSET 1 e*25", "4,1,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z4,1"},
    {"RPUSH c*20 c*20 b*20", "4,1,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z4,4"},
    {"LTRIM 0 -1", "4,1,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z4,4"},
    {"LTRIM 1 -1", "3,1,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z4,4"},
    {"RPUSH d*30", "3,1,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z4,z4,1"},
    {"LSET -3 a*20", "3,1,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z4,z4,1"},
    {"LINSERT BEFORE b*20 d*30", "4,1,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z4,z4,1"},
    {"LREM -2 a*20", "4,1,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z3,z3,1"},
    {"RPUSH e*25", "4,1,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z3,z3,2"},
    {"LTRIM 0 -2", "4,1,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z3,z3,1"},
    {"LINSERT BEFORE d*30 e*25", "3,z3,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z3,z3,1"},
    {"LINSERT AFTER e*25 c*20", "4,z3,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z3,z3,1"},
    {"RPOP", "4,z3,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z3,3"},
    {"RPOP", "4,z3,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z3,2"},
    {"RPUSH b*20", "4,z3,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z3,3"},
    {"LREM 1 c*20", "3,z3,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z3,3"},
    {"LPUSH e*25", "4,z3,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z3,3"},
    {"LINSERT BEFORE c*20 e*25", "4,z4,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z3,3"},
    {"LTRIM 1 -2", "3,z4,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z3,2"},
    {"LINSERT BEFORE c*20 e*25", "3,z4,1,z4,z4,z2,z4,2,z4,z4,z4,1,z4,z3,z3,z3,z3,2"},
    {"LREM 2 b*20", "3,z3,1,z4,z4,z2,z3,2,z4,z4,z4,1,z4,z3,z3,z3,z3,2"},
    {"LTRIM 1 -2", "2,z3,1,z4,z4,z2,z3,2,z4,z4,z4,1,z4,z3,z3,z3,z3,1"},
    {"RPUSH f*40 f*40 f*40", "2,z3,1,z4,z4,z2,z3,2,z4,z4,z4,1,z4,z3,z3,z3,z3,4"},
    {"LINSERT AFTER b*20 f*40", "2,z3,1,z4,z4,z2,z3,z2,z4,z1,z4,z4,1,z4,z3,z3,z3,z3,4"},
    {"LINSERT AFTER e*25 b*20", "3,z3,1,z4,z4,z2,z3,z2,z4,z1,z4,z4,1,z4,z3,z3,z3,z3,4"},
    {"LREM -2 a*20", "3,z3,1,z4,z4,z2,z3,z2,z4,z1,z4,z4,1,z4,z3,z3,2,z2,4"},
    {"LINSERT BEFORE c*20 d*30", "3,z3,2,z4,z4,z2,z3,z2,z4,z1,z4,z4,1,z4,z3,z3,2,z2,4"},
    {"RPUSH c*20 c*20 d*30", "3,z3,2,z4,z4,z2,z3,z2,z4,z1,z4,z4,1,z4,z3,z3,2,z2,z4,3"},
    {"LREM -1 a*20", "3,z3,2,z4,z4,z2,z3,z2,z4,z1,z4,z4,1,z4,z3,z3,1,z2,z4,3"},
    {"RPUSH b*20", "3,z3,2,z4,z4,z2,z3,z2,z4,z1,z4,z4,1,z4,z3,z3,1,z2,z4,4"},
    {"LINSERT AFTER b*20 c*20", "4,z3,2,z4,z4,z2,z3,z2,z4,z1,z4,z4,1,z4,z3,z3,1,z2,z4,4"},
    {"RPUSH e*25 e*25 f*40", "4,z3,2,z4,z4,z2,z3,z2,z4,z1,z4,z4,1,z4,z3,z3,1,z2,z4,z4,3"},
    {"RPUSH d*30", "4,z3,2,z4,z4,z2,z3,z2,z4,z1,z4,z4,1,z4,z3,z3,1,z2,z4,z4,4"},
    {"LREM -2 1234", "4,z3,2,z4,z4,z2,z3,z2,z4,z1,z4,z4,1,z4,z3,z2,z2,z4,z4,4"},
    {"RPUSH d*30", "4,z3,2,z4,z4,z2,z3,z2,z4,z1,z4,z4,1,z4,z3,z2,z2,z4,z4,z4,1"},
    {"LINSERT AFTER b*20 d*30", "2,z3,z3,2,z4,z4,z2,z3,z2,z4,z1,z4,z4,1,z4,z3,z2,z2,z4,z4,z4,1"},
    {"LREM 1 f*40", "2,z3,z3,z2,z3,z4,z2,z3,z2,z4,z1,z4,z4,1,z4,z3,z2,z2,z4,z4,z4,1"},
    {"LPOP", "1,z3,z3,z2,z3,z4,z2,z3,z2,z4,z1,z4,z4,1,z4,z3,z2,z2,z4,z4,z4,1"},
    {"LPUSH b*20", "2,z3,z3,z2,z3,z4,z2,z3,z2,z4,z1,z4,z4,1,z4,z3,z2,z2,z4,z4,z4,1"},
    {"RPUSH b*20", "2,z3,z3,z2,z3,z4,z2,z3,z2,z4,z1,z4,z4,1,z4,z3,z2,z2,z4,z4,z4,2"},
    {"LPOP", "1,z3,z3,z2,z3,z4,z2,z3,z2,z4,z1,z4,z4,1,z4,z3,z2,z2,z4,z4,z4,2"},
    {"RPUSH f*40 f*40 e*25", "1,z3,z3,z2,z3,z4,z2,z3,z2,z4,z1,z4,z4,1,z4,z3,z2,z2,z4,z4,z4,z4,1"},
    {"LPOP", "3,z3,z2,z3,z4,z2,z3,z2,z4,z1,z4,z4,1,z4,z3,z2,z2,z4,z4,z4,z4,1"},
    {"# C: depth 2, fill 2", nullptr},
    {"CONFIG fill 2", nullptr},
    {"CONFIG depth 2", nullptr},
    {"RPUSH e*25 e*25 b*20 a*20 a*20 f*40 1234 1234 a*20 e*25 1234 b*20 d*30 f*40 b*20 f*40 f*40 b*20 a*20 c*20 b*20 "
     "c*20 e*25 b*20 f*40",
     "2,2,z2,2,z2,2,z2,z2,z2,z2,z2,2,1"},
    {"RPUSH c*20 c*20 c*20", "2,2,z2,2,z2,2,z2,z2,z2,z2,z2,z2,2,2"},
    {"LTRIM 0 -2", "2,2,z2,2,z2,2,z2,z2,z2,z2,z2,z2,2,1"},
    {"LREM 2 1234", "2,2,z2,z2,2,z2,z2,z2,z2,z2,z2,2,1"},
    {"LTRIM 0 -2", "2,2,z2,z2,2,z2,z2,z2,z2,z2,2,2"},
    {"LTRIM 1 -2", "1,2,z2,z2,2,z2,z2,z2,z2,z2,2,1"},
    {"RPUSH a*20 a*20 f*40", "1,2,z2,z2,2,z2,z2,z2,z2,z2,z2,2,2"},
    {"LPUSH b*20", "2,2,z2,z2,2,z2,z2,z2,z2,z2,z2,2,2"},
    {"LPOP", "1,2,z2,z2,2,z2,z2,z2,z2,z2,z2,2,2"},
    {"LTRIM 1 -2", "2,2,z2,2,z2,z2,z2,z2,z2,z2,2,1"},
    {"LTRIM 0 -1", "2,2,z2,2,z2,z2,z2,z2,z2,z2,2,1"},
    {"RPUSH f*40", "2,2,z2,2,z2,z2,z2,z2,z2,z2,2,2"},
    {"LTRIM 0 -2", "2,2,z2,2,z2,z2,z2,z2,z2,z2,2,1"},
    {"LPOP", "1,2,z2,2,z2,z2,z2,z2,z2,z2,2,1"},
    {"LINSERT AFTER e*25 d*30", "1,2,z2,1,2,z2,z2,z2,z2,z2,z2,2,1"},
    {"LTRIM 1 -2", "2,2,1,2,z2,z2,z2,z2,z2,2,2"},
    {"LPOP", "1,2,1,2,z2,z2,z2,z2,z2,2,2"},
    {"LSET -3 d*30", "1,2,1,2,z2,z2,z2,z2,z2,2,2"},
    {"LINSERT BEFORE a*20 d*30", "2,2,1,2,z2,z2,z2,z2,z2,2,2"},
    {"LINSERT BEFORE a*20 f*40", "2,1,z2,1,2,z2,z2,z2,z2,z2,2,2"},
    {"LREM -1 c*20", "2,1,z2,1,2,z2,z2,z2,z2,1,2,2"},
    {"LPOP", "1,1,z2,1,2,z2,z2,z2,z2,1,2,2"},
    {"LSET 2 d*30", "1,1,z2,1,2,z2,z2,z2,z2,1,2,2"},
    {"LINSERT AFTER 1234 b*20", "1,1,z2,2,z2,z2,z2,z2,z2,1,2,2"},
    {"LTRIM 1 -2", "1,2,2,z2,z2,z2,z2,z2,1,2,1"},
    {"LREM 0 a*20", "1,2,2,z2,z2,z2,z2,1,1,2,1"},
    {"RPUSH c*20", "1,2,2,z2,z2,z2,z2,1,1,2,2"},
    {"LPOP", "2,2,z2,z2,z2,z2,1,1,2,2"},
    {"LSET 1 c*20", "2,2,z2,z2,z2,z2,1,1,2,2"},
    {"LINSERT BEFORE a*20 e*25", "2,2,z2,z2,z2,z2,1,1,2,2"},
    {"LINSERT AFTER a*20 a*20", "2,2,z2,z2,z2,z2,1,1,2,2"},
    {"LINSERT BEFORE f*40 a*20", "2,2,z2,z2,z1,z2,z2,1,1,2,2"},
    {"LINSERT AFTER b*20 f*40", "2,2,1,z2,z2,z1,z2,z2,1,1,2,2"},
    {"LINSERT AFTER b*20 d*30", "2,2,2,z2,z2,z1,z2,z2,1,1,2,2"},
    {"LREM -2 c*20", "2,2,z2,z2,z2,z1,z2,z2,1,2,1"},
    {"LPUSH d*30", "1,2,2,z2,z2,z2,z1,z2,z2,1,2,1"},
    {"LINSERT BEFORE 1234 a*20", "1,2,z2,1,z2,z2,z2,z1,z2,z2,1,2,1"},
    {"LINSERT BEFORE e*25 a*20", "1,2,z2,1,z2,z2,z2,z1,z2,z2,2,2,1"},
    {"RPUSH c*20", "1,2,z2,1,z2,z2,z2,z1,z2,z2,2,2,2"},
    {"RPUSH d*30", "1,2,z2,1,z2,z2,z2,z1,z2,z2,2,z2,2,1"},
    {"LREM 0 d*30", "1,1,1,1,z2,1,z1,z2,z2,z2,1,2"},
    {"RPUSH b*20 b*20 a*20", "1,1,1,1,z2,1,z1,z2,z2,z2,1,z2,2,1"},
    {"LTRIM 0 -2", "1,1,1,1,z2,1,z1,z2,z2,z2,1,2,2"},
    {"LINSERT BEFORE b*20 a*20", "1,1,1,2,z2,1,z1,z2,z2,z2,1,2,2"},
    {"LINSERT BEFORE c*20 1234", "2,1,1,2,z2,1,z1,z2,z2,z2,1,2,2"},
    {"LINSERT BEFORE e*25 d*30", "2,1,1,z2,z2,1,z1,z2,z2,z2,2,2,2"},
    {"LINSERT BEFORE f*40 c*20", "2,1,1,z2,1,z2,1,z1,z2,z2,z2,z2,2,2"},
    {"LINSERT BEFORE a*20 a*20", "2,2,1,z2,1,z2,1,z1,z2,z2,z2,z2,2,2"},
    {"LTRIM 1 -2", "1,2,1,z2,1,z2,1,z1,z2,z2,z2,z2,2,1"},
    {"RPOP", "1,2,1,z2,1,z2,1,z1,z2,z2,z2,2,2"},
    {"RPOP", "1,2,1,z2,1,z2,1,z1,z2,z2,z2,2,1"},
    {"LTRIM 0 -2", "1,2,1,z2,1,z2,1,z1,z2,z2,2,2"},
    {"LREM -1 f*40", "1,2,1,z2,1,z2,1,z1,z2,1,2,2"},
    {"LSET -2 c*20", "1,2,1,z2,1,z2,1,z1,z2,1,2,2"},
    {"RPUSH a*20", "1,2,1,z2,1,z2,1,z1,z2,1,z2,2,1"},
    {"LINSERT BEFORE b*20 d*30", "1,2,1,z2,z2,z2,1,z1,z2,1,z2,2,1"},
    {"RPUSH 1234", "1,2,1,z2,z2,z2,1,z1,z2,1,z2,2,2"},
    {"LSET 2 f*40", "1,2,1,z2,z2,z2,1,z1,z2,1,z2,2,2"},
    {"LINSERT AFTER b*20 e*25", "1,2,1,z2,1,z2,z2,1,z1,z2,1,z2,2,2"},
    {"RPUSH d*30", "1,2,1,z2,1,z2,z2,1,z1,z2,1,z2,z2,2,1"},
    {"LPUSH c*20", "2,2,1,z2,1,z2,z2,1,z1,z2,1,z2,z2,2,1"},
    {"# D: byte limit (fill -1, 4 KB), values of 300-1500 bytes, depth 1", nullptr},
    {"CONFIG fill -1", nullptr},
    {"CONFIG depth 1", nullptr},
    {"RPUSH g*300 i*1500 i*1500 i*1500 k*1000 i*1500 h*700 g*300 i*1500 h*700 i*1500 h*700 g*300 i*1500 j*40 g*300 "
     "j*40 i*1500 k*1000 h*700 h*700 k*1000 g*300 g*300 i*1500 g*300 h*700 j*40 k*1000 g*300",
     "3,z3,z4,z5,z5,z5,5"},
    {"LSET -1 g*300", "3,z3,z4,z5,z5,z5,5"},
    {"LINSERT BEFORE k*1000 g*300", "3,z2,z2,z4,z5,z5,z5,5"},
    {"RPUSH j*40 j*40 i*1500", "3,z2,z2,z4,z5,z5,z5,8"},
    {"LPOP", "2,z2,z2,z4,z5,z5,z5,8"},
    {"RPUSH k*1000", "2,z2,z2,z4,z5,z5,z5,z8,1"},
    {"LTRIM 0 -2", "2,z2,z2,z4,z5,z5,z5,8"},
    {"RPUSH g*300", "2,z2,z2,z4,z5,z5,z5,z8,1"},
    {"LPUSH i*1500", "1,z2,z2,z2,z4,z5,z5,z5,z8,1"},
    {"LSET -3 j*40", "1,z2,z2,z2,z4,z5,z5,z5,z8,1"},
    {"RPUSH k*1000", "1,z2,z2,z2,z4,z5,z5,z5,z8,2"},
    {"RPOP", "1,z2,z2,z2,z4,z5,z5,z5,z8,1"},
    {"RPUSH k*1000", "1,z2,z2,z2,z4,z5,z5,z5,z8,2"},
    {"RPUSH k*1000", "1,z2,z2,z2,z4,z5,z5,z5,z8,3"},
    {"RPOP", "1,z2,z2,z2,z4,z5,z5,z5,z8,2"},
    {"LINSERT AFTER h*700 h*700", "1,z2,z2,z2,z5,z5,z5,z5,z8,2"},
    {"RPOP", "1,z2,z2,z2,z5,z5,z5,z5,z8,1"},
    {"LINSERT BEFORE k*1000 g*300", "1,z2,z2,z3,z5,z5,z5,z5,z8,1"},
    {"RPUSH k*1000", "1,z2,z2,z3,z5,z5,z5,z5,z8,2"},
    {"LREM 2 i*1500", "1,z2,z3,z5,z5,z5,z5,z8,2"},
    {"RPUSH h*700 h*700 g*300", "1,z2,z3,z5,z5,z5,z5,z8,5"},
    {"RPOP", "1,z2,z3,z5,z5,z5,z5,z8,4"},
    {"RPUSH h*700", "1,z2,z3,z5,z5,z5,z5,z8,5"},
    {"LINSERT AFTER i*1500 k*1000", "2,z2,z3,z5,z5,z5,z5,z8,5"},
    {"LPOP", "1,z2,z3,z5,z5,z5,z5,z8,5"},
    {"LINSERT BEFORE j*40 g*300", "1,z2,z3,z5,z5,z6,z5,z8,5"},
    {"LINSERT AFTER g*300 j*40", "1,z3,z3,z5,z5,z6,z5,z8,5"},
    {"LINSERT BEFORE h*700 j*40", "1,z3,z3,z6,z5,z6,z5,z8,5"},
    {"RPUSH k*1000", "1,z3,z3,z6,z5,z6,z5,z8,z5,1"},
    {"LPUSH k*1000", "2,z3,z3,z6,z5,z6,z5,z8,z5,1"},
    {"LREM 2 k*1000", "3,z3,z6,z5,z6,z5,z8,z5,1"},
    {"LINSERT BEFORE i*1500 g*300", "4,z3,z6,z5,z6,z5,z8,z5,1"},
    {"LPOP", "3,z3,z6,z5,z6,z5,z8,z5,1"},
    {"LPUSH g*300", "4,z3,z6,z5,z6,z5,z8,z5,1"},
    {"LPOP", "3,z3,z6,z5,z6,z5,z8,z5,1"},
    {"LSET -1 i*1500", "3,z3,z6,z5,z6,z5,z8,z5,1"},
    {"RPUSH i*1500", "3,z3,z6,z5,z6,z5,z8,z5,2"},
    {"LREM -2 j*40", "3,z3,z6,z5,z6,z5,z6,z5,2"},
    {"LINSERT AFTER i*1500 g*300", "4,z3,z6,z5,z6,z5,z6,z5,2"},
    {"LREM 1 j*40", "3,z3,z6,z5,z6,z5,z6,z5,2"},
    {"RPUSH g*300 g*300 i*1500", "3,z3,z6,z5,z6,z5,z6,z5,z4,1"},
    {"LSET -1 i*1500", "3,z3,z6,z5,z6,z5,z6,z5,z4,1"},
    {"RPUSH g*300", "3,z3,z6,z5,z6,z5,z6,z5,z4,2"},
    {"LPUSH h*700", "4,z3,z6,z5,z6,z5,z6,z5,z4,2"},
    {"LSET -2 k*1000", "4,z3,z6,z5,z6,z5,z6,z5,z4,2"},
    {"LREM 1 g*300", "3,z3,z6,z5,z6,z5,z6,z5,z4,2"},
    {"LTRIM 0 -2", "3,z3,z6,z5,z6,z5,z6,z5,z4,1"},
    {"LSET -2 j*40", "3,z3,z6,z5,z6,z5,z6,z5,z4,1"},
    {"LINSERT BEFORE g*300 j*40", "4,z3,z6,z5,z6,z5,z6,z5,z4,1"},
    {"LPUSH j*40", "5,z3,z6,z5,z6,z5,z6,z5,z4,1"},
    {"LREM 0 i*1500", "4,z2,z5,z3,z5,z4,z5,z5,z2,1"},
    {"LINSERT AFTER h*700 j*40", "5,z2,z5,z3,z5,z4,z5,z5,z2,1"},
    {"LPOP", "4,z2,z5,z3,z5,z4,z5,z5,z2,1"},
    {"LPUSH h*700", "5,z2,z5,z3,z5,z4,z5,z5,z2,1"},
    {"LINSERT BEFORE j*40 k*1000", "6,z2,z5,z3,z5,z4,z5,z5,z2,1"},
    {"RPOP", "6,z2,z5,z3,z5,z4,z5,z5,2"},
    {"LPUSH k*1000", "7,z2,z5,z3,z5,z4,z5,z5,2"},
    {"LINSERT AFTER h*700 g*300", "2,z8,z5,z3,z5,z4,z5,z5,2"},
    {"LTRIM 0 -1", "2,z8,z5,z3,z5,z4,z5,z5,2"},
    {"LINSERT BEFORE h*700 k*1000", "3,z8,z5,z3,z5,z4,z5,z5,2"},
    {"LSET 2 j*40", "3,z8,z5,z3,z5,z4,z5,z5,2"},
    {"# E: PLAIN nodes (packed threshold 100 bytes), fill 4, depth 1", nullptr},
    {"CONFIG fill 4", nullptr},
    {"CONFIG depth 1", nullptr},
    {"CONFIG threshold 100", nullptr},
    {"RPUSH 42 n*150 p*120 o*60 o*60 m*20 p*120 o*60 42 o*60 n*150 42 42 n*150 m*20 o*60 n*150 p*120 p*120 p*120",
     "1,zp,zp,z3,zp,z3,zp,2,zp,z2,zp,zp,zp,p"},
    {"LSET -2 o*60", "1,zp,zp,z3,zp,z3,zp,2,zp,z2,zp,zp,z1,p"},
    {"RPUSH p*120", "1,zp,zp,z3,zp,z3,zp,2,zp,z2,zp,zp,z1,zp,p"},
    {"RPUSH p*120 p*120 m*20", "1,zp,zp,z3,zp,z3,zp,2,zp,z2,zp,zp,z1,zp,zp,zp,zp,1"},
    {"RPUSH p*120", "1,zp,zp,z3,zp,z3,zp,2,zp,z2,zp,zp,z1,zp,zp,zp,zp,1,p"},
    {"LPOP", "p,zp,z3,zp,z3,zp,2,zp,z2,zp,zp,z1,zp,zp,zp,zp,1,p"},
    {"LINSERT BEFORE n*150 n*150", "p,zp,zp,z3,zp,z3,zp,2,zp,z2,zp,zp,z1,zp,zp,zp,zp,1,p"},
    {"LPOP", "p,zp,z3,zp,z3,zp,2,zp,z2,zp,zp,z1,zp,zp,zp,zp,1,p"},
    {"RPUSH n*150", "p,zp,z3,zp,z3,zp,2,zp,z2,zp,zp,z1,zp,zp,zp,zp,1,zp,p"},
    {"RPUSH m*20 m*20 o*60", "p,zp,z3,zp,z3,zp,2,zp,z2,zp,zp,z1,zp,zp,zp,zp,1,zp,zp,3"},
    {"LPUSH o*60", "1,zp,zp,z3,zp,z3,zp,2,zp,z2,zp,zp,z1,zp,zp,zp,zp,1,zp,zp,3"},
    {"LSET -3 m*20", "1,zp,zp,z3,zp,z3,zp,2,zp,z2,zp,zp,z1,zp,zp,zp,zp,1,zp,zp,3"},
    {"LINSERT BEFORE 42 42", "1,zp,zp,z3,zp,z4,zp,2,zp,z2,zp,zp,z1,zp,zp,zp,zp,1,zp,zp,3"},
    {"LSET 1 o*60", "1,z1,zp,z3,zp,z4,zp,2,zp,z2,zp,zp,z1,zp,zp,zp,zp,1,zp,zp,3"},
    {"RPUSH m*20", "1,z1,zp,z3,zp,z4,zp,2,zp,z2,zp,zp,z1,zp,zp,zp,zp,1,zp,zp,4"},
    {"LINSERT AFTER o*60 p*120", "1,zp,z1,zp,z3,zp,z4,zp,2,zp,z2,zp,zp,z1,zp,zp,zp,zp,1,zp,zp,4"},
    {"LINSERT BEFORE 42 p*120", "1,zp,z1,zp,z3,zp,z1,zp,z3,zp,2,zp,z2,zp,zp,z1,zp,zp,zp,zp,1,zp,zp,4"},
    {"LTRIM 1 -1", "p,z1,zp,z3,zp,z1,zp,z3,zp,2,zp,z2,zp,zp,z1,zp,zp,zp,zp,1,zp,zp,4"},
    {"RPUSH m*20", "p,z1,zp,z3,zp,z1,zp,z3,zp,2,zp,z2,zp,zp,z1,zp,zp,zp,zp,1,zp,zp,z4,1"},
    {"RPOP", "p,z1,zp,z3,zp,z1,zp,z3,zp,2,zp,z2,zp,zp,z1,zp,zp,zp,zp,1,zp,zp,4"},
    {"LINSERT BEFORE o*60 p*120", "p,zp,z1,zp,z3,zp,z1,zp,z3,zp,2,zp,z2,zp,zp,z1,zp,zp,zp,zp,1,zp,zp,4"},
    {"RPOP", "p,zp,z1,zp,z3,zp,z1,zp,z3,zp,2,zp,z2,zp,zp,z1,zp,zp,zp,zp,1,zp,zp,3"},
    {"LREM -2 n*150", "p,zp,z1,zp,z3,zp,z1,zp,z3,zp,2,zp,z2,zp,z1,zp,zp,zp,zp,1,zp,3"},
    {"LINSERT BEFORE m*20 42", "p,zp,z1,zp,z4,zp,z1,zp,z3,zp,2,zp,z2,zp,z1,zp,zp,zp,zp,1,zp,3"},
    {"LPOP", "p,z1,zp,z4,zp,z1,zp,z3,zp,2,zp,z2,zp,z1,zp,zp,zp,zp,1,zp,3"},
    {"LINSERT AFTER n*150 p*120", "p,z1,zp,z4,zp,z1,zp,z3,zp,zp,2,zp,z2,zp,z1,zp,zp,zp,zp,1,zp,3"},
    {"LINSERT AFTER 42 m*20", "p,z1,zp,z3,z2,zp,z1,zp,z3,zp,zp,2,zp,z2,zp,z1,zp,zp,zp,zp,1,zp,3"},
    {"RPUSH n*150 n*150 n*150", "p,z1,zp,z3,z2,zp,z1,zp,z3,zp,zp,2,zp,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,zp,zp,p"},
    {"LPOP", "1,zp,z3,z2,zp,z1,zp,z3,zp,zp,2,zp,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,zp,zp,p"},
    {"LSET -3 m*20", "1,zp,z3,z2,zp,z1,zp,z3,zp,zp,2,zp,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,p"},
    {"RPUSH n*150 n*150 p*120", "1,zp,z3,z2,zp,z1,zp,z3,zp,zp,2,zp,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,p"},
    {"RPUSH m*20", "1,zp,z3,z2,zp,z1,zp,z3,zp,zp,2,zp,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,zp,1"},
    {"LSET 2 p*120", "1,zp,zp,z2,z2,zp,z1,zp,z3,zp,zp,2,zp,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,zp,1"},
    {"RPUSH m*20", "1,zp,zp,z2,z2,zp,z1,zp,z3,zp,zp,2,zp,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,zp,2"},
    {"LREM 2 n*150", "1,zp,zp,z2,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,zp,2"},
    {"RPOP", "1,zp,zp,z2,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,zp,1"},
    {"LREM -1 p*120", "1,zp,zp,z2,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,1"},
    {"RPUSH m*20", "1,zp,zp,z2,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,2"},
    {"LINSERT AFTER o*60 m*20", "2,zp,zp,z2,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,2"},
    {"RPUSH 42", "2,zp,zp,z2,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,3"},
    {"LSET 0 o*60", "2,zp,zp,z2,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,3"},
    {"RPUSH m*20", "2,zp,zp,z2,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,4"},
    {"LINSERT AFTER 42 o*60", "2,zp,zp,z3,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,4"},
    {"LINSERT AFTER o*60 o*60", "3,zp,zp,z3,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,4"},
    {"RPUSH p*120", "3,zp,zp,z3,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,z4,p"},
    {"LSET -3 m*20", "3,zp,zp,z3,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,z4,p"},
    {"RPOP", "3,zp,zp,z3,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,4"},
    {"LINSERT AFTER 42 m*20", "3,zp,zp,z4,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,4"},
    {"LREM 2 o*60", "1,zp,zp,z4,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,4"},
    {"RPUSH o*60", "1,zp,zp,z4,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,z4,1"},
    {"LINSERT BEFORE m*20 o*60", "2,zp,zp,z4,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,z4,1"},
    {"RPUSH n*150", "2,zp,zp,z4,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,z4,z1,p"},
    {"RPOP", "2,zp,zp,z4,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,z4,1"},
    {"LSET 0 p*120", "p,1,zp,zp,z4,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,z4,1"},
    {"LPUSH m*20", "1,zp,1,zp,zp,z4,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,z4,1"},
    {"LPUSH 42", "2,zp,1,zp,zp,z4,z2,zp,z1,zp,z3,zp,2,z2,zp,z1,zp,zp,zp,zp,1,zp,z3,1,zp,zp,zp,zp,z4,1"},
    {"LREM 0 p*120", "2,1,z4,z2,z1,z3,2,z2,z1,1,z3,1,zp,zp,zp,zp,z4,1"},
    {"RPUSH m*20 m*20 42", "2,1,z4,z2,z1,z3,2,z2,z1,1,z3,1,zp,zp,zp,zp,z4,4"},
    {"LINSERT BEFORE n*150 p*120", "2,1,z4,z2,z1,z3,2,z2,z1,1,z3,1,zp,zp,zp,zp,zp,z4,4"},
    {"LSET 0 m*20", "2,1,z4,z2,z1,z3,2,z2,z1,1,z3,1,zp,zp,zp,zp,zp,z4,4"},
    {"LTRIM 0 -1", "2,1,z4,z2,z1,z3,2,z2,z1,1,z3,1,zp,zp,zp,zp,zp,z4,4"},
    {"# F: LSET with a PLAIN-sized value on compressed interior nodes", nullptr},
    {"CONFIG fill 4", nullptr},
    {"CONFIG depth 1", nullptr},
    {"CONFIG threshold 100", nullptr},
    {"RPUSH a*20 b*20 c*20 d*20 e*20 f*20 g*20 h*20 i*20 j*20 k*20 l*20 m*20 n*20 o*20 p*20", "4,z4,z4,4"},
    {"LSET 5 n*150", "4,1,zp,z2,z4,4"},
    {"LSET 11 q*150", "4,1,zp,z2,z3,zp,4"},
    {"LSET 8 r*150", "4,1,zp,z2,zp,z2,zp,4"},
    {"LSET 5 s*30", "4,1,z3,zp,z2,zp,4"},
    {"CONFIG threshold 0", nullptr},
};

// ---- The model test's checks ---------------------------------------------------------

// Redis's fill rule as an invariant: a node with more than one element stays within
// `fill` elements for positive fill, and within its byte limit (8 KB for positive
// fill) plus `slack`: 7.0 adds the new element to a split node's half unchecked, so one
// element's worth (and 4 bytes: the merge estimate subtracts 11 bytes where 7 are
// saved). LSET could overfill more; the model test never grows an element in place.
std::string checkFill(const Quicklist& ql, size_t slack) {
    size_t i = 0;
    for (const auto& n : ql.nodes()) {
        const std::string at = "node " + std::to_string(i++) + ": ";
        if (n.plain || n.count <= 1) continue;
        if (ql.fill() > 0 && n.count > static_cast<size_t>(ql.fill())) return at + "more than fill elements";
        const size_t limit = ql.fill() < 0 ? Quicklist::byteLimitForFill(ql.fill()) : Quicklist::kSizeSafetyLimit;
        if (n.listpack_bytes > limit + 4 + slack)
            return at + std::to_string(n.listpack_bytes) + " bytes, over the limit";
    }
    return {};
}

size_t encodedSize(const std::string& v) {
    Listpack lp;
    lp.append(v);
    return lp.byteSize();
}

// Values: small ints (7/13/16-bit encodings), big ints, short strings, compressible
// runs of 30-1500 bytes, and now and then one past the PLAIN threshold.
std::string randomValue(Rng& rng, size_t plain_threshold) {
    switch (rng.below(10)) {
        case 0:
            return std::to_string(static_cast<long long>(rng.below(300)) - 100);
        case 1:
            return std::to_string(static_cast<long long>(rng.next() >> 2));
        case 2:
        case 3: {
            std::string s(1 + rng.below(12), 'a');
            for (auto& ch : s) ch = static_cast<char>('a' + rng.below(4));
            return s;
        }
        case 4:
        case 5:
        case 6:
            return std::string(30 + rng.below(200), static_cast<char>('k' + rng.below(3)));
        case 7:
        case 8:
            return std::string(300 + rng.below(1200), static_cast<char>('p' + rng.below(3)));
        default:
            if (rng.below(4) == 0) return std::string(plain_threshold + rng.below(200), 'Z');
            return std::string(1 + rng.below(3), 'a');
    }
}

long long randomIndex(Rng& rng, size_t n) {
    const long long k = static_cast<long long>(rng.below(n + 2));
    return rng.below(2) ? k : -k - 1;
}

void modelRun(int fill, int depth, uint64_t seed, int ops) {
    constexpr size_t kThreshold = 2000;  // PLAIN nodes for elements of 2000+ bytes
    Quicklist ql(fill, depth);
    REQUIRE(ql.setPackedThreshold(kThreshold));
    std::deque<std::string> model;
    Rng rng(seed);
    for (int step = 0; step < ops; ++step) {
        // Grow while small, shrink while large, so lists span many nodes.
        const bool grow = model.size() < 60 || (model.size() < 400 && rng.below(3) != 0);
        const uint64_t op = rng.below(grow ? 8 : 14);
        const std::string v = randomValue(rng, kThreshold);
        switch (op) {
            case 0:
            case 1:
                ql.pushTail(v);
                model.push_back(v);
                break;
            case 2:
                ql.pushHead(v);
                model.push_front(v);
                break;
            case 3:
            case 4:
            case 5: {  // insert next to a random element through an iterator
                if (model.empty()) break;
                const size_t at = rng.below(model.size());
                const bool after = rng.below(2);
                const bool from_tail = rng.below(2);
                auto it = from_tail ? ql.iterateAt(Dir::FromTail,
                                                   static_cast<long long>(at) - static_cast<long long>(model.size()))
                                    : ql.iterateAt(Dir::FromHead, static_cast<long long>(at));
                REQUIRE(it.next());
                REQUIRE(it.value() == model[at]);
                if (after)
                    ql.insertAfter(it, v);
                else
                    ql.insertBefore(it, v);
                CHECK_FALSE(it.next());  // finished by the insert
                model.insert(model.begin() + static_cast<long>(at + (after ? 1 : 0)), v);
                break;
            }
            case 6: {  // LSET, never to a bigger encoding (7.0 lets LSET overfill a node)
                if (model.empty()) break;
                const long long idx = randomIndex(rng, model.size());
                const bool in = idx >= 0 ? idx < static_cast<long long>(model.size())
                                         : -idx <= static_cast<long long>(model.size());
                if (!in) {
                    CHECK_FALSE(ql.replaceAtIndex(idx, v));
                    break;
                }
                const size_t at = static_cast<size_t>(idx >= 0 ? idx : static_cast<long long>(model.size()) + idx);
                const bool big = v.size() >= kThreshold;
                if (!big && model[at].size() < kThreshold && encodedSize(v) > encodedSize(model[at])) break;
                CHECK(ql.replaceAtIndex(idx, v));
                model[at] = v;
                break;
            }
            case 7: {  // LINDEX / LRANGE
                const long long idx = randomIndex(rng, model.size());
                const auto got = ql.index(idx);
                const long long n = static_cast<long long>(model.size());
                if (idx >= n || idx < -n)
                    CHECK_FALSE(got);
                else
                    CHECK(got == model[static_cast<size_t>(idx >= 0 ? idx : n + idx)]);
                break;
            }
            case 8:
            case 9: {
                const bool head = rng.below(2);
                const auto got = head ? ql.popHead() : ql.popTail();
                if (model.empty()) {
                    CHECK_FALSE(got);
                } else {
                    CHECK(got == (head ? model.front() : model.back()));
                    head ? model.pop_front() : model.pop_back();
                }
                break;
            }
            case 10:
            case 11: {  // delRange (LTRIM's primitive), negative starts too
                const long long start = randomIndex(rng, model.size());
                const long long count = static_cast<long long>(rng.below(80));
                const long long n = static_cast<long long>(model.size());
                const long long first = start >= 0 ? start : n + start;
                const bool any = count > 0 && first >= 0 && first < n;
                CHECK(ql.delRange(start, count) == any);
                if (any) {
                    const long long last = std::min(n, first + count);
                    model.erase(model.begin() + first, model.begin() + last);
                }
                break;
            }
            default: {  // LREM-like: walk one way, erase what matches a predicate
                const bool from_tail = rng.below(2);
                const char victim = static_cast<char>('a' + rng.below(4));
                size_t limit = rng.below(30);
                auto it = ql.iterate(from_tail ? Dir::FromTail : Dir::FromHead);
                std::deque<std::string> kept;
                size_t removed = 0;
                const auto match = [&](const std::string& s) { return !s.empty() && s[0] == victim; };
                while (it.next()) {
                    const std::string cur = it.value();
                    if (match(cur) && removed < limit) {
                        it.erase();
                        ++removed;
                    }
                }
                removed = 0;
                if (from_tail) {
                    for (auto r = model.rbegin(); r != model.rend(); ++r)
                        if (!(match(*r) && removed++ < limit)) kept.push_front(*r);
                } else {
                    for (auto& s : model)
                        if (!(match(s) && removed++ < limit)) kept.push_back(s);
                }
                model = std::move(kept);
                break;
            }
        }
        INFO("fill " << fill << " depth " << depth << " step " << step << " op " << op);
        REQUIRE(ql.size() == model.size());
        const std::string bad = ql.validate();
        REQUIRE(bad == "");
        const std::string overfill = checkFill(ql, kThreshold + 16);
        REQUIRE(overfill == "");
        if (step % 4 == 0 || model.size() < 100) {
            const auto all = ql.toVector();
            REQUIRE(std::equal(all.begin(), all.end(), model.begin(), model.end()));
        }
    }
    const auto all = ql.toVector();
    CHECK(std::equal(all.begin(), all.end(), model.begin(), model.end()));
}

}  // namespace

TEST_SUITE("quicklist") {
    TEST_CASE("quicklist.layout.redis") {
        Quicklist ql;
        int fill = Quicklist::kDefaultFill, depth = 0;
        uint64_t threshold = 0;
        for (const Step& s : kRedisSteps) {
            const std::string line = s.line;
            if (line[0] == '#') continue;
            const auto a = words(line);
            if (a[0] == "CONFIG") {
                const int v = std::stoi(a[2]);
                if (a[1] == "fill") fill = v;
                if (a[1] == "depth") depth = v;
                if (a[1] == "threshold") threshold = static_cast<uint64_t>(v);
                ql = Quicklist(fill, depth);
                REQUIRE(ql.setPackedThreshold(threshold));
                continue;
            }
            run(ql, a);
            INFO(line);
            CHECK(layout(ql) == s.layout);
            REQUIRE(ql.validate() == "");
        }
    }

    TEST_CASE("quicklist.model.all_fills_and_depths") {
        // 27 configurations x 4000 operations = 108k operations, each checked.
        uint64_t seed = 1;
        for (int fill : {-5, -4, -3, -2, -1, 1, 2, 8, 128})
            for (int depth : {0, 1, 2}) modelRun(fill, depth, seed++, 4000);
    }

    TEST_CASE("quicklist.iterator.erase_both_directions") {
        Quicklist ql(2, 0);
        for (const char* v : {"a", "x", "b", "x", "x", "c", "x"}) ql.pushTail(v);
        auto it = ql.iterate(Dir::FromTail);
        std::string seen;
        while (it.next()) {
            seen += it.value();
            if (it.equals("x")) it.erase();
        }
        CHECK(seen == "xcxxbxa");
        CHECK(ql.toVector() == std::vector<std::string>{"a", "b", "c"});
        CHECK(ql.validate() == "");
        CHECK(lrem(ql, 0, "b") == 1);
        CHECK(ql.toVector() == std::vector<std::string>{"a", "c"});
    }

    TEST_CASE("quicklist.clone.deep_and_compressed") {
        Quicklist ql(4, 1);
        for (int i = 0; i < 40; ++i) ql.pushTail(std::string(30, static_cast<char>('a' + i % 3)));
        Quicklist copy = ql.clone();
        CHECK(layout(copy) == layout(ql));
        CHECK(layout(ql).find('z') != std::string::npos);
        (void)ql.popHead();
        ql.replaceAtIndex(10, "changed");
        CHECK(copy.size() == 40);
        CHECK(copy.index(10) == std::string(30, 'b'));
        CHECK(copy.validate() == "");
        Quicklist moved = std::move(copy);
        CHECK(moved.size() == 40);
        CHECK(copy.size() == 0);  // NOLINT(bugprone-use-after-move): moved-from is empty
    }

    TEST_CASE("quicklist.config.clamps_and_applies_later") {
        Quicklist ql(-9, -3);
        CHECK(ql.fill() == -5);
        CHECK(ql.compressDepth() == 0);
        ql.setFill(100000);
        CHECK(ql.fill() == Quicklist::kMaxFill);
        CHECK_FALSE(ql.setPackedThreshold(Quicklist::kMaxPackedThreshold + 1));
        CHECK(ql.setPackedThreshold(0));
        CHECK(ql.packedThreshold() == Quicklist::kDefaultPackedThreshold);
        ql.setFill(3);
        for (int i = 0; i < 6; ++i) ql.pushTail(std::to_string(i));
        CHECK(layout(ql) == "3,3");
        ql.setFill(5);  // existing nodes are left alone; the tail node may now grow
        ql.pushTail("6");
        CHECK(layout(ql) == "3,4");
        ql.setCompressDepth(1);
        CHECK(ql.validate() == "");
    }

    TEST_CASE("quicklist.plain.threshold_and_nodes_view") {
        Quicklist ql(4, 1);
        REQUIRE(ql.setPackedThreshold(100));
        ql.pushTail("a");
        ql.pushTail(std::string(150, 'p'));
        ql.pushTail(std::string(150, 'q'));
        ql.pushTail("b");
        const auto nodes = ql.nodes();
        REQUIRE(nodes.size() == 4);
        CHECK(nodes[1].plain);
        CHECK(nodes[1].compressed);  // PLAIN nodes are compressed too, beyond the depth
        CHECK(nodes[1].listpack_bytes == 150);
        CHECK(nodes[1].compressed_bytes < 150);
        CHECK(ql.index(2) == std::string(150, 'q'));
        CHECK(ql.popTail() == "b");
        CHECK(ql.popTail() == std::string(150, 'q'));
        CHECK(ql.validate() == "");
    }
}
