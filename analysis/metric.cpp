#include "analysis/metric.hpp"

#include <stdexcept>

#include "common/input_error.hpp"

namespace a2iot::analysis {

namespace {

// device_energy_per_request_j is becoming std::optional<double> (nullopt: unknown), agreed in
// common.md; both overloads keep this file compiling before and after that change.
[[maybe_unused]] std::optional<double> energy_per_request(const std::optional<double>& v,
                                                          const RunSummary&) {
    return v;
}
[[maybe_unused]] std::optional<double> energy_per_request(double v, const RunSummary& s) {
    return s.energy_known_requests > 0 ? std::optional<double>(v) : std::nullopt;
}

}  // namespace

const std::vector<MetricInfo>& all_metrics() {
    static const std::vector<MetricInfo> metrics = {
        {"requests", "requests", 1, true, 0},
        {"served_pct", "served [%]", 1, true, 1},
        {"offered_per_s", "offered [1/s]", 1, true, 2},
        {"served_per_s", "served [1/s]", 1, true, 2},
        {"ok_pct", "ok [%]", 1, true, 1},
        {"deadline_hit_pct", "deadline hit [%]", 1, true, 1},
        {"p50_latency_s", "p50 [ms]", 1e3, false, 1},
        {"p95_latency_s", "p95 [ms]", 1e3, false, 1},
        {"p99_latency_s", "p99 [ms]", 1e3, false, 1},
        {"mean_latency_s", "mean latency [ms]", 1e3, false, 1},
        {"device_energy_per_request_j", "energy/req [J]", 1, false, 3},
        {"mean_accuracy", "accuracy", 1, true, 3},
        {"devices_died", "died", 1, false, 0},
        {"deadline_missed", "missed", 1, false, 0},
        {"failed", "failed", 1, false, 0},
        {"dropped", "dropped", 1, false, 0},
        {"sim_time_s", "sim [s]", 1, true, 1},
        {"wall_s", "wall [s]", 1, false, 2},
    };
    return metrics;
}

const std::vector<std::string>& default_metrics() {
    static const std::vector<std::string> names = {"requests",      "served_pct",
                                                   "offered_per_s", "served_per_s",
                                                   "ok_pct",        "deadline_hit_pct",
                                                   "p50_latency_s", "p95_latency_s",
                                                   "p99_latency_s", "device_energy_per_request_j",
                                                   "mean_accuracy", "devices_died"};
    return names;
}

const MetricInfo& find_metric(std::string_view name) {
    std::string names;
    for (const auto& m : all_metrics()) {
        if (m.name == name) return m;
        names += (names.empty() ? "" : ", ") + m.name;
    }
    throw common::InputError("", 0, "--metric", std::string(name), "one of " + names);
}

std::optional<double> metric_value(const RunSummary& s, std::string_view name) {
    auto d = [](std::int64_t v) { return std::optional<double>(static_cast<double>(v)); };
    if (name == "requests") return d(s.requests);
    if (name == "ok_pct") return s.requests > 0 ? std::optional<double>(s.ok_pct) : std::nullopt;
    if (name == "deadline_hit_pct")
        return s.with_deadline > 0 ? std::optional<double>(s.deadline_hit_pct) : std::nullopt;
    if (name == "p50_latency_s") return s.p50_latency_s;
    if (name == "p95_latency_s") return s.p95_latency_s;
    if (name == "p99_latency_s") return s.p99_latency_s;
    if (name == "mean_latency_s")
        return s.p50_latency_s ? std::optional<double>(s.mean_latency_s) : std::nullopt;
    if (name == "device_energy_per_request_j")
        return energy_per_request(s.device_energy_per_request_j, s);
    if (name == "served_pct")
        return s.requests > 0 ? std::optional<double>(s.served_pct) : std::nullopt;
    if (name == "offered_per_s") return s.offered_per_s;
    if (name == "served_per_s") return s.served_per_s;
    if (name == "mean_accuracy") return s.mean_accuracy;
    if (name == "devices_died") return d(s.devices_died);
    if (name == "deadline_missed") return d(s.deadline_missed);
    if (name == "failed") return d(s.failed);
    if (name == "dropped") return d(s.dropped);
    if (name == "sim_time_s") return s.sim_time_s;
    if (name == "wall_s") return s.wall_s;
    find_metric(name);  // throws the InputError listing valid names
    throw std::logic_error("metric_value: metric '" + std::string(name) + "' has no accessor");
}

}  // namespace a2iot::analysis
