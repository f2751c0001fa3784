// Glob-style pattern matching with Redis 7.0's exact rules (util.c, stringmatchlen).
//
// KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET, ACL key and channel patterns and
// COMMAND LIST FILTERBY PATTERN all use the same matcher, so its corner cases are
// visible to learners. The syntax:
//
//   *       any run of bytes, including none
//   ?       exactly one byte
//   [abc]   one byte out of the set; [^abc] one byte not in it
//   [a-z]   a range; reversed ranges ([z-a]) are accepted and mean the same
//   \x      the byte x literally, outside and inside brackets
//
// Corner cases that are Redis's, kept on purpose (each is pinned by a test proven
// against redis-server 7.0.15, see tests/engine/glob_test.cpp):
//   - An unterminated '[' class ends at the end of the pattern: "a[bc" matches "ab".
//   - "[a-]" reads ']' as the end of the range a..']' (the class then runs to the
//     end of the pattern).
//   - Bytes are compared as *signed* chars in ranges (x86 Redis), so a range such as
//     [a-\xff] is really [\xff-a] and covers the bytes 0x00..0x61 and 0xff only.
//   - With nocase only ASCII letters fold (C locale), and a backslash-escaped byte
//     inside brackets is still compared case-sensitively.
//   - A pattern never matches the empty string unless it is empty itself: "*" does
//     not match "" (KEYS * and SCAN without MATCH short-cut before calling the
//     matcher, which is why the empty key still shows up there).
//   - Protection against abusive patterns: each '*' that has to try several
//     positions recurses; past 1000 nested levels the match simply fails, so
//     "*?" repeated 1001 times does not match 1001 'a's even though it should.
//     And once the rest of a pattern has failed to match from every position, no
//     earlier '*' tries a longer run (the "skipLongerMatches" cut), which keeps
//     "a*a*a*...*b" against "aaaa...a" linear instead of exponential.
#pragma once

#include <string_view>

namespace redsim {

// True if `str` matches the glob `pattern` exactly as Redis 7.0.15's stringmatchlen.
// Both are binary-safe (embedded NULs are ordinary bytes). `nocase` folds ASCII
// letters only. Runs in time polynomial in the sizes even for hostile patterns.
bool globMatch(std::string_view pattern, std::string_view str, bool nocase = false);

// True if `pattern` contains none of the special bytes * ? [ \ so that it can only
// ever match the identical string (with nocase=false). Callers (KEYS, SCAN) may then
// do a single dictionary lookup instead of walking the keyspace.
bool globIsLiteral(std::string_view pattern);

}  // namespace redsim
