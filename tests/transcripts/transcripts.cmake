# Transcript tests: every tests/transcripts/*.redis file becomes three ctest tests.
#   transcript.<name>  redsim's REPL (target `redsim`) against the file (--no-raw form)
#   oracle.<name>      a real redis-server + redis-cli (Redis 7.0) against the file
#   rawpipe.<name>     redsim and redis-cli fed the same commands, piped (raw) output
#                      compared byte for byte, live
# Included from tests/CMakeLists.txt, where the `redsim` target exists.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
find_program(REDSIM_REDIS_SERVER NAMES redis-server)
find_program(REDSIM_REDIS_CLI NAMES redis-cli)

set(_tr_dir ${CMAKE_CURRENT_LIST_DIR})
set(_tr_runner ${_tr_dir}/run_transcript.py)
file(GLOB _tr_files CONFIGURE_DEPENDS ${_tr_dir}/*.redis)

# Files whose commands redsim does not support yet: their transcript.<name>
# test is registered but DISABLED (the oracle test still runs). Remove a
# name from this list once redsim has what the file needs.
set(REDSIM_TRANSCRIPTS_PENDING config_later)

foreach(_tr_file IN LISTS _tr_files)
  get_filename_component(_tr_name ${_tr_file} NAME_WE)

  add_test(NAME transcript.${_tr_name}
    COMMAND ${Python3_EXECUTABLE} ${_tr_runner} --redsim $<TARGET_FILE:redsim> ${_tr_file})
  set_tests_properties(transcript.${_tr_name} PROPERTIES TIMEOUT 90 LABELS transcript)
  if(_tr_name IN_LIST REDSIM_TRANSCRIPTS_PENDING)
    set_tests_properties(transcript.${_tr_name} PROPERTIES DISABLED TRUE)
  endif()

  if(REDSIM_REDIS_SERVER AND REDSIM_REDIS_CLI)
    # The piped (raw) form, compared live: redsim and redis-cli on the same input.
    add_test(NAME rawpipe.${_tr_name}
      COMMAND ${Python3_EXECUTABLE} ${_tr_runner} --raw-compare
              --redsim $<TARGET_FILE:redsim>
              --redis-server ${REDSIM_REDIS_SERVER} --redis-cli ${REDSIM_REDIS_CLI}
              ${_tr_file})
    set_tests_properties(rawpipe.${_tr_name} PROPERTIES TIMEOUT 90 LABELS rawpipe)
    if(_tr_name IN_LIST REDSIM_TRANSCRIPTS_PENDING)
      set_tests_properties(rawpipe.${_tr_name} PROPERTIES DISABLED TRUE)
    endif()
    add_test(NAME oracle.${_tr_name}
      COMMAND ${Python3_EXECUTABLE} ${_tr_runner}
              --redis-server ${REDSIM_REDIS_SERVER} --redis-cli ${REDSIM_REDIS_CLI}
              ${_tr_file})
  else()
    # Missing oracle must fail loudly, not skip: CI installs redis-server.
    add_test(NAME oracle.${_tr_name}
      COMMAND ${Python3_EXECUTABLE} -c
        "import sys; sys.exit('oracle.${_tr_name}: redis-server/redis-cli not found when cmake ran (server: ${REDSIM_REDIS_SERVER}, cli: ${REDSIM_REDIS_CLI}); install Redis 7.0 (Debian: apt-get install redis-server redis-tools) and re-run cmake')")
  endif()
  set_tests_properties(oracle.${_tr_name} PROPERTIES TIMEOUT 90 LABELS oracle)
endforeach()
