// `redsim check` (lessons validated as CI runs it, validate.h) and `redsim grade`
// (grade.h, report.h). `redsim lesson` is guided_repl.cpp.
#include "lesson/cli.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>

#include "lesson/grade.h"
#include "lesson/validate.h"

namespace redsim::lesson {

std::optional<int> parseArgs(CLI::App& app, const std::vector<std::string>& args) {
    std::vector<std::string> rev(args.rbegin(), args.rend());  // CLI11 takes them last first
    try {
        app.parse(rev);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    return std::nullopt;
}

int checkMain(const std::vector<std::string>& args) {
    CLI::App app{"redsim check: validate lesson files (front matter, steps, checks, replayed replies)", "redsim check"};
    std::vector<std::string> paths;
    bool quiet = false;
    app.add_option("paths", paths, "Lesson files or directories (lessons/)")->required();
    app.add_flag("-q,--quiet", quiet, "Print only the problems");
    if (auto status = parseArgs(app, args)) return *status;
    std::vector<Diagnostic> diags;
    const size_t n = validatePaths(paths, diags);
    for (const auto& d : diags) std::printf("%s\n", d.str().c_str());
    if (!quiet || !diags.empty())
        std::printf("redsim check: %zu lesson%s, %zu problem%s\n", n, n == 1 ? "" : "s", diags.size(),
                    diags.size() == 1 ? "" : "s");
    return diags.empty() && n > 0 ? 0 : 1;
}

int gradeMain(const std::vector<std::string>& args) {
    CLI::App app{"redsim grade: replay a submission on a fresh engine and grade it with the lesson's checks",
                 "redsim grade"};
    std::string file, submission_file, format_name = "text", output;
    std::optional<double> pass_score;
    Limits limits;
    app.add_option("lesson", file, "The lesson file")->required();
    app.add_option("--submission", submission_file, "The learner's commands (guided mode's :submit writes it)")
        ->required();
    app.add_option("--format", format_name, "text, json, junit, tap, gradescope or prairielearn")
        ->check(CLI::IsMember({"text", "json", "junit", "tap", "gradescope", "prairielearn"}));
    app.add_option("--output", output, "Write the report here instead of standard output");
    app.add_option("--pass-score", pass_score, "Pass (exit 0) when the score reaches this");
    app.add_option("--max-commands", limits.max_commands, "Commands a submission may run")->check(CLI::PositiveNumber);
    if (auto status = parseArgs(app, args)) return *status;
    std::vector<Diagnostic> diags;
    auto lesson = loadLesson(file, diags);
    if (!lesson || !diags.empty()) {
        for (const auto& d : diags) std::fprintf(stderr, "%s\n", d.str().c_str());
        std::fprintf(stderr, "redsim grade: the lesson has problems (run redsim check %s)\n", file.c_str());
        return 2;
    }
    std::ifstream in(submission_file, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "redsim grade: cannot read %s\n", submission_file.c_str());
        return 2;
    }
    // A submission bigger than the command budget could ever use is cut, not read whole.
    const size_t max_bytes = static_cast<size_t>(limits.max_commands) * 1024 + limits.max_line_bytes;
    std::string text(max_bytes, '\0');
    in.read(text.data(), static_cast<std::streamsize>(max_bytes));
    text.resize(static_cast<size_t>(in.gcount()));
    GradeOptions go{.limits = limits, .pass_score = pass_score, .submission_file = submission_file};
    GradeReport report = grade(*lesson, parseSubmission(text), go);
    if (in.peek() != std::char_traits<char>::eof())
        report.notes.push_back("the submission was cut at " + std::to_string(max_bytes) + " bytes");
    const std::string rendered = renderReport(report, *parseFormat(format_name));
    if (output.empty()) {
        std::fwrite(rendered.data(), 1, rendered.size(), stdout);
    } else {
        std::ofstream out(output, std::ios::binary | std::ios::trunc);
        out << rendered;
        if (!out) {
            std::fprintf(stderr, "redsim grade: cannot write %s\n", output.c_str());
            return 2;
        }
    }
    return report.passed ? 0 : 1;
}

}  // namespace redsim::lesson
