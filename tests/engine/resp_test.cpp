// resp_test.cpp — the RESP reply parser, redis-cli's printers and its line
// splitter (engine/resp/{reply,format,args}).
//
// Expected output strings were captured from the real redis-cli 7.0.15 talking
// to redis-server 7.0.15 (port 6397, fresh `FLUSHALL`, key `bin` set to
// "a\0b\r\n\"q\"\\ \t\a\b\x7f\x80\xff\xe9\x1b~ end" and list `l` = a..k):
//   wire: the bytes the server sent back on a raw socket (after HELLO 3 for
//         the "resp3" cases);
//   tty:  stdout of `redis-cli -p 6397 [-3] --no-raw <args…>`;
//   raw:  stdout of `redis-cli -p 6397 [-3] <args…> | cat` (stdout a pipe).
// A small Python script ran each command three ways and printed these rows;
// the interactive transcripts quoted in the other tests were taken the same
// way from `printf 'cmd\n…' | redis-cli -p 6397 [--no-raw] | od -c`.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "client/format.h"
#include "engine/resp/args.h"
#include "engine/resp/reply.h"

using namespace std::string_literals;
using redsim::resp::ParseStatus;
using redsim::resp::Reply;
namespace resp = redsim::resp;

namespace {

struct OracleCase {
    const char* name;
    std::string_view wire, tty, raw;
};

// {name, server bytes, redis-cli --no-raw stdout, redis-cli piped stdout}
#define S(lit) std::string_view(lit, sizeof(lit) - 1)
const OracleCase kOracle[] = {
    {"binary bulk",  // GET bin
     S("$23\r\na\000b\r\n\"q\"\\ \t\007\010\177\200\377\351\033~ end\r\n"),
     S("\"a\\x00b\\r\\n\\\"q\\\"\\\\ \\t\\a\\b\\x7f\\x80\\xff\\xe9\\x1b~ end\"\n"),
     S("a\000b\r\n\"q\"\\ \t\007\010\177\200\377\351\033~ end\n")},
    {"nil bulk",  // GET nokey
     S("$-1\r\n"), S("(nil)\n"), S("\n")},
    {"eleven items index width",  // LRANGE l 0 -1
     S("*11\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n$1\r\nd\r\n$1\r\ne\r\n$1\r\nf\r\n$1\r\ng\r\n$1\r\nh\r\n$1\r\ni\r\n$"
       "1\r\nj\r\n$1\r\nk\r\n"),
     S(" 1) \"a\"\n 2) \"b\"\n 3) \"c\"\n 4) \"d\"\n 5) \"e\"\n 6) \"f\"\n 7) \"g\"\n 8) \"h\"\n 9) \"i\"\n10) "
       "\"j\"\n11) \"k\"\n"),
     S("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n")},
    {"empty array",  // LRANGE none 0 -1
     S("*0\r\n"), S("(empty array)\n"), S("\n")},
    {"nil inside array",  // MGET bin nokey l
     S("*3\r\n$23\r\na\000b\r\n\"q\"\\ \t\007\010\177\200\377\351\033~ end\r\n$-1\r\n$-1\r\n"),
     S("1) \"a\\x00b\\r\\n\\\"q\\\"\\\\ \\t\\a\\b\\x7f\\x80\\xff\\xe9\\x1b~ end\"\n2) (nil)\n3) (nil)\n"),
     S("a\000b\r\n\"q\"\\ \t\007\010\177\200\377\351\033~ end\n\n\n")},
    {"nested with empty and nil",  // EVAL return {1,{2,3,{4}},'a',{},false,5,6,7,8,9,10,{11,{}}} 0
     S("*12\r\n:1\r\n*3\r\n:2\r\n:3\r\n*1\r\n:4\r\n$1\r\na\r\n*0\r\n$-1\r\n:5\r\n:6\r\n:7\r\n:8\r\n:9\r\n:10\r\n*2\r\n:"
       "11\r\n*0\r\n"),
     S(" 1) (integer) 1\n 2) 1) (integer) 2\n    2) (integer) 3\n    3) 1) (integer) 4\n 3) \"a\"\n 4) (empty array)\n "
       "5) (nil)\n 6) (integer) 5\n 7) (integer) 6\n 8) (integer) 7\n 9) (integer) 8\n10) (integer) 9\n11) (integer) "
       "10\n12) 1) (integer) 11\n    2) (empty array)\n"),
     S("1\n2\n3\n4\na\n\n\n5\n6\n7\n8\n9\n10\n11\n\n")},
    {"nested eleven first",  // EVAL return {{1,2,3,4,5,6,7,8,9,10,11},{'x'}} 0
     S("*2\r\n*11\r\n:1\r\n:2\r\n:3\r\n:4\r\n:5\r\n:6\r\n:7\r\n:8\r\n:9\r\n:10\r\n:11\r\n*1\r\n$1\r\nx\r\n"),
     S("1)  1) (integer) 1\n    2) (integer) 2\n    3) (integer) 3\n    4) (integer) 4\n    5) (integer) 5\n    6) "
       "(integer) 6\n    7) (integer) 7\n    8) (integer) 8\n    9) (integer) 9\n   10) (integer) 10\n   11) (integer) "
       "11\n2) 1) \"x\"\n"),
     S("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\nx\n")},
    {"ten with nested eleven",  // EVAL return {1,2,3,4,5,6,7,8,9,{1,2,3,4,5,6,7,8,9,10,{1,{2}}}} 0
     S("*10\r\n:1\r\n:2\r\n:3\r\n:4\r\n:5\r\n:6\r\n:7\r\n:8\r\n:9\r\n*11\r\n:1\r\n:2\r\n:3\r\n:4\r\n:5\r\n:6\r\n:7\r\n:"
       "8\r\n:9\r\n:10\r\n*2\r\n:1\r\n*1\r\n:2\r\n"),
     S(" 1) (integer) 1\n 2) (integer) 2\n 3) (integer) 3\n 4) (integer) 4\n 5) (integer) 5\n 6) (integer) 6\n 7) "
       "(integer) 7\n 8) (integer) 8\n 9) (integer) 9\n10)  1) (integer) 1\n     2) (integer) 2\n     3) (integer) 3\n "
       "    4) (integer) 4\n     5) (integer) 5\n     6) (integer) 6\n     7) (integer) 7\n     8) (integer) 8\n     "
       "9) (integer) 9\n    10) (integer) 10\n    11) 1) (integer) 1\n        2) 1) (integer) 2\n"),
     S("1\n2\n3\n4\n5\n6\n7\n8\n9\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n1\n2\n")},
    {"array of empty arrays",  // EVAL return {{},{{}}} 0
     S("*2\r\n*0\r\n*1\r\n*0\r\n"), S("1) (empty array)\n2) 1) (empty array)\n"), S("\n\n")},
    {"status",  // EVAL return redis.status_reply('FINE') 0
     S("+FINE\r\n"), S("FINE\n"), S("FINE\n")},
    {"status and error in array",  // EVAL return {redis.status_reply('S'), redis.error_reply('E1 bad'), 'b'
     S("*3\r\n+S\r\n-E1 bad\r\n$1\r\nb\r\n"), S("1) S\n2) (error) E1 bad\n3) \"b\"\n"), S("S\nE1 bad\n\nb\n")},
    {"error",  // FOO bar
     S("-ERR unknown command 'FOO', with args beginning with: 'bar' \r\n"),
     S("(error) ERR unknown command 'FOO', with args beginning with: 'bar' \n"),
     S("ERR unknown command 'FOO', with args beginning with: 'bar' \n\n")},
    {"integer",  // INCRBY x -5
     S(":-5\r\n"), S("(integer) -5\n"), S("-5\n")},
    {"resp2 map is flat array",  // DEBUG PROTOCOL map
     S("*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n"),
     S("1) (integer) 0\n2) (integer) 0\n3) (integer) 1\n4) (integer) 1\n5) (integer) 2\n6) (integer) 0\n"),
     S("0\n0\n1\n1\n2\n0\n")},
    {"resp2 double is bulk",  // DEBUG PROTOCOL double
     S("$5\r\n3.141\r\n"), S("\"3.141\"\n"), S("3.141\n")},
    {"resp2 true is integer",  // DEBUG PROTOCOL true
     S(":1\r\n"), S("(integer) 1\n"), S("1\n")},
    {"resp3 string",  // DEBUG PROTOCOL string
     S("$11\r\nHello World\r\n"), S("\"Hello World\"\n"), S("Hello World\n")},
    {"resp3 double",  // DEBUG PROTOCOL double
     S(",3.141\r\n"), S("(double) 3.141\n"), S("3.141\n")},
    {"resp3 null",  // DEBUG PROTOCOL null
     S("_\r\n"), S("(nil)\n"), S("\n")},
    {"resp3 set",  // DEBUG PROTOCOL set
     S("~3\r\n:0\r\n:1\r\n:2\r\n"), S("1~ (integer) 0\n2~ (integer) 1\n3~ (integer) 2\n"), S("0\n1\n2\n")},
    {"resp3 map",  // DEBUG PROTOCOL map
     S("%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n"),
     S("1# (integer) 0 => (false)\n2# (integer) 1 => (true)\n3# (integer) 2 => (false)\n"),
     S("0 (false)\n1 (true)\n2 (false)\n")},
    {"resp3 verbatim",  // DEBUG PROTOCOL verbatim
     S("=29\r\ntxt:This is a verbatim\nstring\r\n"), S("This is a verbatim\nstring\n"),
     S("This is a verbatim\nstring\n")},
    {"resp3 true",  // DEBUG PROTOCOL true
     S("#t\r\n"), S("(true)\n"), S("(true)\n")},
    {"resp3 false",  // DEBUG PROTOCOL false
     S("#f\r\n"), S("(false)\n"), S("(false)\n")},
    {"resp3 inf",  // EVAL redis.setresp(3); return {double=-1/0} 0
     S(",-inf\r\n"), S("(double) -inf\n"), S("-inf\n")},
    {"resp3 map multiline values",  // EVAL redis.setresp(3); return {map={a={1,2}}} 0
     S("%1\r\n$1\r\na\r\n*2\r\n:1\r\n:2\r\n"), S("1# \"a\" => \n   1) (integer) 1\n   2) (integer) 2\n"),
     S("a 1\n2\n")},
    {"resp3 map single-line nested values",  // EVAL redis.setresp(3); return {map={k={map={x=1}}}} 0
     S("%1\r\n$1\r\nk\r\n%1\r\n$1\r\nx\r\n:1\r\n"), S("1# \"k\" => 1# \"x\" => (integer) 1\n"), S("k x 1\n")},
    {"resp3 map value one-item array of array",  // EVAL redis.setresp(3); return {map={k={{1,2}}}} 0
     S("%1\r\n$1\r\nk\r\n*1\r\n*2\r\n:1\r\n:2\r\n"), S("1# \"k\" => \n   1) 1) (integer) 1\n      2) (integer) 2\n"),
     S("k 1\n2\n")},
    {"resp3 map value one-item array",  // EVAL redis.setresp(3); return {map={j={{1}}}} 0
     S("%1\r\n$1\r\nj\r\n*1\r\n*1\r\n:1\r\n"), S("1# \"j\" => 1) 1) (integer) 1\n"), S("j 1\n")},
    {"resp3 map in map multiline",  // EVAL redis.setresp(3); return {map={m={map={x={1,2}}}}} 0
     S("%1\r\n$1\r\nm\r\n%1\r\n$1\r\nx\r\n*2\r\n:1\r\n:2\r\n"),
     S("1# \"m\" => \n   1# \"x\" => \n      1) (integer) 1\n      2) (integer) 2\n"), S("m x 1\n2\n")},
    {"resp3 empty map and set",  // EVAL redis.setresp(3); return {{map={}}, {set={}}} 0
     S("*2\r\n%0\r\n~0\r\n"), S("1) (empty hash)\n2) (empty set)\n"), S("\n\n")},
    {"resp3 mixed aggregate",  // EVAL redis.setresp(3); return {{map={a=1}}, {set={p=true}}, true, fals
     S("*4\r\n%1\r\n$1\r\na\r\n:1\r\n~1\r\n$1\r\np\r\n#t\r\n#f\r\n"),
     S("1) 1# \"a\" => (integer) 1\n2) 1~ \"p\"\n3) (true)\n4) (false)\n"), S("a 1\np\n(true)\n(false)\n")},
    {"resp3 integer key",  // EVAL redis.setresp(3); return {map={[1]='one'}} 0
     S("%1\r\n:1\r\n$3\r\none\r\n"), S("1# (integer) 1 => \"one\"\n"), S("1 one\n")},
    {"resp3 empty map top",  // EVAL redis.setresp(3); return {map={}} 0
     S("%0\r\n"), S("(empty hash)\n"), S("\n")},
    {"resp3 command docs",  // COMMAND DOCS get
     S("%1\r\n$3\r\nget\r\n%5\r\n$7\r\nsummary\r\n$22\r\nGet the value of a "
       "key\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$"
       "9\r\narguments\r\n*1\r\n%3\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:"
       "0\r\n"),
     S("1# \"get\" => \n   1# \"summary\" => \"Get the value of a key\"\n   2# \"since\" => \"1.0.0\"\n   3# \"group\" "
       "=> \"string\"\n   4# \"complexity\" => \"O(1)\"\n   5# \"arguments\" => \n      1) 1# \"name\" => \"key\"\n    "
       "     2# \"type\" => \"key\"\n         3# \"key_spec_index\" => (integer) 0\n"),
     S("get summary Get the value of a key\nsince 1.0.0\ngroup string\ncomplexity O(1)\narguments name key\ntype "
       "key\nkey_spec_index 0\n")},
};
#undef S

// Parses exactly one reply filling the whole buffer; fails the test otherwise.
Reply parseAll(std::string_view wire) {
    Reply r;
    size_t pos = 0;
    std::string err;
    REQUIRE_MESSAGE(resp::parseReply(wire, pos, r, &err) == ParseStatus::Ok, err);
    REQUIRE(pos == wire.size());
    return r;
}

ParseStatus parseStatus(std::string_view wire, std::string* err = nullptr) {
    Reply r;
    size_t pos = 0;
    return resp::parseReply(wire, pos, r, err);
}

Reply arr(std::vector<Reply> v) { return Reply::aggregate(Reply::Type::Array, std::move(v)); }

}  // namespace

TEST_SUITE("resp") {
    // ---------------------------------------------------------------- parsing ---

    TEST_CASE("resp.parse.every_type") {
        using T = Reply::Type;
        CHECK(parseAll("+OK\r\n") == Reply::status("OK"));
        CHECK(parseAll("-ERR x\r\n") == Reply::error("ERR x"));
        CHECK(parseAll(":-42\r\n") == Reply::integerOf(-42));
        CHECK(parseAll(":9223372036854775807\r\n").integer == 9223372036854775807LL);
        CHECK(parseAll("$0\r\n\r\n") == Reply::bulk(""));
        CHECK(parseAll("$4\r\na\r\nb\r\n") == Reply::bulk("a\r\nb"));
        CHECK(parseAll("$-1\r\n").type == T::Nil);
        CHECK(parseAll("*-1\r\n").type == T::Nil);
        CHECK(parseAll("_\r\n").type == T::Nil);
        CHECK(parseAll("*0\r\n") == arr({}));
        CHECK(parseAll("*2\r\n:1\r\n*1\r\n$1\r\nx\r\n") == arr({Reply::integerOf(1), arr({Reply::bulk("x")})}));
        CHECK(parseAll(",1.5e3\r\n") == Reply::make(T::Double, "1.5e3"));
        CHECK(parseAll(",inf\r\n").str == "inf");
        CHECK(parseAll("#t\r\n") == Reply::boolOf(true));
        CHECK(parseAll("#f\r\n") == Reply::boolOf(false));
        CHECK(parseAll("(-123456789012345678901234567890\r\n") ==
              Reply::make(T::BigNumber, "-123456789012345678901234567890"));
        Reply v = parseAll("=8\r\nmkd:a\r\nb\r\n");
        CHECK(v.type == T::Verbatim);
        CHECK(v.vtype == "mkd");
        CHECK(v.str == "a\r\nb");
        Reply m = parseAll("%2\r\n+a\r\n:1\r\n+b\r\n_\r\n");
        CHECK(m.type == T::Map);
        CHECK(m.elements.size() == 4);  // flattened k1 v1 k2 v2, as hiredis
        CHECK(parseAll("~1\r\n+a\r\n").type == T::Set);
        CHECK(parseAll(">1\r\n+a\r\n").type == T::Push);
        Reply a = parseAll("|1\r\n+k\r\n:1\r\n");
        CHECK(a.type == T::Attribute);
        CHECK(a.elements.size() == 2);
    }

    TEST_CASE("resp.parse.roundtrip_encode") {
        using T = Reply::Type;
        Reply verb = Reply::make(T::Verbatim, "x\ny");
        verb.vtype = "txt";
        Reply big = arr({Reply::status("s"), Reply::error("e"), Reply::integerOf(-7), Reply::bulk("b\0\r\n"s),
                         Reply::nil(), Reply::make(T::Double, "-0.5"), Reply::boolOf(true),
                         Reply::make(T::BigNumber, "99999999999999999999999"), verb,
                         Reply::aggregate(T::Map, {Reply::bulk("k"), arr({})}),
                         Reply::aggregate(T::Set, {Reply::integerOf(1)}), Reply::aggregate(T::Push, {Reply::bulk("p")}),
                         Reply::aggregate(T::Attribute, {Reply::bulk("a"), Reply::nil()})});
        for (bool resp3 : {true, false}) {
            std::string wire = resp::encodeReply(big, resp3);
            CHECK(parseAll(wire) == big);
        }
        for (const auto& c : kOracle) {
            CAPTURE(c.name);
            CHECK(resp::encodeReply(parseAll(c.wire), true) != "");
            CHECK(parseAll(resp::encodeReply(parseAll(c.wire))) == parseAll(c.wire));
        }
    }

    TEST_CASE("resp.parse.pipelined_replies_advance_pos") {
        std::string buf = "+OK\r\n:1\r\n$1\r\nx\r\n";
        size_t pos = 0;
        Reply r;
        REQUIRE(resp::parseReply(buf, pos, r) == ParseStatus::Ok);
        CHECK(pos == 5);
        REQUIRE(resp::parseReply(buf, pos, r) == ParseStatus::Ok);
        CHECK(r == Reply::integerOf(1));
        REQUIRE(resp::parseReply(buf, pos, r) == ParseStatus::Ok);
        CHECK(r == Reply::bulk("x"));
        CHECK(pos == buf.size());
        CHECK(resp::parseReply(buf, pos, r) == ParseStatus::Incomplete);
    }

    TEST_CASE("resp.parse.incomplete_at_every_byte") {
        std::vector<std::string> wires;
        for (const auto& c : kOracle) wires.emplace_back(c.wire);
        wires.push_back("(123\r\n");
        wires.push_back("|1\r\n+k\r\n:1\r\n");
        wires.push_back(">2\r\n$1\r\na\r\n=6\r\ntxt:ab\r\n");
        for (const std::string& w : wires) {
            for (size_t cut = 0; cut < w.size(); cut++) {
                Reply r = Reply::status("untouched");
                size_t pos = 0;
                CAPTURE(w);
                CAPTURE(cut);
                REQUIRE(resp::parseReply(std::string_view(w).substr(0, cut), pos, r) == ParseStatus::Incomplete);
                CHECK(pos == 0);
                CHECK(r == Reply::status("untouched"));
            }
        }
        // A huge declared length waits for the bytes instead of allocating them.
        CHECK(parseStatus("*2000000000\r\n:1\r\n") == ParseStatus::Incomplete);
        CHECK(parseStatus("$536870912\r\nabc") == ParseStatus::Incomplete);
    }

    TEST_CASE("resp.parse.malformed") {
        const char* bad[] = {
            "!x\r\n",
            "x\r\n",
            "\r\n",
            ":abc\r\n",
            ":1.5\r\n",
            ":\r\n",
            ": 1\r\n",
            ":01\r\n",
            ":-0\r\n",
            ":99999999999999999999\r\n",
            "$-2\r\n",
            "$abc\r\n",
            "$3\r\nabcd\r\n",
            "$3\r\nabc\n\n",
            "$536870913\r\n",
            "*-2\r\n",
            "*x\r\n",
            "%-1\r\n",
            "_x\r\n",
            ",abc\r\n",
            ",\r\n",
            ",1.5x\r\n",
            "#x\r\n",
            "#tt\r\n",
            "(12a\r\n",
            "(-\r\n",
            "(\r\n",
            "=3\r\ntxt\r\n",
            "=5\r\ntxt_a\r\n",
            "$?\r\n",
            "*?\r\n",
            ";3\r\n",
            ".\r\n",
            "*2\r\n:1\r\n!\r\n",
            "%1\r\n+k\r\n:x\r\n",
        };
        for (const char* b : bad) {
            std::string err;
            CAPTURE(b);
            CHECK(parseStatus(b, &err) == ParseStatus::Error);
            CHECK(!err.empty());
        }
        std::string err;
        CHECK(parseStatus("|1\r\n", &err) == ParseStatus::Incomplete);
        CHECK(parseStatus("@\r\n", &err) == ParseStatus::Error);
        CHECK(err == "Protocol error, got \"@\" as reply type byte");  // hiredis's wording
        // Nesting is bounded.
        std::string deep;
        for (int i = 0; i <= resp::kMaxNesting; i++) deep += "*1\r\n";
        deep += ":1\r\n";
        CHECK(parseStatus(deep, &err) == ParseStatus::Error);
        CHECK(err.find("depth") != std::string::npos);
        CHECK(parseStatus(std::string_view(deep).substr(4 * 2)) == ParseStatus::Ok);
    }

    TEST_CASE("resp.parse.fuzz_never_crashes") {
        std::mt19937 rng(20240607);  // fixed seed: failures reproduce
        const std::string alphabet = "+-:$*_,#(=%~>|0123456789-\r\n\r\ntfx?. inf";
        std::vector<std::string> seeds;
        for (const auto& c : kOracle) seeds.emplace_back(c.wire);
        auto check = [](const std::string& buf) {
            size_t pos = 0;
            Reply r;
            std::string err;
            ParseStatus st = resp::parseReply(buf, pos, r, &err);
            if (st == ParseStatus::Ok) {
                REQUIRE(pos > 0);
                REQUIRE(pos <= buf.size());
                // Whatever parsed must print and re-encode to the same tree.
                (void)resp::formatTTY(r);
                (void)resp::formatRaw(r);
                REQUIRE(parseAll(resp::encodeReply(r)) == r);
            } else {
                REQUIRE(pos == 0);
                if (st == ParseStatus::Error) REQUIRE(!err.empty());
            }
        };
        for (int iter = 0; iter < 20000; iter++) {
            std::string buf;
            switch (iter % 3) {
                case 0: {  // random bytes, biased towards RESP syntax
                    size_t n = rng() % 40;
                    for (size_t i = 0; i < n; i++)
                        buf += (rng() % 4) ? alphabet[rng() % alphabet.size()] : static_cast<char>(rng());
                    break;
                }
                case 1: {  // valid reply truncated
                    const std::string& s = seeds[rng() % seeds.size()];
                    buf = s.substr(0, rng() % (s.size() + 1));
                    break;
                }
                default: {  // valid reply with a few bytes flipped, dropped or inserted
                    buf = seeds[rng() % seeds.size()];
                    for (int k = 0, n = 1 + static_cast<int>(rng() % 3); k < n && !buf.empty(); k++) {
                        size_t at = rng() % buf.size();
                        switch (rng() % 3) {
                            case 0:
                                buf[at] = alphabet[rng() % alphabet.size()];
                                break;
                            case 1:
                                buf.erase(at, 1);
                                break;
                            default:
                                buf.insert(at, 1, static_cast<char>(rng()));
                                break;
                        }
                    }
                }
            }
            CAPTURE(buf);
            check(buf);
        }
    }

    // ---------------------------------------------------------- TTY / raw form ---

    TEST_CASE("resp.format.tty.oracle") {
        for (const auto& c : kOracle) {
            CAPTURE(c.name);
            CHECK(resp::formatTTY(parseAll(c.wire)) == c.tty);
        }
    }

    TEST_CASE("resp.format.raw.oracle") {
        for (const auto& c : kOracle) {
            CAPTURE(c.name);
            CHECK(resp::formatRaw(parseAll(c.wire)) == c.raw);
        }
    }

    TEST_CASE("resp.format.raw.delimiters") {
        // redis-cli -3 -d '|' -D '#' debug protocol map
        CHECK(resp::formatRaw(parseAll("%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n"), "|", "#") ==
              "0 (false)|1 (true)|2 (false)#");
        // redis-cli -d '|' -D '#' eval "return {1,{2,{}},'x'}" 0
        CHECK(resp::formatRaw(parseAll("*3\r\n:1\r\n*2\r\n:2\r\n*0\r\n$1\r\nx\r\n"), "|", "#") == "1|2||x#");
        // redis-cli -d '|' -D '#' foo: the error keeps its own "\n" before -D.
        CHECK(resp::formatRaw(Reply::error("ERR x"), "|", "#") == "ERR x\n#");
    }

    TEST_CASE("resp.format.raw.report_commands") {
        // `info server` / `client info` / `cluster info` print raw with no delimiter,
        // even under --no-raw: "# Server\r\n…\r\n" and "ERR This instance has…\n".
        using V = std::vector<std::string>;
        for (const V& argv :
             {V{"INFO"}, V{"info", "server"}, V{"client", "list"}, V{"CLIENT", "INFO"}, V{"memory", "doctor"},
              V{"cluster", "nodes"}, V{"latency", "doctor"}, V{"latency", "graph", "command"},
              V{"debug", "htstats", "0"}, V{"lolwut"}, V{"proxy", "info"}, V{"memory", "malloc-stats"}})
            CHECK(resp::printsRawStrings(argv));
        for (const V& argv : {V{}, V{"get", "info"}, V{"cluster", "info", "x"}, V{"client", "getname"},
                              V{"latency", "doctor", "x"}, V{"memory", "usage", "k"}, V{"debug", "object"}})
            CHECK_FALSE(resp::printsRawStrings(argv));
        CHECK(resp::formatRaw(Reply::bulk("# Server\r\nredis_version:7.0.15\r\n"), "\n", "") ==
              "# Server\r\nredis_version:7.0.15\r\n");
        CHECK(resp::formatRaw(Reply::error("ERR This instance has cluster support disabled"), "\n", "") ==
              "ERR This instance has cluster support disabled\n");
    }

    TEST_CASE("resp.format.tty.push") {
        // redis-cli -3 --show-pushes yes debug protocol push (under `script`, a tty):
        //   1) "server-cpu-usage"\n2) (integer) 42\n then the real reply.
        Reply push = parseAll(">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n");
        CHECK(resp::formatPushTTY(push) == "1) \"server-cpu-usage\"\n2) (integer) 42\n");
        CHECK(resp::formatRaw(push) == "server-cpu-usage\n42\n");
        // HELLO 3, CLIENT TRACKING on, GET k1, SET k1 w  →  "-> invalidate: 'k1'\n"
        Reply inv = parseAll(">2\r\n$10\r\ninvalidate\r\n*1\r\n$2\r\nk1\r\n");
        CHECK(resp::formatPushTTY(inv) == "-> invalidate: 'k1'\n");
        Reply inv2 = parseAll(">2\r\n$10\r\ninvalidate\r\n*2\r\n$2\r\nk1\r\n$2\r\nk2\r\n");
        CHECK(resp::formatPushTTY(inv2) == "-> invalidate: 'k1', 'k2'\n");
        // FLUSHALL while tracking: the key list is null, so it prints as a plain push.
        Reply flush = parseAll(">2\r\n$10\r\ninvalidate\r\n_\r\n");
        CHECK(resp::formatPushTTY(flush) == "1) \"invalidate\"\n2) (nil)\n");
        CHECK(resp::formatTTY(Reply::aggregate(Reply::Type::Push, {})) == "(empty push)\n");
    }

    TEST_CASE("resp.format.tty.what_redis_cli_cannot_print") {
        // redis-cli -3 debug protocol bignum: stdout empty, stderr
        // "Unknown reply type: 13", exit 1.  debug protocol attrib: stderr
        // `Error: Protocol error, got "|" as reply type byte`, exit 1.
        Reply big = parseAll("(1234567999999999999999999999999999999\r\n");
        CHECK(resp::cliFatalMessage(big) == "Unknown reply type: 13\n");
        CHECK(resp::cliFatalMessage(arr({Reply::integerOf(1), big})) == "Unknown reply type: 13\n");
        CHECK(resp::formatTTY(big) == "(big number) 1234567999999999999999999999999999999\n");
        CHECK(resp::formatRaw(big) == "1234567999999999999999999999999999999\n");
        std::string wire =
            "|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n"
            "$39\r\nSome real reply following the attribute\r\n";
        size_t pos = 0;
        Reply attr, real;
        REQUIRE(resp::parseReply(wire, pos, attr) == ParseStatus::Ok);
        REQUIRE(resp::parseReply(wire, pos, real) == ParseStatus::Ok);
        CHECK(pos == wire.size());
        CHECK(real == Reply::bulk("Some real reply following the attribute"));
        CHECK(resp::cliFatalMessage(attr) == "Error: Protocol error, got \"|\" as reply type byte\n");
        CHECK(resp::formatTTY(attr) == "1| \"key-popularity\" => \n   1) \"key:123\"\n   2) (integer) 90\n");
        CHECK(resp::formatRaw(attr) == "key-popularity key:123\n90\n");
        CHECK_FALSE(resp::cliFatalMessage(parseAll(kOracle[0].wire)).has_value());
    }

    TEST_CASE("resp.format.tty.c_string_fields") {
        // redis-cli prints status/error text with printf("%s"): a NUL ends it.
        // Raw mode writes the whole length.
        CHECK(resp::formatTTY(Reply::status("a\0b"s)) == "a\n");
        CHECK(resp::formatTTY(Reply::error("E\0x"s)) == "(error) E\n");
        CHECK(resp::formatRaw(Reply::status("a\0b"s)) == "a\0b\n"s);
    }

    TEST_CASE("resp.format.repr") {
        CHECK(resp::repr("") == "\"\"");
        CHECK(resp::repr("plain text ~") == "\"plain text ~\"");
        CHECK(resp::repr("\\\"\n\r\t\a\b") == "\"\\\\\\\"\\n\\r\\t\\a\\b\"");
        CHECK(resp::repr("\x00\x01\x1f\x7f\x80\xff"s) == "\"\\x00\\x01\\x1f\\x7f\\x80\\xff\"");
        CHECK(resp::repr("\xc3\xa9") == "\"\\xc3\\xa9\"");  // UTF-8 is escaped byte by byte
    }

    // ------------------------------------------------------------ line split ---

    using Args = std::vector<std::string>;

    TEST_CASE("resp.args.split") {
        // Expected values checked with `EVAL "return ARGV" 0 <line>` through
        // redis-cli 7.0.15 (stdin mode).
        CHECK(resp::splitArgs("") == Args{});
        CHECK(resp::splitArgs("   \t ") == Args{});
        CHECK(resp::splitArgs("set k v") == Args{"set", "k", "v"});
        CHECK(resp::splitArgs("   EVAL   x   0    spaced    ") == Args{"EVAL", "x", "0", "spaced"});
        CHECK(resp::splitArgs("a\"b c\" 'it\\'s'") == Args{"ab c", "it's"});
        CHECK(resp::splitArgs("\"x\\x41\\x4a\\xzz\\q\" '' \"\" plain\\tx") == Args{"xAJxzzq", "", "", "plain\\tx"});
        CHECK(resp::splitArgs("'a\\nb' \"\\\\\" \"\\\"\"") == Args{"a\\nb", "\\", "\""});
        CHECK(resp::splitArgs("\"\\n\\r\\t\\b\\a\\x00\\xFf\"") == Args{"\n\r\t\b\a\0\xff"s});
        CHECK(resp::splitArgs("a\rb\nc\td\ve") == Args{"a", "b", "c", "d\ve"});
        CHECK(resp::splitArgs("\"a\"\t'b'\n") == Args{"a", "b"});
        CHECK(resp::splitArgs("get k\0ignored"s) == Args{"get", "k"});
    }

    TEST_CASE("resp.args.split_errors") {
        // redis-cli answers each of these with "Invalid argument(s)\n" on stdout.
        for (std::string_view line : {"\"unterminated", "'unterminated", "\"glued\"x", "'glued'x", "set k it's",
                                      "\"a\\\"", "x \"", "\"a\"\"b\""}) {
            CAPTURE(line);
            CHECK_FALSE(resp::splitArgs(line).has_value());
        }
    }

    TEST_CASE("resp.args.encode_command") {
        CHECK(resp::encodeCommand({}) == "*0\r\n");
        CHECK(resp::encodeCommand({"SET", "k", ""}) == "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n");
        CHECK(resp::encodeCommand({"a\r\n\0"s}) == "*1\r\n$4\r\na\r\n\0\r\n"s);
        // Round trip: a request parses as an array of bulk strings.
        Reply r = parseAll(resp::encodeCommand({"ECHO", "x y"}));
        CHECK(r == arr({Reply::bulk("ECHO"), Reply::bulk("x y")}));
    }

}  // TEST_SUITE
