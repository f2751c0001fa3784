# `redsim serve` tests against real clients (included from tests/CMakeLists.txt,
# where the `redsim` target exists). Each test starts its own server(s) on free
# loopback ports and always stops them.
#   server.redis_cli  redis-cli one-shots, --pipe mass insert, transcripts over TCP
#   server.redis_py   redis-py: basics, pipeline, RESP3 (HELLO 3), CLIENT, AUTH
#   server.protocol   raw sockets: inline, pipelining, garbage, limits, timeouts,
#                     fd/RSS leaks, error bytes compared with a real redis-server
#   server.startup    config files and --directives, fatal messages as redis-server
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

if(REDSIM_REDIS_CLI)
  add_test(NAME server.redis_cli
    COMMAND ${Python3_EXECUTABLE} ${_srv_dir}/redis_cli_test.py
            --redsim $<TARGET_FILE:redsim> --redis-cli ${REDSIM_REDIS_CLI})
  set_tests_properties(server.redis_cli PROPERTIES TIMEOUT 120 LABELS server)
else()
  _redsim_server_missing(server.redis_cli "redis-cli")
endif()

if(REDSIM_PYTHON_WITH_REDIS)
  add_test(NAME server.redis_py
    COMMAND ${REDSIM_PYTHON_WITH_REDIS} ${_srv_dir}/redis_py_test.py
            --redsim $<TARGET_FILE:redsim>)
  set_tests_properties(server.redis_py PROPERTIES TIMEOUT 120 LABELS server)
else()
  _redsim_server_missing(server.redis_py "a Python 3 with redis-py (python3-redis)")
endif()

if(REDSIM_REDIS_SERVER)
  add_test(NAME server.protocol
    COMMAND ${Python3_EXECUTABLE} ${_srv_dir}/protocol_test.py
            --redsim $<TARGET_FILE:redsim> --redis-server ${REDSIM_REDIS_SERVER})
  set_tests_properties(server.protocol PROPERTIES TIMEOUT 180 LABELS server)
else()
  _redsim_server_missing(server.protocol "redis-server")
endif()

if(REDSIM_REDIS_SERVER)
  add_test(NAME server.startup
    COMMAND ${Python3_EXECUTABLE} ${_srv_dir}/startup_test.py $<TARGET_FILE:redsim> ${REDSIM_REDIS_SERVER})
  set_tests_properties(server.startup PROPERTIES TIMEOUT 60 LABELS server)
else()
  _redsim_server_missing(server.startup redis-server)
endif()
