#include "lesson/validate.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "engine/util/text.h"
#include "lesson/grade.h"
#include "lesson/runner.h"

namespace fs = std::filesystem;

namespace redsim::lesson {

namespace {

// Each line of `text` indented by four spaces, the last without its newline.
std::string indent(std::string_view text) {
    std::string out;
    for (std::string_view l : splitLines(text)) out += (out.empty() ? "    " : "\n    ") + std::string(l);
    return out.empty() ? "    (nothing)" : out;
}

void replayBlocks(const Lesson& lesson, const std::vector<const Page*>& pages, std::vector<Diagnostic>& diags) {
    LessonSession ls(lesson, {.tty_format = true, .sandbox = std::nullopt, .data_dir = {}});
    for (const Page* p : pages)
        for (const RedisBlock& b : p->examples)
            for (const ExampleCommand& c : b.commands) {
                const std::string got = ls.run(c.command);
                if (!outputMatches(c.expected, got))
                    diags.push_back({lesson.file, c.line,
                                     "the reply to '" + c.command + "' differs from the one written\n  written:\n" +
                                         indent(c.expected) + "\n  redsim prints:\n" + indent(got)});
            }
}

}  // namespace

void validateLesson(const Lesson& lesson, std::vector<Diagnostic>& diags) {
    // Config and setup problems come back as notes of the grading runs below (which run
    // the setup through the sandbox, as `redsim grade` will).
    std::vector<const Page*> example, steps;
    for (const Page& p : lesson.pages) {
        if (p.kind == PageKind::Example) example.push_back(&p);
        if (p.kind == PageKind::Step) steps.push_back(&p);
        if (p.kind != PageKind::Step && p.kind != PageKind::Example && !p.examples.empty())
            replayBlocks(lesson, {&p}, diags);  // Goal / Gotchas blocks stand alone too
    }
    replayBlocks(lesson, example, diags);
    replayBlocks(lesson, steps, diags);

    const GradeReport solved = grade(lesson, exampleSolution(lesson), {});
    const GradeReport empty = grade(lesson, Submission{}, {});
    const std::vector<size_t> idx = lesson.stepIndexes();
    for (size_t t = 0; t < solved.tests.size() && t < empty.tests.size(); ++t) {
        const TestReport& ok = solved.tests[t];
        const Page& page = lesson.pages[idx[static_cast<size_t>(ok.step_number - 1)]];
        const CheckBlock& block = page.checks[static_cast<size_t>(ok.block - 1)];
        if (!ok.passed) {
            for (const auto& a : ok.assertions)
                if (!a.passed)
                    diags.push_back({lesson.file, a.line,
                                     "this check fails against the lesson's own solution (the step's ```redis "
                                     "blocks): " +
                                         a.message});
        }
        if (empty.tests[t].passed)
            diags.push_back({lesson.file, block.line,
                             "this check block passes against an empty submission: it must need the learner's work"});
    }
    for (const auto& n : solved.notes) diags.push_back({lesson.file, 1, "grading the example solution: " + n});
}

size_t validatePaths(const std::vector<std::string>& paths, std::vector<Diagnostic>& diags) {
    size_t checked = 0;
    for (const std::string& path : paths) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            std::vector<std::string> files;
            for (const auto& e : fs::directory_iterator(path, ec))
                if (e.path().extension() == ".md" && e.path().filename() != "README.md")
                    files.push_back(e.path().string());
            std::sort(files.begin(), files.end());
            std::map<std::string, std::string> ids;  // file name → lesson id
            for (const auto& f : files) {
                auto lesson = loadLesson(f, diags);
                if (!lesson) continue;
                ids[fs::path(f).filename().string()] = lesson->meta.id;
                validateLesson(*lesson, diags);
                ++checked;
            }
            const std::string course_file = (fs::path(path) / "course.toml").string();
            if (fs::exists(course_file)) {
                if (auto course = loadCourse(course_file, diags)) {
                    std::set<std::string> listed;
                    for (const auto& e : course->lessons) {
                        listed.insert(e.file);
                        auto it = ids.find(e.file);
                        if (it == ids.end())
                            diags.push_back({course_file, e.line, "lesson " + e.id + ": no lesson file " + e.file});
                        else if (it->second != e.id)
                            diags.push_back({course_file, e.line, e.file + " has id " + it->second + ", not " + e.id});
                    }
                    for (const auto& [file, id] : ids)
                        if (!listed.contains(file))
                            diags.push_back({course_file, 1, file + " (" + id + ") is not listed in course.toml"});
                }
            }
        } else {
            auto lesson = loadLesson(path, diags);
            if (!lesson) continue;
            validateLesson(*lesson, diags);
            ++checked;
        }
    }
    return checked;
}

}  // namespace redsim::lesson
