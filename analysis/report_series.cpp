#include "analysis/report_series.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <set>

namespace a2iot::analysis {

std::string device_group(const std::string& device) {
    const auto dash = device.rfind('-');
    if (dash == std::string::npos || dash == 0 || dash + 1 == device.size()) return device;
    for (std::size_t i = dash + 1; i < device.size(); ++i)
        if (!std::isdigit(static_cast<unsigned char>(device[i]))) return device;
    return device.substr(0, dash);
}

std::vector<CdfPoint> empirical_cdf(const std::vector<double>& sorted, std::size_t max_points) {
    std::vector<CdfPoint> out;
    const std::size_t n = sorted.size();
    if (n == 0) return out;
    const double dn = static_cast<double>(n);
    if (max_points < 2) max_points = 2;
    if (n <= max_points) {
        for (std::size_t i = 0; i < n; ++i)
            out.push_back({sorted[i], static_cast<double>(i + 1) / dn});
        return out;
    }
    // Evenly spaced ranks, first and last included.
    for (std::size_t k = 0; k < max_points; ++k) {
        const std::size_t i = k * (n - 1) / (max_points - 1);
        out.push_back({sorted[i], static_cast<double>(i + 1) / dn});
    }
    return out;
}

std::map<std::string, std::vector<GroupBatteryPoint>> battery_by_group(
    const std::vector<BatterySample>& samples, std::size_t max_bins) {
    std::map<std::string, std::vector<GroupBatteryPoint>> out;
    if (samples.empty()) return out;
    std::set<double> times;
    double t_min = std::numeric_limits<double>::infinity();
    double t_max = -t_min;
    for (const auto& s : samples) {
        times.insert(s.t_s);
        t_min = std::min(t_min, s.t_s);
        t_max = std::max(t_max, s.t_s);
    }
    const bool binned = max_bins > 0 && times.size() > max_bins && t_max > t_min;
    const double width = binned ? (t_max - t_min) / static_cast<double>(max_bins) : 0;
    auto key_of = [&](double t) {
        if (!binned) return t;
        auto b = static_cast<std::size_t>((t - t_min) / width);
        b = std::min(b, max_bins - 1);
        return t_min + static_cast<double>(b) * width;
    };
    struct Acc {
        double sum = 0, min = std::numeric_limits<double>::infinity(), max = -min;
        std::size_t n = 0;
    };
    std::map<std::string, std::map<double, Acc>> acc;
    for (const auto& s : samples) {
        auto& a = acc[device_group(s.device)][key_of(s.t_s)];
        a.sum += s.battery_frac;
        a.min = std::min(a.min, s.battery_frac);
        a.max = std::max(a.max, s.battery_frac);
        ++a.n;
    }
    for (const auto& [group, bins] : acc) {
        auto& v = out[group];
        for (const auto& [t, a] : bins)
            v.push_back({t, a.sum / static_cast<double>(a.n), a.min, a.max});
    }
    return out;
}

std::string choice_label(const std::string& variant, const std::string& split,
                         const std::string& target) {
    std::string s = variant.empty() ? "?" : variant;
    if (!split.empty()) s.append("|").append(split);
    if (!target.empty()) s.append("@").append(target);
    return s;
}

DecisionSeries decision_series(const std::vector<DecisionSample>& decisions, std::size_t max_points,
                               std::size_t max_choices) {
    DecisionSeries out;
    if (decisions.empty()) return out;
    std::map<std::string, std::size_t> freq;
    for (const auto& d : decisions) ++freq[d.choice];
    std::vector<std::pair<std::string, std::size_t>> by_freq(freq.begin(), freq.end());
    std::stable_sort(by_freq.begin(), by_freq.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    if (max_choices < 1) max_choices = 1;
    const bool lump = by_freq.size() > max_choices;
    const std::size_t kept = lump ? max_choices - 1 : by_freq.size();
    std::map<std::string, int> index;
    for (std::size_t i = 0; i < kept; ++i) {
        index[by_freq[i].first] = static_cast<int>(i);
        out.choices.push_back(by_freq[i].first);
    }
    if (lump) out.choices.push_back("other");
    auto idx = [&](const std::string& c) {
        const auto it = index.find(c);
        return it == index.end() ? static_cast<int>(kept) : it->second;
    };

    if (max_points == 0 || decisions.size() <= max_points) {
        for (const auto& d : decisions)
            out.points.push_back({d.t_s, idx(d.choice), d.est_bandwidth_bps});
        std::stable_sort(out.points.begin(), out.points.end(),
                         [](const auto& a, const auto& b) { return a.t_s < b.t_s; });
        return out;
    }
    out.binned = true;
    double t_min = std::numeric_limits<double>::infinity(), t_max = -t_min;
    for (const auto& d : decisions) {
        t_min = std::min(t_min, d.t_s);
        t_max = std::max(t_max, d.t_s);
    }
    const double width = t_max > t_min ? (t_max - t_min) / static_cast<double>(max_points) : 1;
    struct Bin {
        double bw_sum = 0;
        std::size_t n = 0;
        std::map<int, std::size_t> votes;
    };
    std::map<std::size_t, Bin> bins;
    for (const auto& d : decisions) {
        auto b = static_cast<std::size_t>((d.t_s - t_min) / width);
        b = std::min(b, max_points - 1);
        auto& bin = bins[b];
        bin.bw_sum += d.est_bandwidth_bps;
        ++bin.n;
        ++bin.votes[idx(d.choice)];
    }
    for (const auto& [b, bin] : bins) {
        int best = 0;
        std::size_t best_n = 0;
        for (const auto& [c, n] : bin.votes)
            if (n > best_n) {  // ties keep the lower index, i.e. the more frequent choice
                best = c;
                best_n = n;
            }
        out.points.push_back({t_min + static_cast<double>(b) * width, best,
                              bin.bw_sum / static_cast<double>(bin.n)});
    }
    return out;
}

}  // namespace a2iot::analysis
