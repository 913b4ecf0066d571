#pragma once
// A small but realistic results database for report/compare tests: three complete policies on
// one scenario plus one interrupted (`running`) run, with requests, decisions, battery samples
// and events. Deterministic (fixed seed).
#include <cmath>
#include <random>
#include <string>

#include "results/recorder.hpp"

namespace a2iot::analysis::testing {

inline void write_synthetic_runs(const std::string& path, int requests_per_run = 600) {
    results::Recorder rec(path);
    std::mt19937 rng(12345);
    const char* policies[] = {"local", "cloud", "neurosurgeon", "dads"};
    const double median_s[] = {0.180, 0.090, 0.060, 0.050};
    const double energy_j[] = {1.2, 0.3, 0.45, 0.4};
    for (int p = 0; p < 4; ++p) {
        results::RunInfo info;
        info.scenario = "factory-inspection";
        info.policy = policies[p];
        info.seed = 42;
        rec.begin_run(info);
        std::lognormal_distribution<double> lat(std::log(median_s[p]), 0.5);
        const double duration_s = 600;
        for (int i = 0; i < requests_per_run; ++i) {
            results::RequestRow r;
            r.request_id = i;
            r.device = "cam-" + std::to_string(i % 5);
            r.model = "vgg16";
            r.variant = i % 3 ? "base" : "l1-50";
            r.submitted_s = duration_s * i / requests_per_run;
            r.deadline_s = 0.150;
            r.device_energy_j = energy_j[p];
            if (i % 50 == 7) {
                r.status = "failed";
                r.reason = "battery_dead";
            } else {
                r.latency_s = lat(rng);
                r.completed_s = r.submitted_s + *r.latency_s;
                r.status = *r.latency_s <= 0.150 ? "ok" : "deadline_missed";
                r.accuracy = r.variant == "base" ? 0.92 : 0.89;
            }
            r.split = "conv" + std::to_string(1 + i % 4);
            r.target = "edge";
            rec.add(r);
        }
        for (int t = 0; t <= 600; t += 10) {
            for (int d = 0; d < 5; ++d) {
                const double level = std::max(0.0, 0.9 - t * (0.0012 + 0.0003 * d) - 0.05 * p);
                rec.add(results::DeviceSampleRow{static_cast<double>(t), "cam-" + std::to_string(d),
                                                 level, t * 2.0, 2.5, 1,
                                                 level > 0 ? "on" : "dead"});
            }
            for (int d = 0; d < 3; ++d)
                rec.add(results::DeviceSampleRow{static_cast<double>(t),
                                                 "phone-" + std::to_string(d), 0.8 - t * 0.0005,
                                                 t * 1.0, 1.0, 0, "on"});
            rec.add(results::DeviceSampleRow{static_cast<double>(t), "edge", std::nullopt, t * 20.0,
                                             20, 0, "on"});
        }
        for (int t = 1; t < 600; t += 3) {
            const double bw = t < 120 ? 20e6 : (t < 400 ? 2e6 : 12e6);
            results::DecisionRow d;
            d.t_s = t;
            d.device = "cam-" + std::to_string(t % 5);
            d.policy = policies[p];
            d.variant = bw < 5e6 ? "l1-50" : "base";
            d.split = bw < 5e6 ? "conv5" : "conv2";
            d.target = "edge";
            d.est_bandwidth_bps = bw * (0.9 + 0.2 * (t % 7) / 7.0);
            d.battery_frac = 0.8;
            rec.add(d);
        }
        rec.add(results::EventRow{120, "link", "cam->edge", "bandwidth=2Mbps"});
        rec.add(results::EventRow{400, "link", "cam->edge", "bandwidth=12Mbps"});
        rec.add(results::EventRow{300, "battery_dead", "cam-4", ""});
        rec.add(results::EventRow{300, "battery_dead", "cam-3", ""});
        if (p == 3) {
            rec.flush();  // interrupted: stays `running`
            return;
        }
        rec.finish_run("complete", 600, 0.5 + p);
    }
}

}  // namespace a2iot::analysis::testing
