#include "analysis/comparison.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <tuple>

#include "analysis/csv.hpp"
#include "analysis/metric.hpp"
#include "analysis/replication_stats.hpp"
#include "analysis/run_config.hpp"
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

// The group's statistic of one metric: undefined as soon as one seed lacks the value (a mean
// over the seeds that have it would compare different things), unfinished when one seed's
// percentile is +inf.
MetricStat group_stat(const std::vector<RunSummary>& runs, const std::string& metric, MeanCi* ci) {
    MetricStat st;
    std::vector<double> values;
    for (const auto& r : runs) {
        const auto v = metric_value(r, metric);
        if (!v) return st;
        if (!std::isfinite(*v)) st.unfinished = true;
        values.push_back(*v);
    }
    if (st.unfinished) {
        st.value = INFINITY;
        return st;
    }
    *ci = mean_ci95(values);
    st.value = ci->mean;
    st.ci95 = ci->half_width;
    return st;
}

using SectionKey = std::tuple<std::string, std::string, std::string>;  // hash, name, overrides

}  // namespace

std::string ComparisonRow::status() const {
    std::map<std::string, int> counts;
    for (const auto& r : runs) ++counts[r.status == "running" ? "running (incomplete)" : r.status];
    if (counts.size() == 1) return counts.begin()->first;
    std::string out = "mixed:";
    for (const auto& [s, n] : counts)
        out += fmt::format("{} {} {}", out.size() > 6 ? "," : "", n, s);
    return out;
}

int ComparisonSection::max_seeds() const {
    int n = 0;
    for (const auto& r : rows) n = std::max(n, static_cast<int>(r.runs.size()));
    return n;
}

Comparison Comparison::build(sqlite3* db, const ComparisonOptions& options) {
    const auto& metrics = options.metrics.empty() ? default_metrics() : options.metrics;
    for (const auto& m : metrics) find_metric(m);  // validate before any work

    const auto ids = options.run_ids.empty() ? latest_complete_runs(db) : options.run_ids;
    if (ids.empty())
        throw common::InputError(db_name(db), 0, "runs", "no complete run",
                                 "a database with at least one complete run (see `a2iot run`), "
                                 "or --run ID for incomplete ones");
    const auto configs = run_configs(db, ids);  // first: InputError for an unknown --run id
    return from_runs(configs, summarize(db, ids), options);
}

Comparison Comparison::from_runs(const std::vector<RunConfig>& configs,
                                 const std::vector<RunSummary>& summaries,
                                 const ComparisonOptions& options) {
    if (configs.size() != summaries.size())
        throw std::logic_error("Comparison::from_runs: one RunConfig per RunSummary");
    Comparison c;
    c.metrics_ = options.metrics.empty() ? default_metrics() : options.metrics;
    for (const auto& m : c.metrics_) find_metric(m);

    // Sections by configuration, rows by policy, both in order of first appearance. The
    // scenario name is part of the key only so that hand-made files without hashes stay apart;
    // runs of one hash always share it.
    std::vector<SectionKey> order;
    std::map<SectionKey, ComparisonSection> sections;
    for (std::size_t i = 0; i < configs.size(); ++i) {
        const auto& cfg = configs[i];
        SectionKey key{cfg.scenario_hash, cfg.scenario, cfg.overrides};
        auto [it, fresh] = sections.try_emplace(key);
        if (fresh) {
            order.push_back(key);
            it->second.scenario = cfg.scenario;
            it->second.scenario_hash = cfg.scenario_hash;
            it->second.overrides = cfg.overrides;
        }
        auto& rows = it->second.rows;
        auto row = std::find_if(rows.begin(), rows.end(),
                                [&](const ComparisonRow& r) { return r.policy == cfg.policy; });
        if (row == rows.end()) {
            rows.push_back({});
            row = rows.end() - 1;
            row->policy = cfg.policy;
        }
        // Two runs of one seed are one replication run twice, not two: keep the later one.
        auto same_seed = std::find_if(row->runs.begin(), row->runs.end(), [&](const RunSummary& r) {
            return r.seed == summaries[i].seed;
        });
        if (same_seed != row->runs.end()) {
            c.warnings_.push_back(fmt::format(
                "runs {} and {} of {} / {} have the same seed {}: only run {} is used (one "
                "seed is one replication)",
                same_seed->run_id, summaries[i].run_id, cfg.scenario, cfg.policy, cfg.seed,
                std::max(same_seed->run_id, summaries[i].run_id)));
            if (summaries[i].run_id > same_seed->run_id) *same_seed = summaries[i];
            continue;
        }
        row->runs.push_back(summaries[i]);
    }

    bool reference_found = options.reference.empty();
    for (const auto& key : order) {
        auto& sec = sections[key];
        std::vector<std::vector<MeanCi>> cis(sec.rows.size(),
                                             std::vector<MeanCi>(c.metrics_.size()));
        for (std::size_t r = 0; r < sec.rows.size(); ++r)
            for (std::size_t m = 0; m < c.metrics_.size(); ++m)
                sec.rows[r].stats.push_back(
                    group_stat(sec.rows[r].runs, c.metrics_[m], &cis[r][m]));

        std::optional<std::size_t> ref;
        if (options.reference.empty()) {
            ref = 0;
        } else {
            for (std::size_t r = 0; r < sec.rows.size(); ++r)
                if (sec.rows[r].policy == options.reference) ref = r;
            if (ref) {
                reference_found = true;
            } else {
                c.warnings_.push_back(fmt::format(
                    "reference policy '{}' has no run in configuration {}{}; its differences "
                    "are not computed (never against another configuration)",
                    options.reference, sec.scenario,
                    sec.overrides.empty() ? " (no overrides)" : " with " + sec.overrides));
            }
        }
        if (!ref) continue;
        sec.reference = sec.rows[*ref].policy;
        sec.rows[*ref].is_reference = true;
        for (std::size_t r = 0; r < sec.rows.size(); ++r) {
            if (r == *ref) continue;
            for (std::size_t m = 0; m < c.metrics_.size(); ++m) {
                auto& st = sec.rows[r].stats[m];
                const auto& rs = sec.rows[*ref].stats[m];
                if (!st.value || !rs.value || st.unfinished || rs.unfinished) continue;
                if (*rs.value == 0) {
                    if (*st.value == 0) st.rel_pct = 0.0;  // 0 vs 0: equal, not undefined
                    continue;
                }
                st.rel_pct = (*st.value - *rs.value) / std::fabs(*rs.value) * 100.0;
                if (const auto d = welch_diff_ci95(cis[r][m], cis[*ref][m]))
                    st.tie = d->contains_zero();
            }
        }
    }
    if (!reference_found) {
        std::vector<std::string> seen;
        std::string policies;
        for (const auto& cfg : configs) {
            if (std::find(seen.begin(), seen.end(), cfg.policy) != seen.end()) continue;
            seen.push_back(cfg.policy);
            policies += (policies.empty() ? "" : ", ") + cfg.policy;
        }
        throw common::InputError("", 0, "--reference", options.reference,
                                 "a policy of the compared runs (" + policies + ")");
    }
    for (const auto& key : order) c.sections_.push_back(std::move(sections[key]));
    return c;
}

std::string Comparison::render_table() const {
    std::string out;
    for (const auto& sec : sections_) {
        if (!out.empty()) out += "\n";
        out += fmt::format("{} [{}], overrides: {}; reference: {}\n", sec.scenario,
                           sec.scenario_hash.empty() ? "no hash" : sec.scenario_hash.substr(0, 12),
                           sec.overrides.empty() ? "none" : sec.overrides,
                           sec.reference.empty() ? "none" : sec.reference);
        std::vector<std::string> header = {"policy", "seeds", "runs", "status"};
        for (const auto& m : metrics_) header.push_back(find_metric(m).label);
        TextTable t(header);
        bool single = false;
        for (const auto& r : sec.rows) {
            single = single || r.runs.size() < 2;
            std::string ids;
            for (const auto& run : r.runs)
                ids += fmt::format("{}{}", ids.empty() ? "" : ",", run.run_id);
            std::vector<std::string> cells = {r.policy + (r.is_reference ? " (ref)" : ""),
                                              std::to_string(r.runs.size()), ids, r.status()};
            for (std::size_t i = 0; i < metrics_.size(); ++i) {
                const auto& info = find_metric(metrics_[i]);
                const auto& st = r.stats[i];
                if (st.unfinished) {
                    cells.push_back("unfinished");
                    continue;
                }
                if (!st.value) {
                    cells.push_back(metrics_[i] == "device_energy_per_request_j" ? "unknown" : "-");
                    continue;
                }
                std::string cell = format_value(*st.value, info);
                if (st.ci95) cell += fmt::format(" ±{}", format_value(*st.ci95, info));
                if (!r.is_reference && !sec.reference.empty())
                    cell += st.tie       ? " (tie)"
                            : st.rel_pct ? fmt::format(" ({:+.1f}%)", *st.rel_pct)
                                         : " (n/a)";
                cells.push_back(cell);
            }
            t.add_row(std::move(cells));
        }
        out += t.render();
        if (single)
            out +=
                "one seed per policy (or fewer than 2 for some): point values, no confidence "
                "interval and no tie test there\n";
        if (sec.max_seeds() >= 2)
            out +=
                "mean over seeds ±95% CI (Student t); (tie): the Welch 95% CI of the difference "
                "to the reference contains 0\n";
    }
    return out;
}

std::string Comparison::render_csv() const {
    std::vector<std::string> header = {"scenario", "scenario_hash", "overrides", "policy",
                                       "seeds",    "run_ids",       "status",    "reference"};
    for (const auto& m : metrics_)
        for (const char* suffix : {"", "_ci95", "_rel_pct", "_tie"}) header.push_back(m + suffix);
    std::string out = csv_line(header);
    for (const auto& sec : sections_) {
        for (const auto& r : sec.rows) {
            std::string ids;
            for (const auto& run : r.runs)
                ids += fmt::format("{}{}", ids.empty() ? "" : " ", run.run_id);
            std::vector<std::string> f = {sec.scenario,
                                          sec.scenario_hash,
                                          sec.overrides,
                                          r.policy,
                                          std::to_string(r.runs.size()),
                                          ids,
                                          r.status(),
                                          r.is_reference ? "1" : "0"};
            for (const auto& st : r.stats) {
                f.push_back(st.unfinished ? "inf" : st.value ? format_g(*st.value) : "");
                f.push_back(st.ci95 ? format_g(*st.ci95) : "");
                f.push_back(st.rel_pct ? format_g(*st.rel_pct) : "");
                f.push_back(st.tie ? "1" : "0");
            }
            out += csv_line(f);
        }
    }
    return out;
}

}  // namespace a2iot::analysis
