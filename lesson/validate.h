// validate.h — `redsim check`: is a lesson (or a course of them) sound?
//
// For each lesson: the front matter and the page shape parse cleanly; its config and
// setup run; every ```redis block, replayed, prints exactly the replies written under
// its commands (the Example page on an engine of its own, the steps one after another on
// another, as a learner would type them); every ```check block passes against the
// lesson's example solution and fails against an empty submission, both graded exactly
// as `redsim grade` grades. For a directory: every lesson in it, and its course.toml.
#pragma once

#include <string>
#include <vector>

#include "lesson/lesson.h"

namespace redsim::lesson {

// Checks one parsed lesson; appends problems to `diags`.
void validateLesson(const Lesson& lesson, std::vector<Diagnostic>& diags);

// Checks files and directories (lessons/*.md and lessons/course.toml). Returns the number
// of lessons checked.
size_t validatePaths(const std::vector<std::string>& paths, std::vector<Diagnostic>& diags);

}  // namespace redsim::lesson
