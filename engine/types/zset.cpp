#include "engine/types/zset.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "engine/engine.h"

namespace redsim::zset {

namespace {

constexpr size_t npos = Listpack::npos;

// The limits from config as sizes (CONFIG SET keeps them >= 0).
size_t maxEntries(const Engine& e) { return static_cast<size_t>(std::max(0LL, e.cfg().zset_max_listpack_entries)); }
size_t maxValue(const Engine& e) { return static_cast<size_t>(std::max(0LL, e.cfg().zset_max_listpack_value)); }

// A listpack entry as text: string entries as they are, integers in decimal (written
// into buf, which must hold 21 bytes).
std::string_view entryText(const Listpack::Entry& e, char* buf) {
    if (!e.is_int) return e.sval;
    const auto r = std::to_chars(buf, buf + 21, e.ival);
    return std::string_view(buf, static_cast<size_t>(r.ptr - buf));
}

// zzlCompareElements: <0, 0, >0 as the entry's text sorts before, equal to, after s.
int compareEntry(const Listpack::Entry& e, std::string_view s) {
    char buf[24];
    const int c = entryText(e, buf).compare(s);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

double scoreAt(const Listpack& lp, size_t score_off) { return scoreFromEntry(lp.get(score_off)); }

// zzlInsertAt: writes (member, score) before the member entry at `off` (endOffset()
// appends). The score goes in as an integer entry when it has an exact integer value.
void insertPairAt(Listpack& lp, size_t off, std::string_view member, double score) {
    const size_t member_off = lp.insertAt(off, member);
    size_t after = lp.next(member_off);
    if (after == npos) after = lp.endOffset();
    long long ll;
    if (scoreAsInteger(score, ll)) {
        lp.insertAt(after, ll);
    } else {
        lp.insertAt(after, scoreText(score));
    }
}

// zzlInsert: the pair goes before the first pair that sorts after it.
// Requires: member is not in the listpack.
void insertSorted(Listpack& lp, std::string_view member, double score) {
    for (size_t off = lp.first(); off != npos;) {
        const size_t score_off = lp.next(off);
        const double s = scoreAt(lp, score_off);
        if (s > score || (s == score && compareEntry(lp.get(off), member) > 0)) {
            insertPairAt(lp, off, member, score);
            return;
        }
        off = lp.next(score_off);
    }
    insertPairAt(lp, lp.endOffset(), member, score);
}

// zzlFind: offset of the member entry, skipping the scores.
std::optional<size_t> findMember(const Listpack& lp, std::string_view member) { return lp.find(member, 1); }

// zzlIsInRange: a quick test that some member might lie inside `range`.
bool listpackMayHaveScores(const Listpack& lp, const ScoreRange& range) {
    if (range.isEmpty()) return false;
    const size_t last_score = lp.seek(-1);
    if (last_score == npos || !range.gteMin(scoreAt(lp, last_score))) return false;
    return range.lteMax(scoreAt(lp, lp.seek(1)));
}

// zzlFirstInRange / zzlLastInRange: offset of the member entry, npos if none.
size_t listpackFirstInRange(const Listpack& lp, const ScoreRange& range) {
    if (!listpackMayHaveScores(lp, range)) return npos;
    for (size_t off = lp.first(); off != npos;) {
        const size_t score_off = lp.next(off);
        const double s = scoreAt(lp, score_off);
        if (range.gteMin(s)) return range.lteMax(s) ? off : npos;
        off = lp.next(score_off);
    }
    return npos;
}

size_t listpackLastInRange(const Listpack& lp, const ScoreRange& range) {
    if (!listpackMayHaveScores(lp, range)) return npos;
    for (size_t off = lp.seek(-2); off != npos;) {
        const double s = scoreAt(lp, lp.next(off));
        if (range.lteMax(s)) return range.gteMin(s) ? off : npos;
        const size_t prev_score = lp.prev(off);
        off = prev_score == npos ? npos : lp.prev(prev_score);
    }
    return npos;
}

bool lexGteMin(const Listpack& lp, size_t off, const LexRange& range) {
    char buf[24];
    return range.gteMin(entryText(lp.get(off), buf));
}
bool lexLteMax(const Listpack& lp, size_t off, const LexRange& range) {
    char buf[24];
    return range.lteMax(entryText(lp.get(off), buf));
}

// zzlIsInLexRange.
bool listpackMayHaveMembers(const Listpack& lp, const LexRange& range) {
    if (range.isEmpty()) return false;
    const size_t last = lp.seek(-2);
    if (last == npos || !lexGteMin(lp, last, range)) return false;
    return lexLteMax(lp, lp.seek(0), range);
}

// zzlFirstInLexRange / zzlLastInLexRange.
size_t listpackFirstInLexRange(const Listpack& lp, const LexRange& range) {
    if (!listpackMayHaveMembers(lp, range)) return npos;
    for (size_t off = lp.first(); off != npos; off = lp.next(lp.next(off))) {
        if (lexGteMin(lp, off, range)) return lexLteMax(lp, off, range) ? off : npos;
    }
    return npos;
}

size_t listpackLastInLexRange(const Listpack& lp, const LexRange& range) {
    if (!listpackMayHaveMembers(lp, range)) return npos;
    for (size_t off = lp.seek(-2); off != npos;) {
        if (lexLteMax(lp, off, range)) return lexGteMin(lp, off, range) ? off : npos;
        const size_t prev_score = lp.prev(off);
        off = prev_score == npos ? npos : lp.prev(prev_score);
    }
    return npos;
}

// After a skiplist lost members: shrink its dict when under 10 % full (htNeedsResize +
// dictResize), as every Redis delete path does.
void maybeShrink(ZSetIndex& zi) {
    if (zi.dict.needsShrink()) zi.dict.shrinkToFit();
}

size_t forgetMembers(ZSetIndex& zi, const std::vector<std::string>& members) {
    for (const std::string& m : members) zi.dict.erase(m);
    maybeShrink(zi);
    return members.size();
}

}  // namespace

// ---- Scores as text ------------------------------------------------------------------------

bool scoreAsInteger(double score, long long& out) {
    // double2ll: inside +-2^62 a double converts to long long without overflow, and the
    // round trip tells whether it had a fractional part.
    if (std::isnan(score)) return false;
    if (score < static_cast<double>(-LLONG_MAX / 2) || score > static_cast<double>(LLONG_MAX / 2)) return false;
    const auto ll = static_cast<long long>(score);
    if (static_cast<double>(ll) != score) return false;
    out = ll;
    return true;
}

std::string scoreText(double score) {
    // d2string (Redis 7.0): integers below 2^52 in decimal, everything else "%.17g".
    if (std::isnan(score)) return "nan";
    if (std::isinf(score)) return score > 0 ? "inf" : "-inf";
    if (score == 0) return std::signbit(score) ? "-0" : "0";
    if (score > -4503599627370495.0 && score < 4503599627370496.0 &&
        score == static_cast<double>(static_cast<long long>(score))) {
        return std::to_string(static_cast<long long>(score));
    }
    char buf[64];
    const int n = std::snprintf(buf, sizeof buf, "%.17g", score);
    return std::string(buf, static_cast<size_t>(n));
}

double scoreFromEntry(const Listpack::Entry& e) {
    if (e.is_int) return static_cast<double>(e.ival);
    // zzlStrtod: at most 127 bytes, as Redis's buffer.
    char buf[128];
    const size_t n = std::min(e.sval.size(), sizeof buf - 1);
    std::memcpy(buf, e.sval.data(), n);
    buf[n] = '\0';
    return std::strtod(buf, nullptr);
}

std::optional<ScoreRange> parseScoreRange(std::string_view min, std::string_view max) {
    // strtod on the C string, as zslParseRange: the parse ends at a NUL byte and only has
    // to reach it, so "", " 1" and "0x10" are numbers here.
    auto bound = [](std::string_view arg, double& value, bool& exclusive) {
        std::string s(arg);
        const char* p = s.c_str();
        exclusive = p[0] == '(';
        if (exclusive) ++p;
        char* end = nullptr;
        value = std::strtod(p, &end);
        return *end == '\0' && !std::isnan(value);
    };
    ScoreRange r;
    if (!bound(min, r.min, r.minex) || !bound(max, r.max, r.maxex)) return std::nullopt;
    return r;
}

// ---- Creation, length, conversion ----------------------------------------------------------

Object create(Engine& engine, size_t size_hint, size_t max_member_len) {
    if (size_hint <= maxEntries(engine) && max_member_len <= maxValue(engine)) return Object::zsetListpack();
    return createSkiplist(engine, size_hint);
}

Object createSkiplist(Engine& engine, size_t size_hint) {
    auto zi = std::make_unique<ZSetIndex>(engine.hashSeed(), engine.rng());
    if (size_hint > 0) zi->dict.expand(size_hint);
    return Object::zsetSkiplist(std::move(zi));
}

size_t length(const Object& z) {
    if (z.encoding() == Encoding::ListPack) return z.listpack().size() / 2;
    return z.zsetIndex().zsl.size();
}

void convertToSkiplist(Engine& engine, Object& z) {
    if (z.encoding() == Encoding::SkipList) return;
    const Listpack& lp = z.listpack();
    auto zi = std::make_unique<ZSetIndex>(engine.hashSeed(), engine.rng());
    char buf[24];
    for (size_t off = lp.first(); off != npos;) {
        const size_t score_off = lp.next(off);
        std::string member(entryText(lp.get(off), buf));
        const double s = scoreAt(lp, score_off);
        zi->zsl.insert(member, s);
        zi->dict.insert(std::move(member), s);
        off = lp.next(score_off);
    }
    z.convert(Object::zsetSkiplist(std::move(zi)));
}

void convertToListpack(Object& z) {
    if (z.encoding() == Encoding::ListPack) return;
    Listpack lp;
    for (const Skiplist::Node& n : z.zsetIndex().zsl) insertPairAt(lp, lp.endOffset(), n.member(), n.score());
    z.convert(Object::zsetListpack(std::move(lp)));
}

void convertToListpackIfNeeded(Engine& engine, Object& z, size_t max_member_len, size_t total_member_len) {
    if (z.encoding() == Encoding::ListPack) return;
    if (z.zsetIndex().zsl.size() <= maxEntries(engine) && max_member_len <= maxValue(engine) &&
        Listpack::safeToAdd(0, total_member_len)) {
        convertToListpack(z);
    }
}

// ---- Adding, looking up, removing ----------------------------------------------------------

bool add(Engine& engine, Object& z, double score, std::string_view member, unsigned in_flags, unsigned& out,
         double* new_score) {
    const bool incr = in_flags & kAddIncr;
    const bool nx = in_flags & kAddNX;
    const bool xx = in_flags & kAddXX;
    const bool gt = in_flags & kAddGT;
    const bool lt = in_flags & kAddLT;
    out = 0;
    if (std::isnan(score)) {
        out = kOutNaN;
        return false;
    }

    // What both encodings do with an existing member's current score: returns false for
    // NaN, sets `score` to the new score, or flags a NOP.
    auto decide = [&](double cur) {
        if (nx) {
            out |= kOutNop;
            return true;
        }
        if (incr) {
            score += cur;
            if (std::isnan(score)) {
                out |= kOutNaN;
                return false;
            }
        }
        if ((lt && score >= cur) || (gt && score <= cur)) {
            out |= kOutNop;
            return true;
        }
        if (new_score) *new_score = score;
        return true;
    };

    if (z.encoding() == Encoding::ListPack) {
        Listpack& lp = z.listpack();
        if (auto off = findMember(lp, member)) {
            const double cur = scoreAt(lp, lp.next(*off));
            if (!decide(cur)) return false;
            if (!(out & kOutNop) && score != cur) {
                // Remove and insert again: the pair may have to move to keep the order.
                lp.eraseAt(*off, 2);
                insertSorted(lp, member, score);
                out |= kOutUpdated;
            }
            return true;
        }
        if (xx) {
            out |= kOutNop;
            return true;
        }
        // Convert *before* inserting a member that would break the listpack's limits.
        if (length(z) + 1 > maxEntries(engine) || member.size() > maxValue(engine) ||
            !Listpack::safeToAdd(lp.byteSize(), member.size())) {
            convertToSkiplist(engine, z);
        } else {
            insertSorted(lp, member, score);
            if (new_score) *new_score = score;
            out |= kOutAdded;
            return true;
        }
    }

    ZSetIndex& zi = z.zsetIndex();
    if (auto* e = zi.dict.find(member)) {
        const double cur = e->value;
        if (!decide(cur)) return false;
        if (!(out & kOutNop) && score != cur) {
            zi.zsl.updateScore(member, cur, score);
            e->value = score;
            out |= kOutUpdated;
        }
        return true;
    }
    if (xx) {
        out |= kOutNop;
        return true;
    }
    zi.zsl.insert(std::string(member), score);
    zi.dict.insert(std::string(member), score);
    if (new_score) *new_score = score;
    out |= kOutAdded;
    return true;
}

std::optional<double> score(const Object& z, std::string_view member) {
    if (z.encoding() == Encoding::ListPack) {
        const Listpack& lp = z.listpack();
        auto off = findMember(lp, member);
        if (!off) return std::nullopt;
        return scoreAt(lp, lp.next(*off));
    }
    const auto* e = z.zsetIndex().dict.find(member);
    if (e == nullptr) return std::nullopt;
    return e->value;
}

std::optional<size_t> rank(const Object& z, std::string_view member, bool reverse) {
    const size_t len = length(z);
    size_t r;  // 1-based from the lowest score
    if (z.encoding() == Encoding::ListPack) {
        const Listpack& lp = z.listpack();
        r = 1;
        size_t off = lp.first();
        while (off != npos && !lp.equals(off, member)) {
            off = lp.next(lp.next(off));
            ++r;
        }
        if (off == npos) return std::nullopt;
    } else {
        const ZSetIndex& zi = z.zsetIndex();
        const auto* e = zi.dict.find(member);
        if (e == nullptr) return std::nullopt;
        r = zi.zsl.rank(member, e->value);
        assert(r != 0 && "zset::rank: member in dict but not in skiplist");
    }
    return reverse ? len - r : r - 1;
}

bool remove(Object& z, std::string_view member) {
    if (z.encoding() == Encoding::ListPack) {
        Listpack& lp = z.listpack();
        auto off = findMember(lp, member);
        if (!off) return false;
        lp.eraseAt(*off, 2);
        return true;
    }
    ZSetIndex& zi = z.zsetIndex();
    auto s = zi.dict.take(member);
    if (!s) return false;
    const bool erased = zi.zsl.erase(member, *s);
    assert(erased && "zset::remove: member in dict but not in skiplist");
    (void)erased;
    maybeShrink(zi);
    return true;
}

size_t deleteRangeByRank(Object& z, size_t start, size_t end) {
    assert(start <= end && end < length(z) && "zset::deleteRangeByRank");
    if (z.encoding() == Encoding::ListPack) {
        const size_t n = end - start + 1;
        z.listpack().erase(2 * start, 2 * n);
        return n;
    }
    ZSetIndex& zi = z.zsetIndex();
    return forgetMembers(zi, zi.zsl.deleteRangeByRank(start + 1, end + 1));
}

size_t deleteRangeByScore(Object& z, const ScoreRange& range) {
    if (z.encoding() == Encoding::ListPack) {
        Listpack& lp = z.listpack();
        size_t n = 0;
        size_t off = listpackFirstInRange(lp, range);
        while (off != npos && range.lteMax(scoreAt(lp, lp.next(off)))) {
            off = lp.eraseAt(off, 2);
            ++n;
        }
        return n;
    }
    ZSetIndex& zi = z.zsetIndex();
    return forgetMembers(zi, zi.zsl.deleteRangeByScore(range));
}

size_t deleteRangeByLex(Object& z, const LexRange& range) {
    if (z.encoding() == Encoding::ListPack) {
        Listpack& lp = z.listpack();
        size_t n = 0;
        size_t off = listpackFirstInLexRange(lp, range);
        while (off != npos && lexLteMax(lp, off, range)) {
            off = lp.eraseAt(off, 2);
            ++n;
        }
        return n;
    }
    ZSetIndex& zi = z.zsetIndex();
    return forgetMembers(zi, zi.zsl.deleteRangeByLex(range));
}

// ---- Cursor ----------------------------------------------------------------------------------

std::string_view Cursor::member() const {
    assert(valid_ && "zset::Cursor::member");
    if (lp_ == nullptr) return node_->member();
    return entryText(member_entry_, int_buf_);
}

double Cursor::score() const {
    assert(valid_ && "zset::Cursor::score");
    if (lp_ == nullptr) return node_->score();
    if (!score_loaded_) {
        score_ = scoreAt(*lp_, lp_->next(member_off_));
        score_loaded_ = true;
    }
    return score_;
}

void Cursor::load() {
    if (lp_ != nullptr) {
        valid_ = member_off_ != npos;
        if (valid_) {
            member_entry_ = lp_->get(member_off_);
            score_loaded_ = false;  // parsed on demand: ZRANGE without WITHSCORES never needs it
        }
    } else {
        valid_ = node_ != nullptr;
    }
}

void Cursor::next() {
    assert(valid_ && "zset::Cursor::next");
    if (lp_ != nullptr) {
        if (reverse_) {
            const size_t prev_score = lp_->prev(member_off_);
            member_off_ = prev_score == npos ? npos : lp_->prev(prev_score);
        } else {
            member_off_ = lp_->next(lp_->next(member_off_));
        }
    } else {
        node_ = reverse_ ? node_->prev() : node_->next();
    }
    load();
}

Cursor Cursor::atRank(const Object& z, size_t rank, bool reverse) {
    Cursor c;
    c.reverse_ = reverse;
    const size_t len = length(z);
    if (z.encoding() == Encoding::ListPack) {
        c.lp_ = &z.listpack();
        if (rank < len) {
            const auto i = static_cast<long long>(2 * rank);
            c.member_off_ = c.lp_->seek(reverse ? -2 - i : i);
        }
    } else if (rank < len) {
        const Skiplist& zsl = z.zsetIndex().zsl;
        c.node_ = zsl.byRank(reverse ? len - rank : rank + 1);
    }
    c.load();
    return c;
}

Cursor Cursor::inScoreRange(const Object& z, const ScoreRange& range, bool reverse) {
    Cursor c;
    c.reverse_ = reverse;
    if (z.encoding() == Encoding::ListPack) {
        c.lp_ = &z.listpack();
        c.member_off_ = reverse ? listpackLastInRange(*c.lp_, range) : listpackFirstInRange(*c.lp_, range);
    } else {
        const Skiplist& zsl = z.zsetIndex().zsl;
        c.node_ = reverse ? zsl.lastInRange(range) : zsl.firstInRange(range);
    }
    c.load();
    return c;
}

Cursor Cursor::inLexRange(const Object& z, const LexRange& range, bool reverse) {
    Cursor c;
    c.reverse_ = reverse;
    if (z.encoding() == Encoding::ListPack) {
        c.lp_ = &z.listpack();
        c.member_off_ = reverse ? listpackLastInLexRange(*c.lp_, range) : listpackFirstInLexRange(*c.lp_, range);
    } else {
        const Skiplist& zsl = z.zsetIndex().zsl;
        c.node_ = reverse ? zsl.lastInLexRange(range) : zsl.firstInLexRange(range);
    }
    c.load();
    return c;
}

// ---- Random members ------------------------------------------------------------------------

namespace {

Pair pairAt(const Listpack& lp, size_t member_off) {
    char buf[24];
    return Pair{std::string(entryText(lp.get(member_off), buf)), scoreAt(lp, lp.next(member_off))};
}

}  // namespace

Pair randomMember(Object& z, Rng& rng) {
    if (z.encoding() == Encoding::ListPack) {
        const Listpack& lp = z.listpack();
        const size_t n = lp.size() / 2;
        assert(n > 0 && "zset::randomMember on an empty zset");
        return pairAt(lp, lp.seek(static_cast<long long>(2 * rng.below(n))));
    }
    auto* e = z.zsetIndex().dict.fairRandomEntry(rng);
    assert(e != nullptr && "zset::randomMember on an empty zset");
    return Pair{e->key, e->value};
}

std::vector<Pair> listpackRandomPairs(const Listpack& lp, size_t count, Rng& rng) {
    const size_t n = lp.size() / 2;
    assert(n > 0 && "zset::listpackRandomPairs on an empty listpack");
    // Draw the indexes first, then fetch them in one walk in index order, putting each
    // result back in the slot of its draw (as lpRandomPairs does).
    std::vector<std::pair<size_t, size_t>> picks(count);  // (pair index, draw order)
    for (size_t i = 0; i < count; ++i) picks[i] = {rng.below(n), i};
    std::sort(picks.begin(), picks.end());
    std::vector<Pair> out(count);
    size_t index = 0;
    size_t off = lp.first();
    for (size_t p = 0; p < count && off != npos;) {
        if (picks[p].first == index) {
            Pair pair = pairAt(lp, off);
            while (p < count && picks[p].first == index) out[picks[p++].second] = pair;
        }
        off = lp.next(lp.next(off));
        ++index;
    }
    return out;
}

std::vector<Pair> listpackRandomPairsUnique(const Listpack& lp, size_t count, Rng& rng) {
    const size_t total = lp.size() / 2;
    count = std::min(count, total);
    std::vector<Pair> out;
    out.reserve(count);
    // Selection sampling: take each member with probability (still wanted) / (still
    // unseen), which gives every subset of `count` members the same chance in one pass.
    size_t index = 0;
    for (size_t off = lp.first(); out.size() < count && off != npos; off = lp.next(lp.next(off)), ++index) {
        const double threshold = static_cast<double>(count - out.size()) / static_cast<double>(total - index);
        if (rng.unit() < threshold) out.push_back(pairAt(lp, off));
    }
    return out;
}

}  // namespace redsim::zset
