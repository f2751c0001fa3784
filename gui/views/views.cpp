#include "gui/views/views.h"

namespace redsim::gui {

std::vector<std::unique_ptr<View>> makeViews() {
    std::vector<std::unique_ptr<View>> v;
    v.push_back(makeConsoleView());
    v.push_back(makeKeyspaceView());
    v.push_back(makePersistenceView());
    v.push_back(makePubSubView());
    return v;
}

}  // namespace redsim::gui
