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
