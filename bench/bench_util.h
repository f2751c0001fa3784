// Shared by the in-process benchmarks (bench/*_bench.cpp).
#pragma once

#include <string>
#include <vector>

#include "engine/client.h"
#include "engine/engine.h"

namespace redsim::bench {

// Runs one command and drops its reply (the reply bytes are written, as for a client).
inline void run(Engine& engine, Client& client, const std::vector<std::string>& argv) {
    engine.execute(client, argv);
    client.out.clear();
}

}  // namespace redsim::bench
