#include "server/server.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>

#include "engine/acl.h"
#include "engine/info.h"
#include "engine/persist/aof.h"
#include "engine/persist/bgsave.h"
#include "engine/persist/rdb_load.h"
#include "server/connection.h"

namespace redsim::server {

const char* const kDeniedMessage =
    "-DENIED Redis is running in protected mode because protected mode is enabled and no passwo"
    "rd is set for the default user. In this mode connections are only accepted from the loopba"
    "ck interface. If you want to connect from external computers to Redis you may adopt one of"
    " the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET p"
    "rotected-mode no' from the loopback interface by connecting to Redis from the same host th"
    "e server is running, however MAKE SURE Redis is not publicly accessible from internet if y"
    "ou do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just "
    "disable the protected mode by editing the Redis configuration file, and setting the protec"
    "ted mode option to 'no', and then restarting the server. 3) If you started the server manu"
    "ally just for testing, restart it with the '--protected-mode no' option. 4) Setup a an aut"
    "hentication password for the default user. NOTE: You only need to do one of the above thin"
    "gs in order for the server to start accepting connections from the outside."
    "\r\n";

// Redis's loadDataFromDisk: dir/dbfilename, when it exists, fills the databases before
// the first client is served. A file that does not load stops the server (exit 1), as
// redis-server stops rather than start with some of the data.
bool loadDataFromDisk(Engine& engine, const LoadLogFn& log) {
    const ConfigValues& cfg = engine.cfg();
    // With appendonly yes the AOF is the truth, as in Redis; after
    // loading it the last incr file is opened for appending (a base is created first
    // when there is none).
    Aof& aof = engine.aof();
    aof.log = log;
    aof.batch_writes = true;
    if (cfg.appendonly) {
        const int64_t start_us = engine.clock().nowUs();
        std::string err;
        bool loaded = false;
        if (!aof.loadOnStart(&err, &loaded)) {
            log(3, err);
            log(3, "Fatal error loading the AOF. Exiting.");
            return false;
        }
        if (loaded) {
            char secs[32];
            std::snprintf(secs, sizeof secs, "%.3f", static_cast<double>(engine.clock().nowUs() - start_us) / 1e6);
            log(2, std::string("DB loaded from append only file: ") + secs + " seconds");
        }
        if (!aof.openOnStart(&err)) {
            log(3, err);
            return false;
        }
        // As Redis 7.0: with appendonly yes the RDB file is not read, even without an AOF.
        return true;
    }
    const std::string path = cfg.dir.empty() ? cfg.dbfilename : cfg.dir + "/" + cfg.dbfilename;
    if (access(path.c_str(), F_OK) != 0) return true;
    const int64_t start = engine.clock().nowUs();
    RdbLoadStats st;
    if (auto err = rdbLoadFile(engine, path, &st)) {
        log(3, "Fatal error loading the DB: " + *err + ". Exiting.");
        return false;
    }
    persist::noteLoad(engine, st.keys_loaded, st.keys_expired);  // INFO's rdb_last_load_*
    if (!st.redis_ver.empty()) log(2, "Loading RDB produced by version " + st.redis_ver);
    log(2, "Done loading RDB, keys loaded: " + std::to_string(st.keys_loaded) +
               ", keys expired: " + std::to_string(st.keys_expired) +
               ", empty keys skipped: " + std::to_string(st.empty_keys_skipped) + ".");
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.3f", static_cast<double>(engine.clock().nowUs() - start) / 1e6);
    log(2, std::string("DB loaded from disk: ") + secs + " seconds");
    return true;
}

namespace {

bool isLoopback(const asio::ip::address& a) {
    if (a.is_loopback()) return true;
    // IPv4-mapped loopback (::ffff:127.0.0.1) counts too.
    if (a.is_v6() && a.to_v6().is_v4_mapped()) {
        return asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6()).is_loopback();
    }
    return false;
}

// Redis's address format: "ip:port", IPv6 in brackets.
std::string formatEndpoint(const asio::ip::tcp::endpoint& ep) {
    const auto a = ep.address();
    if (a.is_v6() && !a.to_v6().is_v4_mapped()) return "[" + a.to_string() + "]:" + std::to_string(ep.port());
    if (a.is_v6())
        return asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6()).to_string() + ":" + std::to_string(ep.port());
    return a.to_string() + ":" + std::to_string(ep.port());
}

}  // namespace

Server::Server(Engine& engine, Log& log)
    : engine_(engine), log_(log), cron_timer_(io_), signals_(io_, SIGINT, SIGTERM) {
    // A client that vanishes mid-write must not kill the server.
    std::signal(SIGPIPE, SIG_IGN);
}

Server::~Server() = default;

bool Server::listen(std::string* error) {
    const ConfigValues& cfg = engine_.cfg();
    std::istringstream words(cfg.bind);
    std::string addr;
    int port = static_cast<int>(cfg.port);
    while (words >> addr) {
        const bool optional = addr[0] == '-';
        if (optional) addr.erase(0, 1);
        if (addr == "*") addr = "0.0.0.0";
        if (addr == "::*") addr = "::";
        asio::error_code ec;
        const auto ip = asio::ip::make_address(addr, ec);
        if (ec) {
            *error = "Invalid bind address '" + addr + "'";
            return false;
        }
        auto acceptor = std::make_unique<asio::ip::tcp::acceptor>(io_);
        const asio::ip::tcp::endpoint ep(ip, static_cast<unsigned short>(port));
        acceptor->open(ep.protocol(), ec);
        if (!ec) acceptor->set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
        if (!ec && ip.is_v6()) acceptor->set_option(asio::ip::v6_only(true), ec);
        if (!ec) acceptor->bind(ep, ec);
        if (!ec) acceptor->listen(static_cast<int>(cfg.tcp_backlog), ec);
        if (ec) {
            if (optional) {
                log_.verbose("Skipping optional bind address " + addr + ": " + ec.message());
                continue;
            }
            *error = "Could not create server TCP listening socket " + addr + ":" + std::to_string(port) + ": " +
                     ec.message();
            return false;
        }
        // With port 0 the first socket picks a port; the others use the same one.
        if (port == 0) port = acceptor->local_endpoint().port();
        acceptors_.push_back(std::move(acceptor));
    }
    if (acceptors_.empty()) {
        *error = "Failed listening on any bind address";
        return false;
    }
    bound_port_ = port;
    engine_.facts.tcp_port = port;
    return true;
}

void Server::start() {
    for (auto& a : acceptors_) accept(*a);
    waitForSignal();
    // Persistence events are logged as redis-server logs them ("Background saving
    // started by pid …", "DB saved on disk"…).
    persist_listener_ = persist::addListener(engine_, [this](const PersistEvent& ev) {
        if (ev.warning)
            log_.warning(ev.log);
        else
            log_.notice(ev.log);
    });
    scheduleCron();
    log_.notice("Ready to accept connections tcp");
    // A script running past busy-reply-threshold calls this from its Lua hook: other
    // connections are read and served meanwhile (their commands get BUSY, SCRIPT KILL
    // works), as Redis's processEventsWhileBlocked. The caller's own connection is not
    // reading while its command runs, so it waits for its reply.
    engine_.busy_callback = [this] { io_.poll(); };
}

bool Server::poll() {
    io_.poll();
    return !io_.stopped();
}

bool Server::runFor(std::chrono::microseconds d) {
    io_.run_for(d);
    return !io_.stopped();
}

void Server::finish() {
    engine_.busy_callback = nullptr;
    engine_.aof().shutdown();  // the last writes reach the disk before the process ends
    persist::removeListener(engine_, persist_listener_);
    log_.notice("redsim is now ready to exit, bye bye...");
}

int Server::run() {
    start();
    io_.run();
    finish();
    return 0;
}

void Server::accept(asio::ip::tcp::acceptor& acceptor) {
    acceptor.async_accept([this, &acceptor](const asio::error_code& ec, asio::ip::tcp::socket socket) {
        if (stopping_) return;
        if (!ec) {
            onAccepted(std::move(socket));
            accept(acceptor);
            return;
        }
        // Out of file descriptors (or similar): the pending connection stays in the
        // backlog, so accepting again at once would spin. Log once, retry in 100 ms.
        if (!accept_backoff_) log_.warning("Accepting client connection: " + ec.message());
        accept_backoff_ = true;
        auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(100));
        timer->async_wait([this, &acceptor, timer](const asio::error_code& wait_ec) {
            if (wait_ec || stopping_) return;
            accept_backoff_ = false;
            accept(acceptor);
        });
    });
}

void Server::onAccepted(asio::ip::tcp::socket socket) {
    asio::error_code ec;
    const auto peer = socket.remote_endpoint(ec);
    if (ec) return;
    const auto local = socket.local_endpoint(ec);
    socket.set_option(asio::ip::tcp::no_delay(true), ec);
    if (const long long ka = engine_.cfg().tcp_keepalive; ka > 0) {
        // As Redis's anetKeepAlive: probe after `tcp-keepalive` idle seconds, every
        // interval/3, give up after 3 unanswered probes.
        socket.set_option(asio::socket_base::keep_alive(true), ec);
        const int fd = static_cast<int>(socket.native_handle());
        int idle = static_cast<int>(ka), intvl = std::max(1, static_cast<int>(ka / 3)), cnt = 3;
        setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
        setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof intvl);
        setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof cnt);
    }
    const ConfigValues& cfg = engine_.cfg();
    // maxclients, then protected mode, as Redis's acceptCommonHandler does.
    auto refuse = [&](const std::string& reply) {
        asio::error_code ignored;
        asio::write(socket, asio::buffer(reply), ignored);
        socket.close(ignored);
        ++engine_.stats().rejected_connections;
    };
    if (static_cast<long long>(engine_.clients().size()) >= cfg.maxclients) {
        refuse("-ERR max number of clients reached\r\n");
        return;
    }
    if (cfg.protected_mode && (engine_.acl().defaultUser()->flags & acl::kNoPass) && !isLoopback(peer.address())) {
        refuse(kDeniedMessage);
        return;
    }
    Client& client = engine_.createClient();
    client.addr = formatEndpoint(peer);
    client.laddr = formatEndpoint(local);
    client.local = isLoopback(peer.address());
    client.fd = static_cast<int>(socket.native_handle());
    auto conn = std::make_shared<Connection>(*this, std::move(socket), client);
    connections_.emplace(client.id, conn);
    conn->start();
}

void Server::forget(uint64_t client_id) {
    engine_.freeClient(client_id);
    connections_.erase(client_id);
}

void Server::afterCommands() {
    if (engine_.aof().buffered() > 0 && !aof_posted_) {
        // One write() of the AOF for every command that is ready now (as Redis writes
        // it once per event-loop pass, in beforeSleep).
        aof_posted_ = true;
        asio::post(io_, [this] {
            aof_posted_ = false;
            engine_.aof().flush(false);
        });
    }
    if (!engine_.pushed_clients.empty() && !delivery_posted_) {
        // Pub/Sub messages for other connections go out once the commands that are
        // ready now have run (as Redis writes them in beforeSleep): one write per
        // subscriber for a burst of PUBLISHes from many clients, not one per message.
        delivery_posted_ = true;
        asio::post(io_, [this] { deliverPushes(); });
    }
    if (!engine_.unblocked_clients.empty() && !resume_posted_) {
        // Clients that were blocked run their pending input once the current command
        // is done (Redis's processUnblockedClients in beforeSleep).
        resume_posted_ = true;
        asio::post(io_, [this] { resumeUnblocked(); });
    }
    if (!engine_.killed_clients.empty()) {
        std::vector<uint64_t> killed;
        killed.swap(engine_.killed_clients);
        for (uint64_t id : killed) {
            auto it = connections_.find(id);
            if (it == connections_.end()) continue;
            auto conn = it->second;  // keep it alive while it closes
            conn->close();
        }
    }
    // A SHUTDOWN sent while a script is busy (SHUTDOWN is allowed then) stops the script
    // first; the connections close once the script's command has returned.
    if (engine_.shutdown.requested && !stopping_ && !engine_.script.caller)
        beginShutdown({});  // logged by the SHUTDOWN
}

void Server::resumeUnblocked() {
    resume_posted_ = false;
    std::vector<uint64_t> ids;
    ids.swap(engine_.unblocked_clients);
    for (uint64_t id : ids) {
        auto it = connections_.find(id);
        if (it == connections_.end()) continue;
        auto conn = it->second;
        conn->resume();
    }
    afterCommands();
}

void Server::deliverPushes() {
    delivery_posted_ = false;
    // Each client is in the list once (Engine::notePush).
    const std::vector<uint64_t> ids = engine_.takePushedClients();
    for (uint64_t id : ids) {
        auto it = connections_.find(id);
        if (it == connections_.end()) continue;
        auto conn = it->second;  // keep it alive if it closes
        conn->deliver();
    }
}

void Server::scheduleCron() {
    const long long hz = std::clamp<long long>(engine_.cfg().hz, 1, 500);
    cron_timer_.expires_after(std::chrono::microseconds(1000000 / hz));
    cron_timer_.async_wait([this](const asio::error_code& ec) {
        if (ec || stopping_) return;
        cron();
        scheduleCron();
    });
}

void Server::cron() {
    // No cron while a script runs (a busy script lets clients in, not timers): expiry
    // and eviction must not change the keyspace under it.
    if (engine_.script.caller) return;
    engine_.catchUp();
    afterCommands();  // keyspace events of expired keys reach their subscribers
    // Close clients idle for longer than `timeout` seconds (clientsCronHandleTimeout).
    const long long timeout = engine_.cfg().timeout;
    if (timeout > 0) {
        const int64_t now = engine_.clock().nowMs();
        for (auto it = connections_.begin(); it != connections_.end();) {
            auto conn = it->second;
            ++it;
            // Subscribers wait for messages by design: no idle timeout for them (as Redis).
            if (conn->client().inPubSubMode()) continue;
            if (conn->client().blocked()) continue;  // waits for data: its own timeout applies
            if ((now - conn->client().last_interaction_ms) / 1000 > timeout) conn->close("Closing idle client");
        }
    }
}

// SIGTERM / SIGINT: a shutdown as SHUTDOWN without options (save when save points are
// configured); if that save fails the server goes on, as redis-server does.
void Server::waitForSignal() {
    signals_.async_wait([this](const asio::error_code& ec, int sig) {
        if (ec) return;
        const char* name = sig == SIGINT ? "SIGINT" : "SIGTERM";
        log_.warning(std::string("Received ") + name + " scheduling shutdown...");
        if (!persist::prepareForShutdown(engine_, false, false, false)) {
            log_.warning(std::string(name) +
                         " received but errors trying to shut down the server, check the logs for more information");
            waitForSignal();
            return;
        }
        beginShutdown({});
    });
}

void Server::beginShutdown(const std::string& why) {
    if (stopping_) return;
    stopping_ = true;
    if (!why.empty()) log_.warning(why);
    asio::error_code ignored;
    for (auto& a : acceptors_) a->close(ignored);
    cron_timer_.cancel();
    signals_.cancel(ignored);
    std::vector<std::shared_ptr<Connection>> all;
    for (auto& [id, c] : connections_) all.push_back(c);
    for (auto& c : all) c->close();
    io_.stop();
}

// Redis's adjustOpenFilesLimit: every client needs a descriptor, plus 32 for the server
// itself. Raise RLIMIT_NOFILE as far as allowed; if that is not enough, lower maxclients
// to what fits and say so, as Redis does.
void adjustOpenFilesLimit(ConfigValues& cfg, Log& log) {
    constexpr long long kReserved = 32;
    const rlim_t wanted = static_cast<rlim_t>(cfg.maxclients + kReserved);
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur >= wanted) return;
    rlimit raised = lim;
    raised.rlim_cur = std::min<rlim_t>(wanted, lim.rlim_max);
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) lim = raised;
    if (lim.rlim_cur >= wanted) return;
    const long long fit = static_cast<long long>(lim.rlim_cur) - kReserved;
    if (fit < 1) return;
    cfg.maxclients = fit;
    log.warning("Current maximum open files is " + std::to_string(lim.rlim_cur) + ". maxclients has been reduced to " +
                std::to_string(fit) +
                " to compensate for low ulimit. If you need higher maxclients increase 'ulimit -n'.");
}

int serveMain(const std::vector<std::string>& args, const std::string& executable) {
    Config config;
    std::string text;
    size_t first_option = 0;
    if (!args.empty() && args[0].rfind("--", 0) != 0) {
        // The first argument is a config file, as for redis-server.
        config.config_file = args[0];
        std::ifstream in(args[0], std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "Fatal error, can't open config file '%s': %s\n", args[0].c_str(),
                         std::strerror(errno));
            return 1;
        }
        std::stringstream ss;
        ss << in.rdbuf();
        text = ss.str();
        if (char* real = realpath(args[0].c_str(), nullptr)) {
            config.config_file = real;
            std::free(real);
        }
        first_option = 1;
    }
    if (first_option == 1) text += '\n';  // redis-server: file contents, "\n", then the options
    text += Config::argsToText(std::span<const std::string>(args).subspan(first_option));
    if (auto err = config.loadText(text)) {
        std::fputs(err->c_str(), stderr);
        return 1;
    }
    Log log(config.values.logfile, config.values.loglevel);
    if (!log.ok()) {
        std::fprintf(stderr, "Can't open the log file: %s\n", std::strerror(errno));
        return 1;
    }
    adjustOpenFilesLimit(config.values, log);
    EngineOptions opts;
    opts.seed = static_cast<uint64_t>(getpid()) ^ static_cast<uint64_t>(std::time(nullptr));
    opts.config = config;
    Engine engine(std::move(opts));
    engine.facts.executable = executable;
    engine.facts.process_id = getpid();
    if (!engine.acl_startup_error.empty()) {  // `user` lines or the aclfile did not load
        size_t from = 0;                      // one log line per line of the message
        while (from <= engine.acl_startup_error.size()) {
            size_t nl = engine.acl_startup_error.find('\n', from);
            if (nl == std::string::npos) nl = engine.acl_startup_error.size();
            log.warning(engine.acl_startup_error.substr(from, nl - from));
            from = nl + 1;
        }
        return 1;
    }
    Server server(engine, log);
    std::string error;
    if (!server.listen(&error)) {
        log.warning(error);
        return 1;
    }
    if (!loadDataFromDisk(engine, [&log](int level, const std::string& line) {
            if (level >= 3)
                log.warning(line);
            else if (level == 2)
                log.notice(line);
            else
                log.verbose(line);
        }))
        return 1;
    log.notice(std::string("redsim ") + REDSIM_VERSION + " (behaves as Redis " + kRedisVersion + "), port " +
               std::to_string(server.boundPort()) + ", pid " + std::to_string(getpid()));
    return server.run();
}

}  // namespace redsim::server
