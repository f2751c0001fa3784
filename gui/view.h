// The base every view of redsim-gui is built on (as ImHex's view.hpp): a view is a
// state struct — its inputs, selections, animation progress and cached derived data —
// plus drawContent(). The App owns one instance of each view, so two windows or two
// engines never share view state, and there are no file statics.
//
// A view draws from GuiState (gui/model/state.h): inspector snapshots of the engine and
// the recorders' histories. It changes the engine only by running commands
// (GuiState::runCommand), so every action is visible in the console and the AOF.
//
// View names are stable: they are what `redsim-gui --view NAME` takes and what
// docs/gui.md lists.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "engine/inspect/value.h"
#include "gui/model/state.h"
#include "gui/model/theme.h"

namespace redsim::gui {

class LessonModel;  // gui/model/lesson_model.h

// What a view draws with, for one frame.
struct Frame {
    GuiState& state;
    const Theme& theme;
    double time_s = 0;              // the UI's animation clock: seconds since start (frames / 60 in
                                    // screenshot runs, so pictures are the same every time)
    double dt_s = 0;                // since the last frame
    float scale = 1.0f;             // content scale (fonts and sizes)
    LessonModel* lesson = nullptr;  // the guided lesson (redsim-gui --lesson), if any
};

class View {
public:
    virtual ~View() = default;
    // Stable name ("skiplist") and the title shown on its tab ("Skiplist").
    virtual std::string_view name() const = 0;
    virtual std::string_view title() const = 0;
    // For views of one key's value: how well this view shows `v` (0: it cannot; higher is
    // better). A view opened on its own (`--view NAME`) picks the key that fits best.
    // Views of the whole server (memory, persistence, pubsub…) return 0.
    virtual int fit(const inspect::ValueSnapshot& v) const {
        (void)v;
        return 0;
    }
    virtual bool keyed() const { return false; }
    // Draws the view into the current ImGui window region (a child the App opened).
    virtual void drawContent(Frame& f) = 0;
};

// Every view, in the order the centre's tab bar shows them. Defined in views/views.cpp.
std::vector<std::unique_ptr<View>> makeViews();

}  // namespace redsim::gui
