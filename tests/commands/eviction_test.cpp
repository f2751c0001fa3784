// maxmemory eviction (engine/evict.h): each policy evicts the right kind of key, the
// OOM refusals match Redis 7.0.15 (texts checked against redis-server), the LFU counter
// grows and decays as Redis's, the same seed evicts the same keys, and the redsim-only
// exact-LRU mode and eviction reports.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/evict.h"
#include "engine/resp/reply.h"
#include "tests/engine/test_util.h"

using redsim::EvictionEvent;
using redsim::evictionUsedMemory;
using redsim::resp::Reply;

namespace {

const std::string kValue(40, 'v');
const std::string kOom = "OOM command not allowed when used memory > 'maxmemory'.";

struct Evict : redsim::test::Harness {
    explicit Evict(uint64_t seed = 1) : Harness(seed) {}

    long long used() { return evictionUsedMemory(engine); }
    // maxmemory = what is used now + `room` bytes.
    void limitTo(long long room) {
        REQUIRE(run({"CONFIG", "SET", "maxmemory", std::to_string(used() + room)}).str == "OK");
    }
    void policy(const std::string& p) { REQUIRE(run({"CONFIG", "SET", "maxmemory-policy", p}).str == "OK"); }
    bool exists(const std::string& k) { return run({"EXISTS", k}).integer == 1; }
    long long dbsize() { return run({"DBSIZE"}).integer; }
    // Fills n keys prefix:0..n-1 (no limit while filling).
    void fill(const std::string& prefix, int n, long long ttl_s = 0) {
        for (int i = 0; i < n; ++i) {
            const std::string k = prefix + ":" + std::to_string(i);
            if (ttl_s)
                CHECK(run({"SET", k, kValue, "EX", std::to_string(ttl_s)}).str == "OK");
            else
                CHECK(run({"SET", k, kValue}).str == "OK");
        }
    }
    int count(const std::string& prefix, int n) {
        int c = 0;
        for (int i = 0; i < n; ++i) c += exists(prefix + ":" + std::to_string(i)) ? 1 : 0;
        return c;
    }
    std::vector<std::string> evictedKeys() {
        std::vector<std::string> keys;
        for (const auto& r : engine.evictor().reports()) keys.push_back(r.key);
        return keys;
    }
};

}  // namespace

TEST_CASE("eviction: noeviction refuses denyoom commands with Redis's OOM error") {
    Evict h;
    h.fill("k", 20);
    h.limitTo(-200);
    CHECK(h.run({"SET", "new", "v"}).str == kOom);
    CHECK(h.run({"LPUSH", "l", "v"}).str == kOom);
    CHECK(h.run({"APPEND", "k:0", "x"}).str == kOom);
    // Reads and deletions still run: they do not grow memory.
    CHECK(h.run({"GET", "k:0"}).str == kValue);
    CHECK(h.run({"DEL", "k:1"}).integer == 1);
    CHECK(h.run({"PING"}).str == "PONG");
    CHECK(h.dbsize() == 19);
    // Counted as rejections and as OOM error replies.
    const std::string stats = h.run({"INFO", "errorstats"}).str;
    CHECK(stats.find("errorstat_OOM:count=3") != std::string::npos);
    const std::string cmds = h.run({"INFO", "commandstats"}).str;
    CHECK(cmds.find("cmdstat_set:calls=20,") != std::string::npos);
    CHECK(cmds.find("rejected_calls=1,") != std::string::npos);
    CHECK(h.run({"INFO", "stats"}).str.find("evicted_keys:0\r\n") != std::string::npos);
    CHECK(h.run({"INFO", "stats"}).str.find("evicted_clients:0\r\n") != std::string::npos);
    // Time spent above the limit (INFO stats), on the virtual clock.
    CHECK(h.run({"CONFIG", "SET", "maxmemory", "1"}).str == "OK");
    CHECK(h.run({"SET", "new", "v"}).str == kOom);
    h.engine.advanceTime(5 * 1000000LL);
    CHECK(h.run({"INFO", "stats"}).str.find("current_eviction_exceeded_time:5000\r\n") != std::string::npos);
    CHECK(h.run({"CONFIG", "SET", "maxmemory", "1gb"}).str == "OK");
    CHECK(h.run({"INFO", "stats"}).str.find("current_eviction_exceeded_time:0\r\n") != std::string::npos);
    CHECK(h.run({"INFO", "stats"}).str.find("total_eviction_exceeded_time:5000\r\n") != std::string::npos);
    // Back under the limit, writes work again.
    CHECK(h.run({"CONFIG", "SET", "maxmemory", "0"}).str == "OK");
    CHECK(h.run({"SET", "new", "v"}).str == "OK");
}

TEST_CASE("eviction: MULTI while out of memory refuses every queued command, EXEC aborts") {
    Evict h;
    h.fill("k", 10);
    h.limitTo(-200);
    CHECK(h.run({"MULTI"}).str == "OK");
    CHECK(h.run({"GET", "k:0"}).str == kOom);  // even a read: queueing takes memory
    CHECK(h.run({"SET", "a", "b"}).str == kOom);
    CHECK(h.run({"EXEC"}).str == "EXECABORT Transaction discarded because of previous errors.");
    // DISCARD is never refused.
    CHECK(h.run({"MULTI"}).str == "OK");
    CHECK(h.run({"PING"}).str == kOom);
    CHECK(h.run({"DISCARD"}).str == "OK");
    // Queued before memory ran out: EXEC itself is refused when it holds a denyoom command.
    CHECK(h.run({"CONFIG", "SET", "maxmemory", "0"}).str == "OK");
    CHECK(h.run({"MULTI"}).str == "OK");
    CHECK(h.run({"SET", "a", "b"}).str == "QUEUED");
    redsim::Client& other = h.engine.createClient();
    h.engine.execute(other, std::vector<std::string>{"CONFIG", "SET", "maxmemory", "1"});
    other.takeOutput();
    CHECK(h.run({"EXEC"}).str == "EXECABORT Transaction discarded because of: " + kOom);
    CHECK(h.run({"DISCARD"}).str == "ERR DISCARD without MULTI");
    CHECK(h.run({"GET", "a"}).type == Reply::Type::Nil);
}

TEST_CASE("eviction: scripts follow Redis's OOM rules") {
    Evict h;
    h.fill("k", 10);
    h.limitTo(-200);
    // A pre-7.0 script: refused at its first denyoom command, unless it already wrote.
    CHECK(h.run({"EVAL", "return redis.call('set','x','y')", "0"}).str.rfind(kOom + " script: ", 0) == 0);
    CHECK(h.run({"EVAL", "return redis.call('get','k:0')", "0"}).str == kValue);
    CHECK(h.run({"EVAL", "redis.call('del','k:1'); return redis.call('set','x','y')", "0"}).str == "OK");
    // A shebang script may write: EVAL itself is denyoom, unless allow-oom or no-writes.
    CHECK(h.run({"EVAL", "#!lua\nreturn redis.call('set','x','y')", "0"}).str == kOom);
    CHECK(h.run({"EVAL", "#!lua flags=allow-oom\nreturn redis.call('set','x','z')", "0"}).str == "OK");
    CHECK(h.run({"EVAL", "#!lua flags=no-writes\nreturn redis.call('get','x')", "0"}).str == "z");
}

TEST_CASE("eviction: allkeys-random keeps used memory under maxmemory after every write") {
    Evict h;
    h.fill("k", 200);
    h.policy("allkeys-random");
    h.limitTo(-2000);
    const long long max = std::stoll(h.run({"CONFIG", "GET", "maxmemory"}).elements[1].str);
    for (int i = 0; i < 300; ++i) {
        CHECK(h.run({"SET", "n:" + std::to_string(i), kValue}).str == "OK");
        h.run({"PING"});  // eviction runs before each command
        CHECK(h.used() <= max);
    }
    const std::string info = h.run({"INFO", "stats"}).str;
    CHECK(info.find("evicted_keys:0\r\n") == std::string::npos);
    CHECK(h.engine.stats().evicted_keys > 0);
    CHECK(h.engine.stats().evicted_keys == h.engine.evictor().reports().back().seq);
}

TEST_CASE("eviction: volatile policies never evict keys without a TTL") {
    for (const std::string policy : {"volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"}) {
        CAPTURE(policy);
        Evict h;
        h.fill("keep", 50);
        h.fill("tmp", 50, 1000);
        h.policy(policy);
        h.limitTo(-1500);
        CHECK(h.run({"PING"}).str == "PONG");
        CHECK(h.count("keep", 50) == 50);
        CHECK(h.count("tmp", 50) < 50);
        // Once every volatile key is gone, writes get the OOM error.
        h.limitTo(-100000);
        CHECK(h.run({"SET", "x", "y"}).str == kOom);
        CHECK(h.count("tmp", 50) == 0);
        CHECK(h.count("keep", 50) == 50);
    }
}

TEST_CASE("eviction: volatile-ttl evicts the keys that expire soonest") {
    Evict h;
    h.run({"CONFIG", "SET", "maxmemory-samples", "10"});
    for (int i = 0; i < 100; ++i) h.run({"SET", "t:" + std::to_string(i), kValue, "EX", std::to_string(1000 + i * 10)});
    h.policy("volatile-ttl");
    h.limitTo(-2000);
    CHECK(h.run({"PING"}).str == "PONG");
    const auto evicted = h.evictedKeys();
    REQUIRE(evicted.size() >= 10);
    // The evicted keys come from the soonest-expiring part of the range.
    int early = 0;
    for (const auto& k : evicted) early += std::stoi(k.substr(2)) < 50 ? 1 : 0;
    CHECK(early * 10 >= static_cast<int>(evicted.size()) * 9);
    // The pool is sorted, worst first, and the key evicted came from it (better entries
    // above it were ghosts: keys already evicted, sampled twice).
    for (const auto& r : h.engine.evictor().reports()) {
        REQUIRE(!r.pool.empty());
        bool in_pool = false;
        for (const auto& c : r.pool) in_pool = in_pool || c.key == r.key;
        CHECK(in_pool);
        for (size_t i = 1; i < r.pool.size(); ++i) CHECK(r.pool[i - 1].score <= r.pool[i].score);
    }
}

TEST_CASE("eviction: allkeys-lru keeps recently read keys (samples 10)") {
    Evict h;
    h.run({"CONFIG", "SET", "maxmemory-samples", "10"});
    h.policy("allkeys-lru");
    h.fill("cold", 200);
    h.fill("hot", 200);
    h.engine.advanceTime(100 * 1000000LL);
    for (int i = 0; i < 200; ++i) h.run({"GET", "hot:" + std::to_string(i)});
    h.engine.advanceTime(10 * 1000000LL);
    h.limitTo(0);
    h.fill("new", 150);  // each write makes room by evicting
    const int cold = h.count("cold", 200), hot = h.count("hot", 200);
    CAPTURE(cold);
    CAPTURE(hot);
    CHECK(hot >= 195);
    CHECK(cold <= 60);
    CHECK(h.count("new", 150) >= 140);
}

TEST_CASE("eviction: allkeys-lfu keeps frequently used keys") {
    Evict h;
    h.policy("allkeys-lfu");
    h.fill("rare", 200);
    h.fill("hot", 100);
    for (int round = 0; round < 20; ++round)
        for (int i = 0; i < 100; ++i) h.run({"GET", "hot:" + std::to_string(i)});
    h.limitTo(0);
    h.fill("new", 100);
    const int rare = h.count("rare", 200), hot = h.count("hot", 100);
    CAPTURE(rare);
    CHECK(hot == 100);
    CHECK(rare < 200);
}

TEST_CASE("eviction: the same seed evicts the same keys") {
    auto run_once = [](uint64_t seed, const std::string& policy) {
        Evict h(seed);
        h.policy(policy);
        h.fill("k", 300, 0);
        for (int i = 0; i < 300; i += 3) h.run({"EXPIRE", "k:" + std::to_string(i), std::to_string(500 + i)});
        h.limitTo(-5000);
        h.fill("n", 50);
        return h.evictedKeys();
    };
    for (const std::string policy :
         {"allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-ttl", "volatile-random", "volatile-lru"}) {
        CAPTURE(policy);
        const auto a = run_once(7, policy), b = run_once(7, policy);
        CHECK(!a.empty());
        CHECK(a == b);
    }
    CHECK(run_once(7, "allkeys-random") != run_once(8, "allkeys-random"));
}

TEST_CASE("eviction: LFU counter grows logarithmically as in redis.conf's table") {
    // redis.conf's table (one key hit N times):
    //   factor   100 hits  1000 hits  100K hits  1M hits
    //   0        104       255        255        255
    //   1        18        49         255        255
    //   10       10        18         142        255
    //   100      8         11         49         143
    // A hit raises the counter c with probability 1/((c-5)*factor+1), so reaching c takes
    // on average n + factor*n*(n-1)/2 hits (n = c-5). The average over 20 keys must be
    // close to the table; the spread of one key is wide (each step is a geometric draw).
    struct Row {
        long long factor, hits;
        double lo, hi;
        int keys;
    };
    for (const Row row : {Row{10, 100, 9, 11.5, 20}, Row{10, 1000, 17, 20.5, 20}, Row{10, 100000, 135, 150, 1},
                          Row{10, 1000000, 250, 255, 1}, Row{1, 100, 16, 20, 20}, Row{1, 1000, 46, 51, 20},
                          Row{0, 300, 255, 255, 1}, Row{100, 1000, 9.5, 12.5, 20}, Row{100, 100000, 45, 53, 1}}) {
        CAPTURE(row.factor);
        CAPTURE(row.hits);
        Evict h;
        h.policy("allkeys-lfu");
        h.run({"CONFIG", "SET", "lfu-log-factor", std::to_string(row.factor)});
        redsim::Db& db = h.engine.db(0);
        double sum = 0;
        for (int k = 0; k < row.keys; ++k) {
            const std::string key = "foo" + std::to_string(k);
            h.run({"SET", key, "bar"});
            CHECK(h.run({"OBJECT", "FREQ", key}).integer == 5);  // LFU_INIT_VAL
            // GET's own lookup, many times (faster than whole commands), then one GET.
            for (long long i = 0; i < row.hits - 1; ++i) db.lookupRead(key);
            h.run({"GET", key});
            sum += static_cast<double>(h.run({"OBJECT", "FREQ", key}).integer);
        }
        const double mean = sum / row.keys;
        MESSAGE("lfu-log-factor " << row.factor << ", " << row.hits << " hits: mean OBJECT FREQ " << mean);
        CAPTURE(mean);
        CHECK(mean >= row.lo);
        CHECK(mean <= row.hi);
    }
}

TEST_CASE("eviction: LFU counter decays by one per lfu-decay-time minutes (and IDLETIME, DEBUG OBJECT)") {
    Evict h;
    h.policy("allkeys-lfu");
    h.run({"CONFIG", "SET", "lfu-log-factor", "0"});
    h.run({"SET", "foo", "bar"});
    for (int i = 0; i < 20; ++i) h.run({"GET", "foo"});
    CHECK(h.run({"OBJECT", "FREQ", "foo"}).integer == 25);
    h.engine.advanceTime(3 * 60 * 1000000LL);
    CHECK(h.run({"OBJECT", "FREQ", "foo"}).integer == 22);
    h.run({"CONFIG", "SET", "lfu-decay-time", "2"});
    CHECK(h.run({"OBJECT", "FREQ", "foo"}).integer == 24);
    h.run({"CONFIG", "SET", "lfu-decay-time", "0"});  // 0: never decays
    h.engine.advanceTime(100 * 60 * 1000000LL);
    CHECK(h.run({"OBJECT", "FREQ", "foo"}).integer == 25);
    CHECK(h.run({"OBJECT", "IDLETIME", "foo"}).str.rfind("ERR An LFU maxmemory policy is selected", 0) == 0);

    h.policy("allkeys-lru");
    h.run({"SET", "bar", "x"});
    h.engine.advanceTime(42 * 1000000LL);
    CHECK(h.run({"OBJECT", "IDLETIME", "bar"}).integer == 42);
    CHECK(h.run({"OBJECT", "FREQ", "bar"}).str.rfind("ERR An LFU maxmemory policy is not selected", 0) == 0);
    const std::string dbg = h.run({"DEBUG", "OBJECT", "bar"}).str;
    CHECK(dbg.find(" lru_seconds_idle:42") != std::string::npos);
    h.run({"GET", "bar"});
    CHECK(h.run({"OBJECT", "IDLETIME", "bar"}).integer == 0);
}

TEST_CASE("eviction: an eviction deletes, notifies, propagates a DEL and reports") {
    Evict h;
    h.fill("k", 30);
    h.policy("allkeys-lru");
    h.run({"CONFIG", "SET", "notify-keyspace-events", "Ee"});
    std::vector<std::string> events;
    h.engine.onKeyspaceEvent([&](const redsim::KeyspaceEvent& e) { events.push_back(e.event + " " + e.key); });
    std::vector<std::string> stream;
    h.engine.propagator().addSink([&](std::span<const redsim::PropagatedOp> ops) {
        for (const auto& op : ops) {
            std::string line;
            for (const auto& a : op.argv) line += (line.empty() ? "" : " ") + a;
            stream.push_back(line);
        }
    });
    std::vector<EvictionEvent> seen;
    h.engine.evictor().onEviction([&](const EvictionEvent& e) { seen.push_back(e); });
    // A WATCHed key that is evicted breaks the transaction.
    h.run({"WATCH", "k:0",  "k:1",  "k:2",  "k:3",  "k:4",  "k:5",  "k:6",  "k:7",  "k:8",  "k:9",
           "k:10",  "k:11", "k:12", "k:13", "k:14", "k:15", "k:16", "k:17", "k:18", "k:19", "k:20",
           "k:21",  "k:22", "k:23", "k:24", "k:25", "k:26", "k:27", "k:28", "k:29"});
    h.limitTo(-600);
    CHECK(h.run({"MULTI"}).str == "OK");
    CHECK(h.run({"PING"}).str == "QUEUED");
    CHECK(h.run({"EXEC"}).type == Reply::Type::Nil);
    REQUIRE(!seen.empty());
    CHECK(h.engine.stats().evicted_keys == seen.size());
    REQUIRE(events.size() == seen.size());
    REQUIRE(stream.size() >= seen.size());
    for (size_t i = 0; i < seen.size(); ++i) {
        CHECK(events[i] == "evicted " + seen[i].key);
        CHECK(stream[i] == "DEL " + seen[i].key);
        CHECK(seen[i].policy == "allkeys-lru");
        CHECK(seen[i].freed > 0);
        CHECK(!seen[i].sampled.empty());
        CHECK(seen[i].pool.size() <= redsim::kEvictionPoolSize);
        CHECK(!h.exists(seen[i].key));
    }
    // DEBUG EVICTIONS shows the newest reports.
    const Reply r = h.run({"DEBUG", "EVICTIONS", "2"});
    REQUIRE(r.type == Reply::Type::Array);
    REQUIRE(r.elements.size() == std::min<size_t>(2, seen.size()));
    CHECK(r.elements.back().elements[7].str == seen.back().key);
    CHECK(h.run({"DEBUG", "EVICTIONS", "-1"}).str == "ERR value is out of range, must be positive");
    CHECK(h.run({"DEBUG", "EVICTIONS", "abc"}).type == Reply::Type::Error);
}

TEST_CASE("eviction: tenacity bounds the keys one call evicts and the cron goes on") {
    CHECK(redsim::Evictor::keyBudget(0) == 0);
    CHECK(redsim::Evictor::keyBudget(10) == 500);
    CHECK(redsim::Evictor::keyBudget(11) == 575);
    CHECK(redsim::Evictor::keyBudget(100) == UINT64_MAX);
    Evict h;
    h.fill("k", 200);
    h.policy("allkeys-random");
    h.run({"CONFIG", "SET", "maxmemory-eviction-tenacity", "0"});
    h.limitTo(-8000);                            // CONFIG SET maxmemory evicts one batch itself
    CHECK(h.engine.stats().evicted_keys == 16);  // one batch per call at tenacity 0
    CHECK(h.run({"PING"}).str == "PONG");
    CHECK(h.engine.stats().evicted_keys == 32);
    CHECK(h.run({"SET", "x", "y"}).str == "OK");  // not refused while eviction is running
    h.engine.advanceTime(1000000);                // the cron finishes the work
    CHECK(h.engine.stats().evicted_keys > 32);
    CHECK(h.used() <= std::stoll(h.run({"CONFIG", "GET", "maxmemory"}).elements[1].str));
}

TEST_CASE("eviction: exact-LRU mode (redsim-only) evicts in true access order") {
    Evict h;
    REQUIRE(h.run({"CONFIG", "SET", "redsim-maxmemory-exact-lru", "yes"}).str == "OK");
    CHECK(h.run({"CONFIG", "GET", "redsim-maxmemory-exact-lru"}).elements[1].str == "yes");
    h.policy("allkeys-lru");
    h.fill("k", 100);  // all in the same second: the LRU clock cannot tell them apart
    for (int i = 0; i < 100; i += 2) h.run({"GET", "k:" + std::to_string(i)});  // even keys are newer
    h.limitTo(-3000);
    CHECK(h.run({"PING"}).str == "PONG");
    const auto evicted = h.evictedKeys();
    REQUIRE(!evicted.empty());
    // The odd keys, oldest first.
    for (size_t i = 0; i < evicted.size(); ++i) CHECK(evicted[i] == "k:" + std::to_string(2 * i + 1));
    CHECK(h.engine.evictor().reports().back().policy == "allkeys-lru+exact");
    // volatile-lru in exact mode still skips keys without a TTL.
    h.run({"CONFIG", "SET", "maxmemory", "0"});
    h.run({"EXPIRE", "k:98", "100"});
    h.policy("volatile-lru");
    h.limitTo(-10);
    CHECK(h.run({"PING"}).str == "PONG");
    CHECK(h.evictedKeys().back() == "k:98");
    CHECK(h.run({"CONFIG", "SET", "redsim-maxmemory-exact-lru", "no"}).str == "OK");
}

TEST_CASE("eviction: CONFIG SET and GET of every eviction parameter (bad values change nothing)") {
    Evict h;
    for (const std::string policy : {"volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "allkeys-lru",
                                     "allkeys-lfu", "allkeys-random", "noeviction"}) {
        CHECK(h.run({"CONFIG", "SET", "maxmemory-policy", policy}).str == "OK");
        CHECK(h.run({"CONFIG", "GET", "maxmemory-policy"}).elements[1].str == policy);
    }
    CHECK(h.run({"CONFIG", "SET", "maxmemory", "1mb"}).str == "OK");
    CHECK(h.run({"CONFIG", "GET", "maxmemory"}).elements[1].str == "1048576");
    CHECK(h.run({"CONFIG", "SET", "maxmemory-samples", "0"}).str ==
          "ERR CONFIG SET failed (possibly related to argument 'maxmemory-samples') - argument must be between 1 and "
          "2147483647 inclusive");
    CHECK(h.run({"CONFIG", "SET", "maxmemory-eviction-tenacity", "101"}).str ==
          "ERR CONFIG SET failed (possibly related to argument 'maxmemory-eviction-tenacity') - argument must be "
          "between 0 and 100 inclusive");
    CHECK(h.run({"CONFIG", "SET", "lfu-log-factor", "-1"}).type == Reply::Type::Error);
    CHECK(h.run({"CONFIG", "SET", "lfu-decay-time", "-1"}).type == Reply::Type::Error);
    CHECK(h.run({"CONFIG", "SET", "maxmemory-policy", "foo"}).str ==
          "ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of the "
          "following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, "
          "allkeys-random, noeviction");
    CHECK(h.run({"CONFIG", "SET", "redsim-maxmemory-exact-lru", "maybe"}).type == Reply::Type::Error);
    const Reply all = h.run({"CONFIG", "GET", "maxmemory*", "lfu-*"});
    std::map<std::string, std::string> got;
    for (size_t i = 0; i + 1 < all.elements.size(); i += 2) got[all.elements[i].str] = all.elements[i + 1].str;
    CHECK(got["maxmemory"] == "1048576");
    CHECK(got["maxmemory-policy"] == "noeviction");
    CHECK(got["maxmemory-samples"] == "5");
    CHECK(got["maxmemory-eviction-tenacity"] == "10");
    CHECK(got["lfu-log-factor"] == "10");
    CHECK(got["lfu-decay-time"] == "1");
    CHECK(got.count("redsim-maxmemory-exact-lru") == 0);  // not a maxmemory* name: CONFIG GET maxmemory* stays as Redis
}

TEST_CASE("eviction: more samples approximate LRU better and exact mode is exact (numbers in docs/eviction.md)") {
    // 1000 keys written one second apart (k:0 oldest), then 500 new keys push old ones out.
    // Quality: when n old keys were evicted, the share of them among the n oldest (a true
    // LRU: 100 %).
    auto quality = [](const std::string& samples, bool exact) {
        Evict h;
        h.policy("allkeys-lru");
        h.run({"CONFIG", "SET", "maxmemory-samples", samples});
        if (exact) h.run({"CONFIG", "SET", "redsim-maxmemory-exact-lru", "yes"});
        for (int i = 0; i < 1000; ++i) {
            h.run({"SET", "k:" + std::to_string(i), kValue});
            h.engine.advanceTime(1000000);
        }
        std::vector<std::string> evicted;  // all of them (reports() keeps the last 128)
        h.engine.evictor().onEviction([&](const EvictionEvent& e) { evicted.push_back(e.key); });
        h.limitTo(0);
        h.fill("new", 500);
        std::vector<int> old;
        for (const auto& k : evicted)
            if (k.rfind("k:", 0) == 0) old.push_back(std::stoi(k.substr(2)));
        REQUIRE(!old.empty());
        // An exact LRU evicting n old keys evicts k:0 … k:n-1.
        const int n = static_cast<int>(old.size());
        int right = 0;
        for (int i : old) right += i < n ? 1 : 0;
        return 100.0 * right / n;
    };
    const double s1 = quality("1", false), s3 = quality("3", false), s5 = quality("5", false),
                 s10 = quality("10", false), ex = quality("5", true);
    MESSAGE("evicted old keys that a true LRU evicts too: samples 1 " << s1 << "%, 3 " << s3 << "%, 5 " << s5
                                                                      << "%, 10 " << s10 << "%, exact " << ex << "%");
    CHECK(s1 < s5);
    CHECK(s5 <= s10);
    CHECK(s10 >= 85);
    CHECK(ex == 100);
}
