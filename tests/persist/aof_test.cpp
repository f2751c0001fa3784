// The multi-part AOF: the manifest, the write stream in RESP with SELECT, turning
// appendonly on (a rewrite creates the base), BGREWRITEAOF with and without the RDB
// preamble, loading it all back, and robustness: truncated and corrupt files are either
// loaded (a truncated tail dropped) or refused with a message, never a crash.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "engine/persist/aof.h"
#include "tests/engine/test_util.h"

namespace redsim {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void spit(const fs::path& p, std::string_view data) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() /
               ("redsim-aof-test-" + std::to_string(getpid()) + "-" + std::to_string(counter()++));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    static int& counter() {
        static int n = 0;
        return n;
    }
};

// Every key of every db with its type, value and expire time, in a canonical order.
std::string snapshot(test::Harness& h) {
    std::string out;
    for (int db = 0; db < h.engine.dbCount(); ++db) {
        if (h.engine.db(db).size() == 0) continue;
        h.run({"SELECT", std::to_string(db)});
        std::string keys = h.cli({"KEYS", "*"});
        std::vector<std::string> names;
        for (const auto& r : h.run({"KEYS", "*"}).elements) names.push_back(r.str);
        std::sort(names.begin(), names.end());
        for (const auto& k : names) {
            const std::string type = h.run({"TYPE", k}).str;
            std::string v;
            if (type == "string")
                v = h.cli({"GET", k});
            else if (type == "list")
                v = h.cli({"LRANGE", k, "0", "-1"});
            else if (type == "set") {
                std::vector<std::string> m;
                for (const auto& e : h.run({"SMEMBERS", k}).elements) m.push_back(e.str);
                std::sort(m.begin(), m.end());
                for (auto& s : m) v += s + ",";
            } else if (type == "zset")
                v = h.cli({"ZRANGE", k, "0", "-1", "WITHSCORES"});
            else if (type == "hash") {
                std::vector<std::string> m;
                auto r = h.run({"HGETALL", k});
                for (size_t i = 0; i + 1 < r.elements.size(); i += 2)
                    m.push_back(r.elements[i].str + "=" + r.elements[i + 1].str);
                std::sort(m.begin(), m.end());
                for (auto& s : m) v += s + ",";
            } else if (type == "stream") {
                v = h.cli({"XRANGE", k, "-", "+"}) + h.cli({"XINFO", "STREAM", k});
            }
            out += std::to_string(db) + " " + k + " " + type + " " + v + " exp=" + h.cli({"PEXPIRETIME", k}) + "\n";
        }
    }
    h.run({"SELECT", "0"});
    return out;
}

void workload(test::Harness& h) {
    h.run({"SET", "s", "hello"});
    h.run({"SET", "n", "42"});
    h.run({"INCR", "n"});
    h.run({"RPUSH", "l", "a", "b", "c", "1", "2"});
    h.run({"LPUSH", "l", "z"});
    h.run({"SADD", "si", "1", "2", "3"});
    h.run({"SADD", "ss", "x", "y"});
    h.run({"ZADD", "z", "1.5", "a", "2", "b", "-3.25", "c"});
    h.run({"HSET", "h", "f1", "v1", "f2", "v2"});
    h.run({"XADD", "x", "1-1", "f", "v"});
    h.run({"XADD", "x", "2-1", "f", "w", "g", "u"});
    h.run({"XGROUP", "CREATE", "x", "grp", "0"});
    h.run({"PEXPIREAT", "s", "99999999999999"});
    h.run({"SELECT", "3"});
    h.run({"SET", "other", "db3"});
    h.run({"MULTI"});
    h.run({"SET", "t1", "1"});
    h.run({"SET", "t2", "2"});
    h.run({"EXEC"});
    h.run({"SELECT", "0"});
    // A big list and hash, past the listpack limits (hashtable / several nodes).
    for (int i = 0; i < 300; ++i) h.run({"RPUSH", "biglist", "item" + std::to_string(i)});
    for (int i = 0; i < 600; ++i) h.run({"HSET", "bighash", "f" + std::to_string(i), std::to_string(i)});
    for (int i = 0; i < 200; ++i) h.run({"ZADD", "bigz", std::to_string(i) + ".5", "m" + std::to_string(i)});
}

// A fresh engine that loads `dir`'s AOF, as `redsim serve` does at start.
bool loadInto(test::Harness& h, const fs::path& dir, std::string* err) {
    h.engine.config().values.dir = dir.string();
    h.engine.config().values.appendonly = true;
    bool loaded = false;
    return h.engine.aof().loadOnStart(err, &loaded) && loaded;
}

}  // namespace

TEST_CASE("aof: manifest text and parsing") {
    AofManifest m;
    m.base = AofFileInfo{"appendonly.aof.1.base.rdb", 1, 'b'};
    m.history.push_back({"appendonly.aof.1.incr.aof", 1, 'h'});
    m.incr.push_back({"appendonly.aof.2.incr.aof", 2, 'i'});
    m.incr.push_back({"appendonly.aof.3.incr.aof", 3, 'i'});
    const std::string text = m.toString();
    CHECK(text ==
          "file appendonly.aof.1.base.rdb seq 1 type b\n"
          "file appendonly.aof.1.incr.aof seq 1 type h\n"
          "file appendonly.aof.2.incr.aof seq 2 type i\n"
          "file appendonly.aof.3.incr.aof seq 3 type i\n");
    AofManifest back;
    REQUIRE_FALSE(AofManifest::parse(text, &back));
    CHECK(back.toString() == text);
    CHECK(back.curr_base_seq == 1);
    CHECK(back.curr_incr_seq == 3);

    auto err = [](std::string_view t) {
        AofManifest x;
        auto e = AofManifest::parse(t, &x);
        return e ? *e : std::string("ok");
    };
    CHECK(err("") == "Found an empty AOF manifest");
    CHECK(err("# only a comment\n") == "ok");
    CHECK(err("file a seq 1 type b\nfile b seq 2 type b\n") == "Found duplicate base file information");
    CHECK(err("file a seq 2 type i\nfile b seq 1 type i\n") == "Found a non-monotonic sequence number");
    CHECK(err("file a seq 1 type x\n") == "Unknown AOF file type");
    CHECK(err("file a seq 1\n") == "Invalid AOF manifest file format");
    CHECK(err("\n") == "Invalid AOF manifest file format");
    CHECK(err("file a/b seq 1 type i\n") == "File can't be a path, just a filename");
    CHECK(err("file a seq 1 type i") == "The AOF manifest file contains too long line");
    CHECK(err("file \"a b\" seq 1 type i\n") == "ok");
    CHECK(err(std::string(2000, 'x') + "\n") == "The AOF manifest file contains too long line");
    // Quoted names survive a round trip.
    AofManifest q;
    q.incr.push_back({"odd name.aof", 1, 'i'});
    AofManifest q2;
    REQUIRE_FALSE(AofManifest::parse(q.toString(), &q2));
    CHECK(q2.incr.at(0).name == "odd name.aof");
}

TEST_CASE("aof: CONFIG SET appendonly yes creates base, incr and manifest; writes are RESP with SELECT") {
    TempDir tmp;
    test::Harness h;
    h.engine.config().values.dir = tmp.path.string();
    h.run({"SET", "before", "1"});
    CHECK(h.cli({"CONFIG", "SET", "appendonly", "yes"}) == "OK");
    CHECK(h.engine.aof().state() == Aof::State::WaitRewrite);
    CHECK(h.engine.aof().rewriteInProgress());
    CHECK(h.cli({"BGREWRITEAOF"}) == "(error) ERR Background append only file rewriting already in progress");
    h.run({"SET", "during", "2"});
    h.engine.advanceTime(200000);  // the virtual rewrite ends
    CHECK(h.engine.aof().state() == Aof::State::On);
    const fs::path dir = tmp.path / "appendonlydir";
    CHECK(slurp(dir / "appendonly.aof.manifest") ==
          "file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
    CHECK(slurp(dir / "appendonly.aof.1.base.rdb").substr(0, 9) == "REDIS0010");
    CHECK(slurp(dir / "appendonly.aof.1.incr.aof") ==
          "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$6\r\nduring\r\n$1\r\n2\r\n");
    h.run({"SELECT", "2"});
    h.run({"SET", "k", "v"});
    h.run({"SELECT", "0"});
    h.run({"GET", "k"});  // reads are not logged
    CHECK(slurp(dir / "appendonly.aof.1.incr.aof")
              .ends_with("*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"));
    const std::string info = h.cli({"INFO", "persistence"});
    CHECK(info.find("aof_enabled:1") != std::string::npos);
    CHECK(info.find("aof_rewrites:1") != std::string::npos);
    CHECK(info.find("aof_last_bgrewrite_status:ok") != std::string::npos);

    // BGREWRITEAOF: base 2, incr 2; the old files are deleted.
    CHECK(h.cli({"BGREWRITEAOF"}) == "Background append only file rewriting started");
    h.run({"SET", "after", "3"});
    h.engine.advanceTime(200000);
    CHECK(slurp(dir / "appendonly.aof.manifest") ==
          "file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n");
    CHECK_FALSE(fs::exists(dir / "appendonly.aof.1.base.rdb"));
    CHECK_FALSE(fs::exists(dir / "appendonly.aof.1.incr.aof"));
    // The new incr file starts with a SELECT.
    CHECK(slurp(dir / "appendonly.aof.2.incr.aof").starts_with("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n"));

    test::Harness back(2);
    std::string err;
    REQUIRE_MESSAGE(loadInto(back, tmp.path, &err), err);
    CHECK(snapshot(back) == snapshot(h));

    CHECK(h.cli({"CONFIG", "SET", "appendonly", "no"}) == "OK");
    CHECK(h.engine.aof().state() == Aof::State::Off);
    CHECK(h.cli({"CONFIG", "GET", "appendfsync"}) == "1) \"appendfsync\"\n2) \"everysec\"");
    CHECK(h.cli({"CONFIG", "SET", "appendfilename", "x"}) ==
          "(error) ERR CONFIG SET failed (possibly related to argument 'appendfilename') - can't set immutable config");
    CHECK(h.cli({"CONFIG", "SET", "appendfsync", "bad"}) ==
          "(error) ERR CONFIG SET failed (possibly related to argument 'appendfsync') - argument(s) must be one of "
          "the following: everysec, always, no");
}

TEST_CASE("aof: every type survives a rewrite and a reload, with and without the RDB preamble") {
    for (const bool preamble : {true, false}) {
        CAPTURE(preamble);
        TempDir tmp;
        test::Harness h;
        h.engine.config().values.dir = tmp.path.string();
        h.engine.config().values.aof_use_rdb_preamble = preamble;
        h.engine.config().values.appendfsync = 1;  // always
        REQUIRE(h.cli({"CONFIG", "SET", "appendonly", "yes"}) == "OK");
        h.engine.advanceTime(200000);
        workload(h);
        // Loaded from base + incr.
        {
            test::Harness back(7);
            std::string err;
            REQUIRE_MESSAGE(loadInto(back, tmp.path, &err), err);
            CHECK(snapshot(back) == snapshot(h));
        }
        // Rewritten: everything is in the base now.
        CHECK(h.cli({"BGREWRITEAOF"}) == "Background append only file rewriting started");
        h.engine.advanceTime(200000);
        const std::string ext = preamble ? ".rdb" : ".aof";
        const fs::path base = tmp.path / "appendonlydir" / ("appendonly.aof.2.base" + ext);
        REQUIRE(fs::exists(base));
        if (!preamble) CHECK(slurp(base).find("HMSET") != std::string::npos);
        h.run({"DEL", "n"});
        test::Harness back(9);
        std::string err;
        REQUIRE_MESSAGE(loadInto(back, tmp.path, &err), err);
        CHECK(snapshot(back) == snapshot(h));
    }
}

TEST_CASE("aof: truncated last command is dropped (aof-load-truncated yes) or refused (no)") {
    TempDir tmp;
    test::Harness h;
    h.engine.config().values.dir = tmp.path.string();
    REQUIRE(h.cli({"CONFIG", "SET", "appendonly", "yes"}) == "OK");
    h.engine.advanceTime(200000);
    h.run({"SET", "a", "1"});
    h.run({"SET", "b", "2"});
    const fs::path incr = tmp.path / "appendonlydir" / "appendonly.aof.1.incr.aof";
    const std::string full = slurp(incr);
    spit(incr, full.substr(0, full.size() - 5));
    {
        test::Harness back(3);
        back.engine.config().values.aof_load_truncated = false;
        std::string err;
        CHECK_FALSE(loadInto(back, tmp.path, &err));
        CHECK(err.find("Unexpected end of file reading the append only file appendonly.aof.1.incr.aof") !=
              std::string::npos);
    }
    {
        test::Harness back(3);
        std::string err;
        REQUIRE_MESSAGE(loadInto(back, tmp.path, &err), err);
        CHECK(back.cli({"GET", "a"}) == "\"1\"");
        CHECK(back.cli({"EXISTS", "b"}) == "(integer) 0");
        // The file was cut at the end of the last complete command.
        CHECK(slurp(incr) == full.substr(0, full.find("*3\r\n$3\r\nSET\r\n$1\r\nb")));
    }
    // A corrupt byte: refused with the file and offset.
    std::string bad = full;
    bad[bad.find("$1\r\na")] = '%';
    spit(incr, bad);
    test::Harness back(4);
    std::string err;
    CHECK_FALSE(loadInto(back, tmp.path, &err));
    CHECK(err.find("Bad file format reading the append only file appendonly.aof.1.incr.aof at offset") !=
          std::string::npos);
    // An unknown command.
    spit(incr, "*1\r\n$7\r\nNOTACMD\r\n");
    test::Harness back2(4);
    CHECK_FALSE(loadInto(back2, tmp.path, &err));
    CHECK(err.find("Unknown command 'NOTACMD' reading the append only file") != std::string::npos);
    // MULTI without EXEC at the end: the transaction is reverted.
    spit(incr,
         "*3\r\n$3\r\nSET\r\n$1\r\nq\r\n$1\r\n1\r\n*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nr\r\n$1\r\n1\r\n");
    test::Harness back3(4);
    REQUIRE_MESSAGE(loadInto(back3, tmp.path, &err), err);
    CHECK(back3.cli({"EXISTS", "q", "r"}) == "(integer) 1");
}

TEST_CASE("aof: fuzzed truncations and bit flips never crash the loader") {
    test::Harness src;
    workload(src);
    std::string stream;
    // The whole data set as commands (the non-preamble base) plus some writes.
    stream = Aof::rewriteAsCommands(src.engine);
    appendRespCommand(stream, std::vector<std::string>{"MULTI"});
    appendRespCommand(stream, std::vector<std::string>{"INCR", "n"});
    appendRespCommand(stream, std::vector<std::string>{"EXEC"});
    std::mt19937 rng(12345);
    int loaded = 0, refused = 0;
    for (int i = 0; i < 400; ++i) {
        std::string bytes = stream;
        if (i % 2 == 0) {
            bytes.resize(rng() % bytes.size());
        } else {
            for (int k = 0; k < 1 + static_cast<int>(rng() % 3); ++k)
                bytes[rng() % bytes.size()] ^= static_cast<char>(1 << (rng() % 8));
        }
        test::Harness h(5);
        Client& fake = h.engine.createClient();
        const AofLoadOutcome r = aofLoadCommands(h.engine, fake, bytes, "fuzz.aof", true, i % 4 < 2);
        if (r.status == AofLoadOutcome::Failed) {
            CHECK(r.error.find("fuzz.aof") != std::string::npos);
            ++refused;
        } else {
            ++loaded;
        }
        // The engine still answers.
        CHECK(h.cli({"PING"}) == "PONG");
    }
    CHECK(loaded > 0);
    CHECK(refused > 0);
    // A truncated RDB base is refused, never loaded halfway.
    TempDir tmp;
    test::Harness h;
    h.engine.config().values.dir = tmp.path.string();
    workload(h);
    REQUIRE(h.cli({"CONFIG", "SET", "appendonly", "yes"}) == "OK");
    h.engine.advanceTime(200000);
    const fs::path base = tmp.path / "appendonlydir" / "appendonly.aof.1.base.rdb";
    const std::string rdb = slurp(base);
    for (int i = 0; i < 50; ++i) {
        std::string cut = rdb.substr(0, rng() % rdb.size());
        if (i % 2) cut = rdb, cut[rng() % cut.size()] ^= 0x10;
        spit(base, cut);
        test::Harness back(6);
        std::string err;
        const bool ok = loadInto(back, tmp.path, &err);
        if (!ok) CHECK(err.find("appendonly.aof.1.base.rdb") != std::string::npos);
    }
}

TEST_CASE("aof: BGREWRITEAOF with appendonly no leaves a base and a manifest") {
    TempDir tmp;
    test::Harness h;
    h.engine.config().values.dir = tmp.path.string();
    h.run({"SET", "k", "v"});
    CHECK(h.cli({"BGREWRITEAOF"}) == "Background append only file rewriting started");
    h.engine.advanceTime(200000);
    CHECK(slurp(tmp.path / "appendonlydir" / "appendonly.aof.manifest") ==
          "file appendonly.aof.1.base.rdb seq 1 type b\n");
    CHECK(h.cli({"MULTI"}) == "OK");
    CHECK(h.cli({"BGREWRITEAOF"}) == "QUEUED");
    CHECK(h.cli({"EXEC"}) == "1) Background append only file rewriting scheduled");
    h.engine.advanceTime(500000);
    CHECK(slurp(tmp.path / "appendonlydir" / "appendonly.aof.manifest") ==
          "file appendonly.aof.2.base.rdb seq 2 type b\n");
}

TEST_CASE("aof: one fork child at a time with BGSAVE") {
    TempDir tmp;
    test::Harness h;
    h.engine.config().values.dir = tmp.path.string();
    h.run({"SET", "k", "v"});
    CHECK(h.cli({"BGSAVE"}) == "Background saving started");
    // A rewrite asked for while BGSAVE's child runs waits for it.
    CHECK(h.cli({"BGREWRITEAOF"}) == "Background append only file rewriting scheduled");
    CHECK(h.cli({"INFO", "persistence"}).find("aof_rewrite_scheduled:1") != std::string::npos);
    h.engine.advanceTime(500000);
    CHECK(h.cli({"INFO", "persistence"}).find("aof_rewrite_scheduled:0") != std::string::npos);
    CHECK(fs::exists(tmp.path / "appendonlydir" / "appendonly.aof.1.base.rdb"));
    // And BGSAVE waits for a running rewrite.
    CHECK(h.cli({"BGREWRITEAOF"}) == "Background append only file rewriting started");
    CHECK(h.cli({"BGSAVE"}).starts_with("(error) ERR Another child process is active (AOF?)"));
    CHECK(h.cli({"BGSAVE", "SCHEDULE"}) == "Background saving scheduled");
    h.engine.advanceTime(500000);
    CHECK(h.cli({"INFO", "persistence"}).find("aof_rewrites:2") != std::string::npos);
}

TEST_CASE("aof: events carry the bytes written and the incr file's fsynced size (the GUI)") {
    TempDir tmp;
    test::Harness h;
    h.engine.config().values.dir = tmp.path.string();
    std::vector<AofEvent> events;
    h.engine.aof().onEvent([&events](const AofEvent& e) { events.push_back(e); });
    CHECK(h.cli({"CONFIG", "SET", "appendonly", "yes"}) == "OK");
    h.engine.advanceTime(1'200'000);  // the virtual rewrite ends; a second passes
    CHECK(h.cli({"CONFIG", "SET", "appendfsync", "always"}) == "OK");
    events.clear();
    h.run({"SET", "k", "v"});
    REQUIRE(events.size() == 2);
    CHECK(events[0].kind == AofEvent::Write);
    CHECK(events[0].text == "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n");
    CHECK(events[0].bytes == static_cast<long long>(events[0].text.size()));
    CHECK(events[0].file == "appendonly.aof.1.incr.aof");
    CHECK(events[1].kind == AofEvent::Fsync);
    CHECK(events[1].file_size == events[0].file_size);
    Aof::SyncedTail t = h.engine.aof().syncedTail();
    CHECK(t.file == "appendonly.aof.1.incr.aof");
    CHECK(t.synced == t.size);
    CHECK(t.size == static_cast<long long>(fs::file_size(tmp.path / "appendonlydir" / t.file)));
    // With appendfsync no nothing more is fsynced: the written tail is not safe yet.
    CHECK(h.cli({"CONFIG", "SET", "appendfsync", "no"}) == "OK");
    h.run({"SET", "k", std::string(5000, 'x')});
    CHECK(events.back().kind == AofEvent::Write);
    CHECK(events.back().text.size() == kAofEventTextCap);  // capped
    CHECK(events.back().bytes > static_cast<long long>(kAofEventTextCap));
    t = h.engine.aof().syncedTail();
    CHECK(t.size - t.synced == events.back().bytes);
}

}  // namespace redsim
