// Tests for engine/resp/request.h — the server-side query-buffer parser.
//
// Where the expected values come from: every case in the kRedis* tables was
// sent as raw bytes over a plain TCP socket (python3) to redis-server 7.0.15
// (Debian 7.0.15-1~deb12u10, default config; the kRedisUnauth table with
// `requirepass secret` and no AUTH), and the reply bytes recorded together
// with whether the server closed the connection within 0.4 s.  A case's
// expected commands are the ones Redis executed (PING → +PONG, unknown inline
// words → "-ERR unknown command", …); `end` is what was left:
//   NeedMore ↔ Redis sent nothing more and kept the connection open;
//   Error    ↔ Redis sent "-<err>\r\n" and closed the connection.
#include "engine/resp/request.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "engine/resp/args.h"

using namespace std::string_literals;
using redsim::resp::RequestLimits;
using redsim::resp::RequestParser;
using Status = RequestParser::Status;
using Argv = std::vector<std::string>;

namespace {

struct Outcome {
    std::vector<Argv> commands;
    Status end = Status::NeedMore;
    std::string error;
    friend bool operator==(const Outcome&, const Outcome&) = default;
};

// Drains `p`: appends every command to `out`, stores the final status.
// Bounded: each Command consumes at least one byte, so a parser that loops
// without consuming is reported instead of hanging the test.
void drain(RequestParser& p, const RequestLimits& limits, Outcome& out, size_t bound) {
    for (size_t i = 0; i <= bound + 1; i++) {
        Argv argv;
        std::string err;
        Status st = p.next(&argv, &err, limits);
        if (st == Status::Command) {
            REQUIRE_FALSE(argv.empty());
            out.commands.push_back(std::move(argv));
            continue;
        }
        out.end = st;
        out.error = err;
        return;
    }
    FAIL("next() returned Command more often than there are bytes");
}

// Feeds `input` in pieces of `chunk` bytes (0: all at once), draining after each.
Outcome parse(std::string_view input, size_t chunk = 0, RequestLimits limits = {}) {
    RequestParser p;
    Outcome out;
    if (chunk == 0) chunk = input.size() == 0 ? 1 : input.size();
    for (size_t i = 0; i < input.size(); i += chunk) {
        p.feed(input.substr(i, chunk));
        drain(p, limits, out, input.size());
        if (out.end == Status::Error) break;
    }
    if (input.empty()) drain(p, limits, out, 0);
    return out;
}

struct Case {
    const char* name;
    std::string input;
    std::vector<Argv> commands;
    Status end;
    std::string error;
};

const std::string kInvMbulk = "ERR Protocol error: invalid multibulk length";
const std::string kInvBulk = "ERR Protocol error: invalid bulk length";
const std::string kUnbalanced = "ERR Protocol error: unbalanced quotes in request";
constexpr Status kMore = Status::NeedMore;
constexpr Status kErr = Status::Error;

const std::vector<Case> kRedis = {
    {"multibulk", "*1\r\n$4\r\nPING\r\n", {{"PING"}}, kMore, ""},
    {"pipeline", "*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\n", {{"PING"}, {"PING"}}, kMore, ""},
    {"inline quotes", "SET a \"b c\"\r\nGET a\r\n", {{"SET", "a", "b c"}, {"GET", "a"}}, kMore, ""},
    {"inline escapes", "ECHO \"\\x41\\n\"\r\n", {{"ECHO", "A\n"}}, kMore, ""},
    {"inline lf only", "PING\n", {{"PING"}}, kMore, ""},
    {"inline blanks", "  PING  \t\r\n", {{"PING"}}, kMore, ""},
    {"inline single quotes", "'PING'\r\n", {{"PING"}}, kMore, ""},
    {"inline cr cr lf", "PING\r\r\n", {{"PING"}}, kMore, ""},
    {"inline lone cr splits", "PING\rX\n", {{"PING", "X"}}, kMore, ""},
    {"inline empty quotes", "\"\"\r\n", {{""}}, kMore, ""},
    {"inline dash", "-1\r\n", {{"-1"}}, kMore, ""},
    {"inline dollar", "$4\r\nPING\r\n", {{"$4"}, {"PING"}}, kMore, ""},
    {"inline plus", "+PING\r\n", {{"+PING"}}, kMore, ""},
    {"empty crlf skipped", "\r\n*1\r\n$4\r\nPING\r\n", {{"PING"}}, kMore, ""},
    {"empty lf skipped", "\n*1\r\n$4\r\nPING\r\n", {{"PING"}}, kMore, ""},
    {"blank lines skipped", "   \r\n\t\r\n\r\nPING\r\n", {{"PING"}}, kMore, ""},
    {"crlf between", "*1\r\n$4\r\nPING\r\n\r\n\r\nPING\r\n", {{"PING"}, {"PING"}}, kMore, ""},
    {"count zero skipped", "*0\r\n*1\r\n$4\r\nPING\r\n", {{"PING"}}, kMore, ""},
    {"count -1 skipped", "*-1\r\n*1\r\n$4\r\nPING\r\n", {{"PING"}}, kMore, ""},
    {"count -5 skipped", "*-5\r\n*1\r\n$4\r\nPING\r\n", {{"PING"}}, kMore, ""},
    {"count llong min", "*-9223372036854775808\r\n", {}, kMore, ""},
    {"empty bulk", "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n", {{"ECHO", ""}}, kMore, ""},
    {"empty name", "*1\r\n$0\r\n\r\n", {{""}}, kMore, ""},
    {"binary bulk", "*2\r\n$4\r\nECHO\r\n$5\r\nab\0cd\r\n"s, {{"ECHO", "ab\0cd"s}}, kMore, ""},
    {"nul in bulk name", "*1\r\n$4\r\nPI\0G\r\n"s, {{"PI\0G"s}}, kMore, ""},
    {"bulk trailer unchecked", "*1\r\n$4\r\nPINGxx", {{"PING"}}, kMore, ""},
    {"bulk trailer then crlf", "*1\r\n$4\r\nPINGxx\r\n", {{"PING"}}, kMore, ""},
    {"bulk trailer cr x", "*1\r\n$4\r\nPING\rX", {{"PING"}}, kMore, ""},
    {"wait count 2^20+1", "*1048577\r\n", {}, kMore, ""},
    {"wait count int max", "*2147483647\r\n", {}, kMore, ""},
    {"wait after cr", "*1\r", {}, kMore, ""},
    {"wait header cr x", "*1\rX", {}, kMore, ""},
    {"wait bad header no cr", "*1\r\nX", {}, kMore, ""},
    {"wait bad header cr", "*1\r\nX\r", {}, kMore, ""},
    {"wait bulk lf only", "*1\r\n$4\n", {}, kMore, ""},
    {"wait bulk data", "*1\r\n$4\r\nPING", {}, kMore, ""},
    {"wait bulk data cr", "*1\r\n$4\r\nPING\r", {}, kMore, ""},
    {"wait bulk header", "*1\r\n$4\r\n", {}, kMore, ""},
    {"nul hides inline lf", "ECHO a\0b\r\n"s, {}, kMore, ""},
    {"nul hides later cmds", "ECHO \0\r\nPING\r\n"s, {}, kMore, ""},
    {"nul first", "\0PING\r\n"s, {}, kMore, ""},
    {"nul hides count cr", "*1\0\r\n"s, {}, kMore, ""},
    {"count over int max", "*2147483648\r\n", {}, kErr, kInvMbulk},
    {"count llong max", "*9223372036854775807\r\n", {}, kErr, kInvMbulk},
    {"count letters", "*abc\r\n", {}, kErr, kInvMbulk},
    {"count empty", "*\r\n", {}, kErr, kInvMbulk},
    {"count plus", "*+1\r\n$4\r\nPING\r\n", {}, kErr, kInvMbulk},
    {"count leading zero", "*01\r\n$4\r\nPING\r\n", {}, kErr, kInvMbulk},
    {"count trailing space", "*1 \r\n$4\r\nPING\r\n", {}, kErr, kInvMbulk},
    {"count leading space", "* 1\r\n", {}, kErr, kInvMbulk},
    {"count minus zero", "*-0\r\n", {}, kErr, kInvMbulk},
    {"count lf only", "*1\n$4\r\nPING\r\n", {}, kErr, kInvMbulk},
    {"bulk over 512mb", "*1\r\n$536870913\r\n", {}, kErr, kInvBulk},
    {"bulk negative", "*1\r\n$-1\r\n", {}, kErr, kInvBulk},
    {"bulk minus zero", "*1\r\n$-0\r\n", {}, kErr, kInvBulk},
    {"bulk letters", "*1\r\n$abc\r\n", {}, kErr, kInvBulk},
    {"bulk empty", "*1\r\n$\r\n", {}, kErr, kInvBulk},
    {"bulk leading zero", "*1\r\n$04\r\nPING\r\n", {}, kErr, kInvBulk},
    {"bulk plus", "*1\r\n$+4\r\nPING\r\n", {}, kErr, kInvBulk},
    {"bulk space before", "*1\r\n$ 4\r\nPING\r\n", {}, kErr, kInvBulk},
    {"bulk space after", "*1\r\n$4 \r\nPING\r\n", {}, kErr, kInvBulk},
    {"bulk overflow", "*1\r\n$9223372036854775808\r\n", {}, kErr, kInvBulk},
    {"expected dollar plus", "*1\r\n+x\r\n", {}, kErr, "ERR Protocol error: expected '$', got '+'"},
    {"expected dollar X", "*1\r\nX4\r\nPING\r\n", {}, kErr, "ERR Protocol error: expected '$', got 'X'"},
    {"expected dollar cr", "*1\r\n\r\n", {}, kErr, "ERR Protocol error: expected '$', got ' '"},
    {"expected dollar lf", "*1\rX\n$4\r\nPING\r\n", {}, kErr, "ERR Protocol error: expected '$', got ' '"},
    {"expected dollar star", "*2\r\n$4\r\nECHO\r\n*1\r\n", {}, kErr, "ERR Protocol error: expected '$', got '*'"},
    {"unbalanced double", "ECHO \"a\r\n", {}, kErr, kUnbalanced},
    {"unbalanced glued", "ECHO \"a\"b\r\n", {}, kErr, kUnbalanced},
    {"unbalanced single", "ECHO 'a\r\n", {}, kErr, kUnbalanced},
    {"error after command", "*1\r\n$4\r\nPING\r\nECHO \"x\r\n", {{"PING"}}, kErr, kUnbalanced},
};

// requirepass secret, connection not authenticated.
const std::vector<Case> kRedisUnauth = {
    {"count 10 ok", "*10\r\n", {}, kMore, ""},
    {"count 11", "*11\r\n", {}, kErr, "ERR Protocol error: unauthenticated multibulk length"},
    {"count 100", "*100\r\n", {}, kErr, "ERR Protocol error: unauthenticated multibulk length"},
    {"count over int max", "*2147483648\r\n", {}, kErr, kInvMbulk},
    {"bulk 16384 ok", "*1\r\n$16384\r\n", {}, kMore, ""},
    {"bulk 16385", "*1\r\n$16385\r\n", {}, kErr, "ERR Protocol error: unauthenticated bulk length"},
    {"bulk 1e8", "*1\r\n$100000000\r\n", {}, kErr, "ERR Protocol error: unauthenticated bulk length"},
    {"empty skipped", "*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n", {{"PING"}}, kMore, ""},
};

void checkTable(const std::vector<Case>& table, RequestLimits limits) {
    for (const Case& c : table) {
        Outcome want{c.commands, c.end, c.error};
        CAPTURE(c.name);
        CHECK(parse(c.input, 0, limits) == want);
        CHECK(parse(c.input, 1, limits) == want);  // every byte boundary
        CHECK(parse(c.input, 3, limits) == want);
    }
}

}  // namespace

TEST_SUITE("resp.request") {
    TEST_CASE("resp.request.redis_transcripts") { checkTable(kRedis, {}); }

    TEST_CASE("resp.request.unauthenticated_limits") {
        RequestLimits unauth;
        unauth.authenticated = false;
        checkTable(kRedisUnauth, unauth);
        // Inline requests have no argument limit before AUTH (Redis: -NOAUTH).
        std::string line = "PING";
        for (int i = 0; i < 20; i++) line += " a";
        CHECK(parse(line + "\r\n", 0, unauth).commands.at(0).size() == 21);
    }

    TEST_CASE("resp.request.auth_inside_pipeline_lifts_limits") {
        // Redis: "*2 AUTH secret" then "*1 $16385" in one packet → +OK, then waits.
        RequestParser p;
        p.feed("*2\r\n$4\r\nAUTH\r\n$6\r\nsecret\r\n*1\r\n$16385\r\n");
        RequestLimits limits;
        limits.authenticated = false;
        Argv argv;
        std::string err;
        REQUIRE(p.next(&argv, &err, limits) == Status::Command);
        CHECK(argv == Argv{"AUTH", "secret"});
        limits.authenticated = true;  // the server ran AUTH
        CHECK(p.next(&argv, &err, limits) == Status::NeedMore);
        CHECK(p.inMultibulk());
    }

    TEST_CASE("resp.request.sixty_four_kb_lines") {
        // Redis: 65536 bytes without a terminator wait, 65537 are an error.
        CHECK(parse(std::string(65536, 'x')).end == kMore);
        CHECK(parse(std::string(65537, 'x')).error == "ERR Protocol error: too big inline request");
        // Byte at a time too, without rescanning the whole line at every byte.
        CHECK(parse(std::string(65537, 'x'), 1).error == "ERR Protocol error: too big inline request");
        CHECK(parse("*" + std::string(65535, '1')).end == kMore);
        CHECK(parse("*" + std::string(65536, '1')).error == "ERR Protocol error: too big mbulk count string");
        CHECK(parse("*1\r\n$" + std::string(65535, '1')).end == kMore);
        CHECK(parse("*1\r\n$" + std::string(65536, '1')).error == "ERR Protocol error: too big bulk count string");
        // The limit only applies while no terminator is buffered: Redis ran a
        // 70000-byte inline line that arrived whole ("-ERR unknown command").
        CHECK(parse(std::string(70000, 'x') + "\n").commands.at(0).at(0).size() == 70000);
        CHECK(parse(std::string(70000, 'x') + "\n", 4096).end == kErr);
        // A NUL hides the newline, so such a line ends in the 64 KB error.
        CHECK(parse("ECHO \0"s + std::string(70000, 'x') + "\r\n", 1000).end == kErr);
    }

    TEST_CASE("resp.request.proto_max_bulk_len") {
        RequestLimits small;
        small.proto_max_bulk_len = 100;
        CHECK(parse("*1\r\n$100\r\n", 0, small).end == kMore);
        CHECK(parse("*1\r\n$101\r\n", 0, small).error == kInvBulk);
    }

    TEST_CASE("resp.request.error_is_sticky") {
        RequestParser p;
        p.feed("*abc\r\n");
        Argv argv{"keep"};
        std::string err;
        CHECK(p.next(&argv, &err, {}) == kErr);
        p.feed("*1\r\n$4\r\nPING\r\n");
        err.clear();
        CHECK(p.next(&argv, &err, {}) == kErr);
        CHECK(err == kInvMbulk);
        CHECK(argv == Argv{"keep"});
    }

    TEST_CASE("resp.request.buffered_matches_client_list_qbuf") {
        // CLIENT LIST qbuf on Redis 7.0.15 after sending each prefix.
        struct {
            std::string input;
            size_t qbuf;
            bool mid;
        } cases[] = {
            {"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nab", 2, true},
            {"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5", 2, true},
            {"*1\r\n$40000\r\n" + std::string(100, 'a'), 100, true},  // big-argument mode
            {"PING", 4, false},
        };
        for (const auto& c : cases) {
            RequestParser p;
            p.feed(c.input);
            Argv argv;
            std::string err;
            CHECK(p.next(&argv, &err, {}) == kMore);
            CHECK(p.buffered() == c.qbuf);
            CHECK(p.inMultibulk() == c.mid);
        }
        RequestParser p;
        p.feed("*1\r\n$2000000\r\n" + std::string(1500000, 'a'));
        RequestLimits limits;
        limits.client_query_buffer_limit = 1024 * 1024;  // Redis closes, no reply
        CHECK(p.overQueryBufferLimit(limits));
        CHECK_FALSE(p.overQueryBufferLimit({}));
    }

    TEST_CASE("resp.request.pipeline_1000_byte_at_a_time") {
        std::mt19937 rng(1000);
        std::string wire;
        std::vector<Argv> want;
        for (int i = 0; i < 1000; i++) {
            Argv argv{"SET", "key:" + std::to_string(i), std::string(rng() % 40, 'v')};
            if (i % 3 == 0) {
                wire += "SET key:" + std::to_string(i) + " \"" + argv[2] + "\"" + (i % 2 ? "\n" : "\r\n");
            } else {
                argv[2] += "\r\n\0"s;  // binary-safe only in multibulk
                wire += redsim::resp::encodeCommand(argv);
            }
            if (i % 7 == 0) wire += "\r\n*0\r\n";  // ignored requests in between
            want.push_back(argv);
        }
        Outcome got = parse(wire, 1);
        CHECK(got.end == kMore);
        CHECK(got.commands == want);
        CHECK(parse(wire) == got);
    }

    TEST_CASE("resp.request.ten_mb_argument") {
        std::string value(10 * 1024 * 1024, '\0');
        for (size_t i = 0; i < value.size(); i++) value[i] = static_cast<char>(i * 7 + (i >> 12));
        std::string wire = redsim::resp::encodeCommand({"SET", "big", value}) + "PING\r\n";
        // "*3\r\n" "$3\r\nSET\r\n" "$3\r\nbig\r\n" "$10485760\r\n": parsed as soon as
        // they arrive, so only the value's bytes count as buffered.
        const size_t header = 4 + 9 + 9 + 11;
        for (size_t chunk : {wire.size(), size_t{16 * 1024}, size_t{1000003}}) {
            CAPTURE(chunk);
            RequestParser p;
            Outcome out;
            for (size_t fed = 0; fed < wire.size();) {
                size_t n = std::min(chunk, wire.size() - fed);
                p.feed(std::string_view(wire).substr(fed, n));
                fed += n;
                drain(p, {}, out, wire.size());
                if (fed > header && fed < header + value.size()) {
                    CHECK(p.buffered() == fed - header);
                    CHECK(p.inMultibulk());
                }
            }
            REQUIRE(out.commands.size() == 2);
            CHECK(out.commands[0][2] == value);
            CHECK(out.commands[1] == Argv{"PING"});
            CHECK(p.buffered() == 0);
        }
    }

    TEST_CASE("resp.request.fuzz_random_and_mutated") {
        // Fixed seed.  Inputs stay under 64 KB, so how the bytes are split must
        // never change the outcome; every run must end in NeedMore or Error.
        std::mt19937 rng(20240715);
        const std::string alphabet = "*$\r\n0123456789-+ \"'\\xabPING\0"s;
        RequestLimits limits;
        limits.proto_max_bulk_len = 50000;
        for (int iter = 0; iter < 3000; iter++) {
            std::string input;
            if (iter % 2 == 0) {
                size_t n = rng() % 200;
                for (size_t i = 0; i < n; i++) {
                    input += rng() % 8 ? alphabet[rng() % alphabet.size()] : static_cast<char>(rng());
                }
            } else {
                for (int c = 0, n = 1 + rng() % 5; c < n; c++) {
                    Argv argv;
                    for (int a = 0, m = 1 + rng() % 4; a < m; a++) argv.push_back(std::string(rng() % 20, 'a'));
                    input += c % 2 ? redsim::resp::encodeCommand(argv) : argv[0] + " " + argv.back() + "\r\n";
                }
                for (int m = 0, n = rng() % 4; m < n && !input.empty(); m++) {
                    size_t at = rng() % input.size();
                    switch (rng() % 3) {
                        case 0:
                            input[at] = alphabet[rng() % alphabet.size()];
                            break;
                        case 1:
                            input.erase(at, 1);
                            break;
                        default:
                            input.insert(at, 1, alphabet[rng() % alphabet.size()]);
                            break;
                    }
                }
            }
            limits.authenticated = rng() % 4 != 0;
            CAPTURE(input);
            Outcome whole = parse(input, 0, limits);
            CHECK((whole.end == kMore || whole.end == kErr));
            if (whole.end == kErr) CHECK(whole.error.rfind("ERR Protocol error: ", 0) == 0);
            CHECK(parse(input, 1, limits) == whole);
            CHECK(parse(input, 1 + rng() % 17, limits) == whole);
        }
    }

}  // TEST_SUITE
