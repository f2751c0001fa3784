// guide.h — a learner going through a lesson, for any face.
//
// The Guide keeps where the learner is (the page), the hints they revealed, the steps
// whose checks passed, and everything they typed (with step markers: the submission).
// The REPL's guided mode (guided_repl.cpp) and the GUI's lesson pane both drive one; it
// draws nothing itself. It observes the learner's repl::Session to record their lines.
//
// Progress is saved per user, one file per lesson, under $XDG_DATA_HOME/redsim/progress
// (default ~/.local/share/redsim/progress), and resumed by replaying the recorded lines on
// the lesson's fresh engine.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lesson/check.h"
#include "lesson/lesson.h"
#include "repl/session.h"

namespace redsim::lesson {

struct Progress {
    size_t page = 0;
    std::map<std::string, int> hints;  // step slug → hints revealed
    std::set<std::string> passed;      // steps whose checks all passed at their last :check
    std::vector<std::string> record;   // the submission's lines: markers and what was typed
};

class Guide : public repl::SessionObserver {
public:
    // Observes `session` (which must outlive the Guide) from now on.
    Guide(const Lesson& lesson, repl::Session& session);
    ~Guide() override;
    Guide(const Guide&) = delete;
    Guide& operator=(const Guide&) = delete;

    const Lesson& lesson() const { return lesson_; }
    repl::Session& session() { return session_; }
    size_t pageIndex() const { return progress_.page; }
    const Page& page() const { return lesson_.pages[progress_.page]; }
    // The current page's step number (1-based among steps), or 0 if it is not a step.
    int stepNumber() const;
    int stepNumberOf(size_t page_index) const;
    int stepCount() const { return static_cast<int>(steps_.size()); }

    // Moves to a page (false if out of range). Entering a step records its marker.
    bool go(size_t page_index);
    bool next() { return go(progress_.page + 1); }
    bool prev() { return progress_.page > 0 && go(progress_.page - 1); }

    // Hints of the current step: how many are shown, and the next one (nullopt: none left
    // or not a step).
    int hintsShown() const;
    std::optional<std::string> revealHint();

    // The commands of the page's ```redis blocks, as typed (for :run).
    std::vector<std::string> exampleLines() const;

    // Evaluates the current step's check blocks (empty if it is not a step) and notes
    // whether all passed.
    std::vector<BlockResult> check();
    bool passed(const std::string& slug) const { return progress_.passed.contains(slug); }
    // The score so far: points of the blocks of passed steps, and the total.
    std::pair<double, double> score() const;

    // The submission: a header, then the record.
    std::string submission() const;

    const Progress& progress() const { return progress_; }

    // Where this user's progress on `lesson_id` is kept.
    static std::string progressPath(const std::string& lesson_id);
    // Saves progress; on failure returns why.
    std::optional<std::string> save() const;
    // Reads saved progress (false if there is none) and replays the recorded lines on the
    // session, quietly; the page and hints come back as they were.
    bool resume();
    // Forgets saved progress (the file too).
    void restart();
    // Save after every change (the learner's lines, pages, hints, checks).
    void setAutosave(bool on) { autosave_ = on; }

    // repl::SessionObserver
    void lineRan(repl::Session& session, std::string_view line) override;

private:
    void markStep();

    const Lesson& lesson_;
    repl::Session& session_;
    std::vector<size_t> steps_;
    Progress progress_;
    void changed() {
        if (autosave_ && !replaying_) (void)save();
    }
    bool replaying_ = false;
    bool autosave_ = false;
    std::optional<size_t> marked_;  // the page whose marker was recorded last
};

// Adds the lesson meta commands (:lesson :next :prev :step :run :hint :check :progress
// :submit) to the REPL's (repl::addMetaCommands), for any face whose Session a Guide
// observes: they find it through Session::observer() and do nothing without one. Defined
// in guided_repl.cpp; the terminal's guided mode and redsim-gui call it at start.
void addLessonMetaCommands();

}  // namespace redsim::lesson
