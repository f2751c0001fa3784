// Session: redis-cli's line semantics over an embedded engine. See session.h.
#include "repl/session.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <thread>

#include "client/format.h"
#include "engine/commands/grammar.h"
#include "engine/resp/args.h"
#include "engine/resp/reply.h"
#include "repl/meta.h"

namespace redsim::repl {

Session::Session(SessionOptions opts)
    : Session(opts, makeEmbeddedBackend(EngineOptions{.seed = opts.seed, .virtual_clock = opts.virtual_clock})) {}

Session::Session(SessionOptions opts, std::unique_ptr<Backend> backend) : opts_(opts), backend_(std::move(backend)) {}

RestartOutcome Session::restartFromDisk(bool power_loss, const std::function<void(Engine&)>& before_load) {
    // Counted before the new engine exists, so `before_load` already sees the new count.
    ++restarts_;
    RestartOutcome out = backend_->restartFromDisk(power_loss, before_load);
    if (!out.error.empty()) --restarts_;  // nothing was replaced
    if (out.error.empty()) {
        // The connections died with the process: nothing is waited for any more.
        reading_messages_ = false;
        waiting_ = false;
    }
    return out;
}

long repeatPrefix(std::span<const std::string> argv) {
    // As redis-cli's repl() reads it with strtol: "" and "0" and "-1" are numbers too,
    // and invalid counts.
    if (argv.size() < 2) return 0;
    char* end = nullptr;
    errno = 0;
    const long n = std::strtol(argv[0].c_str(), &end, 10);
    if (*end != '\0') return 0;
    return (errno == ERANGE || errno == EINVAL || n <= 0) ? -1 : n;
}

std::string Session::prompt() const {
    // "redsim> " on the embedded engine; "127.0.0.1:6379> " on a server, as redis-cli.
    std::string p = backend_->address().empty() ? "redsim" : backend_->address();
    if (const std::string name = backend_->clientName(); name != "main") p += "(" + name + ")";
    if (backend_->db() != 0) p += "[" + std::to_string(backend_->db()) + "]";
    if (backend_->inMulti()) p += "(TX)";
    return p + "> ";
}

// redis-cli's line splitting: nullopt (after printing its complaint) for unbalanced
// quotes; an empty vector for a blank line.
std::optional<std::vector<std::string>> Session::split(std::string_view line) {
    auto argv = resp::splitArgs(line);
    if (!argv) print("Invalid argument(s)\n");
    return argv;
}

void Session::runLine(std::string_view line) {
    if (done_) return;
    auto argv = split(line);
    if (!argv || argv->empty()) return;
    const long prefix = repeatPrefix(*argv);
    if (prefix < 0) {
        print("Invalid redis-cli repeat command option value.\n");
        return;
    }
    const long repeat = prefix > 0 ? prefix : 1;
    const size_t skip = prefix > 0 ? 1 : 0;
    std::span<const std::string> cmd(argv->data() + skip, argv->size() - skip);
    if (equalsIgnoreCase(cmd[0], "quit") || equalsIgnoreCase(cmd[0], "exit")) {
        done_ = true;  // redis-cli exits right away: QUIT is never sent
        return;
    }
    if (cmd[0].starts_with(':')) {
        meta(cmd);
        // Meta commands that change the engine are part of what the learner did.
        if (observer_ && (equalsIgnoreCase(cmd[0], ":time") || equalsIgnoreCase(cmd[0], ":client") ||
                          equalsIgnoreCase(cmd[0], ":crash")))
            observer_->lineRan(*this, line);
        return;
    }
    const int64_t start = backend_->nowUs();
    for (long i = 0; i < repeat && !done_; ++i) {
        runCommand(cmd);
        if (sink_ && !out_.empty()) sink_(takeOutput());  // stream long repeats as they run
        if (interrupted_ && interrupted_()) break;
    }
    if (observer_) observer_->lineRan(*this, line);
    // A blocked client at the terminal: runInteractive waits for it (waitStep), and the
    // elapsed time is printed when the reply comes, as redis-cli prints it.
    if (opts_.interactive && backend_->blocked()) {
        waiting_ = true;
        wait_start_us_ = start;
        const int64_t deadline = backend_->blockDeadlineMs();
        std::string what = "Waiting for the reply";
        if (deadline > 0) {
            char buf[64];
            std::snprintf(buf, sizeof buf, " (at most %.2fs)",
                          static_cast<double>(deadline * 1000 - backend_->nowUs()) / 1e6);
            what += buf;
        }
        print(what + "... (press Ctrl-C to stop waiting)\n");
        return;
    }
    const int64_t elapsed_ms = (backend_->nowUs() - start) / 1000;
    if (elapsed_ms >= 500 && opts_.tty_format && !done_) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "(%.2fs)\n", static_cast<double>(elapsed_ms) / 1000);
        print(buf);
    }
}

void Session::runEval(std::string_view line) {
    if (done_) return;
    auto argv = split(line);
    if (!argv || argv->empty()) return;
    if ((*argv)[0].starts_with(':')) {
        meta(*argv);
        return;
    }
    runCommand(*argv);
}

void Session::runCommand(std::span<const std::string> argv) {
    if (argv.empty()) return;
    // A client still waiting gets its reply first (its next command would queue behind
    // the blocked one on a real connection).
    if (backend_->blocked() && !opts_.windowed) drainBlocked();
    if (backend_->blocked()) {
        print("Client '" + backend_->clientName() +
              "' is blocked and nothing can serve it from here; the command was not sent\n");
        return;
    }
    if (equalsIgnoreCase(argv[0], "help") || argv[0] == "?") {
        help(argv.subspan(1));
        return;
    }
    std::string error;
    const auto reply = backend_->call(argv, &error);
    if (!reply) {
        // The server went away. After SHUTDOWN redis-cli prints nothing; otherwise it
        // reports the lost connection.
        if (!equalsIgnoreCase(argv[0], "shutdown")) print("Error: " + error + "\n");
        // An embedded engine is still there (it only dropped our client, e.g. for a reply
        // over the output limit): go on with the fresh client, as redis-cli reconnects.
        done_ = backend_->engine() == nullptr || backend_->ended();
        // The embedded engine was shut down (after its final save, if any): say why the
        // REPL ends, where redis-cli would show "not connected>".
        if (opts_.interactive && backend_->engine() != nullptr && backend_->ended())
            print("The engine was shut down; leaving the REPL.\n");
        return;
    }
    // redis-cli announces that it now only listens (it then reads messages until Ctrl-C).
    if (opts_.interactive && opts_.tty_format && backend_->subscribedMode() &&
        (equalsIgnoreCase(argv[0], "subscribe") || equalsIgnoreCase(argv[0], "psubscribe") ||
         equalsIgnoreCase(argv[0], "ssubscribe"))) {
        print("Reading messages... (press Ctrl-C to quit)\n");
        reading_messages_ = true;
    }
    printReplies(*reply, argv, {});
    printPushes(false);
    if (backend_->ended()) done_ = true;  // SHUTDOWN: the server is gone, so is the session
}

void Session::runAs(const std::string& name, std::span<const std::string> argv) {
    const std::string back = backend_->clientName();
    std::string error;
    if (!backend_->selectClient(name, &error)) {
        print(error + "\n");
        return;
    }
    const std::string prefix = "[" + name + "] ";
    if (backend_->blocked()) {
        print(prefix + "(still waiting for its earlier command; this one was not sent)\n");
    } else if (const auto reply = backend_->call(argv, &error)) {
        if (reply->empty() && backend_->blocked())
            print(prefix + "(waiting: the reply comes when another client serves it)\n");
        else
            printReplies(*reply, argv, prefix);
    } else {
        print(prefix + "Error: " + error + "\n");
    }
    backend_->selectClient(back, &error);
    printPushes(false);  // what the others (NAME included) got meanwhile
}

bool Session::waitStep(int64_t us) {
    backend_->passTime(us);
    printPushes(true);  // the blocked client's reply, once it is served or times out
    if (backend_->blocked()) return true;
    endWait();
    return false;
}

void Session::endWait() {
    waiting_ = false;
    const int64_t elapsed_ms = (backend_->nowUs() - wait_start_us_) / 1000;
    if (elapsed_ms >= 500 && opts_.tty_format) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "(%.2fs)\n", static_cast<double>(elapsed_ms) / 1000);
        print(buf);
    }
}

void Session::cancelWait() {
    backend_->cancelBlock();
    waiting_ = false;
    print("(stopped waiting: the client is no longer blocked)\n");
}

void Session::drainBlocked() {
    // On a virtual clock the wait is a jump to the deadline (lessons stay deterministic);
    // on a real clock the REPL sleeps until then. Nothing else can serve the client from
    // piped input, so a wait without a deadline ends here.
    while (backend_->blocked()) {
        const int64_t deadline_ms = backend_->blockDeadlineMs();
        if (deadline_ms <= 0) break;
        const int64_t now_us = backend_->nowUs();
        const int64_t left_us = deadline_ms * 1000 - now_us;
        Engine* e = backend_->engine();
        if (e && e->clock().isVirtual()) {
            backend_->passTime(std::max<int64_t>(left_us, 0) + 1000);
        } else {
            if (left_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(std::min<int64_t>(left_us, 10000)));
            backend_->passTime(0);
        }
    }
    printPushes(true);
}

void Session::selectClient(const std::string& name) {
    std::string error;
    if (!backend_->selectClient(name, &error)) print(error + "\n");
}

bool Session::printPushes(bool include_current) {
    if (opts_.windowed) return false;
    bool any = false;
    for (const auto& p : backend_->takePushes(include_current)) {
        printReplies(p.bytes, {}, p.current ? std::string() : "[" + p.name + "] ");
        any = true;
    }
    return any;
}

std::string Session::formatReplies(const std::string& bytes) {
    std::string saved;
    saved.swap(out_);
    const bool had_error = had_error_;
    printReplies(bytes, {}, {});
    had_error_ = had_error;
    std::string text;
    text.swap(out_);
    out_.swap(saved);
    return text;
}

// Every reply in `bytes` (one command may answer several times: SUBSCRIBE a b), each
// line prefixed with `prefix` (messages for a client that is not the current one).
void Session::printReplies(const std::string& bytes, std::span<const std::string> argv, std::string_view prefix) {
    size_t pos = 0;
    while (pos < bytes.size()) {
        resp::Reply r;
        std::string err;
        if (resp::parseReply(bytes, pos, r, &err) != resp::ParseStatus::Ok) {
            print("Error: " + (err.empty() ? std::string("incomplete reply") : err) + "\n");
            break;
        }
        if (r.type == resp::Reply::Type::Error && prefix.empty()) had_error_ = true;
        std::string text;
        if (!argv.empty() && resp::printsRawStrings(argv))
            text = resp::formatRaw(r, "\n", "");
        else
            text = opts_.tty_format ? resp::formatTTY(r) : resp::formatRaw(r, "\n", "\n");
        if (prefix.empty()) {
            print(text);
            continue;
        }
        size_t start = 0;
        while (start < text.size()) {
            size_t nl = text.find('\n', start);
            if (nl == std::string::npos) nl = text.size() - 1;
            print(std::string(prefix) + text.substr(start, nl - start + 1));
            start = nl + 1;
        }
    }
}

std::vector<std::string> Session::keysWithPrefix(std::string_view prefix, size_t limit) {
    return backend_->keysWithPrefix(prefix, limit);
}

// HELP as redis-cli prints it (cliOutputHelp), from the table rows.
// DIFFERS FROM REDIS: lines end in "\n" (redis-cli writes "\r\n") and colours are used
// only when stdout is a terminal (redis-cli always colours HELP).
void Session::help(std::span<const std::string> args) {
    const bool c = opts_.colors;
    auto bold = [&](std::string_view s) { return c ? "\x1b[1m" + std::string(s) + "\x1b[0m" : std::string(s); };
    auto grey = [&](std::string_view s) { return c ? "\x1b[90m" + std::string(s) + "\x1b[0m" : std::string(s); };
    auto label = [&](std::string_view s) { return c ? "\x1b[33m" + std::string(s) + "\x1b[0m" : std::string(s); };
    if (args.empty()) {
        print("redsim " REDSIM_VERSION
              " (an embedded Redis 7.0 for learning)\n"
              "To get help about Redis commands type:\n"
              "      \"help @<group>\" to get a list of commands in <group>\n"
              "      \"help <command>\" for help on <command>\n"
              "      \"help <tab>\" to get a list of possible help topics\n"
              "      \"quit\" to exit\n"
              "\n"
              "redsim's own commands start with ':' (try :help).\n");
        return;
    }
    auto entry = [&](const CommandSpec& spec, const CommandSpec* parent, bool with_group) {
        std::string name = parent ? toUpper(parent->name) + " " + toUpper(spec.name) : toUpper(spec.name);
        const std::string params = renderSyntax(parseSyntax(spec.syntax));
        std::string s = "\n  " + bold(name) + " " + grey(params) + "\n";
        s += "  " + label("summary:") + " " + std::string(spec.summary) + "\n";
        s += "  " + label("since:") + " " + std::string(spec.since) + "\n";
        if (with_group) s += "  " + label("group:") + " " + std::string(spec.group) + "\n";
        print(s);
    };
    const CommandTable& table = table_;
    if (args[0].starts_with('@')) {
        const std::string group = args[0].substr(1);
        for (const auto* spec : table.all()) {
            if (spec->subcommands.empty()) {
                if (equalsIgnoreCase(spec->group, group)) entry(*spec, nullptr, false);
            } else {
                for (const auto& sub : spec->subcommands)
                    if (equalsIgnoreCase(sub.group, group)) entry(sub, spec, false);
            }
        }
    } else if (const CommandSpec* spec = table.find(args[0])) {
        if (spec->subcommands.empty()) {
            if (args.size() == 1) entry(*spec, nullptr, true);
        } else {
            for (const auto& sub : spec->subcommands)
                if (args.size() == 1 || (args.size() == 2 && equalsIgnoreCase(sub.name, args[1])))
                    entry(sub, spec, true);
        }
    }
    print("\n");
}

void Session::meta(std::span<const std::string> argv) {
    const MetaCommand* m = findMeta(argv[0]);
    if (!m) {
        print("Unknown meta command '" + argv[0] + "' (try :help)\n");
        return;
    }
    m->handler(*this, argv);
}

}  // namespace redsim::repl
