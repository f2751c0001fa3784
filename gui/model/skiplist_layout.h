// The skiplist view's model (gui/views/skiplist.cpp), without ImGui: where the towers
// of a window of consecutive ranks go, where each forward link starts and ends (to a
// column of the window, off the window's right edge, into the hidden ranks before it,
// or to NULL), which window to show so that the animated search path stays in sight,
// which step of the path is showing at a given time, and what the last lookup command
// on the key asked for (ZSCORE / ZRANK / ZREVRANK / ZINCRBY / ZADD: a member;
// ZRANGEBYSCORE / ZCOUNT / ZRANGE BYSCORE: a score; ZRANGE: a rank).
//
// Pugh's drawing: the header column on the left, then one tower of `level` boxes per
// node in rank order, level 0 at the bottom; every link an arrow along its level from
// the right side of its tower to the left side of the tower it points at, with its span.
// When the window does not start at rank 1 a narrow "gap" column after the header
// stands for the hidden ranks 1 .. first-1.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/ds/skiplist.h"
#include "engine/inspect/value.h"
#include "gui/model/state.h"

namespace redsim::gui {

// Sizes in pixels at scale 1 (the view multiplies by the content scale).
struct SkiplistGeometry {
    float pitch = 68;     // from one node column to the next
    float box_w = 50;     // a tower's width
    float box_h = 18;     // one level's box
    float level_h = 26;   // from one level to the next
    float header_w = 48;  // the header tower
    float gap_w = 44;     // the "…" column for hidden ranks
    float null_w = 64;    // the NULL column after the last node
    float margin = 8;     // left and top
    float label_h = 40;   // member and score under the towers
};

// The place of every column and level for one window of a skiplist.
struct SkiplistLayout {
    SkiplistGeometry g;
    unsigned long first_rank = 1;  // rank of the first column (1-based)
    size_t columns = 0;            // node columns shown
    unsigned long length = 0;      // nodes in the whole list
    int levels = 1;                // levels in use (rows drawn)
    bool gap = false;              // ranks 1 .. first_rank-1 are hidden
    bool reaches_end = false;      // the last column is the last node: a NULL column follows

    unsigned long lastRank() const { return columns == 0 ? first_rank - 1 : first_rank + columns - 1; }
    bool inWindow(unsigned long rank) const { return rank >= first_rank && rank <= lastRank() && columns > 0; }
    float headerX() const { return g.margin; }
    float gapX() const { return headerX() + g.header_w + g.pitch - g.box_w; }
    // Left side of the tower of `rank`. Requires: inWindow(rank).
    float columnX(unsigned long rank) const;
    // The NULL column (reaches_end) or, otherwise, the right edge links leave by.
    float endX() const;
    float width() const { return endX() + g.null_w + g.margin; }
    // Top of the box of `level` (0 = the bottom row).
    float levelY(int level) const;
    float labelY() const { return levelY(0) + g.box_h + 4; }
    float height() const { return labelY() + g.label_h; }
    // Where a link leaves `rank` (right side of its tower; 0 = the header) and where it
    // arrives at `rank` (left side). Ranks outside the window map to the gap column
    // (before it) or the right edge (after it).
    float leaveX(unsigned long rank) const;
    float arriveX(unsigned long rank) const;
    // The column whose tower is under x (0 = header or gap, ranks otherwise), for hovering.
    std::optional<unsigned long> rankAt(float x) const;
};

SkiplistLayout layoutWindow(const inspect::SkiplistSnap& s, const SkiplistGeometry& g = {});

// One forward link as drawn.
struct LinkGeom {
    enum class End { Node, Null, Right, Gap };
    unsigned long from_rank = 0;  // 0 = header
    int level = 0;
    unsigned long span = 0;
    unsigned long to_rank = 0;  // 0 = NULL
    End end = End::Node;
    float x0 = 0, x1 = 0, y = 0;  // y: the middle of the level's box
};
// Every link of the header and of the window's nodes.
std::vector<LinkGeom> linkGeometry(const SkiplistLayout& l, const inspect::SkiplistSnap& s);

// The overview of a whole big list above the window: ranks 0 (the header) .. length
// spread over `width` pixels. rankAtX is its inverse, clamped to 1 .. length.
float rankX(unsigned long rank, unsigned long length, float width);
unsigned long rankAtX(float x, unsigned long length, float width);

// The first rank of a window of `count` nodes over a list of `length` that shows rank
// `focus` (0 = the header: the window at rank 1). Keeps `current` while focus lies in
// it at least `margin` columns from its ends (or the list's ends); otherwise puts focus
// a third of the way in. Always within 1 .. max(1, length - count + 1).
unsigned long windowFirst(unsigned long focus, unsigned long length, size_t count, unsigned long current,
                          size_t margin = 3);

// The step of a path showing `elapsed_s` after its animation started, one step every
// `per_step_s`: 0 .. steps-1 (the whole path once done, and when elapsed_s < 0).
size_t stepAt(double elapsed_s, size_t steps, double per_step_s);

// A lookup command on a key, as the view replays it.
struct PathCommand {
    uint64_t seq = 0;  // CommandRecord::seq
    std::string name;  // "ZSCORE", upper case
    inspect::PathQuery query;
    bool reverse = false;  // ZREVRANK: the reply is length - rank
    std::string text;      // the command line, for the caption
};

// "5" / "(5" / "-inf" / "+inf" / "inf" as a ZRANGEBYSCORE bound. nullopt when it is not a
// number or is NaN.
struct ScoreBound {
    double value = 0;
    bool exclusive = false;
};
std::optional<ScoreBound> parseScoreBound(std::string_view arg);

// What `c` asks the skiplist of `key` (a list of `length` nodes), or nullopt when it
// names another key or is not a lookup the view replays.
std::optional<PathCommand> pathCommandOf(const CommandRecord& c, std::string_view key, unsigned long length);
// The newest command in `cmds` (newest last) that pathCommandOf accepts.
std::optional<PathCommand> lastPathCommand(const std::deque<CommandRecord>& cmds, std::string_view key,
                                           unsigned long length);

// One line per step of the path, for a learner: step 0 starts on the header; a step
// with a span follows a link; one without drops a level. With `win`, a drop names the
// node the link above would have led to (when the window holds the node dropped on).
std::string stepCaption(const Skiplist::Path& p, size_t i, const inspect::SkiplistSnap* win = nullptr);
// "9 steps for 100000 nodes; rank = 1 + 4 + 16 + 2 = 23; ZRANK replies 22".
std::string pathSummary(const Skiplist::Path& p, const PathCommand& cmd, unsigned long length);

}  // namespace redsim::gui
