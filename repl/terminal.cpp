// The interactive loop over GNU readline's callback interface.
//
// Hints: readline has no hint support, so rl_redisplay_function draws the line as usual
// and then writes the hint in grey (ANSI 90) after the cursor and moves the cursor back
// — the technique redis-cli's linenoise uses in refreshLine. Before each redisplay and
// before a line is accepted the hint is erased with "\x1b[K" (the cursor is then at the
// end of the typed text, where the hint starts).
//
// readline's callbacks are plain C functions without a user pointer, so the session is
// reached through one pointer that lives only while runInteractive runs.
// DIFFERS FROM REDIS: redis-cli uses linenoise; TAB there cycles through candidates,
// readline lists them (press TAB twice).
#include "repl/terminal.h"

#include <chrono>

#include <readline/history.h>
#include <readline/readline.h>
#include <sys/select.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "repl/hints.h"

namespace redsim::repl {

namespace {

struct Terminal {
    Session* session = nullptr;
    bool hint_shown = false;
    bool eof = false;
    bool have_line = false;
    std::string line;
    std::vector<std::string> matches;
};

Terminal* g_term = nullptr;  // the running loop's state (see the file comment)
volatile std::sig_atomic_t g_sigint = 0;

void onSigint(int) { g_sigint = 1; }

void eraseHint() {
    if (g_term->hint_shown) {
        std::fputs("\x1b[K", rl_outstream);
        std::fflush(rl_outstream);
        g_term->hint_shown = false;
    }
}

void redisplayWithHint() {
    eraseHint();
    rl_redisplay();
    if (rl_point != rl_end || rl_end == 0) return;
    auto hint = hintFor(g_term->session->commands(), std::string_view(rl_line_buffer, rl_end));
    if (!hint || hint->empty()) return;
    int rows = 0, cols = 0;
    rl_get_screen_size(&rows, &cols);
    // Keep the hint on this screen line, so moving the cursor back stays simple.
    const int used = static_cast<int>(std::strlen(rl_display_prompt ? rl_display_prompt : "")) + rl_end;
    const int room = cols > 0 ? cols - (used % cols) - 1 : 0;
    if (room <= 0) return;
    std::string h = *hint;
    if (static_cast<int>(h.size()) > room) h.resize(static_cast<size_t>(room));
    std::fprintf(rl_outstream, "\x1b[90m%s\x1b[0m\x1b[%zuD", h.c_str(), h.size());
    std::fflush(rl_outstream);
    g_term->hint_shown = true;
}

// Prints `out` (messages that arrived for some client) above the line being edited:
// the prompt and the typed text are put away, the output written, and both redrawn.
void printAbovePrompt(const std::string& out) {
    eraseHint();
    const int point = rl_point;
    char* text = rl_copy_text(0, rl_end);
    rl_save_prompt();
    rl_replace_line("", 0);
    rl_redisplay();
    std::fputs("\r\x1b[K", rl_outstream);
    std::fflush(rl_outstream);
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
    rl_restore_prompt();
    rl_replace_line(text, 0);
    rl_point = point;
    rl_forced_update_display();
    std::free(text);
}

// RESP2 subscribed mode after SUBSCRIBE, as redis-cli: no prompt, messages printed as
// they arrive, Ctrl-C goes back to the prompt. DIFFERS FROM REDIS: redis-cli exits on
// Ctrl-C (closing the connection, so the subscriptions end); redsim keeps the client
// subscribed, so that other clients (:client) can publish to it.
void readMessages(Session& s, const sigset_t& waitmask) {
    while (s.readingMessages() && !s.done()) {
        const timespec tick{0, 100 * 1000 * 1000};
        pselect(0, nullptr, nullptr, nullptr, &tick, &waitmask);
        if (g_sigint) {
            g_sigint = 0;
            std::fputs("\n", stdout);  // the terminal (cooked mode here) echoed the ^C
            s.stopReading();
            break;
        }
        if (s.printPushes(true)) {
            const std::string out = s.takeOutput();
            std::fwrite(out.data(), 1, out.size(), stdout);
            std::fflush(stdout);
        }
    }
    s.stopReading();
}

// A blocked current client (BLPOP with nothing to pop): no prompt until its reply comes
// or its timeout passes; time flows meanwhile (a virtual clock moves with the wall
// clock while the REPL waits). Ctrl-C stops the wait: the client is unblocked without
// a reply (redis-cli would close its connection).
void waitBlocked(Session& s, const sigset_t& waitmask) {
    auto last = std::chrono::steady_clock::now();
    while (s.waiting() && !s.done()) {
        const timespec tick{0, 20 * 1000 * 1000};
        pselect(0, nullptr, nullptr, nullptr, &tick, &waitmask);
        if (g_sigint) {
            g_sigint = 0;
            std::fputs("\n", stdout);  // the terminal echoed the ^C
            s.cancelWait();
        } else {
            const auto now = std::chrono::steady_clock::now();
            s.waitStep(std::chrono::duration_cast<std::chrono::microseconds>(now - last).count());
            last = now;
        }
        const std::string out = s.takeOutput();
        std::fwrite(out.data(), 1, out.size(), stdout);
        std::fflush(stdout);
    }
}

int acceptLine(int count, int key) {
    eraseHint();
    return rl_newline(count, key);
}

char* nextMatch(const char*, int state) {
    static_cast<void>(state);
    if (g_term->matches.empty()) return nullptr;
    std::string m = std::move(g_term->matches.front());
    g_term->matches.erase(g_term->matches.begin());
    return strdup(m.c_str());
}

char** complete(const char* text, int, int) {
    rl_attempted_completion_over = 1;  // never fall back to file names
    Session& s = *g_term->session;
    const std::string upto(rl_line_buffer, static_cast<size_t>(rl_point));
    g_term->matches =
        completionsFor(s.commands(), upto, [&s](std::string_view prefix) { return s.keysWithPrefix(prefix); });
    if (g_term->matches.empty()) return nullptr;
    return rl_completion_matches(text, nextMatch);
}

void onLine(char* line) {
    if (!line) {
        g_term->eof = true;
    } else {
        g_term->line = line;
        g_term->have_line = true;
        std::free(line);
    }
    rl_callback_handler_remove();
}

std::string historyPath() {
    if (const char* p = std::getenv("REDSIM_HISTFILE")) return p;
    if (const char* home = std::getenv("HOME")) return std::string(home) + "/.redsim_history";
    return {};
}

}  // namespace

int runInteractive(Session& session) {
    Terminal term;
    term.session = &session;
    g_term = &term;

    rl_readline_name = "redsim";
    rl_catch_signals = 0;
    rl_basic_word_break_characters = const_cast<char*>(" \t");
    rl_attempted_completion_function = complete;
    rl_redisplay_function = redisplayWithHint;
    rl_bind_key('\r', acceptLine);
    rl_bind_key('\n', acceptLine);

    struct sigaction sa {};
    sa.sa_handler = onSigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: select() returns EINTR
    struct sigaction old {};
    sigaction(SIGINT, &sa, &old);
    // SIGINT stays blocked except inside pselect(), which unblocks it atomically: a
    // Ctrl-C that lands while a line is being processed is seen by the next pselect
    // at once instead of waiting for the next key press.
    sigset_t block, waitmask;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, &waitmask);
    sigdelset(&waitmask, SIGINT);

    const std::string hist = historyPath();
    using_history();
    if (!hist.empty()) read_history(hist.c_str());

    // Long repeats ("100000 INCR c") print as they run and stop on Ctrl-C.
    session.setStreaming(
        [](std::string out) {
            std::fwrite(out.data(), 1, out.size(), stdout);
            std::fflush(stdout);
        },
        [] {
            sigset_t pending;
            sigpending(&pending);
            if (!sigismember(&pending, SIGINT)) return false;
            int sig = 0;
            sigset_t only;
            sigemptyset(&only);
            sigaddset(&only, SIGINT);
            sigwait(&only, &sig);  // consume the Ctrl-C that stopped the repeat
            return true;
        });
    rl_callback_handler_install(session.prompt().c_str(), onLine);
    while (!term.eof && !session.done()) {
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(fileno(rl_instream), &fds);
        // Wake up 10 times a second for messages (expiry events, a server's pushes).
        const timespec tick{0, 100 * 1000 * 1000};
        const int r = pselect(fileno(rl_instream) + 1, &fds, nullptr, nullptr, &tick, &waitmask);
        if (r == 0 && session.printPushes(true)) printAbovePrompt(session.takeOutput());
        if (g_sigint) {  // Ctrl-C: drop the line and start a fresh prompt
            g_sigint = 0;
            eraseHint();
            rl_replace_line("", 0);
            rl_point = rl_end = 0;
            std::fputs("^C\n", rl_outstream);
            rl_on_new_line();
            rl_redisplay();
            continue;
        }
        if (r <= 0) continue;
        rl_callback_read_char();
        if (term.have_line) {
            term.have_line = false;
            if (!term.line.empty()) {
                add_history(term.line.c_str());
                if (!hist.empty()) {
                    // Append each line at once so a crash loses nothing.
                    if (append_history(1, hist.c_str()) != 0) write_history(hist.c_str());
                }
            }
            session.runLine(term.line);
            const std::string out = session.takeOutput();
            std::fwrite(out.data(), 1, out.size(), stdout);
            std::fflush(stdout);
            readMessages(session, waitmask);
            waitBlocked(session, waitmask);
            if (!session.done()) rl_callback_handler_install(session.prompt().c_str(), onLine);
        }
    }
    if (term.eof) std::fputs("\n", rl_outstream);
    rl_callback_handler_remove();
    sigprocmask(SIG_UNBLOCK, &block, nullptr);
    sigaction(SIGINT, &old, nullptr);
    g_term = nullptr;
    return 0;
}

}  // namespace redsim::repl
