# redsim-gui screenshot tests: each view rendered alone under Xvfb (Mesa llvmpipe) from
# tests/gui/scripts/<view>.redis, checked for size and content (check_png.py); "layout"
# is the whole window. The PNGs stay in build/.../gui-shots for a look.
set(GUI_SHOT_VIEWS layout console keyspace persistence pubsub)
foreach(view ${GUI_SHOT_VIEWS})
  add_test(NAME gui.screenshot.${view}
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/gui/screenshot.sh $<TARGET_FILE:redsim-gui>
                   ${CMAKE_CURRENT_SOURCE_DIR}/gui/scripts/${view}.redis
                   ${CMAKE_CURRENT_BINARY_DIR}/gui-shots/${view}.png ${view})
  set_tests_properties(gui.screenshot.${view} PROPERTIES TIMEOUT 60)
endforeach()
file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/gui-shots)
