// The Pub/Sub view's model: the graph of publishers, channels, patterns and subscribers,
// the recorded messages (with the engine's publish listener), and the dots in flight.
#include <doctest/doctest.h>

#include "engine/inspect/pubsub.h"
#include "gui/model/pubsub_model.h"

using namespace redsim;
using namespace redsim::gui;

namespace {

std::map<uint64_t, std::string> names(GuiState& s) {
    std::map<uint64_t, std::string> r;
    for (const auto& c : s.session().clientViews()) r[c.id] = c.name;
    return r;
}

// alice SUBSCRIBEs news, bob PSUBSCRIBEs n*, main publishes.
void setup(GuiState& s) {
    s.runLine(0, ":client alice");
    s.runLine(s.currentTab(), "SUBSCRIBE news");
    s.runLine(s.currentTab(), ":client bob");
    s.runLine(s.currentTab(), "PSUBSCRIBE n*");
    s.runLine(s.currentTab(), ":client main");
}

}  // namespace

TEST_SUITE("gui.pubsub") {
    TEST_CASE("gui.pubsub.messages.recorded_with_deliveries") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        setup(s);
        s.runLine(0, "PUBLISH news hi");
        REQUIRE(s.messages().size() == 1);
        const MessageRecord& m = s.messages().back();
        CHECK(m.publisher == "main");
        CHECK(m.channel == "news");
        CHECK(m.message == "hi");
        CHECK(m.receivers == 2);
        REQUIRE(m.deliveries.size() == 2);
        CHECK(m.deliveries[0].pattern.empty());  // alice, through the channel
        CHECK(m.deliveries[1].pattern == "n*");  // bob, through the pattern
        // SPUBLISH and keyspace events are recorded too (the server publishes those).
        s.runLine(0, "SPUBLISH shard1 x");
        CHECK(s.messages().back().shard);
        s.runLine(0, "CONFIG SET notify-keyspace-events KEA");
        s.runLine(0, "SET k v");
        CHECK(s.messages().back().publisher_id == 0);
        CHECK(s.messages().back().channel.rfind("__key", 0) == 0);
    }

    TEST_CASE("gui.pubsub.layout.columns_and_edges") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        setup(s);
        s.runLine(0, "PUBLISH news hi");
        s.runLine(0, "PUBLISH nobody hello");
        const auto snap = inspect::inspectPubSub(s.engine());
        const PubSubGraph g = layoutPubSub(snap, names(s), s.messages());
        using K = PubSubNode::Kind;
        const long pub = g.find(K::Publisher, "main");
        const long news = g.find(K::Channel, "news");
        const long quiet = g.find(K::Channel, "nobody");
        const long pat = g.find(K::Pattern, "n*");
        const long alice = g.find(K::Subscriber, "alice");
        const long bob = g.find(K::Subscriber, "bob");
        REQUIRE(pub >= 0);
        REQUIRE(news >= 0);
        REQUIRE(quiet >= 0);  // a channel nobody listens to, shown because it got a message
        REQUIRE(pat >= 0);
        REQUIRE(alice >= 0);
        REQUIRE(bob >= 0);
        auto n = [&](long i) { return g.nodes[static_cast<size_t>(i)]; };
        CHECK(n(pub).x < n(news).x);
        CHECK(n(news).x < n(alice).x);
        CHECK(n(news).subscribers == 1);
        CHECK(n(quiet).subscribers == 0);
        CHECK(n(alice).y < n(bob).y);  // by id: alice connected first
        for (const auto& node : g.nodes) {
            CHECK(node.y >= 0.0f);
            CHECK(node.y <= 1.0f);
        }
        CHECK(g.edges.size() == 2);
        CHECK(matchingPatterns(snap, "news") == std::vector<std::string>{"n*"});
        CHECK(matchingPatterns(snap, "sport").empty());

        // A cap per column: the rest is counted.
        for (int i = 0; i < 30; ++i)
            s.runLine(0, ":client c" + std::to_string(i) + " SUBSCRIBE ch" + std::to_string(i));
        const PubSubGraph capped = layoutPubSub(inspect::inspectPubSub(s.engine()), names(s), s.messages(), 10);
        CHECK(capped.hidden_channels > 0);
        CHECK(capped.hidden_subscribers > 0);
        size_t subs = 0;
        for (const auto& node : capped.nodes) subs += node.kind == K::Subscriber;
        CHECK(subs == 10);
        CHECK(clientLabel({}, 0) == "server");
        CHECK(clientLabel({}, 7) == "client #7");
    }

    TEST_CASE("gui.pubsub.dots.travel") {
        GuiState s(GuiOptions{.seed = 1, .virtual_clock = true});
        setup(s);
        s.runLine(0, "PUBLISH news hi");
        const PubSubGraph g = layoutPubSub(inspect::inspectPubSub(s.engine()), names(s), s.messages());
        const MessageRecord& m = s.messages().back();
        using K = PubSubNode::Kind;
        const auto& pub = g.nodes[static_cast<size_t>(g.find(K::Publisher, "main"))];
        const auto& news = g.nodes[static_cast<size_t>(g.find(K::Channel, "news"))];
        const auto& pat = g.nodes[static_cast<size_t>(g.find(K::Pattern, "n*"))];
        const auto& alice = g.nodes[static_cast<size_t>(g.find(K::Subscriber, "alice"))];

        auto start = messageDots(g, m, 0, 2);
        REQUIRE(start.size() == 2);
        CHECK(start[0].x == doctest::Approx(pub.x));
        auto half = messageDots(g, m, 1, 2);  // at the routing nodes
        REQUIRE(half.size() == 2);
        CHECK(half[0].x == doctest::Approx(news.x));
        CHECK(half[0].y == doctest::Approx(news.y));
        CHECK(half[1].y == doctest::Approx(pat.y));
        auto end = messageDots(g, m, 2, 2);
        CHECK(end[0].x == doctest::Approx(alice.x));
        CHECK(end[0].y == doctest::Approx(alice.y));
        CHECK(end[0].delivered);
        auto mid = messageDots(g, m, 1.5, 2);
        CHECK(mid[0].x > news.x);
        CHECK(mid[0].x < alice.x);
        CHECK(messageDots(g, m, 2.5, 2).empty());
        CHECK(messageDots(g, m, -1, 2).empty());

        s.runLine(0, "PUBLISH void x");
        const PubSubGraph g2 = layoutPubSub(inspect::inspectPubSub(s.engine()), names(s), s.messages());
        auto lost = messageDots(g2, s.messages().back(), 1.5, 2);
        REQUIRE(lost.size() == 1);
        CHECK(lost[0].dropped);
        CHECK(lost[0].x == doctest::Approx(g2.nodes[lost[0].route].x));
        CHECK(easeInOut(0) == 0.0f);
        CHECK(easeInOut(1) == 1.0f);
        CHECK(easeInOut(0.5f) == doctest::Approx(0.5f));
    }
}
