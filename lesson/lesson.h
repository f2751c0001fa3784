// lesson.h — a lesson file, parsed.
//
// A lesson is Markdown with TOML front matter (docs/lessons.md is the instructor's guide):
//
//   +++
//   id = "06-sorted-sets"            title, level, minutes, topics, seed, clock,
//   ...                              config, setup, view
//   +++
//   # Sorted sets and leaderboards   (optional top heading: the title as a reader sees it)
//   ## Goal                          what the learner will be able to do
//   ## Example                       a worked session: one ```redis block, or more
//   ## <a step>                      any number of steps: prose, ```redis blocks,
//   ## <another step>                ```check blocks, "> Hint:" quotes
//   ## Gotchas                       what trips people up
//
// Goal, Example and Gotchas are pages like the steps (the guided mode shows them in
// order), but only steps hold checks. Everything keeps its line number, so every error
// points at `file:line`.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "lesson/check.h"

namespace redsim::lesson {

// One line of a ```redis block: a command as typed at the prompt (a meta line such as
// `:time +10s` too) and the reply redis-cli prints for it (TTY form, possibly several
// lines, possibly empty).
struct ExampleCommand {
    int line = 0;          // of the command in the file
    std::string command;   // "ZADD board 100 alice"
    std::string expected;  // "(integer) 1\n"; empty for a meta line that prints nothing
};

struct RedisBlock {
    int line = 0;  // of the opening fence
    std::vector<ExampleCommand> commands;
};

enum class PageKind { Goal, Example, Step, Gotchas };

struct Page {
    PageKind kind = PageKind::Step;
    int line = 0;       // of the "## " heading
    std::string title;  // the heading's text
    std::string slug;   // title in lower case, words joined by '-' ("add-the-players")
    // The page's Markdown without its heading, without its hints and without its check
    // blocks (they are shown their own way); ```redis blocks stay in the text.
    std::string prose;
    std::vector<RedisBlock> examples;  // its ```redis blocks, in order
    std::vector<CheckBlock> checks;    // its ```check blocks, in order
    std::vector<std::string> hints;    // the text of each "> Hint:" quote, in order
};

struct FrontMatter {
    std::string id;  // unique in the course; by convention the file's stem
    std::string title;
    std::string level;  // "beginner" | "intermediate" | "advanced"
    int minutes = 0;
    std::vector<std::string> topics;
    uint64_t seed = 0;
    bool virtual_clock = true;  // clock = "virtual" (the default) or "real"
    // CONFIG SET pairs applied before setup, in file order.
    std::vector<std::pair<std::string, std::string>> config;
    // Commands run silently before the first page (as typed at the prompt).
    std::vector<std::string> setup;
    std::string view;  // the GUI view to open ("skiplist"); empty: the GUI picks
};

struct Lesson {
    std::string file;  // as given to parseLesson
    FrontMatter meta;
    std::string intro;  // Markdown between the front matter and the first "## "
    std::vector<Page> pages;

    // Steps only (pages of kind Step), in order: their indexes into `pages`.
    std::vector<size_t> stepIndexes() const;
    // The page whose slug is `slug`, or nullptr.
    const Page* findPage(std::string_view slug) const;
};

// A problem found while reading a lesson: `file:line: message` when printed.
struct Diagnostic {
    std::string file;
    int line = 0;
    std::string message;
    std::string str() const;  // "lessons/06.md:12: unknown operator '=~'"
};

// Parses a lesson from its text. Problems go to `diags` (a lesson with errors may still
// be returned, as far as it could be read); returns nullopt only when nothing usable
// came out (no front matter at all, TOML that does not parse).
std::optional<Lesson> parseLesson(std::string_view text, const std::string& file, std::vector<Diagnostic>& diags);
// Reads and parses a file; a file that cannot be read is a diagnostic at line 0.
std::optional<Lesson> loadLesson(const std::string& path, std::vector<Diagnostic>& diags);

// The view names a lesson's `view` may give: those of redsim-gui.
std::span<const std::string_view> guiViewNames();

// "Add the players!" -> "add-the-players".
std::string slugify(std::string_view title);

// lessons/course.toml: the lessons in order, with prerequisites.
struct CourseEntry {
    int line = 0;  // of its [[lesson]] in course.toml
    std::string id;
    std::string file;  // relative to the course file's directory
    std::vector<std::string> requires_ids;
};
struct Course {
    std::string title;
    std::vector<CourseEntry> lessons;
};
std::optional<Course> loadCourse(const std::string& path, std::vector<Diagnostic>& diags);

}  // namespace redsim::lesson
