// The sorted set type: Redis 7.0's t_zset.c below the commands (create, add, delete,
// look up, rank, iterate and delete ranges, convert between encodings).
//
// A sorted set maps members (binary strings) to scores (doubles) and keeps them ordered
// by (score, member): equal scores are ordered by the member's bytes. Redis 7.0 stores
// one in either of two encodings, and so do we:
//
// LISTPACK (small sets)
//   One Listpack holding member, score, member, score, ... already in order, so a range
//   is a walk from one offset and a rank is a count of steps. Every lookup is O(N), which
//   is cheap while N is small. Scores are stored as Redis stores them: a score with an
//   exact integer value between -2^62 and 2^62 is a listpack integer (2 to 9 bytes), any
//   other is its "%.17g" text ("1.5", "inf", "1e+20"). -0 therefore comes back as 0.
//
// SKIPLIST (large sets)
//   A ZSetIndex (engine/object.h): a Dict member -> score for O(1) ZSCORE and membership,
//   plus a Skiplist ordered by (score, member) for ranks and ranges in O(log N). Both hold
//   every member; every change updates both.
//
// WHEN A SET CHANGES ENCODING
//   A new set starts as a listpack unless it must hold more than zset-max-listpack-entries
//   members or a member longer than zset-max-listpack-value bytes (create()). add()
//   converts a listpack to a skiplist *before* inserting a member that would break either
//   rule (or push the listpack past 1 GB). Deleting never converts back: only the commands
//   that build a new set from others (ZRANGESTORE, ZUNIONSTORE, ...) create it in the
//   encoding its final size calls for, with convertToListpackIfNeeded().
//
// Everything here takes the zset Object; the caller has checked its type. Functions that
// may create or convert a skiplist need the Engine (config thresholds, the skiplist's Rng,
// the dicts' hash seed).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/ds/listpack.h"
#include "engine/ds/skiplist.h"
#include "engine/object.h"

namespace redsim {

class Engine;

namespace zset {

// ---- Creation, length, conversion ------------------------------------------------------

// zsetTypeCreate: an empty zset for about `size_hint` members whose longest member is
// about `max_member_len` bytes: a listpack if both fit the zset-max-listpack-* limits,
// else a skiplist whose dict is presized for size_hint. Underestimates are fine (0, 0 is
// "unknown": a listpack unless zset-max-listpack-entries is 0).
// ZADD on a new key uses (1, length of its first member), which is Redis 7.0's rule.
Object create(Engine& engine, size_t size_hint, size_t max_member_len);

// createZsetObject: an empty skiplist zset whatever its future size, its dict presized
// for `size_hint` members. What ZUNIONSTORE and friends build into before they call
// convertToListpackIfNeeded() on the result.
Object createSkiplist(Engine& engine, size_t size_hint = 0);

// Number of members (zsetLength).
size_t length(const Object& z);

// zsetConvert listpack -> skiplist (no-op if it already is one).
void convertToSkiplist(Engine& engine, Object& z);
// zsetConvert skiplist -> listpack (no-op if it already is one). Requires: every member
// fits a listpack (the caller checked, as convertToListpackIfNeeded does).
void convertToListpack(Object& z);
// zsetConvertToListpackIfNeeded: a skiplist with at most zset-max-listpack-entries
// members, none longer than zset-max-listpack-value (`max_member_len`, which the caller
// tracked while building) and whose members total at most 1 GB (`total_member_len`)
// becomes a listpack. Used by ZUNIONSTORE and friends on their result.
void convertToListpackIfNeeded(Engine& engine, Object& z, size_t max_member_len, size_t total_member_len);

// ---- Adding, looking up, removing -------------------------------------------------------

// zsetAdd's in_flags (combinable; the command rejects the incompatible ones first).
enum AddFlags : unsigned {
    kAddNone = 0,
    kAddIncr = 1u << 0,  // score is an increment to the current score
    kAddNX = 1u << 1,    // only add new members
    kAddXX = 1u << 2,    // only update existing members
    kAddGT = 1u << 3,    // only update when the new score is greater
    kAddLT = 1u << 4,    // only update when the new score is less
};
// zsetAdd's out_flags.
enum AddResult : unsigned {
    kOutNaN = 1u << 0,      // the score (or score + increment) is NaN: nothing changed
    kOutAdded = 1u << 1,    // a new member was added
    kOutUpdated = 1u << 2,  // an existing member's score changed
    kOutNop = 1u << 3,      // NX/XX/GT/LT said no: nothing changed
};

// zsetAdd: adds `member` with `score`, or updates it, following `in_flags`; may convert
// the set to a skiplist first (see the file comment). Returns false only for NaN (out has
// kOutNaN; the command replies "resulting score is not a number (NaN)"). Otherwise out
// has kOutAdded, kOutUpdated, kOutNop or nothing (an existing member given its current
// score again), and *new_score (if not null) is the member's score after the call,
// except after kOutNop, when it is left unchanged.
bool add(Engine& engine, Object& z, double score, std::string_view member, unsigned in_flags, unsigned& out,
         double* new_score = nullptr);

// zsetScore: the member's score, nullopt if absent.
std::optional<double> score(const Object& z, std::string_view member);

// zsetRank: 0-based rank counting from the lowest score (or the highest when reverse),
// nullopt if absent.
std::optional<size_t> rank(const Object& z, std::string_view member, bool reverse);

// zsetDel: removes the member; false if it was absent. A skiplist's dict is shrunk when
// it falls under 10 % use, as Redis does. Does not delete the key when the set becomes
// empty: that is the command's job.
bool remove(Object& z, std::string_view member);

// Remove every member in a range and return how many went (zzlDeleteRangeBy*,
// zslDeleteRangeBy*). Ranks are 0-based and inclusive; requires
// 0 <= start <= end < length(z) (the command clamps as ZREMRANGEBYRANK does).
size_t deleteRangeByRank(Object& z, size_t start, size_t end);
size_t deleteRangeByScore(Object& z, const ScoreRange& range);
size_t deleteRangeByLex(Object& z, const LexRange& range);

// ---- Walking in order --------------------------------------------------------------------

// A position in a zset, moving towards higher scores (or lower when reverse). Works on
// both encodings. Valid until the zset is changed, moved or destroyed; member() views are
// valid until the cursor moves (for a listpack integer member it points into the cursor).
class Cursor {
public:
    Cursor() = default;
    bool valid() const { return valid_; }
    // Requires: valid().
    std::string_view member() const;
    double score() const;
    // One step in the cursor's direction; the cursor becomes invalid past the end.
    void next();

    // The member at 0-based `rank` counting from the start of the direction (rank 0 of a
    // reverse cursor is the highest score). Invalid if rank >= length.
    static Cursor atRank(const Object& z, size_t rank, bool reverse = false);
    // The first member inside `range` in the cursor's direction (the lowest one, or the
    // highest when reverse); invalid if none. The cursor does not stop at the range's
    // other end: check with range.lteMax / gteMin while walking, as Redis does.
    static Cursor inScoreRange(const Object& z, const ScoreRange& range, bool reverse = false);
    static Cursor inLexRange(const Object& z, const LexRange& range, bool reverse = false);

private:
    void load();  // decode the entry / node now under the cursor

    const Listpack* lp_ = nullptr;          // listpack encoding
    const Skiplist::Node* node_ = nullptr;  // skiplist encoding
    size_t member_off_ = Listpack::npos;    // listpack: offset of the member entry
    bool reverse_ = false;
    bool valid_ = false;
    Listpack::Entry member_entry_{};
    mutable double score_ = 0;  // listpack: the score, once score() parsed it
    mutable bool score_loaded_ = false;
    mutable char int_buf_[24] = {};  // a listpack integer member's text
};

// Calls fn(std::string_view member, double score) for every member, lowest score first.
template <class F>
void forEach(const Object& z, F&& fn) {
    for (Cursor c = Cursor::atRank(z, 0); c.valid(); c.next()) fn(c.member(), c.score());
}

// ---- Random members ---------------------------------------------------------------------

struct Pair {
    std::string member;
    double score = 0;
};

// zsetTypeRandomElement: one member chosen at random (dictGetFairRandomKey for a
// skiplist, a uniform pair for a listpack). Requires: length(z) > 0.
Pair randomMember(Object& z, Rng& rng);
// lpRandomPairs: `count` uniform picks with repetition, in pick order.
// Requires: the listpack is not empty.
std::vector<Pair> listpackRandomPairs(const Listpack& lp, size_t count, Rng& rng);
// lpRandomPairsUnique: min(count, length) distinct members, in listpack (score) order,
// each member equally likely to be among them (one pass, selection sampling).
std::vector<Pair> listpackRandomPairsUnique(const Listpack& lp, size_t count, Rng& rng);

// ---- Scores as text ----------------------------------------------------------------------

// zslParseRange: "1.5", "(1.5" (exclusive), "-inf", "+inf" with strtod's rules, which
// Redis uses here as they are (leading spaces and "" are accepted; "" is 0). nullopt for
// anything else and for NaN: the command replies "min or max is not a float".
std::optional<ScoreRange> parseScoreRange(std::string_view min, std::string_view max);

// How a listpack stores a score (zzlInsertAt): an integer when double2ll allows it,
// otherwise Redis's d2string text ("%.17g", "inf", "-inf").
bool scoreAsInteger(double score, long long& out);
std::string scoreText(double score);

// A score read back from a listpack entry (zzlGetScore).
double scoreFromEntry(const Listpack::Entry& e);

}  // namespace zset
}  // namespace redsim
