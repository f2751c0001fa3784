// View-model of the stream view (gui/views/stream.cpp): the snapshot's entries as one
// list (deleted ones kept, flagged), the listpack nodes as boxes with the entries inside,
// where each consumer group's cursor (last delivered id) falls in that list, idle times
// as text, and the commands the view's buttons run. No ImGui.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/inspect/value.h"

namespace redsim::gui {

// One entry of the stream in id order, with where it lives.
struct StreamRow {
    StreamID id;
    size_t node = 0;   // index in StreamSnap::nodes
    size_t entry = 0;  // index in that node's entries
    bool deleted = false;
    bool same_fields = false;
    const std::vector<inspect::Bytes>* fields = nullptr;  // into the snapshot
};
// Every entry the snapshot holds, nodes in order. The pointers live as long as `s`.
std::vector<StreamRow> streamRows(const inspect::StreamSnap& s);
// Live entries the snapshot left out (cut nodes and entries): XLEN minus those listed.
size_t streamRowsLeftOut(const inspect::StreamSnap& s);

// Where a group's cursor sits: the marker goes before row `index` (the first row whose
// id is above last_id; rows.size() when every listed row was delivered). `exact` when a
// listed row has exactly last_id; `beyond` when last_id is past the listed rows but the
// snapshot left some out (the cursor is somewhere in what is not shown).
struct CursorPos {
    size_t index = 0;
    bool exact = false;
    bool beyond = false;
};
CursorPos cursorPosition(const std::vector<StreamRow>& rows, StreamID last_id, bool rows_cut);

// The nodes as boxes in rows of a `width`-wide area: each box `box_w` wide (shrunk to
// fit at least one), `box_h` tall, `gap` apart. Entries are small cells inside a box.
struct NodeBox {
    float x = 0, y = 0, w = 0, h = 0;
    size_t node = 0;
};
struct NodeLayout {
    std::vector<NodeBox> boxes;
    float height = 0;  // of the whole area
    size_t per_row = 1;
};
NodeLayout layoutNodes(size_t nodes, float width, float box_w, float box_h, float gap);
// Entry cell `i` of `n` inside a box's entry strip (x from, x to), `cols` per line.
struct EntryCell {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};
EntryCell entryCell(size_t i, size_t n, float strip_w, float cell_h, size_t cols);

// "0ms", "850ms", "12.3s", "5m02s", "2h05m", "3d04h"; "-" for a negative time.
std::string idleText(int64_t ms);
// Engine time minus `at`, never negative (0 when `at` is unset).
int64_t idleMs(int64_t now_ms, int64_t at_ms);

// Button commands.
std::vector<std::string> xaddCommand(const std::string& key, const std::string& field, const std::string& value);
std::vector<std::string> xreadgroupCommand(const std::string& key, const std::string& group,
                                           const std::string& consumer, long count = 1);
// XACK key group <oldest pending id>; nullopt when the group has nothing pending.
std::optional<std::vector<std::string>> xackOldestCommand(const std::string& key, const inspect::StreamSnap::Group& g);
// The consumer a group's button reads as: its first consumer, else "c1".
std::string defaultConsumer(const inspect::StreamSnap::Group& g);

}  // namespace redsim::gui
