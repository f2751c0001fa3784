// Where the REPL's commands go: an embedded Engine in this process, or a Redis-protocol
// server over TCP (`redsim -h HOST -p PORT`, like redis-cli). The session above does not
// care which: it sends argv and gets back exactly one reply's RESP bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"

namespace redsim::repl {

class Backend {
public:
    virtual ~Backend() = default;
    // Sends one command and returns its reply (RESP bytes of exactly one reply). Returns
    // nullopt when the connection is gone (then *error says why).
    virtual std::optional<std::string> call(std::span<const std::string> argv, std::string* error) = 0;
    // The database commands run in (for the prompt).
    virtual int db() const = 0;
    // Keys of the current database starting with `prefix`, for completion.
    virtual std::vector<std::string> keysWithPrefix(std::string_view prefix, size_t limit) = 0;
    // Microseconds for the "(1.23s)" line: the engine clock when embedded, else real time.
    virtual int64_t nowUs() = 0;
    // The embedded engine, or nullptr for a remote server (meta commands need it).
    virtual Engine* engine() { return nullptr; }
    // True once the server has gone away for good (SHUTDOWN).
    virtual bool ended() const = 0;
    // "host:port" for a remote server (redis-cli's prompt), empty when embedded.
    virtual std::string address() const { return {}; }
};

std::unique_ptr<Backend> makeEmbeddedBackend(EngineOptions opts);
// Connects; on failure returns nullptr with redis-cli's message in *error
// ("Could not connect to Redis at 127.0.0.1:6379: Connection refused").
std::unique_ptr<Backend> connectRemote(const std::string& host, int port, std::string* error);

}  // namespace redsim::repl
