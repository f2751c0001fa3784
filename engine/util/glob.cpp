// Glob matching as Redis 7.0.15's stringmatchlen (src/util.c); see glob.h for the
// syntax and the corner cases. The algorithm is the classic recursive one: walk the
// pattern and the string together; at a '*' try the rest of the pattern against every
// suffix of the string. Two guards keep hostile patterns cheap, as in Redis:
//
//   - Depth limit. Every '*' that recurses adds one level; a call deeper than
//     kMaxNesting levels fails at once (it does not mark the search as hopeless).
//   - The "give up longer" cut (Redis's skipLongerMatches). If the rest of the
//     pattern after some '*' fails from *every* position of the remaining string,
//     then no earlier '*' can help by swallowing more bytes: that would only start
//     the same rest later in the string, where it already failed. So the first such
//     total failure ends the whole match. Without this, "a*a*a*...*b" against a long
//     run of 'a's takes exponential time.
#include "engine/util/glob.h"

#include <cstddef>
#include <utility>

namespace redsim {
namespace {

// Redis 7.0.15 fails any match that nests deeper than this many '*' levels
// (util.c: "Protection against abusive patterns", the fix for CVE-2022-36021).
constexpr int kMaxNesting = 1000;

// Redis compares `char`s, which are signed on x86: byte 0xff is -1, below 'a'.
// Ranges therefore order bytes as signed values; we do the same.
int signedByte(char c) { return static_cast<signed char>(c); }

// tolower() in the C locale (Redis never sets LC_CTYPE): only A-Z fold.
int foldAscii(int c) { return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c; }

bool sameByte(char a, char b, bool nocase) {
    if (!nocase) return a == b;
    return foldAscii(signedByte(a)) == foldAscii(signedByte(b));
}

struct MatchState {
    bool nocase = false;
    // Set once some '*' has proven that the rest of the pattern matches nowhere
    // in the remaining string; every enclosing '*' then stops trying longer runs.
    bool give_up_longer = false;
};

// Matches the byte str[0] against the class that starts right after the '[' at
// pat[p - 1]. Advances p onto the class's closing ']' (or onto the last byte of the
// pattern when the class is unterminated), mirroring Redis's cursor so the caller's
// common "++p" lands just after the class.
// Requires: !str.empty().
bool matchClass(std::string_view pat, size_t& p, char subject, bool nocase) {
    const bool negate = p < pat.size() && pat[p] == '^';
    if (negate) ++p;
    bool match = false;
    for (;;) {
        const size_t left = pat.size() - p;
        if (left == 0) {
            // Unterminated class: it simply ends with the pattern. Step back onto
            // the last byte, as Redis does, so the caller's ++p ends at the end.
            --p;
            break;
        }
        const char c = pat[p];
        if (c == '\\' && left >= 2) {
            // Escaped byte: compared exactly, even with nocase (as Redis).
            ++p;
            if (pat[p] == subject) match = true;
        } else if (c == ']') {
            break;
        } else if (left >= 3 && pat[p + 1] == '-') {
            int lo = signedByte(pat[p]);
            int hi = signedByte(pat[p + 2]);
            int x = signedByte(subject);
            if (lo > hi) std::swap(lo, hi);  // reversed ranges are accepted
            if (nocase) {
                lo = foldAscii(lo);
                hi = foldAscii(hi);
                x = foldAscii(x);
            }
            p += 2;
            if (x >= lo && x <= hi) match = true;
        } else if (sameByte(c, subject, nocase)) {
            match = true;
        }
        ++p;
    }
    return negate ? !match : match;
}

bool matchFrom(MatchState& st, std::string_view pat, std::string_view str, int nesting) {
    if (nesting > kMaxNesting) return false;

    size_t p = 0;
    size_t s = 0;
    while (p < pat.size() && s < str.size()) {
        switch (pat[p]) {
            case '*': {
                while (p + 1 < pat.size() && pat[p + 1] == '*') ++p;  // "**" is "*"
                if (p + 1 == pat.size()) return true;                 // trailing '*' eats the rest
                const std::string_view rest = pat.substr(p + 1);
                for (; s < str.size(); ++s) {
                    if (matchFrom(st, rest, str.substr(s), nesting + 1)) return true;
                    if (st.give_up_longer) return false;
                }
                st.give_up_longer = true;
                return false;
            }
            case '?':
                ++s;
                break;
            case '[':
                ++p;
                if (!matchClass(pat, p, str[s], st.nocase)) return false;
                ++s;
                break;
            case '\\':
                if (pat.size() - p >= 2) ++p;  // a lone trailing '\' is literal
                [[fallthrough]];
            default:
                if (!sameByte(pat[p], str[s], st.nocase)) return false;
                ++s;
                break;
        }
        ++p;
        if (s == str.size()) {
            // String used up: only '*'s may remain in the pattern.
            while (p < pat.size() && pat[p] == '*') ++p;
            break;
        }
    }
    return p == pat.size() && s == str.size();
}

}  // namespace

bool globMatch(std::string_view pattern, std::string_view str, bool nocase) {
    MatchState st;
    st.nocase = nocase;
    return matchFrom(st, pattern, str, 0);
}

bool globIsLiteral(std::string_view pattern) { return pattern.find_first_of("*?[\\") == std::string_view::npos; }

}  // namespace redsim
