// Skiplist: see skiplist.h for the structure, spans and how Redis's differs from Pugh's.
#include "engine/ds/skiplist.h"

#include <cassert>
#include <cmath>
#include <new>
#include <unordered_map>
#include <utility>

namespace redsim {

// ---- Lex bounds ------------------------------------------------------------------

std::optional<LexBound> LexBound::parse(std::string_view arg) {
    if (arg.empty()) return std::nullopt;
    LexBound b;
    switch (arg[0]) {
        case '-':
        case '+':
            if (arg.size() != 1) return std::nullopt;
            b.kind = arg[0] == '-' ? Kind::kMinusInf : Kind::kPlusInf;
            // Redis marks "-" and "+" exclusive; no range result depends on it, only
            // whether isEmpty() rejects "-" "-" and "+" "+" up front.
            b.exclusive = true;
            return b;
        case '(':
        case '[':
            b.exclusive = arg[0] == '(';
            b.value.assign(arg.substr(1));
            return b;
        default:
            return std::nullopt;
    }
}

int LexBound::compareTo(std::string_view v) const {
    switch (kind) {
        case Kind::kMinusInf:
            return 1;  // every string sorts after "-"
        case Kind::kPlusInf:
            return -1;  // and before "+"
        case Kind::kValue:
            break;
    }
    // std::string_view::compare is memcmp over the common prefix, then length:
    // exactly sdscmp (char_traits<char> compares as unsigned char).
    const int c = v.compare(value);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

std::optional<LexRange> LexRange::parse(std::string_view min, std::string_view max) {
    auto lo = LexBound::parse(min);
    if (!lo) return std::nullopt;
    auto hi = LexBound::parse(max);
    if (!hi) return std::nullopt;
    return LexRange{std::move(*lo), std::move(*hi)};
}

bool LexRange::gteMin(std::string_view v) const {
    const int c = min.compareTo(v);
    return min.exclusive ? c > 0 : c >= 0;
}

bool LexRange::lteMax(std::string_view v) const {
    const int c = max.compareTo(v);
    return max.exclusive ? c < 0 : c <= 0;
}

bool LexRange::isEmpty() const {
    using K = LexBound::Kind;
    // sdscmplex(min, max): equal sentinels compare equal; "-" is below and "+" above
    // everything else.
    int cmp;
    if (min.kind == max.kind && min.kind != K::kValue) {
        cmp = 0;
    } else if (min.kind == K::kMinusInf || max.kind == K::kPlusInf) {
        cmp = -1;
    } else if (min.kind == K::kPlusInf || max.kind == K::kMinusInf) {
        cmp = 1;
    } else {
        cmp = min.value.compare(max.value);
    }
    return cmp > 0 || (cmp == 0 && (min.exclusive || max.exclusive));
}

// ---- Nodes -----------------------------------------------------------------------

static_assert(sizeof(Skiplist::Node) % alignof(Skiplist::Level) == 0, "links must be aligned after the node");

Skiplist::Level& Skiplist::Node::link(int i) {
    assert(i >= 0 && i < level_ && "Skiplist::Node::link");
    return std::launder(reinterpret_cast<Level*>(reinterpret_cast<char*>(this) + sizeof(Node)))[i];
}

const Skiplist::Level& Skiplist::Node::link(int i) const {
    assert(i >= 0 && i < level_ && "Skiplist::Node::link");
    return std::launder(reinterpret_cast<const Level*>(reinterpret_cast<const char*>(this) + sizeof(Node)))[i];
}

Skiplist::Node* Skiplist::createNode(int level, std::string member, double score) {
    // One allocation holds the node and its `level` links (zslCreateNode).
    void* mem = ::operator new(sizeof(Node) + static_cast<size_t>(level) * sizeof(Level));
    Node* n = new (mem) Node(level, std::move(member), score);
    auto* links = reinterpret_cast<char*>(mem) + sizeof(Node);
    for (int i = 0; i < level; ++i) new (links + i * sizeof(Level)) Level{nullptr, 0};
    return n;
}

void Skiplist::freeNode(Node* n) {
    n->~Node();  // Level is trivially destructible
    ::operator delete(static_cast<void*>(n));
}

bool Skiplist::before(const Node* n, double score, std::string_view member) {
    return n->score_ < score || (n->score_ == score && std::string_view(n->member_) < member);
}

// ---- Construction ----------------------------------------------------------------

Skiplist::Skiplist(Rng& rng) : rng_(&rng), header_(createNode(kMaxLevel, std::string(), 0)) {}

Skiplist::~Skiplist() {
    Node* x = header_->link(0).forward;
    freeNode(header_);
    while (x != nullptr) {
        Node* next = x->link(0).forward;
        freeNode(x);
        x = next;
    }
}

int Skiplist::randomLevel(Rng& rng) {
    // Redis 7.0: (random() & 0xFFFF) < ZSKIPLIST_P * 0xFFFF, i.e. a 16-bit draw below
    // 16383.75, i.e. below 16384: exactly one chance in four.
    constexpr uint64_t kThreshold = 16384;
    int level = 1;
    while ((rng.next() & 0xFFFF) < kThreshold) ++level;
    return level < kMaxLevel ? level : kMaxLevel;
}

const Skiplist::Node* Skiplist::first() const { return header_->link(0).forward; }

// ---- Insert / delete -------------------------------------------------------------

const Skiplist::Node* Skiplist::insert(std::string member, double score) {
    assert(!std::isnan(score) && "Skiplist::insert: NaN score");
    Node* update[kMaxLevel];
    unsigned long rank[kMaxLevel];  // rank of update[i] (0 = header)
    Node* x = header_;
    for (int i = level_ - 1; i >= 0; --i) {
        rank[i] = i == level_ - 1 ? 0 : rank[i + 1];
        while (x->link(i).forward != nullptr && before(x->link(i).forward, score, member)) {
            rank[i] += x->link(i).span;
            x = x->link(i).forward;
        }
        update[i] = x;
    }
    {
        const Node* at = x->link(0).forward;
        assert((at == nullptr || at->score_ != score || at->member_ != member) &&
               "Skiplist::insert: member already present");
        (void)at;
    }
    const int level = randomLevel(*rng_);
    if (level > level_) {
        // New levels start at the header; their NULL link "skips" the whole list.
        for (int i = level_; i < level; ++i) {
            rank[i] = 0;
            update[i] = header_;
            header_->link(i).span = length_;
        }
        level_ = level;
    }
    x = createNode(level, std::move(member), score);
    for (int i = 0; i < level; ++i) {
        Level& prev = update[i]->link(i);
        x->link(i).forward = prev.forward;
        prev.forward = x;
        // update[i] is at rank[i], x lands at rank[0] + 1: split the old span there.
        x->link(i).span = prev.span - (rank[0] - rank[i]);
        prev.span = rank[0] - rank[i] + 1;
    }
    for (int i = level; i < level_; ++i) update[i]->link(i).span++;  // jumps over x now
    x->backward_ = update[0] == header_ ? nullptr : update[0];
    if (x->link(0).forward != nullptr) {
        x->link(0).forward->backward_ = x;
    } else {
        tail_ = x;
    }
    ++length_;
    return x;
}

void Skiplist::unlinkNode(Node* x, Node* const* update) {
    for (int i = 0; i < level_; ++i) {
        Level& prev = update[i]->link(i);
        if (prev.forward == x) {
            prev.span += x->link(i).span - 1;
            prev.forward = x->link(i).forward;
        } else {
            prev.span -= 1;
        }
    }
    if (x->link(0).forward != nullptr) {
        x->link(0).forward->backward_ = x->backward_;
    } else {
        tail_ = x->backward_;
    }
    while (level_ > 1 && header_->link(level_ - 1).forward == nullptr) --level_;
    --length_;
}

template <class Pred>
Skiplist::Node* Skiplist::findLastWhere(Pred pred, Node** update) const {
    Node* x = header_;
    for (int i = level_ - 1; i >= 0; --i) {
        while (x->link(i).forward != nullptr && pred(x->link(i).forward)) x = x->link(i).forward;
        if (update != nullptr) update[i] = x;
    }
    return x;
}

bool Skiplist::erase(std::string_view member, double score) {
    Node* update[kMaxLevel];
    Node* x = findLastWhere([&](const Node* n) { return before(n, score, member); }, update);
    x = x->link(0).forward;
    if (x == nullptr || x->score_ != score || x->member_ != member) return false;
    unlinkNode(x, update);
    freeNode(x);
    return true;
}

const Skiplist::Node* Skiplist::updateScore(std::string_view member, double cur_score, double new_score) {
    assert(!std::isnan(new_score) && "Skiplist::updateScore: NaN score");
    Node* update[kMaxLevel];
    Node* x = findLastWhere([&](const Node* n) { return before(n, cur_score, member); }, update);
    x = x->link(0).forward;
    assert(x != nullptr && x->score_ == cur_score && x->member_ == member && "Skiplist::updateScore: not found");
    // Fast path: still strictly between its neighbours' scores, so the position
    // (and every span) is unchanged. Strictly, because equal scores would need the
    // member comparison; Redis takes the slow path then, and so do we.
    if ((x->backward_ == nullptr || x->backward_->score_ < new_score) &&
        (x->link(0).forward == nullptr || x->link(0).forward->score_ > new_score)) {
        x->score_ = new_score;
        return x;
    }
    unlinkNode(x, update);
    const Node* moved = insert(std::move(x->member_), new_score);
    freeNode(x);
    return moved;
}

// ---- Rank ------------------------------------------------------------------------

unsigned long Skiplist::rank(std::string_view member, double score) const {
    const Node* x = header_;
    unsigned long r = 0;
    for (int i = level_ - 1; i >= 0; --i) {
        // Run while the next node is <= the target, so we stop *on* it.
        while (x->link(i).forward != nullptr &&
               (before(x->link(i).forward, score, member) ||
                (x->link(i).forward->score_ == score && x->link(i).forward->member_ == member))) {
            r += x->link(i).span;
            x = x->link(i).forward;
        }
        if (x != header_ && x->score_ == score && x->member_ == member) return r;
    }
    return 0;
}

const Skiplist::Node* Skiplist::byRank(unsigned long r) const {
    const Node* x = header_;
    unsigned long traversed = 0;
    for (int i = level_ - 1; i >= 0; --i) {
        while (x->link(i).forward != nullptr && traversed + x->link(i).span <= r) {
            traversed += x->link(i).span;
            x = x->link(i).forward;
        }
        if (traversed == r) return x == header_ ? nullptr : x;
    }
    return nullptr;
}

// ---- Score and lex ranges --------------------------------------------------------

bool Skiplist::isInRange(const ScoreRange& range) const {
    if (range.isEmpty()) return false;
    // Some node is >= min (the tail is) and some node is <= max (the first is).
    if (tail_ == nullptr || !range.gteMin(tail_->score_)) return false;
    return range.lteMax(first()->score_);
}

const Skiplist::Node* Skiplist::firstInRange(const ScoreRange& range) const {
    if (!isInRange(range)) return nullptr;
    const Node* x = findLastWhere([&](const Node* n) { return !range.gteMin(n->score_); }, nullptr);
    x = x->link(0).forward;  // not NULL: the tail is >= min
    return range.lteMax(x->score_) ? x : nullptr;
}

const Skiplist::Node* Skiplist::lastInRange(const ScoreRange& range) const {
    if (!isInRange(range)) return nullptr;
    // Not the header: the first node is <= max.
    const Node* x = findLastWhere([&](const Node* n) { return range.lteMax(n->score_); }, nullptr);
    return range.gteMin(x->score_) ? x : nullptr;
}

bool Skiplist::isInLexRange(const LexRange& range) const {
    if (range.isEmpty()) return false;
    if (tail_ == nullptr || !range.gteMin(tail_->member_)) return false;
    return range.lteMax(first()->member_);
}

const Skiplist::Node* Skiplist::firstInLexRange(const LexRange& range) const {
    if (!isInLexRange(range)) return nullptr;
    const Node* x = findLastWhere([&](const Node* n) { return !range.gteMin(n->member_); }, nullptr);
    x = x->link(0).forward;
    return range.lteMax(x->member_) ? x : nullptr;
}

const Skiplist::Node* Skiplist::lastInLexRange(const LexRange& range) const {
    if (!isInLexRange(range)) return nullptr;
    const Node* x = findLastWhere([&](const Node* n) { return range.lteMax(n->member_); }, nullptr);
    return range.gteMin(x->member_) ? x : nullptr;
}

// ---- Range deletion --------------------------------------------------------------

template <class Pred>
std::vector<std::string> Skiplist::deleteWhile(Node* x, Node* const* update, Pred keep) {
    std::vector<std::string> removed;
    while (x != nullptr && keep(x)) {
        Node* next = x->link(0).forward;
        unlinkNode(x, update);  // update[] stays right: everything before x is kept
        removed.push_back(std::move(x->member_));
        freeNode(x);
        x = next;
    }
    return removed;
}

std::vector<std::string> Skiplist::deleteRangeByScore(const ScoreRange& range) {
    Node* update[kMaxLevel];
    Node* x = findLastWhere([&](const Node* n) { return !range.gteMin(n->score_); }, update);
    return deleteWhile(x->link(0).forward, update, [&](const Node* n) { return range.lteMax(n->score_); });
}

std::vector<std::string> Skiplist::deleteRangeByLex(const LexRange& range) {
    Node* update[kMaxLevel];
    Node* x = findLastWhere([&](const Node* n) { return !range.gteMin(n->member_); }, update);
    return deleteWhile(x->link(0).forward, update, [&](const Node* n) { return range.lteMax(n->member_); });
}

std::vector<std::string> Skiplist::deleteRangeByRank(unsigned long start, unsigned long end) {
    Node* update[kMaxLevel];
    Node* x = header_;
    unsigned long traversed = 0;  // rank of x
    for (int i = level_ - 1; i >= 0; --i) {
        while (x->link(i).forward != nullptr && traversed + x->link(i).span < start) {
            traversed += x->link(i).span;
            x = x->link(i).forward;
        }
        update[i] = x;
    }
    unsigned long r = traversed + 1;  // rank of the first candidate
    return deleteWhile(x->link(0).forward, update, [&](const Node*) { return r++ <= end; });
}

// ---- Inspection ------------------------------------------------------------------

Skiplist::View Skiplist::view(unsigned long first_rank, size_t max_nodes) const {
    View v;
    v.level = level_;
    v.length = length_;
    auto linkView = [](const Level& l, unsigned long from_rank) {
        return LinkView{l.span, l.forward == nullptr ? 0 : from_rank + l.span};
    };
    for (int i = 0; i < level_; ++i) v.header.push_back(linkView(header_->link(i), 0));
    if (first_rank == 0) first_rank = 1;
    unsigned long r = first_rank;
    for (const Node* x = byRank(first_rank); x != nullptr && v.nodes.size() < max_nodes; x = x->next(), ++r) {
        NodeView nv;
        nv.member = x->member_;
        nv.score = x->score_;
        nv.rank = r;
        nv.level = x->level_;
        for (int i = 0; i < x->level_; ++i) nv.links.push_back(linkView(x->link(i), r));
        v.nodes.push_back(std::move(nv));
    }
    return v;
}

// Shared walk of the three path methods: `go(next, level, rank)` says whether to
// follow the link at `level` to `next`; `stop(x, rank)` ends the walk early after a
// level (byRank and rank stop as soon as they stand on the target). Returns the node
// the walk ends on.
template <class Go, class Stop>
static const Skiplist::Node* walkPath(const Skiplist::Node* header, int top, Skiplist::Path& path, Go go, Stop stop) {
    const Skiplist::Node* x = header;
    unsigned long rank = 0;
    auto stand = [&](int level, unsigned long span) {
        Skiplist::PathStep s;
        s.level = level;
        s.rank = rank;
        s.span = span;
        if (x != header) {
            s.member = x->member();
            s.score = x->score();
        }
        path.steps.push_back(std::move(s));
    };
    stand(top - 1, 0);
    for (int i = top - 1; i >= 0; --i) {
        if (i != top - 1) stand(i, 0);  // dropped one level
        while (x->forward(i) != nullptr && go(x->forward(i), x->span(i), rank)) {
            rank += x->span(i);
            const unsigned long span = x->span(i);
            x = x->forward(i);
            stand(i, span);
        }
        if (stop(x, rank)) return x;
    }
    return x;
}

Skiplist::Path Skiplist::pathToScore(double min, bool exclusive) const {
    assert(!std::isnan(min) && "Skiplist::pathToScore: NaN");
    Path path;
    const ScoreRange range{min, min, exclusive, false};
    const Node* x = walkPath(
        header_, level_, path, [&](const Node* n, unsigned long, unsigned long) { return !range.gteMin(n->score_); },
        [](const Node*, unsigned long) { return false; });
    if (const Node* n = x->link(0).forward) {
        const unsigned long r = path.steps.back().rank + 1;
        path.steps.push_back(PathStep{0, r, 1, n->member_, n->score_});
        path.found = r;
    }
    return path;
}

Skiplist::Path Skiplist::pathToRank(unsigned long r) const {
    Path path;
    walkPath(
        header_, level_, path, [&](const Node*, unsigned long span, unsigned long rank) { return rank + span <= r; },
        [&](const Node*, unsigned long rank) { return rank == r; });
    if (r >= 1 && r <= length_) path.found = r;
    return path;
}

Skiplist::Path Skiplist::pathToMember(std::string_view member, double score) const {
    Path path;
    auto is = [&](const Node* n) { return n != header_ && n->score_ == score && n->member_ == member; };
    walkPath(
        header_, level_, path,
        [&](const Node* n, unsigned long, unsigned long) { return before(n, score, member) || is(n); },
        [&](const Node* n, unsigned long) { return is(n); });
    path.found = rank(member, score);
    return path;
}

bool Skiplist::checkInvariants(std::string* why) const {
    auto fail = [why](const char* msg) {
        if (why != nullptr) *why = msg;
        return false;
    };
    if (level_ < 1 || level_ > kMaxLevel) return fail("level out of range");
    if (header_->level_ != kMaxLevel) return fail("header is not full height");
    // Level 0: order, backward pointers, tail, length; remember every node's rank.
    std::unordered_map<const Node*, unsigned long> ranks;
    int tallest = 1;
    unsigned long n = 0;
    const Node* prev = nullptr;
    for (const Node* x = header_->link(0).forward; x != nullptr; x = x->link(0).forward) {
        ++n;
        ranks[x] = n;
        if (x->level_ < 1 || x->level_ > kMaxLevel) return fail("node level out of range");
        if (x->level_ > level_) return fail("node taller than the list level");
        if (x->level_ > tallest) tallest = x->level_;
        if (x->backward_ != prev) return fail("backward pointer is not the previous node");
        if (std::isnan(x->score_)) return fail("NaN score");
        if (prev != nullptr && !before(prev, x->score_, x->member_)) return fail("order is not strict");
        prev = x;
        if (n > length_) return fail("more nodes than length");
    }
    if (n != length_) return fail("length mismatch");
    if (tail_ != prev) return fail("tail is not the last node");
    if (tallest != level_) return fail("level is not the tallest node's height");
    // Every level: links skip exactly `span` level-0 steps, and every node at least
    // i+1 tall is on level i.
    for (int i = 0; i < kMaxLevel; ++i) {
        if (i >= level_) {
            if (header_->link(i).forward != nullptr) return fail("header link above the level");
            continue;
        }
        unsigned long from = 0;  // rank of the current node (header = 0)
        unsigned long on_level = 0;
        const Node* x = header_;
        for (;;) {
            const Level& l = x->link(i);
            if (l.forward == nullptr) {
                if (l.span != length_ - from) return fail("NULL link span is not the steps to the end");
                break;
            }
            auto it = ranks.find(l.forward);
            if (it == ranks.end()) return fail("link to a node not on level 0");
            if (l.forward->level_ <= i) return fail("link to a node too short for the level");
            if (it->second <= from) return fail("link goes backwards");
            if (l.span != it->second - from) return fail("span is not the level-0 distance");
            ++on_level;
            from = it->second;
            x = l.forward;
        }
        unsigned long tall = 0;
        for (const auto& [node, r] : ranks) tall += node->level_ > i ? 1 : 0;
        if (tall != on_level) return fail("a node is missing from one of its levels");
    }
    return true;
}

}  // namespace redsim
