// The three baselines on hand-made observations: target choice by role and load, fallbacks with
// reasons, and the memory rule (a variant that does not fit is never run locally).
#include <gtest/gtest.h>

#include "common/input_error.hpp"
#include "sim/policies/policy_registry.hpp"
#include "sim/policies/variant_choice.hpp"

namespace a2iot::sim {
namespace {

models::Variant make_variant(const std::string& name, double acc, std::int64_t mem, double flops,
                             int layers) {
    models::Variant v;
    v.name = name;
    v.accuracy = acc;
    v.memory_bytes = mem;
    v.flops = flops;
    v.layers.resize(static_cast<std::size_t>(layers));
    return v;
}

struct BaselinePolicies : ::testing::Test {
    models::ModelCard card;
    Observation obs;
    void SetUp() override {
        card.name = "toy";
        card.variants.push_back(make_variant("base", 0.90, 800'000'000, 1e9, 3));
        card.variants.push_back(make_variant("l1-50", 0.85, 300'000'000, 5e8, 3));
        card.variants.push_back(make_variant("l1-75", 0.70, 100'000'000, 2e8, 3));
        obs.card = &card;
        obs.device.id = "cam-0";
        obs.device.type = "raspberry-pi-4";
        obs.device.speed_flops_per_s = 1e9;
        obs.device.free_memory_bytes = 500'000'000;
        TargetObservation e1{"edge-a", "edge", 10e6, 0.005, 1e10, 8, 0.5, 16e9, true};
        TargetObservation e2{"edge-b", "edge", 10e6, 0.005, 1e10, 8, 0.25, 16e9, true};
        TargetObservation e3{"edge-c", "edge", 10e6, 0.005, 1e10, 8, 0.0, 16e9, false};
        TargetObservation c{"cloud", "cloud", 100e6, 0.04, 5e10, 32, 0.0, 64e9, true};
        obs.targets = {e1, e2, e3, c};
    }
    Decision run(const std::string& name) {
        scenarios::PolicySpec spec;
        spec.name = name;
        auto p = PolicyRegistry::create(PolicyParams(spec));
        EXPECT_EQ(p->name(), name);
        return p->decide(obs);
    }
};

TEST_F(BaselinePolicies, RegistryListsBaselinesAndRejectsUnknown) {
    auto names = PolicyRegistry::names();
    for (const char* n : {"local", "edge", "cloud"})
        EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
    EXPECT_FALSE(PolicyRegistry::summary("edge").empty());
    scenarios::PolicySpec spec;
    spec.name = "no-such-policy";
    spec.loc = {"x.yaml", 7};
    try {
        PolicyRegistry::create(PolicyParams(spec));
        FAIL() << "expected InputError";
    } catch (const common::InputError& e) {
        EXPECT_EQ(e.key(), "policy");
        EXPECT_EQ(e.line(), 7);
        EXPECT_NE(e.expected().find("local"), std::string::npos);
    }
    EXPECT_FALSE(PolicyRegistry::add("local", nullptr));  // no silent replacement
}

TEST_F(BaselinePolicies, LocalPicksMostAccurateVariantThatFitsMemory) {
    Decision d = run("local");
    EXPECT_FALSE(d.drop);
    EXPECT_EQ(d.variant, "l1-50");  // base (800 MB) does not fit 500 MB
    EXPECT_TRUE(d.target.empty());
    EXPECT_EQ(d.cut, models::Cut::all_local(3));
}

TEST_F(BaselinePolicies, LocalDropsWhenNothingFitsOrDeviceCannotCompute) {
    obs.device.free_memory_bytes = 50'000'000;
    Decision d = run("local");
    EXPECT_TRUE(d.drop);
    EXPECT_NE(d.reason.find("memory"), std::string::npos) << d.reason;
    obs.device.free_memory_bytes = 1e12;
    obs.device.speed_flops_per_s = 0;  // a bracelet
    d = run("local");
    EXPECT_TRUE(d.drop);
    EXPECT_NE(d.reason.find("cannot run"), std::string::npos) << d.reason;
}

TEST_F(BaselinePolicies, LocalHonoursMinAccuracyWhenPossible) {
    obs.device.free_memory_bytes = 1e12;
    card.variants[0].flops = 1e9;
    obs.req.min_accuracy = 0.8;
    EXPECT_EQ(run("local").variant, "base");
    // Unknown accuracy ranks below a known one.
    card.variants[0].accuracy.reset();
    EXPECT_EQ(run("local").variant, "l1-50");
    // Allowed list restricts the choice.
    obs.allowed_variants = {"l1-75"};
    EXPECT_EQ(run("local").variant, "l1-75");
}

TEST_F(BaselinePolicies, EdgePicksLeastLoadedReachableEdge) {
    Decision d = run("edge");
    EXPECT_FALSE(d.drop);
    EXPECT_EQ(d.target, "edge-b");  // edge-c has load 0 but is unreachable
    EXPECT_EQ(d.variant, "base");   // the edge has room for the most accurate one
    EXPECT_EQ(d.cut, models::Cut::all_remote(3));
    obs.targets[0].load = 0.1;
    EXPECT_EQ(run("edge").target, "edge-a");
}

TEST_F(BaselinePolicies, EdgeFallsBackToLocalThenDrops) {
    for (auto& t : obs.targets)
        if (t.role == "edge") t.reachable = false;
    Decision d = run("edge");
    EXPECT_FALSE(d.drop);
    EXPECT_TRUE(d.target.empty());
    EXPECT_EQ(d.variant, "l1-50");
    EXPECT_NE(d.reason.find("fallback"), std::string::npos) << d.reason;
    obs.device.speed_flops_per_s = 0;
    d = run("edge");
    EXPECT_TRUE(d.drop);
    EXPECT_NE(d.reason.find("no reachable edge"), std::string::npos) << d.reason;
}

TEST_F(BaselinePolicies, CloudPicksReachableCloud) {
    Decision d = run("cloud");
    EXPECT_EQ(d.target, "cloud");
    EXPECT_EQ(d.cut.device_count(), 0u);
    obs.targets.back().reachable = false;
    d = run("cloud");
    EXPECT_TRUE(d.target.empty());
    EXPECT_EQ(d.cut, models::Cut::all_local(3));
}

TEST_F(BaselinePolicies, RemoteVariantMustFitTargetMemory) {
    obs.targets[1].free_memory_bytes = 200'000'000;  // edge-b, the least loaded
    EXPECT_EQ(run("edge").variant, "l1-75");
}

TEST(PolicyParamsTest, TypedGettersReportLocation) {
    scenarios::PolicySpec spec;
    spec.name = "x";
    spec.params = {{"alpha", "0.25"}, {"budget", "300ms"}, {"bad", "abc"}, {"mode", "fast"}};
    spec.loc = {"s.yaml", 12};
    PolicyParams p(spec);
    EXPECT_DOUBLE_EQ(p.get_double("alpha", 1), 0.25);
    EXPECT_DOUBLE_EQ(p.get_double("missing", 3), 3);
    EXPECT_DOUBLE_EQ(p.get_quantity("budget", 0, common::Quantity::Time), 0.3);
    EXPECT_EQ(p.get_string("mode", ""), "fast");
    EXPECT_TRUE(p.has("bad"));
    try {
        p.get_double("bad", 0);
        FAIL();
    } catch (const common::InputError& e) {
        EXPECT_EQ(e.key(), "policy.params.bad");
        EXPECT_EQ(e.line(), 12);
    }
    EXPECT_THROW(p.get_quantity("alpha", 0, common::Quantity::Time), common::InputError);
}

}  // namespace
}  // namespace a2iot::sim
