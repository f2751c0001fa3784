// ACL in the engine: the log (fields, grouping, engine clock, acllog-max-len), MULTI and
// script contexts, atomic SETUSER under garbage, describe/set round trips, aclfile
// LOAD/SAVE and config `user` lines, CLIENT LIST user= and CLIENT KILL USER. Texts were
// checked against Redis 7.0.15 (tests/server/acl_test.py runs the matrix on both).
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "engine/acl.h"
#include "engine/engine.h"
#include "engine/resp/reply.h"
#include "engine/rng.h"
#include "tests/engine/test_util.h"

using redsim::Client;
using redsim::Engine;
using redsim::EngineOptions;
using redsim::resp::Reply;

namespace {

Reply runOn(Engine& e, Client& c, const std::vector<std::string>& argv) {
    e.execute(c, argv);
    const std::string out = c.takeOutput();
    size_t pos = 0;
    Reply r;
    if (redsim::resp::parseReply(out, pos, r) != redsim::resp::ParseStatus::Ok) r = Reply{};
    return r;
}

// One ACL LOG entry as field -> text (integers and doubles as their text).
std::map<std::string, std::string> entry(const Reply& e) {
    std::map<std::string, std::string> m;
    for (size_t i = 0; i + 1 < e.elements.size(); i += 2) {
        const Reply& v = e.elements[i + 1];
        m[e.elements[i].str] = v.type == Reply::Type::Integer ? std::to_string(v.integer) : v.str;
    }
    return m;
}

std::string field(const std::string& cinfo, const std::string& name) {
    const std::string key = " " + name + "=";
    const size_t at = (" " + cinfo).find(key);
    if (at == std::string::npos) return "?";
    const size_t start = at + key.size() - 1;
    return cinfo.substr(start, cinfo.find(' ', start) - start);
}

struct AclHarness : redsim::test::Harness {
    Client& bob = engine.createClient();
    AclHarness() {
        CHECK(run({"ACL", "SETUSER", "bob", "on", ">pw", "~k*", "&ch", "+get", "+set", "+multi", "+exec", "+eval",
                   "+publish"})
                  .str == "OK");
        CHECK(runB({"AUTH", "bob", "pw"}).str == "OK");
    }
    Reply runB(const std::vector<std::string>& argv) { return runOn(engine, bob, argv); }
    std::vector<std::map<std::string, std::string>> log() {
        std::vector<std::map<std::string, std::string>> out;
        for (const Reply& e : run({"ACL", "LOG"}).elements) out.push_back(entry(e));
        return out;
    }
};

}  // namespace

TEST_SUITE("commands.acl") {
    TEST_CASE("commands.acl.log_fields_and_grouping") {
        AclHarness h;
        CHECK(h.runB({"GET", "x"}).str ==
              "NOPERM this user has no permissions to access one of the keys used as arguments");
        h.engine.advanceTime(1500 * 1000);
        CHECK(h.runB({"GET", "x"}).type == Reply::Type::Error);
        auto log = h.log();
        REQUIRE(log.size() == 1);
        CHECK(log[0]["count"] == "2");
        CHECK(log[0]["reason"] == "key");
        CHECK(log[0]["context"] == "toplevel");
        CHECK(log[0]["object"] == "x");
        CHECK(log[0]["username"] == "bob");
        CHECK(log[0]["age-seconds"] == "0");  // the entry's time is its latest occurrence
        CHECK(field(log[0]["client-info"], "user") == "bob");
        CHECK(field(log[0]["client-info"], "cmd") == "get");
        CHECK(field(log[0]["client-info"], "id") == std::to_string(h.bob.id));
        h.engine.advanceTime(2500 * 1000);
        CHECK(h.log()[0]["age-seconds"] == "2.5");
        // More than a minute later the same refusal starts a new entry.
        h.engine.advanceTime(60 * 1000 * 1000);
        CHECK(h.runB({"GET", "x"}).type == Reply::Type::Error);
        log = h.log();
        REQUIRE(log.size() == 2);
        CHECK(log[0]["count"] == "1");
        CHECK(log[1]["count"] == "2");
        // Other reasons, newest first; a command refusal names the command.
        CHECK(h.runB({"INCR", "k"}).str == "NOPERM this user has no permissions to run the 'incr' command");
        CHECK(h.runB({"PUBLISH", "other", "m"}).str ==
              "NOPERM this user has no permissions to access one of the channels used as arguments");
        CHECK(h.runB({"AUTH", "bob", "bad"}).str == "WRONGPASS invalid username-password pair or user is disabled.");
        log = h.log();
        REQUIRE(log.size() == 5);
        CHECK(log[0]["reason"] == "auth");
        CHECK(log[0]["object"] == "AUTH");
        CHECK(log[1]["reason"] == "channel");
        CHECK(log[1]["object"] == "other");
        CHECK(log[2]["reason"] == "command");
        CHECK(log[2]["object"] == "incr");
        CHECK(h.run({"ACL", "LOG", "2"}).elements.size() == 2);
        CHECK(h.run({"ACL", "LOG", "-5"}).elements.empty());
        // acllog-max-len trims the oldest.
        CHECK(h.run({"CONFIG", "SET", "acllog-max-len", "2"}).str == "OK");
        CHECK(h.runB({"GET", "y"}).type == Reply::Type::Error);
        CHECK(h.log().size() == 2);
        CHECK(h.run({"ACL", "LOG", "RESET"}).str == "OK");
        CHECK(h.log().empty());
    }

    TEST_CASE("commands.acl.multi_and_exec") {
        AclHarness h;
        CHECK(h.runB({"MULTI"}).str == "OK");
        CHECK(h.runB({"SET", "k1", "v"}).str == "QUEUED");
        CHECK(h.runB({"INCR", "k1"}).str == "NOPERM this user has no permissions to run the 'incr' command");
        CHECK(h.runB({"EXEC"}).str == "EXECABORT Transaction discarded because of previous errors.");
        auto log = h.log();
        REQUIRE(log.size() == 1);
        CHECK(log[0]["context"] == "multi");
        CHECK(field(log[0]["client-info"], "flags") == "x");
        // Rules changed between queueing and EXEC: the command fails inside EXEC.
        CHECK(h.runB({"MULTI"}).str == "OK");
        CHECK(h.runB({"GET", "k1"}).str == "QUEUED");
        CHECK(h.runB({"SET", "k1", "v"}).str == "QUEUED");
        CHECK(h.run({"ACL", "SETUSER", "bob", "-set"}).str == "OK");
        const Reply r = h.runB({"EXEC"});
        REQUIRE(r.elements.size() == 2);
        CHECK(r.elements[1].str ==
              "NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. This "
              "command is no longer allowed for the following reason: no permission to execute the command or "
              "subcommand");
        log = h.log();
        CHECK(log[0]["context"] == "multi");
        CHECK(log[0]["object"] == "set");
    }

    TEST_CASE("commands.acl.scripts") {
        AclHarness h;
        const Reply r = h.runB({"EVAL", "return redis.pcall('incr', 'k')", "0"});
        CHECK(r.str == "ERR The user executing the script can't run this command or subcommand");
        CHECK(h.runB({"EVAL", "return redis.call('get', 'k1')", "0"}).type == Reply::Type::Nil);
        auto log = h.log();
        REQUIRE(log.size() == 1);
        CHECK(log[0]["context"] == "lua");
        CHECK(log[0]["username"] == "bob");
        CHECK(field(log[0]["client-info"], "cmd") == "eval");  // the caller, not the script client
        CHECK(field(log[0]["client-info"], "id") == std::to_string(h.bob.id));
        // The default user's scripts are not limited.
        CHECK(h.run({"EVAL", "return redis.call('incr', 'k')", "0"}).integer == 1);
    }

    TEST_CASE("commands.acl.setuser_is_atomic_under_garbage") {
        redsim::test::Harness h(7);
        CHECK(h.run({"ACL", "SETUSER", "u", "on", ">p", "~a", "+get", "(~b +set)"}).str == "OK");
        const std::string before = h.cli({"ACL", "LIST"});
        const std::vector<std::string> pieces = {"on",
                                                 "off",
                                                 ">x",
                                                 "<x",
                                                 "<nope",
                                                 "#",
                                                 "!",
                                                 "~",
                                                 "%",
                                                 "%R",
                                                 "%RW~",
                                                 "&",
                                                 "+",
                                                 "-",
                                                 "+@",
                                                 "-@",
                                                 "+@nope",
                                                 "+get|",
                                                 "+config|get|x",
                                                 "-get|x",
                                                 "(",
                                                 ")",
                                                 "()",
                                                 "(~a",
                                                 "+x)",
                                                 "allkeys",
                                                 "~z",
                                                 "allchannels",
                                                 "&z",
                                                 "reset",
                                                 "nopass",
                                                 "resetpass",
                                                 "clearselectors",
                                                 "+client|nosuch",
                                                 "-client|kill",
                                                 "\x01",
                                                 "a b",
                                                 "",
                                                 "+@all",
                                                 "-@all",
                                                 "+select|0",
                                                 "sanitize-payload",
                                                 "%W~q",
                                                 "#" + std::string(64, 'g')};
        redsim::Rng rng(42);
        int errors = 0;
        for (int i = 0; i < 3000; ++i) {
            std::vector<std::string> argv = {"ACL", "SETUSER", "u"};
            const size_t n = 1 + rng.below(5);
            for (size_t j = 0; j < n; ++j) argv.push_back(pieces[rng.below(pieces.size())]);
            // A deliberately bad last rule: the whole line must change nothing.
            argv.push_back("+nosuchcommand");
            const Reply r = h.run(argv);
            REQUIRE(r.type == Reply::Type::Error);
            ++errors;
            REQUIRE(h.cli({"ACL", "LIST"}) == before);
        }
        CHECK(errors == 3000);
    }

    TEST_CASE("commands.acl.describe_round_trip") {
        // Random valid rule sets: setting the described rules again gives the same user.
        redsim::test::Harness h(3);
        const std::vector<std::string> rules = {"+@all",
                                                "-@all",
                                                "+@read",
                                                "-@read",
                                                "+@write",
                                                "-@string",
                                                "+@hash",
                                                "-@dangerous",
                                                "+@slow",
                                                "-@fast",
                                                "+get",
                                                "-get",
                                                "+client",
                                                "-client|kill",
                                                "+client|list",
                                                "+config|get",
                                                "-config",
                                                "+select|0",
                                                "+select|3",
                                                "~a*",
                                                "%R~b*",
                                                "%W~c*",
                                                "allkeys",
                                                "resetkeys",
                                                "&x",
                                                "allchannels",
                                                "resetchannels",
                                                "on",
                                                "off",
                                                ">p1",
                                                "nopass",
                                                "(~s* +set)",
                                                "(%R~t +@read -get)",
                                                "clearselectors",
                                                "+debug|object"};
        redsim::Rng rng(9);
        for (int i = 0; i < 400; ++i) {
            std::vector<std::string> argv = {"ACL", "SETUSER", "r", "reset"};
            const size_t n = rng.below(8);
            for (size_t j = 0; j < n; ++j) argv.push_back(rules[rng.below(rules.size())]);
            // "allkeys ~a*" is an error by design: skip such lines.
            if (h.run(argv).type == Reply::Type::Error) continue;
            const std::string list = h.cli({"ACL", "GETUSER", "r"});
            std::string line;
            for (const Reply& l : h.run({"ACL", "LIST"}).elements)
                if (l.str.rfind("user r ", 0) == 0) line = l.str;
            std::vector<std::string> again = {"ACL", "SETUSER", "r2", "reset"};
            size_t p = 7;  // after "user r "
            // Split the description on spaces, keeping "( … )" selectors whole.
            while (p < line.size()) {
                size_t end;
                if (line[p] == '(')
                    end = line.find(')', p) + 1;
                else
                    end = std::min(line.find(' ', p), line.size());
                again.push_back(line.substr(p, end - p));
                p = end + 1;
            }
            REQUIRE(h.run(again).str == "OK");
            CHECK(h.cli({"ACL", "GETUSER", "r2"}) == list);
        }
    }

    TEST_CASE("commands.acl.clients_and_users") {
        AclHarness h;
        CHECK(h.runB({"CLIENT", "INFO"}).str == "NOPERM this user has no permissions to run the 'client|info' command");
        const std::string list = h.run({"CLIENT", "LIST"}).str;
        CHECK(list.find(" user=bob ") != std::string::npos);
        CHECK(list.find(" user=default ") != std::string::npos);
        CHECK(h.run({"CLIENT", "KILL", "USER", "nobody"}).str == "ERR No such user 'nobody'");
        CHECK(h.run({"CLIENT", "KILL", "USER", "bob"}).integer == 1);
        CHECK(h.bob.close_asap);
        Client& c2 = h.engine.createClient();
        CHECK(runOn(h.engine, c2, {"AUTH", "bob", "pw"}).str == "OK");
        h.engine.killed_clients.clear();
        CHECK(h.run({"ACL", "DELUSER", "bob"}).integer == 1);
        CHECK(c2.close_asap);
        CHECK_FALSE(c2.authenticated);
        CHECK(h.engine.killed_clients == std::vector<uint64_t>{c2.id});
        // GENPASS comes from the engine RNG: the length follows the bits.
        CHECK(h.run({"ACL", "GENPASS"}).str.size() == 64);
        CHECK(h.run({"ACL", "GENPASS", "5"}).str.size() == 2);
        CHECK(h.run({"ACL", "GENPASS", "4096"}).str.size() == 1024);
    }

    TEST_CASE("commands.acl.aclfile_load_save") {
        namespace fs = std::filesystem;
        const fs::path dir = fs::temp_directory_path() / ("redsim-acl-test-" + std::to_string(::getpid()));
        fs::create_directories(dir);
        const std::string file = (dir / "users.acl").string();
        {
            std::ofstream out(file);
            out << "user alice on >pw ~a* +get\n\nuser default on nopass ~* &* +@all\n";
        }
        redsim::Config cfg;
        cfg.values.aclfile = file;
        Engine e(EngineOptions{.seed = 1, .virtual_clock = true, .config = cfg});
        CHECK(e.acl_startup_error.empty());
        Client& c = e.createClient();
        Client& a = e.createClient();
        CHECK(runOn(e, a, {"AUTH", "alice", "pw"}).str == "OK");
        CHECK(runOn(e, c, {"ACL", "USERS"}).elements.size() == 2);
        CHECK(runOn(e, c, {"ACL", "SETUSER", "zed", "on", "+@all", "-get"}).str == "OK");
        CHECK(runOn(e, c, {"ACL", "SAVE"}).str == "OK");
        std::ifstream in(file);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        CHECK(text ==
              "user alice on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~a* resetchannels "
              "-@all +get\nuser default on nopass ~* &* +@all\nuser zed on resetchannels +@all -get\n");
        // LOAD replaces every user; clients of replaced users are disconnected.
        CHECK(runOn(e, c, {"ACL", "LOAD"}).str == "OK");
        CHECK(a.close_asap);
        CHECK_FALSE(c.close_asap);
        // A bad file changes nothing and names every problem.
        {
            std::ofstream out(file);
            out << "user bob on +nosuch\nfoo bar\nuser bob off\nuser x (~a\nuser y on badrule >p\n";
        }
        const Reply r = runOn(e, c, {"ACL", "LOAD"});
        CHECK(r.str == "ERR " + file +
                           ":1: Error in applying operation '+nosuch': Unknown command or category name in ACL. " +
                           file +
                           ":2 should start with user keyword followed by the username. WARNING: Duplicate user "
                           "'bob' found on line 3. " +
                           file + ":4: Unmatched parenthesis in selector definition." + file +
                           ":5: Syntax error. WARNING: ACL errors detected, no change to the previously active ACL "
                           "rules was performed");
        CHECK(runOn(e, c, {"ACL", "USERS"}).elements.size() == 3);
        fs::remove(file);
        CHECK(runOn(e, c, {"ACL", "LOAD"}).str ==
              "ERR Error loading ACLs, opening file '" + file + "': No such file or directory");
        fs::remove_all(dir);
    }

    TEST_CASE("commands.acl.config_user_lines") {
        redsim::Config cfg;
        CHECK_FALSE(cfg.loadText("user bob on >p ~a +get\nuser alice on nopass +@all (~x +set)\n"));
        REQUIRE(cfg.values.acl_users.size() == 2);
        Engine e(EngineOptions{.seed = 1, .virtual_clock = true, .config = cfg});
        CHECK(e.acl_startup_error.empty());
        Client& c = e.createClient();
        CHECK(runOn(e, c, {"ACL", "GETUSER", "alice"}).elements[11].elements.size() == 1);
        // Redis names the word two places before the bad rule (its index in the line).
        redsim::Config bad;
        auto err = bad.loadText("user bob on >p ~a badrule\n");
        REQUIRE(err);
        CHECK(err->find("Error in user declaration '>p': Syntax error") != std::string::npos);
        redsim::Config dup;
        err = dup.loadText("user bob on\nuser bob off\n");
        REQUIRE(err);
        CHECK(err->find("Error in user declaration 'bob': Duplicate user found. A user can only be defined once in "
                        "config files") != std::string::npos);
        // Unknown commands pass the config check and stop the start.
        redsim::Config unk;
        CHECK_FALSE(unk.loadText("user bob on +nosuch\n"));
        Engine e2(EngineOptions{.seed = 1, .virtual_clock = true, .config = unk});
        CHECK(e2.acl_startup_error.find("Error loading ACL rule '+nosuch' for the user named 'bob': Unknown command "
                                        "or category name in ACL") == 0);
        redsim::Config both;
        CHECK_FALSE(both.loadText("user bob on\naclfile /tmp/x.acl\n"));
        Engine e3(EngineOptions{.seed = 1, .virtual_clock = true, .config = both});
        CHECK(e3.acl_startup_error.find("Configuring Redis with users defined in redis.conf and at the same") == 0);
        // requirepass at start is the default user's password.
        redsim::Config rp;
        CHECK_FALSE(rp.loadText("requirepass sekret\n"));
        Engine e4(EngineOptions{.seed = 1, .virtual_clock = true, .config = rp});
        Client& c4 = e4.createClient();
        CHECK(runOn(e4, c4, {"GET", "x"}).str == "NOAUTH Authentication required.");
        CHECK(runOn(e4, c4, {"AUTH", "default", "sekret"}).str == "OK");
    }
}
