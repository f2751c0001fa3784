# redsim-gui screenshot tests: each view rendered alone under Xvfb (Mesa llvmpipe) from
# tests/gui/scripts/<view>.redis, checked for size and content (check_png.py); "layout"
# is the whole window. The PNGs stay in build/.../gui-shots for a look.
# "lesson" is the whole window with a guided lesson's pane (its script names the lesson).
set(GUI_SHOT_VIEWS layout lesson console keyspace skiplist dict listpack quicklist string hll geo stream memory persistence pubsub)
foreach(view ${GUI_SHOT_VIEWS})
  add_test(NAME gui.screenshot.${view}
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/gui/screenshot.sh $<TARGET_FILE:redsim-gui>
                   ${CMAKE_CURRENT_SOURCE_DIR}/gui/scripts/${view}.redis
                   ${CMAKE_CURRENT_BINARY_DIR}/gui-shots/${view}.png ${view})
  # xvfb-run -a picks a display number by looking for a free one, which races when two
  # start at once (ctest -j2): X tests take turns.
  set_tests_properties(gui.screenshot.${view} PROPERTIES TIMEOUT 60 RESOURCE_LOCK xvfb)
endforeach()
# The whole window in the light theme.
add_test(NAME gui.screenshot.layout_light
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/gui/screenshot.sh $<TARGET_FILE:redsim-gui>
                 ${CMAKE_CURRENT_SOURCE_DIR}/gui/scripts/layout.redis
                 ${CMAKE_CURRENT_BINARY_DIR}/gui-shots/layout_light.png layout)
set_tests_properties(gui.screenshot.layout_light PROPERTIES TIMEOUT 60 RESOURCE_LOCK xvfb
                     ENVIRONMENT "GUI_SHOT_ARGS=--theme light")
file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/gui-shots)

# --lesson with a lesson that does not load: its diagnostics and exit 1, no window.
add_test(NAME gui.lesson_bad COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/gui/lesson_bad.sh $<TARGET_FILE:redsim-gui>)

# --serve: the GUI's engine answers real clients (redis-py) while the window runs.
add_test(NAME gui.serve
         COMMAND ${REDSIM_PYTHON_WITH_REDIS} ${CMAKE_CURRENT_SOURCE_DIR}/gui/serve_test.py
                 $<TARGET_FILE:redsim-gui> ${CMAKE_CURRENT_BINARY_DIR}/gui-serve)
set_tests_properties(gui.serve PROPERTIES TIMEOUT 90 RESOURCE_LOCK xvfb)

# Every view drawn headless (ImGui without a window or renderer) against every kind of
# value and odd states: no X server needed, so it runs in any build.
add_executable(redsim_gui_tests ${CMAKE_CURRENT_SOURCE_DIR}/main.cpp ${CMAKE_CURRENT_SOURCE_DIR}/gui/views_headless.cpp)
target_link_libraries(redsim_gui_tests PRIVATE redsim_gui doctest::doctest)
target_compile_definitions(redsim_gui_tests PRIVATE REDSIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
doctest_discover_tests(redsim_gui_tests)
