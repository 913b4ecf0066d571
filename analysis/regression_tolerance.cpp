#include "analysis/regression_tolerance.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "analysis/metric.hpp"
#include "common/input_error.hpp"

namespace a2iot::analysis {

RegressionTolerances::RegressionTolerances() {
    // The simulator is deterministic for a given seed, so a baseline reproduces exactly unless
    // the code changed; these bands absorb harmless model refinements, not noise. Tails get a
    // wider band than the median because one request more or less moves p99 by a whole rank.
    // Floors: 0.1 ms of latency, 1 mJ per request, 0.1 percentage points of a rate.
    tolerances_ = {
        {"ok_pct", 1.0, 0.1},
        {"deadline_hit_pct", 1.0, 0.1},
        {"p50_latency_s", 5.0, 1e-4},
        {"p95_latency_s", 10.0, 1e-4},
        {"p99_latency_s", 15.0, 1e-4},
        {"mean_latency_s", 5.0, 1e-4},
        {"device_energy_per_request_j", 5.0, 1e-3},
        {"mean_accuracy", 1.0, 1e-4},
        {"devices_died", 0.0, 0.0},
    };
}

void RegressionTolerances::set(std::string_view arg) {
    const auto eq = arg.find('=');
    const std::string expected = "METRIC=PCT with METRIC one of the checked metrics (";
    std::string names;
    for (const auto& t : tolerances_) names += (names.empty() ? "" : ", ") + t.metric;
    if (eq == std::string_view::npos)
        throw common::InputError("", 0, "--tolerance", std::string(arg),
                                 "METRIC=PCT, e.g. p95_latency_s=20 (metrics: " + names + ")");
    const std::string metric(arg.substr(0, eq));
    std::string value(arg.substr(eq + 1));
    if (!value.empty() && value.back() == '%') value.pop_back();
    char* end = nullptr;
    const double pct = value.empty() ? NAN : std::strtod(value.c_str(), &end);
    if (std::isnan(pct) || end != value.c_str() + value.size() || pct < 0 || !std::isfinite(pct))
        throw common::InputError("", 0, "--tolerance", std::string(arg),
                                 "a non-negative percentage after '=', e.g. " + metric + "=20");
    for (auto& t : tolerances_) {
        if (t.metric == metric) {
            t.pct = pct;
            return;
        }
    }
    throw common::InputError("", 0, "--tolerance", std::string(arg), expected + names + ")");
}

void RegressionTolerances::set(std::string_view metric, double pct, double abs_floor) {
    for (auto& t : tolerances_) {
        if (t.metric == metric) {
            t.pct = pct;
            t.abs_floor = abs_floor;
            return;
        }
    }
    throw std::out_of_range("no tolerance for metric " + std::string(metric));
}

const RegressionTolerance& RegressionTolerances::get(std::string_view metric) const {
    for (const auto& t : tolerances_)
        if (t.metric == metric) return t;
    throw std::out_of_range("no tolerance for metric " + std::string(metric));
}

double RegressionTolerances::allowed(std::string_view metric, double baseline) const {
    const auto& t = get(metric);
    return std::max(std::abs(baseline) * t.pct / 100.0, t.abs_floor);
}

}  // namespace a2iot::analysis
