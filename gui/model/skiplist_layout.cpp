#include "gui/model/skiplist_layout.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "engine/util/numbers.h"
#include "engine/util/text.h"

namespace redsim::gui {

namespace {

float firstColumnX(const SkiplistLayout& l) {
    const float space = l.g.pitch - l.g.box_w;
    float x = l.headerX() + l.g.header_w + space;
    if (l.gap) x += l.g.gap_w + space;
    return x;
}

std::string joined(const std::vector<std::string>& argv) {
    std::string t;
    for (const std::string& a : argv) {
        if (!t.empty()) t += ' ';
        t += a.size() > 24 ? a.substr(0, 22) + ".." : a;
    }
    return t;
}

// Redis's ZRANGE start index (negative from the end) as a 1-based rank.
unsigned long rankOfIndex(long long index, unsigned long length) {
    if (index < 0) index += static_cast<long long>(length);
    if (index < 0) index = 0;
    return static_cast<unsigned long>(index) + 1;
}

}  // namespace

float SkiplistLayout::columnX(unsigned long rank) const {
    return firstColumnX(*this) + static_cast<float>(rank - first_rank) * g.pitch;
}

float SkiplistLayout::endX() const {
    if (columns == 0) return firstColumnX(*this);
    return columnX(lastRank()) + g.pitch;
}

float SkiplistLayout::levelY(int level) const { return g.margin + static_cast<float>(levels - 1 - level) * g.level_h; }

float SkiplistLayout::leaveX(unsigned long rank) const {
    if (rank == 0) return headerX() + g.header_w;
    if (inWindow(rank)) return columnX(rank) + g.box_w;
    if (rank < first_rank) return gapX() + g.gap_w;
    return endX();
}

float SkiplistLayout::arriveX(unsigned long rank) const {
    if (rank == 0) return headerX();
    if (inWindow(rank)) return columnX(rank);
    if (rank < first_rank) return gapX();
    return endX();
}

std::optional<unsigned long> SkiplistLayout::rankAt(float x) const {
    if (x >= headerX() && x < firstColumnX(*this)) return 0;
    if (columns == 0 || x < firstColumnX(*this)) return std::nullopt;
    const float i = std::floor((x - firstColumnX(*this)) / g.pitch);
    if (i < 0 || static_cast<size_t>(i) >= columns) return std::nullopt;
    return first_rank + static_cast<unsigned long>(i);
}

SkiplistLayout layoutWindow(const inspect::SkiplistSnap& s, const SkiplistGeometry& g) {
    SkiplistLayout l;
    l.g = g;
    l.length = s.length;
    l.levels = std::max(1, s.level);
    l.columns = s.nodes.size();
    l.first_rank = s.nodes.empty() ? std::min<unsigned long>(1, s.length + 1) : s.nodes.front().rank;
    if (l.first_rank == 0) l.first_rank = 1;
    l.gap = l.first_rank > 1;
    l.reaches_end = s.nodes.empty() ? s.length == 0 : s.nodes.back().rank == s.length;
    return l;
}

std::vector<LinkGeom> linkGeometry(const SkiplistLayout& l, const inspect::SkiplistSnap& s) {
    std::vector<LinkGeom> out;
    auto add = [&](unsigned long from, int level, const Skiplist::LinkView& lv) {
        LinkGeom g;
        g.from_rank = from;
        g.level = level;
        g.span = lv.span;
        g.to_rank = lv.to_rank;
        g.x0 = l.leaveX(from);
        g.y = l.levelY(level) + l.g.box_h / 2;
        if (lv.to_rank == 0) {
            g.end = LinkGeom::End::Null;
            g.x1 = l.endX();
        } else if (l.inWindow(lv.to_rank)) {
            g.end = LinkGeom::End::Node;
            g.x1 = l.arriveX(lv.to_rank);
        } else if (lv.to_rank < l.first_rank) {
            g.end = LinkGeom::End::Gap;
            g.x1 = l.gapX();
        } else {
            g.end = LinkGeom::End::Right;
            g.x1 = l.endX();
        }
        out.push_back(g);
    };
    for (size_t i = 0; i < s.header.size() && static_cast<int>(i) < l.levels; ++i)
        add(0, static_cast<int>(i), s.header[i]);
    for (const Skiplist::NodeView& n : s.nodes)
        for (size_t i = 0; i < n.links.size() && static_cast<int>(i) < l.levels; ++i)
            add(n.rank, static_cast<int>(i), n.links[i]);
    return out;
}

float rankX(unsigned long rank, unsigned long length, float width) {
    if (length == 0) return 0;
    return static_cast<float>(static_cast<double>(std::min(rank, length)) / static_cast<double>(length) * width);
}

unsigned long rankAtX(float x, unsigned long length, float width) {
    if (length == 0 || width <= 0) return 1;
    const double r = std::round(static_cast<double>(x) / static_cast<double>(width) * static_cast<double>(length));
    return static_cast<unsigned long>(std::clamp(r, 1.0, static_cast<double>(length)));
}

unsigned long windowFirst(unsigned long focus, unsigned long length, size_t count, unsigned long current,
                          size_t margin) {
    const unsigned long max_first = length > count ? length - count + 1 : 1;
    current = std::clamp<unsigned long>(current, 1, max_first);
    if (focus == 0) return 1;
    const unsigned long last = current + count - 1;
    const bool near_start = current == 1 || focus >= current + margin;
    const bool near_end = current == max_first || focus + margin <= last;
    if (focus >= current && focus <= last && near_start && near_end) return current;
    const unsigned long lead = count / 3;
    const unsigned long first = focus > lead ? focus - lead : 1;
    return std::clamp<unsigned long>(first, 1, max_first);
}

size_t stepAt(double elapsed_s, size_t steps, double per_step_s) {
    if (steps == 0) return 0;
    if (elapsed_s < 0 || per_step_s <= 0) return steps - 1;
    const double i = std::floor(elapsed_s / per_step_s);
    return i >= static_cast<double>(steps - 1) ? steps - 1 : static_cast<size_t>(i);
}

std::optional<ScoreBound> parseScoreBound(std::string_view arg) {
    ScoreBound b;
    if (!arg.empty() && arg[0] == '(') {
        b.exclusive = true;
        arg.remove_prefix(1);
    }
    const std::optional<double> v = parseDouble(arg);
    if (!v || std::isnan(*v)) return std::nullopt;
    b.value = *v;
    return b;
}

std::optional<PathCommand> pathCommandOf(const CommandRecord& c, std::string_view key, unsigned long length) {
    const std::vector<std::string>& a = c.argv;
    if (a.size() < 2 || a[1] != key) return std::nullopt;
    PathCommand p;
    p.seq = c.seq;
    p.name = toUpper(a[0]);
    p.text = joined(a);
    inspect::PathQuery& q = p.query;
    auto member = [&](const std::string& m) {
        q.kind = inspect::PathKind::Member;
        q.member = m;
        return std::optional<PathCommand>(p);
    };
    auto score = [&](const std::string& arg) -> std::optional<PathCommand> {
        const std::optional<ScoreBound> b = parseScoreBound(arg);
        if (!b) return std::nullopt;
        q.kind = inspect::PathKind::Score;
        q.score = b->value;
        q.exclusive = b->exclusive;
        return p;
    };
    const std::string& n = p.name;
    if ((n == "ZSCORE" || n == "ZRANK") && a.size() >= 3) return member(a[2]);
    if (n == "ZREVRANK" && a.size() >= 3) {
        p.reverse = true;
        return member(a[2]);
    }
    if (n == "ZINCRBY" && a.size() == 4) return member(a[3]);
    if (n == "ZADD" && a.size() >= 4) {
        // The last member added (options come before the pairs, so the tail is a pair).
        // With INCR, GT, XX… too: the path shows where the member stands now.
        return member(a.back());
    }
    if ((n == "ZRANGEBYSCORE" || n == "ZCOUNT") && a.size() >= 4) return score(a[2]);
    if (n == "ZRANGE" && a.size() >= 4) {
        bool byscore = false, bylex = false, rev = false;
        for (size_t i = 4; i < a.size(); ++i) {
            const std::string o = toUpper(a[i]);
            byscore |= o == "BYSCORE";
            bylex |= o == "BYLEX";
            rev |= o == "REV";
        }
        if (bylex) return std::nullopt;
        if (byscore) return rev ? std::nullopt : score(a[2]);
        const std::optional<long long> start = parseInt64(a[2]);
        if (!start) return std::nullopt;
        q.kind = inspect::PathKind::Rank;
        // ZRANGE ... REV counts from the tail: index i is rank length - i.
        if (rev) {
            const unsigned long r = rankOfIndex(*start, length);
            q.rank = r > length ? 0 : length - r + 1;
        } else {
            q.rank = rankOfIndex(*start, length);
        }
        return p;
    }
    return std::nullopt;
}

std::optional<PathCommand> lastPathCommand(const std::deque<CommandRecord>& cmds, std::string_view key,
                                           unsigned long length) {
    for (auto it = cmds.rbegin(); it != cmds.rend(); ++it) {
        // A write to the key that is not a lookup (ZREM, DEL…) ends the story: the old
        // path no longer describes the list.
        if (auto p = pathCommandOf(*it, key, length)) return p;
        if (it->argv.size() >= 2 && it->argv[1] == key) {
            const std::string n = toUpper(it->argv[0]);
            if (n != "ZCARD" && n != "TYPE" && n != "OBJECT" && n != "MEMORY" && n != "TTL" && n != "PTTL" &&
                n != "EXISTS" && n != "ZMSCORE" && n != "ZRANGEBYLEX" && n != "ZREVRANGE" && n != "ZREVRANGEBYSCORE" &&
                n != "ZSCAN" && n != "ZRANDMEMBER" && n != "DEBUG")
                return std::nullopt;
        }
    }
    return std::nullopt;
}

namespace {

// "rank 12 (leslie, score 630)" for a node of the window, "rank 12" otherwise.
std::string nodeText(unsigned long rank, const inspect::SkiplistSnap* win) {
    std::string t = "rank " + std::to_string(rank);
    if (win && !win->nodes.empty() && rank >= win->nodes.front().rank && rank <= win->nodes.back().rank) {
        const Skiplist::NodeView& n = win->nodes[rank - win->nodes.front().rank];
        t += " (" + n.member + ", score " + formatDouble(n.score) + ")";
    }
    return t;
}

// The link at `level` of the node of `rank` (0 = header), if the window has it.
const Skiplist::LinkView* linkOf(unsigned long rank, int level, const inspect::SkiplistSnap* win) {
    if (!win || level < 0) return nullptr;
    const std::vector<Skiplist::LinkView>* links = nullptr;
    if (rank == 0)
        links = &win->header;
    else if (!win->nodes.empty() && rank >= win->nodes.front().rank && rank <= win->nodes.back().rank)
        links = &win->nodes[rank - win->nodes.front().rank].links;
    if (!links || static_cast<size_t>(level) >= links->size()) return nullptr;
    return &(*links)[static_cast<size_t>(level)];
}

}  // namespace

std::string stepCaption(const Skiplist::Path& p, size_t i, const inspect::SkiplistSnap* win) {
    if (i >= p.steps.size()) return {};
    const Skiplist::PathStep& s = p.steps[i];
    const std::string node =
        s.rank == 0 ? std::string("the header")
                    : "rank " + std::to_string(s.rank) + " (" + s.member + ", score " + formatDouble(s.score) + ")";
    if (i == 0)
        return "start on the header at the top level, level " + std::to_string(s.level) + " (" +
               std::to_string(s.level + 1) + " levels in use)";
    if (s.span == 0) {
        std::string next = "the next node";
        if (const Skiplist::LinkView* l = linkOf(s.rank, s.level + 1, win))
            next = l->to_rank == 0 ? std::string("NULL") : "next " + nodeText(l->to_rank, win);
        const std::string why = next == "NULL" ? " ends the level" : " is past the target";
        return "level " + std::to_string(s.level + 1) + ": " + next + why + ": drop to level " +
               std::to_string(s.level) + " on " + node;
    }
    std::string t = "level " + std::to_string(s.level) + ": span " + std::to_string(s.span) + " -> " + node;
    const bool last = i + 1 == p.steps.size();
    if (last && p.found == s.rank && p.found != 0)
        t += ": found it";
    else
        t += " is not past the target: move right";
    return t;
}

std::string pathSummary(const Skiplist::Path& p, const PathCommand& cmd, unsigned long length) {
    size_t moves = 0, drops = 0;
    std::string sum;
    unsigned long total = 0;
    size_t terms = 0;
    for (size_t i = 1; i < p.steps.size(); ++i) {
        if (p.steps[i].span == 0) {
            ++drops;
            continue;
        }
        ++moves;
        total += p.steps[i].span;
        if (terms < 12) sum += (terms ? " + " : "") + std::to_string(p.steps[i].span);
        ++terms;
    }
    if (terms > 12) sum += " + ...";
    std::string t = std::to_string(p.steps.size() ? p.steps.size() - 1 : 0) + " steps (" + std::to_string(moves) +
                    " right, " + std::to_string(drops) + " down) for " + std::to_string(length) + " nodes";
    if (length > 1) {
        char buf[48];
        std::snprintf(buf, sizeof buf, " (log4 n = %.1f)", std::log(static_cast<double>(length)) / std::log(4.0));
        t += buf;
    }
    if (p.found == 0) return t + "; nothing found";
    t += "; rank = " + (terms ? sum : std::string("0")) + " = " + std::to_string(total);
    if (cmd.name == "ZRANK") t += "; ZRANK replies " + std::to_string(p.found - 1);
    if (cmd.reverse) t += "; ZREVRANK replies " + std::to_string(length - p.found);
    return t;
}

}  // namespace redsim::gui
