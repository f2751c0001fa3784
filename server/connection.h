// One client connection of `redsim serve`: a socket, an engine Client, the request
// parser, and the replies waiting to be written.
//
// Reads are processed as they arrive: every complete command in the buffer runs, in
// order, and its reply is appended to the pending output; one write is in flight at a
// time and the next takes everything that accumulated meanwhile (so a deep pipeline is
// answered with few large writes). Limits follow Redis: client-query-buffer-limit and
// the normal class's client-output-buffer-limit close the connection; a protocol error
// is answered, then the connection closes.
#pragma once

#include <asio.hpp>

#include <array>
#include <memory>
#include <string>

#include "engine/client.h"
#include "engine/config.h"
#include "engine/resp/request.h"

namespace redsim::server {

class Server;

class Connection : public std::enable_shared_from_this<Connection> {
public:
    // Takes the socket; `client` is this connection's engine client (owned by the engine,
    // freed through Server::forget when the connection ends).
    Connection(Server& server, asio::ip::tcp::socket socket, Client& client);

    void start();
    // Pub/Sub messages were appended to this client's output by another client's
    // command (or the cron): check the output limit of its class, then write them out.
    void deliver();
    // The client was blocked and may go on: send what it got, run its pending input.
    void resume();
    // Closes the socket now; pending output is dropped. Safe to call twice.
    void close(const char* why = nullptr);
    uint64_t id() const { return client_.id; }
    bool closed() const { return closed_; }
    const Client& client() const { return client_; }

private:
    void read();
    void onRead(const asio::error_code& ec, size_t n);
    void process();
    void flush();
    void onWritten(const asio::error_code& ec, size_t n);
    bool overOutputLimit(const ConfigValues::OutputLimit& limit, int64_t now_ms);
    // The client-output-buffer-limit class of this client: pubsub while it has a
    // subscription, else normal (Redis's getClientType).
    const ConfigValues::OutputLimit& outputLimit() const;

    Server& server_;
    asio::ip::tcp::socket socket_;
    Client& client_;
    resp::RequestParser parser_;
    std::array<char, 16 * 1024> rbuf_{};
    // Replies not yet handed to the socket accumulate in client_.out (the engine writes
    // them there); writing_ is the write in flight.
    std::string writing_;
    bool write_in_flight_ = false;
    bool reading_ = false;
    bool close_after_write_ = false;
    bool closed_ = false;
    int64_t soft_since_ms_ = -1;  // when the output first passed the soft limit
};

}  // namespace redsim::server
