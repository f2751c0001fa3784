// Helpers for engine tests: run commands on an Engine and read replies back as trees.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "client/format.h"
#include "engine/engine.h"
#include "engine/resp/reply.h"

namespace redsim::test {

// An engine on the virtual clock with one client, for deterministic tests.
struct Harness {
    Engine engine;
    Client& client;

    // No save points (redis-server's default has three): a test that advances time must
    // not fork a BGSAVE into the working directory unless it asks for one.
    explicit Harness(uint64_t seed = 1)
        : engine(EngineOptions{.seed = seed, .virtual_clock = true}), client(engine.createClient()) {
        engine.config().values.save_params.clear();
    }

    // Runs one command and returns its reply parsed.
    resp::Reply run(std::initializer_list<std::string> argv) { return run(std::vector<std::string>(argv)); }
    resp::Reply run(const std::vector<std::string>& argv) {
        engine.execute(client, argv);
        const std::string out = client.takeOutput();
        size_t pos = 0;
        resp::Reply r;
        if (resp::parseReply(out, pos, r) != resp::ParseStatus::Ok) r = resp::Reply{};
        return r;
    }
    // Runs one command and returns its reply as redis-cli prints it (without the newline).
    std::string cli(std::initializer_list<std::string> argv) {
        std::string s = resp::formatTTY(run(argv));
        if (!s.empty() && s.back() == '\n') s.pop_back();
        return s;
    }
};

}  // namespace redsim::test
