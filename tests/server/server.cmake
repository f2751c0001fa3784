# `redsim serve` tests against real clients (included from tests/CMakeLists.txt,
# where the `redsim` target exists). Each test starts its own server(s) on free
# loopback ports and always stops them.
#   server.redis_cli  redis-cli one-shots, --pipe mass insert, transcripts over TCP
#   server.redis_py   redis-py: basics, pipeline, RESP3 (HELLO 3), CLIENT, AUTH
#   server.protocol   raw sockets: inline, pipelining, garbage, limits, timeouts,
#                     fd/RSS leaks, error bytes compared with a real redis-server
#   server.startup    config files and --directives, fatal messages as redis-server
#   server.protected_mode  a non-loopback peer (network namespace) is DENIED, as Redis
#   server.scripting  busy scripts from a second connection, compared with redis-server
#   server.pubsub     several subscriber sockets, RESP3 pushes, redis-py, pubsub output limit
#   server.transactions  MULTI/EXEC and WATCH between two connections, against redis-server
#   server.blocking      blocking commands and CLIENT PAUSE between connections, against redis-server
#   server.tracking   client-side caching: RESP3 pushes, RESP2 REDIRECT, BCAST, against redis-server
#   server.monitor    MONITOR lines (timestamps masked) for another connection's commands, against redis-server
#   server.acl        ACL permission matrix, rules round trip, log, kills, against redis-server
#   server.rdb_load   a redis-server dump of every type/encoding loads into `redsim serve` with the
#                     same keys, values, TTLs, encodings, serialized lengths; corrupt dumps exit 1
find_package(Python3 COMPONENTS Interpreter REQUIRED)
find_program(REDSIM_REDIS_SERVER NAMES redis-server)
find_program(REDSIM_REDIS_CLI NAMES redis-cli)

set(_srv_dir ${CMAKE_CURRENT_LIST_DIR})

# redis-py may be installed for another interpreter than the one CMake found first
# (a pyenv shim shadows Debian's /usr/bin/python3 with python3-redis): pick the
# first interpreter that can `import redis`.
if(NOT REDSIM_PYTHON_WITH_REDIS)
  foreach(_srv_py IN ITEMS ${Python3_EXECUTABLE} /usr/bin/python3 /usr/local/bin/python3)
    if(EXISTS ${_srv_py})
      execute_process(COMMAND ${_srv_py} -c "import redis"
                      RESULT_VARIABLE _srv_rc OUTPUT_QUIET ERROR_QUIET)
      if(_srv_rc EQUAL 0)
        set(REDSIM_PYTHON_WITH_REDIS ${_srv_py} CACHE FILEPATH
            "A Python 3 interpreter that has redis-py (for server.redis_py)")
        break()
      endif()
    endif()
  endforeach()
endif()

function(_redsim_server_missing name what)
  # A missing client must fail loudly, not skip: CI installs them.
  add_test(NAME ${name} COMMAND ${Python3_EXECUTABLE} -c
    "import sys; sys.exit('${name}: ${what} not found when cmake ran; install it (Debian: apt-get install redis-server redis-tools python3-redis) and re-run cmake')")
  set_tests_properties(${name} PROPERTIES LABELS server)
endfunction()

# _redsim_server_test(NAME needs WHAT TIMEOUT secs COMMAND …): registers the test
# when `needs` (a found program) is set, otherwise a test that fails saying what is missing.
function(_redsim_server_test name needs what timeout)
  if(needs)
    add_test(NAME ${name} COMMAND ${ARGN})
    set_tests_properties(${name} PROPERTIES TIMEOUT ${timeout} LABELS server)
  else()
    _redsim_server_missing(${name} "${what}")
  endif()
endfunction()

_redsim_server_test(server.redis_cli "${REDSIM_REDIS_CLI}" "redis-cli" 120
  ${Python3_EXECUTABLE} ${_srv_dir}/redis_cli_test.py --redsim $<TARGET_FILE:redsim> --redis-cli ${REDSIM_REDIS_CLI})
_redsim_server_test(server.redis_py "${REDSIM_PYTHON_WITH_REDIS}" "a Python 3 with redis-py (python3-redis)" 120
  ${REDSIM_PYTHON_WITH_REDIS} ${_srv_dir}/redis_py_test.py --redsim $<TARGET_FILE:redsim>)
_redsim_server_test(server.protocol "${REDSIM_REDIS_SERVER}" "redis-server" 180
  ${Python3_EXECUTABLE} ${_srv_dir}/protocol_test.py --redsim $<TARGET_FILE:redsim> --redis-server ${REDSIM_REDIS_SERVER})
_redsim_server_test(server.startup "${REDSIM_REDIS_SERVER}" "redis-server" 60
  ${Python3_EXECUTABLE} ${_srv_dir}/startup_test.py $<TARGET_FILE:redsim> ${REDSIM_REDIS_SERVER})
# protected-mode from a real non-loopback peer: a network namespace the test creates
# (needs root and iproute2, both present where ./dev test runs: it installs packages).
_redsim_server_test(server.protected_mode "${REDSIM_REDIS_SERVER}" "redis-server" 60
  ${Python3_EXECUTABLE} ${_srv_dir}/protected_mode_test.py $<TARGET_FILE:redsim> ${REDSIM_REDIS_SERVER})
# scripts under serve, side by side with redis-server: busy scripts seen from a second
# connection (BUSY, SCRIPT/FUNCTION KILL, UNKILLABLE, SHUTDOWN NOSAVE)
_redsim_server_test(server.scripting "${REDSIM_PYTHON_WITH_REDIS}" "a Python 3 with redis-py (python3-redis)" 120
  ${REDSIM_PYTHON_WITH_REDIS} ${_srv_dir}/scripting_test.py --redsim $<TARGET_FILE:redsim> --redis-server ${REDSIM_REDIS_SERVER})
# Pub/Sub over several sockets: delivery to subscribers without their asking, RESP3
# pushes, redis-py's PubSub, and a slow subscriber cut off by the pubsub output limit
# (the same run against a real redis-server).
_redsim_server_test(server.pubsub "${REDSIM_PYTHON_WITH_REDIS}" "a Python 3 with redis-py (python3-redis)" 120
  ${REDSIM_PYTHON_WITH_REDIS} ${_srv_dir}/pubsub_test.py --redsim $<TARGET_FILE:redsim> --redis-server ${REDSIM_REDIS_SERVER})
# Transactions between two connections: WATCH broken (or not) by the other's writes,
# expiry on the real clock, FLUSHDB/FLUSHALL/SWAPDB, CLIENT INFO inside EXEC.
_redsim_server_test(server.transactions "${REDSIM_REDIS_SERVER}" "redis-server" 60
  ${Python3_EXECUTABLE} ${_srv_dir}/transactions_test.py --redsim $<TARGET_FILE:redsim> --redis-server ${REDSIM_REDIS_SERVER})
# Blocking commands and CLIENT PAUSE between four connections: FIFO serving, timeouts on
# the real clock, pipelined commands behind a blocked one, CLIENT UNBLOCK, pauses.
_redsim_server_test(server.blocking "${REDSIM_REDIS_SERVER}" "redis-server" 90
  ${Python3_EXECUTABLE} ${_srv_dir}/blocking_test.py --redsim $<TARGET_FILE:redsim> --redis-server ${REDSIM_REDIS_SERVER})
_redsim_server_test(server.tracking "${REDSIM_REDIS_SERVER}" "redis-server" 60
  ${Python3_EXECUTABLE} ${_srv_dir}/tracking_test.py --redsim $<TARGET_FILE:redsim> --redis-server ${REDSIM_REDIS_SERVER})
_redsim_server_test(server.monitor "${REDSIM_REDIS_SERVER}" "redis-server" 60
  ${Python3_EXECUTABLE} ${_srv_dir}/monitor_test.py --redsim $<TARGET_FILE:redsim> --redis-server ${REDSIM_REDIS_SERVER})
_redsim_server_test(server.acl "${REDSIM_REDIS_SERVER}" "redis-server" 120
  ${Python3_EXECUTABLE} ${_srv_dir}/acl_test.py --redsim $<TARGET_FILE:redsim> --redis-server ${REDSIM_REDIS_SERVER})
# SAVE's RDB file against Redis 7.0: redis-check-rdb accepts it, a real redis-server loads
# it with the same contents, and each key's bytes equal Redis's own DUMP serialization
_redsim_server_test(server.rdb_save "${REDSIM_PYTHON_WITH_REDIS}" "a Python 3 with redis-py (python3-redis)" 120
  ${REDSIM_PYTHON_WITH_REDIS} ${_srv_dir}/rdb_save_test.py --redsim $<TARGET_FILE:redsim> --redis-server ${REDSIM_REDIS_SERVER})
set_tests_properties(server.rdb_save PROPERTIES SKIP_RETURN_CODE 77)
_redsim_server_test(server.rdb_load "${REDSIM_REDIS_SERVER}" "redis-server" 120
  ${Python3_EXECUTABLE} ${_srv_dir}/rdb_load_test.py --redsim $<TARGET_FILE:redsim> --redis-server ${REDSIM_REDIS_SERVER})
# server.memory_usage  MEMORY USAGE of ~30 shapes and used_memory for the standard datasets
#                      within 15 % of redis-server's (bench/memory-compare.sh: full sizes)
_redsim_server_test(server.memory_usage "${REDSIM_PYTHON_WITH_REDIS}" "a Python 3 with redis-py (python3-redis)" 300
  ${REDSIM_PYTHON_WITH_REDIS} ${_srv_dir}/memory_usage_test.py --redsim $<TARGET_FILE:redsim> --redis-server ${REDSIM_REDIS_SERVER})
set_tests_properties(server.memory_usage PROPERTIES SKIP_RETURN_CODE 77)
# The multi-part AOF against Redis 7.0 both ways (with and without the RDB preamble,
# before and after BGREWRITEAOF): redis-check-aof accepts redsim's directory and a real
# redis-server loads it with the same contents; Redis's directory loads into redsim.
_redsim_server_test(server.aof "${REDSIM_PYTHON_WITH_REDIS}" "a Python 3 with redis-py (python3-redis)" 180
  ${REDSIM_PYTHON_WITH_REDIS} ${_srv_dir}/aof_test.py --redsim $<TARGET_FILE:redsim> --redis-server ${REDSIM_REDIS_SERVER})
set_tests_properties(server.aof PROPERTIES SKIP_RETURN_CODE 77)
# appendfsync always and kill -9: 20 seeded random kills, every acknowledged write survives.
_redsim_server_test(server.aof_crash "${Python3_EXECUTABLE}" "python3" 90
  ${Python3_EXECUTABLE} ${_srv_dir}/aof_crash_test.py --redsim $<TARGET_FILE:redsim>)
# BGSAVE, LASTSAVE, INFO persistence, MISCONF, DEBUG RELOAD, SHUTDOWN SAVE and SIGTERM side
# by side with redis-server; each side's RDB file loads into the other
_redsim_server_test(server.bgsave "${REDSIM_PYTHON_WITH_REDIS}" "a Python 3 with redis-py (python3-redis)" 120
  ${REDSIM_PYTHON_WITH_REDIS} ${_srv_dir}/bgsave_test.py --redsim $<TARGET_FILE:redsim> --redis-server ${REDSIM_REDIS_SERVER})
set_tests_properties(server.bgsave PROPERTIES SKIP_RETURN_CODE 77)
# maxmemory eviction side by side with redis-server: OOM texts (commands, MULTI/EXEC,
# scripts), CONFIG SET/GET of every eviction parameter, OBJECT FREQ, fills past maxmemory.
_redsim_server_test(server.eviction "${REDSIM_PYTHON_WITH_REDIS}" "a Python 3 with redis-py (python3-redis)" 120
  ${REDSIM_PYTHON_WITH_REDIS} ${_srv_dir}/eviction_test.py --redsim $<TARGET_FILE:redsim> --redis-server ${REDSIM_REDIS_SERVER})
