// Redis's pqsort.c, shared by SORT (engine/commands/sort.cpp) and the GEOSEARCH family
// (engine/commands/geo.cpp), which both sort with it when only part of the result is
// returned. It is not a stable sort, so reproducing Redis's order of equal elements
// needs this exact sequence of comparisons and swaps.
#pragma once

#include <algorithm>
#include <utility>
#include <vector>

namespace redsim {

// Redis's partial quicksort (its pqsort.c: Bentley and McIlroy's "Engineering a Sort
// Function" as in NetBSD's qsort, plus one twist: a partition that lies wholly outside
// [lrange, rrange] is left unsorted). Redis 7.0's copy has no "no swaps: switch to
// insertion sort" shortcut (later versions of the BSD code do); checked against
// redis-server 7.0.15. `cmp` returns <0, 0, >0. Every comparison and
// swap happens in the same order as there, which matters because the sort is not
// stable: equal elements end up where this exact sequence of swaps puts them.
// Requires: lo + n <= v.size().
template <class T, class Cmp>
void partialQuicksort(std::vector<T>& v, long long lo, long long n, long long lrange, long long rrange,
                      const Cmp& cmp) {
    auto at = [&](long long i) -> T& { return v[static_cast<size_t>(i)]; };
    auto swapAt = [&](long long i, long long j) { std::swap(at(i), at(j)); };
    auto c = [&](long long i, long long j) { return cmp(at(i), at(j)); };
    auto med3 = [&](long long a, long long b, long long d) {
        return c(a, b) < 0 ? (c(b, d) < 0 ? b : (c(a, d) < 0 ? d : a)) : (c(b, d) > 0 ? b : (c(a, d) < 0 ? a : d));
    };
    auto insertionSort = [&](long long from, long long count) {
        for (long long m = from + 1; m < from + count; ++m)
            for (long long l = m; l > from && c(l - 1, l) > 0; --l) swapAt(l, l - 1);
    };
    // Does [first, first+count) hold nothing of the requested range?
    auto outside = [&](long long first, long long count) {
        return (lrange < first && rrange < first) || (lrange >= first + count && rrange >= first + count);
    };
    for (;;) {
        if (n < 7) {
            insertionSort(lo, n);
            return;
        }
        // The pivot: the middle element, or a median of three (of nine for big arrays).
        long long pm = lo + n / 2;
        if (n > 7) {
            long long pl = lo, pn = lo + n - 1;
            if (n > 40) {
                const long long d = n / 8;
                pl = med3(pl, pl + d, pl + 2 * d);
                pm = med3(pm - d, pm, pm + d);
                pn = med3(pn - 2 * d, pn - d, pn);
            }
            pm = med3(pl, pm, pn);
        }
        swapAt(lo, pm);
        // Three-way partition: elements equal to the pivot gather at both ends
        // ([lo, pa) and (pd, lo+n)), smaller ones after the left end, bigger ones before
        // the right end.
        long long pa = lo + 1, pb = lo + 1, pc = lo + n - 1, pd = lo + n - 1;
        for (;;) {
            int r;
            while (pb <= pc && (r = c(pb, lo)) <= 0) {
                if (r == 0) swapAt(pa++, pb);
                ++pb;
            }
            while (pb <= pc && (r = c(pc, lo)) >= 0) {
                if (r == 0) swapAt(pc, pd--);
                --pc;
            }
            if (pb > pc) break;
            swapAt(pb++, pc--);
        }
        // Move the equal elements from the ends to the middle.
        const long long pn = lo + n;
        auto blockSwap = [&](long long a, long long b, long long count) {
            for (long long i = 0; i < count; ++i) swapAt(a + i, b + i);
        };
        long long r = std::min(pa - lo, pb - pa);
        blockSwap(lo, pb - r, r);
        r = std::min(pd - pc, pn - pd - 1);
        blockSwap(pb, pn - r, r);
        // Recurse into the smaller-than part, loop on the bigger-than part.
        if ((r = pb - pa) > 1 && !outside(lo, r)) partialQuicksort(v, lo, r, lrange, rrange, cmp);
        if ((r = pd - pc) <= 1) return;
        lo = pn - r;
        n = r;
        if (outside(lo, n)) return;
    }
}

}  // namespace redsim
