#include "gui/views/views.h"

namespace redsim::gui {

std::vector<std::unique_ptr<View>> makeViews() {
    std::vector<std::unique_ptr<View>> v;
    v.push_back(makeConsoleView());
    v.push_back(makeKeyspaceView());
    v.push_back(makeSkiplistView());
    v.push_back(makeDictView());
    v.push_back(makeListpackView());
    v.push_back(makeQuicklistView());
    v.push_back(makeStringView());
    v.push_back(makeHllView());
    v.push_back(makeGeoView());
    v.push_back(makeStreamView());
    v.push_back(makeMemoryView());
    v.push_back(makePersistenceView());
    v.push_back(makePubSubView());
    return v;
}

}  // namespace redsim::gui
