// cli.h — the `redsim lesson`, `redsim grade` and `redsim check` subcommands.
#pragma once

#include <string>
#include <vector>

namespace redsim::lesson {

// `redsim check PATH…`: validate.h. Exit 0 when every lesson is sound.
int checkMain(const std::vector<std::string>& args);
// `redsim grade LESSON --submission FILE [--format F] [--output PATH] [--pass-score N]`.
int gradeMain(const std::vector<std::string>& args);
// `redsim lesson [FILE]`: guided mode in the terminal.
int lessonMain(const std::vector<std::string>& args);

}  // namespace redsim::lesson
