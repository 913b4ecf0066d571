#include "analysis/regression_check.hpp"

#include <fmt/core.h>

#include <cmath>

#include "analysis/metric.hpp"
#include "analysis/text_table.hpp"

namespace a2iot::analysis {

MetricValues checked_values(const RunSummary& s, const RegressionTolerances& tolerances) {
    MetricValues v;
    for (const auto& t : tolerances.checked()) v[t.metric] = metric_value(s, t.metric);
    return v;
}

std::vector<MetricDiff> RegressionCheck::compare(const MetricValues& baseline,
                                                 const MetricValues& current) const {
    std::vector<MetricDiff> out;
    auto get = [](const MetricValues& m, const std::string& k) {
        const auto it = m.find(k);
        return it == m.end() ? std::nullopt : it->second;
    };
    for (const auto& t : tol_.checked()) {
        // A metric the golden does not record (an older golden, or deleted on purpose) is not
        // checked; one it records as undefined (null) is.
        if (!baseline.count(t.metric)) continue;
        const MetricInfo& info = find_metric(t.metric);
        MetricDiff d;
        d.metric = t.metric;
        d.baseline = get(baseline, t.metric);
        d.current = get(current, t.metric);
        if (d.baseline && d.current) {
            const double b = *d.baseline, c = *d.current;
            d.allowed = std::isfinite(b) ? tol_.allowed(t.metric, b) : 0;
            if (b == c) {
                d.verdict = Verdict::ok;  // also both +inf (unfinished either way)
            } else {
                // Positive `worse` means the metric moved in its bad direction; +inf - finite
                // is +inf, so a percentile becoming unfinished is a regression at any tolerance.
                const double worse = info.higher_is_better ? b - c : c - b;
                if (worse > d.allowed)
                    d.verdict = Verdict::regression;
                else if (-worse > d.allowed)
                    d.verdict = Verdict::better;
            }
        } else if (d.baseline && !d.current) {
            d.verdict = Verdict::regression;
        } else if (!d.baseline && d.current) {
            d.verdict = Verdict::changed;
        }
        out.push_back(std::move(d));
    }
    return out;
}

std::vector<MetricDiff> RegressionCheck::compare(const RunSummary& baseline,
                                                 const RunSummary& current) const {
    auto d = compare(checked_values(baseline, tol_), checked_values(current, tol_));
    for (auto& x : d) {
        x.scenario = current.scenario;
        x.policy = current.policy;
        x.seed = current.seed;
    }
    return d;
}

const char* verdict_text(Verdict v) {
    switch (v) {
        case Verdict::regression:
            return "REGRESSION";
        case Verdict::better:
            return "CHANGED (better)";
        case Verdict::changed:
            return "CHANGED";
        case Verdict::ok:
            break;
    }
    return "ok";
}

std::string format_regression_table(const std::vector<MetricDiff>& diffs, bool only_flagged) {
    TextTable table({"scenario", "policy", "seed", "overrides", "metric", "baseline", "current",
                     "change", "allowed", "verdict"});
    for (const auto& d : diffs) {
        if (only_flagged && !d.failed()) continue;
        const MetricInfo& info = find_metric(d.metric);
        auto show = [&](const std::optional<double>& v) {
            if (!v) return std::string(d.metric == "device_energy_per_request_j" ? "unknown" : "-");
            if (std::isinf(*v)) return std::string("unfinished");
            return fmt::format("{:.{}f}", *v * info.display_scale, info.decimals + 2);
        };
        std::string change = "-";
        if (d.baseline && d.current && std::isfinite(*d.baseline) && std::isfinite(*d.current)) {
            if (*d.baseline != 0)
                change = fmt::format("{:+.1f}%",
                                     (*d.current - *d.baseline) / std::abs(*d.baseline) * 100);
            else
                change = fmt::format("{:+.{}f}", (*d.current - *d.baseline) * info.display_scale,
                                     info.decimals + 2);
        }
        table.add_row({d.scenario, d.policy, std::to_string(d.seed),
                       d.overrides.empty() ? "-" : d.overrides, info.label, show(d.baseline),
                       show(d.current), change,
                       fmt::format("{:.{}f}", d.allowed * info.display_scale, info.decimals + 2),
                       verdict_text(d.verdict)});
    }
    return table.render();
}

}  // namespace a2iot::analysis
