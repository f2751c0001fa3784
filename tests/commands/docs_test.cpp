// docs/commands.md must match the command table.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "client/docs.h"

TEST_SUITE("commands") {
    TEST_CASE("commands.docs.markdown_is_current") {
        const std::string path = std::string(REDSIM_SOURCE_DIR) + "/docs/commands.md";
        const std::string want = redsim::commandsMarkdown(redsim::CommandTable{});
        if (std::getenv("REDSIM_UPDATE_DOCS")) {
            std::ofstream(path) << want;
        }
        std::ifstream in(path);
        std::stringstream have;
        have << in.rdbuf();
        CHECK_MESSAGE(have.str() == want,
                      "docs/commands.md is stale: run REDSIM_UPDATE_DOCS=1 redsim_tests -tc=commands.docs*");
    }
}
