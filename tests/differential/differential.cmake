# Differential fuzzing against a real Redis 7.0 (included from tests/CMakeLists.txt,
# where the `redsim` target exists).
#   differential.collections  random command sequences over lists, hashes, sets,
#                             sorted sets and SORT, replies and OBJECT ENCODING
#                             compared with redis-server (tests/differential/diff_fuzz.py)
# A few fixed seeds keep the suite fast; run the script by hand for many more:
#   python3 tests/differential/diff_fuzz.py --redsim build/dev/redsim \
#       --redis-server $(which redis-server) --seeds 1-500 --commands 3000 --keep-going
# Skipped (not failed) when redis-server is not installed.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
find_program(REDSIM_REDIS_SERVER NAMES redis-server)

set(_diff_dir ${CMAKE_CURRENT_LIST_DIR})

if(REDSIM_REDIS_SERVER)
  add_test(NAME differential.collections
    COMMAND ${Python3_EXECUTABLE} ${_diff_dir}/diff_fuzz.py
            --redsim $<TARGET_FILE:redsim> --redis-server ${REDSIM_REDIS_SERVER}
            --seeds 1-6 --commands 2500)
else()
  add_test(NAME differential.collections
    COMMAND ${Python3_EXECUTABLE} -c
      "print('differential.collections: redis-server not found when cmake ran: skipped'); raise SystemExit(77)")
endif()
set_tests_properties(differential.collections PROPERTIES
  TIMEOUT 120 LABELS differential SKIP_RETURN_CODE 77)

# differential.hll: 1 000 000 distinct elements PFADDed in batches to both servers,
# PFCOUNT equal after every batch, GET bytes equal (sparse and dense), PFMERGE and
# PFCOUNT of a union (tests/differential/hll_diff.py; about 1 s in release).
add_test(NAME differential.hll
  COMMAND ${Python3_EXECUTABLE} ${_diff_dir}/hll_diff.py
          --redsim $<TARGET_FILE:redsim> --redis-server "${REDSIM_REDIS_SERVER}" --elements 1000000)
set_tests_properties(differential.hll PROPERTIES TIMEOUT 120 LABELS differential SKIP_RETURN_CODE 77)
# geo.points: 1000 seeded random points, GEOSEARCH BYRADIUS/BYBOX (and GEOPOS, GEOHASH,
# GEODIST) compared with redis-server exactly (tests/differential/geo_points.py).
if(REDSIM_REDIS_SERVER)
  add_test(NAME differential.geo_points
    COMMAND ${Python3_EXECUTABLE} ${_diff_dir}/geo_points.py
            --redsim $<TARGET_FILE:redsim> --redis-server ${REDSIM_REDIS_SERVER} --seed 1 --searches 600)
else()
  add_test(NAME differential.geo_points
    COMMAND ${Python3_EXECUTABLE} -c
      "print('differential.geo_points: redis-server not found when cmake ran: skipped'); raise SystemExit(77)")
endif()
set_tests_properties(differential.geo_points PROPERTIES
  TIMEOUT 120 LABELS differential SKIP_RETURN_CODE 77)
# differential.stream_nodes: random XADD/XDEL/XTRIM (MAXLEN/MINID, =/~, LIMIT), ranges and
# CONFIG SET of the stream node limits; replies and DEBUG OBJECT's serializedlength (the
# RDB length, i.e. every node's listpack) compared with redis-server
# (tests/differential/stream_nodes_diff.py; --seeds 1-50 by hand).
add_test(NAME differential.stream_nodes
  COMMAND ${Python3_EXECUTABLE} ${_diff_dir}/stream_nodes_diff.py
          --redsim $<TARGET_FILE:redsim> --redis-server "${REDSIM_REDIS_SERVER}" --seeds 1-4 --commands 2500)
set_tests_properties(differential.stream_nodes PROPERTIES TIMEOUT 120 LABELS differential SKIP_RETURN_CODE 77)
