# Lesson tests that run the `redsim` binary (included from tests/CMakeLists.txt).
#   lessons.check  `redsim check lessons/`: every shipped lesson is sound (CI's guarantee)
#   lessons.cli    guided mode through a pipe, :submit, then `redsim grade` in every format,
#                  exit codes, determinism, hostile submissions
find_package(Python3 COMPONENTS Interpreter REQUIRED)

add_test(NAME lessons.check COMMAND $<TARGET_FILE:redsim> check ${PROJECT_SOURCE_DIR}/lessons)
set_tests_properties(lessons.check PROPERTIES LABELS lessons TIMEOUT 300
  PASS_REGULAR_EXPRESSION "redsim check: [0-9]+ lessons, 0 problems\n$")

add_test(NAME lessons.cli
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/cli_test.py $<TARGET_FILE:redsim> ${PROJECT_SOURCE_DIR})
set_tests_properties(lessons.cli PROPERTIES LABELS lessons TIMEOUT 300)
