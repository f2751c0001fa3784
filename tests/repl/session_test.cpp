// The embedded REPL session when the engine drops its client.
#include <doctest/doctest.h>

#include <string>

#include "repl/session.h"

using redsim::repl::Session;

namespace {

std::string run(Session& s, const std::string& line) {
    s.runLine(line);
    return s.takeOutput();
}

}  // namespace

TEST_CASE("repl.session.reply_over_the_output_limit_keeps_the_session") {
    Session s({.seed = 1, .virtual_clock = true});
    run(s, "SADD s a");
    run(s, "CONFIG SET client-output-buffer-limit \"normal 1mb 0 0\"");
    // The engine drops a client whose reply passes its hard output limit; redis-cli says
    // the server closed the connection and reconnects. The embedded session does the
    // same: the data is still there and the next command runs on a fresh client.
    CHECK(run(s, "SRANDMEMBER s -1000000") == "Error: Server closed the connection\n");
    CHECK_FALSE(s.done());
    CHECK(run(s, "SCARD s") == "1\n");  // (piped output format: no tty here)
}

TEST_CASE("repl.session.clients_and_pushes") {
    Session s({.seed = 1, .virtual_clock = true, .tty_format = true});
    CHECK(s.prompt() == "redsim> ");
    CHECK(run(s, "SUBSCRIBE news") == "1) \"subscribe\"\n2) \"news\"\n3) (integer) 1\n");
    CHECK_FALSE(s.readingMessages());  // not interactive: SUBSCRIBE never waits
    CHECK(run(s, ":client bob") == "");
    CHECK(s.prompt() == "redsim(bob)> ");
    CHECK(run(s, "SELECT 2") == "OK\n");
    CHECK(s.prompt() == "redsim(bob)[2]> ");
    // The message for main is printed after bob's reply, prefixed with its name.
    CHECK(run(s, "PUBLISH news hi") == "(integer) 1\n[main] 1) \"message\"\n[main] 2) \"news\"\n[main] 3) \"hi\"\n");
    CHECK(run(s, ":clients") ==
          "  main  id=1 db=0 resp=2 channels=news flags=P (subscribed mode)\n* bob  id=2 db=2 resp=2 flags=N\n");
    CHECK(run(s, ":client") == "current client: bob\n");
    CHECK(run(s, ":client main") == "");
    CHECK(s.prompt() == "redsim> ");
    CHECK(s.subscribedMode());
    CHECK(run(s, "GET x").starts_with("(error) ERR Can't execute 'get'"));
    CHECK(run(s, "RESET") == "RESET\n");
    CHECK_FALSE(s.subscribedMode());
}

TEST_CASE("repl.session.interactive_subscribe_reads_messages") {
    Session s({.seed = 1, .virtual_clock = true, .tty_format = true});
    s.setInteractive(true);
    CHECK(run(s, "SUBSCRIBE a") ==
          "Reading messages... (press Ctrl-C to quit)\n1) \"subscribe\"\n2) \"a\"\n3) (integer) 1\n");
    CHECK(s.readingMessages());
    s.stopReading();
    run(s, ":client other");
    run(s, "PUBLISH a x");
    run(s, ":client main");
    // Nothing pending: the message was printed when it arrived.
    CHECK_FALSE(s.printPushes(true));
}

TEST_CASE("repl.session.prompt_marks_a_transaction") {
    // redis-cli adds (TX) after the db between MULTI and EXEC/DISCARD.
    Session s({.seed = 1, .virtual_clock = true, .tty_format = true});
    CHECK(run(s, "SELECT 1") == "OK\n");
    CHECK(run(s, "MULTI") == "OK\n");
    CHECK(s.prompt() == "redsim[1](TX)> ");
    CHECK(run(s, "SET a 1") == "QUEUED\n");
    CHECK(run(s, "EXEC") == "1) OK\n");
    CHECK(s.prompt() == "redsim[1]> ");
    CHECK(run(s, "MULTI") == "OK\n");
    CHECK(run(s, "DISCARD") == "OK\n");
    CHECK(s.prompt() == "redsim[1]> ");
    CHECK(run(s, "MULTI") == "OK\n");
    CHECK(run(s, "NOSUCH") == "(error) ERR unknown command 'NOSUCH', with args beginning with: \n");
    CHECK(run(s, "EXEC") == "(error) EXECABORT Transaction discarded because of previous errors.\n");
    CHECK(s.prompt() == "redsim[1]> ");
}

TEST_CASE("repl.session.run_a_command_as_another_client") {
    // `:client NAME COMMAND`: the classic BLPOP demo without leaving the prompt.
    Session s({.seed = 1, .virtual_clock = true, .tty_format = true});
    CHECK(run(s, ":client alice BLPOP jobs 0") == "[alice] (waiting: the reply comes when another client serves it)\n");
    CHECK(s.prompt() == "redsim> ");
    CHECK(run(s, ":client alice PING") == "[alice] (still waiting for its earlier command; this one was not sent)\n");
    CHECK(run(s, ":clients") == "* main  id=1 db=0 resp=2 flags=N\n  alice  id=2 db=0 resp=2 flags=b (waiting)\n");
    CHECK(run(s, "RPUSH jobs j1 j2") == "(integer) 2\n[alice] 1) \"jobs\"\n[alice] 2) \"j1\"\n");
    CHECK(run(s, ":client alice LLEN jobs") == "[alice] (integer) 1\n");
    CHECK(run(s, ":clients") == "* main  id=1 db=0 resp=2 flags=N\n  alice  id=2 db=0 resp=2 flags=N\n");
    CHECK(run(s, ":client :x") == "usage: :client [NAME [COMMAND ...]]\n");
}
