// Skiplist: the ordered half of Redis 7.0's sorted set (zskiplist in src/t_zset.c).
//
// A large sorted set (past zset-max-listpack-entries/-value) is two structures over
// the same members: a dict member -> score answers ZSCORE and "is it there?" in O(1),
// and this skiplist keeps the members ordered by (score, member) for ZRANGE, ZRANK
// and the range commands in O(log N). The dict is the zset's business; this file is
// only the ordered part. What a learner should take away:
//
// LEVELS: EXPRESS LANES OVER A SORTED LINKED LIST
//   Level 0 is an ordinary sorted linked list of every node. Each node also gets a
//   random height: with probability 1/4 it is also in level 1, with 1/16 in level 2,
//   and so on (at most 32 levels, ZSKIPLIST_MAXLEVEL). Higher levels skip more nodes.
//   A search starts at the top level of a header node (a dummy with all 32 levels and
//   no member), runs right while the next node is still smaller than the target, and
//   drops one level when it would overshoot. Expected cost: O(log N) steps, with
//   1/(1-p) = 1.33 links per node on average. Pugh's paper uses p = 1/2; Redis's
//   1/4 trades slightly longer searches for less memory.
//
//       level 2  H ----------------------------> 30 -----------------> NULL
//       level 1  H ------------> 10 -----------> 30 ------> 50 ------> NULL
//       level 0  H ---> 5 -----> 10 ---> 20 ---> 30 -> 40 -> 50 -> 60 -> NULL
//                NULL <- 5 <--- 10 <--- 20 <--- 30 <- 40 <- 50 <- 60   (backward)
//
// HOW REDIS DIFFERS FROM PUGH'S SKIPLIST
//   - Scores may repeat: ties are ordered by the member's bytes (memcmp, then the
//     shorter first), so (score, member) is unique and the order is total.
//   - Each level-0 node has a backward pointer, so ZREVRANGE walks from the tail.
//   - Each forward link carries a span: how many level-0 steps it skips (a link to
//     the very next node has span 1). Summing the spans along a search path gives a
//     node's rank, so ZRANK and "the element at rank r" are O(log N) too. A NULL link
//     at a level in use has span = number of nodes after its node (links that reach
//     past the tail count the steps to the end).
//   - level() is the height of the tallest node (at least 1); searches start there
//     instead of at level 32.
//
// INSERT AND DELETE
//   Insert records, for every level, the last node before the new position (update[])
//   and that node's rank (rank[]). The new node is spliced in after update[i] on each
//   of its levels, and the spans are split: the rank difference tells how much of the
//   old span lies before the new node. Levels above the new node's height just grow
//   by one. Delete mirrors it: links that pointed at the node take over its span (-1),
//   links that jumped over it shrink by one.
//
// DIFFERS FROM REDIS: levels come from the injected Rng (Redis calls random());
// deleteRange* return the removed members instead of deleting them from the zset's
// dict themselves; each node also stores its height (Redis's node does not).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/rng.h"

namespace redsim {

// A score interval, Redis's zrangespec: [min, max] with either end optionally open
// ("(1.5" in ZRANGEBYSCORE). Parsing the command arguments is the zset commands' job.
struct ScoreRange {
    double min = 0;
    double max = 0;
    bool minex = false;  // exclude min
    bool maxex = false;  // exclude max

    bool gteMin(double v) const { return minex ? v > min : v >= min; }  // zslValueGteMin
    bool lteMax(double v) const { return maxex ? v < max : v <= max; }  // zslValueLteMax
    // True if no score can satisfy both ends: min > max, or min == max with an open end.
    bool isEmpty() const { return min > max || (min == max && (minex || maxex)); }
};

// One end of a ZRANGEBYLEX interval, Redis's zslParseLexRangeItem: "-" is below
// every string, "+" above every string, "[abc" includes abc, "(abc" excludes it.
struct LexBound {
    enum class Kind : uint8_t { kValue, kMinusInf, kPlusInf };
    Kind kind = Kind::kValue;
    std::string value;  // used when kind == kValue
    bool exclusive = false;

    // nullopt for anything else (the command replies "min or max not valid string
    // range item"). Like Redis, "-" and "+" count as exclusive.
    static std::optional<LexBound> parse(std::string_view arg);
    // <0, 0, >0 as `v` sorts before, equal to, after this bound's string (Redis's
    // sdscmplex with `v` a real string): "-" is below and "+" above every string.
    int compareTo(std::string_view v) const;
};

// Redis's zlexrangespec.
struct LexRange {
    LexBound min;
    LexBound max;

    static std::optional<LexRange> parse(std::string_view min, std::string_view max);
    bool gteMin(std::string_view v) const;  // zslLexValueGteMin
    bool lteMax(std::string_view v) const;  // zslLexValueLteMax
    // min sorts after max, or they are equal with an open end (both "-": empty).
    bool isEmpty() const;
};

class Skiplist {
public:
    static constexpr int kMaxLevel = 32;  // ZSKIPLIST_MAXLEVEL: enough for 4^32 nodes
    static constexpr double kP = 0.25;    // ZSKIPLIST_P

    class Node;
    // One forward link of a node: the next node on that level and the level-0 steps
    // it skips. Nodes own no links of their own beyond their height.
    struct Level {
        Node* forward;
        unsigned long span;
    };

    // One member. Lives until it is erased, moved by updateScore, removed by a
    // deleteRange* call, or the list is destroyed.
    class Node {
    public:
        const std::string& member() const { return member_; }
        double score() const { return score_; }
        const Node* next() const { return link(0).forward; }  // nullptr after the last
        const Node* prev() const { return backward_; }        // nullptr before the first
        int level() const { return level_; }                  // height, 1..32
        // Link at level i. Requires: 0 <= i < level().
        const Node* forward(int i) const { return link(i).forward; }
        unsigned long span(int i) const { return link(i).span; }

        Node(const Node&) = delete;
        Node& operator=(const Node&) = delete;

    private:
        friend class Skiplist;
        Node(int level, std::string member, double score) : member_(std::move(member)), score_(score), level_(level) {}
        ~Node() = default;
        // The links are stored right after the node in the same allocation, like the
        // flexible array member `level[]` of Redis's zskiplistNode.
        Level& link(int i);
        const Level& link(int i) const;

        std::string member_;
        double score_;
        Node* backward_ = nullptr;
        int level_;
    };

    // Copies for the GUI (no pointers): enough to draw every level and its spans.
    struct LinkView {
        unsigned long span = 0;
        unsigned long to_rank = 0;  // rank of the node it points at; 0 = NULL
    };
    struct NodeView {
        std::string member;
        double score = 0;
        unsigned long rank = 0;       // 1-based
        int level = 0;                // height
        std::vector<LinkView> links;  // one per level, links[0] is level 0
    };
    struct View {
        int level = 1;                 // levels in use
        unsigned long length = 0;      // all nodes, not only those listed
        std::vector<LinkView> header;  // the header's links, one per level in use
        std::vector<NodeView> nodes;   // a window of consecutive ranks
    };

    // An empty list (zslCreate). Keeps a reference to rng, which must outlive it; every
    // insert draws the new node's level from it.
    explicit Skiplist(Rng& rng);
    ~Skiplist();
    // Nodes are referred to by address (and the zset's dict may point at them): the
    // list is neither copyable nor movable. Hold it by unique_ptr.
    Skiplist(const Skiplist&) = delete;
    Skiplist& operator=(const Skiplist&) = delete;

    // zslRandomLevel: 1, plus 1 for every consecutive draw whose low 16 bits fall in
    // the bottom quarter, capped at 32. Consumes one rng.next() per level tried.
    static int randomLevel(Rng& rng);

    // Adds (member, score) and returns its node (zslInsert). Takes ownership of member.
    // Requires: member is not in the list (the zset's dict checks), score is not NaN.
    const Node* insert(std::string member, double score);

    // Removes the node with exactly this (member, score); false if there is none
    // (zslDelete). Invalidates that node.
    bool erase(std::string_view member, double score);

    // Changes member's score from cur_score to new_score and returns its node
    // (zslUpdateScore). If new_score is strictly between the neighbours' scores the node
    // is updated in place (same node, no level drawn); otherwise it is unlinked and
    // reinserted as a new node with a fresh random level, invalidating the old node.
    // Requires: (member, cur_score) is in the list; new_score is not NaN.
    const Node* updateScore(std::string_view member, double cur_score, double new_score);

    // 1-based rank of (member, score), 0 if absent (zslGetRank). O(log N).
    unsigned long rank(std::string_view member, double score) const;
    // The node at 1-based rank r, nullptr if r is 0 or > size() (zslGetElementByRank).
    const Node* byRank(unsigned long r) const;

    // Score ranges. isInRange is zslIsInRange, a quick O(1) filter: false if the range
    // is empty, lies wholly above the last node or wholly below the first; true does
    // not promise a node inside (the range may fall between two nodes).
    // firstInRange / lastInRange (zslFirstInRange, zslLastInRange): the first / last
    // node inside the range, nullptr if none. O(log N).
    bool isInRange(const ScoreRange& range) const;
    const Node* firstInRange(const ScoreRange& range) const;
    const Node* lastInRange(const ScoreRange& range) const;

    // The same three for lex ranges (zslIsInLexRange, zslFirstInLexRange,
    // zslLastInLexRange), comparing members. Meaningful when all scores are equal, as
    // ZRANGEBYLEX requires; with mixed scores the answer is unspecified, as in Redis.
    bool isInLexRange(const LexRange& range) const;
    const Node* firstInLexRange(const LexRange& range) const;
    const Node* lastInLexRange(const LexRange& range) const;

    // Remove every node in the range and return their members in list order, so the
    // caller can delete them from the zset's dict (zslDeleteRangeByScore/ByLex/ByRank).
    // Ranks are 1-based and inclusive; ranks past the end are ignored.
    std::vector<std::string> deleteRangeByScore(const ScoreRange& range);
    std::vector<std::string> deleteRangeByLex(const LexRange& range);
    std::vector<std::string> deleteRangeByRank(unsigned long start, unsigned long end);

    unsigned long size() const { return length_; }
    bool empty() const { return length_ == 0; }
    int level() const { return level_; }  // levels in use, 1..32

    // Ends of level 0 (nullptr when empty). Walk with Node::next() / Node::prev().
    const Node* first() const;
    const Node* last() const { return tail_; }

    // Forward iteration over nodes: `for (const Skiplist::Node& n : list)`.
    class Iterator {
    public:
        using value_type = Node;
        using difference_type = std::ptrdiff_t;
        Iterator() = default;
        const Node& operator*() const { return *n_; }
        const Node* operator->() const { return n_; }
        Iterator& operator++() {
            n_ = n_->next();
            return *this;
        }
        Iterator operator++(int) {
            Iterator old = *this;
            n_ = n_->next();
            return old;
        }
        bool operator==(const Iterator& o) const { return n_ == o.n_; }

    private:
        friend class Skiplist;
        explicit Iterator(const Node* n) : n_(n) {}
        const Node* n_ = nullptr;
    };
    Iterator begin() const { return Iterator(first()); }
    Iterator end() const { return Iterator(nullptr); }

    // A copy of the structure for the GUI: the header's links and up to max_nodes
    // nodes starting at rank first_rank (1-based). O(first_rank + max_nodes * level).
    View view(unsigned long first_rank = 1, size_t max_nodes = SIZE_MAX) const;

    // The way a search walks, for :explain and the GUI. A path is the sequence of
    // places the search stands on: it starts on the header at the top level, and each
    // step either follows a forward link on the same level (span > 0: the rank grows
    // by the span) or drops one level on the same node (span == 0). `rank` is the
    // rank of the node stood on (0 = the header), which is always the sum of the spans
    // followed so far: that sum is how ZRANK is O(log N).
    struct PathStep {
        int level = 0;           // 0-based level the search is on after this step
        unsigned long rank = 0;  // node stood on; 0 = header
        unsigned long span = 0;  // span of the link just followed; 0 = dropped a level
        std::string member;      // of the node stood on ("" for the header)
        double score = 0;
    };
    struct Path {
        std::vector<PathStep> steps;
        unsigned long found = 0;  // rank of the node the lookup ends on; 0 = none
    };
    // zslFirstInRange's search for min (ZRANGEBYSCORE's start, and a ZSCORE-like
    // lookup): run right while the next node's score is below min (or <= min when
    // exclusive), then one last level-0 step onto the first node in range, if any.
    // Requires: min is not NaN.
    Path pathToScore(double min, bool exclusive = false) const;
    // zslGetElementByRank (ZRANGE's start): run right while the spans do not pass r;
    // stops as soon as the spans add up to r, possibly above level 0. found = r when
    // 1 <= r <= size().
    Path pathToRank(unsigned long r) const;
    // zslGetRank (ZRANK): run right while the next node sorts at or before (score,
    // member); found = its rank, 0 if it is not in the list.
    Path pathToMember(std::string_view member, double score) const;

    // Checks every structural invariant (ordering, levels, spans, backward pointers,
    // tail, length); for tests. Returns false and names the first broken one in *why.
    // O(N * level).
    bool checkInvariants(std::string* why = nullptr) const;

private:
    static Node* createNode(int level, std::string member, double score);
    static void freeNode(Node* n);
    // True if node n sorts before (score, member).
    static bool before(const Node* n, double score, std::string_view member);

    // Unlinks x given the last node before it on every level (zslDeleteNode). Does not
    // free x.
    void unlinkNode(Node* x, Node* const* update);
    // Searches from the top level, running right while pred(next node) holds; returns
    // the last node reached on level 0 (the header if none). If update is not null,
    // update[i] is the last node reached on level i. Requires: pred is true for a
    // prefix of the list (the nodes where it holds come first).
    template <class Pred>
    Node* findLastWhere(Pred pred, Node** update) const;
    // Frees every node from x onwards while keep(x) holds, collecting members.
    template <class Pred>
    std::vector<std::string> deleteWhile(Node* x, Node* const* update, Pred keep);

    Rng* rng_;
    Node* header_;
    Node* tail_ = nullptr;
    unsigned long length_ = 0;
    int level_ = 1;
};

}  // namespace redsim
