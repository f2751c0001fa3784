# REPL tests that run the `redsim` binary (included from tests/CMakeLists.txt).
#   repl.pty       drives the interactive REPL through a pseudo-terminal
#   repl.hint_cli  `redsim --hint` prints what the prompt would show
#   repl.explain_cli  :explain from `-e` on the embedded engine
#   repl.load_rdb  --load FILE loads a redis-server dump into the embedded engine
find_package(Python3 COMPONENTS Interpreter REQUIRED)

add_test(NAME repl.pty
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/pty_test.py $<TARGET_FILE:redsim>)
set_tests_properties(repl.pty PROPERTIES TIMEOUT 60 LABELS repl)

add_test(NAME repl.hint_cli COMMAND $<TARGET_FILE:redsim> --hint "SET key value EX ")
set_tests_properties(repl.hint_cli PROPERTIES LABELS repl
  PASS_REGULAR_EXPRESSION "^seconds \\[NX \\| XX\\] \\[GET\\]\n$")

# :explain through the binary (-e lines run in one session).
add_test(NAME repl.explain_cli COMMAND $<TARGET_FILE:redsim> -e "SET k 12345" -e ":explain k")
set_tests_properties(repl.explain_cli PROPERTIES LABELS repl
  PASS_REGULAR_EXPRESSION "\ntype string, encoding int, 5 bytes\n")

# --load FILE: a redis-server dump in the embedded engine (and a missing file is an error).
add_test(NAME repl.load_rdb COMMAND $<TARGET_FILE:redsim> --load ${PROJECT_SOURCE_DIR}/tests/persist/fixtures/small.rdb
  -e "GET str" -e "OBJECT ENCODING zbig" -e "XLEN stream")
set_tests_properties(repl.load_rdb PROPERTIES LABELS repl PASS_REGULAR_EXPRESSION "^hello\nskiplist\n5\n$")
add_test(NAME repl.load_rdb_missing COMMAND $<TARGET_FILE:redsim> --load /nonexistent/dump.rdb -e "PING")
set_tests_properties(repl.load_rdb_missing PROPERTIES LABELS repl WILL_FAIL TRUE)
