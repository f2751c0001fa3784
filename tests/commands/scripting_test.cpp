// Scripting beyond what transcripts can show: RESP3 callers, re-entrant dispatch (a
// script calling every command family must get the bytes a client would), the frozen
// command time inside a script, and busy scripts (BUSY for a second client, SCRIPT KILL,
// UNKILLABLE) driven deterministically by a clock that moves every time it is read.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/scripting/scripting.h"
#include "engine/scripting/sha1.h"
#include "tests/engine/test_util.h"

using redsim::Client;
using redsim::resp::Reply;
using redsim::test::Harness;

namespace {

// Raw RESP bytes of one command.
std::string raw(Harness& h, Client& c, const std::vector<std::string>& argv) {
    h.engine.execute(c, argv);
    return c.takeOutput();
}

// A virtual clock that moves `step_us` every time it is read: a script's loop makes time
// pass without any real waiting, so busy-reply-threshold is reached deterministically.
class TickingClock final : public redsim::Clock {
public:
    explicit TickingClock(int64_t step_us) : step_us_(step_us) {}
    int64_t nowUs() const override { return now_ += step_us_; }
    void sleepUs(int64_t us) override { now_ += us; }
    bool isVirtual() const override { return true; }

private:
    int64_t step_us_;
    mutable int64_t now_ = redsim::VirtualClock::kDefaultStartUs;
};

const std::string kBusyEval = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";

}  // namespace

TEST_CASE("scripting.sha1") {
    CHECK(redsim::sha1Hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    CHECK(redsim::sha1Hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d");
    // Two padding blocks (56..63 bytes) and several blocks.
    CHECK(redsim::sha1Hex(std::string(56, 'a')) == "c2db330f6083854c99d4b5bfb6e8f29f201be699");
    CHECK(redsim::sha1Hex(std::string(1000, 'x')) == redsim::sha1Hex(std::string(1000, 'x')));
    CHECK(redsim::sha1Hex("The quick brown fox jumps over the lazy dog") == "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12");
}

TEST_CASE("scripting.resp3 caller") {
    Harness h;
    h.client.resp = 3;
    auto eval = [&](const std::string& body) { return raw(h, h.client, {"EVAL", body, "0"}); };
    CHECK(eval("return {double=3.5}") == ",3.5\r\n");
    CHECK(eval("return nil") == "_\r\n");
    CHECK(eval("return false") == "_\r\n");  // RESP2 script: false is a null
    CHECK(eval("return true") == ":1\r\n");
    CHECK(eval("redis.setresp(3) return true") == "#t\r\n");
    CHECK(eval("redis.setresp(3) return false") == "#f\r\n");
    CHECK(eval("return {map={a=1}}") == "%1\r\n$1\r\na\r\n:1\r\n");
    CHECK(eval("return {set={x=true}}") == "~1\r\n$1\r\nx\r\n");
    CHECK(eval("return {big_number='123'}") == "(123\r\n");
    CHECK(eval("return {verbatim_string={format='txt', string='hi'}}") == "=6\r\ntxt:hi\r\n");
    CHECK(eval("return {ok='fine'}") == "+fine\r\n");
    CHECK(eval("return {err='ERR bad'}") == "-ERR bad\r\n");
    raw(h, h.client, {"HSET", "h", "f", "v"});
    CHECK(eval("redis.setresp(3) return redis.call('hgetall', 'h')") == "%1\r\n$1\r\nf\r\n$1\r\nv\r\n");
    CHECK(eval("return redis.call('hgetall', 'h')") == "*2\r\n$1\r\nf\r\n$1\r\nv\r\n");
    CHECK(eval("redis.setresp(3) return redis.call('get', 'nope') == nil") == "#t\r\n");
}

TEST_CASE("scripting.reentrancy: redis.pcall gives the bytes a client gets, for every family") {
    // Each line runs directly on engine A and through a script on engine B; RESP2
    // replies survive the trip Redis -> Lua -> Redis unchanged.
    const std::vector<std::vector<std::string>> lines = {
        {"SET", "s", "hello"},
        {"GET", "s"},
        {"APPEND", "s", " world"},
        {"GETRANGE", "s", "0", "4"},
        {"INCR", "n"},
        {"INCRBYFLOAT", "f", "1.5"},
        {"MSET", "a", "1", "b", "2"},
        {"MGET", "a", "nope", "b"},
        {"INCR", "s"},
        {"RPUSH", "l", "x", "y", "z"},
        {"LRANGE", "l", "0", "-1"},
        {"LPOP", "l"},
        {"LPOS", "l", "z"},
        {"LINDEX", "l", "9"},
        {"HSET", "h", "f1", "v1", "f2", "v2"},
        {"HGET", "h", "f1"},
        {"HINCRBY", "h", "n", "5"},
        {"HGETALL", "h"},
        {"SADD", "st", "3", "1", "2"},
        {"SMEMBERS", "st"},
        {"SISMEMBER", "st", "2"},
        {"SINTER", "st", "nope"},
        {"ZADD", "z", "1", "one", "2.5", "two"},
        {"ZRANGE", "z", "0", "-1", "WITHSCORES"},
        {"ZINCRBY", "z", "1", "one"},
        {"ZSCORE", "z", "nope"},
        {"SETBIT", "bits", "7", "1"},
        {"BITCOUNT", "bits"},
        {"PFADD", "hll", "a", "b", "c"},
        {"PFCOUNT", "hll"},
        {"GEOADD", "g", "13.361389", "38.115556", "Palermo"},
        {"GEOPOS", "g", "Palermo"},  // (a missing member's null array would come back as a null bulk)
        {"XADD", "x", "1-1", "k", "v"},
        {"XRANGE", "x", "-", "+"},
        {"XLEN", "x"},
        {"EXPIRE", "s", "100"},
        {"TTL", "s"},
        {"TYPE", "h"},
        {"OBJECT", "ENCODING", "st"},
        {"EXISTS", "a", "b", "nope"},
        {"RENAME", "a", "a2"},
        {"SORT", "st"},
        {"DBSIZE"},
        {"STRLEN", "s"},
        {"ECHO", "e"},
        {"PING"},
        {"DEL", "a2", "b"},
        {"LPUSH", "h", "x"},
        {"NOSUCHCMD"},
    };
    Harness a(7), b(7);
    for (const auto& argv : lines) {
        CAPTURE(argv[0]);
        const std::string direct = raw(a, a.client, argv);
        if (argv[0] == "NOSUCHCMD") {
            CHECK(raw(b, b.client, {"EVAL", "return redis.pcall(unpack(ARGV))", "0", argv[0]}) ==
                  "-ERR Unknown Redis command called from script\r\n");
            continue;
        }
        std::vector<std::string> eval = {"EVAL", "return redis.pcall(unpack(ARGV))", "0"};
        eval.insert(eval.end(), argv.begin(), argv.end());
        CHECK(raw(b, b.client, eval) == direct);
    }
    // The keyspaces ended the same.
    CHECK(raw(a, a.client, {"DBSIZE"}) == raw(b, b.client, {"DBSIZE"}));
    // SELECT inside a script moved only the script's client.
    CHECK(raw(b, b.client, {"EVAL", "redis.call('select', 3) return redis.call('set', 'k', 'v')", "0"}) == "+OK\r\n");
    CHECK(b.client.db == 0);
    CHECK(raw(b, b.client, {"EXISTS", "k"}) == ":0\r\n");
}

TEST_CASE("scripting.command time is frozen during a script") {
    Harness h;
    h.engine.setClock(std::make_unique<TickingClock>(1000));  // 1 ms per reading
    // 5 ms TTL; the pings make well over 5 ms pass on the clock, yet inside the script the
    // key has not expired: every command sees the time the script started at.
    const std::string body =
        "redis.call('set', 'k', 'v', 'px', 5) for i = 1, 20 do redis.call('ping') end return redis.call('get', 'k')";
    CHECK(raw(h, h.client, {"EVAL", body, "0"}) == "$1\r\nv\r\n");
    CHECK(raw(h, h.client, {"GET", "k"}) == "$-1\r\n");
}

TEST_CASE("scripting.busy script: BUSY for others, SCRIPT KILL, UNKILLABLE") {
    Harness h;
    Client& other = h.engine.createClient();
    h.engine.setClock(std::make_unique<TickingClock>(10000));  // 10 ms per reading
    REQUIRE(raw(h, h.client, {"CONFIG", "SET", "busy-reply-threshold", "100"}) == "+OK\r\n");
    REQUIRE(raw(h, h.client, {"CONFIG", "GET", "lua-time-limit"}) == "*2\r\n$14\r\nlua-time-limit\r\n$3\r\n100\r\n");

    SUBCASE("a read-only script is killed") {
        std::vector<std::string> seen;
        int calls = 0;
        h.engine.busy_callback = [&] {
            if (++calls == 1) {
                seen.push_back(raw(h, other, {"GET", "x"}));
                seen.push_back(raw(h, other, {"SCRIPT", "KILL"}));
            }
        };
        const std::string body = "local i = 0 while true do i = i + 1 end";
        const std::string reply = raw(h, h.client, {"EVAL", body, "0"});
        CHECK(reply == "-ERR Script killed by user with SCRIPT KILL... script: " + redsim::sha1Hex(body) +
                           ", on @user_script:1.\r\n");
        REQUIRE(seen.size() == 2);
        CHECK(seen[0] == "-" + kBusyEval + "\r\n");
        CHECK(seen[1] == "+OK\r\n");
        CHECK_FALSE(h.engine.script.timed_out);
        CHECK(h.engine.script.caller == nullptr);
        CHECK(raw(h, other, {"GET", "x"}) == "$-1\r\n");
        CHECK(raw(h, other, {"SCRIPT", "KILL"}) == "-NOTBUSY No scripts in execution right now.\r\n");
        bool logged = false;
        for (const auto& line : h.engine.scripting().log())
            logged |= line.find("Slow script detected") != std::string::npos;
        CHECK(logged);
    }
    SUBCASE("pcall cannot swallow the kill") {
        h.engine.busy_callback = [&] { raw(h, other, {"SCRIPT", "KILL"}); };
        const std::string body = "while true do pcall(function() local i = 0 while true do i = i + 1 end end) end";
        const std::string reply = raw(h, h.client, {"EVAL", body, "0"});
        CHECK(reply.rfind("-ERR Script killed by user with SCRIPT KILL...", 0) == 0);
    }
    SUBCASE("a script that wrote cannot be killed and runs to its end") {
        std::vector<std::string> seen;
        h.engine.busy_callback = [&] {
            if (seen.empty()) {
                seen.push_back(raw(h, other, {"SCRIPT", "KILL"}));
                seen.push_back(raw(h, other, {"SET", "y", "1"}));
            }
        };
        const std::string body = "redis.call('set', 'w', '1') local i = 0 while i < 3000000 do i = i + 1 end return i";
        CHECK(raw(h, h.client, {"EVAL", body, "0"}) == ":3000000\r\n");
        REQUIRE(seen.size() == 2);
        CHECK(seen[0].rfind("-UNKILLABLE Sorry the script already executed write commands", 0) == 0);
        CHECK(seen[1] == "-" + kBusyEval + "\r\n");
        CHECK(raw(h, other, {"GET", "w"}) == "$1\r\n1\r\n");
        CHECK(raw(h, other, {"EXISTS", "y"}) == ":0\r\n");
    }
    SUBCASE("under the threshold nobody is told") {
        int calls = 0;
        h.engine.busy_callback = [&] { ++calls; };
        REQUIRE(raw(h, h.client, {"CONFIG", "SET", "busy-reply-threshold", "0"}) == "+OK\r\n");
        CHECK(raw(h, h.client, {"EVAL", "local i = 0 while i < 1000000 do i = i + 1 end return i", "0"}) ==
              ":1000000\r\n");
        CHECK(calls == 0);
    }
}

TEST_CASE("scripting.robustness: odd scripts never crash and never change data") {
    Harness h;
    raw(h, h.client, {"SET", "keep", "1"});
    const std::vector<std::string> bodies = {
        "local t = {} t[1] = t return t",
        "error({})",
        "error(setmetatable({}, {__tostring = function() return 'x' end}))",
        "return redis.call(string.rep('x', 100000))",
        "return redis.pcall('set', 'keep')",
        "local s = string.rep('a', 1000000) return #s",
        "return string.rep('x', -1)",
        "return {map={[{}]=1}}",
        "return {set={[true]=true}}",
        "return {verbatim_string={format='toolong', string='x'}}",
        "return coroutine.wrap(function() redis.call('set', 'keep', 2) end)()",
        "return 0/0",
        "redis.setresp(3) return redis.call('hgetall', 'missing')",
        "return unpack({}, 1, 100000)",
        "return select(-1, 1)",
        // Metamethods that raise must not run outside a protected call.
        "return setmetatable({err='x'}, {__index=function() error('boom') end})",
        "return setmetatable({}, {__index=function() error('boom') end})",
        "return {setmetatable({err='y'}, {__index=function() error('boom') end})}",
        "error(setmetatable({err='z'}, {__index=function() error('boom') end}))",
        "error(setmetatable({err='z'}, {__newindex=function() error('boom') end}))",
        "error(setmetatable({}, {__index=function() error('boom') end}))",
        "return {map=setmetatable({}, {__index=function() error('boom') end})}",
        "return redis.pcall('get', setmetatable({}, {__tostring=function() error('b') end}))",
    };
    for (const auto& body : bodies) {
        CAPTURE(body);
        raw(h, h.client, {"EVAL", body, "0"});
        CHECK(h.engine.script.caller == nullptr);
    }
    // Only the coroutine body may write (to 2); the rest left the key alone.
    const std::string v = raw(h, h.client, {"GET", "keep"});
    CHECK((v == "$1\r\n1\r\n" || v == "$1\r\n2\r\n"));
    CHECK(raw(h, h.client, {"EVAL", "return 1", "0"}) == ":1\r\n");
    // The same at FUNCTION LOAD time.
    CHECK(h.run({"FUNCTION", "LOAD", "#!lua name=x\nerror(setmetatable({}, {__index=function() error('b') end}))"})
              .type == Reply::Type::Error);
    CHECK(h.run({"FUNCTION", "LOAD", "#!lua name=x\nerror({})"}).type == Reply::Type::Error);
}

TEST_CASE("scripting.getkeys from numkeys") {
    Harness h;
    CHECK(h.cli({"COMMAND", "GETKEYS", "EVAL", "return 1", "2", "a", "b", "c"}) == "1) \"a\"\n2) \"b\"");
    CHECK(h.cli({"COMMAND", "GETKEYS", "EVALSHA_RO", "x", "1", "k"}) == "1) \"k\"");
}

TEST_CASE("scripting.busy function: FUNCTION STATS shows it, FUNCTION KILL stops it") {
    Harness h;
    Client& other = h.engine.createClient();
    h.engine.setClock(std::make_unique<TickingClock>(10000));
    REQUIRE(raw(h, h.client, {"CONFIG", "SET", "busy-reply-threshold", "100"}) == "+OK\r\n");
    REQUIRE(raw(h, h.client,
                {"FUNCTION", "LOAD",
                 "#!lua name=spinlib\nredis.register_function('spin', function() local i = 0 while true do i = i + 1 "
                 "end end)"}) == "$7\r\nspinlib\r\n");
    const std::string busy_fn =
        "-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.\r\n";
    std::vector<std::string> seen;
    h.engine.busy_callback = [&] {
        if (!seen.empty()) return;
        seen.push_back(raw(h, other, {"GET", "x"}));
        seen.push_back(raw(h, other, {"SCRIPT", "KILL"}));
        seen.push_back(h.cli({"FUNCTION", "STATS"}));
        seen.push_back(raw(h, other, {"FUNCTION", "KILL"}));
    };
    CHECK(raw(h, h.client, {"FCALL", "spin", "0"}) ==
          "-ERR Script killed by user with SCRIPT KILL... script: spin, on @user_function:2.\r\n");
    REQUIRE(seen.size() == 4);
    CHECK(seen[0] == busy_fn);
    CHECK(seen[1] == busy_fn);
    CHECK(seen[2].find(
              "1) \"running_script\"\n2) 1) \"name\"\n   2) \"spin\"\n   3) \"command\"\n   4) 1) \"FCALL\"") == 0);
    CHECK(seen[3] == "+OK\r\n");
    CHECK(h.cli({"FUNCTION", "STATS"}).find("2) (nil)") != std::string::npos);
}

TEST_CASE("scripting.function dump round trip") {
    Harness a, b;
    a.run({"FUNCTION", "LOAD", "#!lua name=l1\nredis.register_function('f1', function() return 1 end)"});
    a.run({"FUNCTION", "LOAD",
           "#!lua name=l2\nredis.register_function('f2', function(keys, args) return string.rep('ab', 40) end)"});
    const Reply dump = a.run({"FUNCTION", "DUMP"});
    REQUIRE(dump.type == Reply::Type::Bulk);
    CHECK(b.cli({"FUNCTION", "RESTORE", dump.str}) == "OK");
    CHECK(b.cli({"FCALL", "f1", "0"}) == "(integer) 1");
    std::string ab;
    for (int i = 0; i < 40; ++i) ab += "ab";
    CHECK(b.run({"FCALL", "f2", "0"}).str == ab);
    CHECK(b.run({"FUNCTION", "DUMP"}).str == dump.str);
    // Every truncation and every single-byte change of the payload is refused cleanly.
    for (size_t n = 0; n < dump.str.size(); ++n) {
        Harness c;
        const Reply r = c.run({"FUNCTION", "RESTORE", dump.str.substr(0, n)});
        CHECK(r.type == Reply::Type::Error);
        std::string bad = dump.str;
        bad[n] = static_cast<char>(bad[n] ^ 0x5A);
        CHECK(c.run({"FUNCTION", "RESTORE", bad}).type == Reply::Type::Error);
        CHECK(c.cli({"FUNCTION", "STATS"}).find("(integer) 0") != std::string::npos);
    }
}

TEST_CASE("scripting.errorstats count a command's error once, as Redis") {
    Harness h;
    h.run({"SET", "s", "abc"});
    h.run({"EVAL", "return redis.call('incr', 's')", "0"});     // raised: counted by INCR only
    h.run({"EVAL", "return redis.pcall('incr', 's')", "0"});    // returned: counted by INCR only
    h.run({"EVAL", "redis.pcall('incr', 's') return 1", "0"});  // swallowed: counted by INCR
    h.run({"EVAL", "error('x')", "0"});                         // the script's own: counted once
    h.run({"EVAL", "return redis.call('nosuch')", "0"});        // refused: counted once
    h.run({"EVAL", "return {err='MY bad'}", "0"});
    CHECK(h.engine.stats().total_error_replies == 6);
    CHECK(h.engine.stats().errors["ERR"] == 5);
    CHECK(h.engine.stats().errors["MY"] == 1);
}

TEST_CASE("scripting.FUNCTION LOAD gives up after 500 ms of load-time code") {
    Harness h;
    h.engine.setClock(std::make_unique<TickingClock>(10000));
    CHECK(h.cli({"FUNCTION", "LOAD", "#!lua name=t\nwhile true do end"}) ==
          "(error) ERR Error registering functions: ERR FUNCTION LOAD timeout");
    CHECK(h.cli({"FUNCTION", "LOAD", "#!lua name=t\nredis.register_function('t', function() return 1 end)"}) ==
          "\"t\"");
    CHECK(h.cli({"FCALL", "t", "0"}) == "(integer) 1");
}

TEST_CASE("scripting.info_memory_fields") {
    // INFO memory's scripting part: counts, and the EVAL cache laid out as Redis 7.0.15
    // reports it (one 8-byte body: 136 bytes; one 108-byte body: 232; FUNCTION's
    // overhead 200 empty, 440 with one library of one function).
    Harness h;
    auto field = [&h](const std::string& name) {
        const std::string text = h.run({"INFO", "memory"}).str;
        const size_t at = text.find("\r\n" + name + ":");
        REQUIRE(at != std::string::npos);
        const size_t from = at + name.size() + 3;
        return text.substr(from, text.find('\r', from) - from);
    };
    CHECK(field("number_of_cached_scripts") == "0");
    CHECK(field("used_memory_scripts_eval") == "0");
    CHECK(field("used_memory_functions") == "200");
    CHECK(std::stoll(field("used_memory_lua")) > 0);
    h.run({"SCRIPT", "LOAD", "return 1"});
    CHECK(field("number_of_cached_scripts") == "1");
    CHECK(field("used_memory_scripts_eval") == "136");
    h.run({"SCRIPT", "FLUSH"});
    h.run({"SCRIPT", "LOAD", "return '" + std::string(99, 'a') + "'"});
    CHECK(field("used_memory_scripts_eval") == "232");
    h.run({"FUNCTION", "LOAD", "#!lua name=mylib\nredis.register_function('f1', function() return 1 end)"});
    CHECK(field("number_of_functions") == "1");
    CHECK(field("number_of_libraries") == "1");
    CHECK(field("used_memory_functions") == "440");
    CHECK(field("used_memory_scripts") == "672");
    CHECK(std::stoll(field("used_memory_vm_total")) ==
          std::stoll(field("used_memory_vm_eval")) + std::stoll(field("used_memory_vm_functions")));
}
