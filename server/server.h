// `redsim serve`: the engine over RESP, on one asio event loop.
//
// As in Redis, one thread runs everything: it accepts connections, reads requests,
// runs each command on the single-threaded Engine, writes replies, and drives the
// engine's cron (tick) hz times a second on the real clock. Each connection is an
// engine Client; a pipeline of any depth is read, executed and answered in order.
#pragma once

#include <asio.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "server/log.h"

namespace redsim::server {

class Connection;

// Redis's loadDataFromDisk, what `redsim serve` does before serving: with appendonly yes
// the AOF (base + incr files; a base is created when there is none), else dir/dbfilename
// when it exists. Log lines go to `log` (level 0..3 as loglevel; the AOF keeps `log` as
// its Aof::log). False when the data could not be loaded (the server exits then);
// redsim-gui's crash-and-restart uses it too.
using LoadLogFn = std::function<void(int level, const std::string& line)>;
[[nodiscard]] bool loadDataFromDisk(Engine& engine, const LoadLogFn& log);

class Server {
public:
    // Requires: engine and log outlive the server.
    Server(Engine& engine, Log& log);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds every address of the `bind` config at `port` (an address written "-addr" is
    // skipped if it cannot be bound, as Redis does). False with a message on failure.
    [[nodiscard]] bool listen(std::string* error);
    // Runs until SHUTDOWN, SIGTERM or SIGINT. Returns the process exit status.
    int run();
    // The same loop driven by another one (redsim-gui's frames): start(), then poll()
    // once per frame — it runs whatever is ready without waiting and returns false once
    // the server has stopped (SHUTDOWN) — and finish() at the end.
    void start();
    bool poll();
    // Like poll(), but goes on serving for up to `d` (the GUI's idle time in a frame).
    bool runFor(std::chrono::microseconds d);
    void finish();

    // The port actually bound (useful with port 0).
    int boundPort() const { return bound_port_; }

    Engine& engine() { return engine_; }
    Log& log() { return log_; }
    asio::io_context& io() { return io_; }

    // Called by a connection when it is gone (its engine client is freed here).
    void forget(uint64_t client_id);
    // Closes connections CLIENT KILL named (engine.killed_clients), and notices a
    // SHUTDOWN. Called after every command; cheap when there is nothing to do.
    void afterCommands();

private:
    void accept(asio::ip::tcp::acceptor& acceptor);
    void onAccepted(asio::ip::tcp::socket socket);
    void scheduleCron();
    // Writes out what engine.pushed_clients names (messages, pushes, replies that came
    // later; posted once per burst).
    void deliverPushes();
    void resumeUnblocked();
    void cron();
    void beginShutdown(const std::string& why);  // `why` logged if not empty
    void waitForSignal();

    Engine& engine_;
    Log& log_;
    // One thread runs everything, so asio may skip its internal locking.
    asio::io_context io_{ASIO_CONCURRENCY_HINT_UNSAFE};
    std::vector<std::unique_ptr<asio::ip::tcp::acceptor>> acceptors_;
    std::map<uint64_t, std::shared_ptr<Connection>> connections_;
    asio::steady_timer cron_timer_;
    asio::signal_set signals_;
    int bound_port_ = 0;
    uint64_t persist_listener_ = 0;
    bool stopping_ = false;
    bool delivery_posted_ = false;
    bool resume_posted_ = false;
    bool aof_posted_ = false;      // an AOF write is posted for the current burst
    bool accept_backoff_ = false;  // accept failed (e.g. no descriptors left): retrying later
};

// What a connection from a non-loopback address gets in protected mode (Redis's text).
extern const char* const kDeniedMessage;

// `redsim serve [config-file] [--directive value …]`: loads the config as
// redis-server does, starts the server and runs it. Returns the exit status.
int serveMain(const std::vector<std::string>& args, const std::string& executable);

}  // namespace redsim::server
