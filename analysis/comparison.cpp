#include "analysis/comparison.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "analysis/csv.hpp"
#include "analysis/metric.hpp"
#include "analysis/statement.hpp"
#include "analysis/text_table.hpp"
#include "common/input_error.hpp"

namespace a2iot::analysis {

namespace {

std::string db_name(sqlite3* db) {
    const char* f = sqlite3_db_filename(db, "main");
    return f && *f ? f : "results database";
}

std::string format_value(double v, const MetricInfo& m) {
    const double shown = v * m.display_scale;
    // Tiny energies (a bracelet's millijoules) would print as 0.000: switch to 3 significant
    // digits when the fixed format would hide the value.
    if (m.decimals > 0 && shown != 0 && std::fabs(shown) < std::pow(10.0, -m.decimals))
        return fmt::format("{:.3g}", shown);
    return fmt::format("{:.{}f}", shown, m.decimals);
}

std::string format_g(double v) {
    return fmt::format("{:.10g}", v);
}

}  // namespace

std::vector<std::int64_t> latest_complete_runs(sqlite3* db) {
    Statement q(db,
                "SELECT max(run_id) FROM runs WHERE status='complete' "
                "GROUP BY scenario, policy ORDER BY 1",
                db_name(db));
    std::vector<std::int64_t> ids;
    while (q.step()) ids.push_back(q.get_int(0));
    return ids;
}

Comparison Comparison::build(sqlite3* db, const ComparisonOptions& options) {
    Comparison c;
    c.metrics_ = options.metrics.empty() ? default_metrics() : options.metrics;
    for (const auto& m : c.metrics_) find_metric(m);  // validate before any work

    const auto ids = options.run_ids.empty() ? latest_complete_runs(db) : options.run_ids;
    if (ids.empty())
        throw common::InputError(db_name(db), 0, "runs", "no complete run",
                                 "a database with at least one complete run (see `a2iot run`), "
                                 "or --run ID for incomplete ones");
    const auto summaries = summarize(db, ids);

    // Reference per scenario: the named policy, else the scenario's first run.
    std::map<std::string, const RunSummary*> reference;
    for (const auto& s : summaries) {
        if (options.reference.empty()) {
            reference.try_emplace(s.scenario, &s);
        } else if (s.policy == options.reference && !reference.count(s.scenario)) {
            reference[s.scenario] = &s;
        }
    }
    if (!options.reference.empty() && reference.empty()) {
        std::string policies;
        for (const auto& s : summaries) policies += (policies.empty() ? "" : ", ") + s.policy;
        throw common::InputError("", 0, "--reference", options.reference,
                                 "a policy of the compared runs (" + policies + ")");
    }

    // Rows grouped by scenario (first appearance), run order inside.
    std::vector<std::string> scenarios;
    for (const auto& s : summaries)
        if (std::find(scenarios.begin(), scenarios.end(), s.scenario) == scenarios.end())
            scenarios.push_back(s.scenario);
    for (const auto& scenario : scenarios) {
        const auto ref_it = reference.find(scenario);
        const RunSummary* ref = ref_it == reference.end() ? nullptr : ref_it->second;
        for (const auto& s : summaries) {
            if (s.scenario != scenario) continue;
            ComparisonRow row;
            row.run = s;
            row.is_reference = ref && ref->run_id == s.run_id;
            for (const auto& m : c.metrics_) {
                const auto v = metric_value(s, m);
                row.values.push_back(v);
                std::optional<double> rel;
                if (ref && v) {
                    const auto r = metric_value(*ref, m);
                    if (r && *r != 0) rel = (*v - *r) / std::fabs(*r) * 100.0;
                }
                row.rel_pct.push_back(rel);
            }
            c.rows_.push_back(std::move(row));
        }
    }
    return c;
}

std::string Comparison::render_table() const {
    std::vector<std::string> header = {"scenario", "policy", "run", "status"};
    for (const auto& m : metrics_) header.push_back(find_metric(m).label);
    TextTable t(header);
    for (const auto& r : rows_) {
        std::vector<std::string> cells = {
            r.run.scenario, r.run.policy + (r.is_reference ? " (ref)" : ""),
            std::to_string(r.run.run_id),
            r.run.status == "running" ? "running (incomplete)" : r.run.status};
        for (std::size_t i = 0; i < metrics_.size(); ++i) {
            const auto& info = find_metric(metrics_[i]);
            if (!r.values[i]) {
                cells.push_back("-");
                continue;
            }
            std::string cell = format_value(*r.values[i], info);
            if (!r.is_reference)
                cell += r.rel_pct[i] ? fmt::format(" ({:+.1f}%)", *r.rel_pct[i]) : " (n/a)";
            cells.push_back(cell);
        }
        t.add_row(std::move(cells));
    }
    return t.render();
}

std::string Comparison::render_csv() const {
    std::vector<std::string> header = {"scenario", "policy", "run_id", "status", "reference"};
    for (const auto& m : metrics_) {
        header.push_back(m);
        header.push_back(m + "_rel_pct");
    }
    std::string out = csv_line(header);
    for (const auto& r : rows_) {
        std::vector<std::string> f = {r.run.scenario, r.run.policy, std::to_string(r.run.run_id),
                                      r.run.status, r.is_reference ? "1" : "0"};
        for (std::size_t i = 0; i < metrics_.size(); ++i) {
            f.push_back(r.values[i] ? format_g(*r.values[i]) : "");
            f.push_back(r.rel_pct[i] ? format_g(*r.rel_pct[i]) : "");
        }
        out += csv_line(f);
    }
    return out;
}

}  // namespace a2iot::analysis
