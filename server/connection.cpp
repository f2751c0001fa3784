#include "server/connection.h"

#include "engine/persist/aof.h"

#include <vector>

#include "engine/engine.h"
#include "server/server.h"

namespace redsim::server {

namespace {
constexpr size_t kKeepBufferBytes = 64 * 1024;
}  // namespace

Connection::Connection(Server& server, asio::ip::tcp::socket socket, Client& client)
    : server_(server), socket_(std::move(socket)), client_(client) {}

void Connection::start() { read(); }

void Connection::close(const char* why) {
    if (closed_) return;
    closed_ = true;
    if (why) server_.log().verbose(why);
    asio::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    server_.forget(client_.id);  // may destroy *this once the last handler returns
}

void Connection::read() {
    if (closed_ || reading_ || close_after_write_) return;
    reading_ = true;
    socket_.async_read_some(asio::buffer(rbuf_),
                            [self = shared_from_this()](const asio::error_code& ec, size_t n) { self->onRead(ec, n); });
}

void Connection::onRead(const asio::error_code& ec, size_t n) {
    reading_ = false;
    if (closed_) return;
    if (ec) {
        close();  // EOF or reset: the client went away
        return;
    }
    server_.engine().stats().total_net_input_bytes += n;
    client_.last_interaction_ms = server_.engine().clock().nowMs();  // for `timeout`, as Redis
    parser_.feed(std::string_view(rbuf_.data(), n));
    const ConfigValues& cfg = server_.engine().cfg();
    if (static_cast<long long>(parser_.buffered()) > cfg.client_query_buffer_limit) {
        // Redis logs the client and frees it without a reply.
        server_.log().warning("Closing client that reached max query buffer length");
        close();
        return;
    }
    process();
    if (closed_) return;
    flush();
    read();
}

void Connection::process() {
    Engine& engine = server_.engine();
    std::vector<std::string> argv;
    std::string error;
    // A blocked client's further commands wait in the parser until it is served (Redis
    // keeps reading them into the query buffer).
    while (!closed_ && !close_after_write_ && !client_.blocked()) {
        const ConfigValues& cfg = engine.cfg();
        const resp::RequestLimits limits{.proto_max_bulk_len = cfg.proto_max_bulk_len,
                                         .client_query_buffer_limit = cfg.client_query_buffer_limit,
                                         .authenticated = !engine.authRequired(client_)};
        const auto status = parser_.next(&argv, &error, limits);
        if (status == resp::RequestParser::Status::NeedMore) break;
        if (status == resp::RequestParser::Status::Error) {
            client_.out += '-';
            client_.out += error;
            client_.out += "\r\n";
            Stats& st = engine.stats();  // counted like any error reply (INFO errorstats)
            ++st.total_error_replies;
            ++st.errors[error.substr(0, error.find(' '))];
            close_after_write_ = true;
            break;
        }
        engine.execute(client_, argv);  // the reply lands in client_.out: our pending output
        if (client_.close_after_reply) close_after_write_ = true;
        if (overOutputLimit(outputLimit(), engine.nowMs())) {  // the command's time: no clock read
            server_.log().warning("Client id=" + std::to_string(client_.id) + " addr=" + client_.addr +
                                  " scheduled to be closed ASAP for overcoming of output buffer limits.");
            close();
            server_.afterCommands();  // a KILL or SHUTDOWN this command made still happens now
            return;
        }
        server_.afterCommands();
    }
}

const ConfigValues::OutputLimit& Connection::outputLimit() const {
    const ConfigValues& cfg = server_.engine().cfg();
    return client_.inPubSubMode() ? cfg.obuf_pubsub : cfg.obuf_normal;
}

void Connection::resume() {
    if (closed_) return;
    process();
    if (closed_) return;
    flush();
}

void Connection::deliver() {
    if (closed_) return;
    // A subscriber that does not read (its socket is full, so a write stays in flight)
    // piles messages up here until the pubsub class's limit disconnects it, as Redis does.
    if (overOutputLimit(outputLimit(), server_.engine().clock().nowMs())) {
        server_.log().warning("Client id=" + std::to_string(client_.id) + " addr=" + client_.addr +
                              " scheduled to be closed ASAP for overcoming of output buffer limits.");
        close();
        return;
    }
    flush();
}

// client-output-buffer-limit for normal clients (checkClientOutputBufferLimits): over
// the hard limit closes at once; over the soft limit for longer than soft-seconds too.
bool Connection::overOutputLimit(const ConfigValues::OutputLimit& limit, int64_t now_ms) {
    const long long used = static_cast<long long>(client_.out.size() + writing_.size());
    if (limit.hard > 0 && used > limit.hard) return true;
    if (limit.soft > 0 && used > limit.soft) {
        if (soft_since_ms_ < 0) soft_since_ms_ = now_ms;
        return (now_ms - soft_since_ms_) / 1000 > limit.seconds;
    }
    soft_since_ms_ = -1;
    return false;
}

void Connection::flush() {
    // The AOF first: with appendfsync always no reply may leave before its write is on
    // disk (Redis writes the AOF in beforeSleep, before the replies). With everysec and
    // no, Server::afterCommands posts one write for a whole burst of commands.
    if (server_.engine().aof().flushBeforeReplies()) server_.engine().aof().flush(false);
    if (closed_ || write_in_flight_) return;
    if (client_.out.empty()) {
        if (close_after_write_) close();
        return;
    }
    // Write at once when the socket takes it all (the usual case for a reply or a
    // message), as Redis writes in beforeSleep; only what is left waits for the socket
    // to be writable. This saves a trip through the event loop per reply.
    if (!socket_.non_blocking()) {
        asio::error_code ignored;
        socket_.non_blocking(true, ignored);
    }
    asio::error_code ec;
    const size_t n = socket_.write_some(asio::buffer(client_.out), ec);
    if (ec && ec != asio::error::would_block && ec != asio::error::try_again) {
        close();  // the client went away
        return;
    }
    server_.engine().stats().total_net_output_bytes += n;
    if (n > 0) client_.last_interaction_ms = server_.engine().nowMs();
    if (n == client_.out.size()) {
        client_.out.clear();
        if (client_.out.capacity() > kKeepBufferBytes) std::string().swap(client_.out);
        if (close_after_write_) close();
        return;
    }
    client_.out.erase(0, n);
    // Swap buffers: the replies go out while new ones accumulate in the (emptied, but
    // still allocated) buffer written last time.
    writing_.swap(client_.out);
    client_.out.clear();
    write_in_flight_ = true;
    asio::async_write(socket_, asio::buffer(writing_),
                      [self = shared_from_this()](const asio::error_code& ec, size_t n) { self->onWritten(ec, n); });
}

void Connection::onWritten(const asio::error_code& ec, size_t n) {
    write_in_flight_ = false;
    if (closed_) return;
    if (ec) {
        close();  // the client disconnected while its reply was being written
        return;
    }
    server_.engine().stats().total_net_output_bytes += n;
    client_.last_interaction_ms = server_.engine().clock().nowMs();
    // Give back a big reply's memory (Redis frees reply blocks as they are sent); small
    // buffers are kept for the next replies.
    if (writing_.capacity() > kKeepBufferBytes)
        std::string().swap(writing_);
    else
        writing_.clear();
    if (client_.out.empty() && client_.out.capacity() > kKeepBufferBytes) std::string().swap(client_.out);
    flush();
    read();
}

}  // namespace redsim::server
