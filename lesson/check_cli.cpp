// `redsim check`: lessons/ validated as CI runs it (validate.h).
#include <CLI/CLI.hpp>
#include <cstdio>

#include "lesson/cli.h"
#include "lesson/validate.h"

namespace redsim::lesson {

int checkMain(const std::vector<std::string>& args) {
    CLI::App app{"redsim check: validate lesson files (front matter, steps, checks, replayed replies)", "redsim check"};
    std::vector<std::string> paths;
    bool quiet = false;
    app.add_option("paths", paths, "Lesson files or directories (lessons/)")->required();
    app.add_flag("-q,--quiet", quiet, "Print only the problems");
    std::vector<std::string> rev(args.rbegin(), args.rend());
    try {
        app.parse(rev);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    std::vector<Diagnostic> diags;
    const size_t n = validatePaths(paths, diags);
    for (const auto& d : diags) std::printf("%s\n", d.str().c_str());
    if (!quiet || !diags.empty())
        std::printf("redsim check: %zu lesson%s, %zu problem%s\n", n, n == 1 ? "" : "s", diags.size(),
                    diags.size() == 1 ? "" : "s");
    return diags.empty() && n > 0 ? 0 : 1;
}

}  // namespace redsim::lesson
