#include "scenarios/workload_section_reader.hpp"

#include <algorithm>

namespace a2iot::scenarios {

using common::Quantity;

void WorkloadSectionReader::read(const MapReader& top) {
    const auto list = ctx_.list_section(top, "workload", "a list of workloads", false);
    if (!list) return;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const YAML::Node el = (*list)[i];
        read_workload(el, "workload." + std::to_string(i),
                      MapReader::line_of(el, top.line("workload")));
    }
}

void WorkloadSectionReader::read_workload(const YAML::Node& node, const std::string& path,
                                          int line) {
    const std::size_t errors_before = ctx_.sink.size();
    MapReader m(node, path, line, ctx_.sink,
                {"devices", "model", "arrival", "rate", "deadline", "min_accuracy", "energy_budget",
                 "start", "stop", "timeout"},
                "a workload");
    if (!m.valid()) return;
    WorkloadSpec w;
    w.loc = ctx_.loc(m.map_line());
    auto devices = ctx_.resolve(m, "devices", true);
    if (auto model = m.scalar("model", "a model name declared under models", true)) {
        if (ctx_.model_lines.count(*model)) {
            w.model = *model;
        } else if (!ctx_.broken_model(*model)) {
            std::vector<std::string> names;
            for (const auto& [n, l] : ctx_.model_lines) names.push_back(n);
            ctx_.sink.add(m.line("model"), m.path("model"), *model,
                          "a model declared under models" +
                              (names.empty() ? std::string(" (none is declared)")
                                             : ": " + MapReader::list_words(names)));
        }
    }
    if (auto arrival = m.choice("arrival", {"poisson", "periodic"}))
        w.arrival = *arrival == "periodic" ? WorkloadSpec::Arrival::Periodic
                                           : WorkloadSpec::Arrival::Poisson;
    if (auto rate = m.quantity("rate", Quantity::Rate, Bound::Positive, true)) w.rate_per_s = *rate;
    w.deadline_s = m.quantity("deadline", Quantity::Time, Bound::Positive);
    w.min_accuracy = m.quantity("min_accuracy", Quantity::Fraction, Bound::NonNegative);
    w.energy_budget_j = m.quantity("energy_budget", Quantity::Energy, Bound::Positive);
    // Default: ten deadlines (an answer that late is of no use to the application that set the
    // deadline), at most kDefaultTimeoutS; kDefaultTimeoutS without a deadline.
    if (auto t = m.quantity("timeout", Quantity::Time, Bound::Positive))
        w.timeout_s = *t;
    else if (w.deadline_s)
        w.timeout_s = std::min(kDeadlinesPerTimeout * *w.deadline_s, kDefaultTimeoutS);
    if (auto start = ctx_.read_time_within(m, "start", Bound::NonNegative, false))
        w.start_s = *start;
    w.stop_s = ctx_.read_time_within(m, "stop", Bound::Positive, false);
    if (w.stop_s && m.has("start") && *w.stop_s <= w.start_s)
        ctx_.sink.add(
            m.line("stop"), m.path("stop"), MapReader::describe(m.node("stop")),
            "a stop time after start (" + common::format_quantity(w.start_s, Quantity::Time) + ")");
    if (!devices || ctx_.sink.size() != errors_before) return;
    w.devices = m.node("devices").Scalar();
    w.device_ids = ctx_.names_of(*devices);
    ctx_.spec.workloads.push_back(std::move(w));
}

}  // namespace a2iot::scenarios
