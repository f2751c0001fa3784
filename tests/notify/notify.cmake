# Keyspace notifications (included from tests/CMakeLists.txt).
#   notify.fixture*        the doctest tests/notify/notify_fixture_test.cpp (discovered with
#                          the other doctests): the engine's events equal the fixture's.
#   notify.fixture_fresh   the checked-in fixture still equals what redis-server publishes:
#                          tests/notify/gen_fixture.py --check regenerates it on a fresh
#                          server and diffs. Skipped (77) without redis-server.
#   notify.docs_fresh      docs/notifications.md matches the fixture (tests/notify/gen_docs.py).
#   notify.random          random sequences of every family against redis-server.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
find_program(REDSIM_REDIS_SERVER NAMES redis-server)
add_test(NAME notify.fixture_fresh
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/gen_fixture.py
          --redis-server "${REDSIM_REDIS_SERVER}" --check)
set_tests_properties(notify.fixture_fresh PROPERTIES TIMEOUT 120 LABELS "notify;oracle" SKIP_RETURN_CODE 77)
# notify.docs_fresh: docs/notifications.md is what tests/notify/gen_docs.py makes of the fixture.
add_test(NAME notify.docs_fresh COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/gen_docs.py --check)
set_tests_properties(notify.docs_fresh PROPERTIES TIMEOUT 30 LABELS notify)
# notify.random: seeded random command sequences over every family, recorded from
# redis-server, replayed on the engine: every event equal (tests/notify/notify_random.py;
# run it by hand with --seeds 1-500 for more).
add_test(NAME notify.random
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/notify_random.py
          --tests $<TARGET_FILE:redsim_tests> --redis-server "${REDSIM_REDIS_SERVER}"
          --seeds 1-10 --commands 1500)
set_tests_properties(notify.random PROPERTIES TIMEOUT 120 LABELS "notify;oracle;differential" SKIP_RETURN_CODE 77)
