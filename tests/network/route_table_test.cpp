#include "network/route_table.hpp"

#include <gtest/gtest.h>

namespace a2iot::network {
namespace {

TEST(RouteTable, MultiHopTerminalEdgeCloud) {
    RouteTable t;
    t.add_link("cam-0", "edge", 0, 0.005);
    t.add_link("cam-1", "edge", 1, 0.005);
    t.add_link("edge", "cloud", 2, 0.04);
    EXPECT_EQ(t.route("cam-0", "cloud"), (std::vector<int>{0, 2}));
    EXPECT_EQ(t.route("cloud", "cam-1"), (std::vector<int>{2, 1}));
    EXPECT_EQ(t.route("cam-0", "cam-1"), (std::vector<int>{0, 1}));
    EXPECT_EQ(t.route("edge", "edge"), std::vector<int>{});
    EXPECT_FALSE(t.route("cam-0", "nowhere").has_value());
}

TEST(RouteTable, FewestHopsThenLowestLatency) {
    RouteTable t;
    t.add_link("a", "b", 0, 0.001);
    t.add_link("b", "c", 1, 0.001);
    t.add_link("a", "c", 2, 0.5);  // one hop beats two even if slower
    t.add_link("a", "c", 3, 0.2);  // parallel link: the faster one
    EXPECT_EQ(t.route("a", "c"), (std::vector<int>{3}));
    auto all = t.routes_from("c");
    EXPECT_EQ(all.size(), 2u);
    EXPECT_EQ(all.at("a"), (std::vector<int>{3}));
    EXPECT_EQ(all.at("b"), (std::vector<int>{1}));
}

TEST(RouteTable, DisconnectedComponentsAreUnreachable) {
    RouteTable t;
    t.add_link("a", "b", 0, 0.0);
    t.add_link("c", "d", 1, 0.0);
    EXPECT_FALSE(t.route("a", "d").has_value());
    EXPECT_EQ(t.routes_from("a").size(), 1u);
    EXPECT_EQ(t.vertex_count(), 4u);
}

}  // namespace
}  // namespace a2iot::network
