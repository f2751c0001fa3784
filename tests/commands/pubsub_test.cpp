// Pub/Sub: a seeded random run of SUBSCRIBE/PSUBSCRIBE/SSUBSCRIBE, their UN- forms,
// PUBLISH, SPUBLISH, RESET and disconnects over several clients, checked after every
// step against a simple model (who listens to what, who received what, in which
// order), plus subscribed mode, RESP3 pushes and garbage arguments.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/inspect/pubsub.h"
#include "engine/util/glob.h"
#include "tests/engine/test_util.h"

namespace redsim {
namespace {

using resp::Reply;

// Every reply in a client's output buffer.
std::vector<Reply> drain(Client& c) {
    const std::string out = c.takeOutput();
    std::vector<Reply> r;
    size_t pos = 0;
    while (pos < out.size()) {
        Reply one;
        REQUIRE(resp::parseReply(out, pos, one) == resp::ParseStatus::Ok);
        r.push_back(std::move(one));
    }
    return r;
}

std::vector<std::string> strs(const Reply& r) {
    std::vector<std::string> v;
    for (const auto& e : r.elements) v.push_back(e.type == Reply::Type::Integer ? std::to_string(e.integer) : e.str);
    return v;
}

void exec(Engine& e, Client& c, std::vector<std::string> argv) { e.execute(c, argv); }

TEST_CASE("pubsub.random_model") {
    Engine engine(EngineOptions{.seed = 7, .virtual_clock = true});
    Rng rng(2024);
    constexpr int kClients = 6;
    std::vector<Client*> clients;
    for (int i = 0; i < kClients; ++i) clients.push_back(&engine.createClient());
    const std::vector<std::string> names = {"a", "b", "ab", "news", "n.1", ""};
    const std::vector<std::string> patterns = {"*", "a*", "n?1", "[ab]", "news", "[^a]*"};
    // Model: per client, its subscriptions in order.
    struct M {
        std::vector<std::string> ch, pat, shard;
    };
    std::vector<M> model(kClients);
    auto addUnique = [](std::vector<std::string>& v, const std::string& s) {
        if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
    };
    auto erase = [](std::vector<std::string>& v, const std::string& s) { std::erase(v, s); };

    for (int step = 0; step < 4000; ++step) {
        const int ci = static_cast<int>(rng.below(kClients));
        Client& c = *clients[static_cast<size_t>(ci)];
        M& m = model[static_cast<size_t>(ci)];
        const std::string& nm = names[rng.below(names.size())];
        const std::string& pt = patterns[rng.below(patterns.size())];
        switch (rng.below(10)) {
            case 0:
                exec(engine, c, {"SUBSCRIBE", nm});
                addUnique(m.ch, nm);
                break;
            case 1:
                exec(engine, c, {"PSUBSCRIBE", pt});
                addUnique(m.pat, pt);
                break;
            case 2:
                exec(engine, c, {"SSUBSCRIBE", nm});
                addUnique(m.shard, nm);
                break;
            case 3:
                exec(engine, c, {"UNSUBSCRIBE", nm});
                erase(m.ch, nm);
                break;
            case 4:
                exec(engine, c, {"PUNSUBSCRIBE"});
                m.pat.clear();
                break;
            case 5:
                exec(engine, c, {"SUNSUBSCRIBE", nm});
                erase(m.shard, nm);
                break;
            case 6:
                if (rng.below(4) == 0) {
                    // A disconnect (or RESET) drops every subscription.
                    if (rng.below(2) == 0) {
                        exec(engine, c, {"RESET"});
                    } else {
                        engine.freeClient(c.id);
                        clients[static_cast<size_t>(ci)] = &engine.createClient();
                    }
                    m = M{};
                }
                break;
            default: {
                // Publish from a fresh RESP3-free observer: expected receivers computed
                // from the model, in Redis's order (channel subscribers in subscription
                // order, then patterns).
                for (auto* x : clients) x->takeOutput();
                const bool shard = rng.below(3) == 0;
                Client& pub = *clients[static_cast<size_t>((ci + 1) % kClients)];
                const bool pub_blocked = pub.resp == 2 && pub.inPubSubMode();
                if (pub_blocked) break;
                exec(engine, pub, {shard ? "SPUBLISH" : "PUBLISH", nm, "msg"});
                size_t want = 0;
                std::map<Client*, int> per;
                for (int k = 0; k < kClients; ++k) {
                    const M& mm = model[static_cast<size_t>(k)];
                    Client* who = clients[static_cast<size_t>(k)];
                    if (shard) {
                        if (std::find(mm.shard.begin(), mm.shard.end(), nm) != mm.shard.end()) ++per[who];
                    } else {
                        if (std::find(mm.ch.begin(), mm.ch.end(), nm) != mm.ch.end()) ++per[who];
                        for (const auto& p : mm.pat)
                            if (globMatch(p, nm)) ++per[who];
                    }
                }
                for (auto& [who, n] : per) want += static_cast<size_t>(n);
                // The publisher's own buffer: its messages, then the count.
                auto mine = drain(pub);
                REQUIRE(!mine.empty());
                CHECK(mine.back().integer == static_cast<long long>(want));
                for (int k = 0; k < kClients; ++k) {
                    Client* who = clients[static_cast<size_t>(k)];
                    const size_t got = who == &pub ? mine.size() - 1 : drain(*who).size();
                    CHECK(got == static_cast<size_t>(per.count(who) ? per[who] : 0));
                }
                break;
            }
        }
        for (auto* x : clients) x->takeOutput();
        // After every step: each client's subscriptions and the engine's counts.
        std::set<std::string> chans, pats, shards;
        for (int k = 0; k < kClients; ++k) {
            const Client& cc = *clients[static_cast<size_t>(k)];
            const M& mm = model[static_cast<size_t>(k)];
            REQUIRE(cc.sub_channels == mm.ch);
            REQUIRE(cc.sub_patterns == mm.pat);
            REQUIRE(cc.sub_shard_channels == mm.shard);
            chans.insert(mm.ch.begin(), mm.ch.end());
            pats.insert(mm.pat.begin(), mm.pat.end());
            shards.insert(mm.shard.begin(), mm.shard.end());
        }
        REQUIRE(engine.pubsub().channelCount() == chans.size());
        REQUIRE(engine.pubsub().patternCount() == pats.size());
        REQUIRE(engine.pubsub().shardChannelCount() == shards.size());
        for (const auto& n : names) {
            size_t subs = 0;
            for (const auto& mm : model) subs += std::count(mm.ch.begin(), mm.ch.end(), n);
            REQUIRE(engine.pubsub().subscriberCount(PubSub::Kind::Channel, n) == subs);
        }
    }
}

TEST_CASE("pubsub.delivery_order_follows_subscription_order") {
    test::Harness h;
    Engine& e = h.engine;
    Client& a = e.createClient();
    Client& b = e.createClient();
    Client& c = e.createClient();
    exec(e, b, {"SUBSCRIBE", "ch"});
    exec(e, c, {"PSUBSCRIBE", "c*"});
    exec(e, a, {"SUBSCRIBE", "ch"});
    for (auto* x : {&a, &b, &c}) x->takeOutput();
    e.takePushedClients();
    CHECK(h.run({"PUBLISH", "ch", "m"}).integer == 3);
    // Channel subscribers in the order they subscribed, then pattern subscribers.
    CHECK(e.pushed_clients == std::vector<uint64_t>{b.id, a.id, c.id});
    CHECK(strs(drain(c)[0]) == std::vector<std::string>{"pmessage", "c*", "ch", "m"});
}

TEST_CASE("pubsub.subscribed_mode_and_resp3") {
    test::Harness h;
    CHECK(h.cli({"SUBSCRIBE", "x"}) == "1) \"subscribe\"\n2) \"x\"\n3) (integer) 1");
    CHECK(h.cli({"GET", "k"}) ==
          "(error) ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed "
          "in this context");
    CHECK(h.cli({"PING"}) == "1) \"pong\"\n2) \"\"");
    CHECK(h.engine.stats().commands.size() > 0);
    CHECK(h.cli({"RESET"}) == "RESET");
    CHECK(h.cli({"GET", "k"}) == "(nil)");
    h.run({"HELLO", "3"});
    h.engine.execute(h.client, std::vector<std::string>{"SUBSCRIBE", "x"});
    CHECK(h.client.takeOutput() == ">3\r\n$9\r\nsubscribe\r\n$1\r\nx\r\n:1\r\n");
    h.engine.execute(h.client, std::vector<std::string>{"PUBLISH", "x", "hi"});
    CHECK(h.client.takeOutput() == ">3\r\n$7\r\nmessage\r\n$1\r\nx\r\n$2\r\nhi\r\n:1\r\n");
    CHECK(h.cli({"GET", "k"}) == "(nil)");  // RESP3: no restriction
    h.engine.execute(h.client, std::vector<std::string>{"UNSUBSCRIBE"});
    h.engine.execute(h.client, std::vector<std::string>{"UNSUBSCRIBE"});
    CHECK(h.client.takeOutput() ==
          ">3\r\n$11\r\nunsubscribe\r\n$1\r\nx\r\n:0\r\n>3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n");
}

TEST_CASE("pubsub.free_client_unsubscribes_and_client_list") {
    test::Harness h;
    Client& s = h.engine.createClient();
    exec(h.engine, s, {"SUBSCRIBE", "a", "b"});
    exec(h.engine, s, {"PSUBSCRIBE", "p*"});
    exec(h.engine, s, {"SSUBSCRIBE", "s"});
    const auto list = h.run({"CLIENT", "LIST", "TYPE", "pubsub"}).str;
    CHECK(list.find("flags=P db=0 sub=2 psub=1 ssub=1 ") != std::string::npos);
    CHECK(h.run({"CLIENT", "LIST", "TYPE", "normal"}).str.find("sub=0 psub=0 ssub=0") != std::string::npos);
    const auto info = h.run({"INFO", "stats"}).str;
    CHECK(info.find("pubsub_channels:2\r\npubsub_patterns:1\r\npubsubshard_channels:1\r\n") != std::string::npos);
    h.engine.freeClient(s.id);
    CHECK(h.run({"PUBSUB", "NUMPAT"}).integer == 0);
    CHECK(h.run({"PUBLISH", "a", "x"}).integer == 0);
    CHECK(h.engine.pubsub().channelCount() == 0);
    CHECK(h.engine.pubsub().shardChannelCount() == 0);
}

TEST_CASE("pubsub.garbage_never_crashes") {
    test::Harness h;
    Rng rng(99);
    const std::vector<std::string> cmds = {"SUBSCRIBE",  "UNSUBSCRIBE",  "PSUBSCRIBE", "PUNSUBSCRIBE", "PUBLISH",
                                           "SSUBSCRIBE", "SUNSUBSCRIBE", "SPUBLISH",   "PUBSUB",       "PING"};
    const std::vector<std::string> words = {"",
                                            "*",
                                            "[",
                                            "\\",
                                            "[^",
                                            "CHANNELS",
                                            "NUMSUB",
                                            "x",
                                            "NUMPAT",
                                            "HELP",
                                            "SHARDNUMSUB",
                                            "a[b-",
                                            std::string(3000, '*'),
                                            "?",
                                            "SHARDCHANNELS"};
    for (int i = 0; i < 3000; ++i) {
        std::vector<std::string> argv = {cmds[rng.below(cmds.size())]};
        const auto n = rng.below(5);
        for (uint64_t k = 0; k < n; ++k) argv.push_back(words[rng.below(words.size())]);
        h.engine.execute(h.client, argv);
        h.client.takeOutput();
        if (rng.below(50) == 0) h.run({"RESET"});
    }
    h.run({"RESET"});
    CHECK(h.cli({"SET", "k", "v"}) == "OK");
}

}  // namespace
}  // namespace redsim

namespace redsim {
TEST_CASE("pubsub.inspector_snapshot") {
    test::Harness h;
    Client& a = h.engine.createClient();
    Client& b = h.engine.createClient();
    exec(h.engine, b, {"SUBSCRIBE", "news", "art"});
    exec(h.engine, a, {"SUBSCRIBE", "news"});
    exec(h.engine, a, {"PSUBSCRIBE", "n*"});
    exec(h.engine, a, {"SSUBSCRIBE", "s"});
    const auto snap = inspect::inspectPubSub(h.engine);
    REQUIRE(snap.channels.size() == 2);
    CHECK(snap.channels[0].name == "art");
    CHECK(snap.channels[1].name == "news");
    CHECK(snap.channels[1].subscribers == std::vector<uint64_t>{b.id, a.id});
    REQUIRE(snap.patterns.size() == 1);
    CHECK(snap.patterns[0].subscribers == std::vector<uint64_t>{a.id});
    REQUIRE(snap.shard_channels.size() == 1);
    CHECK(snap.shard_channels[0].name == "s");
}
}  // namespace redsim

namespace redsim {
TEST_CASE("pubsub.publish_listener_sees_deliveries") {
    test::Harness h;
    Client& a = h.engine.createClient();
    Client& b = h.engine.createClient();
    Client& p = h.engine.createClient();
    exec(h.engine, a, {"SUBSCRIBE", "news"});
    exec(h.engine, b, {"PSUBSCRIBE", "n*", "*s"});
    std::vector<PublishEvent> seen;
    const uint64_t handle = h.engine.onPublish([&seen](const PublishEvent& e) { seen.push_back(e); });
    exec(h.engine, p, {"PUBLISH", "news", "hi"});
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].channel == "news");
    CHECK(seen[0].message == "hi");
    CHECK(seen[0].publisher == p.id);
    CHECK_FALSE(seen[0].shard);
    // In delivery order: the channel's subscribers, then each matching pattern's.
    REQUIRE(seen[0].deliveries.size() == 3);
    CHECK(seen[0].deliveries[0].client == a.id);
    CHECK(seen[0].deliveries[0].pattern.empty());
    CHECK(seen[0].deliveries[1].pattern == "*s");
    CHECK(seen[0].deliveries[2].pattern == "n*");
    exec(h.engine, p, {"SPUBLISH", "nobody", "x"});
    CHECK(seen.back().shard);
    CHECK(seen.back().deliveries.empty());
    // Keyspace events are published by the engine itself: publisher 0.
    exec(h.engine, p, {"CONFIG", "SET", "notify-keyspace-events", "KEA"});
    exec(h.engine, p, {"SET", "k", "v"});
    CHECK(seen.back().publisher == 0);
    h.engine.removePublishListener(handle);
    const size_t n = seen.size();
    exec(h.engine, p, {"PUBLISH", "news", "again"});
    CHECK(seen.size() == n);
}
}  // namespace redsim
