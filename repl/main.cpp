// redsim: a redis-cli lookalike over an embedded engine.
//
//   redsim                       interactive (stdin a terminal) or one command per stdin line
//   redsim -e "SET k v" -e "GET k"
//   redsim --hint "SET key value EX "     print the hint the prompt would show
//   redsim --complete "SE"                print TAB's candidates, one per line
// -h/-p stay free for a later "connect to a server" mode, as in redis-cli.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "engine/persist/rdb_load.h"
#include "lesson/cli.h"
#include "repl/backend.h"
#include "repl/hints.h"
#include "repl/session.h"
#include "repl/terminal.h"
#include "server/server.h"

namespace {

void flush(redsim::repl::Session& s) {
    const std::string out = s.takeOutput();
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    // `redsim serve …` takes redis-server's argument shape, not the REPL's flags.
    if (argc >= 2 && std::string_view(argv[1]) == "serve") {
        std::vector<std::string> args(argv + 2, argv + argc);
        char exe[4096];
        const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        return redsim::server::serveMain(args, n > 0 ? std::string(exe, static_cast<size_t>(n)) : argv[0]);
    }
    // Lessons: `redsim check PATH…`, `redsim grade LESSON …`, `redsim lesson [FILE]`.
    if (argc >= 2) {
        const std::string_view sub = argv[1];
        std::vector<std::string> args(argv + 2, argv + argc);
        if (sub == "check") return redsim::lesson::checkMain(args);
        if (sub == "grade") return redsim::lesson::gradeMain(args);
        if (sub == "lesson") return redsim::lesson::lessonMain(args);
    }
    CLI::App app{"redsim: an embedded Redis 7.0 for learning, with a redis-cli face"};
    app.set_help_flag("--help", "Print this help and exit");
    std::vector<std::string> evals;
    bool raw = false, no_raw = false, virtual_clock = false, fail_on_error = false, version = false;
    uint64_t seed = 0;
    std::string hint_line, complete_line;
    app.add_option("-e,--eval", evals, "Run a command line (repeatable), then exit");
    app.add_flag("--raw", raw, "Print replies raw (the default when stdout is not a terminal)");
    app.add_flag("--no-raw", no_raw, "Print replies as on a terminal, even when piped");
    app.add_flag("--virtual-clock", virtual_clock, "Run on a virtual clock that moves only with :time");
    app.add_option("--seed", seed, "Seed of the engine's random generator");
    auto* hint_opt = app.add_option("--hint", hint_line, "Print the hint shown after LINE, then exit");
    auto* complete_opt = app.add_option("--complete", complete_line, "Print TAB's candidates for LINE, then exit");
    app.add_flag("--fail-on-error", fail_on_error, "Exit with status 1 if any reply was an error");
    app.add_flag("--version", version, "Print the version and exit");
    std::string load_file;
    app.add_option("--load", load_file, "Load this RDB file (a Redis 7.0 dump) into the embedded engine first");
    std::string host = "127.0.0.1", password;
    int port = 6379;
    auto* host_opt =
        app.add_option("-h", host, "Connect to the server at HOST (like redis-cli) instead of embedding one");
    auto* port_opt = app.add_option("-p", port, "Server port (with -h, or alone for 127.0.0.1)");
    app.add_option("-a", password, "Password to AUTH with after connecting");
    CLI11_PARSE(app, argc, argv);

    if (version) {
        std::printf("redsim %s\n", REDSIM_VERSION);
        return 0;
    }
    const bool out_tty = isatty(STDOUT_FILENO) != 0;
    redsim::repl::SessionOptions opts;
    opts.seed = seed;
    opts.virtual_clock = virtual_clock;
    opts.tty_format = raw ? false : (no_raw || out_tty);
    opts.colors = out_tty;
    std::unique_ptr<redsim::repl::Backend> backend;
    if (*host_opt || *port_opt) {
        std::string error;
        backend = redsim::repl::connectRemote(host, port, &error);
        if (!backend) {
            std::fprintf(stderr, "%s\n", error.c_str());
            return 1;
        }
        if (!password.empty()) {
            const std::vector<std::string> auth{"AUTH", password};
            std::string err;
            backend->call(auth, &err);
        }
    } else {
        backend = redsim::repl::makeEmbeddedBackend({.seed = seed, .virtual_clock = virtual_clock});
        if (!load_file.empty()) {
            if (auto err = redsim::rdbLoadFile(*backend->engine(), load_file)) {
                std::fprintf(stderr, "Can't load the RDB file: %s\n", err->c_str());
                return 1;
            }
        }
    }
    redsim::repl::Session session(opts, std::move(backend));

    if (*hint_opt) {
        if (auto h = redsim::repl::hintFor(session.commands(), hint_line)) std::printf("%s\n", h->c_str());
        return 0;
    }
    if (*complete_opt) {
        auto lister = [&session](std::string_view p) { return session.keysWithPrefix(p); };
        for (const auto& c : redsim::repl::completionsFor(session.commands(), complete_line, lister))
            std::printf("%s\n", c.c_str());
        return 0;
    }
    if (!evals.empty()) {
        for (const auto& line : evals) {
            session.runEval(line);
            flush(session);
            if (session.done()) break;
        }
    } else if (isatty(STDIN_FILENO)) {
        session.setInteractive(true);
        redsim::repl::runInteractive(session);
    } else {
        std::string line;
        while (!session.done() && std::getline(std::cin, line)) {
            session.runLine(line);
            flush(session);
        }
        session.drainBlocked();  // a client still waiting with a timeout gets its reply
        flush(session);
    }
    return fail_on_error && session.hadError() ? 1 : 0;
}
