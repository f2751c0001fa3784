// The theme files of assets/themes, embedded at build time (cmake/embed_themes.cmake
// writes theme_data.cpp from them), so redsim-gui needs no install path.
#pragma once

#include <string_view>
#include <vector>

namespace redsim::gui {

struct EmbeddedTheme {
    std::string_view name;  // the file name without .theme
    std::string_view text;
};

const std::vector<EmbeddedTheme>& embeddedThemes();

}  // namespace redsim::gui
