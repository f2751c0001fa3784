#include "lesson/grade.h"

#include <chrono>
#include <cmath>

#include "engine/util/text.h"

namespace redsim::lesson {

namespace {

std::string testName(const Page& page, int step_no, size_t block, size_t blocks) {
    std::string name = std::to_string(step_no) + ". " + page.title;
    if (blocks > 1) name += " (check " + std::to_string(block + 1) + ")";
    return name;
}

}  // namespace

bool Submission::hasMarkers() const {
    for (const auto& l : lines)
        if (l.step > 0) return true;
    return false;
}

std::optional<std::pair<int, std::string>> parseStepMarker(std::string_view line) {
    line = trimBlanks(line);
    if (!line.starts_with('#')) return std::nullopt;
    std::string_view t = trimBlanks(line.substr(1));
    if (!t.starts_with("step ")) return std::nullopt;
    t = trimBlanks(t.substr(5));
    int n = 0;
    size_t i = 0;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])) && n < 100000) n = n * 10 + (t[i++] - '0');
    if (i == 0 || n <= 0) return std::nullopt;
    std::string_view rest = trimBlanks(t.substr(i));
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
    if (!rest.empty()) rest = trimBlanks(rest.substr(1));
    return std::make_pair(n, std::string(rest));
}

std::string stepMarker(int number, std::string_view slug) {
    return "# step " + std::to_string(number) + (slug.empty() ? "" : ": " + std::string(slug));
}

Submission parseSubmission(std::string_view text) {
    Submission sub;
    const std::vector<std::string_view> lines = splitLines(text);
    for (size_t i = 0; i < lines.size(); ++i) {
        const int ln = static_cast<int>(i) + 1;
        const std::string_view l = lines[i];
        const std::string_view t = trimBlanks(l);
        if (t.empty()) continue;
        if (t.front() == '#') {
            if (auto m = parseStepMarker(t))
                sub.lines.push_back({.line = ln, .step = m->first, .slug = m->second, .text = {}});
            else if (const std::string_view c = trimBlanks(t.substr(1)); c.starts_with("lesson:"))
                sub.lesson_id = std::string(trimBlanks(c.substr(7)));
            continue;
        }
        sub.lines.push_back({.line = ln, .step = 0, .slug = {}, .text = std::string(l)});
    }
    return sub;
}

Submission exampleSolution(const Lesson& lesson) {
    Submission sub;
    sub.lesson_id = lesson.meta.id;
    int n = 0;
    for (size_t idx : lesson.stepIndexes()) {
        const Page& p = lesson.pages[idx];
        ++n;
        sub.lines.push_back({.line = p.line, .step = n, .slug = p.slug, .text = {}});
        for (const auto& b : p.examples)
            for (const auto& c : b.commands)
                sub.lines.push_back({.line = c.line, .step = 0, .slug = {}, .text = c.command});
    }
    return sub;
}

GradeReport grade(const Lesson& lesson, const Submission& sub, const GradeOptions& opts) {
    const auto t0 = std::chrono::steady_clock::now();
    GradeReport rep;
    rep.lesson_id = lesson.meta.id;
    rep.lesson_title = lesson.meta.title;
    rep.lesson_file = lesson.file;
    rep.submission_file = opts.submission_file;
    rep.pass_score = opts.pass_score;
    if (!sub.lesson_id.empty() && sub.lesson_id != lesson.meta.id)
        rep.notes.push_back("the submission says it is for lesson " + sub.lesson_id + ", not " + lesson.meta.id);

    const std::vector<size_t> steps = lesson.stepIndexes();
    // One slot per check block, filled when its step is evaluated.
    std::vector<std::vector<std::optional<BlockResult>>> results(steps.size());
    for (size_t s = 0; s < steps.size(); ++s) results[s].resize(lesson.pages[steps[s]].checks.size());

    LessonSession ls(lesson, {.tty_format = true, .sandbox = opts.limits, .data_dir = {}});
    for (const auto& p : ls.setupProblems()) rep.notes.push_back("lesson " + p);
    auto evaluateStep = [&](size_t s) {
        const Page& page = lesson.pages[steps[s]];
        for (size_t b = 0; b < page.checks.size(); ++b) results[s][b] = evaluate(page.checks[b], ls.session());
    };

    std::optional<size_t> current;  // the step being worked on (index into steps)
    for (const SubmissionLine& l : sub.lines) {
        if (l.step > 0) {
            std::optional<size_t> next;
            if (!l.slug.empty())
                for (size_t s = 0; s < steps.size(); ++s)
                    if (lesson.pages[steps[s]].slug == l.slug) next = s;
            if (!next && l.step <= static_cast<int>(steps.size())) next = static_cast<size_t>(l.step - 1);
            if (!next) {
                rep.notes.push_back("line " + std::to_string(l.line) + ": there is no step " + std::to_string(l.step) +
                                    (l.slug.empty() ? "" : " (" + l.slug + ")") + " in this lesson");
                continue;
            }
            if (current && !ls.stopped()) evaluateStep(*current);
            current = next;
            continue;
        }
        if (ls.stopped()) break;
        (void)ls.run(l.text);
        if (!ls.lastRefusal().empty()) rep.notes.push_back("line " + std::to_string(l.line) + ": " + ls.lastRefusal());
        if (ls.stopped()) rep.notes.push_back("line " + std::to_string(l.line) + ": " + ls.stopReason());
    }
    if (current) evaluateStep(*current);
    for (size_t s = 0; s < steps.size(); ++s)
        for (size_t b = 0; b < results[s].size(); ++b)
            if (!results[s][b]) results[s][b] = evaluate(lesson.pages[steps[s]].checks[b], ls.session());
    rep.commands_run = ls.commandsRun();

    bool all = true;
    for (size_t s = 0; s < steps.size(); ++s) {
        const Page& page = lesson.pages[steps[s]];
        for (size_t b = 0; b < results[s].size(); ++b) {
            const BlockResult& r = *results[s][b];
            TestReport t;
            t.name = testName(page, static_cast<int>(s + 1), b, results[s].size());
            t.step_title = page.title;
            t.step_slug = page.slug;
            t.step_number = static_cast<int>(s + 1);
            t.block = static_cast<int>(b + 1);
            t.score = r.score;
            t.max_score = r.max_score;
            t.passed = r.passed;
            t.assertions = r.assertions;
            rep.score += t.score;
            rep.max_score += t.max_score;
            all = all && t.passed;
            rep.tests.push_back(std::move(t));
        }
    }
    rep.passed = opts.pass_score ? rep.score + 1e-9 >= *opts.pass_score : all;
    rep.execution_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return rep;
}

}  // namespace redsim::lesson
