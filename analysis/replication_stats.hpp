#pragma once
// Statistics over replications (runs of one configuration that differ only by seed): the mean
// with its 95% confidence interval (Student t, N-1 degrees of freedom) and Welch's interval for
// the difference of two means, which `compare` uses to call a difference a tie.
#include <optional>
#include <vector>

namespace a2iot::analysis {

// The 0.975 quantile of Student's t with `dof` degrees of freedom (two-sided 95%): a table for
// 1..30 (non-integer dof is rounded down, which widens the interval), and beyond 30 the
// Cornish-Fisher expansion around the normal quantile (1.95996), within 1e-4 of the exact value.
// Throws std::invalid_argument for dof < 1.
double student_t_975(double dof);

struct MeanCi {
    int n = 0;
    double mean = 0;
    double sd = 0;                     // sample standard deviation (N-1); 0 when N < 2
    std::optional<double> half_width;  // t(0.975, N-1) * sd / sqrt(N); nullopt when N < 2
};

// Mean and 95% CI of finite values (an empty input gives n = 0).
MeanCi mean_ci95(const std::vector<double>& values);

struct DiffCi {
    double diff = 0;        // mean(a) - mean(b)
    double half_width = 0;  // t(0.975, Welch dof) * sqrt(sa^2/na + sb^2/nb)
    double dof = 0;         // Welch-Satterthwaite
    bool contains_zero() const { return diff - half_width <= 0 && 0 <= diff + half_width; }
};

// Welch's 95% interval of mean(a) - mean(b); nullopt unless both have N >= 2. Two groups without
// any spread give a zero-width interval (a tie only when the means are equal).
std::optional<DiffCi> welch_diff_ci95(const MeanCi& a, const MeanCi& b);

}  // namespace a2iot::analysis
