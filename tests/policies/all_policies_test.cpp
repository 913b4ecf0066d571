// The contract every adaptation policy keeps with the runtimes, checked on many random
// observations: the decision names a card variant, its cut is valid and sized to it, remote work
// has a usable target that holds the variant, device work fits the device and the device can
// compute. Plus the degenerate inputs: no card, a one-node synthetic card, nowhere to run.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "policy_test_cards.hpp"
#include "sim/policies/exit_model.hpp"
#include "sim/policies/policy_registry.hpp"

namespace a2iot::sim {
namespace {

using namespace testcards;

const std::vector<std::string> kPolicies = {
    "neurosurgeon",  "dads",         "edgent", "adaptive-compression",
    "battery-aware", "least-loaded", "x-admm"};

models::ModelCard card_with_exits() {
    models::ModelCard c = chain_card();
    for (auto& v : c.variants) {
        models::ExitBranch b;
        b.name = "exit1";
        b.after_node = 2;
        b.flops = 2e7;
        b.accuracy = *v.accuracy - 0.1;
        v.exits = {b};
    }
    return c;
}

void check_contract(const Observation& o, const Decision& d, const std::string& policy) {
    SCOPED_TRACE(policy + ": " + d.reason);
    EXPECT_FALSE(d.reason.empty());
    if (d.drop) return;
    const models::Variant* v = o.card->variant(d.variant);
    ASSERT_NE(v, nullptr);
    models::Variant run = *v;
    models::Cut cut = d.cut;
    ASSERT_EQ(d.cut.on_device.size(), v->layers.size());
    if (d.exit >= 0) {  // what an exit-aware runtime executes
        ExitModel m(*v, d.exit);
        run = m.variant();
        cut = m.from_full_cut(d.cut);
    }
    ASSERT_TRUE(models::is_valid_cut(run, cut));
    const bool remote = cut.device_count() < run.layers.size();
    const TargetObservation* t = nullptr;
    for (const auto& x : o.targets)
        if (x.id == d.target) t = &x;
    if (remote) {
        ASSERT_NE(t, nullptr) << "remote work without a target";
        EXPECT_TRUE(LatencyModel::usable(*t));
        EXPECT_LE(static_cast<double>(v->memory_bytes), t->free_memory_bytes);
    } else {
        EXPECT_TRUE(d.target.empty());
    }
    if (models::device_flops(run, cut) > 0) {
        EXPECT_GT(o.device.speed_flops_per_s, 0);
        EXPECT_LE(static_cast<double>(v->memory_bytes), o.device.free_memory_bytes);
    }
}

TEST(AllPolicies, KeepTheRuntimeContractOnRandomObservations) {
    const auto card = card_with_exits();
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> u(0, 1);
    int decided = 0, dropped = 0;
    for (const auto& name : kPolicies) {
        auto p = PolicyRegistry::create(params(name));
        for (int i = 0; i < 150; ++i) {
            Observation o =
                observe(card, std::pow(10, 4 + 5 * u(rng)), u(rng) < 0.2 ? bracelet() : phone());
            o.device.battery_frac = u(rng);
            o.device.free_memory_bytes = u(rng) < 0.3 ? 3e6 * u(rng) : 2e9;
            o.targets.push_back(
                target("cloud", "cloud", std::pow(10, 5 + 3 * u(rng)), 0.04, 1e11, 10 * u(rng)));
            for (auto& t : o.targets) {
                t.reachable = u(rng) > 0.15;
                t.load = 5 * u(rng);
                if (u(rng) < 0.1) t.free_memory_bytes = 1e6;
            }
            if (u(rng) < 0.3) o.req.deadline_s = 0.5 * u(rng);
            if (u(rng) < 0.3) o.req.min_accuracy = 0.85 + 0.1 * u(rng);
            if (u(rng) < 0.3) o.req.energy_budget_j = u(rng);
            Decision d = p->decide(o);
            check_contract(o, d, name);
            (d.drop ? dropped : decided)++;
        }
    }
    EXPECT_GT(decided, 500);
    EXPECT_GT(dropped, 0);
}

TEST(AllPolicies, DegenerateInputs) {
    const auto synthetic = models::ModelCard::synthetic("task200mi", 2e8, 20'000, 2'000);
    for (const auto& name : kPolicies) {
        auto p = PolicyRegistry::create(params(name));
        Observation none = observe(synthetic, 1e7);
        none.card = nullptr;
        Decision d0 = p->decide(none);
        EXPECT_TRUE(d0.drop) << name;
        EXPECT_FALSE(d0.reason.empty()) << name;

        Observation o = observe(synthetic, 1e7);
        Decision d = p->decide(o);
        EXPECT_FALSE(d.drop) << name << ": " << d.reason;
        check_contract(o, d, name);

        Observation stuck = observe(synthetic, 1e7, bracelet());
        stuck.targets.clear();
        Decision s = p->decide(stuck);
        EXPECT_TRUE(s.drop) << name << ": " << s.reason;
        EXPECT_FALSE(s.reason.empty()) << name;
    }
}

TEST(AllPolicies, AreRegisteredWithASummary) {
    for (const auto& name : kPolicies) EXPECT_FALSE(PolicyRegistry::summary(name).empty()) << name;
}

}  // namespace
}  // namespace a2iot::sim
