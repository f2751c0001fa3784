// The lesson pane's view-model: a guided lesson (lesson::Guide) on the GUI's session,
// its pages laid out for drawing, and its checks' live status.
//
// The pane (gui/views/lesson.cpp) draws from here and acts through here; no ImGui. The
// Guide is the one the REPL's guided mode drives: it observes GuiState's Session, so the
// lesson meta commands (:next, :hint, :check… registered by lesson::addLessonMetaCommands)
// find it through Session::observer() when typed in the console, and the pane follows
// because it reads the Guide every frame.
//
// Checks are re-evaluated (on the learner's engine, which they leave as it was) only when
// something may have changed their outcome: a command, an expiry or eviction, a restart,
// another page, or a second of engine time (TTLs, idle times) — not every frame.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gui/model/state.h"
#include "lesson/guide.h"
#include "lesson/lesson.h"
#include "lesson/markdown.h"

namespace redsim::gui {

// One line of a ```redis block as the pane shows it: a command after the prompt, or the
// reply redis-cli printed.
struct SessionLine {
    bool command = false;
    std::string text;  // without the "redis> " prompt
};

// A Markdown block as the pane draws it: the parsed block plus what drawing needs.
struct PaneBlock {
    lesson::Block block;
    int indent = 0;                  // list nesting (the text is indented this many steps)
    int quotes = 0;                  // block quotes around it (a bar each)
    bool gap = false;                // a blank gap above it (not inside a tight list)
    std::string marker;              // ListItem: "•" or "3."
    bool session = false;            // a ```redis block: drawn as a console session with a Run button
    std::vector<SessionLine> lines;  // session only
    int example = -1;                // session only: its index into the page's examples
};

// Lays out Markdown for the pane. ```redis blocks are numbered in order (`example`), as
// lesson::Page::examples holds them.
std::vector<PaneBlock> layoutMarkdown(std::string_view md);

// A word (or a run of words of one style) placed on a wrapped line.
struct PlacedRun {
    std::string text;
    uint8_t flags = 0;  // lesson::SpanFlag bits
    float x = 0;        // from the left edge of the text
    int line = 0;       // 0, 1, … from the top
};
// Wraps spans into lines `width` wide; `measure` gives a text's width. A word wider than
// a line gets a line of its own (the drawing clips it). Hard breaks start a new line.
std::vector<PlacedRun> wrapSpans(const std::vector<lesson::Span>& spans, float width,
                                 const std::function<float(std::string_view)>& measure);

// "Goal", "Example", "Gotchas", or "Step 2/6" for a step.
std::string pageLabel(const lesson::Guide& g, size_t page_index);

struct LessonModelOptions {
    bool resume = true;    // pick up saved progress (replaying what was typed)
    bool autosave = true;  // save progress after every change
};

class LessonModel {
public:
    // Runs the lesson's setup on `state`'s session silently (its engine must have been
    // made with lesson::lessonEngineOptions), then starts a Guide on that session and,
    // with opts.resume, resumes saved progress. `lesson` and `state` outlive the model.
    LessonModel(GuiState& state, const lesson::Lesson& lesson, LessonModelOptions opts = {});
    ~LessonModel();
    LessonModel(const LessonModel&) = delete;
    LessonModel& operator=(const LessonModel&) = delete;

    const lesson::Lesson& lesson() const { return lesson_; }
    lesson::Guide& guide() { return *guide_; }
    GuiState& state() { return state_; }
    // Setup lines or configs that failed ("setup: …"); also printed in the console.
    const std::vector<std::string>& setupProblems() const { return problems_; }
    bool resumed() const { return resumed_; }

    // Once a frame: re-evaluates the checks when the change stamp moved. `ui_time_s` is
    // the UI's clock (time-only re-evaluations are spaced at least 0.25 s apart).
    void update(double ui_time_s);

    // The current page's prose, laid out (cached per page).
    const std::vector<PaneBlock>& pageBlocks();
    // A revealed hint of the current step, laid out (cached).
    const std::vector<PaneBlock>& hintBlocks(size_t hint);
    // The intro (before the first page), laid out.
    const std::vector<PaneBlock>& introBlocks();

    // The live status of the current page's checks (empty if it has none).
    const std::vector<lesson::BlockResult>& liveChecks() const { return live_; }
    bool livePassed() const;
    // How many times the checks were evaluated (tests: not every frame).
    uint64_t evaluations() const { return evaluations_; }

    // ---- actions -----------------------------------------------------------------
    // Runs example `i` of the page in the console, line by line, as if typed.
    void runExample(size_t i);
    // `:check` in the console: the Guide marks the step passed or not, the console lists
    // each assertion.
    void check();
    bool go(size_t page);
    bool next() { return go(guide_->pageIndex() + 1); }
    bool prev() { return guide_->pageIndex() > 0 && go(guide_->pageIndex() - 1); }
    // Shows the step's next hint; false when there is none left.
    bool revealHint();
    // `:submit PATH` in the console (the Guide's submission written to PATH).
    void submit(const std::string& path);

    // What the last action said (the console's last line after :check / :submit).
    const std::string& status() const { return status_; }
    std::string submission_path = "./submission.txt";
    // Set by the pane's "Restart lesson": the App rebuilds the engine and the model.
    bool restart_requested = false;

private:
    // Everything that may change a check's outcome, apart from time.
    struct Stamp {
        uint64_t generation = 0, dirty = 0, commands = 0, expired = 0, evicted = 0, gui_commands = 0;
        size_t page = ~size_t{0};
        bool operator==(const Stamp&) const = default;
    };
    Stamp stampNow() const;
    void evaluate();
    std::string lastConsoleLine() const;

    GuiState& state_;
    const lesson::Lesson& lesson_;
    std::vector<std::string> problems_;
    std::unique_ptr<lesson::Guide> guide_;
    bool resumed_ = false;

    std::vector<lesson::BlockResult> live_;
    Stamp stamp_;
    int64_t stamp_second_ = -1;  // engine time (s) of the last evaluation
    double last_eval_ui_ = -1e9;
    uint64_t evaluations_ = 0;

    size_t blocks_page_ = ~size_t{0};
    std::vector<PaneBlock> blocks_;
    std::vector<std::vector<PaneBlock>> hint_blocks_;  // per hint of the cached page
    std::optional<std::vector<PaneBlock>> intro_blocks_;
    const std::vector<PaneBlock> no_blocks_;
    std::string status_;
};

}  // namespace redsim::gui
