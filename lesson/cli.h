// cli.h — the `redsim lesson`, `redsim grade` and `redsim check` subcommands.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace redsim::lesson {

// Parses a subcommand's arguments (argv after the subcommand); returns the exit status
// when parsing ended the run (--help, a bad option), nullopt to go on.
std::optional<int> parseArgs(CLI::App& app, const std::vector<std::string>& args);

// `redsim check PATH…`: validate.h. Exit 0 when every lesson is sound.
int checkMain(const std::vector<std::string>& args);
// `redsim grade LESSON --submission FILE [--format F] [--output PATH] [--pass-score N]`.
int gradeMain(const std::vector<std::string>& args);
// `redsim lesson [FILE]`: guided mode in the terminal.
int lessonMain(const std::vector<std::string>& args);

}  // namespace redsim::lesson
