#include "analysis/regression_check.hpp"

#include <fmt/core.h>

#include <cmath>

#include "analysis/metric.hpp"
#include "analysis/text_table.hpp"

namespace a2iot::analysis {

std::vector<MetricDiff> RegressionCheck::compare(const RunSummary& baseline,
                                                 const RunSummary& current) const {
    std::vector<MetricDiff> out;
    for (const auto& t : tol_.checked()) {
        const MetricInfo& info = find_metric(t.metric);
        MetricDiff d;
        d.scenario = current.scenario;
        d.policy = current.policy;
        d.metric = t.metric;
        d.baseline = metric_value(baseline, t.metric);
        d.current = metric_value(current, t.metric);
        if (d.baseline && d.current) {
            d.allowed = tol_.allowed(t.metric, *d.baseline);
            // Positive `worse` means the metric moved in its bad direction.
            const double worse =
                info.higher_is_better ? *d.baseline - *d.current : *d.current - *d.baseline;
            d.regression = worse > d.allowed;
            d.improved = -worse > d.allowed;
        } else if (d.baseline && !d.current) {
            d.regression = true;
        }
        out.push_back(std::move(d));
    }
    return out;
}

std::string format_regression_table(const std::vector<MetricDiff>& diffs, bool only_flagged) {
    TextTable table(
        {"scenario", "policy", "metric", "baseline", "current", "change", "allowed", "verdict"});
    for (const auto& d : diffs) {
        if (only_flagged && !d.regression && !d.improved) continue;
        const MetricInfo& info = find_metric(d.metric);
        auto show = [&](const std::optional<double>& v) {
            return v ? fmt::format("{:.{}f}", *v * info.display_scale, info.decimals + 2)
                     : std::string("-");
        };
        std::string change = "-";
        if (d.baseline && d.current) {
            if (*d.baseline != 0)
                change = fmt::format("{:+.1f}%",
                                     (*d.current - *d.baseline) / std::abs(*d.baseline) * 100);
            else
                change = fmt::format("{:+.{}f}", (*d.current - *d.baseline) * info.display_scale,
                                     info.decimals + 2);
        }
        table.add_row({d.scenario, d.policy, info.label, show(d.baseline), show(d.current), change,
                       fmt::format("{:.{}f}", d.allowed * info.display_scale, info.decimals + 2),
                       d.regression ? "REGRESSION"
                       : d.improved ? "improved"
                                    : "ok"});
    }
    return table.render();
}

}  // namespace a2iot::analysis
