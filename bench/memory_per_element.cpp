// memory_per_element: what each encoding really costs redsim, in heap bytes per element.
//
// For every dataset in bench/memory_datasets.txt (shared with compare-memory.sh, which
// asks a real Redis for MEMORY USAGE of the same data), builds the value in a fresh
// engine through Engine::execute and measures the heap it holds with glibc's
// mallinfo2() (bytes in use before and after, command buffers released, after a
// warm-up build of the same value under another key). Prints one
// line per dataset: name, elements, bytes, encoding.
//
// Run: build/release/bench/redsim_memory bench/memory_datasets.txt
#include <malloc.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace {

using redsim::Client;
using redsim::Engine;
using redsim::EngineOptions;

size_t heapInUse() { return mallinfo2().uordblks; }

// One dataset line: name command n member-pattern [value-pattern]. `{}` in a pattern
// becomes the element number.
struct Dataset {
    std::string name, command;
    size_t n = 0;
    std::string member, value;
};

std::string fill(const std::string& pattern, size_t i) {
    std::string out = pattern;
    const size_t at = out.find("{}");
    if (at != std::string::npos) out.replace(at, 2, std::to_string(i));
    return out;
}

// Adds elements to `key` in batches of 100 per command, as a client pipeline would.
void build(Engine& engine, Client& client, const Dataset& d, const std::string& key) {
    std::vector<std::string> argv;
    for (size_t i = 0; i < d.n;) {
        argv = {d.command, key};
        if (d.command == "xadd") {
            // One entry per XADD: `*` id, fields "a" and "b" with the two patterns as values.
            argv = {d.command, key, "*", "a", fill(d.member, i), "b", fill(d.value, i)};
            ++i;
        }
        for (size_t b = 0; d.command != "xadd" && b < 100 && i < d.n; ++b, ++i) {
            if (d.command == "zadd") argv.push_back(std::to_string(i));  // score
            argv.push_back(fill(d.member, i));
            if (!d.value.empty()) argv.push_back(fill(d.value, i));
        }
        engine.execute(client, argv);
        if (client.out.size() > 0 && client.out[0] == '-') {
            std::cerr << d.name << ": " << client.out;
            std::exit(1);
        }
        client.out.clear();
    }
}

}  // namespace

int main(int argc, char** argv) {
    // glibc's per-thread cache keeps freed chunks that mallinfo2 still counts as in use,
    // which would hide allocations that reuse them: run with the cache off.
    if (std::getenv("GLIBC_TUNABLES") == nullptr) {
        setenv("GLIBC_TUNABLES", "glibc.malloc.tcache_count=0", 1);
        execv("/proc/self/exe", argv);
    }
    if (argc != 2) {
        std::cerr << "usage: redsim_memory DATASETS_FILE\n";
        return 2;
    }
    std::ifstream in(argv[1]);
    if (!in) {
        std::cerr << "cannot read " << argv[1] << "\n";
        return 2;
    }
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream ss(line);
        Dataset d;
        ss >> d.name >> d.command >> d.n >> d.member >> d.value;
        Engine engine(EngineOptions{.seed = 1, .virtual_clock = true});
        Client& client = engine.createClient();
        // Build and drop the value once first, so that what the first command of a kind
        // allocates for good (its statistics entry, the reply buffer) is not counted.
        build(engine, client, d, "warmup");
        engine.execute(client, std::vector<std::string>{"del", "warmup"});
        client.out.clear();
        client.out.shrink_to_fit();
        const size_t before = heapInUse();
        build(engine, client, d, "k");
        client.out.clear();
        client.out.shrink_to_fit();
        const size_t after = heapInUse();
        engine.execute(client, std::vector<std::string>{"object", "encoding", "k"});
        std::string enc = client.out;  // "$N\r\nNAME\r\n"
        enc = enc.substr(enc.find('\n') + 1);
        enc = enc.substr(0, enc.find('\r'));
        std::printf("%s %zu %zu %s\n", d.name.c_str(), d.n, after - before, enc.c_str());
    }
    return 0;
}
