// The console's editing model, apart from drawing (Dear ImGui's ExampleAppConsole keeps
// the same split): Tab completion and Up/Down history over a line being typed. The
// candidates and hints come from the REPL's own code (repl/hints.h), so the GUI console
// completes and hints exactly as `redsim` does.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/commands/table.h"
#include "repl/hints.h"

namespace redsim::gui {

// What Tab does to `line` (cursor at its end): with one candidate the last word becomes
// it followed by a space; with several the word grows to their longest common prefix
// (case-insensitively, keeping the typed case) and `candidates` lists them for display.
struct Completion {
    std::string line;
    std::vector<std::string> candidates;  // empty when the line was completed or nothing fits
};
Completion completeLine(const CommandTable& table, std::string_view line, const repl::KeyLister& keys);

// Up/Down through a tab's history as a shell does: Up from a fresh line goes to the
// newest entry; Down past the newest gives back what was being typed.
class HistoryCursor {
public:
    // Returns the line to show after Up (`older`) or Down. `current` is the line as
    // typed now (remembered when history browsing starts).
    std::string move(const std::vector<std::string>& history, std::string_view current, bool older);
    // A line was run or edited: browsing starts again from the newest entry.
    void reset() { pos_ = -1; }

private:
    long pos_ = -1;  // index into history; -1 = the line being typed
    std::string draft_;
};

}  // namespace redsim::gui
