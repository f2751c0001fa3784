#include "repl/backend.h"

#include <netdb.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "engine/inspect/keyspace.h"
#include "engine/persist/aof.h"
#include "engine/persist/bgsave.h"
#include "engine/resp/args.h"
#include "engine/resp/reply.h"
#include "engine/util/text.h"
#include "server/server.h"

namespace redsim::repl {

namespace {

class EmbeddedBackend final : public Backend {
public:
    explicit EmbeddedBackend(EngineOptions opts) : engine_(std::make_unique<Engine>(std::move(opts))) {
        engine_->facts.process_id = getpid();
        clients_.push_back({"main", &engine_->createClient()});
    }

    std::optional<std::string> call(std::span<const std::string> argv, std::string* error) override {
        if (!engine_->clock().isVirtual()) engine_->catchUp();
        Client* me = clients_[current_].client;
        engine_->execute(*me, argv);
        engine_->takePushedClients();  // takePushes looks at every client's buffer
        // CLIENT KILL of another of our clients: it "reconnects" as a fresh client under
        // the same name, as redis-cli would on its next command.
        std::vector<uint64_t> killed;
        killed.swap(engine_->killed_clients);
        for (auto& n : clients_)
            if (n.client != me && std::find(killed.begin(), killed.end(), n.client->id) != killed.end()) renew(n);
        std::string out = me->takeOutput();
        if (me->close_after_reply || me->close_asap) {
            // CLIENT KILL of this connection: redis-cli reconnects on the next command; the
            // embedded session does the same with a fresh client.
            renew(clients_[current_]);
            // Closed without a reply (a reply over the output limit, e.g. SRANDMEMBER with
            // a huge negative count): what redis-cli says when the server hangs up.
            if (out.empty()) {
                if (error) *error = "Server closed the connection";
                return std::nullopt;
            }
        }
        return out;
    }
    int db() const override { return clients_[current_].client->db; }
    bool inMulti() const override { return clients_[current_].client->in_multi; }
    std::vector<std::string> keysWithPrefix(std::string_view prefix, size_t limit) override {
        return inspect::keysWithPrefix(*engine_, db(), prefix, limit);
    }
    int64_t nowUs() override { return engine_->clock().nowUs(); }
    Engine* engine() override { return engine_.get(); }
    bool ended() const override { return engine_->shutdown.requested; }

    bool selectClient(const std::string& name, std::string*) override {
        for (size_t i = 0; i < clients_.size(); ++i) {
            if (clients_[i].name == name) {
                current_ = i;
                return true;
            }
        }
        clients_.push_back({name, &engine_->createClient()});
        current_ = clients_.size() - 1;
        return true;
    }
    std::string clientName() const override { return clients_[current_].name; }
    std::vector<ClientView> clientViews() override {
        std::vector<ClientView> r;
        for (size_t i = 0; i < clients_.size(); ++i) {
            const Client& c = *clients_[i].client;
            r.push_back({clients_[i].name, c.id, c.db, c.resp, c.sub_channels, c.sub_patterns, c.sub_shard_channels,
                         i == current_, c.blocked()});
        }
        return r;
    }
    std::vector<Pushed> takePushes(bool include_current) override {
        if (include_current && !engine_->clock().isVirtual()) engine_->catchUp();  // expiry events
        engine_->takePushedClients();
        std::vector<Pushed> r;
        for (size_t i = 0; i < clients_.size(); ++i) {
            if (i == current_ && !include_current) continue;
            Client& c = *clients_[i].client;
            if (!c.out.empty()) r.push_back({clients_[i].name, c.takeOutput(), i == current_});
        }
        return r;
    }
    bool subscribedMode() override {
        const Client& c = *clients_[current_].client;
        return c.resp == 2 && c.inPubSubMode();
    }
    bool blocked() override { return clients_[current_].client->blocked(); }
    int64_t blockDeadlineMs() override {
        const Client& c = *clients_[current_].client;
        // A command held by CLIENT PAUSE runs when the pause ends.
        return c.block.type == BlockType::Postpone ? engine_->pauseEndMs() : c.block.deadline_ms;
    }
    void cancelBlock() override { engine_->unblockClient(*clients_[current_].client, Engine::UnblockReason::Cancel); }
    void passTime(int64_t us) override {
        if (engine_->clock().isVirtual())
            engine_->advanceTime(us);
        else
            engine_->catchUp();
    }

    RestartOutcome restartFromDisk(bool power_loss, const std::function<void(Engine&)>& before_load) override;

private:
    struct Named {
        std::string name;
        Client* client;
    };
    void renew(Named& n) {
        engine_->freeClient(n.client->id);
        n.client = &engine_->createClient();
    }

    std::unique_ptr<Engine> engine_;  // replaced by restartFromDisk
    std::vector<Named> clients_;      // in creation order; [0] is "main"
    size_t current_ = 0;
};

RestartOutcome EmbeddedBackend::restartFromDisk(bool power_loss, const std::function<void(Engine&)>& before_load) {
    RestartOutcome out;
    Engine& old = *engine_;
    // What the new process gets: the same config file, seed and limits; the clock goes
    // on from the same instant.
    EngineOptions opts{.seed = old.rng().seed(),
                       .virtual_clock = old.clock().isVirtual(),
                       .config = old.config(),
                       .no_file_writes = old.noFileWrites(),
                       .script_instruction_limit = old.scriptInstructionLimit()};
    const int64_t now_us = old.clock().nowUs();
    const bool batch = old.aof().batch_writes;
    const Aof::SyncedTail tail = old.aof().syncedTail();
    out.aof_buffer_lost = static_cast<long long>(old.aof().buffered());
    const std::string aof_dir = old.aof().dirPath();
    std::vector<int> dbs;
    for (const auto& n : clients_) dbs.push_back(n.client->db);

    // The process dies. (Destroying the engine closes the AOF after writing its buffer;
    // a real crash would not, so the file is cut back below to what the crash leaves.)
    engine_.reset();
    if (!tail.file.empty()) {
        const std::string path = aof_dir + "/" + tail.file;
        const long long keep = power_loss ? tail.synced : tail.size;
        std::error_code ec;
        const auto size = static_cast<long long>(std::filesystem::file_size(path, ec));
        if (!ec && size > keep) {
            std::filesystem::resize_file(path, static_cast<uintmax_t>(keep), ec);
            if (!ec) {
                out.aof_bytes_cut = size - keep;
                out.aof_file = tail.file;
            }
        }
    }

    // A new process starts and loads what is on disk.
    engine_ = std::make_unique<Engine>(std::move(opts));
    Engine& e = *engine_;
    e.facts.process_id = getpid();
    if (e.clock().isVirtual()) e.setClock(std::make_unique<VirtualClock>(now_us));
    if (before_load) before_load(e);
    const bool aof = e.cfg().appendonly;
    out.ok = server::loadDataFromDisk(e, [&out](int level, const std::string& line) {
        if (level >= 2) out.log.push_back(line);
    });
    e.aof().log = nullptr;
    e.aof().batch_writes = batch;
    if (!out.ok) {
        // redis-server would exit; the session goes on with an empty engine instead (and
        // leaves the files alone for the learner to look at).
        e.aof().shutdown();
        for (int i = 0; i < e.dbCount(); ++i) e.db(i).clear();
    }
    out.loaded_from = aof ? "AOF" : (std::filesystem::exists(persist::rdbPath(e)) ? "RDB" : "");
    // The clients reconnect, in creation order, each to the db it was in.
    for (size_t i = 0; i < clients_.size(); ++i) {
        clients_[i].client = &e.createClient();
        clients_[i].client->db = dbs[i];
    }
    return out;
}

class RemoteBackend final : public Backend {
public:
    RemoteBackend(int fd, std::string address) : fd_(fd), address_(std::move(address)) {}
    ~RemoteBackend() override {
        if (fd_ >= 0) close(fd_);
    }

    std::optional<std::string> call(std::span<const std::string> argv, std::string* error) override {
        if (fd_ < 0) {
            *error = "not connected";
            return std::nullopt;
        }
        const std::string req = resp::encodeCommand(std::vector<std::string>(argv.begin(), argv.end()));
        for (size_t sent = 0; sent < req.size();) {
            const ssize_t n = send(fd_, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return lost(error);
            sent += static_cast<size_t>(n);
        }
        // (P|S)(UN)SUBSCRIBE answer once per channel (pushes in RESP3); without
        // arguments an UNSUBSCRIBE answers once per subscription, so whatever else has
        // arrived shortly after the first answer is taken too.
        const std::string cmd = toLower(argv[0]);
        const bool subs = cmd == "subscribe" || cmd == "psubscribe" || cmd == "ssubscribe" || cmd == "unsubscribe" ||
                          cmd == "punsubscribe" || cmd == "sunsubscribe";
        if (!subs) return readReply(argv, error, false);
        auto all = readReply(argv, error, true);
        if (!all || (!all->empty() && (*all)[0] == '-')) return all;
        for (size_t i = 2; i < argv.size(); ++i) {
            auto more = readReply(argv, error, true);
            if (!more) return more;
            *all += *more;
        }
        if (argv.size() == 1) {
            pollfd p{fd_, POLLIN, 0};
            while (!buf_.empty() || poll(&p, 1, 50) > 0) {
                auto more = readReply(argv, error, true);
                if (!more) return more;
                *all += *more;
            }
        }
        // The last confirmation's count: a RESP2 client with subscriptions left is in
        // subscribed mode (RESP3 confirmations are pushes: never subscribed mode).
        size_t pos = 0;
        resp::Reply r;
        while (pos < all->size() && resp::parseReply(*all, pos, r) == resp::ParseStatus::Ok) {
        }
        subscribed_ = r.type == resp::Reply::Type::Array && r.elements.size() == 3 &&
                      r.elements[2].type == resp::Reply::Type::Integer && r.elements[2].integer > 0;
        return all;
    }

    // Messages that arrived on the connection since the last reply (non-blocking).
    std::vector<Pushed> takePushes(bool include_current) override {
        if (!include_current || fd_ < 0) return {};
        for (;;) {
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, 0) <= 0) break;
            char chunk[65536];
            const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
            if (n <= 0) {
                close(fd_);
                fd_ = -1;
                break;
            }
            buf_.append(chunk, static_cast<size_t>(n));
        }
        size_t pos = 0, done = 0;
        resp::Reply r;
        std::string err;
        while (pos < buf_.size() && resp::parseReply(buf_, pos, r, &err) == resp::ParseStatus::Ok) done = pos;
        if (done == 0) return {};
        std::vector<Pushed> out{{"main", buf_.substr(0, done), true}};
        buf_.erase(0, done);
        return out;
    }
    bool subscribedMode() override { return subscribed_; }

    // One reply from the socket; pushes are skipped unless `accept_push`.
    std::optional<std::string> readReply(std::span<const std::string> argv, std::string* error, bool accept_push) {
        // The parser starts over on every attempt, so attempt when the buffer has doubled
        // since the last incomplete try (a big reply costs O(n), not O(n^2)) or when
        // nothing more is waiting on the socket (the reply may be complete).
        size_t next_try = 0;
        for (;;) {
            int waiting = 0;
            if (buf_.size() < next_try && ioctl(fd_, FIONREAD, &waiting) == 0 && waiting == 0) next_try = 0;
            if (buf_.size() >= next_try) {
                // Pushes (RESP3 '>') are out-of-band: skip them, keep waiting for the reply.
                size_t pos = 0;
                resp::Reply r;
                const auto st = resp::parseReply(buf_, pos, r, error);
                if (st == resp::ParseStatus::Error) return lost(error);
                if (st == resp::ParseStatus::Ok) {
                    std::string reply = buf_.substr(0, pos);
                    buf_.erase(0, pos);
                    next_try = 0;
                    if (r.type == resp::Reply::Type::Push && !accept_push) continue;
                    track(argv, r);
                    return reply;
                }
                next_try = std::max<size_t>(buf_.size() * 2, 1);
            }
            char chunk[65536];
            const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
            if (n <= 0) {
                // The connection ended: whatever complete reply is buffered still counts.
                size_t pos = 0;
                resp::Reply r;
                if (!buf_.empty() && resp::parseReply(buf_, pos, r, error) == resp::ParseStatus::Ok) {
                    std::string reply = buf_.substr(0, pos);
                    buf_.erase(0, pos);
                    track(argv, r);
                    return reply;
                }
                return lost(error);
            }
            buf_.append(chunk, static_cast<size_t>(n));
        }
    }
    int db() const override { return db_; }
    bool inMulti() const override { return in_multi_; }
    std::vector<std::string> keysWithPrefix(std::string_view prefix, size_t limit) override {
        std::vector<std::string> keys;
        std::string pattern;
        for (char c : prefix) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') pattern += '\\';
            pattern += c;
        }
        pattern += '*';
        std::string cursor = "0", err;
        do {
            const std::vector<std::string> argv = {"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"};
            auto bytes = call(argv, &err);
            if (!bytes) break;
            size_t pos = 0;
            resp::Reply r;
            if (resp::parseReply(*bytes, pos, r) != resp::ParseStatus::Ok || r.elements.size() != 2) break;
            cursor = r.elements[0].str;
            for (auto& k : r.elements[1].elements) keys.push_back(std::move(k.str));
        } while (cursor != "0" && keys.size() < limit);
        if (keys.size() > limit) keys.resize(limit);
        return keys;
    }
    int64_t nowUs() override {
        using namespace std::chrono;
        return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
    }
    bool ended() const override { return fd_ < 0; }
    std::string address() const override { return address_; }

private:
    std::optional<std::string> lost(std::string* error) {
        if (error && error->empty()) *error = "Server closed the connection";
        close(fd_);
        fd_ = -1;
        return std::nullopt;
    }
    // redis-cli follows SELECT and RESET to show the right database in its prompt, and
    // MULTI / EXEC / DISCARD for its (TX) mark.
    void track(std::span<const std::string> argv, const resp::Reply& r) {
        if (argv.size() == 1 && equalsIgnoreCase(argv[0], "exec")) in_multi_ = false;  // whatever EXEC answered
        if (r.type != resp::Reply::Type::Status) return;
        if (argv.size() == 1 && equalsIgnoreCase(argv[0], "multi") && r.str == "OK") in_multi_ = true;
        if (argv.size() == 1 && equalsIgnoreCase(argv[0], "discard") && r.str == "OK") in_multi_ = false;
        if (equalsIgnoreCase(argv[0], "select") && argv.size() == 2 && r.str == "OK") db_ = std::atoi(argv[1].c_str());
        if (equalsIgnoreCase(argv[0], "reset") && r.str == "RESET") {
            db_ = 0;
            subscribed_ = false;
            in_multi_ = false;
        }
    }

    int fd_;
    bool subscribed_ = false;
    std::string address_;
    std::string buf_;
    int db_ = 0;
    bool in_multi_ = false;
};

}  // namespace

std::unique_ptr<Backend> makeEmbeddedBackend(EngineOptions opts) {
    return std::make_unique<EmbeddedBackend>(std::move(opts));
}

std::unique_ptr<Backend> connectRemote(const std::string& host, int port, std::string* error) {
    const std::string where = "Could not connect to Redis at " + host + ":" + std::to_string(port) + ": ";
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    if (const int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res); rc != 0) {
        *error = where + gai_strerror(rc);
        return nullptr;
    }
    int fd = -1;
    int last_errno = 0;
    for (addrinfo* a = res; a; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0) continue;
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
        last_errno = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        *error = where + std::strerror(last_errno);
        return nullptr;
    }
    return std::make_unique<RemoteBackend>(fd, host + ":" + std::to_string(port));
}

}  // namespace redsim::repl
