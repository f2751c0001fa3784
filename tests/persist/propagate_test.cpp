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
    std::vector<std::string> take() { return std::exchange(ops, {}); }
};

using V = std::vector<std::string>;

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
    CHECK(p.take() == V{"db0: SET k v PXAT NOW+10000", "db0: SET k2 v PXAT NOW+100000",
                        "db0: SET k3 v PXAT 1900000000000", "db0: SET k v KEEPTTL", "db0: SET k v PXAT NOW+5000",
                        "db0: SET k4 v PXAT NOW+5000", "db0: SET k v", "db0: SET a v PXAT NOW+10000",
                        "db0: SET b v PXAT NOW+1000"});
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
    CHECK(p.take() == V{"db0: SET k v", "db0: PEXPIREAT k NOW+100000", "db0: PEXPIREAT k NOW+100000",
                        "db0: PEXPIREAT k 1900000000000", "db0: PEXPIREAT k 1900000000000", "db0: PERSIST k",
                        "db0: DEL k", "db0: SET k v", "db0: DEL k"});
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
    CHECK(p.take() == V{"db0: SET k v", "db0: UNLINK k", "db0: SET k v", "db0: DEL k", "db0: SET k v", "db0: UNLINK k",
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
    CHECK(p.take() == V{"db0: SET k v", "db0: PEXPIREAT k NOW+100000", "db0: PEXPIREAT k 1900000000000 XX",
                        "db0: PEXPIREAT k 1900000000000", "db0: PEXPIREAT k NOW+5000 LT", "db0: PERSIST k",
                        "db0: DEL k", "db0: SET k v", "db0: DEL k", "db0: SET k v", "db0: DEL k"});
    p.run({"CONFIG", "SET", "lazyfree-lazy-expire", "yes"}).run({"SET", "k", "v"}).run({"EXPIRE", "k", "-1"});
    CHECK(p.take() == V{"db0: SET k v", "db0: UNLINK k"});
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
    CHECK(p.take() == V{"db0: SET j 1.5", "db0: SET j 2.5 KEEPTTL", "db0: SET j 12.5 KEEPTTL",
                        "db0: PEXPIREAT j NOW+100000", "db0: SET j 12.6 KEEPTTL", "db0: HSET h f 1.5",
                        "db0: HSET h f 101.5", "db0: INCR c", "db0: INCRBY c 5"});
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
    CHECK(p.take() == V{"db0: SADD s a", "db0: SREM s a"});

    p.run({"SADD", "s", "a", "b", "c", "d", "e"});
    auto r = p.h.run({"SPOP", "s"});
    CHECK(p.take() == V{"db0: SADD s a b c d e", "db0: SREM s " + r.str});
    r = p.h.run({"SPOP", "s", "2"});
    REQUIRE(r.elements.size() == 2);
    CHECK(p.take() ==
          V{"db0: MULTI", "db0: SREM s " + r.elements[0].str, "db0: SREM s " + r.elements[1].str, "db0: EXEC"});
    p.run({"SRANDMEMBER", "s", "2"}).run({"SPOP", "s", "5"}).run({"SPOP", "s"});
    p.run({"SADD", "s", "a"}).run({"SPOP", "s", "0"}).run({"SPOP", "nokey", "3"});
    CHECK(p.take() == V{"db0: DEL s", "db0: SADD s a"});

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
    CHECK(p.take() == V{"db0: RPUSH l a b c d e f g", "db0: LPOP l", "db0: RPOP l", "db0: LMOVE l m LEFT RIGHT",
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
    CHECK(p.take() == V{"db0: RPUSH l a b c", "db0: LMOVE l m left Right", "db0: LMOVE l m left right", "db0: LPOP l 1",
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
    CHECK(p.take() == V{"db0: RPUSH l x y", "db0: RPOP l", "db0: RPUSH l2 z w", "db0: LMOVE l2 m left right",
                        "db0: RPUSH l3 q", "db0: RPOPLPUSH l3 m", "db0: RPUSH l4 1 2", "db0: RPOP l4 2",
                        "db0: RPUSH l6 1 2 3 4", "db0: LPOP l6 3", "db0: RPUSH l7 1 2 3", "db0: LPOP l7",
                        "db0: LPOP l7", "db0: MULTI", "db0: RPUSH l8 1", "db0: RPUSH l8 2", "db0: EXEC",
                        "db0: LPOP l8"});
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
    CHECK(p.take() == V{"db0: ZADD z 1 a 2 b 3 c 4 d", "db0: ZPOPMIN z", "db0: ZPOPMAX z", "db0: ZPOPMIN z 1",
                        "db0: ZPOPMAX z 1", "db0: ZADD y 1 a 2 b", "db0: ZPOPMIN y", "db0: ZADD y2 1 a 2 b 3 c",
                        "db0: ZPOPMAX y2 2", "db0: ZPOPMIN y2"});
    p.run({"ZADD", "z", "1", "a", "2", "b", "3", "c"}).run({"ZPOPMIN", "z", "10"});
    p.run({"ZADD", "z", "1", "a", "2", "b", "3", "c"}).run({"ZMPOP", "1", "z", "MAX", "COUNT", "10"});
    CHECK(p.take() == V{"db0: ZADD z 1 a 2 b 3 c", "db0: ZPOPMIN z 10", "db0: ZADD z 1 a 2 b 3 c", "db0: ZPOPMAX z 3"});
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
    CHECK(p.take() == V{"db3: DEL z", "db0: DEL a", "db0: DEL b", "db0: MULTI", "db0: DEL c", "db0: DEL d",
                        "db0: SET d 2", "db0: EXEC", "db0: DEL e", "db0: MULTI", "db0: DEL l", "db0: LPUSH l 2",
                        "db0: EXEC", "db0: DEL f"});

    p.run({"SET", "p", "v", "PX", "1"});
    p.sleepMs(20);
    p.run({"SET", "p", "v", "EXAT", "1000"}).run({"GET", "p"});
    CHECK(p.take() == V{"db0: SET p v PXAT NOW+31", "db0: MULTI", "db0: DEL p", "db0: SET p v PXAT 1000000",
                        "db0: EXEC", "db0: DEL p"});

    p.run({"CONFIG", "SET", "lazyfree-lazy-expire", "yes"}).run({"SET", "a", "1", "PX", "1"});
    p.sleepMs(20);
    p.run({"GET", "a"}).run({"CONFIG", "SET", "lazyfree-lazy-expire", "no"});
    CHECK(p.take() == V{"db0: SET a 1 PXAT NOW+51", "db0: UNLINK a"});

    p.run({"MSET", "a", "1", "b", "1", "c", "1", "d", "1"});
    for (const char* k : {"a", "b", "c", "d"}) p.run({"PEXPIRE", k, "1"});
    p.take();
    p.run({"DEBUG", "SET-ACTIVE-EXPIRE", "1"});
    p.sleepMs(300);
    auto dels = p.take();
    std::sort(dels.begin(), dels.end());
    CHECK(dels == V{"db0: DEL a", "db0: DEL b", "db0: DEL c", "db0: DEL d"});
}

}  // namespace redsim
