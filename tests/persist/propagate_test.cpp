// The write stream (engine/propagate.h): what the AOF and the replicas receive for each
// write command, compared with what Redis 7.0.15 writes into its AOF.
//
// Every expectation here was read from a real redis-server 7.0.15 with
// `appendonly yes, appendfsync always` through tests/persist/aof_oracle.py, which prints
// the ops appended to the incremental AOF as `db<N>: ARGV...` (SELECTs folded into the db
// number) with times near "now" shown as NOW+<ms>. The comment above each case gives the
// oracle run. The oracle paces its commands ~80 ms apart, so its relative deadlines show
// a few ms more than the exact ones below (redsim's clock is virtual and stands still).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/engine/test_util.h"

namespace redsim {
namespace {

// An engine with a sink that formats each op as the oracle prints it.
struct Prop {
    test::Harness h;
    std::vector<std::string> ops;
    int64_t t0;

    Prop() {
        h.engine.propagator().addSink([this](std::span<const PropagatedOp> batch) {
            for (const auto& op : batch) {
                std::string line = "db" + std::to_string(op.db) + ":";
                for (const auto& a : op.argv) line += " " + norm(a);
                ops.push_back(line);
            }
        });
        h.run({"DEBUG", "SET-ACTIVE-EXPIRE", "0"});
        t0 = h.engine.nowMs();
    }
    // Numbers within a year of the start print as NOW+<delta> (ms) or NOWs+<delta> (s).
    std::string norm(const std::string& a) const {
        // A stream id whose ms part is near now: NOW+<delta>-<seq>.
        if (const size_t dash = a.find('-'); dash != std::string::npos && dash > 0 && dash + 1 < a.size()) {
            const std::string ms = norm(a.substr(0, dash));
            if (ms.starts_with("NOW+")) return ms + a.substr(dash);
            return a;
        }
        if (a.empty() || a.size() > 19 || a.find_first_not_of("-0123456789") != std::string::npos) return a;
        const long long v = std::stoll(a);
        constexpr long long kYearMs = 400LL * 86400 * 1000;
        if (std::llabs(v - t0) < kYearMs) return "NOW" + std::string(v >= t0 ? "+" : "") + std::to_string(v - t0);
        if (std::llabs(v - t0 / 1000) < kYearMs / 1000)
            return "NOWs" + std::string(v >= t0 / 1000 ? "+" : "") + std::to_string(v - t0 / 1000);
        return a;
    }
    Prop& run(std::initializer_list<std::string> argv) {
        h.run(argv);
        return *this;
    }
    Prop& on(Client& c, std::vector<std::string> argv) {
        h.engine.execute(c, argv);
        c.takeOutput();
        return *this;
    }
    void sleepMs(int64_t ms) { h.engine.advanceTime(ms * 1000); }
    std::vector<std::string> take() {
        std::string all;
        for (const auto& l : ops) all += "\n    " + l;
        last = all;
        return std::exchange(ops, {});
    }
    std::string last;  // what the last take() returned, for failure messages
};

using V = std::vector<std::string>;

// CHECKs a case's stream and, when it differs, prints what redsim wrote.
#define CHECK_STREAM(p, ...)               \
    do {                                   \
        const auto got_ = (p).take();      \
        INFO("redsim wrote:" << (p).last); \
        CHECK(got_ == V __VA_ARGS__);      \
    } while (0)

}  // namespace

// aof_oracle.py 'SET k v EX 10' 'SET k2 v PX 100000 GET' 'SET k3 v EXAT 1900000000'
//   'SET k v KEEPTTL' 'SET k v XX EX 5' 'SET k4 v NX PX 5000' 'SET k v' 'SETEX a 10 v'
//   'PSETEX b 1000 v' 'SET k v EX 10 NX'
// aof_oracle.py 'SET k v KEEPTTL GET' 'SET k v2 NX' 'SET k v3 XX GET'
//   'SET k v3 PXAT 1800000000000 XX GET' 'SET k v PX 10000 KEEPTTL' 'SET k v EX -1' 'SETNX k v'
TEST_CASE("propagate: SET with an expire is written SET k v PXAT <ms>; GET is dropped") {
    Prop p;
    p.run({"SET", "k", "v", "EX", "10"})
        .run({"SET", "k2", "v", "PX", "100000", "GET"})
        .run({"SET", "k3", "v", "EXAT", "1900000000"})
        .run({"SET", "k", "v", "KEEPTTL"})
        .run({"SET", "k", "v", "XX", "EX", "5"})
        .run({"SET", "k4", "v", "NX", "PX", "5000"})
        .run({"SET", "k", "v"})
        .run({"SETEX", "a", "10", "v"})
        .run({"PSETEX", "b", "1000", "v"})
        .run({"SET", "k", "v", "EX", "10", "NX"});
    CHECK_STREAM(p, {"db0: SET k v PXAT NOW+10000", "db0: SET k2 v PXAT NOW+100000", "db0: SET k3 v PXAT 1900000000000",
                     "db0: SET k v KEEPTTL", "db0: SET k v PXAT NOW+5000", "db0: SET k4 v PXAT NOW+5000",
                     "db0: SET k v", "db0: SET a v PXAT NOW+10000", "db0: SET b v PXAT NOW+1000"});
    p.run({"SET", "k", "v", "KEEPTTL", "GET"})
        .run({"SET", "k", "v2", "NX"})
        .run({"SET", "k", "v3", "XX", "get"})
        .run({"SET", "k", "v3", "PXAT", "1900000000000", "XX", "GET"})
        .run({"SET", "k", "v", "PX", "10000", "KEEPTTL"})
        .run({"SET", "k", "v", "EX", "-1"})
        .run({"SETNX", "k", "v"})
        .run({"SETNX", "new", "v"});
    CHECK(p.take() ==
          V{"db0: SET k v KEEPTTL", "db0: SET k v3 XX", "db0: SET k v3 PXAT 1900000000000", "db0: SETNX new v"});
}

// aof_oracle.py 'SET k v' 'GETEX k EX 100' 'GETEX k PX 100000' 'GETEX k EXAT 1900000000'
//   'GETEX k PXAT 1900000000000' 'GETEX k PERSIST' 'GETEX k PERSIST' 'GETEX k'
//   'GETEX k EXAT 1000' 'SET k v' 'GETDEL k' 'GETDEL k'
// with lazyfree-lazy-expire yes: 'GETEX k PXAT 1' -> UNLINK k; GETDEL stays DEL.
// with lazyfree-lazy-user-del yes: GETDEL -> UNLINK k.
TEST_CASE("propagate: GETEX as PEXPIREAT / PERSIST / DEL, GETDEL as DEL") {
    Prop p;
    p.run({"SET", "k", "v"})
        .run({"GETEX", "k", "EX", "100"})
        .run({"GETEX", "k", "PX", "100000"})
        .run({"GETEX", "k", "EXAT", "1900000000"})
        .run({"GETEX", "k", "PXAT", "1900000000000"})
        .run({"GETEX", "k", "PERSIST"})
        .run({"GETEX", "k", "PERSIST"})
        .run({"GETEX", "k"})
        .run({"GETEX", "k", "EXAT", "1000"})
        .run({"SET", "k", "v"})
        .run({"GETDEL", "k"})
        .run({"GETDEL", "k"});
    CHECK_STREAM(p, {"db0: SET k v", "db0: PEXPIREAT k NOW+100000", "db0: PEXPIREAT k NOW+100000",
                     "db0: PEXPIREAT k 1900000000000", "db0: PEXPIREAT k 1900000000000", "db0: PERSIST k", "db0: DEL k",
                     "db0: SET k v", "db0: DEL k"});
    p.run({"CONFIG", "SET", "lazyfree-lazy-expire", "yes"})
        .run({"SET", "k", "v"})
        .run({"GETEX", "k", "PXAT", "1"})
        .run({"SET", "k", "v"})
        .run({"GETDEL", "k"})
        .run({"CONFIG", "SET", "lazyfree-lazy-expire", "no"})
        .run({"CONFIG", "SET", "lazyfree-lazy-user-del", "yes"})
        .run({"SET", "k", "v"})
        .run({"GETDEL", "k"})
        .run({"SET", "k", "v"})
        .run({"DEL", "k"});
    CHECK_STREAM(p, {"db0: SET k v", "db0: UNLINK k", "db0: SET k v", "db0: DEL k", "db0: SET k v", "db0: UNLINK k",
                     "db0: SET k v", "db0: DEL k"});
}

// aof_oracle.py 'SET k v' 'EXPIRE k 100' 'PEXPIRE k 100000 GT' 'EXPIRE k 10 NX'
//   'EXPIREAT k 1900000000 XX' 'PEXPIREAT k 1900000000000' 'EXPIRE k 5 LT' 'PERSIST k'
//   'PERSIST k' 'EXPIRE k -5' 'SET k v' 'EXPIREAT k 100' 'SET k v' 'PEXPIRE k 0' 'EXPIRE nokey 10'
// with lazyfree-lazy-expire yes: 'EXPIRE k -1' -> UNLINK k.
TEST_CASE("propagate: every expire is PEXPIREAT with its options; one in the past is DEL") {
    Prop p;
    p.run({"SET", "k", "v"})
        .run({"EXPIRE", "k", "100"})
        .run({"PEXPIRE", "k", "100000", "GT"})
        .run({"EXPIRE", "k", "10", "NX"})
        .run({"EXPIREAT", "k", "1900000000", "XX"})
        .run({"PEXPIREAT", "k", "1900000000000"})
        .run({"EXPIRE", "k", "5", "LT"})
        .run({"PERSIST", "k"})
        .run({"PERSIST", "k"})
        .run({"EXPIRE", "k", "-5"})
        .run({"SET", "k", "v"})
        .run({"EXPIREAT", "k", "100"})
        .run({"SET", "k", "v"})
        .run({"PEXPIRE", "k", "0"})
        .run({"EXPIRE", "nokey", "10"});
    // PEXPIRE k 100000 GT over a deadline of exactly NOW+100000 is refused here: the
    // virtual clock did not move (the oracle's had moved 80 ms, so its GT passed).
    CHECK_STREAM(p, {"db0: SET k v", "db0: PEXPIREAT k NOW+100000", "db0: PEXPIREAT k 1900000000000 XX",
                     "db0: PEXPIREAT k 1900000000000", "db0: PEXPIREAT k NOW+5000 LT", "db0: PERSIST k", "db0: DEL k",
                     "db0: SET k v", "db0: DEL k", "db0: SET k v", "db0: DEL k"});
    p.run({"CONFIG", "SET", "lazyfree-lazy-expire", "yes"}).run({"SET", "k", "v"}).run({"EXPIRE", "k", "-1"});
    CHECK_STREAM(p, {"db0: SET k v", "db0: UNLINK k"});
}

// aof_oracle.py 'SET j 1.5' 'INCRBYFLOAT j 1' 'INCRBYFLOAT j 1e1' 'PEXPIRE j 100000'
//   'INCRBYFLOAT j 0.1' 'HINCRBYFLOAT h f 1.5' 'HINCRBYFLOAT h f 1e2' 'INCR c' 'INCRBY c 5'
TEST_CASE("propagate: INCRBYFLOAT as SET KEEPTTL, HINCRBYFLOAT as HSET") {
    Prop p;
    p.run({"SET", "j", "1.5"})
        .run({"INCRBYFLOAT", "j", "1"})
        .run({"INCRBYFLOAT", "j", "1e1"})
        .run({"PEXPIRE", "j", "100000"})
        .run({"INCRBYFLOAT", "j", "0.1"})
        .run({"HINCRBYFLOAT", "h", "f", "1.5"})
        .run({"HINCRBYFLOAT", "h", "f", "1e2"})
        .run({"INCR", "c"})
        .run({"INCRBY", "c", "5"});
    CHECK_STREAM(
        p, {"db0: SET j 1.5", "db0: SET j 2.5 KEEPTTL", "db0: SET j 12.5 KEEPTTL", "db0: PEXPIREAT j NOW+100000",
            "db0: SET j 12.6 KEEPTTL", "db0: HSET h f 1.5", "db0: HSET h f 101.5", "db0: INCR c", "db0: INCRBY c 5"});
}

// aof_oracle.py 'SADD s a' 'SPOP s'                       -> SREM s a
// aof_oracle.py 'SADD s a b c d e' 'SPOP s' 'SPOP s 2' 'SRANDMEMBER s 2' 'SPOP s 5' 'SPOP s'
//   'SADD s a b c' 'SPOP s 3' 'SADD s a b c' 'SPOP s 0' 'SPOP nokey 3'
//   -> SREM s <m>; MULTI SREM s <m> SREM s <m> EXEC; DEL s; SADD; DEL s; SADD
// aof_oracle.py 'SADD t 1 2 3 4 5 6 7 8 9 10' 'SPOP t 9' -> MULTI, SREM t <m> for each of
//   the nine popped in set order, EXEC (case 3: the one kept is moved to a new set).
// The members are random, so the test checks the shape and that they are the popped ones.
TEST_CASE("propagate: SPOP as SREM of the members drawn, the whole set as DEL") {
    Prop p;
    p.run({"SADD", "s", "a"}).run({"SPOP", "s"});
    CHECK_STREAM(p, {"db0: SADD s a", "db0: SREM s a"});

    p.run({"SADD", "s", "a", "b", "c", "d", "e"});
    auto r = p.h.run({"SPOP", "s"});
    CHECK_STREAM(p, {"db0: SADD s a b c d e", "db0: SREM s " + r.str});
    r = p.h.run({"SPOP", "s", "2"});
    REQUIRE(r.elements.size() == 2);
    CHECK(p.take() ==
          V{"db0: MULTI", "db0: SREM s " + r.elements[0].str, "db0: SREM s " + r.elements[1].str, "db0: EXEC"});
    p.run({"SRANDMEMBER", "s", "2"}).run({"SPOP", "s", "5"}).run({"SPOP", "s"});
    p.run({"SADD", "s", "a"}).run({"SPOP", "s", "0"}).run({"SPOP", "nokey", "3"});
    CHECK_STREAM(p, {"db0: DEL s", "db0: SADD s a"});

    p.run({"SADD", "t", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"});
    p.take();
    r = p.h.run({"SPOP", "t", "9"});
    REQUIRE(r.elements.size() == 9);
    V want{"db0: MULTI"};
    for (const auto& e : r.elements) want.push_back("db0: SREM t " + e.str);
    want.push_back("db0: EXEC");
    CHECK(p.take() == want);
}

// aof_oracle.py 'RPUSH l a b c d e f g' 'BLPOP l 0' 'BRPOP l 0' 'BLMOVE l m LEFT RIGHT 0'
//   'BRPOPLPUSH l m 0' 'BLMPOP 0 1 l LEFT COUNT 2' 'LMPOP 1 l RIGHT' 'LMPOP 2 x l LEFT COUNT 5'
// aof_oracle.py 'RPUSH l a b c' 'BLMOVE l m left Right 0' 'LMOVE l m left right'
//   'RPUSH l x' 'LMPOP 1 l left COUNT 9' 'RPUSH l a' 'lmpop 1 l left' 'LPOP l 5' 'LPOP l 0'
TEST_CASE("propagate: blocking list pops that find data are written as the plain pop") {
    Prop p;
    p.run({"RPUSH", "l", "a", "b", "c", "d", "e", "f", "g"})
        .run({"BLPOP", "l", "0"})
        .run({"BRPOP", "l", "0"})
        .run({"BLMOVE", "l", "m", "LEFT", "RIGHT", "0"})
        .run({"BRPOPLPUSH", "l", "m", "0"})
        .run({"BLMPOP", "0", "1", "l", "LEFT", "COUNT", "2"})
        .run({"LMPOP", "1", "l", "RIGHT"})
        .run({"LMPOP", "2", "x", "l", "LEFT", "COUNT", "5"});
    CHECK_STREAM(p, {"db0: RPUSH l a b c d e f g", "db0: LPOP l", "db0: RPOP l", "db0: LMOVE l m LEFT RIGHT",
                     "db0: RPOPLPUSH l m", "db0: LPOP l 2", "db0: RPOP l 1"});
    p.run({"RPUSH", "l", "a", "b", "c"})
        .run({"BLMOVE", "l", "m", "left", "Right", "0"})
        .run({"LMOVE", "l", "m", "left", "right"})
        .run({"LMPOP", "1", "l", "left", "COUNT", "9"})
        .run({"RPUSH", "l", "a", "b"})
        .run({"LPOP", "l", "5"})
        .run({"RPUSH", "l", "a"})
        .run({"LPOP", "l", "0"})
        .run({"SET", "str", "x"})
        .run({"BLMOVE", "l", "str", "LEFT", "LEFT", "0"});  // WRONGTYPE: nothing moved
    CHECK_STREAM(p, {"db0: RPUSH l a b c", "db0: LMOVE l m left Right", "db0: LMOVE l m left right", "db0: LPOP l 1",
                     "db0: RPUSH l a b", "db0: LPOP l 5", "db0: RPUSH l a", "db0: SET str x"});
}

// aof_oracle.py 'b> BRPOP l 0' 'a> RPUSH l x y' 'b> BLMOVE l2 m LEFT RIGHT 0' 'a> RPUSH l2 z w'
//   'b> BRPOPLPUSH l3 m 0' 'a> RPUSH l3 q' 'b> BLMPOP 0 1 l4 RIGHT COUNT 3' 'a> RPUSH l4 1 2'
//   'b> BLMPOP 0 2 l5 l6 LEFT COUNT 3' 'a> RPUSH l6 1 2 3 4' 'b> BLPOP l7 0' 'c> BLPOP l7 0'
//   'a> RPUSH l7 1 2 3' 'a> MULTI' 'b> BLPOP l8 0' 'a> RPUSH l8 1' 'a> RPUSH l8 2' 'a> EXEC'
TEST_CASE("propagate: a served blocking pop is written after the push, one flush per client") {
    Prop p;
    Client& a = p.h.client;
    Client& b = p.h.engine.createClient();
    Client& c = p.h.engine.createClient();
    p.on(b, {"BRPOP", "l", "0"}).on(a, {"RPUSH", "l", "x", "y"});
    p.on(b, {"BLMOVE", "l2", "m", "LEFT", "RIGHT", "0"}).on(a, {"RPUSH", "l2", "z", "w"});
    p.on(b, {"BRPOPLPUSH", "l3", "m", "0"}).on(a, {"RPUSH", "l3", "q"});
    p.on(b, {"BLMPOP", "0", "1", "l4", "RIGHT", "COUNT", "3"}).on(a, {"RPUSH", "l4", "1", "2"});
    p.on(b, {"BLMPOP", "0", "2", "l5", "l6", "LEFT", "COUNT", "3"}).on(a, {"RPUSH", "l6", "1", "2", "3", "4"});
    p.on(b, {"BLPOP", "l7", "0"}).on(c, {"BLPOP", "l7", "0"}).on(a, {"RPUSH", "l7", "1", "2", "3"});
    p.on(a, {"MULTI"}).on(b, {"BLPOP", "l8", "0"}).on(a, {"RPUSH", "l8", "1"}).on(a, {"RPUSH", "l8", "2"});
    p.on(a, {"EXEC"});
    // One batch per flush: the sink sees the two LPOP l7 separately (no MULTI around them).
    CHECK_STREAM(p, {"db0: RPUSH l x y", "db0: RPOP l", "db0: RPUSH l2 z w", "db0: LMOVE l2 m left right",
                     "db0: RPUSH l3 q", "db0: RPOPLPUSH l3 m", "db0: RPUSH l4 1 2", "db0: RPOP l4 2",
                     "db0: RPUSH l6 1 2 3 4", "db0: LPOP l6 3", "db0: RPUSH l7 1 2 3", "db0: LPOP l7", "db0: LPOP l7",
                     "db0: MULTI", "db0: RPUSH l8 1", "db0: RPUSH l8 2", "db0: EXEC", "db0: LPOP l8"});
}

// aof_oracle.py 'ZADD z 1 a 2 b 3 c 4 d' 'BZPOPMIN z 0' 'BZPOPMAX z 0' 'ZMPOP 1 z MIN'
//   'BZMPOP 0 1 z MAX COUNT 5' 'b> BZPOPMIN y 0' 'a> ZADD y 1 a 2 b'
//   'b> BZMPOP 0 1 y2 MAX COUNT 2' 'a> ZADD y2 1 a 2 b 3 c' 'ZPOPMIN y2' 'ZPOPMAX y2 3'
// aof_oracle.py 'ZADD z 1 a 2 b 3 c' 'ZPOPMIN z 10' 'ZMPOP 1 z MAX COUNT 10' (-> ZPOPMAX z 3)
TEST_CASE("propagate: blocking zset pops and ZMPOP as ZPOPMIN/ZPOPMAX") {
    Prop p;
    Client& b = p.h.engine.createClient();
    p.run({"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"})
        .run({"BZPOPMIN", "z", "0"})
        .run({"BZPOPMAX", "z", "0"})
        .run({"ZMPOP", "1", "z", "MIN"})
        .run({"BZMPOP", "0", "1", "z", "MAX", "COUNT", "5"});
    p.on(b, {"BZPOPMIN", "y", "0"}).run({"ZADD", "y", "1", "a", "2", "b"});
    p.on(b, {"BZMPOP", "0", "1", "y2", "MAX", "COUNT", "2"}).run({"ZADD", "y2", "1", "a", "2", "b", "3", "c"});
    p.run({"ZPOPMIN", "y2"}).run({"ZPOPMAX", "y2", "3"});
    CHECK_STREAM(p, {"db0: ZADD z 1 a 2 b 3 c 4 d", "db0: ZPOPMIN z", "db0: ZPOPMAX z", "db0: ZPOPMIN z 1",
                     "db0: ZPOPMAX z 1", "db0: ZADD y 1 a 2 b", "db0: ZPOPMIN y", "db0: ZADD y2 1 a 2 b 3 c",
                     "db0: ZPOPMAX y2 2", "db0: ZPOPMIN y2"});
    p.run({"ZADD", "z", "1", "a", "2", "b", "3", "c"}).run({"ZPOPMIN", "z", "10"});
    p.run({"ZADD", "z", "1", "a", "2", "b", "3", "c"}).run({"ZMPOP", "1", "z", "MAX", "COUNT", "10"});
    CHECK_STREAM(p, {"db0: ZADD z 1 a 2 b 3 c", "db0: ZPOPMIN z 10", "db0: ZADD z 1 a 2 b 3 c", "db0: ZPOPMAX z 3"});
}

// aof_oracle.py 'SET a 1 PX 1' ... 'LPUSH l 1' 'PEXPIRE l 1' 'SELECT 3' 'SET z 1 PX 1'
//   '#sleep 30' 'EXISTS z' 'SELECT 0' 'EXISTS a' 'TTL b' 'MULTI' 'GET c' 'SET d 2' 'EXEC'
//   'EVAL "redis.call(\"get\",\"e\")" 0' 'LPUSH l 2' 'SCAN 0' 'DBSIZE'
// aof_oracle.py 'SET p v PX 1' '#sleep 20' 'SET p v EXAT 1000' 'GET p'
//   -> MULTI DEL p SET p v PXAT 1000000 EXEC, then DEL p
// aof_oracle.py --active-expire 'MSET a 1 b 1 c 1 d 1' 'PEXPIRE a 1' ... '#sleep 300'
//   -> four DELs, each on its own (no MULTI)
TEST_CASE("propagate: expired keys are DEL (UNLINK with lazyfree-lazy-expire), lazily and in the cron") {
    Prop p;
    for (const char* k : {"a", "b", "c", "d", "e", "f"}) p.run({"SET", k, "1", "PX", "1"});
    p.run({"LPUSH", "l", "1"}).run({"PEXPIRE", "l", "1"}).run({"SELECT", "3"}).run({"SET", "z", "1", "PX", "1"});
    p.take();
    p.sleepMs(30);
    p.run({"EXISTS", "z"}).run({"SELECT", "0"}).run({"EXISTS", "a"}).run({"TTL", "b"});
    p.run({"MULTI"}).run({"GET", "c"}).run({"SET", "d", "2"}).run({"EXEC"});
    p.run({"EVAL", "redis.call('get','e')", "0"}).run({"LPUSH", "l", "2"}).run({"SCAN", "0"}).run({"DBSIZE"});
    CHECK_STREAM(p,
                 {"db3: DEL z", "db0: DEL a", "db0: DEL b", "db0: MULTI", "db0: DEL c", "db0: DEL d", "db0: SET d 2",
                  "db0: EXEC", "db0: DEL e", "db0: MULTI", "db0: DEL l", "db0: LPUSH l 2", "db0: EXEC", "db0: DEL f"});

    p.run({"SET", "p", "v", "PX", "1"});
    p.sleepMs(20);
    p.run({"SET", "p", "v", "EXAT", "1000"}).run({"GET", "p"});
    CHECK_STREAM(p, {"db0: SET p v PXAT NOW+31", "db0: MULTI", "db0: DEL p", "db0: SET p v PXAT 1000000", "db0: EXEC",
                     "db0: DEL p"});

    p.run({"CONFIG", "SET", "lazyfree-lazy-expire", "yes"}).run({"SET", "a", "1", "PX", "1"});
    p.sleepMs(20);
    p.run({"GET", "a"}).run({"CONFIG", "SET", "lazyfree-lazy-expire", "no"});
    CHECK_STREAM(p, {"db0: SET a 1 PXAT NOW+51", "db0: UNLINK a"});

    p.run({"MSET", "a", "1", "b", "1", "c", "1", "d", "1"});
    for (const char* k : {"a", "b", "c", "d"}) p.run({"PEXPIRE", k, "1"});
    p.take();
    p.run({"DEBUG", "SET-ACTIVE-EXPIRE", "1"});
    p.sleepMs(300);
    auto dels = p.take();
    std::sort(dels.begin(), dels.end());
    CHECK(dels == V{"db0: DEL a", "db0: DEL b", "db0: DEL c", "db0: DEL d"});
}

// aof_oracle.py --raw 'XADD s * a 1' 'XADD s MAXLEN ~ 10 * a 4' 'XADD s MAXLEN = 2 * a 5'
//   'XADD s MAXLEN 2 * a 5' 'XADD s NOMKSTREAM MINID ~ 0 * b 1' 'XADD s MAXLEN ~ 1 LIMIT 5 * c 1'
//   'XTRIM s MAXLEN ~ 1' 'XTRIM s MAXLEN 1' 'XTRIM s MINID 0' 'XADD nos NOMKSTREAM * a 1'
// (the oracle's clock moved between commands, so its ids had seq 0 and growing ms)
// aof_oracle.py --raw 'CONFIG SET stream-node-max-entries 2' 'XADD s 1-1 a 1' 'XADD s 2-* a 1'
//   'XADD s 2-* a 1' 'XADD s 3-1 a 1' 'XADD s 4-1 a 1' 'XADD s 5-1 a 1' 'XTRIM s MAXLEN ~ 3'
//   'XTRIM s MINID ~ 5' 'XTRIM s MINID ~ 5-1 LIMIT 1' 'XADD s 6-1 a 1' ... 'XADD s 9-1 a 1'
//   'XADD s MINID ~ 9 * a 1' 'XTRIM s MAXLEN 0'
// aof_oracle.py --raw (node size 2) 'XADD s 1-1' 'XADD s 2-1' 'XADD s 3-1' 'XDEL s 3-1'
//   'XTRIM s MINID ~ 9' -> XTRIM s MINID = 18446744073709551615-18446744073709551615
TEST_CASE("propagate: XADD with the id it got, ~ trims as the exact trim they were") {
    Prop p;
    p.run({"XADD", "s", "*", "a", "1"})
        .run({"XADD", "s", "MAXLEN", "~", "10", "*", "a", "4"})
        .run({"XADD", "s", "MAXLEN", "=", "2", "*", "a", "5"})
        .run({"XADD", "s", "MAXLEN", "2", "*", "a", "5"})
        .run({"XADD", "s", "NOMKSTREAM", "MINID", "~", "0", "*", "b", "1"})
        .run({"XADD", "s", "MAXLEN", "~", "1", "LIMIT", "5", "*", "c", "1"})
        .run({"XTRIM", "s", "MAXLEN", "~", "1"})
        .run({"XTRIM", "s", "MAXLEN", "1"})
        .run({"XTRIM", "s", "MINID", "0"})
        .run({"XADD", "nos", "NOMKSTREAM", "*", "a", "1"});
    CHECK_STREAM(p,
                 {"db0: XADD s NOW+0-0 a 1", "db0: XADD s MAXLEN = 2 NOW+0-1 a 4", "db0: XADD s MAXLEN = 2 NOW+0-2 a 5",
                  "db0: XADD s MAXLEN 2 NOW+0-3 a 5", "db0: XADD s NOMKSTREAM MINID = NOW+0-2 NOW+0-4 b 1",
                  "db0: XADD s MAXLEN = 4 LIMIT 5 NOW+0-5 c 1", "db0: XTRIM s MAXLEN 1"});

    p.run({"DEL", "s"}).run({"CONFIG", "SET", "stream-node-max-entries", "2"});
    p.run({"XADD", "s", "1-1", "a", "1"}).run({"XADD", "s", "2-*", "a", "1"}).run({"XADD", "s", "2-*", "a", "1"});
    for (const char* id : {"3-1", "4-1", "5-1"}) p.run({"XADD", "s", id, "a", "1"});
    p.run({"XTRIM", "s", "MAXLEN", "~", "3"})
        .run({"XTRIM", "s", "MINID", "~", "5"})
        .run({"XTRIM", "s", "MINID", "~", "5-1", "LIMIT", "1"});
    for (const char* id : {"6-1", "7-1", "8-1", "9-1"}) p.run({"XADD", "s", id, "a", "1"});
    p.run({"XADD", "s", "MINID", "~", "9", "*", "a", "1"}).run({"XTRIM", "s", "MAXLEN", "0"});
    CHECK_STREAM(p, {"db0: DEL s", "db0: XADD s 1-1 a 1", "db0: XADD s 2-0 a 1", "db0: XADD s 2-1 a 1",
                     "db0: XADD s 3-1 a 1", "db0: XADD s 4-1 a 1", "db0: XADD s 5-1 a 1", "db0: XTRIM s MAXLEN = 4",
                     "db0: XTRIM s MINID = 4-1", "db0: XADD s 6-1 a 1", "db0: XADD s 7-1 a 1", "db0: XADD s 8-1 a 1",
                     "db0: XADD s 9-1 a 1", "db0: XADD s MINID = 8-1 NOW+0-0 a 1", "db0: XTRIM s MAXLEN 0"});

    p.run({"XADD", "e", "1-1", "a", "1"}).run({"XADD", "e", "2-1", "a", "1"}).run({"XADD", "e", "3-1", "a", "1"});
    p.run({"XDEL", "e", "3-1"}).run({"XTRIM", "e", "MINID", "~", "9"});
    CHECK_STREAM(p, {"db0: XADD e 1-1 a 1", "db0: XADD e 2-1 a 1", "db0: XADD e 3-1 a 1", "db0: XDEL e 3-1",
                     "db0: XTRIM e MINID = 18446744073709551615-18446744073709551615"});
}

// aof_oracle.py --raw 'XADD s 1-1 a 1' 'XADD s 2-1 a 2' 'XADD s 3-1 a 3' 'XGROUP CREATE s g 0'
//   'XGROUP CREATE s g2 $ MKSTREAM' 'XGROUP CREATE s3 g $ MKSTREAM ENTRIESREAD 5'
//   'XREADGROUP GROUP g alice COUNT 2 STREAMS s >' 'XREADGROUP GROUP g bob NOACK STREAMS s >'
//   'XREADGROUP GROUP g alice STREAMS s 0' 'XREADGROUP GROUP g carol STREAMS s >'
//   'XGROUP CREATECONSUMER s g dave' 'XGROUP CREATECONSUMER s g dave' 'XGROUP DELCONSUMER s g dave'
//   'XGROUP SETID s g 1-1' 'XGROUP SETID s g 0 ENTRIESREAD 0' 'XACK s g 1-1' 'XACK s g 1-1'
//   'XDEL s 9-9' 'XGROUP DESTROY s g2' 'XSETID s 5-5'
TEST_CASE("propagate: XREADGROUP as XCLAIMs (NOACK: CREATECONSUMER and SETID); group commands as typed") {
    Prop p;
    p.run({"XADD", "s", "1-1", "a", "1"}).run({"XADD", "s", "2-1", "a", "2"}).run({"XADD", "s", "3-1", "a", "3"});
    p.run({"XGROUP", "CREATE", "s", "g", "0"})
        .run({"XGROUP", "CREATE", "s", "g2", "$", "MKSTREAM"})
        .run({"XGROUP", "CREATE", "s3", "g", "$", "MKSTREAM", "ENTRIESREAD", "5"})
        .run({"XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s", ">"})
        .run({"XREADGROUP", "GROUP", "g", "bob", "NOACK", "STREAMS", "s", ">"})
        .run({"XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", "0"})
        .run({"XREADGROUP", "GROUP", "g", "carol", "STREAMS", "s", ">"})
        .run({"XGROUP", "CREATECONSUMER", "s", "g", "dave"})
        .run({"XGROUP", "CREATECONSUMER", "s", "g", "dave"})
        .run({"XGROUP", "DELCONSUMER", "s", "g", "dave"})
        .run({"XGROUP", "SETID", "s", "g", "1-1"})
        .run({"XGROUP", "SETID", "s", "g", "0", "ENTRIESREAD", "0"})
        .run({"XACK", "s", "g", "1-1"})
        .run({"XACK", "s", "g", "1-1"})
        .run({"XDEL", "s", "9-9"})
        .run({"XGROUP", "DESTROY", "s", "g2"})
        .run({"XSETID", "s", "5-5"});
    CHECK_STREAM(p, {"db0: XADD s 1-1 a 1",
                     "db0: XADD s 2-1 a 2",
                     "db0: XADD s 3-1 a 3",
                     "db0: XGROUP CREATE s g 0",
                     "db0: XGROUP CREATE s g2 $ MKSTREAM",
                     "db0: XGROUP CREATE s3 g $ MKSTREAM ENTRIESREAD 5",
                     "db0: MULTI",
                     "db0: XCLAIM s g alice 0 1-1 TIME NOW+0 RETRYCOUNT 1 FORCE JUSTID LASTID 1-1",
                     "db0: XCLAIM s g alice 0 2-1 TIME NOW+0 RETRYCOUNT 1 FORCE JUSTID LASTID 2-1",
                     "db0: EXEC",
                     "db0: MULTI",
                     "db0: XGROUP CREATECONSUMER s g bob",
                     "db0: XGROUP SETID s g 3-1 ENTRIESREAD 3",
                     "db0: EXEC",
                     "db0: XGROUP CREATECONSUMER s g dave",
                     "db0: XGROUP DELCONSUMER s g dave",
                     "db0: XGROUP SETID s g 1-1",
                     "db0: XGROUP SETID s g 0 ENTRIESREAD 0",
                     "db0: XACK s g 1-1",
                     "db0: XGROUP DESTROY s g2",
                     "db0: XSETID s 5-5"});
}

// aof_oracle.py --raw 'XADD s 1-1 a 1' 'XADD s 2-1 a 2' 'XADD s 3-1 a 3' 'XADD s 4-1 a 3'
//   'XGROUP CREATE s g 0' 'XREADGROUP GROUP g alice STREAMS s >' 'XCLAIM s g bob 0 1-1'
//   'XCLAIM s g bob 0 2-1 JUSTID' 'XCLAIM s g bob 0 3-1 IDLE 500 RETRYCOUNT 7'
//   'XCLAIM s g bob 0 4-1 TIME 1000 FORCE LASTID 9-9' 'XCLAIM s g bob 999999 1-1' 'XDEL s 2-1'
//   'XAUTOCLAIM s g carol 0 0 COUNT 2' 'XAUTOCLAIM s g carol 0 0' 'XAUTOCLAIM s g carol 0 0 JUSTID'
//   'XCLAIM s g bob 0 5-5' 'XCLAIM s g dave 0 5-5 FORCE'
// aof_oracle.py --raw 'XADD s 1-0 a 1' 'XADD s 2-1 a 1' 'XGROUP CREATE s g 0'
//   'XREADGROUP GROUP g alice STREAMS s >' 'XCLAIM s g bob 0 1 JUSTID'
//   'XCLAIM s g bob 0 9-9 LASTID 5-5' 'XCLAIM s g bob 0 9-9 LASTID 5-5' 'XDEL s 2-1'
//   'XCLAIM s g carol 0 2-1' 'XCLAIM s g carol 99999 1-0 LASTID 7-7'
TEST_CASE("propagate: XCLAIM and XAUTOCLAIM as one forced XCLAIM per record") {
    Prop p;
    for (const char* id : {"1-1", "2-1", "3-1", "4-1"}) p.run({"XADD", "s", id, "a", "1"});
    p.run({"XGROUP", "CREATE", "s", "g", "0"}).run({"XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"});
    p.take();
    p.sleepMs(1000);  // so TIME shows which claims set the delivery time
    p.run({"XCLAIM", "s", "g", "bob", "0", "1-1"})
        .run({"XCLAIM", "s", "g", "bob", "0", "2-1", "JUSTID"})
        .run({"XCLAIM", "s", "g", "bob", "0", "3-1", "IDLE", "500", "RETRYCOUNT", "7"})
        .run({"XCLAIM", "s", "g", "bob", "0", "4-1", "TIME", "1000", "FORCE", "LASTID", "9-9"})
        .run({"XCLAIM", "s", "g", "bob", "999999", "1-1"})
        .run({"XDEL", "s", "2-1"})
        .run({"XAUTOCLAIM", "s", "g", "carol", "0", "0", "COUNT", "2"})
        .run({"XAUTOCLAIM", "s", "g", "carol", "0", "0"})
        .run({"XAUTOCLAIM", "s", "g", "carol", "0", "0", "JUSTID"})
        .run({"XCLAIM", "s", "g", "bob", "0", "5-5"})
        .run({"XCLAIM", "s", "g", "dave", "0", "5-5", "FORCE"});
    CHECK_STREAM(p, {"db0: XCLAIM s g bob 0 1-1 TIME NOW+1000 RETRYCOUNT 2 FORCE JUSTID LASTID 4-1",
                     "db0: XCLAIM s g bob 0 2-1 TIME NOW+1000 RETRYCOUNT 1 FORCE JUSTID LASTID 4-1",
                     "db0: XCLAIM s g bob 0 3-1 TIME NOW+500 RETRYCOUNT 7 FORCE JUSTID LASTID 4-1",
                     "db0: XCLAIM s g bob 0 4-1 TIME 1000 RETRYCOUNT 2 FORCE JUSTID LASTID 9-9", "db0: XDEL s 2-1",
                     "db0: MULTI", "db0: XCLAIM s g carol 0 1-1 TIME NOW+1000 RETRYCOUNT 3 FORCE JUSTID LASTID 9-9",
                     "db0: XCLAIM s g bob 0 2-1 TIME NOW+1000 RETRYCOUNT 1 FORCE JUSTID LASTID 9-9", "db0: EXEC",
                     "db0: MULTI", "db0: XCLAIM s g carol 0 1-1 TIME NOW+1000 RETRYCOUNT 4 FORCE JUSTID LASTID 9-9",
                     "db0: XCLAIM s g carol 0 3-1 TIME NOW+1000 RETRYCOUNT 8 FORCE JUSTID LASTID 9-9",
                     "db0: XCLAIM s g carol 0 4-1 TIME NOW+1000 RETRYCOUNT 3 FORCE JUSTID LASTID 9-9", "db0: EXEC",
                     "db0: MULTI", "db0: XCLAIM s g carol 0 1-1 TIME NOW+1000 RETRYCOUNT 4 FORCE JUSTID LASTID 9-9",
                     "db0: XCLAIM s g carol 0 3-1 TIME NOW+1000 RETRYCOUNT 8 FORCE JUSTID LASTID 9-9",
                     "db0: XCLAIM s g carol 0 4-1 TIME NOW+1000 RETRYCOUNT 3 FORCE JUSTID LASTID 9-9", "db0: EXEC"});

    p.run({"DEL", "s"}).run({"XADD", "s", "1-0", "a", "1"}).run({"XADD", "s", "2-1", "a", "1"});
    p.run({"XGROUP", "CREATE", "s", "g", "0"}).run({"XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s", ">"});
    p.take();
    p.run({"XCLAIM", "s", "g", "bob", "0", "1", "JUSTID"})
        .run({"XCLAIM", "s", "g", "bob", "0", "9-9", "LASTID", "5-5"})
        .run({"XCLAIM", "s", "g", "bob", "0", "9-9", "LASTID", "5-5"})
        .run({"XDEL", "s", "2-1"})
        .run({"XCLAIM", "s", "g", "carol", "0", "2-1"})
        .run({"XCLAIM", "s", "g", "carol", "99999", "1-0", "LASTID", "7-7"});
    CHECK_STREAM(p, {"db0: XCLAIM s g bob 0 1 TIME NOW+1000 RETRYCOUNT 1 FORCE JUSTID LASTID 2-1",
                     "db0: XGROUP SETID s g 5-5 ENTRIESREAD 2", "db0: XDEL s 2-1",
                     "db0: XCLAIM s g alice 0 2-1 TIME NOW+1000 RETRYCOUNT 1 FORCE JUSTID LASTID 5-5",
                     "db0: XGROUP SETID s g 7-7 ENTRIESREAD 2"});
}

// aof_oracle.py --raw 'XGROUP CREATE s g $ MKSTREAM' 'b> XREADGROUP GROUP g bob BLOCK 0 STREAMS s >'
//   'a> XADD s 1-1 a 1' 'b> XREADGROUP GROUP g carol NOACK BLOCK 0 STREAMS s >' 'a> XADD s 2-1 a 1'
//   'b> XREAD BLOCK 0 STREAMS s $' 'a> XADD s 3-1 a 1'
TEST_CASE("propagate: a served XREADGROUP writes its claims after the XADD") {
    Prop p;
    Client& b = p.h.engine.createClient();
    p.run({"XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"});
    p.on(b, {"XREADGROUP", "GROUP", "g", "bob", "BLOCK", "0", "STREAMS", "s", ">"}).run({"XADD", "s", "1-1", "a", "1"});
    p.on(b, {"XREADGROUP", "GROUP", "g", "carol", "NOACK", "BLOCK", "0", "STREAMS", "s", ">"})
        .run({"XADD", "s", "2-1", "a", "1"});
    p.on(b, {"XREAD", "BLOCK", "0", "STREAMS", "s", "$"}).run({"XADD", "s", "3-1", "a", "1"});
    CHECK_STREAM(p, {"db0: XGROUP CREATE s g $ MKSTREAM", "db0: XADD s 1-1 a 1",
                     "db0: XCLAIM s g bob 0 1-1 TIME NOW+0 RETRYCOUNT 1 FORCE JUSTID LASTID 1-1", "db0: XADD s 2-1 a 1",
                     "db0: MULTI", "db0: XGROUP CREATECONSUMER s g carol", "db0: XGROUP SETID s g 2-1 ENTRIESREAD 2",
                     "db0: EXEC", "db0: XADD s 3-1 a 1"});
}

// aof_oracle.py 'EVAL "return 1" 0' 'EVAL "redis.call(\"set\",KEYS[1],\"x\")" 1 k'
//   'EVAL "redis.call(\"set\",KEYS[1],\"x\", \"EX\", 10); redis.call(\"incr\",\"c\")" 1 k'
//   'EVAL "redis.call(\"spop\",\"zz\"); redis.call(\"select\",\"3\"); redis.call(\"set\",\"q\",1)" 0'
//   'EVAL "redis.call(\"sadd\",\"s\",\"a\",\"b\"); return redis.call(\"spop\",\"s\", 5)" 0'
//   'EVAL "redis.call(\"get\",\"k\")" 0' 'EVAL_RO "return redis.call(\"get\",\"k\")" 0'
//   'SCRIPT LOAD "return 1"' 'EVAL "redis.call(\"set\",\"a\",\"1\"); redis.call(\"del\",\"a\");
//   redis.call(\"del\",\"nokey\")" 0' 'SCRIPT FLUSH' 'EVAL "redis.call(\"incrbyfloat\",\"f\",\"1.5\")" 0'
// aof_oracle.py --raw "FUNCTION LOAD ..." 'FCALL f 1 fk' 'FUNCTION DELETE lib' 'FUNCTION FLUSH'
TEST_CASE("propagate: scripts and functions as the writes they made (case as called)") {
    Prop p;
    p.run({"EVAL", "return 1", "0"})
        .run({"EVAL", "redis.call('set',KEYS[1],'x')", "1", "k"})
        .run({"EVAL", "redis.call('set',KEYS[1],'x', 'EX', 10); redis.call('incr','c')", "1", "k"})
        .run({"EVAL", "redis.call('spop','zz'); redis.call('select','3'); redis.call('set','q',1)", "0"})
        .run({"EVAL", "redis.call('sadd','s','a','b'); return redis.call('spop','s', 5)", "0"})
        .run({"EVAL", "redis.call('get','k')", "0"})
        .run({"EVAL_RO", "return redis.call('get','k')", "0"})
        .run({"SCRIPT", "LOAD", "return 1"})
        .run({"EVAL", "redis.call('set','a','1'); redis.call('del','a'); redis.call('del','nokey')", "0"})
        .run({"SCRIPT", "FLUSH"})
        .run({"EVAL", "redis.call('incrbyfloat','f','1.5')", "0"});
    CHECK_STREAM(p, {"db0: set k x", "db0: MULTI", "db0: SET k x PXAT NOW+10000", "db0: incr c", "db0: EXEC",
                     "db3: set q 1", "db0: MULTI", "db0: sadd s a b", "db0: DEL s", "db0: EXEC", "db0: MULTI",
                     "db0: set a 1", "db0: del a", "db0: EXEC", "db0: SET f 1.5 KEEPTTL"});
    const std::string lib =
        "#!lua name=lib\nredis.register_function('f', function(k) redis.call('set',k[1],'1'); return "
        "redis.call('set',k[1],'2') end)";
    p.run({"FUNCTION", "LOAD", lib})
        .run({"FCALL", "f", "1", "fk"})
        .run({"FUNCTION", "DELETE", "lib"})
        .run({"FUNCTION", "FLUSH"});
    CHECK_STREAM(p, {"db0: FUNCTION LOAD " + lib, "db0: MULTI", "db0: set fk 1", "db0: set fk 2", "db0: EXEC",
                     "db0: FUNCTION DELETE lib", "db0: FUNCTION FLUSH"});
}

// aof_oracle.py 'MULTI' 'SET a 1' 'EXEC' 'MULTI' 'GET a' 'SET a 2' 'SELECT 2' 'SET b 1' 'EXEC'
//   'MULTI' 'GET a' 'EXEC' 'SET x y' 'SELECT 0' 'SET z 1'
TEST_CASE("propagate: a transaction wraps its writes in MULTI/EXEC only when there are several") {
    Prop p;
    p.run({"MULTI"}).run({"SET", "a", "1"}).run({"EXEC"});
    p.run({"MULTI"}).run({"GET", "a"}).run({"SET", "a", "2"}).run({"SELECT", "2"}).run({"SET", "b", "1"}).run({"EXEC"});
    p.run({"MULTI"}).run({"GET", "a"}).run({"EXEC"}).run({"SET", "x", "y"}).run({"SELECT", "0"}).run({"SET", "z", "1"});
    CHECK_STREAM(
        p, {"db0: SET a 1", "db0: MULTI", "db0: SET a 2", "db2: SET b 1", "db2: EXEC", "db2: SET x y", "db0: SET z 1"});
}

// aof_oracle.py 'SET k v' 'SWAPDB 0 1' 'SWAPDB 0 0' 'SELECT 1' 'MOVE k 2' 'SELECT 2'
//   'COPY k k2 DB 5' 'COPY k k3' 'COPY k k3' 'FLUSHDB' 'FLUSHDB ASYNC' 'FLUSHALL SYNC'
//   'PFADD h a b c' 'PFADD h a' 'PFCOUNT h' 'PFCOUNT h' 'PFADD h2 x' 'PFCOUNT h h2' 'PFMERGE h3 h h2'
//   'GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania'
//   'GEOSEARCHSTORE d g FROMLONLAT 15 37 BYRADIUS 200 km ASC'
//   'GEOSEARCHSTORE d2 g FROMLONLAT 15 37 BYRADIUS 1 km' 'GEORADIUS g 15 37 200 km STORE d3'
//   'RPUSH l 3 1 2' 'SORT l STORE dst' 'SORT l' 'SORT_RO l' 'SORT nol STORE dst' 'SORT nol STORE dst'
// aof_oracle.py 'GEOADD g 13.361389 38.115556 Palermo' 'GEOADD g NX CH 13.361389 38.115556
//   Palermo 15 37 X' 'GEOADD g XX 13.361389 38.115556 Palermo' 'GEOADD g XX CH 14 38 Palermo'
TEST_CASE("propagate: keyspace and database commands as typed, GEOADD as zadd") {
    Prop p;
    p.run({"SET", "k", "v"})
        .run({"SWAPDB", "0", "1"})
        .run({"SWAPDB", "0", "0"})
        .run({"SELECT", "1"})
        .run({"MOVE", "k", "2"})
        .run({"SELECT", "2"})
        .run({"COPY", "k", "k2", "DB", "5"})
        .run({"COPY", "k", "k3"})
        .run({"COPY", "k", "k3"})
        .run({"FLUSHDB"})
        .run({"FLUSHDB", "ASYNC"})
        .run({"FLUSHALL", "SYNC"})
        .run({"PFADD", "h", "a", "b", "c"})
        .run({"PFADD", "h", "a"})
        .run({"PFCOUNT", "h"})
        .run({"PFCOUNT", "h"})
        .run({"PFADD", "h2", "x"})
        .run({"PFCOUNT", "h", "h2"})
        .run({"PFMERGE", "h3", "h", "h2"})
        .run({"GEOADD", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"})
        .run({"GEOSEARCHSTORE", "d", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC"})
        .run({"GEOSEARCHSTORE", "d2", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km"})
        .run({"GEORADIUS", "g", "15", "37", "200", "km", "STORE", "d3"})
        .run({"RPUSH", "l", "3", "1", "2"})
        .run({"SORT", "l", "STORE", "dst"})
        .run({"SORT", "l"})
        .run({"SORT_RO", "l"})
        .run({"SORT", "nol", "STORE", "dst"})
        .run({"SORT", "nol", "STORE", "dst"});
    CHECK_STREAM(
        p,
        {"db0: SET k v", "db0: SWAPDB 0 1", "db0: SWAPDB 0 0", "db1: MOVE k 2", "db2: COPY k k2 DB 5", "db2: COPY k k3",
         "db2: FLUSHDB", "db2: FLUSHDB ASYNC", "db2: FLUSHALL SYNC", "db2: PFADD h a b c", "db2: PFCOUNT h",
         "db2: PFADD h2 x", "db2: PFMERGE h3 h h2", "db2: zadd g 3479099956230698 Palermo 3479447370796909 Catania",
         "db2: GEOSEARCHSTORE d g FROMLONLAT 15 37 BYRADIUS 200 km ASC", "db2: GEORADIUS g 15 37 200 km STORE d3",
         "db2: RPUSH l 3 1 2", "db2: SORT l STORE dst", "db2: SORT nol STORE dst"});
    p.run({"SELECT", "0"})
        .run({"GEOADD", "g", "13.361389", "38.115556", "Palermo"})
        .run({"GEOADD", "g", "NX", "CH", "13.361389", "38.115556", "Palermo", "15", "37", "X"})
        .run({"GEOADD", "g", "XX", "13.361389", "38.115556", "Palermo"})
        .run({"GEOADD", "g", "XX", "CH", "14", "38", "Palermo"});
    CHECK_STREAM(
        p, {"db0: zadd g 3479099956230698 Palermo", "db0: zadd g NX CH 3479099956230698 Palermo 3476504601741708 X",
            "db0: zadd g XX CH 3479107959090919 Palermo"});
}

// aof_oracle.py --raw 'FUNCTION LOAD ...' 'DEL nokey' 'SADD s a' 'SADD s a' 'SREM s zz'
//   'HSETNX h f 1' 'HSETNX h f 1' 'LREM nol 0 a' 'SETRANGE k 0 ""' 'SETNX k v' 'SETNX k v'
//   'MSETNX k v j v' 'PERSIST nope' 'RENAME k k2' 'RENAMENX k2 k2' 'APPEND k2 ""'
TEST_CASE("propagate: a command that changed nothing is not written") {
    Prop p;
    p.run({"DEL", "nokey"})
        .run({"SADD", "s", "a"})
        .run({"SADD", "s", "a"})
        .run({"SREM", "s", "zz"})
        .run({"HSETNX", "h", "f", "1"})
        .run({"HSETNX", "h", "f", "1"})
        .run({"LREM", "nol", "0", "a"})
        .run({"SETRANGE", "k", "0", ""})
        .run({"SETNX", "k", "v"})
        .run({"SETNX", "k", "v"})
        .run({"MSETNX", "k", "v", "j", "v"})
        .run({"PERSIST", "nope"})
        .run({"RENAME", "k", "k2"})
        .run({"RENAMENX", "k2", "k2"})
        .run({"APPEND", "k2", ""});
    CHECK_STREAM(p, {"db0: SADD s a", "db0: HSETNX h f 1", "db0: SETNX k v", "db0: RENAME k k2", "db0: APPEND k2 "});
}

// aof_oracle.py 'SET k v' 'CONFIG SET lazyfree-lazy-user-del yes' 'SPOP nokey' 'SMOVE s t a'
//   'SADD s a' 'SMOVE s t a' 'SINTERSTORE d s t' 'SINTERSTORE d s t' 'LPUSH q 1' 'LPUSHX q 2'
//   'RPOPLPUSH q q' 'LMOVE q q LEFT LEFT' 'CONFIG SET lazyfree-lazy-user-del no' 'HSET h a 1'
//   'HDEL h a' 'HDEL h a' 'ZADD z 1 a' 'ZADD z 1 a' 'ZINCRBY z 0.5 a' 'ZINCRBY z 1e1 a'
//   'ZADD z INCR 1 a' 'SETRANGE k 0 x' 'BITFIELD bf SET u8 0 255 GET u8 0' 'BITFIELD bf GET u8 0'
//   'SETBIT sb 3 1' 'SETBIT sb 3 1' 'INCRBYFLOAT j 3.0e3' 'HINCRBYFLOAT h b 2.50'
TEST_CASE("propagate: deterministic writes as typed, only when they changed something") {
    Prop p;
    p.run({"SET", "k", "v"})
        .run({"CONFIG", "SET", "lazyfree-lazy-user-del", "yes"})
        .run({"SPOP", "nokey"})
        .run({"SMOVE", "s", "t", "a"})
        .run({"SADD", "s", "a"})
        .run({"SMOVE", "s", "t", "a"})
        .run({"SINTERSTORE", "d", "s", "t"})
        .run({"SINTERSTORE", "d", "s", "t"})
        .run({"LPUSH", "q", "1"})
        .run({"LPUSHX", "q", "2"})
        .run({"RPOPLPUSH", "q", "q"})
        .run({"LMOVE", "q", "q", "LEFT", "LEFT"})
        .run({"CONFIG", "SET", "lazyfree-lazy-user-del", "no"})
        .run({"HSET", "h", "a", "1"})
        .run({"HDEL", "h", "a"})
        .run({"HDEL", "h", "a"})
        .run({"ZADD", "z", "1", "a"})
        .run({"ZADD", "z", "1", "a"})
        .run({"ZINCRBY", "z", "0.5", "a"})
        .run({"ZINCRBY", "z", "1e1", "a"})
        .run({"ZADD", "z", "INCR", "1", "a"})
        .run({"SETRANGE", "k", "0", "x"})
        .run({"BITFIELD", "bf", "SET", "u8", "0", "255", "GET", "u8", "0"})
        .run({"BITFIELD", "bf", "GET", "u8", "0"})
        .run({"SETBIT", "sb", "3", "1"})
        .run({"SETBIT", "sb", "3", "1"})
        .run({"INCRBYFLOAT", "j", "3.0e3"})
        .run({"HINCRBYFLOAT", "h", "b", "2.50"});
    CHECK_STREAM(p, {"db0: SET k v", "db0: SADD s a", "db0: SMOVE s t a", "db0: LPUSH q 1", "db0: LPUSHX q 2",
                     "db0: RPOPLPUSH q q", "db0: LMOVE q q LEFT LEFT", "db0: HSET h a 1", "db0: HDEL h a",
                     "db0: ZADD z 1 a", "db0: ZINCRBY z 0.5 a", "db0: ZINCRBY z 1e1 a", "db0: ZADD z INCR 1 a",
                     "db0: SETRANGE k 0 x", "db0: BITFIELD bf SET u8 0 255 GET u8 0", "db0: SETBIT sb 3 1",
                     "db0: SET j 3000 KEEPTTL", "db0: HSET h b 2.5"});
}

// A scratch redis-server with appendonly yes (aof_oracle.py cannot type a binary payload,
// so redis-py sent it: P is the DUMP of "hello"):
//   RESTORE a 0 P / RESTORE b 100000 P IDLETIME 5 replace / RESTORE c 4102444800000 P ABSTTL
//   RESTORE c 5000 P REPLACE FREQ 3 / RESTORE a 1 P REPLACE ABSTTL / RESTORE z 1 P ABSTTL
//   RESTORE c 9223372036854775807 P REPLACE / RESTORE b 0 P (BUSYKEY)
// gave: RESTORE a 0 P, RESTORE b NOW+100001 P IDLETIME 5 replace ABSTTL,
//   RESTORE c 4102444800000 P ABSTTL, RESTORE c NOW+5001 P REPLACE FREQ 3 ABSTTL, DEL a, DEL c.
TEST_CASE("propagate: RESTORE with a relative TTL as its deadline plus ABSTTL; one in the past is DEL") {
    Prop p;
    p.run({"SET", "s", "hello"});
    const std::string payload = p.h.run({"DUMP", "s"}).str;
    p.run({"DEL", "s"});
    p.take();
    p.run({"RESTORE", "a", "0", payload})
        .run({"RESTORE", "b", "100000", payload, "IDLETIME", "5", "replace"})
        .run({"RESTORE", "c", "4102444800000", payload, "ABSTTL"})
        .run({"RESTORE", "c", "5000", payload, "REPLACE", "FREQ", "3"})
        .run({"RESTORE", "a", "1", payload, "REPLACE", "ABSTTL"})
        .run({"RESTORE", "z", "1", payload, "ABSTTL"})
        .run({"RESTORE", "c", "9223372036854775807", payload, "REPLACE"})
        .run({"RESTORE", "b", "0", payload});
    const std::string P = p.norm(payload);
    CHECK_STREAM(p, {"db0: RESTORE a 0 " + P, "db0: RESTORE b NOW+100000 " + P + " IDLETIME 5 replace ABSTTL",
                     "db0: RESTORE c 4102444800000 " + P + " ABSTTL",
                     "db0: RESTORE c NOW+5000 " + P + " REPLACE FREQ 3 ABSTTL", "db0: DEL a", "db0: DEL c"});
}

}  // namespace redsim
