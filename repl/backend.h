// Where the REPL's commands go: an embedded Engine in this process, or a Redis-protocol
// server over TCP (`redsim -h HOST -p PORT`, like redis-cli). The session above does not
// care which: it sends argv and gets back exactly one reply's RESP bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"

namespace redsim::repl {

// One client of an embedded engine as `:clients` shows it.
struct ClientView {
    std::string name;  // the REPL's label (not CLIENT SETNAME)
    uint64_t id = 0;
    int db = 0;
    int resp = 2;
    std::vector<std::string> channels, patterns, shard_channels;
    bool current = false;
    bool blocked = false;  // waits in a blocking command (or a CLIENT PAUSE)
};

// What a simulated crash and restart did (Backend / Session::restartFromDisk).
struct RestartOutcome {
    bool ok = true;                 // false: loading failed (the engine started empty) or no restart
    std::string error;              // why there was no restart at all (a remote server)
    std::string loaded_from;        // "AOF", "RDB" or "" (nothing on disk)
    long long aof_bytes_cut = 0;    // bytes of the incr file the crash took away
    long long aof_buffer_lost = 0;  // bytes still in the AOF buffer (never written)
    std::string aof_file;           // that file
    std::vector<std::string> log;   // the restarted server's load log (warnings and notices)
};

// Messages that reached a client outside its own command's reply (Pub/Sub pushes).
struct Pushed {
    std::string name;   // the receiving client's label
    std::string bytes;  // RESP bytes of one or more messages
    bool current = false;
};

class Backend {
public:
    virtual ~Backend() = default;
    // Sends one command and returns its reply (RESP bytes of exactly one reply). Returns
    // nullopt when the connection is gone (then *error says why).
    virtual std::optional<std::string> call(std::span<const std::string> argv, std::string* error) = 0;
    // The database commands run in (for the prompt).
    virtual int db() const = 0;
    // Between MULTI and EXEC/DISCARD: the prompt shows (TX), as redis-cli's does.
    virtual bool inMulti() const { return false; }
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

    // Several clients (embedded only; a remote backend has one connection). The first
    // client is called "main". selectClient creates the client on first use; false with
    // *error when not supported.
    virtual bool selectClient(const std::string& name, std::string* error) {
        (void)name;
        *error = ":client works on the embedded engine only (this session is connected to a server)";
        return false;
    }
    virtual std::string clientName() const { return "main"; }
    virtual std::vector<ClientView> clientViews() { return {}; }
    // What the clients received since the last call outside their command replies, in
    // client creation order. With `include_current`, the current client's unread
    // messages too (while the prompt waits); the clock's due ticks run first.
    virtual std::vector<Pushed> takePushes(bool include_current) {
        (void)include_current;
        return {};
    }
    // True when the current client is a RESP2 client in subscribed mode.
    virtual bool subscribedMode() { return false; }
    // The current client waits (BLPOP with nothing to pop, a command held by CLIENT
    // PAUSE): its reply comes later, through takePushes(true). Embedded only.
    virtual bool blocked() { return false; }
    // Its deadline on the engine clock in ms (0: none).
    virtual int64_t blockDeadlineMs() { return 0; }
    // Stops the wait without a reply (Ctrl-C), as if the connection had gone.
    virtual void cancelBlock() {}
    // Lets `us` microseconds pass while the REPL waits: a virtual clock moves (running
    // its ticks), a real one runs the ticks that are due.
    virtual void passTime(int64_t us) { (void)us; }

    // Simulates a crash of the process and starts a new engine from what is on disk, as
    // `redsim serve` starts (server::loadDataFromDisk: the AOF with appendonly yes, else
    // the RDB), with the same config, seed and clock reading. `power_loss` false: kill -9
    // — what write() handed to the kernel survives, the AOF buffer not yet written is
    // lost; true: power loss — only what was fsynced survives (the AOF incr file is cut
    // back to its fsynced size, in place: that is what the disk holds after such a
    // crash). A running BGSAVE or rewrite child dies with its parent. The clients come
    // back as new connections under the same labels, each in the db it was in; the
    // current one stays current. `before_load`, if set, sees the new engine before it
    // loads (the GUI attaches its listeners there, to record the load). Embedded only:
    // a remote backend answers ok false with `error` set. Pointers to the old engine
    // (engine()) are invalid afterwards.
    virtual RestartOutcome restartFromDisk(bool power_loss, const std::function<void(Engine&)>& before_load) {
        (void)power_loss;
        (void)before_load;
        RestartOutcome out;
        out.ok = false;
        out.error = ":crash works on the embedded engine only (this session is connected to a server)";
        return out;
    }
};

std::unique_ptr<Backend> makeEmbeddedBackend(EngineOptions opts);
// Connects; on failure returns nullptr with redis-cli's message in *error
// ("Could not connect to Redis at 127.0.0.1:6379: Connection refused").
std::unique_ptr<Backend> connectRemote(const std::string& host, int port, std::string* error);

}  // namespace redsim::repl
