// The event-stream tap (engine/events.h): which keyspace events reach a listener under
// each notify-keyspace-events setting, and removing a listener.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/clock.h"
#include "engine/notify.h"
#include "tests/engine/test_util.h"

namespace {

struct Tap {
    redsim::test::Harness h;
    std::vector<std::string> seen;  // "db:event:key"
    uint64_t handle;
    Tap() {
        handle = h.engine.onKeyspaceEvent([this](const redsim::KeyspaceEvent& e) {
            seen.push_back(std::to_string(e.db) + ":" + e.event + ":" + e.key);
        });
    }
    void classes(const std::string& letters) { h.run({"CONFIG", "SET", "notify-keyspace-events", letters}); }
};

}  // namespace

TEST_CASE("notify.tap: nothing reaches listeners while notify-keyspace-events is empty") {
    Tap t;
    t.h.run({"SET", "k", "v"});
    t.h.run({"LPUSH", "l", "a"});
    t.h.run({"GET", "missing"});
    CHECK(t.seen.empty());
}

TEST_CASE("notify.tap: only the enabled classes, whatever K and E say") {
    Tap t;
    t.classes("l");  // no K, no E: nothing is published, but the class is enabled
    t.h.run({"SET", "k", "v"});
    t.h.run({"RPUSH", "l", "a", "b"});
    t.h.run({"LPOP", "l", "2"});
    CHECK(t.seen == std::vector<std::string>{"0:rpush:l", "0:lpop:l"});

    t.seen.clear();
    t.classes("KE$n");
    t.h.run({"SET", "k2", "v"});
    t.h.run({"SADD", "s", "a"});
    // SADD is class s (off), but creating the key is n.
    CHECK(t.seen == std::vector<std::string>{"0:new:k2", "0:set:k2", "0:new:s"});
}

TEST_CASE("notify.tap: A is every change class but not n (new) and m (keymiss)") {
    Tap t;
    t.classes("KEA");
    t.h.run({"SET", "k", "v"});
    t.h.run({"GET", "missing"});
    t.h.run({"SELECT", "5"});
    t.h.run({"HSET", "h", "f", "v"});
    CHECK(t.seen == std::vector<std::string>{"0:set:k", "5:hset:h"});
    t.seen.clear();
    t.classes("Em");
    t.h.run({"GET", "missing"});
    t.h.run({"OBJECT", "ENCODING", "missing"});  // OBJECT misses are silent (LOOKUP_NONOTIFY)
    CHECK(t.seen == std::vector<std::string>{"5:keymiss:missing"});
}

TEST_CASE("notify.tap: expiry publishes expired (x) lazily and from the active cycle") {
    Tap t;
    t.classes("Ex");
    t.h.run({"SET", "lazy", "v", "PX", "100"});
    t.h.run({"SET", "active", "v", "PX", "100"});
    dynamic_cast<redsim::VirtualClock&>(t.h.engine.clock()).advanceUs(200'000);
    t.h.run({"GET", "lazy"});
    CHECK(t.seen == std::vector<std::string>{"0:expired:lazy"});
    t.h.engine.advanceTime(1'000'000);  // ticks: the active expire cycle finds "active"
    CHECK(t.seen == std::vector<std::string>{"0:expired:lazy", "0:expired:active"});
    CHECK(t.h.engine.stats().expired_keys == 2);
}

TEST_CASE("notify.tap: a removed listener hears nothing more; others still do") {
    Tap t;
    std::vector<std::string> other;
    t.h.engine.onKeyspaceEvent([&](const redsim::KeyspaceEvent& e) { other.push_back(e.event); });
    t.classes("KEA");
    t.h.run({"SET", "k", "v"});
    t.h.engine.removeKeyspaceListener(t.handle);
    t.h.run({"DEL", "k"});
    CHECK(t.seen == std::vector<std::string>{"0:set:k"});
    CHECK(other == std::vector<std::string>{"set", "del"});
}
