// copyEngine (engine/copy.h): the copy holds the source's data, TTLs, encodings, access
// data, functions, users and script cache; the two are independent afterwards; a copy
// of an engine with appendonly yes writes no file.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "client/format.h"
#include "engine/copy.h"
#include "engine/engine.h"
#include "engine/persist/aof.h"
#include "engine/resp/reply.h"
#include "tests/engine/test_util.h"

namespace redsim {
namespace {

namespace fs = std::filesystem;

// A no-touch client on `e`: reading through it changes no key's access data, so the
// source and the copy can be compared without disturbing either.
struct Reader {
    Engine& e;
    Client& c;
    explicit Reader(Engine& engine) : e(engine), c(engine.createClient()) { c.no_touch = true; }
    std::string cli(std::vector<std::string> argv) {
        e.execute(c, argv);
        const std::string out = c.takeOutput();
        size_t pos = 0;
        resp::Reply r;
        if (resp::parseReply(out, pos, r) != resp::ParseStatus::Ok) return "<bad reply>";
        return resp::formatTTY(r);
    }
};

// Per key of every db: type, encoding, TTL, idle time or frequency, and the DUMP bytes
// (the value in its encoding's serialized form).
std::map<std::string, std::string> describeAll(Engine& e) {
    Reader r(e);
    std::map<std::string, std::string> out;
    for (int db = 0; db < e.dbCount(); ++db) {
        if (e.db(db).size() == 0) continue;
        r.cli({"SELECT", std::to_string(db)});
        std::vector<std::string> keys;
        e.db(db).keys().forEach([&](const auto& entry) { keys.push_back(entry.key); });
        for (const auto& k : keys) {
            const bool lfu = e.cfg().lfuPolicy();
            const std::string enc = r.cli({"OBJECT", "ENCODING", k});
            // A hashtable's DUMP lists its fields in bucket order, which depends on the
            // order they were inserted in: compare its sorted contents instead.
            std::string dump = r.cli({"DUMP", k});
            if (enc == "\"hashtable\"\n") {
                r.e.execute(r.c, std::vector<std::string>{r.cli({"TYPE", k}) == "hash\n" ? "HGETALL" : "SMEMBERS", k});
                const std::string out = r.c.takeOutput();
                size_t pos = 0;
                resp::Reply all;
                REQUIRE(resp::parseReply(out, pos, all) == resp::ParseStatus::Ok);
                std::vector<std::string> items;
                for (size_t i = 0; i < all.elements.size(); ++i) items.push_back(all.elements[i].str);
                std::sort(items.begin(), items.end());
                dump.clear();
                for (const auto& it : items) dump += it + ",";
            }
            out[std::to_string(db) + ":" + k] = r.cli({"TYPE", k}) + enc + r.cli({"PEXPIRETIME", k}) +
                                                r.cli({"OBJECT", lfu ? "FREQ" : "IDLETIME", k}) + dump;
        }
    }
    return out;
}

void fill(test::Harness& h) {
    h.run({"SET", "s", "hello"});
    h.run({"SET", "n", "42"});
    h.run({"RPUSH", "l", "a", "b", "c"});
    for (int i = 0; i < 300; ++i) h.run({"RPUSH", "biglist", "item" + std::to_string(i)});
    h.run({"SADD", "si", "1", "2", "3"});
    h.run({"SADD", "ss", "x", "y"});
    h.run({"ZADD", "z", "1.5", "a", "2", "b"});
    for (int i = 0; i < 200; ++i) h.run({"ZADD", "bigz", std::to_string(i), "m" + std::to_string(i)});
    h.run({"HSET", "h", "f1", "v1"});
    for (int i = 0; i < 600; ++i) h.run({"HSET", "bighash", "f" + std::to_string(i), std::to_string(i)});
    h.run({"XADD", "x", "1-1", "f", "v"});
    h.run({"XGROUP", "CREATE", "x", "grp", "0"});
    h.run({"EXPIRE", "s", "100"});
    h.run({"PEXPIRE", "bighash", "5000000"});
    h.run({"SELECT", "3"});
    h.run({"SET", "other", "db3"});
    h.run({"EXPIRE", "other", "50"});
    h.run({"SELECT", "0"});
}

}  // namespace

TEST_SUITE("engine.copy") {
    TEST_CASE("engine.copy.same_data_ttls_encodings_and_idle_times") {
        test::Harness h;
        fill(h);
        h.engine.advanceTime(7'000'000);
        h.run({"GET", "n"});  // some keys recently used, the others idle 7 s
        h.run({"LLEN", "biglist"});
        auto copy = copyEngine(h.engine);
        REQUIRE(copy);
        CHECK(copy->clock().isVirtual());
        CHECK(copy->clock().nowUs() == h.engine.clock().nowUs());
        CHECK(copy->rng().seed() == h.engine.rng().seed());
        CHECK(copy->cfg().databases == h.engine.cfg().databases);
        const auto want = describeAll(h.engine);
        CHECK(want.size() == 12);
        const auto got = describeAll(*copy);
        for (const auto& [k, v] : want) {
            CAPTURE(k);
            CHECK(got.count(k) == 1);
            if (got.count(k)) CHECK(got.at(k) == v);
        }
        CHECK(want.at("0:n").find("(integer) 0") != std::string::npos);        // idle 0 s
        CHECK(want.at("0:bighash").find("(integer) 7") != std::string::npos);  // idle 7 s
        // Time goes on the same way in both.
        h.engine.advanceTime(3'000'000);
        copy->advanceTime(3'000'000);
        CHECK(describeAll(*copy) == describeAll(h.engine));
    }

    TEST_CASE("engine.copy.lfu_counters") {
        test::Harness h;
        h.run({"CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"});
        h.run({"SET", "hot", "v"});
        h.run({"SET", "cold", "v"});
        for (int i = 0; i < 300; ++i) h.run({"GET", "hot"});
        auto copy = copyEngine(h.engine);
        CHECK(copy->cfg().lfuPolicy());
        Reader a(h.engine), b(*copy);
        CHECK(a.cli({"OBJECT", "FREQ", "hot"}) != "(integer) 5");
        CHECK(b.cli({"OBJECT", "FREQ", "hot"}) == a.cli({"OBJECT", "FREQ", "hot"}));
        CHECK(b.cli({"OBJECT", "FREQ", "cold"}) == "(integer) 5\n");
    }

    TEST_CASE("engine.copy.writes_to_the_copy_leave_the_source_alone") {
        test::Harness h;
        fill(h);
        const auto before = describeAll(h.engine);
        const int64_t t0 = h.engine.clock().nowUs();
        auto copy = copyEngine(h.engine);
        Client& c = copy->createClient();
        for (std::vector<std::string> argv : {std::vector<std::string>{"SET", "s", "changed"},
                                              {"DEL", "biglist"},
                                              {"HSET", "h", "new", "field"},
                                              {"FLUSHDB"},
                                              {"SET", "brand", "new"},
                                              {"CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"}})
            copy->execute(c, argv);
        copy->advanceTime(200'000'000);  // the copy's TTLs run out, the source's do not
        CHECK(describeAll(h.engine) == before);
        CHECK(h.cli({"GET", "s"}) == "\"hello\"");
        CHECK(h.cli({"CONFIG", "GET", "maxmemory-policy"}) == "1) \"maxmemory-policy\"\n2) \"noeviction\"");
        CHECK(h.engine.clock().nowUs() == t0);
    }

    TEST_CASE("engine.copy.functions_scripts_and_users") {
        test::Harness h;
        h.run({"SET", "k", "v"});
        const std::string lib =
            "#!lua name=mylib\nredis.register_function('myget', function(keys) "
            "return redis.call('GET', keys[1]) end)";
        REQUIRE(h.cli({"FUNCTION", "LOAD", lib}) == "\"mylib\"");
        const std::string sha = h.run({"SCRIPT", "LOAD", "return 'from the cache'"}).str;
        REQUIRE(h.cli({"ACL", "SETUSER", "alice", "on", ">secret", "~k*", "+get", "+fcall", "+evalsha",
                       "(+set ~w*)"}) == "OK");
        REQUIRE(h.cli({"ACL", "SETUSER", "default", "resetpass", ">rootpw"}) == "OK");
        auto copy = copyEngine(h.engine);

        Client& c = copy->createClient();
        auto run = [&](std::vector<std::string> argv) {
            copy->execute(c, argv);
            const std::string out = c.takeOutput();
            size_t pos = 0;
            resp::Reply r;
            REQUIRE(resp::parseReply(out, pos, r) == resp::ParseStatus::Ok);
            return resp::formatTTY(r);
        };
        // The default user needs a password in the copy too.
        CHECK(run({"GET", "k"}) == "(error) NOAUTH Authentication required.\n");
        CHECK(run({"AUTH", "alice", "secret"}) == "OK\n");
        CHECK(run({"FCALL", "myget", "1", "k"}) == "\"v\"\n");
        CHECK(run({"EVALSHA", sha, "0"}) == "\"from the cache\"\n");
        CHECK(run({"SET", "k", "x"}).starts_with("(error) NOPERM"));
        CHECK(run({"SET", "w1", "x"}) == "OK\n");
        CHECK(run({"AUTH", "default", "rootpw"}) == "OK\n");
        CHECK(run({"ACL", "LIST"}) == h.cli({"ACL", "LIST"}) + "\n");
        CHECK(run({"FUNCTION", "LIST"}) == h.cli({"FUNCTION", "LIST"}) + "\n");
    }

    TEST_CASE("engine.copy.appendonly_source_copy_writes_no_file") {
        const fs::path dir = fs::temp_directory_path() / ("redsim-copy-test-" + std::to_string(getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
        auto listing = [&] {
            std::map<std::string, uintmax_t> files;
            for (const auto& f : fs::recursive_directory_iterator(dir))
                files[f.path().string()] = f.is_regular_file() ? f.file_size() : 0;
            return files;
        };
        {
            EngineOptions opts{.seed = 3, .virtual_clock = true};
            opts.config.values.dir = dir.string();
            opts.config.values.appendonly = true;
            opts.config.values.save_params = {{1, 1}};  // save after 1 change in 1 s
            Engine src(opts);
            std::string err;
            bool loaded = false;
            REQUIRE(src.aof().loadOnStart(&err, &loaded));
            REQUIRE(src.aof().openOnStart(&err));
            Client& c = src.createClient();
            src.execute(c, std::vector<std::string>{"SET", "k", "v"});
            src.aof().flush(true);
            const auto files = listing();
            CHECK(files.size() >= 3);  // appendonlydir, its base, incr and manifest

            auto copy = copyEngine(src);
            CHECK(copy->cfg().appendonly);
            CHECK(copy->aof().state() == Aof::State::Off);
            Client& cc = copy->createClient();
            for (int i = 0; i < 50; ++i) copy->execute(cc, std::vector<std::string>{"INCR", "counter"});
            copy->advanceTime(10'000'000);  // past the save point, many AOF crons
            CHECK(cc.takeOutput().find("-ERR") == std::string::npos);
            CHECK(listing() == files);
            src.aof().shutdown();
        }
        fs::remove_all(dir);
    }
}

}  // namespace redsim
