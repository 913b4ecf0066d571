// Student t quantiles against published table values, and the mean/Welch intervals against
// hand computations.
#include "analysis/replication_stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace a2iot::analysis {
namespace {

TEST(StudentT, KnownQuantiles) {
    EXPECT_NEAR(student_t_975(1), 12.706, 1e-3);
    EXPECT_NEAR(student_t_975(2), 4.303, 1e-3);
    EXPECT_NEAR(student_t_975(4), 2.776, 1e-3);
    EXPECT_NEAR(student_t_975(9), 2.262, 1e-3);
    EXPECT_NEAR(student_t_975(30), 2.042, 1e-3);
    // Beyond the table: Cornish-Fisher, continuous with it and tending to the normal 1.960.
    EXPECT_NEAR(student_t_975(31), 2.0395, 1e-3);
    EXPECT_NEAR(student_t_975(40), 2.021, 1e-3);
    EXPECT_NEAR(student_t_975(60), 2.000, 1e-3);
    EXPECT_NEAR(student_t_975(120), 1.980, 1e-3);
    EXPECT_NEAR(student_t_975(1e6), 1.95996, 1e-4);
    // Non-integer dof rounds down (a wider, conservative interval).
    EXPECT_DOUBLE_EQ(student_t_975(4.9), student_t_975(4));
    for (double d = 1; d < 200; d += 1) EXPECT_GT(student_t_975(d), student_t_975(d + 1)) << d;
    EXPECT_THROW(student_t_975(0.5), std::invalid_argument);
}

TEST(MeanCi, HandComputed) {
    const auto m = mean_ci95({1, 2, 3, 4, 5});
    EXPECT_EQ(m.n, 5);
    EXPECT_DOUBLE_EQ(m.mean, 3);
    EXPECT_NEAR(m.sd, std::sqrt(2.5), 1e-12);
    EXPECT_NEAR(*m.half_width, 2.7764 * std::sqrt(2.5) / std::sqrt(5.0), 1e-9);
    EXPECT_FALSE(mean_ci95({7}).half_width);
    EXPECT_EQ(mean_ci95({}).n, 0);
}

TEST(WelchDiff, HandComputedAndDegenerate) {
    // Equal variances and sizes: Welch dof = 2(n-1) = 4.
    const auto a = mean_ci95({0.20, 0.22, 0.24}), b = mean_ci95({0.10, 0.12, 0.14});
    const auto d = welch_diff_ci95(a, b);
    ASSERT_TRUE(d);
    EXPECT_NEAR(d->diff, 0.1, 1e-12);
    EXPECT_NEAR(d->dof, 4, 1e-9);
    EXPECT_NEAR(d->half_width, 2.7764 * std::sqrt(2 * 0.0004 / 3), 1e-9);
    EXPECT_FALSE(d->contains_zero());
    const auto close = welch_diff_ci95(mean_ci95({0.11, 0.13, 0.15}), b);
    EXPECT_TRUE(close->contains_zero());
    // No spread at all: a tie only when equal.
    EXPECT_TRUE(welch_diff_ci95(mean_ci95({3, 3}), mean_ci95({3, 3}))->contains_zero());
    EXPECT_FALSE(welch_diff_ci95(mean_ci95({3, 3}), mean_ci95({4, 4}))->contains_zero());
    EXPECT_FALSE(welch_diff_ci95(mean_ci95({3}), mean_ci95({3, 4})));
}

}  // namespace
}  // namespace a2iot::analysis
