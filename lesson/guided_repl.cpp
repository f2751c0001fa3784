// `redsim lesson`: guided mode in the terminal. The learner reads a page, then works in
// the normal REPL; the lesson's own meta commands (:next, :hint, :check…) are added to
// the REPL's, and a Guide records what they type and saves their progress.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "lesson/cli.h"
#include "lesson/guide.h"
#include "lesson/markdown.h"
#include "lesson/runner.h"
#include "repl/meta.h"
#include "repl/terminal.h"

namespace fs = std::filesystem;

namespace redsim::lesson {

namespace {

struct Style {
    bool color = false;
    int width = 80;
    std::string on(const char* code) const { return color ? std::string("\x1b[") + code + "m" : ""; }
    std::string off() const { return color ? "\x1b[0m" : ""; }
};
Style g_style;

Guide* guideOf(repl::Session& s) { return dynamic_cast<Guide*>(s.observer()); }

std::string pageLabel(const Guide& g, size_t i) {
    const Page& p = g.lesson().pages[i];
    switch (p.kind) {
        case PageKind::Goal:
            return "Goal";
        case PageKind::Example:
            return "Example";
        case PageKind::Gotchas:
            return "Gotchas";
        case PageKind::Step:
            return "Step " + std::to_string(g.stepNumberOf(i)) + "/" + std::to_string(g.stepCount()) + ": " + p.title;
    }
    return p.title;
}

std::string renderPage(const Guide& g) {
    const Page& p = g.page();
    std::string out = "\n" + g_style.on("1;36") + "── " + pageLabel(g, g.pageIndex()) + " ──" + g_style.off() + " " +
                      g_style.on("2") + "(" + std::to_string(g.pageIndex() + 1) + "/" +
                      std::to_string(g.lesson().pages.size()) + ")" + g_style.off() + "\n\n";
    out += renderTerminal(p.prose, TermStyle{.color = g_style.color, .width = g_style.width});
    std::string keys;
    if (!p.examples.empty()) keys += ":run the example · ";
    if (p.kind == PageKind::Step) {
        const int left = static_cast<int>(p.hints.size()) - g.hintsShown();
        if (left > 0) keys += ":hint (" + std::to_string(left) + " left) · ";
        keys += ":check · ";
    }
    if (g.pageIndex() + 1 < g.lesson().pages.size()) keys += ":next · ";
    if (g.pageIndex() > 0) keys += ":prev · ";
    keys += ":progress";
    out += "\n" + g_style.on("2") + keys + g_style.off() + "\n";
    return out;
}

void printChecks(repl::Session& s, const std::vector<BlockResult>& results) {
    bool all = true;
    for (size_t b = 0; b < results.size(); ++b) {
        for (const auto& a : results[b].assertions) {
            if (a.passed)
                s.print(g_style.on("32") + "  ✓ " + g_style.off() + (a.message.empty() ? a.source : a.message) + "\n");
            else
                s.print(g_style.on("31") + "  ✗ " + g_style.off() + a.message + "\n" + g_style.on("2") + "      " +
                        a.source + g_style.off() + "\n");
        }
        all = all && results[b].passed;
    }
    s.print(all ? g_style.on("1;32") + "Step complete." + g_style.off() + " :next when you are ready\n"
                : "Not yet: fix what is marked ✗ and :check again (:hint helps)\n");
}

void metaLesson(repl::Session& s, std::span<const std::string>) {
    if (Guide* g = guideOf(s)) s.print(renderPage(*g));
}

void metaMove(repl::Session& s, std::span<const std::string> argv) {
    Guide* g = guideOf(s);
    if (!g) return;
    const std::string cmd = argv[0];
    bool ok = false;
    if (cmd == ":next") {
        ok = g->next();
        if (!ok) s.print("This is the last page. :progress shows where you are; :submit FILE saves your work.\n");
    } else if (cmd == ":prev") {
        ok = g->prev();
        if (!ok) s.print("This is the first page.\n");
    } else {
        char* end = nullptr;
        const long n = argv.size() == 2 ? std::strtol(argv[1].c_str(), &end, 10) : 0;
        if (argv.size() != 2 || *end != '\0' || n < 1 || n > static_cast<long>(g->lesson().pages.size())) {
            s.print("Usage: :step N, with N from 1 to " + std::to_string(g->lesson().pages.size()) +
                    " (:progress lists the pages)\n");
            return;
        }
        ok = g->go(static_cast<size_t>(n - 1));
    }
    if (ok) s.print(renderPage(*g));
}

void metaRun(repl::Session& s, std::span<const std::string>) {
    Guide* g = guideOf(s);
    if (!g) return;
    const auto lines = g->exampleLines();
    if (lines.empty()) {
        s.print("This page has no example to run.\n");
        return;
    }
    for (const auto& l : lines) {
        s.print(g_style.on("2") + s.prompt() + g_style.off() + l + "\n");
        s.runLine(l);
        s.drainBlocked();
    }
}

void metaHint(repl::Session& s, std::span<const std::string>) {
    Guide* g = guideOf(s);
    if (!g) return;
    if (g->page().kind != PageKind::Step) {
        s.print("Hints belong to steps; this page has none.\n");
        return;
    }
    const int total = static_cast<int>(g->page().hints.size());
    if (auto h = g->revealHint()) {
        s.print(g_style.on("33") + "Hint " + std::to_string(g->hintsShown()) + "/" + std::to_string(total) + ": " +
                g_style.off() + renderTerminal(*h, TermStyle{.color = g_style.color, .width = g_style.width}));
    } else {
        s.print(total == 0 ? "This step has no hints.\n" : "No more hints: that was the last one.\n");
    }
}

void metaCheck(repl::Session& s, std::span<const std::string>) {
    Guide* g = guideOf(s);
    if (!g) return;
    if (g->page().kind != PageKind::Step) {
        s.print("Only steps have checks; this page is " + pageLabel(*g, g->pageIndex()) + ".\n");
        return;
    }
    printChecks(s, g->check());
}

void metaProgress(repl::Session& s, std::span<const std::string>) {
    Guide* g = guideOf(s);
    if (!g) return;
    std::string out = g_style.on("1") + g->lesson().meta.title + g_style.off() + "\n";
    for (size_t i = 0; i < g->lesson().pages.size(); ++i) {
        const Page& p = g->lesson().pages[i];
        std::string mark = "  ";
        if (p.kind == PageKind::Step) mark = g->passed(p.slug) ? g_style.on("32") + "✓ " + g_style.off() : "· ";
        out += (i == g->pageIndex() ? "→ " : "  ") + mark + std::to_string(i + 1) + ". " + pageLabel(*g, i) + "\n";
    }
    const auto [got, total] = g->score();
    char buf[96];
    std::snprintf(buf, sizeof buf, "score %g/%g (as of each step's last :check)\n", got, total);
    out += buf;
    s.print(out);
}

void metaSubmit(repl::Session& s, std::span<const std::string> argv) {
    Guide* g = guideOf(s);
    if (!g) return;
    if (argv.size() != 2) {
        s.print("Usage: :submit FILE\n");
        return;
    }
    std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
    out << g->submission();
    if (!out) {
        s.print("Cannot write " + argv[1] + "\n");
        return;
    }
    s.print("Wrote " + argv[1] + " (" + std::to_string(g->progress().record.size()) +
            " lines). Grade it with: redsim grade " + g->lesson().file + " --submission " + argv[1] + "\n");
}

constexpr repl::MetaCommand kLessonMeta[] = {
    {":lesson", "", ":lesson", "Print the lesson's current page again", metaLesson},
    {":next", "", ":next", "Go to the lesson's next page", metaMove},
    {":prev", "", ":prev", "Go to the lesson's previous page", metaMove},
    {":step", "N", ":step N", "Go to page N of the lesson", metaMove},
    {":run", "", ":run", "Run the page's example commands", metaRun},
    {":hint", "", ":hint", "Reveal the step's next hint", metaHint},
    {":check", "", ":check", "Check the step: each assertion passes or fails, with why", metaCheck},
    {":progress", "", ":progress", "The lesson's pages, the steps passed and the score", metaProgress},
    {":submit", "FILE", ":submit FILE", "Write what you typed (with step markers) for grading", metaSubmit},
};

// The course file: lessons/course.toml under the working directory, or course.toml in it.
std::string findCourse() {
    for (const std::string c : {"lessons/course.toml", "course.toml"})
        if (fs::exists(c)) return c;
    return {};
}

// `redsim lesson` without a file: the course's lessons, numbered, to pick from.
std::string pickLesson() {
    const std::string course_file = findCourse();
    if (course_file.empty()) {
        std::fprintf(stderr, "redsim lesson: no lessons/course.toml here; give a lesson file\n");
        return {};
    }
    std::vector<Diagnostic> diags;
    auto course = loadCourse(course_file, diags);
    if (!course || course->lessons.empty()) {
        for (const auto& d : diags) std::fprintf(stderr, "%s\n", d.str().c_str());
        return {};
    }
    std::printf("%s\n\n", course->title.c_str());
    for (size_t i = 0; i < course->lessons.size(); ++i) {
        const auto& e = course->lessons[i];
        std::string after;  // prerequisites, by their number in the list
        for (const auto& r : e.requires_ids)
            for (size_t j = 0; j < i; ++j)
                if (course->lessons[j].id == r) after += (after.empty() ? "after " : ", ") + std::to_string(j + 1);
        std::vector<Diagnostic> ignored;  // a broken lesson still shows, by its id
        const auto l = loadLesson((fs::path(course_file).parent_path() / e.file).string(), ignored);
        const std::string title = l && !l->meta.title.empty() ? l->meta.title : e.id;
        const bool started = fs::exists(Guide::progressPath(e.id));
        std::printf("%3zu. %-48s %s%s\n", i + 1, title.c_str(), after.c_str(), started ? "  (started)" : "");
    }
    std::printf("\nLesson number: ");
    std::fflush(stdout);
    std::string line;
    if (!std::getline(std::cin, line)) return {};
    char* end = nullptr;
    const long n = std::strtol(line.c_str(), &end, 10);
    if (n < 1 || n > static_cast<long>(course->lessons.size())) {
        std::fprintf(stderr, "redsim lesson: no lesson %s\n", line.c_str());
        return {};
    }
    return (fs::path(course_file).parent_path() / course->lessons[static_cast<size_t>(n - 1)].file).string();
}

}  // namespace

void addLessonMetaCommands() { repl::addMetaCommands(kLessonMeta); }

int lessonMain(const std::vector<std::string>& args) {
    CLI::App app{"redsim lesson: follow a lesson in the REPL (docs/lessons.md)", "redsim lesson"};
    std::string file;
    bool restart = false, no_save = false;
    app.add_option("file", file, "The lesson (lessons/NN-name.md); without it, pick from lessons/course.toml");
    app.add_flag("--restart", restart, "Start the lesson over (forget saved progress)");
    app.add_flag("--no-save", no_save, "Do not save progress");
    if (auto status = parseArgs(app, args)) return *status;
    if (file.empty()) file = pickLesson();
    if (file.empty()) return 1;
    std::vector<Diagnostic> diags;
    auto lesson = loadLesson(file, diags);
    if (!lesson || !diags.empty()) {
        for (const auto& d : diags) std::fprintf(stderr, "%s\n", d.str().c_str());
        if (!lesson) return 1;
    }
    const bool in_tty = isatty(STDIN_FILENO) != 0, out_tty = isatty(STDOUT_FILENO) != 0;
    g_style.color = out_tty;
    addLessonMetaCommands();
    LessonSession ls(*lesson, {.tty_format = true,
                               .colors = out_tty,
                               .interactive = in_tty && out_tty,
                               .sandbox = std::nullopt,
                               .data_dir = {}});
    for (const auto& p : ls.setupProblems()) std::fprintf(stderr, "%s: %s\n", file.c_str(), p.c_str());
    repl::Session& s = ls.session();
    Guide guide(*lesson, s);
    if (restart) guide.restart();
    const bool resumed = !restart && guide.resume();
    guide.setAutosave(!no_save);

    // The intro (its # heading is the title as the author wrote it), then the facts.
    std::string head = lesson->intro.find("# ") == std::string::npos
                           ? g_style.on("1") + lesson->meta.title + g_style.off() + "\n"
                           : std::string();
    if (!resumed) head += renderTerminal(lesson->intro, {.color = g_style.color, .width = g_style.width});
    head += g_style.on("2") + lesson->meta.level + " · about " + std::to_string(lesson->meta.minutes) +
            " min · :help lists the lesson commands" + g_style.off() + "\n";
    if (resumed) head += "Welcome back: you were on page " + std::to_string(guide.pageIndex() + 1) + ".\n";
    s.print(head + renderPage(guide));
    if (in_tty && out_tty) {
        const std::string out = s.takeOutput();
        std::fwrite(out.data(), 1, out.size(), stdout);
        std::fflush(stdout);
        return repl::runInteractive(s);
    }
    // Lines from a pipe: each runs as typed at the prompt.
    std::string out = s.takeOutput();
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::string line;
    while (!s.done() && std::getline(std::cin, line)) {
        s.runLine(line);
        s.drainBlocked();
        out = s.takeOutput();
        std::fwrite(out.data(), 1, out.size(), stdout);
    }
    std::fflush(stdout);
    return 0;
}

}  // namespace redsim::lesson
