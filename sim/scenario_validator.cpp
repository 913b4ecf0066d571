#include "sim/scenario_validator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "common/did_you_mean.hpp"
#include "common/units.hpp"
#include "scenarios/loader.hpp"
#include "sim/card_loader.hpp"
#include "sim/policies/policy_params.hpp"
#include "sim/policies/policy_registry.hpp"
#include "sim/power_check.hpp"

namespace a2iot::sim {
namespace {

using common::InputError;

// A sweep's cross product is run point by point; past this many points a typo in an axis
// (a list of 10^6 values) would validate for minutes before anything useful happened.
constexpr std::size_t kMaxSweepPoints = 10000;

std::string known_policies() {
    std::string out;
    for (const auto& n : PolicyRegistry::names()) out += (out.empty() ? "" : ", ") + n;
    return out;
}

bool is_policy(const std::string& name) {
    const auto names = PolicyRegistry::names();
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::string policy_expected(const std::string& name) {
    return "a registered policy" + common::did_you_mean(name, PolicyRegistry::names()) + ": " +
           known_policies();
}

// Where to blame a value: the --set that wrote it when there is one, else its file line.
scenarios::SourceLoc blame(const scenarios::ScenarioSpec& spec, const std::string& key,
                           const scenarios::SourceLoc& loc) {
    for (const auto& o : spec.set_overrides)
        if (o.rfind(key + "=", 0) == 0) return {"--set " + o, 0};
    return loc;
}

// record.sample_interval as written: its --set, its line, or the top of the file when absent.
scenarios::SourceLoc sample_interval_loc(const scenarios::ScenarioSpec& spec) {
    scenarios::SourceLoc at = blame(spec, "record.sample_interval", spec.record.loc);
    if (at.file.empty() || (at.line == 0 && at.file.rfind("--set", 0) != 0))
        at = {spec.policy.loc.file, 1};
    return at;
}

std::string bytes_text(double b) {
    return b >= 1073741824.0 ? fmt::format("{:.1f} GiB", b / 1073741824.0)
                             : fmt::format("{:.1f} MiB", b / 1048576.0);
}

// The overrides that change how much a run does, to name them beside a bound they break.
std::string work_overrides(const scenarios::ScenarioSpec& spec) {
    std::string out;
    for (const auto& o : spec.overrides)
        for (const char* k : {"workload", "devices", "duration", "events", "record"})
            if (o.rfind(k, 0) == 0) {
                out += (out.empty() ? " (with --set " : ", --set ") + o;
                break;
            }
    return out.empty() ? out : out + ")";
}

std::string count_text(double n) {
    return n < 1e6 ? fmt::format("{:.0f}", n) : fmt::format("{:.3g}", n);
}

}  // namespace

ScenarioValidator::ScenarioValidator(RunLimits limits, const devices::Catalog& catalog)
    : limits_(limits), catalog_(catalog) {}

std::vector<InputError> ScenarioValidator::check(const scenarios::ScenarioSpec& spec,
                                                 const std::vector<std::string>& policies) const {
    std::vector<InputError> errors;
    auto add = [&errors](const scenarios::SourceLoc& at, const std::string& key,
                         const std::string& value, const std::string& expected) {
        errors.emplace_back(at.file, at.line, key, value, expected);
    };

    if (spec.network.model != "flow")
        add(blame(spec, "network.model", spec.network.loc), "network.model", spec.network.model,
            "flow (the packet-level ns3 model is not implemented yet)");

    // The scenario's own policy is checked even when --policy replaces it: the file must be
    // valid on its own, as `validate` sees it.
    if (!is_policy(spec.policy.name)) {
        add(blame(spec, "policy", spec.policy.loc), "policy", spec.policy.name,
            policy_expected(spec.policy.name));
    } else {
        try {
            PolicyRegistry::create(PolicyParams(spec.policy));
        } catch (const InputError& e) {
            errors.push_back(e);
        }
    }
    for (const auto& name : policies) {
        if (name == spec.policy.name) continue;
        if (!is_policy(name)) {
            errors.emplace_back("--policy " + name, 0, "policy", name, policy_expected(name));
            continue;
        }
        scenarios::PolicySpec p;  // a --policy run: the scenario's params belong to its policy
        p.name = name;
        p.loc = {"--policy " + name, 0};
        try {
            PolicyRegistry::create(PolicyParams(p));
        } catch (const InputError& e) {
            errors.push_back(e);
        }
    }
    for (const auto& axis : spec.sweep) {
        if (axis.key != "policy" && axis.key != "policy.name") continue;
        for (std::size_t k = 0; k < axis.values.size(); ++k)
            if (!is_policy(axis.values[k]))
                add({axis.loc.file, axis.value_lines[k]},
                    "sweep." + axis.key + "." + std::to_string(k), axis.values[k],
                    policy_expected(axis.values[k]));
    }

    for (const auto& m : spec.models) {
        try {
            const models::ModelCard card = CardLoader::load(m);
            for (const auto& v : m.variants)
                if (!card.variant(v)) {
                    std::vector<std::string> names;
                    for (const auto& cv : card.variants) names.push_back(cv.name);
                    add(blame(spec, "models." + m.name + ".variants", m.loc),
                        "models." + m.name + ".variants", v,
                        "a variant of the " + m.name + " card" + common::did_you_mean(v, names));
                }
        } catch (const InputError& e) {
            errors.push_back(e);
        }
    }

    // Groups expand to many devices of one entry: say it once per entry.
    std::set<std::pair<std::string, int>> reported;
    for (const auto& d : spec.devices) {
        const devices::DeviceType* type = catalog_.find(d.type);
        if (type && !type->pstates.empty()) continue;
        if (!reported.insert({d.loc.file, d.loc.line}).second) continue;
        add(d.loc, "devices." + d.group + ".type", d.type,
            type ? "a device type that can compute: the catalog lists no CPU state for " + d.type +
                       " (see `a2iot devices show " + d.type + "`)"
                 : "a device type of the catalog");
    }
    // A battery device whose power draw is unknown would never drain: refuse it unless the
    // scenario gives the figure (`power:`).
    for (auto& e : power_errors(spec, catalog_)) errors.push_back(std::move(e));
    for (const auto& w : spec.workloads)
        if (!spec.find_model(w.model))
            add(w.loc, "workload.model", w.model, "a model declared under models");

    // Bounds: what the run will do, against what this machine can hold.
    const WorkEstimate work = WorkEstimate::of(spec);
    if (work.requests > static_cast<double>(limits_.max_requests)) {
        const scenarios::WorkloadSpec* biggest = nullptr;
        double most = -1;
        for (const auto& w : spec.workloads) {
            const double n = w.rate_per_s * static_cast<double>(w.device_ids.size());
            if (n > most) {
                most = n;
                biggest = &w;
            }
        }
        add(biggest ? biggest->loc : scenarios::SourceLoc{spec.policy.loc.file, 1}, "workload",
            fmt::format("{} requests expected", count_text(work.requests)),
            fmt::format("at most {} requests per run (--max-requests; the default is the smaller "
                        "of {} and available memory / 512 B): lower the rate, the device count "
                        "or the duration, or raise --max-requests{}",
                        limits_.max_requests, RunLimits::kDefaultMaxRequests,
                        work_overrides(spec)));
    } else if (work.samples > WorkEstimate::kMaxSamples) {
        const double needed =
            static_cast<double>(spec.devices.size()) * spec.duration_s / WorkEstimate::kMaxSamples;
        add(sample_interval_loc(spec), "record.sample_interval",
            common::format_quantity(spec.record.sample_interval_s, common::Quantity::Time),
            fmt::format("at most {} device samples per run ({} devices for {} would take {}): "
                        "a sample interval of at least {}",
                        count_text(WorkEstimate::kMaxSamples), spec.devices.size(),
                        common::format_quantity(spec.duration_s, common::Quantity::Time),
                        count_text(work.samples),
                        common::format_quantity(needed, common::Quantity::Time)));
    }
    // One bound at a time: too many requests or samples also means too many bytes, and saying
    // both is a follow-on error.
    else if (work.db_bytes > static_cast<double>(limits_.max_db_bytes)) {
        const bool samples = work.samples * WorkEstimate::kBytesPerSample >
                             work.requests * WorkEstimate::kBytesPerRequest;
        scenarios::SourceLoc at = spec.policy.loc;
        at.line = 1;
        if (samples) {
            at = sample_interval_loc(spec);
        } else if (!spec.workloads.empty()) {
            at = spec.workloads.front().loc;
        }
        add(at, samples ? "record.sample_interval" : "workload",
            samples ? fmt::format("{} device samples ({} devices every {})",
                                  count_text(work.samples), spec.devices.size(),
                                  common::format_quantity(spec.record.sample_interval_s,
                                                          common::Quantity::Time))
                    : fmt::format("{} requests", count_text(work.requests)),
            fmt::format("a run that writes at most {} of results (--max-db-size; the default is "
                        "the smaller of {} and half the free space of the database's folder); "
                        "this one would write about {}{}",
                        bytes_text(static_cast<double>(limits_.max_db_bytes)),
                        bytes_text(static_cast<double>(RunLimits::kDefaultMaxDbBytes)),
                        bytes_text(work.db_bytes), work_overrides(spec)));
    }
    if (work.trace_changes > WorkEstimate::kMaxTraceChanges) {
        for (const auto& l : spec.links)
            if (l.trace) {
                add(l.loc, "links.trace", l.trace->path,
                    fmt::format("traces that change bandwidth at most {} times per run (this "
                                "scenario's traces would change it {} times)",
                                count_text(WorkEstimate::kMaxTraceChanges),
                                count_text(work.trace_changes)));
                break;
            }
    }
    std::stable_sort(errors.begin(), errors.end(), [](const InputError& a, const InputError& b) {
        if (a.file() != b.file()) return a.line() > 0 && b.line() == 0;
        return a.line() < b.line();
    });
    return errors;
}

scenarios::ScenarioSpec ScenarioValidator::load(const std::string& path,
                                                const std::vector<std::string>& overrides,
                                                const std::vector<std::string>& policies) const {
    scenarios::ScenarioSpec spec = scenarios::load(path, overrides);
    auto errors = check(spec, policies);
    if (!errors.empty()) throw scenarios::ScenarioError(std::move(errors));
    return spec;
}

std::vector<scenarios::ScenarioSpec> ScenarioValidator::load_sweep(
    const std::string& path, const std::vector<std::string>& overrides) const {
    const scenarios::ScenarioSpec base = load(path, overrides);
    double count = 1;
    for (const auto& axis : base.sweep) count *= static_cast<double>(axis.values.size());
    if (count > static_cast<double>(kMaxSweepPoints))
        throw scenarios::ScenarioError(
            {InputError(path, base.sweep.empty() ? 1 : base.sweep.front().loc.line, "sweep",
                        fmt::format("{} points", count_text(count)),
                        fmt::format("a sweep of at most {} points (split it into several files)",
                                    kMaxSweepPoints))});
    std::vector<scenarios::ScenarioSpec> points;
    std::vector<InputError> errors;
    const auto cross = scenarios::sweep_points(base);
    for (std::size_t i = 0; i < cross.size() && errors.empty(); ++i) {
        std::vector<std::string> o = overrides;
        o.insert(o.end(), cross[i].begin(), cross[i].end());
        std::string label;
        for (const auto& c : cross[i]) label += (label.empty() ? "" : " ") + c;
        try {
            auto spec = scenarios::load(path, o);
            auto errs = check(spec);
            if (errs.empty()) {
                points.push_back(std::move(spec));
                continue;
            }
            for (const auto& e : errs)
                errors.emplace_back(
                    e.file(), e.line(), e.key(), e.value(),
                    e.expected() + " (in sweep point " + std::to_string(i) + ": " + label + ")");
        } catch (const scenarios::ScenarioError& e) {
            for (const auto& err : e.errors())
                errors.emplace_back(
                    err.file(), err.line(), err.key(), err.value(),
                    err.expected() + " (in sweep point " + std::to_string(i) + ": " + label + ")");
        }
    }
    if (!errors.empty()) throw scenarios::ScenarioError(std::move(errors));
    return points;
}

}  // namespace a2iot::sim
