// X-ADMM: joint (admm variant x cut x target) search equals the brute force; fallback to l1-*.
#include <gtest/gtest.h>

#include "common/input_error.hpp"
#include "policy_test_cards.hpp"
#include "sim/policies/policy_registry.hpp"
#include "sim/policies/x_admm_policy.hpp"

namespace a2iot::sim {
namespace {

using namespace testcards;

TEST(XAdmm, JointSearchEqualsBruteForce) {
    const auto card = chain_card();
    for (const std::string objective : {"latency", "energy"}) {
        XAdmmPolicy pol(params("x-admm", {{"objective", objective}}));
        for (double bw : {1e5, 1e6, 1e7, 1e8, 1e9}) {
            for (double min_acc : {0.0, 0.87, 0.89, 0.9}) {
                Observation o = observe(card, bw);
                o.targets.push_back(target("cloud", "cloud", bw / 3, 0.03, 1e11, 2.0));
                o.req.min_accuracy = min_acc;
                Decision d = pol.decide(o);
                ASSERT_FALSE(d.drop) << d.reason;
                EXPECT_TRUE(d.variant.rfind("admm-", 0) == 0 || d.variant == "base") << d.reason;
                std::vector<std::string> fam;  // the ADMM family: its 0% member is base
                for (const char* n : {"base", "admm-50", "admm-75"})
                    if (*card.variant(n)->accuracy >= min_acc) fam.push_back(n);
                auto best = brute_force(
                    o, fam,
                    [&](const models::Variant&, const CostEstimate& e, const models::Cut&) {
                        return objective == "latency" ? e.latency_s : e.device_energy_j;
                    },
                    /*prefix_only=*/true);
                const TargetObservation* t = nullptr;
                for (const auto& x : o.targets)
                    if (x.id == d.target) t = &x;
                const CostEstimate got =
                    LatencyModel::estimate(o.device, t, *card.variant(d.variant), d.cut);
                const double score = objective == "latency" ? got.latency_s : got.device_energy_j;
                EXPECT_NEAR(score, best.score, 1e-12 + 1e-9 * best.score) << d.reason;
                EXPECT_GE(*card.variant(d.variant)->accuracy, min_acc);
            }
        }
    }
}

TEST(XAdmm, FallsBackToL1WithAReasonAndToBestEffortAccuracy) {
    auto card = chain_card();
    Observation o = observe(card, 1e7);
    o.allowed_variants = {"base", "l1-50"};
    XAdmmPolicy pol(params("x-admm"));
    Decision d = pol.decide(o);
    EXPECT_EQ(d.variant, "l1-50");
    EXPECT_NE(d.reason.find("no admm-* variants, using l1-*"), std::string::npos) << d.reason;
    Observation strict = observe(card, 1e7);
    strict.req.min_accuracy = 0.95;  // nothing reaches it
    Decision s = pol.decide(strict);
    EXPECT_EQ(s.variant, "base");  // the most accurate of the family (base is its 0% member)
    EXPECT_NE(s.reason.find("none meets accuracy"), std::string::npos) << s.reason;
    EXPECT_THROW(XAdmmPolicy(params("x-admm", {{"objective", "fun"}})), common::InputError);
    auto names = PolicyRegistry::names();
    EXPECT_NE(std::find(names.begin(), names.end(), "x-admm"), names.end());
}

TEST(XAdmm, AFloorOnlyBaseMeetsRunsBase) {
    const auto card = chain_card();
    Observation o = observe(card, 1e7);
    o.req.min_accuracy = 0.9;  // base 0.91 meets it, admm-50 (0.895) does not
    XAdmmPolicy pol(params("x-admm"));
    const Decision d = pol.decide(o);
    EXPECT_EQ(d.variant, "base") << d.reason;
    EXPECT_EQ(d.reason.find("none meets"), std::string::npos) << d.reason;
}

TEST(XAdmm, ParamMinAccuracyAppliesWhenTheRequestHasNone) {
    const auto card = chain_card();
    XAdmmPolicy pol(params("x-admm", {{"min_accuracy", "89%"}}));
    Decision d = pol.decide(observe(card, 1e5));
    EXPECT_EQ(d.variant, "admm-50") << d.reason;
    XAdmmPolicy loose(params("x-admm"));
    // Without a requirement the smaller admm-75 is at least as fast somewhere in the sweep.
    bool smaller = false;
    for (double bw : {1e4, 1e5, 1e6})
        smaller = smaller || loose.decide(observe(card, bw)).variant == "admm-75";
    EXPECT_TRUE(smaller);
}

}  // namespace
}  // namespace a2iot::sim
