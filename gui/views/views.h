// One factory per view file (gui/views/<name>.cpp); views.cpp lists them in tab order.
#pragma once

#include <memory>

#include "gui/view.h"

namespace redsim::gui {

std::unique_ptr<View> makeConsoleView();
std::unique_ptr<View> makeKeyspaceView();
std::unique_ptr<View> makePersistenceView();
std::unique_ptr<View> makePubSubView();

}  // namespace redsim::gui
