// One factory per view file (gui/views/<name>.cpp); views.cpp lists them in tab order.
#pragma once

#include <memory>

#include "gui/view.h"

namespace redsim::gui {

std::unique_ptr<View> makeConsoleView();
std::unique_ptr<View> makeKeyspaceView();
std::unique_ptr<View> makeMemoryView();
std::unique_ptr<View> makeSkiplistView();
std::unique_ptr<View> makeListpackView();
std::unique_ptr<View> makeHllView();
std::unique_ptr<View> makeGeoView();
std::unique_ptr<View> makeStreamView();
std::unique_ptr<View> makeDictView();
std::unique_ptr<View> makeQuicklistView();
std::unique_ptr<View> makeStringView();
std::unique_ptr<View> makePersistenceView();
std::unique_ptr<View> makePubSubView();
// The lesson pane: not a centre tab; the App draws it beside the console with --lesson.
std::unique_ptr<View> makeLessonView();

}  // namespace redsim::gui
