// Keyspace events against Redis 7.0: tests/notify/events.fixture lists, per command, the
// (channel, message) pairs a real redis-server published with notify-keyspace-events
// KEAnm (tests/notify/gen_fixture.py made it). Here the same commands run on the engine;
// the event-stream tap (Engine::onKeyspaceEvent) collects the events and each one becomes
// the two pairs K and E would publish. Every command must cause exactly Redis's pairs.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/clock.h"
#include "engine/notify.h"
#include "tests/engine/test_util.h"

namespace {

struct Step {
    std::string line;  // "SET k v" or "@sleep 120"
    std::vector<std::string> pairs;
};

// REDSIM_NOTIFY_FIXTURE names another fixture (tests/notify/notify_random.py writes
// random sequences recorded from redis-server and runs this test on them).
std::map<std::string, std::vector<Step>> loadFixture() {
    const char* other = std::getenv("REDSIM_NOTIFY_FIXTURE");
    std::ifstream in(other ? std::string(other) : std::string(REDSIM_SOURCE_DIR) + "/tests/notify/events.fixture");
    std::map<std::string, std::vector<Step>> families;
    std::vector<Step>* cur = nullptr;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        if (line.rfind("== ", 0) == 0)
            cur = &families[line.substr(3)];
        else if (line.rfind("> ", 0) == 0)
            cur->push_back(Step{line.substr(2), {}});
        else
            cur->back().pairs.push_back(line);
    }
    return families;
}

// Whitespace-separated words; "" is an empty argument (the sequences need no more).
std::vector<std::string> words(const std::string& line) {
    std::vector<std::string> out;
    std::istringstream ss(line);
    std::string w;
    while (ss >> w) out.push_back(w == "\"\"" ? std::string() : w);
    return out;
}

// Families whose commands do not publish Redis's events yet: none now. A family added to
// gen_fixture.py before its events are done starts here.
const std::set<std::string> kPending = {};

std::string runFamily(const std::vector<Step>& steps) {
    redsim::test::Harness h;
    h.run({"CONFIG", "SET", "notify-keyspace-events", "KEAnm"});
    std::vector<std::string> got;
    h.engine.onKeyspaceEvent([&](const redsim::KeyspaceEvent& e) {
        const std::string db = std::to_string(e.db);
        got.push_back("__keyspace@" + db + "__:" + e.key + " " + e.event);
        got.push_back("__keyevent@" + db + "__:" + e.event + " " + e.key);
    });
    std::string report;
    for (const Step& s : steps) {
        got.clear();
        auto argv = words(s.line);
        if (argv[0] == "@sleep") {
            // Time passes without the active cycle: only lazy expiry can act.
            dynamic_cast<redsim::VirtualClock&>(h.engine.clock()).advanceUs(std::stoll(argv[1]) * 1000);
        } else if (argv[0] == "@tick") {
            h.engine.advanceTime(std::stoll(argv[1]) * 1000);
        } else {
            h.run(argv);
        }
        if (got != s.pairs) {
            report += "> " + s.line + "\n  redis:\n";
            for (const auto& p : s.pairs) report += "    " + p + "\n";
            report += "  redsim:\n";
            for (const auto& p : got) report += "    " + p + "\n";
        }
    }
    return report;
}

}  // namespace

TEST_CASE("notify.fixture: every command publishes Redis 7.0's keyspace events") {
    const auto families = loadFixture();
    REQUIRE(families.size() >= (std::getenv("REDSIM_NOTIFY_FIXTURE") ? 1u : 13u));
    for (const auto& [family, steps] : families) {
        if (kPending.count(family)) continue;
        CAPTURE(family);
        const std::string report = runFamily(steps);
        CHECK_MESSAGE(report.empty(), family << ":\n" << report);
    }
}

// For working on a family: prints its differences with the fixture without failing
// (REDSIM_NOTIFY_FAMILY=lists build/dev/tests/redsim_tests -tc='notify.pending*').
TEST_CASE("notify.pending: differences of one family" * doctest::skip(std::getenv("REDSIM_NOTIFY_FAMILY") == nullptr)) {
    const auto families = loadFixture();
    const std::string family = std::getenv("REDSIM_NOTIFY_FAMILY");
    auto it = families.find(family);
    REQUIRE(it != families.end());
    MESSAGE(family << ":\n" << runFamily(it->second));
}
